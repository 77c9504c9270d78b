"""A page plan as text, one line per item, positions rounded to a tenth of a point: what the
golden files in tests/golden hold, so that a layout change reads as a diff of lines."""
from __future__ import annotations

from .book import Book
from .items import Box, Colour, Item, Picture, Rule, TextLine


def dump(book: Book) -> str:
    info = book.info
    lines = [f"info title={info.title} author={info.author} subject={info.subject} keywords={info.keywords}"]
    lines += [f"field {name}={value!r}" for name, value in book.fields]
    for page in book.pages:
        lines.append(f"page {page.number}" + (" blank" if page.blank else ""))
        lines += [f"  bookmark {mark.level} top={_n(mark.top)} {mark.title}" for mark in page.bookmarks]
        for item in page.items:
            lines += _item(item, "  ")
    return "\n".join(lines) + "\n"


def _item(item: Item | TextLine | Rule | Box, indent: str) -> list[str]:
    if isinstance(item, TextLine):
        if not item.runs:
            return [f"{indent}text {item.role} (empty) {item.text!r}"]
        first, last = item.runs[0], item.runs[-1]
        faces = ",".join(dict.fromkeys(run.font.removeprefix("briefing-") for run in item.runs))
        spacing = max(run.char_space for run in item.runs)
        return [f"{indent}text {item.role} x={_n(first.x)}..{_n(last.x + sum(last.advances))} y={_n(first.y)} "
                f"size={_n(first.size)} {faces}{f' space={_n(spacing)}' if spacing else ''}{_colour(first.colour)} "
                f"{item.text!r}"]
    if isinstance(item, Rule):
        return [f"{indent}rule {_n(item.x1)},{_n(item.y1)} {_n(item.x2)},{_n(item.y2)} w={_n(item.width)}"
                f"{_colour(item.colour)}{f' dash={item.dash}' if item.dash else ''}"]
    if isinstance(item, Box):
        return [f"{indent}box {_n(item.x)},{_n(item.y)} {_n(item.width)}x{_n(item.height)}"
                + (f" fill{_colour(item.fill)}" if item.fill else "")
                + (f" stroke{_colour(item.stroke)} w={_n(item.line_width)}" if item.stroke else "")]
    if isinstance(item, Picture):
        return [f"{indent}picture {item.role} {item.path.name} {_n(item.x)},{_n(item.y)} "
                f"{_n(item.width)}x{_n(item.height)}"]
    lines = [f"{indent}turned"]
    for part in item.items:
        lines += _item(part, indent + "  ")
    return lines


def _n(value: float) -> str:
    return f"{value:.1f}".replace("-0.0", "0.0")


def _colour(colour: Colour) -> str:
    return "" if colour == (0, 0, 0, 1) else " cmyk=" + "/".join(f"{c:g}" for c in colour)
