"""Write the document as DOCX: the editable file offices hand in, set up like a careful
office's 公文 template and laid out to the same page plan as the PDF.

The text flows (the reader's word processor breaks lines and pages), so positions are
given the way Word keeps them:
- Every paragraph has an exact line height, and a line of exact height H carries its
  baseline 0.8 H below its top (LibreOffice's rule for Word's "exactly"). The top margin
  is therefore set SHIFT above the 版心's 37 mm, which puts each body line's baseline
  where the grid of GB/T 9704 has it; the page setup declares the 22-line grid.
- Page 1's 版头 lines stand in text boxes and its red rules as lines where the plan puts
  them; the title and the 主送 follow at the plan's baselines (space before each).
- The body is styled paragraphs (headings as Word headings 1–4, so the navigation pane
  lists them); figure cards as tables, the chart as a picture drawn from the same plan,
  tables as Word tables with repeated header rows.
- The closing (附件说明, 署名, 成文日期, 附注…) keeps the plan's indents and blank lines;
  seals are anchored to their paragraph. The 版记 is a text box and lines at the plan's place
  on its page; page numbers are PAGE fields in odd and even footers.
Fonts are named as offices have them (仿宋_GB2312, 方正小标宋简体…); the bundled faces are
embedded as subsets under those names, so a machine without them shows ours.
"""
from __future__ import annotations

import calendar
import io
import itertools
import math
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Iterable, Sequence


from .. import geometry
from ..compose import (BodyBlock, Card, CardRow, ChartBlock, Document, ImageBlock, PageBreakBlock, Panel, TableBlock,
                       TextBlock, folio)
from ..fonts import CJK_ROLES, FACE_PREFIX, Face, FontSet
from ..metrics import FontMetrics
from ..pageplan.figures import ChartFigure, CardRowFigure, ImageFigure, LABEL, NOTE, PanelFigure, SMALL, UNIT, VALUE
from ..pageplan.head import DRAFT, folio_line
from ..pageplan.items import GlyphRun, PagePlan, Picture, Rule, TextLine, characters_by_font
from ..pageplan.table import CELL_TEXT, KEPT_LINES, PAD, TableFigure
from ..roles import FontRole
from ..typeset import LATIN_WORD, Style
from .subset import subset_fonts
from .ooxml import HEADER, Package, Relationships, attr, font_key, obfuscate, text
from ..pageplan.book import Book, Info, PlacedFigure
from .pdf import write_pdf

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NAMESPACES = (f'xmlns:w="{W}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
              'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
              'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
              'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" '
              'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"')
MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml"

PT = 20  # twips per point
EMU = 12700  # English metric units per point
BASELINE_SHARE = 0.8  # of an exact line's height, above the baseline
LINE = round(geometry.GRID.pitch * PT)  # 579 twips: the grid's pitch
SHIFT = BASELINE_SHARE * geometry.GRID.pitch - geometry.GRID.ascent * geometry.BODY_SIZE  # 9.08 pt
TOP_MARGIN = round((geometry.PAGE_HEIGHT - geometry.TOP - SHIFT) * PT)
# The text area holds the 22 lines exactly: LibreOffice centres its document grid in the text
# area, so any spare height would move every line down by half of it.
BOTTOM_MARGIN = round(geometry.PAGE_HEIGHT * PT) - TOP_MARGIN - geometry.LINES_PER_PAGE * LINE
# 28 characters of 三号 in the 156 mm line: each set 0.2 pt closer, the smallest step the
# format has. (The page setup declares the 22-line grid but no character grid: given one,
# LibreOffice sets 27 characters a line whatever the pitch.)
# LibreOffice fits a line's last character at its full width, so the text area is 27 × 15.8
# + 16 pt, 0.12 mm wider than 156 mm: full lines end within 0.4 pt of the 版心's edge.
BODY_TRACKING = -4  # twentieths of a point
BODY_PITCH = geometry.BODY_SIZE + BODY_TRACKING / PT  # 15.8 pt
# The body is set with its characters closer still, and justified to the text area: the Book
# compresses punctuation (and sets some paragraphs tight) where LibreOffice compresses nothing
# (7.4 ignores w:characterSpacingControl and a run's spacing on marks), so at the 28 characters'
# tracking its lines hold fewer characters and its pages run long. At −0.7 pt a line still
# holds 28 characters, never 29 (28 × 15.3 + 16 > the text area); the slack takes in the marks.
SET_TRACKING = -14
TEXT_WIDTH = round(((geometry.CHARS_PER_LINE - 1) * BODY_PITCH + geometry.BODY_SIZE) * PT)  # 8852 twips
# The text area is centred on the 版心: 0.2 pt more each side.
LEFT_MARGIN = round(geometry.LEFT * PT - (TEXT_WIDTH - geometry.WIDTH * PT) / 2)
RIGHT_MARGIN = round(geometry.PAGE_WIDTH * PT) - LEFT_MARGIN - TEXT_WIDTH
WIDER = round(geometry.RIGHT * PT) - LEFT_MARGIN - TEXT_WIDTH  # (negative) what right-aligned lines keep in
INDENT = round(2 * BODY_PITCH * PT)  # 2 characters: paragraphs and headings

# The names offices' templates give the faces of GB/T 9704, and the Latin faces beside them.
OFFICE_FONTS = {"fangsong": "仿宋_GB2312", "heiti": "黑体", "kaiti": "楷体_GB2312",
                "xiaobiaosong": "方正小标宋简体", "songti": "宋体"}
ALTERNATE_NAMES = {"仿宋_GB2312": "仿宋", "楷体_GB2312": "楷体", "方正小标宋简体": "FZXiaoBiaoSong-B05S",
                   "黑体": "SimHei", "宋体": "SimSun"}
LATIN_FONTS = {"fangsong": "Times New Roman", "kaiti": "Times New Roman", "songti": "宋体",
               "xiaobiaosong": "Times New Roman", "heiti": "Arial"}
EMBEDDED_AS = {"latin": ("Times New Roman", False), "latin_bold": ("Times New Roman", True),
               "latin_sans": ("Arial", False),
               **{role: (name, False) for role, name in OFFICE_FONTS.items()}}
_LATIN_WORD = re.compile(LATIN_WORD)

HEAD_ROLES = ("份号", "密级和保密期限", "紧急程度", "发文机关标志", "发文字号", "签发人")
CLOSING_ROLES = ("附件说明", "出席人员", "发文机关署名", "成文日期", "附注")
IMPRINT_ROLES = ("抄送机关", "印发机关", "印发日期")


def _in_imprint(line: TextLine) -> bool:
    """A 版记 line: its own roles, or a 主送 moved there (§7.3.2), set in the 版记's size."""
    return line.role in IMPRINT_ROLES or (line.role == "主送机关" and line.runs[0].size == geometry.IMPRINT_SIZE)
FRAME_RULE = 6  # eighths of a point: a card's border
BREAK_LINE = 20  # twips: the paragraph that carries a page break before a figure
STYLE_OF_LEVEL = {1: "Heading1", 2: "Heading2", 3: "Heading3", 4: "Heading4"}


def tw(points: float) -> int:
    return round(points * PT)


def depth(y: float) -> float:
    """A plan's height from the page bottom as depth from the page top (Word's direction)."""
    return geometry.PAGE_HEIGHT - y


def rgb(colour: tuple[float, float, float, float]) -> str:
    c, m, y, k = colour
    return "".join(f"{round(255 * (1 - v) * (1 - k)):02X}" for v in (c, m, y))


# --- runs and paragraphs -------------------------------------------------------------------

def _fonts_xml(latin: str, chinese: str) -> str:
    return (f"<w:rFonts w:ascii={attr(latin)} w:hAnsi={attr(latin)} w:eastAsia={attr(chinese)} w:cs={attr(latin)} "
            'w:hint="eastAsia"/>')


