"""Numbers in table columns: which columns hold numbers (set on the decimal point by
default, serial numbers centred) and a column's sum, written with the precision and
thousands separators of its inputs (a 合计 row)."""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Sequence

NUMBER = re.compile(r"(?P<sign>[-+－]?)(?P<digits>\d{1,3}(?:,\d{3})+|\d+)(?P<fraction>\.\d+)?(?P<percent>[%％]?)")
BLANKS = frozenset({"", "-", "—", "－", "/", "／", "——"})  # an empty cell, as offices mark one
ORDINALS = ("序号", "编号")
RATIOS = ("%", "％", "率", "比重", "占比", "增速", "增幅", "进度")  # a header over shares: a sum means nothing


def is_number(text: str) -> bool:
    return NUMBER.fullmatch(text.strip()) is not None


def numeric(cells: Sequence[str]) -> bool:
    """A column of numbers: every cell a number or blank, at least one number."""
    texts = [cell.strip() for cell in cells]
    return any(text not in BLANKS for text in texts) and all(text in BLANKS or is_number(text) for text in texts)


def ordinal(header: str) -> bool:
    """A column of serial numbers (序号), centred as offices set it, and never added up."""
    return any(word in header for word in ORDINALS)


def serials(header: str, cells: Sequence[str]) -> list[int | None] | None:
    """A 序号 column's numbers (None for a blank cell): whole numbers under a header naming them
    that count the rows (under 编号, only from 1: else they are codes); None for any other
    column. Such a column counts rows; it does not name them."""
    texts = [cell.strip() for cell in cells]
    if not ordinal(header) or not numeric(texts) or not all(text in BLANKS or text.isdecimal() for text in texts):
        return None
    numbers = [None if text in BLANKS else int(text) for text in texts]
    return numbers if "序号" in header or next(n for n in numbers if n is not None) == 1 else None


def serial_break(numbers: Sequence[int | None]) -> tuple[int, int] | None:
    """(row, the number it should have) where the count 1, 2, 3 … breaks, blank cells skipped."""
    counted = [(row, number) for row, number in enumerate(numbers) if number is not None]
    return next(((row, expected) for expected, (row, number) in enumerate(counted, 1) if number != expected), None)


def summable(header: Sequence[str], cells: Sequence[str]) -> bool:
    """Numbers that add up: not percentages, nor under a header naming a rate or a share."""
    return (numeric(cells) and not any(cell.strip().endswith(("%", "％")) for cell in cells)
            and not any(word in text for text in header for word in RATIOS) and not any(map(ordinal, header)))


def total(cells: Sequence[str]) -> str:
    """The sum of a column's numbers with as many decimals as the most precise of them, with
    thousands separators if any of them has them."""
    numbers = [NUMBER.fullmatch(cell.strip()) for cell in cells if cell.strip() not in BLANKS]
    matches = [match for match in numbers if match is not None]
    places = max((len(match["fraction"] or ".") - 1 for match in matches), default=0)
    value = sum((Decimal(("-" if match["sign"] in "-－" and match["sign"] else "") + match["digits"].replace(",", "")
                         + (match["fraction"] or "")) for match in matches), Decimal(0))
    grouped = any("," in match["digits"] for match in matches)
    return f"{value:{',' if grouped else ''}.{places}f}"
