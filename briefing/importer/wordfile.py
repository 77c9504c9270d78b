"""DOCX drafts, read in document order: paragraphs (text boxes too, as the 版头 and 版记 of a
写好的公文 stand in them), tables with their merged cells, and pictures. python-docx opens the
package; the order and the text boxes need the XML itself."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

import docx
from docx.document import Document
from docx.oxml.ns import qn
from docx.shared import RGBColor
from docx.text.paragraph import Paragraph

from .source import Draft, Para, Picture, Table, refuse

OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # an old binary Word file, or an encrypted OOXML package
FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"  # the copy of a text box for old readers: the same text again
TEXT_BOX = qn("w:txbxContent")
HEADING_STYLES = ("heading ", "标题 ")
EMU_PER_MM = 36000
FURNITURE = "页眉页脚"  # the style name given to a header's or footer's text


def read(path: Path) -> Draft:
    with path.open("rb") as file:
        if file.read(4) == OLE_MAGIC:
            raise refuse(path, "文件已加密（设了打开密码），或其实是旧的 .doc 格式。",
                         "在 Word/WPS 中去掉密码后另存为 .docx；是 .doc 文件时把扩展名改回 .doc。")
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises many kinds on a damaged package
        raise refuse(path, f"文件已损坏，或不是 Word 文档（{type(exc).__name__}）。",
                     "在 Word/WPS 中打开并另存为 .docx 后再导入。") from None
    draft = Draft(path)
    reader = _Reader(document, draft)
    reader.body(document.element.body)
    reader.furniture()
    return draft


class _Reader:
    def __init__(self, document: Document, draft: Draft):
        self.document = document
        self.draft = draft
        self.number = 0

    def next_number(self) -> int:
        self.number += 1
        return self.number

    def body(self, element) -> None:
        for child in element.iterchildren():
            if child.tag == qn("w:p"):
                self.paragraph(child)
            elif child.tag == qn("w:tbl"):
                self.table(child)
            elif child.tag in (qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")):
                self.body(child)

    def furniture(self) -> None:
        """The headers' and footers' text, after the body (numbered on), once each: for the
        report, as the page furniture it is."""
        seen = set()
        for section in self.document.sections:
            for part in (section.header, section.footer, section.first_page_header, section.first_page_footer,
                         section.even_page_header, section.even_page_footer):
                if part.is_linked_to_previous:
                    continue
                for element in part._element.iter(qn("w:p")):
                    text = _text(element).strip()
                    if text and text not in seen:
                        seen.add(text)
                        self.draft.blocks.append(Para(self.next_number(), text, style=FURNITURE))

    def paragraph(self, element, boxed: bool = False) -> None:
        for box in _own(element, TEXT_BOX):  # the 版头/版记 anchored here come first
            for inner in box.iterchildren(qn("w:p")):
                self.paragraph(inner, boxed=True)
        paragraph = Paragraph(element, self.document)
        text = _text(element)
        pictures = [self.picture(blip) for blip in _own(element, qn("a:blip"))]
        if text.strip():
            self.draft.blocks.append(self.para(paragraph, text, boxed))
        self.draft.blocks.extend(p for p in pictures if p is not None)

    def para(self, paragraph: Paragraph, text: str, boxed: bool) -> Para:
        name = _style_name(paragraph)
        level = _outline_level(paragraph)
        alignment = _alignment(paragraph)
        sizes, reds, bolds = [], [], []
        for run in paragraph.runs:
            if not run.text.strip():
                continue
            size = run.font.size or _style_size(paragraph)
            sizes.append(size.pt if size else 0.0)
            colour = run.font.color.rgb if run.font.color is not None and run.font.color.type is not None else None
            reds.append(isinstance(colour, RGBColor) and colour[0] > 0xB0 and colour[1] < 0x60 and colour[2] < 0x60)
            bolds.append(bool(run.bold))
        return Para(self.next_number(), text, style=name, level=level, rank=self.numbering(paragraph),
                    size=max(sizes, default=0.0),
                    bold=bool(bolds) and all(bolds), centred=alignment == "center",
                    right=alignment in ("right", "end"), red=bool(reds) and all(reds), boxed=boxed)

    def numbering(self, paragraph: Paragraph) -> int:
        """The kind of heading number (elements.HEADING_NUMBERS' rank) Word's automatic
        numbering prints before the paragraph, by its level's format (一、 is chineseCounting
        with “%1、”); -1 for none or another kind (bullets)."""
        props = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        style = paragraph.style
        while props is None and style is not None:
            props = style.element.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            style = style.base_style
        if props is None or props.find(qn("w:numId")) is None:
            return -1
        ident = props.find(qn("w:numId")).get(qn("w:val"))
        depth = props.find(qn("w:ilvl")).get(qn("w:val"), "0") if props.find(qn("w:ilvl")) is not None else "0"
        try:
            numbering = self.document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return -1
        num = next((n for n in numbering.iterchildren(qn("w:num")) if n.get(qn("w:numId")) == ident), None)
        abstract = num.find(qn("w:abstractNumId")) if num is not None else None
        if abstract is None:
            return -1
        definition = next((a for a in numbering.iterchildren(qn("w:abstractNum"))
                           if a.get(qn("w:abstractNumId")) == abstract.get(qn("w:val"))), None)
        level = next((lvl for lvl in (definition.iterchildren(qn("w:lvl")) if definition is not None else [])
                      if lvl.get(qn("w:ilvl")) == depth), None)
        if level is None:
            return -1
        form = level.find(qn("w:numFmt"))
        shown = level.find(qn("w:lvlText"))
        return number_rank(form.get(qn("w:val"), "") if form is not None else "",
                           shown.get(qn("w:val"), "") if shown is not None else "")

    def picture(self, blip) -> Picture | None:
        ident = blip.get(qn("r:embed"))
        part = self.document.part.related_parts.get(ident) if ident else None
        if part is None:
            return None
        suffix = Path(str(part.partname)).suffix.lower()
        drawing = next((a for a in blip.iterancestors() if a.tag in (qn("wp:inline"), qn("wp:anchor"))), None)
        extent = drawing.find(qn("wp:extent")) if drawing is not None else None
        width = int(extent.get("cx", "0")) / EMU_PER_MM if extent is not None else 0.0
        return Picture(self.next_number(), part.blob, suffix, round(width, 1))

    def table(self, element) -> None:
        if next(element.iter(qn("a:blip")), None) is not None:  # a frame holding a picture (and its caption)
            for paragraph in element.iter(qn("w:p")):
                self.paragraph(paragraph)
            return
        rows: list[list[str]] = []
        merged = False
        styles: set[str] = set()
        for tr in element.iterchildren(qn("w:tr")):
            row: list[str] = []
            for tc in tr.iterchildren(qn("w:tc")):
                props = tc.find(qn("w:tcPr"))
                span = props.find(qn("w:gridSpan")) if props is not None else None
                vmerge = props.find(qn("w:vMerge")) if props is not None else None
                continued = vmerge is not None and vmerge.get(qn("w:val")) in (None, "continue")
                text = "" if continued else "\n".join(_text(p) for p in tc.iter(qn("w:p")) if _text(p).strip())
                styles.update(_style_name(Paragraph(p, self.document)) for p in tc.iter(qn("w:p")))
                width = int(span.get(qn("w:val"))) if span is not None else 1
                merged = merged or continued or width > 1
                row += [text] + [""] * (width - 1)
            rows.append(row)
        if any(cell.strip() for row in rows for cell in row):
            self.draft.blocks.append(Table(self.next_number(), rows, merged, styles.pop() if len(styles) == 1 else ""))


CHINESE_FORMATS = ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "ideographTraditional",
                   "japaneseCounting", "taiwaneseCounting")


def number_rank(form: str, shown: str) -> int:
    """The typed-number kind an automatic number of format `form` shown as `shown` prints:
    0 第一章, 2 一、, 3 （一）, 4 1., 5 （1）; -1 for others."""
    bracketed = shown.strip().startswith(("（", "("))
    if form in CHINESE_FORMATS:
        if shown.startswith("第") and "章" in shown:
            return 0
        return 3 if bracketed else 2 if not shown.startswith("第") else -1
    if form in ("decimal", "decimalFullWidth", "decimalHalfWidth"):
        return 5 if bracketed else 4
    return -1


def _own(element, tag: str) -> Iterator:
    """Descendants `tag` of `element` that are not in an old readers' fallback copy nor in a
    nested text box (they are read with their own paragraph)."""
    for found in element.iter(tag):
        parent = found.getparent()
        inside = False
        while parent is not None and parent is not element:
            if parent.tag == FALLBACK or (parent.tag == TEXT_BOX and found.tag != TEXT_BOX):
                inside = True
                break
            parent = parent.getparent()
        if not inside:
            yield found


def _text(element) -> str:
    """The paragraph's visible text: tabs as tabs, line breaks as newlines; deleted text,
    field codes and text boxes anchored in it left out."""
    parts = []
    for node in _own(element, qn("w:r")):
        for child in node.iterchildren():
            if child.tag == qn("w:t"):
                parts.append(child.text or "")
            elif child.tag == qn("w:tab"):
                parts.append("\t")
            elif child.tag in (qn("w:br"), qn("w:cr")) and child.get(qn("w:type")) in (None, "textWrapping"):
                parts.append("\n")
    return "".join(parts)


def _outline_level(paragraph: Paragraph) -> int:
    """1–9 for a heading (by its outline level, or a style named heading N / 标题 N), else 0."""
    style = paragraph.style
    while style is not None:
        name = (style.name or "").lower()
        for prefix in HEADING_STYLES:
            if name.startswith(prefix) and name[len(prefix):].strip().isdigit():
                return int(name[len(prefix):])
        style = style.base_style
    found = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
    if found is not None and found.get(qn("w:val"), "9").isdigit() and int(found.get(qn("w:val"))) < 9:
        return int(found.get(qn("w:val"))) + 1
    return 0


def _alignment(paragraph: Paragraph) -> str:
    """w:jc of the paragraph or of its style chain, as written ("center", "end", "both" …):
    read from the XML, as python-docx knows no "start"/"end" (LibreOffice writes them)."""
    found = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:jc')}")
    style = paragraph.style
    while found is None and style is not None:
        found = style.element.find(f"{qn('w:pPr')}/{qn('w:jc')}")
        style = style.base_style
    return found.get(qn("w:val"), "") if found is not None else ""


def _style_size(paragraph: Paragraph):
    style = paragraph.style
    while style is not None:
        if style.font.size is not None:
            return style.font.size
        style = style.base_style
    return None


def _style_name(paragraph: Paragraph) -> str:
    return (paragraph.style.name or "") if paragraph.style is not None else ""
