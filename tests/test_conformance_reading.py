"""The checker's reading of a PDF (briefing/conformance/content.py): its own pass over the
content streams gives what pdfplumber (pdfminer's lexer and layout objects) gives, character by
character and box by box, on drawing written the ways other tools write it; and it reads
nothing of the typesetter."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest
from reportlab.lib.colors import CMYKColor
from reportlab.pdfgen import canvas

from briefing import api
from briefing.conformance import reading
from briefing.conformance.content import colour

import foreign
from foreign import Office

ROOT = Path(__file__).resolve().parent.parent

# Operators as other writers emit them: strings with every escape, nested brackets and a line
# continuation, hex strings with blanks and an odd digit, kerned arrays, ' and ", spacing,
# scaling and rise, a comment, numbers glued to operators, an inline image, a dictionary operand.
RAW = rb"""
BT /F1 12 Tf 1 0 0 1 60 700 Tm (plain \(nested (brackets)\) \\ \101\102\7 tab\there) Tj ET
BT /F1 12 Tf 60 680 Td <48 65 6C 6C 6F20 57 6F72 6C64 3> Tj ET
BT /F1 11 Tf 14 TL 60 660 Td [(K) -120 (e) 80.5 (rn) -.5 (ed)] TJ (next line) ' 2 1 (spaced words) " ET
BT /F1 10 Tf 150 Tz 3 Ts 1.5 Tc 2 Tw 60 610 Td (scaled and risen) Tj ET % a comment (not a string
BT /F1 10 Tf 0 1 -1 0 500 300 Tm (turned) Tj ET
/Span << /ActualText (x) /Lang (zh) >> BDC BT/F1 9 Tf 60 590 Td(glued)Tj ET EMC
q 0.5 0 0 0.5 300 500 cm 0 0 1 rg 10 10 100 40 re f Q
q 1 0 0 RG 2 w 60 560 m 300 560 l S 0 0 0 1 K 60 550 m 300 550 l 300 540 l S Q
q 30 0 0 20 400 600 cm BI /W 2 /H 2 /CS /G /BPC 8 ID \x00\xff\xffEI\x00 EI Q
q 0.2 g 60 500 m 100 520 140 480 180 500 c S Q
"""


def tricky_pdf(path: Path) -> Path:
    page = canvas.Canvas(str(path), invariant=1)
    page.setFont("Helvetica", 12)
    page.drawString(60, 740, "set up the font resource F1")
    page._code.append(RAW.decode("latin-1"))
    page.beginForm("box")
    page.setFillColor(CMYKColor(0, 0.8, 0.8, 0))
    page.rect(0, 0, 50, 30, stroke=1, fill=1)
    page.drawString(5, 10, "in a form")
    page.endForm()
    page.doForm("box")
    page.saveState()
    page.translate(200, 200)
    page.rotate(90)
    page.doForm("box")
    page.restoreState()
    page.showPage()
    page.save()
    return path


def plumbed(path: Path) -> list[dict]:
    """Every page as pdfplumber reads it, in the reader's terms."""
    keys = {"chars": ("x0", "x1", "top", "bottom", "size", "matrix", "upright", "fontname"),
            "shapes": ("x0", "x1", "top", "bottom", "y0", "y1")}
    result = []
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            result.append({
                "size": (page.width, page.height),
                # (an unmapped glyph, "(cid:7)", is one unknown character to the checker)
                "chars": [(c["text"] if len(c["text"]) == 1 else "\ufffd",) + tuple(c[k] for k in keys["chars"])
                          + (colour(c["non_stroking_color"]),) for c in page.chars],
                **{kind: [tuple(r[k] for k in keys["shapes"]) + (r["x1"] - r["x0"], r["bottom"] - r["top"], r["linewidth"],
                                                              colour(r["stroking_color"]), colour(r["non_stroking_color"]))
                          for r in getattr(page, kind)] for kind in ("lines", "rects")},
                "images": [tuple(r[k] for k in ("x0", "x1", "top", "bottom")) for r in page.images]})
    return result


def ours(path: Path) -> list[dict]:
    return [{"size": (page.width, page.height),
             "chars": [tuple(c) for c in page.chars],
             "lines": [tuple(r) for r in page.lines], "rects": [tuple(r) for r in page.rects],
             "images": [(r.x0, r.x1, r.top, r.bottom) for r in page.images]}
            for page in reading.read(path, raster=False).pages]


@pytest.mark.parametrize("source", ["tricky", "foreign", "default"])
def test_the_reading_is_pdfplumbers_to_the_last_bit(source, tmp_path, built):
    path = {"tricky": lambda: tricky_pdf(tmp_path / "t.pdf"),
            "foreign": lambda: foreign.write(tmp_path / "f.pdf", Office(table=[["序号", "任务"], ["1", "春播（大豆）"]])),
            "default": lambda: built}[source]()
    expected, found = plumbed(path), ours(path)
    assert len(found) == len(expected)
    for theirs, mine in zip(expected, found):
        assert mine == theirs
    if source == "tricky":  # every kind of object was drawn
        page = found[0]
        assert {"(", ")", "A", "\ufffd"} <= {c[0] for c in page["chars"]}
        assert page["lines"] and page["rects"] and page["images"] and any(not c[7] for c in page["chars"])


def test_the_checker_reads_nothing_of_the_layout():
    """It measures against the standard's figures, its nominal line pitch among them, never the
    typesetter's grid: importing it loads no module of the layout."""
    script = "import sys, briefing.conformance; print(*sorted(m for m in sys.modules if m.startswith('briefing')))"
    loaded = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                            cwd=ROOT).stdout.split()
    assert set(loaded) == {"briefing", "briefing.conformance", "briefing.conformance.content",
                           "briefing.conformance.reading", "briefing.errors", "briefing.standard",
                           "briefing.memo"}  # (the cache registry errors uses: no layout)



def test_check_pdf_starts_without_the_typesetter(tmp_path):
    """`briefing check --pdf` loads neither the API nor the layout (0.12 s of imports a run)."""
    pdf = api.build(ROOT / "examples" / "letter", tmp_path / "letter.pdf").path
    script = ("import sys\nfrom briefing.cli import main\n"
              "try:\n    main(['check', '--pdf', sys.argv[1]], prog_name='briefing')\nexcept SystemExit:\n    pass\n"
              "print(*sorted(m for m in sys.modules if m.startswith('briefing')), file=sys.stderr)")
    loaded = set(subprocess.run([sys.executable, "-c", script, str(pdf)], capture_output=True, text=True,
                                cwd=ROOT).stderr.split())
    assert "briefing.conformance" in loaded
    assert not loaded & {"briefing.api", "briefing.compose", "briefing.pageplan", "briefing.typeset", "briefing.fonts"}
