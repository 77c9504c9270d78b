"""Measure the documents of tests/table_samples.py: pages, column widths (mm) and the characters
a body cell's line holds, read back from the built PDF.

    PYTHONPATH=. python tests/tools/table_pages.py /tmp/out
"""
from __future__ import annotations

import dataclasses
import statistics
import sys
from pathlib import Path

import pdfplumber

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from table_samples import DOCUMENTS  # noqa: E402

from briefing import api  # noqa: E402
from briefing.compose import TableBlock  # noqa: E402
from briefing.metrics import FontMetrics  # noqa: E402
from briefing.pageplan.table import TableFigure, table_figure  # noqa: E402

MM = 72 / 25.4


def measure(pdf: Path) -> tuple[int, list[list[float]], list[int]]:
    """Pages; the column widths (mm) of each table frame met; characters per table line."""
    tables, counts = [], []
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            for frame in (rect for rect in page.rects if rect["width"] > 100 and rect["height"] > 40):
                inside = [line["x0"] for line in page.lines if abs(line["x0"] - line["x1"]) < 0.1
                          and frame["x0"] < line["x0"] < frame["x1"] and frame["top"] <= line["top"] < frame["bottom"]]
                edges = sorted({round(x, 1) for x in (frame["x0"], frame["x1"], *inside)})
                tables.append([round((b - a) / MM, 1) for a, b in zip(edges, edges[1:])])
                lines: dict[tuple[int, int], int] = {}
                for char in page.chars:
                    if round(char["size"]) == 14 and "Hei" not in char["fontname"] and frame["top"] < char["top"] < frame["bottom"]:
                        key = (round(char["top"]), sum(1 for x in edges if x <= char["x0"]))
                        lines[key] = lines.get(key, 0) + 1
                counts += lines.values()
    with pdfplumber.open(pdf) as document:
        pages = len(document.pages)
    return pages, tables, counts


def table_lines(folder: Path) -> list[tuple[str, int, int]]:
    """Each table's caption and its height in lines, fitted to the content and in equal columns."""
    checked = api.check(folder)
    metrics = FontMetrics(checked.fonts)
    return [(block.caption, table_figure(block, metrics).line_count,
             TableFigure(dataclasses.replace(block, widths=(1.0,) * len(block.align)), metrics).line_count)
            for block in checked.document.body if isinstance(block, TableBlock)]


def main(out: Path) -> None:
    for name, make in DOCUMENTS.items():
        folder = make(out / name)
        for caption, fitted, equal in table_lines(folder):
            print(f"  {caption}: {fitted} lines ({equal} in equal columns)")
        built = api.build(folder, out / f"{name}.pdf")
        pages, tables, counts = measure(built.path)
        unique = []
        for widths in tables:
            if widths not in unique:
                unique.append(widths)
        print(f"{name}: {pages} pages; columns (mm) {unique}; "
              f"characters per cell line: median {statistics.median(counts) if counts else 0}, "
              f"lines {len(counts)}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
