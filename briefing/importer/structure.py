"""A part's body material as content: headings of every level (typed numbers taken off, as
the program prints them) nest into sections, a numbered paragraph that runs on after its
first sentence is a lead, tables become table blocks, pictures image blocks. 一是…二是…
stay in their paragraphs."""
from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..images import image_problem
from ..validate import IMAGE_WIDTH, MAX_TABLE_COLUMNS
from . import elements as el
from .notes import Notes
from .source import Block, Para, Picture, Table

MIN_WIDTH = 10  # mm: the narrowest picture the content takes (README 限制)
LEVELS = 4  # 一、（一）1.（1）: the levels the program numbers
LEVEL_NAMES = {1: "一级标题", 2: "二级标题", 3: "三级标题", 4: "四级标题"}
CAPTION = re.compile(r"^(?:附?表)\s*\d+")
FIGURE_CAPTION = re.compile(r"^图\s*\d+")
CAPTION_STYLES = ("图表标题",)
CARD_STYLES = ("图表文字",)  # the figure cards briefing writes: made from a registry, not text
PICTURE_SUFFIXES = {".png": ".png", ".jpg": ".jpg", ".jpeg": ".jpg"}
SENTENCE = re.compile(r"^(.+?[。！？])(.+)$", re.S)


@dataclass
class Node:
    heading: str
    level: int
    body: list = field(default_factory=list)
    sections: list["Node"] = field(default_factory=list)

    def data(self) -> dict:
        result: dict = {"heading": self.heading}
        if self.body:
            result["body"] = self.body
        if self.sections:
            result["sections"] = [s.data() for s in self.sections]
        return result


