"""One pass over a page's content streams: the characters, rules, boxes and images it draws.

pdfminer's interpreter does the drawing state (its operators, fonts, colour spaces, form
XObjects), so positions and texts are the ones pdfminer (and pdfplumber on top of it) reports;
what it spends most of its time on is replaced: its byte-at-a-time lexer by one regular
expression over the stream, and its layout objects by plain tuples made as the page is drawn.
"""
from __future__ import annotations

import math
import re
from typing import Any, NamedTuple

from pdfminer.pdfdevice import PDFTextDevice
from pdfminer.pdffont import PDFUnicodeNotDefined
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdftypes import LITERALS_ASCII85_DECODE, PDFStream, resolve1, stream_value
from pdfminer.psexceptions import PSSyntaxError
from pdfminer.psparser import KWD, LIT, PSKeyword, PSLiteral, literal_name
from pdfminer.utils import apply_matrix_pt, apply_matrix_rect, choplist, mult_matrix


class Char(NamedTuple):
    """A character as the checks read it (pdfplumber's names; `top`/`bottom` from the paper's
    top; `matrix` its text matrix, [5] the baseline)."""
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    matrix: tuple[float, ...]
    upright: bool
    fontname: str
    non_stroking_color: tuple[float, ...] | None


_new = tuple.__new__  # (a Char made by it, not by its NamedTuple's __new__, a Python call a tenth of reading's time)


class Shape(NamedTuple):
    """A rule, a rectangle or an image's box (`y0`/`y1` from the paper's bottom)."""
    x0: float
    x1: float
    top: float
    bottom: float
    y0: float
    y1: float
    width: float
    height: float
    linewidth: float = 0.0
    stroking_color: tuple[float, ...] | None = None
    non_stroking_color: tuple[float, ...] | None = None


class Page(NamedTuple):
    """What the checks read of one page, in the order it is drawn."""
    number: int
    width: float
    height: float
    chars: list[Char]
    lines: list[Shape]
    rects: list[Shape]
    images: list[Shape]


def finite(values) -> list[float] | None:
    """The values as floats when all are finite numbers of a sane size (NaN fails the test)."""
    result = []
    for value in values:
        if not isinstance(value, (int, float)) or not -1e7 < value < 1e7:
            return None
        result.append(float(value))
    return result


def _sane(*values: float) -> bool:
    """Finite values of a sane size (NaN fails the test); for numbers pdfminer computed."""
    for value in values:
        if not -1e7 < value < 1e7:
            return False
    return True


def colour(value) -> tuple[float, ...] | None:
    """A colour as numbers, or None (a pattern, a name, nothing)."""
    numbers = finite(value if isinstance(value, (tuple, list)) else (value,))
    return tuple(numbers) if numbers else None


class Shared:
    """What the pages of one document share: each face's (vertical, descent, name, {cid: (text,
    width)}), the colours as numbers, and one string for each character's text (a long document
    holds a few thousand, drawn a few hundred thousand times), and the operands of each
    statement's numbers as written (the 442-page edition writes 1,410 of them 115,123 times)."""

    def __init__(self) -> None:
        self.faces: dict[Any, tuple[bool, float, str, dict[int, tuple[str, float]]]] = {}
        self.colours: dict[Any, tuple[float, ...] | None] = {}
        self.texts: dict[str, str] = {}
        self.numbers: dict[bytes, tuple[int | float, ...]] = {}


def draw(page, number: int, resources: PDFResourceManager, shared: Shared) -> Page:
    """What `page` (a pdfminer PDFPage), the document's `number`th, draws."""
    box = resolve1(page.attrs.get("MediaBox"))
    if not all(isinstance(value, (int, float)) for value in box):
        raise ValueError("MediaBox")
    x0, x1 = sorted((box[0], box[2]))
    y0, y1 = sorted((box[1], box[3]))
    if (resolve1(page.attrs.get("Rotate")) or 0) % 360 in (90, 270):
        x0, y0, x1, y1 = y0, x0, y1, x1
    # pdfplumber's frame: its height from the MediaBox, x moved by its left edge, `top` by
    # where its upper edge lies, upside down
    device = _Device(resources, y1 - y0, (y1 - y0) - y1, x0, shared)
    _Interpreter(resources, device).process_page(page)
    width, height = finite((x1 - x0, y1 - y0)) or (0.0, 0.0)
    return Page(number, width, height, device.chars, device.lines, device.rects, device.images)