def run(value: str, fonts: str = "", size: float | None = None, colour: str | None = None,
        bold: bool = False, scale: int = 100) -> str:
    """A run of text (tabs and line breaks as Word's); `fonts` an rFonts element where the
    faces differ from the paragraph style's; `scale` its characters' width in per cent."""
    props = fonts
    if bold:
        props += "<w:b/><w:bCs/>"
    if colour is not None:
        props += f"<w:color w:val={attr(colour)}/>"
    if scale != 100:
        props += f"<w:w w:val={attr(scale)}/>"
    if size is not None:
        props += f"<w:sz w:val={attr(round(size * 2))}/><w:szCs w:val={attr(round(size * 2))}/>"
    parts = re.split(r"(\t|\n)", value)
    body = "".join("<w:tab/>" if part == "\t" else "<w:br/>" if part == "\n" else
                   f'<w:t xml:space="preserve">{text(part)}</w:t>' for part in parts if part)
    return f"<w:r>{f'<w:rPr>{props}</w:rPr>' if props else ''}{body}</w:r>"


def _pieces(value: str, face: Face) -> Iterable[tuple[str, str]]:
    """(kind, text): "latin" for the words the typesetter sets in a Latin face, "fallback" for
    characters the role's `face` lacks (the typesetter sets them in the fallback face), "wide"
    for other characters below the CJK blocks (×, “”, —, …), which it sets in the Chinese face
    but a word processor would give the Latin one, "cjk" for the rest."""
    at = 0
    for match in _LATIN_WORD.finditer(value):
        yield from _other(value[at:match.start()], face)
        yield "latin", match.group()
        at = match.end()
    yield from _other(value[at:], face)


def _other(value: str, face: Face) -> Iterable[tuple[str, str]]:
    def kind(c: str) -> str:
        if c.isspace():
            return "cjk"
        return "fallback" if not face.has(c) else "wide" if ord(c) < 0x2E80 else "cjk"
    for name, piece in itertools.groupby(value, kind):
        yield name, "".join(piece)


def fallback_name(fonts: FontSet) -> str:
    """The fallback face's family name: the DOCX names it so, and embeds it under that name."""
    family = fonts.face("fallback").font.face.familyName
    return family.decode("utf-8", "replace") if isinstance(family, bytes) else str(family)


def _cell_lines(cells: list) -> list[str]:
    """Each table cell's text as the layout breaks it into lines (a line break between them)."""
    return ["\n".join(line.text for line in cell.lines) for cell in cells]


def role_runs(value: str, role: str, style_role: str, fonts: FontSet, size: float | None = None,
              colour: str | None = None, scales: Sequence[int] = ()) -> str:
    """Runs of `value` in the faces the PDF gives it: the role's Chinese face, its Latin face
    for Latin words (in bold for the 小标宋 role: a bold run would thicken the Chinese too), the
    Chinese face for the other characters a word processor would set in the Latin one, and the
    fallback face for the characters the role's face lacks. `scales`, if given, is each
    character's width in per cent (the Book's compressed marks)."""
    result = ""
    at = 0
    for kind, piece in _pieces(value, fonts.face(role)):
        if kind == "fallback":
            faces = _fonts_xml(fallback_name(fonts), fallback_name(fonts))
        elif kind == "wide":
            faces = _fonts_xml(OFFICE_FONTS[role], OFFICE_FONTS[role])
        else:
            faces = _fonts_xml(LATIN_FONTS[role], OFFICE_FONTS[role]) if role != style_role else ""
        bold = kind == "latin" and role == "xiaobiaosong"
        widths = scales[at:at + len(piece)] or [100] * len(piece)
        for scale, same in itertools.groupby(zip(piece, widths), lambda pair: pair[1]):
            result += run("".join(c for c, _ in same), faces, size, colour, bold, scale)
        at += len(piece)
    return result


@dataclass
class Para:
    """A paragraph's properties, written in the schema's order."""

    style: str | None = None
    keep_next: bool = False
    page_break_before: bool = False
    tabs: tuple[tuple[str, int], ...] = ()  # (left/right/decimal, twips from the margin)
    hanging_marks: bool | None = None  # False: no punctuation past the right margin
    before: int = 0  # twips
    line: int | None = None  # exact line height, twips (None: the style's)
    auto_line: bool = False  # single spacing instead (cells holding pictures)
    left: int | None = None
    first_line: int | None = None  # negative: hanging
    right: int | None = None
    align: str | None = None
    section: str = ""  # a sectPr closing a section here

    def xml(self) -> str:
        parts = []
        if self.style:
            parts.append(f"<w:pStyle w:val={attr(self.style)}/>")
        if self.keep_next:
            parts.append("<w:keepNext/>")
        if self.page_break_before:
            parts.append("<w:pageBreakBefore/>")
        if self.tabs:
            parts.append("<w:tabs>" + "".join(f'<w:tab w:val="{kind}" w:pos="{pos}"/>' for kind, pos in self.tabs)
                         + "</w:tabs>")
        if self.hanging_marks is False:
            parts.append('<w:overflowPunct w:val="0"/>')
        spacing = f' w:before="{self.before}"' if self.before else ""
        if self.auto_line:
            spacing += ' w:line="240" w:lineRule="auto"'
        elif self.line is not None:
            spacing += f' w:line="{self.line}" w:lineRule="exact"'
        if spacing:
            parts.append(f"<w:spacing{spacing}/>")
        indent = ""
        if self.left is not None:
            indent += f' w:left="{self.left}"'
        if self.right is not None:
            indent += f' w:right="{self.right}"'
        if self.first_line is not None:
            indent += (f' w:firstLine="{self.first_line}"' if self.first_line >= 0
                       else f' w:hanging="{-self.first_line}"')
        if indent:
            parts.append(f"<w:ind{indent}/>")
        if self.align:
            parts.append(f"<w:jc w:val={attr(self.align)}/>")
        return f"<w:pPr>{''.join(parts)}{self.section}</w:pPr>" if parts or self.section else ""


def paragraph(props: Para, content: str = "") -> str:
    return f"<w:p>{props.xml()}{content}</w:p>"


# --- plan lines as paragraph content --------------------------------------------------------

def _face_role(run_: GlyphRun) -> str:
    return run_.font.removeprefix(FACE_PREFIX)


@dataclass
class Segment:
    """Consecutive glyph runs of one line in one Chinese role (Latin faces join their
    neighbours: Word picks the Latin face of the role itself)."""

    x: float
    end: float
    text: str
    role: str
    size: float
    colour: str
    after_gap: bool = False  # set apart from the part before it: it starts at a tab stop
    element: str = ""  # the 公文 element of its line (a 公文域 bookmark's name)


GAP = 0.3  # em: more space than the Han–Latin glue between two runs is a gap in the line


def segments(lines: Iterable[TextLine]) -> list[Segment]:
    result: list[Segment] = []
    for line in lines:
        for glyphs in line.runs:
            role = _face_role(glyphs)
            end = glyphs.x + sum(glyphs.advances)
            colour = rgb(glyphs.colour)
            last = result[-1] if result else None
            joins = (last is not None and glyphs.x - last.end < GAP * glyphs.size and last.size == glyphs.size
                     and colour == last.colour and last.element == line.role)
            if last is not None and joins and (role not in CJK_ROLES or role == last.role):
                last.text += glyphs.text
                last.end = end
            elif last is not None and joins and last.role not in CJK_ROLES:
                last.text += glyphs.text
                last.end, last.role = end, role
            else:
                after_gap = last is not None and glyphs.x - last.end >= GAP * glyphs.size
                result.append(Segment(glyphs.x, end, glyphs.text, role, glyphs.size, colour, after_gap, line.role))
    for segment in result:
        if segment.role not in CJK_ROLES:
            segment.role = "fangsong"
    return result


@dataclass(frozen=True)
class LineContent:
    """Plan lines sharing a baseline as a paragraph's line: each part after a gap at a tab stop
    where the plan puts it; a part ending a whole number of characters from the 版心's right
    edge (右空N字) anchored there, so a reader whose digits or spacing differ keeps the indent."""

    left: int  # indent, twips
    tabs: tuple[tuple[str, int], ...]
    runs: str
    right: int | None = None  # right indent of a right-aligned line
    element: str | None = None  # the one 公文 element of its parts; None when it holds several


