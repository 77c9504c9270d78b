"""Plain text and Markdown drafts: one paragraph a line, as pasted from an OA system or a web
page. Markdown's heading marks give heading levels and its pipe tables become tables; the
marks taken off are kept for the report."""
from __future__ import annotations

import codecs
import re
from pathlib import Path

from .source import Draft, Para, Table, refuse

ENCODINGS = ("utf-8-sig", "gb18030")  # what Chinese text files are written in, in that order
MD_HEADING = re.compile(r"^(#{1,6})\s+")
MD_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
MD_EMPHASIS = re.compile(r"\*\*|__")


def decode(path: Path, data: bytes) -> str:
    if b"\x00" in data and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise refuse(path, "这不是文本文件（含有二进制数据），可能已损坏或扩展名写错。")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise refuse(path, "无法识别文字编码（既不是 UTF-8，也不是 GB18030/GBK）。", "用记事本另存为 UTF-8 编码后再导入。")


def read(path: Path) -> Draft:
    text = decode(path, path.read_bytes())
    markdown = path.suffix.lower() in (".md", ".markdown")
    draft = Draft(path, unit="行")
    width = wrap_width(text.splitlines()) if not markdown else None
    table: Table | None = None
    last_line = ""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            table = None
            continue
        if markdown and line.lstrip().startswith("|"):
            if MD_RULE.match(line):
                draft.removed.setdefault(number, []).append(line.strip())
                continue
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            draft.removed.setdefault(number, []).append("|" * (len(cells) + 1))
            if table is None or len(table.rows[0]) != len(cells):
                table = Table(number, [])
                draft.blocks.append(table)
            table.rows.append(cells)
            continue
        table = None
        level = 0
        if markdown:
            heading = MD_HEADING.match(line)
            if heading:
                level = len(heading.group(1))
                draft.removed.setdefault(number, []).append(heading.group(1))
                line = line[heading.end():]
            marks = MD_EMPHASIS.findall(line)
            if marks:
                draft.removed.setdefault(number, []).extend(marks)
                line = MD_EMPHASIS.sub("", line)
        previous = draft.blocks[-1] if draft.blocks else None
        if width and isinstance(previous, Para) and len(draft.blocks) > 1 and continues(last_line, line.strip(), width):
            previous.text += line.strip()
            draft.joined.setdefault(previous.number, []).append(number)
            last_line = line.strip()
            continue
        last_line = line.strip()
        # Markdown's "# 标题" is the title; "## 一、…" the first heading level.
        draft.blocks.append(Para(number, line.strip(), level=max(0, level - 1), centred=level == 1))
    return draft


ENDS = tuple("。！？；：:;!?”）)")
STARTS = re.compile(r"^(?:[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、]|第[一二三四五六七八九十百\d]+[章节条]"
                    r"|附件|抄送|主送|出席|列席|请假|[\d〇零一二三四五六七八九]{4}\s*年|[一二三四五六七八九十]是)")


def wrap_width(lines: list[str]) -> int | None:
    """The width text copied out of a PDF is broken at (a line of the page each): most lines
    not ending a sentence have it; None when lines are paragraphs (a pasted web page, an OA text)."""
    open_lines = [len(line.strip()) for line in lines if len(line.strip()) >= 20 and not line.strip().endswith(ENDS)]
    if len(open_lines) < 3:
        return None
    width = max(set(open_lines), key=open_lines.count)
    near = sum(abs(length - width) <= 1 for length in open_lines)
    long_lines = sum(len(line.strip()) >= 20 for line in lines)
    return width if near >= 3 and near >= 0.3 * long_lines else None


def continues(previous: str, line: str, width: int) -> bool:
    """`line` goes on the paragraph whose last line is `previous`: that line was full and
    ended no sentence, and this one starts no heading, label, list or date. (The first
    paragraph, the title or the mark, takes no line: it is set apart, not wrapped.)"""
    addressed = line.endswith(("：", ":")) and len(line) < width - 1  # a 主送 line, whole
    return len(previous) >= width - 1 and not previous.endswith(ENDS) and not STARTS.match(line) and not addressed
