"""The page plan asserted directly (positions in points, no PDF parsing), a few end-to-end
checks that the PDF shows what the plan says, and the notice kept on page 1 (issue 11 §5)."""
from pathlib import Path

import pdfplumber
import pytest

from briefing import api, geometry, pageplan
from briefing.conformance import measure
from briefing.metrics import FontMetrics
from briefing.pageplan import GlyphRun, PagePlan, TextLine

from pagefill import plans_of
from samples import write_content

ROOT = Path(__file__).resolve().parent.parent
WITHIN = "请各校高度重视，" + "认真落实各项要求" * 18 + "。"  # one line past page 1 at the grid's pitch
BEYOND = "请各校高度重视，" + "认真落实各项要求" * 20 + "。"  # three lines past it


def role_lines(plan: PagePlan, *roles: str) -> list[TextLine]:
    return [line for line in plan.texts() if line.role in roles and line.runs]


def baseline(line: TextLine) -> float:
    return line.runs[0].y


@pytest.fixture(scope="module")
def default_plans() -> list[PagePlan]:
    return plans_of(ROOT / "content")


def test_the_layout_stage_does_not_use_reportlab():
    for source in (ROOT / "briefing" / "pageplan").glob("*.py"):
        assert "reportlab" not in source.read_text(encoding="utf-8"), source.name


def test_body_lines_sit_on_the_grid_after_page_one(default_plans):
    for plan in default_plans[1:]:
        for line in role_lines(plan, "正文"):
            steps = (geometry.baseline(1) - baseline(line)) / geometry.PITCH
            assert abs(steps - round(steps)) < 1e-6 and 0 <= round(steps) < geometry.LINES_PER_PAGE, line.text


def test_glyph_advances_add_up_to_where_the_next_run_starts(default_plans):
    for plan in default_plans:
        for line in role_lines(plan, "正文"):
            for run, following in zip(line.runs, line.runs[1:]):
                end = run.x + sum(run.advances)
                # no overlap, but for a compressed opening mark, which gives up its blank left half
                assert following.x >= end - (following.size / 2 if following.text[0] in "（“《〔" else 0) - 0.01
                assert len(run.advances) == len(run.text)


def test_page_numbers_alternate_sides_and_blank_pages_have_none(default_plans):
    for plan in default_plans:
        folios = role_lines(plan, "页码")
        if plan.blank:
            assert not folios
            continue
        (folio,) = folios
        run = folio.runs[0]
        right = run.x + sum(run.advances)
        if plan.number % 2:
            assert right == pytest.approx(geometry.RIGHT - geometry.FOLIO_SIZE, abs=0.01)
        else:
            assert run.x == pytest.approx(geometry.LEFT + geometry.FOLIO_SIZE, abs=0.01)
        assert folio.text == f"— {plan.number} —"


def test_the_title_is_two_lines_below_the_red_rule(default_plans):
    (rule,) = [item for item in default_plans[0].items if isinstance(item, pageplan.Rule)]
    first = role_lines(default_plans[0], "标题")[0]
    assert rule.colour == geometry.RED and rule.x1 == geometry.LEFT and rule.x2 == pytest.approx(geometry.RIGHT)
    assert baseline(first) == pytest.approx(rule.y1 - 2 * geometry.PITCH - geometry.ASCENT * geometry.TITLE_SIZE)


def test_the_imprint_closes_the_last_even_page(default_plans):
    last = default_plans[-1]
    assert last.number % 2 == 0 and role_lines(last, "印发机关", "印发日期")
    rules = sorted(item.y1 for item in last.items if isinstance(item, pageplan.Rule))
    assert rules[0] == pytest.approx(geometry.BOTTOM)


def test_the_default_notice_is_one_page(default_plans):
    """The closing missed page 1 by one line: the page's pitch is adjusted (not below 26 pt),
    the blank lines of the standard all stay, and the last line is the grid's last."""
    first = default_plans[0]
    lines = role_lines(first, "主送机关", "正文", "附件说明", "发文机关署名", "成文日期")
    assert [line.role for line in lines][-2:] == ["发文机关署名", "成文日期"]
    pitch = baseline(lines[0]) - baseline(lines[1])
    assert geometry.TIGHTEST_PITCH <= pitch < geometry.PITCH
    steps = [(baseline(a) - baseline(b)) / pitch for a, b in zip(lines, lines[1:])]
    assert all(abs(step - round(step)) < 1e-6 for step in steps)
    assert [round(step) for step in steps].count(2) == 2  # the blank lines before 附件 and 署名
    assert baseline(lines[-1]) == pytest.approx(geometry.baseline(geometry.LINES_PER_PAGE))
    title_bottom = baseline(role_lines(first, "标题")[-1]) + geometry.ASCENT * geometry.TITLE_SIZE - geometry.PITCH
    assert baseline(lines[0]) == pytest.approx(title_bottom - pitch - geometry.ASCENT * geometry.BODY_SIZE)
    assert not role_lines(default_plans[1], "正文", "成文日期") or role_lines(default_plans[1], "附件")


