"""Write page plans as an OFD package (GB/T 33190-2016), with real text.

Each glyph run becomes a TextObject whose TextCode holds the Unicode text and whose
DeltaX holds the plan's advances, in a subset of the very font the PDF embeds (with
its cmap, so readers find the glyphs by character); rules and boxes become
PathObjects and the seal an ImageObject. Geometry is the plan's: points from the
bottom left become millimetres from the top left. The 公文 elements are marked as
custom tags pointing at the objects that show them, and listed in DocInfo.
See ../shared/reference/ofd.md for the format and the readers' quirks.
"""
from __future__ import annotations

import hashlib
import io
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Sequence
from xml.sax.saxutils import escape, quoteattr

from fontTools.ttLib import TTFont

from .. import memo
from .. import __version__, geometry
from ..fonts import FontSet
from ..pageplan.items import Bookmark, Box, Colour, GlyphRun, PagePlan, Picture, Rule, TextLine, Turned
from ..pageplan.book import Book
from .subset import subset_fonts

NS = "http://www.ofdspec.org/2016"
HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n'
MM_PER_PT = 25.4 / 72
# The electronic 公文's structure is GB/T 33476.1 (its 显现 and 公文域 GB/T 33476.2); its text was
# not available here, so the tags carry the elements' names in GB/T 9704 (which 33476 follows),
# under a namespace and TypeID of ours that say so. The plan's line roles map onto them.
TAGS_NAMESPACE = "urn:briefing:gbt33476:gbt9704-elements"
TAG_OF_ROLE = {
    "份号": "份号", "密级和保密期限": "密级和保密期限", "紧急程度": "紧急程度", "发文机关标志": "发文机关标志",
    "发文字号": "发文字号", "签发人": "签发人", "标题": "标题", "主送机关": "主送机关", "正文": "正文",
    "表格": "正文",  # a table is part of the body
    "附件说明": "附件说明", "出席人员": "出席人员", "发文机关署名": "发文机关署名", "成文日期": "成文日期", "附注": "附注", "附件": "附件",
    "抄送机关": "抄送机关", "印发机关": "印发机关", "印发日期": "印发日期",
}
SEAL_TAG = "印章"


def mm(points: float) -> float:
    return points * MM_PER_PT


def down(points: float) -> float:
    """A y in points from the page bottom as millimetres from the page top."""
    return (geometry.PAGE_HEIGHT - points) * MM_PER_PT


