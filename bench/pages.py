#!/usr/bin/env python3
"""How whole a document's pages are, for issue 24's table: pages, the grid lines left empty at the
foot of each page that does not end a part, the body lines on the 落款's page, and (with --docx)
the pages LibreOffice makes of the DOCX.

    python bench/pages.py content examples/* tests/data/pages/* [--docx]
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from pagefill import page_fill, plans_of  # noqa: E402

from briefing import api  # noqa: E402


def libreoffice_pages(folder: Path, work: Path) -> int:
    """The pages LibreOffice lays the DOCX out on (converted to PDF, counted by pdfinfo)."""
    docx = api.build(folder, work / f"{folder.name}.docx").path
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(work), str(docx)],
                   check=True, capture_output=True, timeout=300)
    info = subprocess.run(["pdfinfo", str(work / f"{folder.name}.pdf")], check=True, capture_output=True, text=True)
    return int(next(line.split()[-1] for line in info.stdout.splitlines() if line.startswith("Pages:")))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--docx", action="store_true", help="also count LibreOffice's pages of the DOCX")
    arguments = parser.parse_args()
    print("| document | pages | LibreOffice | empty lines at the foot (pages not ending a part) | "
          "pages 3+ short | body lines on the 落款 page |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as work:
        for folder in arguments.folders:
            fills = page_fill(plans_of(folder))
            empty = [fill.empty for fill in fills if not fill.part_end]
            closing = next((fill.closing_body for fill in fills if fill.closing_body is not None), None)
            office = libreoffice_pages(folder, Path(work)) if arguments.docx else "–"
            print(f"| {folder} | {len(fills)} | {office} | {' '.join(map(str, empty)) or '–'} | "
                  f"{sum(1 for e in empty if e >= 3)} | {closing if closing is not None else '–'} |")


if __name__ == "__main__":
    main()
