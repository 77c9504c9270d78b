"""The 修订对照 as a printable PDF: one row per change, the old text beside the new."""
from __future__ import annotations

from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from .. import layout
from ..diff import Change
from ..fonts import FontSet
from ..typeset import Run, Style, typeset
from .flowables import draw_lines
from .metrics import FontMetrics
from .pages import single_line

TEXT = Style(12, 12)
LEADING = 18
GUTTER = 12


def write_changes_pdf(changes: list[Change], old_name: str, new_name: str, title: str, fonts: FontSet,
                      target: Path) -> None:
    metrics = FontMetrics(fonts)
    canv = Canvas(str(target), pagesize=(layout.PAGE_WIDTH, layout.PAGE_HEIGHT), invariant=1,
                  initialFontName=fonts.face("fangsong").name)
    canv.setTitle(f"修订对照：{title}")
    column = (layout.WIDTH - GUTTER) / 2
    y = layout.TOP

    def text(value: str, role: str, x: float, width: float) -> list:
        return typeset([Run(value, role)], TEXT, metrics, width, align="left") if value else []

    def room(lines: int) -> None:
        nonlocal y
        if y - lines * LEADING < layout.BOTTOM:
            canv.showPage()
            y = layout.TOP

    heading = single_line("修订对照", "xiaobiaosong", Style(22, 22), metrics)
    draw_lines(canv, [heading], layout.LEFT + (layout.WIDTH - heading.width) / 2, y - 22, 22)
    y -= 44
    for line in text(f"{title}　{old_name} → {new_name}　共 {len(changes)} 处；〖〗内为改动的文字", "fangsong", 0,
                     layout.WIDTH):
        draw_lines(canv, [line], layout.LEFT, y, TEXT.size)
        y -= LEADING
    for x, name in ((0, "原文"), (column + GUTTER, "修改后")):
        draw_lines(canv, [single_line(name, "heiti", TEXT, metrics)], layout.LEFT + x, y - 4, TEXT.size)
    y -= LEADING
    canv.line(layout.LEFT, y + 8, layout.RIGHT, y + 8)
    for number, change in enumerate(changes, 1):
        head = text(f"{number}. {change.kind}　{change.place}", "heiti", 0, layout.WIDTH)
        old, new = text(change.old, "fangsong", 0, column), text(change.new, "fangsong", 0, column)
        room(len(head) + 1)
        for line in head:
            draw_lines(canv, [line], layout.LEFT, y - 4, TEXT.size)
            y -= LEADING
        for row in range(max(len(old), len(new))):
            room(1)
            for lines, x in ((old, 0), (new, column + GUTTER)):
                if row < len(lines):
                    draw_lines(canv, [lines[row]], layout.LEFT + x, y - 4, TEXT.size)
            y -= LEADING
        canv.setLineWidth(0.3)
        canv.line(layout.LEFT, y + 8, layout.RIGHT, y + 8)
        y -= 6
    canv.showPage()
    canv.save()
