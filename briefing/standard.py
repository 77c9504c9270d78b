"""GB/T 9704-2012 as the conformance check reads it: the standard's own figures, written
from the standard (see ../shared/reference/gbt9704.md), in PDF points with the origin at the
bottom left. The typesetter's geometry lives in `geometry`; the checker compares against this."""
from __future__ import annotations

MM = 72 / 25.4

PAPER_WIDTH, PAPER_HEIGHT = 210 * MM, 297 * MM  # §5.1 A4
LEFT = 28 * MM  # §5.2.1 订口 (左白边) 28 mm
TOP = PAPER_HEIGHT - 37 * MM  # 天头 37 mm
RIGHT = LEFT + 156 * MM  # 版心 156 × 225 mm
BOTTOM = TOP - 225 * MM
LINES_PER_PAGE = 22  # §5.2.3 一般每面排 22 行，每行排 28 个字，并撑满版心
CHARS_PER_LINE = 28
CELL = 156 * MM / CHARS_PER_LINE  # a character's share of a full line
# §5.2.3 sets 22 lines in the 225 mm 版心, not a pitch: the nominal one is Word's 22-line
# document grid, 579 twips, which 22 lines fit in (gbt9704.md §2.1); lines are found on it.
PITCH = 28.95
# A Han character's em box reaches 0.88 em above its baseline (the ideographic em box, 880 of
# 1000 units, in the bundled faces and CJK fonts generally): from a baseline to its line's top.
ASCENT = 0.88
# §7.3.5.5: to keep the 署名 with the text, 采取调整行距、字距的措施; how close lines may come is
# not given: 26 pt keeps a 16 pt line's leading above 1.6 (the grid's is 1.81).
TIGHTEST_PITCH = 26.0

BODY_SIZE = 16.0  # §5.2.2 正文 3号
TITLE_SIZE = 22.0  # §7.3.1 标题 2号
IMPRINT_SIZE = 14.0  # §7.4.2 版记 4号
FOLIO_SIZE = 14.0  # §7.5 页码 4号