def line_content(lines: Sequence[TextLine], style_role: str, fonts: FontSet, origin: int = LEFT_MARGIN,
                 area_right: int = LEFT_MARGIN + TEXT_WIDTH, fields: Fields | None = None) -> LineContent:
    """`origin` and `area_right`: the text area's edges (twips from the page's left). With
    `fields`, a line holding several elements (发文字号 and 签发人) marks each in its 公文域."""
    parts = segments(sorted(lines, key=lambda line: line.runs[0].x))
    elements = list(dict.fromkeys(part.element for part in parts))
    tabs: list[tuple[str, int]] = []
    pieces: list[tuple[str, str, str]] = []  # (element, the tab before it, its runs)
    right = None
    for index, part in enumerate(parts):
        anchored = index == len(parts) - 1 and _right_space(part) is not None
        tab = ""
        if part.after_gap:
            tabs.append(("right", tw(part.end) - origin) if anchored else ("left", tw(part.x) - origin))
            tab = run("\t")
        elif anchored and index == 0:
            right = area_right - tw(part.end)
        colour = None if part.colour == "000000" else part.colour
        pieces.append((part.element, tab, role_runs(part.text, part.role, style_role, fonts, part.size, colour)))
    if fields is not None and len(elements) > 1:
        content = ""
        for element, same in itertools.groupby(pieces, lambda piece: piece[0]):
            group = list(same)
            inside = "".join(tab + xml for _, tab, xml in group)[len(group[0][1]):]  # (its first tab before it)
            content += group[0][1] + fields.mark(element, inside)
    else:
        content = "".join(tab + xml for _, tab, xml in pieces)
    return LineContent(tw(parts[0].x) - origin, tuple(tabs), content, right,
                       elements[0] if len(elements) == 1 else None)


@dataclass
class Fields:
    """公文域 (GB/T 33476.2): a bookmark named after each element around its text, so that an
    OA system can find and fill it at 套红. A name used again elsewhere is numbered (附件2)."""

    count: int = 0
    used: dict[str, int] = field(default_factory=dict)

    def _name(self, element: str) -> str:
        self.used[element] = self.used.get(element, 0) + 1
        return element if self.used[element] == 1 else f"{element}{self.used[element]}"

    def start(self, element: str) -> tuple[str, str]:
        """The bookmark's start and end tags (placed around paragraphs or runs)."""
        self.count += 1
        return (f'<w:bookmarkStart w:id="{self.count}" w:name={attr(self._name(element))}/>',
                f'<w:bookmarkEnd w:id="{self.count}"/>')

    def mark(self, element: str, xml: str) -> str:
        start, end = self.start(element)
        return start + xml + end

    def paragraphs(self, marked: Iterable[tuple[str | None, str]]) -> str:
        """Paragraphs with their elements; each run of one element in one bookmark."""
        result = ""
        for element, group in itertools.groupby(marked, lambda item: item[0]):
            xml = "".join(paragraph_xml for _, paragraph_xml in group)
            result += self.mark(element, xml) if element is not None else xml
        return result


def _right_space(part: Segment) -> int | None:
    """How many of its characters a part ends before the 版心's right edge, if a whole number
    (up to four: 右空四字 is the most the standard asks)."""
    for width in (part.size, geometry.CELL * part.size / geometry.BODY_SIZE):  # a character, or its grid cell
        characters = (geometry.RIGHT - part.end) / width
        whole = round(characters)
        if 0 <= whole <= 4 and abs(characters - whole) * width < 0.5:
            return whole
    return None


_CLOSER = 0.01  # pt: a pitch closer than the grid's by more is an adjusted page


def _notice_pitch(page: PagePlan) -> float:
    """The pitch of the notice's lines on `page` (the plan sets page 1 closer when that keeps
    the notice on it): the least step between their baselines, the grid's if none is less."""
    baselines = sorted({round(line.runs[0].y, 3) for line in page.texts() if line.runs and line.role in
                        ("主送机关", "正文", *CLOSING_ROLES) and not _in_imprint(line)})
    return min([geometry.GRID.pitch, *(b - a for a, b in zip(baselines, baselines[1:]))])


def _baseline_groups(lines: Iterable[TextLine]) -> list[list[TextLine]]:
    groups: list[list[TextLine]] = []
    for line in sorted(lines, key=lambda line: -line.runs[0].y):
        if groups and abs(groups[-1][0].runs[0].y - line.runs[0].y) < 0.5:
            groups[-1].append(line)
        else:
            groups.append([line])
    return groups


_SQUEEZED = 0.25  # pt: a character set closer than its line's Han characters by more is a compressed mark
NARROWEST = 50  # per cent: a mark compressed by its whole blank half


@dataclass
class BodySetting:
    """The body text as the Book sets it. Its characters are those of the 正文 lines of all pages
    read in turn (the text blocks' one after another). Each mark the Book compresses (标点挤压)
    is given as narrow (w:w, its width scaled: LibreOffice 7.4 compresses nothing, ignores
    w:characterSpacingControl and a mark's negative spacing, and so set the lines longer and the
    pages more than the PDF's); and a page whose first grid line holds 正文 opens at its
    first character (the Book's page breaks carried into the file)."""

    scales: list[int]  # per character, per cent
    opens: frozenset[int]  # offsets of the characters at the top of a page's text
    pages: list[int]  # per character, the page it is on
    at: int = 0  # the next block's first character

    @classmethod
    def of(cls, plans: Sequence[PagePlan]) -> BodySetting:
        scales: list[int] = []
        opens = set()
        pages: list[int] = []
        for page in plans:
            lines = sorted((line for line in page.texts() if line.role == "正文" and line.runs),
                           key=lambda line: -line.runs[0].y)
            if lines and page.number > 1 and abs(lines[0].runs[0].y - geometry.GRID.baseline(1)) < 0.5:
                opens.add(len(scales))
            for line in lines:
                glyphs = [(c, a, _face_role(r) in CJK_ROLES) for r in line.runs for c, a in zip(r.text, r.advances)]
                han = max((a for c, a, cjk in glyphs if cjk and "\u4e00" <= c <= "\u9fff"), default=0.0)
                scales += [max(NARROWEST, round(100 * a / han)) if cjk and han and a < han - _SQUEEZED else 100
                           for c, a, cjk in glyphs]
            pages += [page.number] * (len(scales) - len(pages))
        return cls(scales, frozenset(opens), pages)

    def take(self, length: int) -> tuple[list[int], bool, set[int]]:
        """The next block's characters' widths, `length` of them, whether it opens a page, and
        the pages it is on."""
        start, self.at = self.at, self.at + length
        return self.scales[start:self.at], start in self.opens, set(self.pages[start:self.at])


# --- the document --------------------------------------------------------------------------