class _Device(PDFTextDevice):
    """Collects what is drawn as Char and Shape tuples, with the coordinates pdfplumber gives."""

    def __init__(self, resources: PDFResourceManager, height: float, top: float, left: float, shared: Shared):
        super().__init__(resources)
        self.height, self.top, self.left = height, top, left
        self.chars: list[Char] = []
        self.lines: list[Shape] = []
        self.rects: list[Shape] = []
        self.images: list[Shape] = []
        self.figures: list[tuple[float, float, float, float]] = []
        self.faces, self.colours, self.texts, self.numbers = shared.faces, shared.colours, shared.texts, shared.numbers

    def _shape(self, x0: float, y0: float, x1: float, y1: float, linewidth: float = 0.0,
               stroking=None, non_stroking=None) -> Shape | None:
        """The box in pdfplumber's coordinates, or None when not finite."""
        if self.left != 0:
            x0, x1 = x0 + self.left, x1 + self.left
        top, bottom = (self.height - y1) + self.top, (self.height - y0) + self.top
        if not _sane(x0, x1, top, bottom, y0, y1):
            return None
        return Shape(x0, x1, top, bottom, y0, y1, x1 - x0, bottom - top, linewidth, stroking, non_stroking)

    def _colour(self, value) -> tuple[float, ...] | None:
        try:
            return self.colours[value]
        except KeyError:
            result = self.colours[value] = colour(value)
            return result
        except TypeError:  # (unhashable: a list)
            return colour(value)

    def _face(self, font) -> tuple[bool, float, str, dict[int, tuple[str, float]]]:
        face = self.faces.get(font)
        if face is None:
            name = font.fontname
            face = self.faces[font] = (font.is_vertical(), font.get_descent(),
                                       str((name.decode("latin-1") if isinstance(name, bytes) else name) or "?"), {})
        return face

    def _glyph(self, font, cid: int, glyphs: dict[int, tuple[str, float]]) -> tuple[str, float]:
        """The text and width of a character code, read once a font."""
        try:
            text = font.to_unichr(cid)
        except PDFUnicodeNotDefined:
            text = ""
        text = text if len(text) == 1 else "\ufffd"
        glyph = glyphs[cid] = (self.texts.setdefault(text, text), font.char_width(cid))
        return glyph

    def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate) -> float:
        """pdfminer's LTChar, made a Char (its box computed the same way, to the last bit)."""
        vertical, descent, name, glyphs = self._face(font)
        text, width = glyphs.get(cid) or self._glyph(font, cid, glyphs)
        adv = width * fontsize * scaling
        if vertical:
            vx, vy = font.char_disp(cid)
            vx = fontsize * 0.5 if vx is None else vx * fontsize * 0.001
            vy = (1000 - vy) * fontsize * 0.001
            bbox = (-vx, vy + rise + adv, -vx + fontsize, vy + rise)
        else:
            low = descent * fontsize + rise
            bbox = (0, low, adv, low + fontsize)
        a, b, c, d, e, f = matrix
        if b == 0 and c == 0:  # upright or mirrored: two corners tell the box (apply_matrix_rect's sums)
            x0, x1 = a * bbox[0] + e, a * bbox[2] + e
            y0, y1 = d * bbox[1] + f, d * bbox[3] + f
        else:
            x0, y0, x1, y1 = apply_matrix_rect(matrix, bbox)
        if x1 < x0:
            x0, x1 = x1, x0
        if y1 < y0:
            y0, y1 = y1, y0
        size = x1 - x0 if vertical else y1 - y0
        if self.left != 0:
            x0, x1 = x0 + self.left, x1 + self.left
        top, bottom = (self.height - y1) + self.top, (self.height - y0) + self.top
        # finite and of a sane size, as _sane tests, written out (this runs for every character;
        # of an ordered pair the ends tell; NaN fails every comparison)
        if (0 < size < 1e7 and -1e7 < x0 <= x1 < 1e7 and -1e7 < y0 <= y1 < 1e7 and -1e7 < top <= bottom < 1e7
                and -1e7 < a < 1e7 and -1e7 < b < 1e7 and -1e7 < c < 1e7 and -1e7 < d < 1e7 and -1e7 < e < 1e7
                and -1e7 < f < 1e7):
            self.chars.append(Char(text, x0, x1, top, bottom, size, matrix,
                                   a * d * scaling > 0 and b * c <= 0, name, self._colour(graphicstate.ncolor)))
        return adv

    def render_string(self, textstate, seq, ncs, graphicstate) -> None:
        """pdfminer's, its sums unchanged; vertical text is left to it, horizontal text is drawn here
        with its render_string_horizontal written in (a string is four characters on the average:
        the calls between, its mult_matrix among them, were 185 M of the 15.9 G instructions of
        checking the 442-page edition), and in that its translate_matrix, and for an upright
        matrix (b = c = 0: all text but a landscape table's) render_char's too: of its sums, what
        one string shares is done once, what one baseline shares once a baseline (the call and
        the repeated sums were half the time of reading a page)."""
        font = textstate.font
        vertical, descent, name, glyphs = self._face(font)
        if vertical:
            super().render_string(textstate, seq, ncs, graphicstate)
            return
        assert self.ctm is not None
        ta, tb, tc, td, te, tf = textstate.matrix  # (mult_matrix(textstate.matrix, self.ctm))
        ca, cb, cc, cd, ce, cf = self.ctm
        a, b, c, d = ca * ta + cc * tb, cb * ta + cd * tb, ca * tc + cc * td, cb * tc + cd * td
        e, f = ca * te + cc * tf + ce, cb * te + cd * tf + cf
        fontsize, rise = textstate.fontsize, textstate.rise
        scaling = textstate.scaling * 0.01
        charspace = textstate.charspace * scaling
        wordspace = 0 if font.is_multibyte() else textstate.wordspace * scaling
        dxscale = 0.001 * fontsize * scaling
        x, y = textstate.linematrix
        plain = b == 0 and c == 0
        if plain:
            yc, yd, a0 = y * c, y * d, a * 0
            low = descent * fontsize + rise
            dlow, dhigh = d * low, d * (low + fontsize)
            upright = a * d * scaling > 0 and b * c <= 0
            shade = self._colour(graphicstate.ncolor)
            height, top_, left, chars = self.height, self.top, self.left, self.chars
            sane = -1e7 < a < 1e7 and -1e7 < b < 1e7 and -1e7 < c < 1e7 and -1e7 < d < 1e7
            baseline = level = top = bottom = size = math.nan  # (NaN: no baseline yet)
        needcharspace = False
        for obj in seq:
            if isinstance(obj, (int, float)):
                x -= obj * dxscale
                needcharspace = True
            elif isinstance(obj, bytes):
                for cid in font.decode(obj):
                    if needcharspace:
                        x += charspace
                    if plain:
                        text, width = glyphs.get(cid) or self._glyph(font, cid, glyphs)
                        adv = width * fontsize * scaling
                        e_, f_ = x * a + yc + e, x * b + yd + f
                        if f_ != baseline or f_ == 0:  # (equal floats but zeros are the same number)
                            y0, y1 = dlow + f_, dhigh + f_
                            if y1 < y0:
                                y0, y1 = y1, y0
                            size = y1 - y0
                            top, bottom = (height - y1) + top_, (height - y0) + top_
                            level = (sane and 0 < size < 1e7 and -1e7 < y0 <= y1 < 1e7 and -1e7 < top <= bottom < 1e7
                                     and -1e7 < f_ < 1e7)
                            baseline = f_
                        x0, x1 = a0 + e_, a * adv + e_
                        if x1 < x0:
                            x0, x1 = x1, x0
                        if left != 0:
                            x0, x1 = x0 + left, x1 + left
                        if level and -1e7 < x0 <= x1 < 1e7 and -1e7 < e_ < 1e7:
                            chars.append(_new(Char, (text, x0, x1, top, bottom, size, (a, b, c, d, e_, f_), upright,
                                                     name, shade)))
                        x += adv
                    else:
                        x += self.render_char((a, b, c, d, x * a + y * c + e, x * b + y * d + f), font, fontsize,
                                              scaling, rise, cid, ncs, graphicstate)
                    if cid == 32 and wordspace:
                        x += wordspace
                    needcharspace = True
        textstate.linematrix = (x, y)

    def paint_path(self, gstate, stroke, fill, evenodd, path) -> None:
        """Lines and axis-parallel rectangles, told apart as pdfminer does (curves are not kept)."""
        shape = "".join(x[0] for x in path)
        if shape[:1] != "m":
            return
        if shape.count("m") > 1:
            for m in re.finditer(r"m[^m]+", shape):
                self.paint_path(gstate, stroke, fill, evenodd, path[m.start(0):m.end(0)])
            return
        assert self.ctm is not None  # (set by the interpreter before anything is drawn)
        pts = [apply_matrix_pt(self.ctm, p[-2:] if p[0] != "h" else path[0][-2:]) for p in path]
        if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
            shape = shape[:-2] + "h"
            pts.pop()
        if shape in {"mlh", "ml"}:
            target, corners = self.lines, pts[:2]
        elif shape in {"mlllh", "mllll"}:
            (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
            square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
            if pts[0] != pts[4] or not square:
                return
            target, corners = self.rects, [(x0, y0), (x2, y0), (x2, y2), (x0, y2)]
        else:
            return
        xs, ys = [p[0] for p in corners], [p[1] for p in corners]
        shape_ = self._shape(min(xs), min(ys), max(xs), max(ys), (finite((gstate.linewidth,)) or [0.0])[0],
                             colour(gstate.scolor), colour(gstate.ncolor))
        if shape_ is not None:
            target.append(shape_)

    def begin_figure(self, name, bbox, matrix) -> None:
        x, y, w, h = bbox
        assert self.ctm is not None
        self.figures.append(apply_matrix_rect(mult_matrix(matrix, self.ctm), (x, y, x + w, y + h)))

    def end_figure(self, name) -> None:
        self.figures.pop()

    def render_image(self, name, stream) -> None:
        box = self._shape(*self.figures[-1])
        if box is not None:
            self.images.append(box)


# pdfminer's lexer (psparser.PSBaseParser) as one expression: a comment, a name, a number, a
# keyword (a letter and what follows), the start of a string, a dictionary's brackets, a hex
# string (its closing bracket is read as a lone `>`, which is dropped), or any other byte.
# First, three statements read whole, operands and operator (the operator not ID, whose data
# follows it): up to six plain numbers (Tc, Td, Tm, cm, re, k...), an even hex string (Tj)
# and a name and a number (Tf), blank-separated. A PDF briefing writes is nearly all of these,
# and a statement read at once takes half the time of its tokens one by one; what they do
# not match exactly (a comment between, an odd hex digit, a long number) is read token by token.
_OPERATOR = rb"(?!ID\b)[A-Za-z][^#/%\[\]()<>{}\s]*"
_NUMBER = rb"[-+]?(?:[0-9]{1,20}(?:\.[0-9]*)?|\.[0-9]+)"  # (int() refuses 4,300 digits and more)
_TOKEN = re.compile(rb"""
    (?: [\s\x00]+ | %%[^\r\n]* )*
    (?: (?P<numbers>(?:%(number)s\s+){1,6})(?P<operator>%(operator)s)
  | <(?P<shown>(?:[0-9A-Fa-f]{2})*)>\s*(?P<shows>%(operator)s)
  | /(?P<font>[^/%%\[\]()<>{}\s]*)\s+(?P<fontsize>%(number)s)\s+(?P<sets>%(operator)s)
  | /(?P<name>[^/%%\[\]()<>{}\s]*)
  | (?P<number>[-+0-9][0-9]*(?:\.[0-9]*)? | \.[0-9]*)
  | (?P<keyword>[A-Za-z][^#/%%\[\]()<>{}\s]*)
  | (?P<string>\()
  | (?P<dict><<|>>)
  | <(?P<hex>[0-9A-Fa-f\s]*)
  | (?P<other>.) )?
""" % {b"number": _NUMBER, b"operator": _OPERATOR}, re.VERBOSE | re.DOTALL)
_STATEMENTS = frozenset(("operator", "shows", "sets"))
# the statements' numbers a document keeps read (Shared.numbers): a long edition writes 1,410 different
# ones; a hostile stream of millions is not to cost a few hundred bytes of memory each
_NUMBERS_KEPT = 1 << 14
_NAME_HEX = re.compile(rb"#([0-9A-Fa-f]{0,2})")
_HEX_PAIR = re.compile(rb"[0-9a-fA-F]{2}|.", re.DOTALL)
_SPACE = re.compile(rb"\s")
_STRING_END = re.compile(rb"[()\\]")
_ESCAPES = {ord("b"): 8, ord("t"): 9, ord("n"): 10, ord("f"): 12, ord("r"): 13, ord("("): 40, ord(")"): 41,
            ord("\\"): 92}
_OCTAL = b"01234567"
_ARRAY_BEGIN, _ARRAY_END, _PROC_BEGIN, _PROC_END = KWD(b"["), KWD(b"]"), KWD(b"{"), KWD(b"}")
_BI, _ID, _EI = KWD(b"BI"), KWD(b"ID"), KWD(b"EI")


def _number(text: bytes) -> int | float:
    return float(text) if b"." in text else int(text)


def _name(raw: bytes) -> PSLiteral:
    if b"#" in raw:
        raw = _NAME_HEX.sub(lambda m: bytes((int(m.group(1), 16),)) if m.group(1) else b"", raw)
    try:
        return LIT(str(raw, "utf-8"))
    except UnicodeDecodeError:
        return LIT(raw)


def _string(data: bytes, at: int) -> tuple[bytes | None, int]:
    """The literal string whose `(` ends at `at`, unescaped as pdfminer does, and where it ends
    (None: the stream ends in it, which ends pdfminer's reading of the page)."""
    parts, depth = [], 1
    while True:
        m = _STRING_END.search(data, at)
        if m is None:
            return None, len(data)
        j = m.start()
        parts.append(data[at:j])
        c = data[j]
        at = j + 1
        if c == 0x5C:  # backslash
            digits = b""
            while at < len(data) and data[at] in _OCTAL and len(digits) < 3:
                digits += data[at:at + 1]
                at += 1
            if digits:
                code = int(digits, 8)
                if code >= 256:
                    raise PSSyntaxError("invalid octal escape")
                parts.append(bytes((code,)))
            elif at < len(data):
                c = data[at]
                if c in _ESCAPES:
                    parts.append(bytes((_ESCAPES[c],)))
                elif c == 0x0D and data[at + 1:at + 2] == b"\n":
                    at += 1
                at += 1
        elif c == 0x28:
            depth += 1
            parts.append(b"(")
        else:
            depth -= 1
            if not depth:
                return b"".join(parts), at
            parts.append(b")")


def _inline_data(data: bytes, at: int, end: bytes) -> tuple[bytes | None, int]:
    """An inline image's data from `at` to `end` and a blank after it (pdfminer's reading);
    None when the stream ends first."""
    i, start = at, at
    while True:
        j = data.find(end, i)
        if j < 0:
            return None, len(data)
        after = j + len(end)
        if after < len(data) and data[after:after + 1].isspace():
            chunk = data[start:j]
            return re.sub(rb"(\x0d\x0a|[\x0d\x0a])$", b"", chunk), after + 1
        i = j + 1


class _Interpreter(PDFPageInterpreter):
    """pdfminer's interpreter with its tokens read by `_TOKEN`; the operators are its own."""

    def pop(self, n: int) -> list:
        """pdfminer's (its colour operators call it too), taking the operands off in place."""
        if n == 0:
            return []
        args = self.argstack[-n:]
        del self.argstack[-n:]
        return args

    def execute(self, streams) -> None:
        valid = []
        self.stream_ids.clear()
        for obj in streams:
            stream = stream_value(obj)
            if stream.objid is None or stream.objid in self.parent_stream_ids:
                continue  # (pdfminer's guard against a form that draws itself)
            valid.append(stream)
            self.stream_ids.add(stream.objid)
        data = b"\n".join(stream.get_data() for stream in valid)  # streams divide between tokens
        assert isinstance(self.device, _Device)
        numbers = self.device.numbers  # (statements' operands, read once a document: see Shared)
        operators: dict[bytes, tuple[Any, int]] = {}
        keywords: dict[bytes, Any] = {}
        context: list[tuple[str | None, list]] = []
        kind: str | None = None  # the open array ("a"), dictionary ("d"), procedure ("p") or inline image
        stack: list[Any] = []  # its objects so far
        stacked = self.argstack  # (one list throughout: operands are taken off it in place, see pop)
        push = stacked.append
        match = _TOKEN.match
        at, size = 0, len(data)
        while at < size:
            m = match(data, at)
            at = m.end()  # type: ignore[union-attr]  # (the expression matches anywhere)
            group = m.lastgroup  # type: ignore[union-attr]
            token: Any
            if group == "number":
                text = m.group(group)  # type: ignore[union-attr]
                try:
                    token = _number(text)
                except ValueError:
                    continue
            elif group == "keyword" or group in _STATEMENTS:
                if group != "keyword":  # its operands first
                    found = m.group  # type: ignore[union-attr]
                    if group == "operator":
                        text = found("numbers")
                        operands: tuple[Any, ...] | None = numbers.get(text)
                        if operands is None:
                            operands = tuple(map(_number, text.split()))
                            if len(numbers) < _NUMBERS_KEPT:
                                numbers[text] = operands
                    else:
                        operands = ((bytes.fromhex(found("shown").decode()),) if group == "shows" else
                                    (_name(found("font")), _number(found("fontsize"))))
                    (stack if kind is not None else stacked).extend(operands)
                text = m.group(group)  # type: ignore[union-attr]
                token = keywords.get(text)
                if token is None:
                    token = keywords[text] = True if text == b"true" else False if text == b"false" else KWD(text)
            elif group == "hex":
                text = m.group(group)  # type: ignore[union-attr]
                try:
                    token = bytes.fromhex(text.decode())
                except ValueError:  # an odd digit: pdfminer reads it alone
                    token = _HEX_PAIR.sub(lambda p: bytes((int(p.group(0), 16),)), _SPACE.sub(b"", text))
            elif group == "name":
                token = _name(m.group(group))  # type: ignore[union-attr]
            elif group == "string":
                token, at = _string(data, at)
                if token is None:
                    return
            elif group == "dict":
                if m.group(group) == b"<<":  # type: ignore[union-attr]
                    context.append((kind, stack))
                    kind, stack = "d", []
                    continue
                if kind != "d":
                    continue
                if len(stack) % 2:
                    raise PSSyntaxError("invalid dictionary")
                token = {literal_name(k): v for k, v in choplist(2, stack) if v is not None}
                kind, stack = context.pop()
            elif group == "other":
                c = m.group(group)  # type: ignore[union-attr]
                if c == b">":
                    continue
                token = KWD(c)
                if token is _ARRAY_BEGIN or token is _PROC_BEGIN:
                    context.append((kind, stack))
                    kind, stack = "a" if token is _ARRAY_BEGIN else "p", []
                    continue
                if token is _ARRAY_END or token is _PROC_END:
                    if kind != ("a" if token is _ARRAY_END else "p"):
                        continue
                    token = stack
                    kind, stack = context.pop()
            else:
                continue  # blanks and comments at the end
            if token.__class__ is PSKeyword:
                if token is _BI:
                    context.append((kind, stack))
                    kind, stack = "inline", []
                    continue
                if token is _ID:
                    if kind != "inline":
                        continue
                    if len(stack) % 2:
                        raise PSSyntaxError("invalid inline image dictionary")
                    entries = {literal_name(k): resolve1(v) for k, v in choplist(2, stack)}
                    kind, stack = context.pop()
                    filters = entries.get("F")
                    if isinstance(filters, PSLiteral):
                        filters = [filters]
                    end = b"~>" if filters is not None and filters[0] in LITERALS_ASCII85_DECODE else b"EI"
                    image, at = _inline_data(data, m.start() + len(b"ID "), end)  # type: ignore[union-attr]
                    if image is None:
                        return
                    token = PDFStream(entries, image + (b"" if end == b"EI" else end))
                    if kind is not None:
                        stack.append(token)
                    else:
                        push(token)
                    if end != b"EI":
                        continue
                    token = _EI
                if kind is not None:
                    stack.append(token)
                    continue
                operator = operators.get(token.name)
                if operator is None:
                    operator = operators[token.name] = self._operator(token.name)
                method, count = operator
                if method is None:
                    continue  # not an operator: dropped, as pdfminer does
                if count:
                    args = stacked[-count:]
                    del stacked[-count:]
                    if len(args) == count:
                        method(*args)
                else:
                    method()
            elif kind is not None:
                stack.append(token)
            else:
                push(token)

    def do_TJ(self, seq) -> None:
        """pdfminer's, without its copy of the graphic state for each string (the characters
        take their colour as they are drawn)."""
        if self.textstate.font is None:
            super().do_TJ(seq)
            return
        assert self.device is not None
        self.device.render_string(self.textstate, seq, self.graphicstate.ncs, self.graphicstate)

    def _operator(self, name: bytes) -> tuple[Any, int]:
        """The bound method of the operator `name` and how many operands it takes."""
        text = name.decode("latin-1") if isinstance(name, bytes) else str(name)
        method = getattr(self, "do_" + text.replace("*", "_a").replace('"', "_w").replace("'", "_q"), None)
        return (method, method.__code__.co_argcount - 1) if method is not None else (None, 0)
