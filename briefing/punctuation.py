"""Marks the tool prints itself, and doubled marks: text copied from an old document often
carries the colon after 主送, the full stop after 抄送, the 附注's parentheses or the
“附件：” label, which would then print twice.

What the tool adds is taken off the typed text with a warning; doubled marks and ASCII
marks left inside Chinese text are warned about, never changed silently.
"""
from __future__ import annotations

import dataclasses
import re

from .errors import Report, locate
from .model import Edition
from .text import Text, cjk_at

# (what the tool adds, the pattern of the same typed by hand, the element's name)
RECIPIENT_END = (re.compile(r"[：:，,、；;。.]+$"), "主送机关后的冒号由程序加上")
CC_END = (re.compile(r"[。.，,、；;]+$"), "抄送机关后的句号由程序加上")
NOTE_BRACKETS = (re.compile(r"^[（(](.*)[）)]$", re.S), "附注的圆括号由程序加上")
PRINT_DATE_END = (re.compile(r"印发$"), "印发日期后的“印发”二字由程序加上")
ATTACHMENT_LABEL = (re.compile(r"^附件\s*\d*\s*[：:．.、]\s*"), "附件标题前的“附件”及序号由程序加上")

DOUBLED = re.compile(r"([，。、；：？！（）《》“”])\1")
ASCII_MARK = re.compile(r"[.\"']")  # wrong after a CJK character; a quote also before one (cjk_at)


def without_added(text: Text | None, rule: tuple[re.Pattern, str], report: Report) -> Text | None:
    """The text without what the tool adds itself, warning where it was typed."""
    if text is None:
        return None
    pattern, what = rule
    match = pattern.search(text.value)
    if not match or match.group() == "":
        return text
    kept = match.group(1) if pattern.groups else pattern.sub("", text.value)
    report.warn(text.where, f"{what}，这里又手写了“{match.group() if not pattern.groups else '（ ）'}”，已去掉。",
                "删除手写的部分，以免印出两遍。")
    return dataclasses.replace(text, value=kept.strip(), literal=pattern.sub(r"\1" if pattern.groups else "",
                                                                              text.literal).strip())


def check_marks(edition: Edition, report: Report) -> None:
    """Warn about doubled marks (，， 。。 （（) and ASCII marks inside Chinese text."""
    for text in edition.texts():
        for match in DOUBLED.finditer(text.literal):
            report.warn(locate(text.where, match.group()), f"标点“{match.group()}”重复。", "删去一个。")
        for match in ASCII_MARK.finditer(text.literal):
            quote = match.group() != "."
            if cjk_at(text.literal, match.start() - 1) or quote and cjk_at(text.literal, match.end()):
                report.warn(locate(text.where, match.group()), f"中文里用了半角标点“{match.group()}”。",
                            "改成全角标点（。“”‘’）。")