@dataclass
class _Writer:
    document: Document
    plans: Sequence[PagePlan]
    fonts: FontSet
    figures: list[PlacedFigure]  # the Book's figures not yet written, in the flow's order
    setting: BodySetting
    body: list[str] = field(default_factory=list)
    relations: Relationships = field(default_factory=Relationships)
    media: dict[str, bytes] = field(default_factory=dict)
    images: dict[bytes, str] = field(default_factory=dict)  # relationship of each picture's bytes: stored once
    charts: dict[tuple, bytes] = field(default_factory=dict)  # a chart drawn again (caption and bars) rasterised once
    drawings: int = 0
    opening: tuple[int, str] = (0, "")  # space and anchors for the first paragraph of the text
    fields: Fields = field(default_factory=Fields)
    break_next: bool = False  # the writer's page break: the next paragraph starts a page
    sections: tuple[str, str] = ("", "")  # sectPr of the numbered pages, and of a blank page
    own_page: bool = False  # the 版记 on a page of its own: a section of its own
    pitch: float = geometry.GRID.pitch  # of the notice's lines on page 1 (closer when the plan fits the notice there)
    line: int | None = None  # the exact line height of the notice's paragraphs on page 1, when not the grid's
    pitches: dict[int, float] = field(default_factory=dict)  # of the notice's lines on each page
    heights: dict[int, int] = field(default_factory=dict)  # their exact line height on a page set closer (§7.3.5.5)

    # pictures and shapes

    def _image(self, data: bytes, suffix: str) -> str:
        if data not in self.images:
            name = f"media/image{len(self.media) + 1}.{suffix}"
            self.media[name] = data
            self.images[data] = self.relations.add("image", name)
        return self.images[data]

    def _picture_xml(self, rid: str, width: float, height: float, name: str) -> str:
        self.drawings += 1
        cx, cy = round(width * EMU), round(height * EMU)
        return (f'<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
                f'<pic:pic><pic:nvPicPr><pic:cNvPr id="{self.drawings}" name={attr(name)}/><pic:cNvPicPr/></pic:nvPicPr>'
                f'<pic:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
                f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
                f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>')

    def inline_picture(self, rid: str, width: float, height: float, name: str) -> str:
        graphic = self._picture_xml(rid, width, height, name)
        return (f'<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">'
                f'<wp:extent cx="{round(width * EMU)}" cy="{round(height * EMU)}"/><wp:docPr id="{self.drawings}" '
                f'name={attr(name)}/>{graphic}</wp:inline></w:drawing></w:r>')

    def _anchor(self, x: float, y: float, width: float, height: float, graphic: str, name: str,
                vertical_from: str = "page") -> str:
        """A floating object at (x, y) points from the page's left and from `vertical_from`'s top."""
        return (f'<w:r><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" '
                f'relativeHeight="{self.drawings + 1}" behindDoc="0" locked="1" layoutInCell="1" '
                f'allowOverlap="1"><wp:simplePos x="0" y="0"/>'
                f'<wp:positionH relativeFrom="page"><wp:posOffset>{round(x * EMU)}</wp:posOffset></wp:positionH>'
                f'<wp:positionV relativeFrom="{vertical_from}"><wp:posOffset>{round(y * EMU)}</wp:posOffset></wp:positionV>'
                f'<wp:extent cx="{round(width * EMU)}" cy="{round(height * EMU)}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
                f'<wp:wrapNone/><wp:docPr id="{self.drawings}" name={attr(name)}/><wp:cNvGraphicFramePr/>'
                f'{graphic}</wp:anchor></w:drawing></w:r>')

    def rule(self, rule: Rule) -> str:
        """A plan's rule as a line shape fixed on the page."""
        self.drawings += 1
        width = rule.x2 - rule.x1
        graphic = (f'<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
                   f'<wps:wsp><wps:cNvCnPr/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{round(width * EMU)}" cy="0"/>'
                   f'</a:xfrm><a:prstGeom prst="line"><a:avLst/></a:prstGeom><a:ln w="{round(rule.width * EMU)}">'
                   f'<a:solidFill><a:srgbClr val="{rgb(rule.colour)}"/></a:solidFill></a:ln></wps:spPr><wps:bodyPr/>'
                   f'</wps:wsp></a:graphicData></a:graphic>')
        return self._anchor(rule.x1, depth(rule.y1), width, 0, graphic, "分隔线")

    def seal(self, picture: Picture, paragraph_top: float) -> str:
        """A seal or signature stamp anchored to the paragraph whose top (its space before
        included) is at depth `paragraph_top`."""
        data = picture.path.read_bytes()
        suffix = "png" if data.startswith(b"\x89PNG") else "jpeg"
        graphic = self._picture_xml(self._image(data, suffix), picture.width, picture.height, picture.role)
        return self._anchor(picture.x, depth(picture.y + picture.height) - paragraph_top, picture.width, picture.height,
                            graphic, picture.role, vertical_from="paragraph")

    # the parts of the document

    def build(self) -> str:
        first = self.plans[0]
        # Floored: the page's lines then take no more height than the plan's, and stay on it.
        self.pitches = {page.number: _notice_pitch(page) for page in self.plans}
        self.heights = {number: math.floor(pitch * PT) for number, pitch in self.pitches.items()
                        if pitch < geometry.GRID.pitch - _CLOSER}
        self.pitch, self.line = self.pitches[first.number], self.heights.get(first.number)
        self.head(first)
        start = len(self.body)
        opening, closing = self.fields.start("正文")  # inside the first paragraph, after any 版头 it anchors
        space, anchors = self.opening
        self.opening = (space, anchors + opening)
        self.flow(self.document.body)
        if self.opening[1]:  # the text does not start with a paragraph: its own for what it anchors
            self.body.insert(start, paragraph(Para(line=20), self.opening[1]) if anchors else self.opening[1])
        self.body.append(closing)
        self.closing()
        self.attachments()
        self.imprint()
        return "".join(self.body)

    def head(self, page: PagePlan) -> None:
        """The 版头 fixed where the plan puts it (each line in a text box, the red rules as
        lines), then the title and the 主送 at the plan's baselines; in an order, which has
        neither, the text starts where the plan starts it. So the text goes on on the grid."""
        anchors = "".join(self.rule(item) for item in page.items if isinstance(item, Rule) and item.colour == geometry.RED)
        texts = page.texts()
        for group in _baseline_groups(line for line in texts if line.role in HEAD_ROLES):
            height = max(glyphs.size for line in group for glyphs in line.runs) * 1.25
            top = depth(group[0].runs[0].y) - BASELINE_SHARE * height
            line = line_content(group, "fangsong", self.fonts, tw(geometry.LEFT), tw(geometry.RIGHT), self.fields)
            centred = group[0].role == "发文机关标志" and len(group) == 1 and len(line.tabs) == 0
            props = Para("HeadLine", line=tw(height), left=None if centred else line.left, tabs=line.tabs,
                         right=line.right, align="center" if centred else "right" if line.right is not None else None)
            content = self.fields.mark(line.element, line.runs) if line.element else line.runs
            anchors += self.text_box(geometry.LEFT, top, geometry.WIDTH, height, paragraph(props, content), "版头")
        cursor = TOP_MARGIN / PT  # depth of the next paragraph's top
        title = [line for line in texts if line.role == "标题"]
        if title:
            top = depth(title[0].runs[0].y) - BASELINE_SHARE * geometry.GRID.pitch
            content = run("\n").join(role_runs(line.text, "xiaobiaosong", "xiaobiaosong", self.fonts) for line in title)
            self.body.append(paragraph(Para("DocTitle", before=tw(top - cursor)), anchors + self.fields.mark("标题", content)))
            anchors, cursor = "", top + len(title) * LINE / PT
        recipients = [line for line in texts if line.role == "主送机关" and not _in_imprint(line)]
        if recipients:
            top = depth(recipients[0].runs[0].y) - BASELINE_SHARE * self.pitch
            recipients_runs = role_runs(self.document.furniture.recipients, "fangsong", "fangsong", self.fonts)
            self.body.append(paragraph(Para("Recipients", before=tw(top - cursor), line=self.line),
                                       anchors + self.fields.mark("主送机关", recipients_runs)))
            return
        text = [line for line in texts if line.role == "正文"]
        top = depth(text[0].runs[0].y) - BASELINE_SHARE * self.pitch if text else cursor
        self.opening = (tw(top - cursor), anchors)

    def flow(self, blocks: Sequence[BodyBlock]) -> None:
        for block in blocks:
            if isinstance(block, TextBlock):
                self.text_block(block)
            elif isinstance(block, CardRow):
                self.card_row(block)
            elif isinstance(block, ChartBlock):
                self.chart(block)
            elif isinstance(block, ImageBlock):
                self.image(block)
            elif isinstance(block, TableBlock):
                self.table(block)
            elif isinstance(block, PageBreakBlock):
                self.break_next = True

    def text_block(self, block: TextBlock) -> None:
        """A paragraph or heading, its marks as narrow as the Book sets them, starting a page
        where the Book starts one (the Book's pagination carried into the file, so that
        a reader whose lines differ a little keeps the pages; the file stays editable: the
        break is a paragraph property, "page break before")."""
        style = STYLE_OF_LEVEL.get(block.level)
        style_role = {1: "heiti", 2: "kaiti"}.get(block.level, "fangsong")
        scales, opens, pages = self.setting.take(sum(len(part.text) for part in block.runs))
        content, at = "", 0
        for part in block.runs:
            content += role_runs(part.text, part.role, style_role, self.fonts, scales=scales[at:at + len(part.text)])
            at += len(part.text)
        before, anchors = self.opening
        self.opening = (0, "")
        # On a page set closer, the closer pitch: a paragraph running on from or onto one takes it
        # all along (its lines on the grid's page then sit closer than the Book's, never lower).
        closer = [self.heights[page] for page in pages if page in self.heights]
        self.body.append(paragraph(Para(style, before=before, line=min(closer) if closer else None,
                                        page_break_before=self.break_next or opens), anchors + content))
        self.break_next = False

    def placed(self, block: object) -> list[PlacedFigure]:
        """The pieces of `block`'s figure as the Book placed them (the next ones in the flow)."""
        pieces = []
        while self.figures and self.figures[0].source is block:
            pieces.append(self.figures.pop(0))
        assert pieces, "the Book places every figure of the flow"
        return pieces

    def opens(self, placed: PlacedFigure) -> bool:
        """Whether a figure starts a page: the Book starts one with it, or the writer asked."""
        opens = placed.opens_page or self.break_next
        self.break_next = False
        return opens

    # figures: tables of whole grid lines, so the text after them stays on the grid

    def _frame(self, rows: list[tuple[int, list[tuple[int, str]]]], borders: bool, page_break: bool = False) -> str:
        """A table with fixed column widths; rows as (height in twips, [(width, cell xml)]), the
        whole as tall as its rows: a bordered table's last row gives up the height of the rule
        LibreOffice adds below it. With `page_break`, it starts a page (an empty paragraph of no
        height before it carries the break: a table has no "page break before")."""
        columns = [width for width, _ in rows[0][1]]
        edge = (f'<w:{{0}} w:val="single" w:sz="{FRAME_RULE}" w:space="0" w:color="8C8C8C"/>' if borders
                else '<w:{0} w:val="nil"/>')
        if borders:
            rows = rows[:-1] + [(rows[-1][0] - round(FRAME_RULE / 8 * PT), rows[-1][1])]
        result = ""
        if page_break:  # its first row gives up the paragraph's height: the frame ends on the grid
            result = paragraph(Para(line=BREAK_LINE, page_break_before=True))
            rows = [(rows[0][0] - BREAK_LINE, rows[0][1])] + rows[1:]
        result += _table_start(columns, "".join(edge.format(side) for side in SIDES))
        for height, cells in rows:
            result += (f'<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val="{height}" w:hRule="exact"/></w:trPr>'
                       + "".join(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>{cell}</w:tc>'
                                 for width, cell in cells) + "</w:tr>")
        return result + "</w:tbl>"

    def card_cells(self, row: CardRow) -> list[tuple[int, str]]:
        width = tw(geometry.WIDTH) // len(row.cards)
        return [(width, self.card(card)) for card in row.cards]

    def card(self, card: Card) -> str:
        def small(value: str, style: Style, role: FontRole = "fangsong", colour: str | None = None, before: int = 0) -> str:
            return paragraph(Para("FigureText", before=before, line=tw(style.size * 1.25)),
                             role_runs(value, role, "fangsong", self.fonts, style.size, colour))

        result = small(card.label, LABEL, "heiti", before=tw(4))
        result += paragraph(Para("FigureText", line=tw(VALUE.size * 1.15)),
                            run(card.value, "", VALUE.size, bold=True)
                            + role_runs(" " + card.unit, "fangsong", "fangsong", self.fonts, UNIT.size))
        result += small("　".join(part for part in (card.year, card.note) if part), NOTE, colour="737373")
        if card.progress is not None:
            result += small(f"{card.progress.goal}，完成{card.progress.share}%", SMALL, colour="737373")
        return result

    def card_row(self, row: CardRow) -> None:
        (placed,) = self.placed(row)
        assert isinstance(placed.figure, CardRowFigure)
        self.body.append(self._frame([(placed.figure.line_count * LINE, self.card_cells(row))], borders=True,
                                     page_break=self.opens(placed)))

    def panel(self, panel: Panel) -> None:
        (placed,) = self.placed(panel)
        assert isinstance(placed.figure, PanelFigure)
        self.body.append(paragraph(Para("FigureTitle"), role_runs(panel.title, "heiti", "heiti", self.fonts)))
        rows = [(figure.line_count * LINE, self.card_cells(row)) for figure, row in zip(placed.figure.rows, panel.rows)]
        self.body.append(self._frame(rows, borders=True))
        self.body.append(paragraph(Para()))  # the blank line after it

    def chart(self, block: ChartBlock) -> None:
        """The chart as a picture: the plan's own chart drawn alone and rasterised."""
        (placed,) = self.placed(block)
        figure = placed.figure
        assert isinstance(figure, ChartFigure)
        height = figure.line_count * geometry.GRID.pitch
        drawn = (block.caption, block.bars)  # (not where in the content it was written)
        if drawn not in self.charts:
            page = PagePlan(1, figure.items(geometry.LEFT, geometry.TOP))
            self.charts[drawn] = _raster(page, self.fonts, geometry.TOP - height, height)
        rid = self._image(self.charts[drawn], "png")
        cell = paragraph(Para("FigureText", auto_line=True, align="center"),
                         self.inline_picture(rid, geometry.WIDTH - 2 * PAD, height * (geometry.WIDTH - 2 * PAD) / geometry.WIDTH,
                                             block.caption))
        self.body.append(self._frame([(figure.line_count * LINE, [(tw(geometry.WIDTH), cell)])], borders=False,
                                     page_break=self.opens(placed)))

    def image(self, block: ImageBlock) -> None:
        (placed,) = self.placed(block)
        figure = placed.figure
        assert isinstance(figure, ImageFigure)
        data = block.path.read_bytes()
        rid = self._image(data, "png" if data.startswith(b"\x89PNG") else "jpeg")
        cell = paragraph(Para("FigureText", auto_line=True, align="center"),
                         self.inline_picture(rid, figure.width, figure.height, block.caption or "图片"))
        if block.caption:
            cell += paragraph(Para("FigureText", line=tw(16), align="center"),
                              role_runs(block.caption, "fangsong", "fangsong", self.fonts, ImageFigure.CAPTION.size))
        self.body.append(self._frame([(figure.line_count * LINE, [(tw(geometry.WIDTH), cell)])], borders=False,
                                     page_break=self.opens(placed)))

    def table(self, block: TableBlock) -> None:
        pieces = self.placed(block)
        figure = pieces[0].figure
        assert isinstance(figure, TableFigure)
        self.body.append(paragraph(Para("FigureTitle", keep_next=True, page_break_before=self.opens(pieces[0])),
                                   role_runs(block.caption, "heiti", "heiti", self.fonts)))
        columns = [tw(width) for width in figure.columns]
        thick = '<w:{0} w:val="single" w:sz="8" w:space="0" w:color="000000"/>'
        thin = '<w:{0} w:val="single" w:sz="6" w:space="0" w:color="000000"/>'
        result = _table_start(columns, "".join((thin if side.startswith("inside") else thick).format(side)
                                               for side in SIDES))
        for index in range(len(block.header)):
            rule = '<w:tcBorders><w:bottom w:val="single" w:sz="8" w:space="0" w:color="000000"/></w:tcBorders>' \
                if index == len(block.header) - 1 else ""
            result += (f'<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val="{LINE}" w:hRule="atLeast"/><w:tblHeader/></w:trPr>'
                       + "".join(f'<w:tc><w:tcPr><w:tcW w:w="{columns[i]}" w:type="dxa"/>{rule}<w:vAlign w:val="center"/>'
                                 f'</w:tcPr>{paragraph(Para("TableText", align="center"), role_runs(value, "heiti", "fangsong", self.fonts))}</w:tc>'
                                 for i, value in enumerate(_cell_lines(figure.header[index]))) + "</w:tr>")
        for index, cells in enumerate(block.rows):
            # A row splits across pages where the Book may split it (the header row repeats).
            whole = block.merge_first or figure.heights[index] < 2 * KEPT_LINES
            result += (f'<w:tr><w:trPr>{"<w:cantSplit/>" if whole else ""}<w:trHeight w:val="{LINE}" '
                       'w:hRule="atLeast"/></w:trPr>')
            for i, value in enumerate(cells):
                merge = ""
                if i == 0 and block.merge_first:
                    opens = figure.groups[index] == index
                    merge = '<w:vMerge w:val="restart"/>' if opens else "<w:vMerge/>"
                    value = value if opens else ""
                align = block.align[i]
                if align == "decimal":
                    props = Para("TableText", tabs=(("decimal", columns[i] - 2 * tw(PAD) - tw(figure.points[i])),))
                    cell = paragraph(props, run("\t") + role_runs(value, "fangsong", "fangsong", self.fonts))
                else:  # the lines as the PDF breaks them (between words): the rows as tall as there
                    cell = paragraph(Para("TableText", align=None if align == "left" else align),
                                     role_runs(_cell_lines(figure.rows[index])[i] if value else "", "fangsong",
                                               "fangsong", self.fonts))
                result += (f'<w:tc><w:tcPr><w:tcW w:w="{columns[i]}" w:type="dxa"/>{merge}<w:vAlign w:val="center"/>'
                           f'</w:tcPr>{cell}</w:tc>')
            result += "</w:tr>"
        self.body.append(result + "</w:tbl>")
        self.body.append(paragraph(Para()))  # the blank line after the table

    def spacing(self, page: PagePlan) -> tuple[float, int | None]:
        """The pitch of the notice's lines on `page`, and their exact line height if not the grid's."""
        return self.pitches[page.number], self.heights.get(page.number)

    def closing(self) -> None:
        """The closing's lines as the plan sets them: indents, tab stops and blank lines."""
        lines = [(page, line) for page in self.plans for line in page.texts() if line.role in CLOSING_ROLES]
        if not lines:
            return
        pages = {page.number for page, _ in lines}
        paragraphs: list[tuple[PagePlan, list[list[TextLine]]]] = []
        for page in self.plans:
            if page.number not in pages:
                continue
            for group in _baseline_groups(line for p, line in lines if p is page):
                last = paragraphs[-1] if paragraphs and paragraphs[-1][0] is page else None
                if last is not None and _continues(last[1][-1], group, self.spacing(page)[0]):
                    last[1].append(group)
                else:
                    paragraphs.append((page, [group]))
        pictures = {page.number: [item for item in page.items if isinstance(item, Picture) and item.role != "图片"]
                    for page in self.plans if page.number in pages}
        marked: list[tuple[str | None, str]] = []
        for page, groups in paragraphs:
            first = groups[0][0].runs[0]
            above = [line.runs[0].y for line in page.texts() if line.runs and line.runs[0].y > first.y + 0.5
                     and line.role not in ("页码", "征求意见稿")]
            pitch, height = self.spacing(page)
            blank = max(0, round((min(above) - first.y) / pitch) - 1) if above else 0
            line = line_content(groups[0], "fangsong", self.fonts, fields=self.fields)
            left, content, first_line = line.left, line.runs, None
            for group in groups[1:]:  # its wrapped lines: the paragraph's indent, the first line's own
                more = line_content(group, "fangsong", self.fonts)
                left, first_line = more.left, line.left - more.left
                content += more.runs
            right = line.right if len(groups) == 1 else None
            top = depth(first.y) - BASELINE_SHARE * pitch - blank * pitch  # (with its space before)
            seals = ""
            if groups is [g for p, g in paragraphs if p is page][-1]:  # the page's last: the date
                seals = "".join(self.seal(picture, top) for picture in pictures.pop(page.number, []))
            # The closing's parts stay together on the 署名's page; a 纪要's attendees before it
            # run on over pages as the Book sets them, a page it starts them on started here too.
            keep = groups is not paragraphs[-1][1] and page is paragraphs[-1][0]
            opens = page is not paragraphs[0][0] and groups is next(g for p, g in paragraphs if p is page)
            marked.append((line.element, paragraph(
                Para("Closing", keep_next=keep, page_break_before=opens, before=0 if opens else blank * (height or LINE),
                     line=height,
                     left=None if right is not None else left,
                     first_line=first_line, tabs=line.tabs, right=right, align="right" if right is not None else None),
                seals + content)))
        self.body.append(self.fields.paragraphs(marked))

    def attachments(self) -> None:
        titles = _attachment_titles(self.plans)
        for number, attachment in enumerate(self.document.attachments):
            opening, closing = self.fields.start(f"附件{number + 1}")
            self.body.append(opening)
            self.body.append(paragraph(Para("AttachmentLabel", page_break_before=True),
                                       role_runs(attachment.label, "heiti", "heiti", self.fonts)))
            lines = [line.text for line in titles[number]] if number < len(titles) else [attachment.title]
            content = run("\n").join(role_runs(line, "xiaobiaosong", "xiaobiaosong", self.fonts) for line in lines)
            self.body.append(paragraph(Para("DocTitle", before=LINE), content))
            self.body.append(paragraph(Para()))
            if attachment.panel is not None:
                self.panel(attachment.panel)
            self.flow(attachment.blocks)
            self.body.append(closing)

    def imprint(self) -> None:
        """The 版记 fixed where the plan puts it on the last page: its rules as lines, its text
        in a text box (floating tables are laid inline by some readers), after page breaks
        when the plan gives it a page of its own."""
        last = self.plans[-1]
        groups = _baseline_groups(line for line in last.texts() if _in_imprint(line))
        if not groups:
            return
        top = depth(groups[0][0].runs[0].y) - BASELINE_SHARE * geometry.GRID.pitch
        rules = [item for item in last.items if isinstance(item, Rule) and item.colour == geometry.BLACK
                 and depth(item.y1) >= top - 1]  # the 版记's own (a table's rules above it are in the table)
        marked: list[tuple[str | None, str]] = []
        for group in groups:
            line = line_content(group, "fangsong", self.fonts, tw(geometry.LEFT), tw(geometry.RIGHT), self.fields)
            marked.append((line.element, paragraph(Para("Imprint", line=LINE, left=line.left, tabs=line.tabs),
                                                   line.runs)))
        content = self.fields.paragraphs(marked)
        height = len(groups) * geometry.GRID.pitch
        box = self.text_box(geometry.LEFT, top, geometry.WIDTH, height, content, "版记")
        alone = not any(not _in_imprint(line) and line.role not in ("页码", "征求意见稿") for line in last.texts())
        if alone:  # the text's pages end here; the 版记's section starts on the next even page
            self.body.append(paragraph(Para(line=20, section=self.sections[0])))
            if any(page.blank and page is not last for page in self.plans):  # the plan's blank page, unnumbered
                self.body.append(paragraph(Para(line=20, section=self.sections[1])))
            self.own_page = True
        self.body.append(paragraph(Para(line=20), box + "".join(self.rule(rule) for rule in rules)))

    def text_box(self, x: float, top: float, width: float, height: float, content: str, name: str) -> str:
        """A text box without margins or border at (x, top) on the page, over the text."""
        self.drawings += 1
        cx, cy = round(width * EMU), round(height * EMU)
        graphic = (f'<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
                   f'<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/>'
                   f'</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln>'
                   f'</wps:spPr><wps:txbx><w:txbxContent>{content}</w:txbxContent></wps:txbx>'
                   f'<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" anchor="t" '
                   f'anchorCtr="0"><a:noAutofit/></wps:bodyPr></wps:wsp></a:graphicData></a:graphic>')
        return self._anchor(x, top, width, height, graphic, name)


SIDES = ("top", "left", "bottom", "right", "insideH", "insideV")  # a table's borders, in the schema's order


def _table_start(columns: list[int], borders: str) -> str:
    """A fixed-layout table's properties and grid: centred, columns as given, cells padded
    left and right as the plan pads them."""
    return (f'<w:tbl><w:tblPr><w:tblW w:w="{sum(columns)}" w:type="dxa"/><w:jc w:val="center"/>'
            f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
            f'<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="{tw(PAD)}" w:type="dxa"/>'
            f'<w:bottom w:w="0" w:type="dxa"/><w:right w:w="{tw(PAD)}" w:type="dxa"/></w:tblCellMar>'
            f'<w:tblLook w:val="0000"/></w:tblPr><w:tblGrid>'
            + "".join(f'<w:gridCol w:w="{width}"/>' for width in columns) + "</w:tblGrid>")


def _continues(previous: list[TextLine], group: list[TextLine], pitch: float) -> bool:
    """A line that goes on the paragraph of the line above: same element, the next line (at the
    page's `pitch`), the line above filled to the 版心's edge."""
    above, below = previous[-1], group[0]
    if above.role != below.role or len(group) > 1 or len(previous) > 1:
        return False
    last = above.runs[-1]
    full = last.x + sum(last.advances) >= geometry.RIGHT - geometry.CELL
    return full and abs(above.runs[0].y - below.runs[0].y - pitch) < 0.5


def _attachment_titles(plans: Sequence[PagePlan]) -> list[list[TextLine]]:
    """Each attachment's title lines as the plan broke them (the 二号 lines under its label)."""
    result = []
    for page in plans:
        texts = page.texts()
        if texts and texts[0].role == "附件" and texts[0].runs[0].size == geometry.BODY_SIZE:
            result.append([line for line in texts[1:] if line.role == "附件"
                           and line.runs[0].size == geometry.TITLE_SIZE])
    return result


def _raster(page: PagePlan, fonts: FontSet, bottom: float, height: float, scale: float = 300 / 72) -> bytes:
    """The band of `page` between `bottom` and `bottom + height` across the 版心, as a PNG."""
    import pypdfium2

    pdf = io.BytesIO()
    write_pdf(Book([page], Info("chart"), ()), fonts, pdf)
    document = pypdfium2.PdfDocument(pdf.getvalue())
    try:
        image = document[0].render(scale=scale, crop=(geometry.LEFT, bottom, geometry.PAGE_WIDTH - geometry.RIGHT,
                                                      geometry.PAGE_HEIGHT - bottom - height)).to_pil()
    finally:
        document.close()
    out = io.BytesIO()
    image.convert("RGB").save(out, "PNG")  # (optimize: 4x the time for a few % of the bytes)
    return out.getvalue()


# --- the package ---------------------------------------------------------------------------

# A cell's text 0.05 pt closer a character: the columns fit their longest word exactly
# (pageplan/table), and LibreOffice wraps a word exactly as wide as its cell (城关/镇).
CELL_TRACKING = -1  # twentieths of a point


def _rpr(role: str, size: float, tracking: int | None = None) -> str:
    return ("<w:rPr>" + _fonts_xml(LATIN_FONTS[role], OFFICE_FONTS[role])
            + (f"<w:spacing w:val={attr(tracking)}/>" if tracking is not None else "")
            + f"<w:sz w:val=\"{round(size * 2)}\"/><w:szCs w:val=\"{round(size * 2)}\"/></w:rPr>")


def styles_xml() -> str:
    def style(style_id: str, name: str, role: str, size: float, para: Para, outline: int | None = None,
              based: str | None = "Normal", tracking: int | None = None) -> str:
        ppr = para.xml()
        if outline is not None:
            ppr = ppr.replace("</w:pPr>", f'<w:outlineLvl w:val="{outline}"/></w:pPr>')
        return (f'<w:style w:type="paragraph" w:styleId={attr(style_id)}><w:name w:val={attr(name)}/>'
                + (f"<w:basedOn w:val={attr(based)}/>" if based else "") + '<w:next w:val="Normal"/><w:qFormat/>'
                + ppr + _rpr(role, size, tracking) + "</w:style>")

    body = geometry.BODY_SIZE
    styles = [
        style("Normal", "Normal", "fangsong", body, Para(line=LINE, first_line=INDENT, align="both", hanging_marks=False),
              based=None, tracking=SET_TRACKING).replace('w:type="paragraph"', 'w:type="paragraph" w:default="1"'),
        style("Heading1", "heading 1", "heiti", body, Para(keep_next=True), outline=0),
        style("Heading2", "heading 2", "kaiti", body, Para(keep_next=True), outline=1),
        style("Heading3", "heading 3", "fangsong", body, Para(keep_next=True), outline=2),
        style("Heading4", "heading 4", "fangsong", body, Para(keep_next=True), outline=3),
        style("DocTitle", "公文标题", "xiaobiaosong", geometry.TITLE_SIZE, Para(first_line=0, align="center"),
              tracking=0),
        style("HeadLine", "版头", "fangsong", body, Para(first_line=0, align="left")),
        style("Recipients", "主送机关", "fangsong", body, Para(first_line=0)),
        style("Closing", "落款", "fangsong", body, Para(first_line=0, align="left")),
        style("AttachmentLabel", "附件标识", "heiti", body, Para(first_line=0, align="left")),
        style("FigureTitle", "图表标题", "heiti", body, Para(first_line=0, align="center")),
        style("FigureText", "图表文字", "fangsong", 12, Para(first_line=0, align="left"), tracking=0),
        style("TableText", "表格文字", "fangsong", CELL_TEXT.size, Para(first_line=0, align="left"),
              tracking=CELL_TRACKING),
        style("Imprint", "版记", "fangsong", geometry.IMPRINT_SIZE, Para(first_line=0, align="left"), tracking=0),
        style("Folio", "页码", "songti", geometry.FOLIO_SIZE, Para(first_line=0), tracking=0),
        style("Draft", "征求意见稿", "heiti", DRAFT.size, Para(first_line=0, align="right"), tracking=0),
    ]
    defaults = ('<w:docDefaults><w:rPrDefault>' + _rpr("fangsong", body).replace(
        "</w:rPr>", '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr>')
        + '</w:rPrDefault><w:pPrDefault><w:pPr><w:widowControl/><w:snapToGrid w:val="0"/>'
        f'<w:spacing w:before="0" w:after="0" w:line="{LINE}" w:lineRule="exact"/></w:pPr></w:pPrDefault></w:docDefaults>')
    return f'{HEADER}<w:styles {NAMESPACES}>{defaults}{"".join(styles)}</w:styles>'


def _footer(odd: bool, present: bool, fonts: FontSet) -> str:
    content = ""
    if present:
        props = Para("Folio", align="right" if odd else "left", right=tw(geometry.FOLIO_SIZE) - WIDER if odd else None,
                     left=None if odd else tw(geometry.FOLIO_SIZE), line=tw(FOLIO_LINE))
        dash_left, dash_right = folio(0).split("0")
        content = (props.xml() + role_runs(dash_left, "songti", "songti", fonts)
                   + '<w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'
                   + role_runs(dash_right, "songti", "songti", fonts))
    return f"{HEADER}<w:ftr {NAMESPACES}><w:p>{content}</w:p></w:ftr>"


FOLIO_LINE = 18.0  # pt: the footer's exact line
DRAFT_LINE = 15.0


def _page_setup(metrics: FontMetrics, letter: bool) -> str:
    """A section's page: A4, the margins that put the text on the grid, header and footer
    distances that put the draft mark and the page number where the PDF has them, the grid."""
    folio_baseline = folio_line(1, metrics).runs[0].y
    footer_distance = tw(folio_baseline - (1 - BASELINE_SHARE) * FOLIO_LINE)
    draft_baseline = depth(geometry.TOP + geometry.DRAFT_RISE)
    header_distance = tw(draft_baseline - BASELINE_SHARE * DRAFT_LINE)
    return (f'<w:pgSz w:w="{tw(geometry.PAGE_WIDTH)}" w:h="{tw(geometry.PAGE_HEIGHT)}"/>'
            f'<w:pgMar w:top="{TOP_MARGIN}" w:right="{RIGHT_MARGIN}" w:bottom="{BOTTOM_MARGIN}" w:left="{LEFT_MARGIN}" '
            f'w:header="{header_distance}" w:footer="{footer_distance}" w:gutter="0"/><w:cols w:space="425"/>'
            + ("<w:titlePg/>" if letter else "") + f'<w:docGrid w:type="lines" w:linePitch="{LINE}"/>')


def write_docx(document: Document, book: Book, fonts: FontSet, target: Path | BinaryIO) -> None:
    """Write the DOCX package; the same bytes for the same document and fonts."""
    plans, info = book.pages, book.info
    metrics = FontMetrics.of(fonts)
    writer = _Writer(document, plans, fonts, list(book.figures), BodySetting.of(plans))
    package = Package()
    rels = writer.relations
    letter = document.masthead.format == "信函"
    kinds = ("default", "even") + (("first",) if letter else ())
    numbered, unnumbered = "", ""
    for kind in kinds:
        name = f"footer{kind}.xml"
        package.add(f"word/{name}", _footer(kind != "even", kind != "first", fonts), f"{MAIN}.footer+xml")
        numbered += f'<w:footerReference w:type="{kind}" r:id="{rels.add("footer", name)}"/>'
    if any(page.blank for page in plans):
        package.add("word/footerblank.xml", _footer(True, False, fonts), f"{MAIN}.footer+xml")
        rid = rels.add("footer", "footerblank.xml")
        unnumbered = "".join(f'<w:footerReference w:type="{kind}" r:id="{rid}"/>' for kind in kinds)
    headers = ""
    draft = document.furniture.draft_mark
    if draft is not None:
        header = (f'{HEADER}<w:hdr {NAMESPACES}><w:p>{Para("Draft", line=tw(DRAFT_LINE), right=-WIDER).xml()}'
                  f'{role_runs(draft.text, draft.font, draft.font, fonts)}</w:p></w:hdr>')
        package.add("word/header.xml", header, f"{MAIN}.header+xml")
        rid = rels.add("header", "header.xml")
        headers = "".join(f'<w:headerReference w:type="{kind}" r:id="{rid}"/>' for kind in kinds)
    setup = _page_setup(metrics, letter)
    writer.sections = (f"<w:sectPr>{headers}{numbered}{setup}</w:sectPr>", f"<w:sectPr>{headers}{unnumbered}{setup}</w:sectPr>")
    body = writer.build()
    # The 版记 on a page of its own goes on the next even page whatever the reader's pagination
    # (GB/T 9704 §7.4: a section starting on an even page; the reader adds a blank page before it
    # if its text ends on an even page, which LibreOffice's PDF export leaves out); after the
    # plan's blank page it has no number either (§7.5). A letter's may go on any page.
    start = "" if letter else '<w:type w:val="evenPage"/>'
    section = (f"<w:sectPr>{headers}{unnumbered if unnumbered else numbered}{start}{setup}</w:sectPr>"
               if writer.own_page else writer.sections[0])
    rels.add("styles", "styles.xml")
    rels.add("settings", "settings.xml")
    rels.add("fontTable", "fontTable.xml")
    package.add("word/document.xml", f"{HEADER}<w:document {NAMESPACES}><w:body>{body}{section}</w:body></w:document>",
                f"{MAIN}.document.main+xml")
    package.add("word/styles.xml", styles_xml(), f"{MAIN}.styles+xml")
    package.add("word/settings.xml", SETTINGS, f"{MAIN}.settings+xml")
    font_table, font_rels, font_parts = _fonts(plans, fonts)
    package.add("word/fontTable.xml", font_table, f"{MAIN}.fontTable+xml")
    package.add("word/_rels/fontTable.xml.rels", font_rels.xml())
    for name, data in font_parts.items():
        package.add(f"word/{name}", data)
    for name, data in writer.media.items():
        package.add(f"word/{name}", data)
    package.add("word/_rels/document.xml.rels", rels.xml())
    root = Relationships()
    root.add("officeDocument", "word/document.xml")
    root.add("http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties", "docProps/core.xml")
    root.add("extended-properties", "docProps/app.xml")
    root.add("custom-properties", "docProps/custom.xml")
    package.add("_rels/.rels", root.xml())
    package.add("docProps/core.xml", _core(info), "application/vnd.openxmlformats-package.core-properties+xml")
    package.add("docProps/app.xml", APP, "application/vnd.openxmlformats-officedocument.extended-properties+xml")
    package.add("docProps/custom.xml", _custom(book.fields), "application/vnd.openxmlformats-officedocument.custom-properties+xml")
    package.write(target)


SETTINGS = (f'{HEADER}<w:settings xmlns:w="{W}"><w:zoom w:percent="100"/><w:embedTrueTypeFonts/><w:saveSubsetFonts/>'
            '<w:defaultTabStop w:val="420"/><w:evenAndOddHeaders/><w:characterSpacingControl w:val="doNotCompress"/>'
            '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" '
            'w:val="15"/></w:compat></w:settings>')
APP = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns='
       '"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>briefing</Application>'
       '</Properties>')


