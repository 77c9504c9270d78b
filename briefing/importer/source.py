"""What a draft holds, whatever program wrote it: numbered paragraphs, tables and pictures in
reading order, with the formatting hints that tell a 公文's elements apart (style, size,
alignment, colour). Readers for each kind of file fill it; classification reads only this."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ContentError

# Limits (README 限制): a draft is a few dozen pages, not a book.
MAX_BYTES = 50 * 1024 * 1024
MAX_PARAGRAPHS = 20_000
MAX_IMAGES = 200
CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass
class Para:
    """A paragraph of the source; `number` counts the source's paragraphs from 1 (the report
    and the user refer to them by it)."""

    number: int
    text: str
    style: str = ""  # the word processor's style name, as written
    level: int = 0  # 1–9: a heading by its style's outline level
    rank: int = -1  # the kind of heading number Word's automatic numbering prints before it (-1: none)
    size: float = 0.0  # the largest font size of its text, points (0: not known)
    bold: bool = False
    centred: bool = False
    right: bool = False
    red: bool = False  # all its text red: the 发文机关标志
    boxed: bool = False  # stood in a text box (a 版头 or 版记 line)


@dataclass
class Table:
    number: int
    rows: list[list[str]]  # one string per grid column; merged cells repeat nothing ("")
    merged: bool = False
    style: str = ""  # the style of its cells' paragraphs, when they share one


@dataclass
class Picture:
    number: int
    data: bytes
    suffix: str  # ".png", ".jpeg", … as the file names it
    width: float = 0.0  # as wide as the draft shows it, mm (0: not known)


Block = Para | Table | Picture


@dataclass
class Draft:
    path: Path
    blocks: list[Block] = field(default_factory=list)
    unit: str = "段"  # what `number` counts: 段 in a word-processor file, 行 in a text file
    removed: dict[int, list[str]] = field(default_factory=dict)  # markup a reader took off, by number
    joined: dict[int, list[int]] = field(default_factory=dict)  # lines a reader joined to a paragraph's first

    def text(self) -> str:
        parts = [b.text for b in self.blocks if isinstance(b, Para)]
        parts += [cell for b in self.blocks if isinstance(b, Table) for row in b.rows for cell in row]
        return "".join(parts)


def refuse(path: Path, message: str, hint: str = "") -> ContentError:
    return ContentError.one(None, f"无法导入“{path.name}”：{message}", hint)


def read_draft(path: Path) -> Draft:
    """The draft at `path`, by its kind; refused (ContentError) when it is none we read, too
    large, damaged, encrypted, empty or holds no Chinese text (not a draft)."""
    from . import convert, plaintext, wordfile

    if not path.is_file():
        raise refuse(path, "文件不存在。", "检查文件名和路径。")
    size = path.stat().st_size
    if size == 0:
        raise refuse(path, "文件是空的。")
    if size > MAX_BYTES:
        raise refuse(path, f"文件有 {size // 1024 // 1024} MB，超过 {MAX_BYTES // 1024 // 1024} MB 的上限。",
                     "草稿中的大图片可以先压缩，或把附件分成几个文件。")
    suffix = path.suffix.lower()
    if suffix in (".txt", ".md", ".text", ".markdown"):
        draft = plaintext.read(path)
    elif suffix == ".docx":
        draft = wordfile.read(path)
    elif suffix in (".doc", ".wps"):
        draft = convert.read_converted(path, wordfile.read)
    else:
        raise refuse(path, f"不认识扩展名“{path.suffix}”。", "能导入 .docx、.doc、.wps、.txt、.md 文件。")
    if len([b for b in draft.blocks if isinstance(b, Para)]) > MAX_PARAGRAPHS:
        raise refuse(path, f"段落超过 {MAX_PARAGRAPHS} 个。", "一个公文草稿不会这样长：请分成几个文件导入。")
    if len([b for b in draft.blocks if isinstance(b, Picture)]) > MAX_IMAGES:
        raise refuse(path, f"图片超过 {MAX_IMAGES} 张。", "请减少图片，或分成几个文件导入。")
    if len(CJK.findall(draft.text())) < 10:
        raise refuse(path, "其中几乎没有中文文字，不像是公文草稿。", "确认选对了文件。")
    return draft
