"""The page plans of the default edition and each example as text (pageplan.dump), held in
tests/golden: a layout change shows as a readable diff. After a change meant to move things,
refresh them with `python -m pytest tests/test_golden_plans.py --refresh-golden` and read the
diff (git diff tests/golden) before committing."""
from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from briefing import api
from briefing.metrics import FontMetrics
from briefing.pageplan import lay_out
from briefing.pageplan.dump import dump

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
EDITIONS = {"content": ROOT / "content", "letter": ROOT / "examples" / "letter",
            "minutes": ROOT / "examples" / "minutes", "order": ROOT / "examples" / "order"}


@pytest.mark.parametrize("name", sorted(EDITIONS))
def test_the_page_plan_is_as_recorded(name, request):
    checked = api.check(EDITIONS[name])
    text = dump(lay_out(checked.document, FontMetrics(checked.fonts)))
    golden = GOLDEN / f"{name}.plan"
    if request.config.getoption("--refresh-golden"):
        golden.write_text(text, encoding="utf-8")
        return
    recorded = golden.read_text(encoding="utf-8")
    if text != recorded:
        diff = difflib.unified_diff(recorded.splitlines(), text.splitlines(), f"golden/{name}.plan", "now", lineterm="")
        pytest.fail("the page plan changed (refresh with --refresh-golden if meant):\n" + "\n".join(list(diff)[:80]))


def test_the_dump_shows_a_moved_line():
    """The golden test's witness: a line moved by a tenth of a point changes the dump."""
    checked = api.check(EDITIONS["letter"])
    book = lay_out(checked.document, FontMetrics(checked.fonts))
    before = dump(book)
    from briefing.pageplan.items import TextLine
    index = next(i for i, item in enumerate(book.pages[0].items) if isinstance(item, TextLine) and item.runs)
    line = book.pages[0].items[index]
    assert isinstance(line, TextLine)
    book.pages[0].items[index] = TextLine(tuple(run._replace(y=run.y - 0.1) for run in line.runs), line.text, line.role)
    assert dump(book) != before