class Structurer:
    """Turns the blocks of one part (the main text, an attachment) into body and sections;
    pictures are collected, named by their order in the whole draft."""

    def __init__(self, notes: Notes, pictures: dict[str, bytes]):
        self.notes = notes
        self.pictures = pictures

    def part(self, blocks: list[Block], where: str) -> tuple[list, list[dict]]:
        self.where = where + "："
        root = Node("", 0)
        self.stack = [root]
        self.ranks: list[int] = []  # the typed numbering kind of each open section (-1: by style)
        self.last: Para | None = None  # the paragraph last placed in a body: a table's caption?
        index = 0
        while index < len(blocks):
            block = blocks[index]
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            if isinstance(block, Para):
                self.paragraph(block)
            elif isinstance(block, Table):
                self.table(block)
            elif isinstance(block, Picture):
                if self.picture(block, following):
                    index += 1  # its caption
            index += 1
        return root.body, [s.data() for s in root.sections]

    def place(self, number: int, what: str, detail: str = "") -> None:
        self.notes.placed(number, f"{self.where}{what}", detail)

    def paragraph(self, block: Para) -> None:
        text = block.text.strip()
        typed = el.heading_number(text) or ((block.rank, "") if block.rank >= 0 else None)
        depth = 0
        if block.level:  # a heading style says the level (a level skipped counts as the next)
            depth = min(block.level, len(self.stack))
        elif typed:  # the typed number's kind: a kind met before closes what was opened after it
            depth = next((i + 1 for i, rank in enumerate(self.ranks) if rank >= typed[0]), len(self.stack))
        if not depth or depth > LEVELS:
            if depth > LEVELS:
                self.place(block.number, "段落", f"第{depth}层编号，程序只编四层，保留手写的编号")
            elif el.ARTICLE.match(text):
                self.place(block.number, "段落", "条文编号“第…条”保留在段落中")
            else:
                self.place(block.number, "段落")
            self.stack[-1].body.append(text)
            self.last = block
            return
        rest = text[len(typed[1]):].strip() if typed else text
        removed = (f"删去手写编号“{typed[1].strip()}”" if typed and typed[1] else
                   "Word 的自动编号，由程序生成" if typed else "编号由程序生成")
        del self.stack[depth:], self.ranks[depth - 1:]
        container = self.stack[-1]
        lead = SENTENCE.match(rest) if not block.level else None
        if lead and lead.group(2).strip():
            if not container.sections:
                container.body.append({"lead": lead.group(1), "text": lead.group(2).strip()})
                self.place(block.number, f"{LEVEL_NAMES[depth]}的小标题句和段落", removed)
                return
            self.notes.guessed(block.number, f"小标题句“{lead.group(1)}”排在同级标题之后，改作{LEVEL_NAMES[depth]}，"
                                             "其后的文字作为该节的段落")
            section = Node(lead.group(1), depth, [lead.group(2).strip()])
        else:
            section = Node(rest, depth)
        container.sections.append(section)
        self.stack.append(section)
        self.ranks.append(typed[0] if typed and not block.level else -1)
        self.place(block.number, LEVEL_NAMES[depth], removed)

    def table(self, block: Table) -> None:
        body = self.stack[-1].body
        if block.style in CARD_STYLES:
            previous = self.last
            if previous is not None and previous.style in CAPTION_STYLES and body and body[-1] == previous.text:
                body.pop()  # the panel's title
                self.notes.lines = [line for line in self.notes.lines if line[0] != previous.number]
                self.notes.dropped(previous.number, "指标面板的标题，由指标登记表生成，未导入", previous.text)
            self.notes.dropped(block.number, "指标卡，由指标登记表生成，未导入", " ".join(c for r in block.rows for c in r))
            return
        width = max(len(row) for row in block.rows)
        rows = [row + [""] * (width - len(row)) for row in block.rows]
        rows = [row for row in rows if any(cell.strip() for cell in row)]
        if width > MAX_TABLE_COLUMNS or len(rows) < 2:
            why = f"有 {width} 栏，超过 {MAX_TABLE_COLUMNS} 栏" if width > MAX_TABLE_COLUMNS else "只有一行"
            for row in rows:
                body.append("　".join(cell.strip() for cell in row if cell.strip()))
            self.place(block.number, "段落", f"表格{why}，每行写成一段，各格以全角空格分开")
            return
        caption = "{待定：表题}"
        previous = self.last
        if previous is not None and body and body[-1] == previous.text.strip() and (
                CAPTION.match(previous.text.strip()) or previous.style in CAPTION_STYLES):
            caption = body.pop()
            self.notes.lines = [line for line in self.notes.lines if line[0] != previous.number]
            self.place(previous.number, "表题")
        table: dict = {"table": caption, "header": [c.strip() for c in rows[0]],
                       "rows": [[c.strip() for c in row] for row in rows[1:]]}
        if block.merged and any(not row[0].strip() for row in rows[1:]):
            table["merge_first"] = True
        body.append(table)
        self.place(block.number, "表格", ("合并的单元格：内容写在第一格，其余为空" if block.merged else "")
                   + ("；原文表题没有，写成 {待定：表题}" if caption.startswith("{待定") else ""))

    def picture(self, block: Picture, following: Block | None) -> bool:
        """An image block for a PNG or JPEG picture (a caption 图1… under it taken along);
        True when the caption was."""
        suffix = PICTURE_SUFFIXES.get(block.suffix)
        name = f"images/图片{len(self.pictures) + 1}{suffix}"
        problem = "只能使用 PNG 和 JPEG 图片" if suffix is None else picture_problem(block.data, suffix)
        if problem:
            self.notes.dropped(block.number, f"图片不能使用：{problem}", f"{block.suffix} 图片，{len(block.data)} 字节")
            return False
        self.pictures[name] = block.data
        item: dict = {"image": name}
        if MIN_WIDTH <= block.width < IMAGE_WIDTH:  # narrower than the 版心: as the draft shows it
            item["width"] = block.width
        captioned = isinstance(following, Para) and FIGURE_CAPTION.match(following.text.strip()) is not None
        if captioned:
            assert isinstance(following, Para)
            item["caption"] = following.text.strip()
            self.place(following.number, "图题")
        self.stack[-1].body.append(item)
        self.place(block.number, "图片", f"复制为 {name}")
        return captioned



def picture_problem(data: bytes, suffix: str) -> str | None:
    with tempfile.NamedTemporaryFile(suffix=suffix) as file:
        file.write(data)
        file.flush()
        return image_problem(Path(file.name))