def _fonts(plans: Sequence[PagePlan], fonts: FontSet) -> tuple[str, Relationships, dict[str, bytes]]:
    """fontTable.xml with the bundled faces embedded (subsets, obfuscated) under the office names,
    and the fallback face, when the text uses it, under its own. The digits and ASCII marks
    printed anywhere go into every face: a word processor sets a mark such as % or . between
    Chinese characters in the Chinese face (LibreOffice does)."""
    printed = characters_by_font(plans).values()
    weak = frozenset(c for chars in printed for c in chars if c.isascii() and not c.isalpha() and not c.isspace())
    subsets = subset_fonts(plans, fonts, weak)
    rels = Relationships()
    parts: dict[str, bytes] = {}
    embedded: dict[str, dict[bool, str]] = {}  # office name -> bold? -> its embed element
    names = {*OFFICE_FONTS.values(), *LATIN_FONTS.values()}
    chinese_names = set(OFFICE_FONTS.values())
    for face, data in sorted(subsets.items()):
        role = face.removeprefix(FACE_PREFIX)
        name, bold = EMBEDDED_AS.get(role) or (fallback_name(fonts), False)  # (the fallback face: role_runs')
        names.add(name)
        if role not in EMBEDDED_AS:
            chinese_names.add(name)
        key = font_key(name + ("-bold" if bold else ""), data)
        part = f"fonts/font{len(parts) + 1}.odttf"
        parts[part] = obfuscate(data, key)
        embedded.setdefault(name, {})[bold] = (f'<w:{"embedBold" if bold else "embedRegular"} '
                                               f'r:id="{rels.add("font", part)}" w:fontKey="{key}"/>')
    entries = ""
    for name in sorted(names):
        alternate = ALTERNATE_NAMES.get(name)
        chinese = name in chinese_names
        embeds = "".join(embedded.get(name, {}).get(bold, "") for bold in (False, True))  # the schema's order
        entries += (f"<w:font w:name={attr(name)}>" + (f"<w:altName w:val={attr(alternate)}/>" if alternate else "")
                    + f'<w:charset w:val="{"86" if chinese else "00"}"/><w:family w:val="{"modern" if chinese else "roman"}"/>'
                    + f'<w:pitch w:val="{"fixed" if chinese else "variable"}"/>{embeds}</w:font>')
    table = (f'{HEADER}<w:fonts xmlns:w="{W}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
             f'relationships">{entries}</w:fonts>')
    return table, rels, parts


def _iso(created: tuple[int, int] | None) -> str:
    seconds = created[0] if created is not None else calendar.timegm((2000, 1, 1, 0, 0, 0))
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


def _core(info: Info) -> str:
    when = _iso(info.created)
    return (f'{HEADER}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{text(info.title)}</dc:title><dc:subject>{text(info.subject)}</dc:subject>"
            f"<dc:creator>{text(info.author)}</dc:creator><cp:keywords>{text(info.keywords)}</cp:keywords>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified></cp:coreProperties>')


def _custom(fields: tuple[tuple[str, str], ...]) -> str:
    """The 公文 elements as custom document properties, as the OFD lists them in its DocInfo."""
    rows = "".join(f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{pid}" name={attr(name)}>'
                   f"<vt:lpwstr>{text(value)}</vt:lpwstr></property>"
                   for pid, (name, value) in enumerate(fields, 2))
    return (f'{HEADER}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
            f'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">{rows}</Properties>')