def test_a_notice_within_a_line_is_set_closer(tmp_path):
    plans = plans_of(write_content(tmp_path / "c", body=[WITHIN]))
    lines = role_lines(plans[0], "主送机关", "正文", "发文机关署名", "成文日期")
    assert lines[-1].role == "成文日期"
    assert geometry.TIGHTEST_PITCH <= baseline(lines[0]) - baseline(lines[1]) < geometry.PITCH


def test_a_notice_missing_page_one_by_more_keeps_the_grid(tmp_path):
    """Three lines too many: today's behaviour, the closing with two lines of the body on page 2."""
    plans = plans_of(write_content(tmp_path / "c", body=[BEYOND]))
    first = role_lines(plans[0], "主送机关", "正文")
    assert all(abs(baseline(a) - baseline(b) - geometry.PITCH) < 1e-6 for a, b in zip(first, first[1:]))
    assert not role_lines(plans[0], "成文日期")
    second = role_lines(plans[1], "正文", "发文机关署名", "成文日期")
    assert [line.role for line in second] == ["正文", "正文", "发文机关署名", "成文日期"]


def test_a_notice_that_fits_keeps_the_grid(tmp_path):
    plans = plans_of(write_content(tmp_path / "c"))
    lines = role_lines(plans[0], "主送机关", "正文", "发文机关署名", "成文日期")
    for line in lines:
        steps = (geometry.baseline(1) - baseline(line)) / geometry.PITCH
        assert abs(steps - round(steps)) < 1e-6


def test_the_checker_refuses_a_page_set_closer_than_26_pt(tmp_path, monkeypatch):
    monkeypatch.setattr(geometry, "TIGHTEST_PITCH", 20.0)
    monkeypatch.setattr(pageplan, "MORE_LINES", 4)
    folder = write_content(tmp_path / "c", body=[BEYOND])
    assert role_lines(plans_of(folder)[0], "成文日期")  # set at about 24 pt
    built = api.build(folder, tmp_path / "close.pdf")
    failed = {check.name for check in measure(built.path) if check.failed}
    assert failed == {"正文行距"}


def test_the_pdf_shows_the_plan(built, default_plans):
    """End to end: every glyph of page 1 where the plan put it."""
    with pdfplumber.open(str(built)) as pdf:
        page = pdf.pages[0]
        chars = [(c["text"], c["x0"], c["matrix"][5]) for c in page.chars]
    planned = []
    for line in default_plans[0].texts():
        for run in line.runs:
            x = run.x
            for char, advance in zip(run.text, run.advances):
                if not char.isspace():
                    planned.append((char, x, run.y))
                x += advance
    # positions are written to 0.01 pt; the character spacing to 0.0001 pt
    missing = [(char, x, y) for char, x, y in planned
               if not any(c == char and abs(cx - x) < 0.02 and abs(cy - y) < 0.01 for c, cx, cy in chars)]
    assert planned and missing == []


def test_glyph_runs_are_data():
    run = GlyphRun(1.0, 2.0, "字", "briefing-fangsong", 16.0, 0.0, (16.0,), geometry.BLACK)
    assert TextLine((run,), "字", "正文").runs[0].advances == (16.0,)


@pytest.mark.parametrize("count", [1, 2, 5, 8, 12])
def test_chart_rows_fill_the_frame(count):
    """However many bars, the rows share the frame's whole-line height evenly: the space below
    the last pair of bars is no larger than the space around each pair."""
    from decimal import Decimal

    from briefing.compose import Bar, ChartBlock
    from briefing.fonts import FontSet
    from briefing.pageplan.figures import ChartFigure

    bars = tuple(Bar(f"指标{n}", f"{n * 10}人（2024年）", "100人（2024年目标）", Decimal(n * 10)) for n in range(1, count + 1))
    figure = ChartFigure(ChartBlock("完成情况", bars, None), FontMetrics(FontSet({})))
    items = figure.items(geometry.LEFT, geometry.TOP)
    boxes = [item for item in items if isinstance(item, pageplan.Box)]
    frame = max(boxes, key=lambda box: box.width * box.height)
    tracks = sorted((box for box in boxes if box.height == figure.BAR and box.fill == (0, 0, 0, 0.15)
                     and box.width > 12), key=lambda box: -box.y)
    assert len(tracks) == count
    steps = {round(a.y - b.y, 6) for a, b in zip(tracks, tracks[1:])}
    assert len(steps) <= 1  # evenly spaced
    row = steps.pop() if steps else tracks[0].y - frame.y
    below = tracks[-1].y - frame.y  # from the last target bar down to the frame
    assert below <= max(row, figure.ROW) - 2 * figure.BAR + figure.BOTTOM_PAD