def number(value: float) -> str:
    """A length in mm as OFD writes it: 4 decimals, no trailing zeros."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def rgb(colour: Colour) -> str:
    """CMYK as the RGB a PDF viewer shows for it (the naive conversion pdfium uses)."""
    c, m, y, k = colour
    return " ".join(str(round(255 * (1 - v) * (1 - k))) for v in (c, m, y))


def deltas(values: Sequence[float]) -> str:
    """DeltaX with runs of equal values as `g N v` (a convention every reader parses)."""
    parts: list[str] = []
    shown = [number(v) for v in values]
    index = 0
    while index < len(shown):
        end = index
        while end + 1 < len(shown) and shown[end + 1] == shown[index]:
            end += 1
        count = end - index + 1
        parts.append(f"g {count} {shown[index]}" if count > 2 else " ".join(shown[index:end + 1]))
        index = end + 1
    return " ".join(parts)


@dataclass
class _Ids:
    last: int = 0

    def next(self) -> int:
        self.last += 1
        return self.last


def write_ofd(book: Book, fonts: FontSet, target: Path | BinaryIO,
              font_files: dict[str, bytes] | None = None) -> None:
    """Write the package; `font_files` (from subset_fonts) lets many copies share one subsetting."""
    files = font_files if font_files is not None else subset_fonts(book.pages, fonts)
    package = _Package(book, fonts, files)
    parts = package.parts()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(parts, key=lambda n: (n != "OFD.xml", n)):
            entry = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))  # the same bytes every build
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, parts[name])


class _Package:
    def __init__(self, book: Book, fonts: FontSet, font_files: dict[str, bytes]):
        self.plans, self.book, self.fonts, self.font_files = book.pages, book, fonts, font_files
        self.ids = _Ids()
        self.colour_space = self.ids.next()
        self.font_ids = {name: self.ids.next() for name in sorted(font_files)}
        pictures = sorted({item.path for plan in self.plans for item in plan.items if isinstance(item, Picture)})
        self.image_ids = {path: self.ids.next() for path in pictures}
        self.page_ids = [self.ids.next() for _ in self.plans]
        self.tagged: dict[str, list[tuple[int, int]]] = {}  # tag -> (page ID, object ID)

    def parts(self) -> dict[str, bytes]:
        parts: dict[str, bytes] = {}
        for index, plan in enumerate(self.plans):
            parts[f"Doc_0/Pages/Page_{index}/Content.xml"] = self._page(plan, self.page_ids[index])
        for name, data in self.font_files.items():
            parts[f"Doc_0/Res/{self._font_name(name)}.ttf"] = data
        for path, ident in self.image_ids.items():
            parts[f"Doc_0/Res/image_{ident}{path.suffix.lower()}"] = path.read_bytes()
        parts["Doc_0/PublicRes.xml"] = self._public_res()
        parts["Doc_0/DocumentRes.xml"] = self._document_res()
        parts["Doc_0/Tags/CustomTags.xml"] = _xml(
            f'<ofd:CustomTags xmlns:ofd="{NS}"><ofd:CustomTag TypeID="{TAGS_NAMESPACE}" NameSpace="{TAGS_NAMESPACE}">'
            f"<ofd:FileLoc>CustomTag.xml</ofd:FileLoc></ofd:CustomTag></ofd:CustomTags>")
        parts["Doc_0/Tags/CustomTag.xml"] = self._custom_tag()
        parts["Doc_0/Document.xml"] = self._document()  # last: MaxUnitID counts every ID given out
        parts["OFD.xml"] = self._ofd()
        return parts

    # Resources

    def _font_name(self, name: str) -> str:
        # ofd2img registers a font by its file's stem and draws by FontName: the two are kept equal,
        # ASCII with no "Bold" in them.
        return f"BriefingFont{self.font_ids[name]}"

    def _public_res(self) -> bytes:
        fonts = []
        for name, ident in self.font_ids.items():
            family = escape(_family(self.font_files[name]))
            bold = ' Bold="true"' if name.endswith(("latin_bold", "xiaobiaosong")) else ""
            fonts.append(f'<ofd:Font ID="{ident}" FontName="{self._font_name(name)}" FamilyName="{family}"{bold}>'
                         f"<ofd:FontFile>{self._font_name(name)}.ttf</ofd:FontFile></ofd:Font>")
        return _xml(f'<ofd:Res xmlns:ofd="{NS}" BaseLoc="Res"><ofd:ColorSpaces>'
                    f'<ofd:ColorSpace ID="{self.colour_space}" Type="RGB" BitsPerComponent="8"/></ofd:ColorSpaces>'
                    f"<ofd:Fonts>{''.join(fonts)}</ofd:Fonts></ofd:Res>")

    def _document_res(self) -> bytes:
        media = "".join(
            f'<ofd:MultiMedia ID="{ident}" Type="Image" Format="{"PNG" if path.suffix.lower() == ".png" else "JPEG"}">'
            f"<ofd:MediaFile>image_{ident}{path.suffix.lower()}</ofd:MediaFile></ofd:MultiMedia>"
            for path, ident in self.image_ids.items())
        body = f"<ofd:MultiMedias>{media}</ofd:MultiMedias>" if media else ""
        return _xml(f'<ofd:Res xmlns:ofd="{NS}" BaseLoc="Res">{body}</ofd:Res>')

    # Pages

    def _page(self, plan: PagePlan, page_id: int) -> bytes:
        layer = self.ids.next()
        objects = []
        for item in plan.items:
            if isinstance(item, Turned):  # a landscape table: rules and frames turned, text rotated
                for part in item.items:
                    if isinstance(part, TextLine):
                        for run in part.runs:
                            if _pieces(run.text):
                                objects.append(self._turned_text(run, self.ids.next()))
                    elif isinstance(part, Rule):
                        objects.append(self._rule(_turn_rule(part), self.ids.next()))
                    else:
                        objects.append(self._box(_turn_box(part), self.ids.next()))
            elif isinstance(item, TextLine):
                tag = TAG_OF_ROLE.get(item.role)
                for run in item.runs:
                    if not _pieces(run.text):
                        continue  # blanks only (an ideographic space): nothing to write
                    ident = self.ids.next()
                    objects.append(self._text(run, ident))
                    if tag:
                        self.tagged.setdefault(tag, []).append((page_id, ident))
            elif isinstance(item, Rule):
                objects.append(self._rule(item, self.ids.next()))
            elif isinstance(item, Box):
                objects.append(self._box(item, self.ids.next()))
            elif isinstance(item, Picture):
                ident = self.ids.next()
                if item.role == SEAL_TAG:
                    self.tagged.setdefault(SEAL_TAG, []).append((page_id, ident))
                objects.append(f'<ofd:ImageObject ID="{ident}" Boundary="{_box(item.x, item.y, item.width, item.height)}" '
                               f'CTM="{number(mm(item.width))} 0 0 {number(mm(item.height))} 0 0" '
                               f'ResourceID="{self.image_ids[item.path]}"/>')
        return _xml(f'<ofd:Page xmlns:ofd="{NS}"><ofd:Content><ofd:Layer ID="{layer}">'
                    f"{''.join(objects)}</ofd:Layer></ofd:Content></ofd:Page>")

    def _text(self, run: GlyphRun, ident: int) -> str:
        size = mm(run.size)
        pad = size / 2  # the Boundary clips: room for ink beyond the advances
        left = mm(run.x) - pad
        top = down(run.y) - size * 1.2
        width = mm(sum(run.advances)) + 2 * pad
        codes = []
        offsets = [0.0]  # each character's origin from the run's, in mm
        for advance in run.advances:
            offsets.append(offsets[-1] + mm(advance))
        for start, end in _pieces(run.text):
            delta = f' DeltaX="{deltas([mm(a) for a in run.advances[start:end - 1]])}"' if end - start > 1 else ""
            codes.append(f'<ofd:TextCode X="{number(pad + offsets[start])}" Y="{number(size * 1.2)}"{delta}>'
                         f"{escape(run.text[start:end])}</ofd:TextCode>")
        return (f'<ofd:TextObject ID="{ident}" Boundary="{number(left)} {number(top)} {number(width)} '
                f'{number(size * 1.6)}" Font="{self.font_ids[run.font]}" Size="{number(size)}">'
                f'<ofd:FillColor Value="{rgb(run.colour)}" ColorSpace="{self.colour_space}"/>{"".join(codes)}'
                "</ofd:TextObject>")

    def _turned_text(self, run: GlyphRun, ident: int) -> str:
        """A run of a landscape table: its origin (u, v) at page (RIGHT - v, BOTTOM + u), its
        text going up the page (CTM 0 -1 1 0: the run's x up the page, its y to the right)."""
        size = mm(run.size)
        origin_x, origin_y = mm(geometry.RIGHT - run.y), down(geometry.BOTTOM + run.x)
        length = mm(sum(run.advances))
        left, top = origin_x - size * 1.2, origin_y - length - size / 2
        offsets = [0.0]
        for advance in run.advances:
            offsets.append(offsets[-1] + mm(advance))
        codes = []
        for start, end in _pieces(run.text):
            delta = f' DeltaX="{deltas([mm(a) for a in run.advances[start:end - 1]])}"' if end - start > 1 else ""
            codes.append(f'<ofd:TextCode X="{number(offsets[start])}" Y="0"{delta}>{escape(run.text[start:end])}'
                         "</ofd:TextCode>")
        return (f'<ofd:TextObject ID="{ident}" Boundary="{number(left)} {number(top)} {number(size * 1.6)} '
                f'{number(length + size)}" CTM="0 -1 1 0 {number(origin_x - left)} {number(origin_y - top)}" '
                f'Font="{self.font_ids[run.font]}" Size="{number(size)}">'
                f'<ofd:FillColor Value="{rgb(run.colour)}" ColorSpace="{self.colour_space}"/>{"".join(codes)}'
                "</ofd:TextObject>")

    def _rule(self, rule: Rule, ident: int) -> str:
        width = mm(rule.width)
        left, top = mm(min(rule.x1, rule.x2)) - width, down(max(rule.y1, rule.y2)) - width
        right, bottom = mm(max(rule.x1, rule.x2)) + width, down(min(rule.y1, rule.y2)) + width
        path = (f"M {number(mm(rule.x1) - left)} {number(down(rule.y1) - top)} "
                f"L {number(mm(rule.x2) - left)} {number(down(rule.y2) - top)}")
        dash = f' DashPattern="{" ".join(number(mm(d)) for d in rule.dash)}"' if rule.dash else ""
        return (f'<ofd:PathObject ID="{ident}" Boundary="{number(left)} {number(top)} {number(right - left)} '
                f'{number(bottom - top)}" LineWidth="{number(width)}"{dash}>'
                f'<ofd:StrokeColor Value="{rgb(rule.colour)}" ColorSpace="{self.colour_space}"/>'
                f"<ofd:AbbreviatedData>{path}</ofd:AbbreviatedData></ofd:PathObject>")

    def _box(self, box: Box, ident: int) -> str:
        margin = mm(box.line_width) if box.stroke is not None else 0.0
        left, top = mm(box.x) - margin, down(box.y + box.height) - margin
        w, h = mm(box.width), mm(box.height)
        x0, y0 = number(margin), number(margin)
        x1, y1 = number(margin + w), number(margin + h)
        path = f"M {x0} {y0} L {x1} {y0} L {x1} {y1} L {x0} {y1} C"
        colours = ""
        if box.stroke is not None:
            colours += f'<ofd:StrokeColor Value="{rgb(box.stroke)}" ColorSpace="{self.colour_space}"/>'
        if box.fill is not None:
            colours += f'<ofd:FillColor Value="{rgb(box.fill)}" ColorSpace="{self.colour_space}"/>'
        stroke = "true" if box.stroke is not None else "false"
        fill = "true" if box.fill is not None else "false"
        width = f' LineWidth="{number(mm(box.line_width))}"' if box.stroke is not None else ""
        return (f'<ofd:PathObject ID="{ident}" Boundary="{number(left)} {number(top)} {number(w + 2 * margin)} '
                f'{number(h + 2 * margin)}"{width} Stroke="{stroke}" Fill="{fill}">{colours}'
                f"<ofd:AbbreviatedData>{path}</ofd:AbbreviatedData></ofd:PathObject>")

    # Document

    def _document(self) -> bytes:
        pages = "".join(f'<ofd:Page ID="{ident}" BaseLoc="Pages/Page_{index}/Content.xml"/>'
                        for index, ident in enumerate(self.page_ids))
        outline = self._outlines()
        return _xml(
            f'<ofd:Document xmlns:ofd="{NS}"><ofd:CommonData><ofd:MaxUnitID>{self.ids.last}</ofd:MaxUnitID>'
            f"<ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>"
            f"<ofd:PublicRes>PublicRes.xml</ofd:PublicRes><ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes>"
            f"</ofd:CommonData><ofd:Pages>{pages}</ofd:Pages>{outline}"
            f"<ofd:CustomTags>Tags/CustomTags.xml</ofd:CustomTags></ofd:Document>")

    def _outlines(self) -> str:
        marks = [(mark, self.page_ids[index]) for index, plan in enumerate(self.plans) for mark in plan.bookmarks]
        if not marks:
            return ""
        return f"<ofd:Outlines>{_outline_tree(marks)}</ofd:Outlines>"

    def _custom_tag(self) -> bytes:
        elements = []
        for tag in [*TAG_OF_ROLE.values(), SEAL_TAG]:
            refs = "".join(f'<ofd:ObjectRef PageRef="{page}">{ident}</ofd:ObjectRef>'
                           for page, ident in self.tagged.get(tag, []))
            if refs:
                elements.append(f"<gw:{tag}>{refs}</gw:{tag}>")
        return _xml(f'<gw:公文 xmlns:gw="{TAGS_NAMESPACE}" xmlns:ofd="{NS}">{"".join(elements)}</gw:公文>')

    def _ofd(self) -> bytes:
        info = self.book.info
        keywords = "".join(f"<ofd:Keyword>{escape(word)}</ofd:Keyword>" for word in info.keywords.split("；") if word)
        created = _date(info.created)
        custom = "".join(f"<ofd:CustomData Name={quoteattr(name)}>{escape(value)}</ofd:CustomData>"
                         for name, value in self.book.fields if value)
        doc_id = hashlib.sha256("\n".join((info.title, info.keywords)).encode("utf-8")).hexdigest()[:32]
        return _xml(
            f'<ofd:OFD xmlns:ofd="{NS}" Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo>'
            f"<ofd:DocID>{doc_id}</ofd:DocID><ofd:Title>{escape(info.title)}</ofd:Title>"
            f"<ofd:Author>{escape(info.author)}</ofd:Author><ofd:Subject>{escape(info.subject)}</ofd:Subject>"
            f"<ofd:CreationDate>{created}</ofd:CreationDate>"
            + (f"<ofd:Keywords>{keywords}</ofd:Keywords>" if keywords else "")
            + f"<ofd:Creator>briefing</ofd:Creator><ofd:CreatorVersion>{escape(__version__)}</ofd:CreatorVersion>"
            + (f"<ofd:CustomDatas>{custom}</ofd:CustomDatas>" if custom else "")
            + "</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>")


def _outline_tree(marks: list[tuple[Bookmark, int]]) -> str:
    """Nested OutlineElems: a mark belongs under the last mark of a lower level before it."""
    def element(index: int) -> tuple[str, int]:
        mark, page = marks[index]
        children, next_index = [], index + 1
        while next_index < len(marks) and marks[next_index][0].level > mark.level:
            child, next_index = element(next_index)
            children.append(child)
        action = (f'<ofd:Actions><ofd:Action Event="CLICK"><ofd:Goto><ofd:Dest Type="XYZ" PageID="{page}" '
                  f'Left="{number(mm(geometry.LEFT))}" Top="{number(down(mark.top))}"/></ofd:Goto></ofd:Action>'
                  f"</ofd:Actions>")
        return f"<ofd:OutlineElem Title={quoteattr(mark.title)}>{action}{''.join(children)}</ofd:OutlineElem>", next_index

    result, index = [], 0
    while index < len(marks):
        text, index = element(index)
        result.append(text)
    return "".join(result)


def _pieces(text: str) -> list[tuple[int, int]]:
    """Spans of a run to write as one TextCode each: no spaces (readers strip them), and a
    character outside the BMP alone (readers count UTF-16 units, not characters)."""
    spans, start = [], None
    for index, char in enumerate(text):
        if char.isspace() or ord(char) > 0xFFFF:
            if start is not None:
                spans.append((start, index))
                start = None
            if not char.isspace():
                spans.append((index, index + 1))
        elif start is None:
            start = index
    if start is not None:
        spans.append((start, len(text)))
    return spans




def _turn_rule(rule: Rule) -> Rule:
    """A rule of turned content on the page: (u, v) at (RIGHT - v, BOTTOM + u)."""
    return Rule(geometry.RIGHT - rule.y1, geometry.BOTTOM + rule.x1, geometry.RIGHT - rule.y2,
                geometry.BOTTOM + rule.x2, rule.width, rule.colour, rule.dash)


def _turn_box(box: Box) -> Box:
    return Box(geometry.RIGHT - box.y - box.height, geometry.BOTTOM + box.x, box.height, box.width, box.fill,
               box.stroke, box.line_width)


def _box(x: float, y: float, width: float, height: float) -> str:
    """An OFD Boundary for a rectangle in points (bottom-left origin)."""
    return f"{number(mm(x))} {number(down(y + height))} {number(mm(width))} {number(mm(height))}"


@memo.kept("OFD font families")
def _family(font_file: bytes) -> str:
    """The family name in a subset's name table (cached: each numbered copy reuses the subsets)."""
    font = TTFont(io.BytesIO(font_file), lazy=True)
    return str(font["name"].getDebugName(1) or "briefing")


def _date(created: tuple[int, int] | None) -> str:
    if created is None:
        return "2000-01-01"  # as the PDF: a fixed date while the content has none
    seconds, offset = created
    return time.strftime("%Y-%m-%d", time.gmtime(seconds + offset))


def _xml(body: str) -> bytes:
    return (HEADER + body).encode("utf-8")
