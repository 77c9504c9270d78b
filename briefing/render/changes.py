"""The 修订对照 as a printable PDF: one row per change, the old text beside the new. Lines break
between words, never inside a name: the edition's own names, a row's cells, a list's items, and
the two revisions' names."""
from __future__ import annotations

from pathlib import Path

from .. import geometry
from ..diff import Change
from ..fonts import FontSet
from ..metrics import FontMetrics
from ..compose import Document
from ..pageplan import PagePlan, Rule, placed, single_line
from ..roles import FontRole
from ..typeset import Line, Run, Style, typeset
from ..words import list_items
from ..pageplan.book import Book, Info
from .pdf import write_pdf

TEXT = Style(12, 12)
LEADING = 18
GUTTER = 12


def write_changes_pdf(changes: list[Change], old_name: str, new_name: str, document: Document, fonts: FontSet,
                      target: Path) -> None:
    """`document`: the new revision, composed (its title heads the pages; its names stay whole)."""
    metrics = FontMetrics.of(fonts)
    title, names = document.title.text, document.names
    column = (geometry.WIDTH - GUTTER) / 2
    pages = [PagePlan(1)]
    y = geometry.TOP

    def text(value: str, role: FontRole, width: float, unbroken: tuple[str, ...] = ()) -> list[Line]:
        words = (*names, *list_items(value.replace("｜", "、")))  # (a row's cells are its items)
        return typeset([Run(value, role, unbroken)], TEXT, metrics, width, align="left", words=words) if value else []

    def show(line: Line, x: float, baseline: float, size: float = TEXT.size) -> None:
        pages[-1].items.append(placed(line, geometry.LEFT + x, baseline, size, metrics, "正文"))

    def rule(width: float) -> None:
        pages[-1].items.append(Rule(geometry.LEFT, y + 8, geometry.RIGHT, y + 8, width, geometry.BLACK))

    def room(lines: int) -> None:
        nonlocal y
        if y - lines * LEADING < geometry.BOTTOM:
            pages.append(PagePlan(len(pages) + 1))
            y = geometry.TOP

    heading = single_line("修订对照", "xiaobiaosong", Style(22, 22), metrics)
    show(heading, (geometry.WIDTH - heading.width) / 2, y - 22, 22)
    y -= 44
    revisions, count = f"{old_name} → {new_name}", f"共 {len(changes)} 处"
    for line in text(f"{title}　{revisions}　{count}；〖〗内为改动的文字", "fangsong", geometry.WIDTH, (revisions, count)):
        show(line, 0, y)
        y -= LEADING
    for x, name in ((0, "原文"), (column + GUTTER, "修改后")):
        show(single_line(name, "heiti", TEXT, metrics), x, y - 4)
    y -= LEADING
    rule(1.0)
    for number, change in enumerate(changes, 1):
        head = text(f"{number}. {change.kind}　{change.place}", "heiti", geometry.WIDTH)
        old, new = text(change.old, "fangsong", column), text(change.new, "fangsong", column)
        room(len(head) + 1)
        for line in head:
            show(line, 0, y - 4)
            y -= LEADING
        for row in range(max(len(old), len(new))):
            room(1)
            for lines, x in ((old, 0.0), (new, column + GUTTER)):
                if row < len(lines):
                    show(lines[row], x, y - 4)
            y -= LEADING
        rule(0.3)
        y -= 6
    write_pdf(Book(pages, Info(f"修订对照：{title}"), ()), fonts, target)
