"""The writing conventions GB/T 9704 sets for a notice's fixed elements.

Dates in Arabic digits without zero padding (2023年2月6日, §7.3.5), and the
发文字号 with the year in full inside 六角括号 and an unpadded serial
(榕科〔2023〕1号, §7.2.5). Placeholders are left alone: they are reported already.
"""
from __future__ import annotations

import datetime
import re

from .errors import Report, locate
from .text import Text

DATE = re.compile(r"(?P<year>[1-9]\d{3})年(?P<month>[1-9]\d?)月(?P<day>[1-9]\d?)日")
NUMBER = re.compile(r".+〔[1-9]\d{3}〕[1-9]\d*号")
WRONG_BRACKETS = re.compile(r"[\[［【（(](\d{4})[\]］】）)]")


def check_conventions(date: Text | None, print_date: Text | None, number: Text | None, report: Report) -> None:
    """Checked as the fields are read, so a missing field elsewhere hides none of these."""
    for name, text in (("成文日期", date), ("印发日期", print_date)):
        if text is None or text.placeholders:
            continue
        written = DATE.fullmatch(text.value)
        if not written:
            report.error(text.where, f"{name}“{text.value}”的写法不对。",
                         "用阿拉伯数字写全年、月、日，月和日不补零，例如 2023年2月6日。")
        elif not _real(*(int(written.group(part)) for part in ("year", "month", "day"))):
            report.error(text.where, f"{name}“{text.value}”不是日历上的日期。", "核对月份（1–12）和这个月的天数。")
    if number is not None and not number.placeholders and not NUMBER.fullmatch(number.value):
        wrong = WRONG_BRACKETS.search(number.value)
        hint = (f"年份要用六角括号“〔〕”：把“{wrong.group()}”改成“〔{wrong.group(1)}〕”。" if wrong else
                "写成“机关代字〔年份〕序号号”，年份写全，序号不编虚位、不加“第”，例如 榕科〔2023〕1号。")
        report.error(locate(number.where, number.value[:4]), f"发文字号“{number.value}”的写法不对。", hint)


def _real(year: int, month: int, day: int) -> bool:
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True
