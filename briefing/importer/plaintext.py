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
    table: Table | None = None
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
        # Markdown's "# 标题" is the title; "## 一、…" the first heading level.
        draft.blocks.append(Para(number, line.strip(), level=max(0, level - 1), centred=level == 1))
    return draft
