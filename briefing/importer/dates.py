"""Dates as drafts write them (2023-02-06, 2023/2/6, 2023.2.6, 2023年02月06日, 二〇二三年二月六日)
in the one form GB/T 9704 prints: 2023年2月6日."""
from __future__ import annotations

import re

HAN_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0", "Ｏ": "0", "О": "0"}
FULL_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_NUMERAL = r"[0-9〇○零一二三四五六七八九十Ｏ]"
# The forms, whole-line: year, month, day with 年月日 or with - / . between them.
DATE = re.compile(rf"^\s*({_NUMERAL}{{4}})\s*(?:年\s*({_NUMERAL}{{1,3}})\s*月\s*({_NUMERAL}{{1,3}})\s*日"
                  rf"|[-/.．]\s*(\d{{1,2}})\s*[-/.．]\s*(\d{{1,2}})\s*日?)\s*$")
# A date the draft has not filled in yet: ××××年×月×日, 2024年 月 日.
BLANK_DATE = re.compile(r"^\s*[\d×xX＊*　 ]{0,4}\s*年[\d×xX＊*　 ]{0,2}月[\d×xX＊*　 ]{0,3}日\s*$")


def _number(numeral: str) -> int:
    """一 to 三十一 (and Arabic digits, 〇 as a digit in years)."""
    if numeral.isdigit():
        return int(numeral)
    if "十" in numeral:
        tens, _, ones = numeral.partition("十")
        return int(HAN_DIGITS.get(tens, "1") if tens else "1") * 10 + (int(HAN_DIGITS[ones]) if ones else 0)
    return int("".join(HAN_DIGITS[c] for c in numeral))


def normal_date(text: str) -> str | None:
    """`text` (a whole line) as 2023年2月6日, or None when it is not a date."""
    match = DATE.match(text.translate(FULL_DIGITS))
    if match is None:
        return None
    try:
        year = _number(match.group(1))
        month = _number(match.group(2) or match.group(4))
        day = _number(match.group(3) or match.group(5))
    except (KeyError, ValueError):
        return None
    if not (1900 <= year <= 2200 and 1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year}年{month}月{day}日"


def is_blank_date(text: str) -> bool:
    return BLANK_DATE.match(text) is not None
