"""Tables in the body (issue 13 §3): split between rows with the header repeated, merged first
cells, numbers on the decimal point, figures from the registry, the grid intact after them."""
import re
import subprocess
import sys
from pathlib import Path

import pytest

from briefing import api, geometry
from briefing.conformance import measure
from briefing.errors import ContentError
from briefing.pageplan import PagePlan
from briefing.pageplan.items import Box, Rule, TextLine

from pagefill import plans_of
from samples import paragraph, write_content

AREAS = ["科技创新", "人才引进", "平台建设", "成果转化"]


def task_table(rows: int = 60, **extra) -> dict:
    cells = [[AREAS[n * len(AREAS) // rows], f"第{n + 1}项：" + "推进重点实验室建设和关键技术攻关" * (1 + n % 3),
              "市科技局" if n % 2 else "区教育局", f"{(n * 37) % 1000}.{n % 10}"] for n in range(rows)]
    return {"table": "2024年重点任务分解表", "header": ["领域", "任务", "牵头单位", "经费（万元）"], "rows": cells,
            "widths": [2, 6, 3, 2.5], "align": ["center", "left", "center", "decimal"], "merge_first": True,
            **extra}


def table_lines(plan: PagePlan) -> list[TextLine]:
    return [line for line in plan.texts() if line.role == "表格" and line.runs]


@pytest.fixture(scope="module")
def long_table(tmp_path_factory) -> Path:
    return write_content(tmp_path_factory.mktemp("t") / "c", body=[paragraph(2), task_table(), paragraph(3)])


def test_the_header_opens_every_page_of_the_table_and_no_row_splits(long_table):
    plans = plans_of(long_table)
    pages = [plan for plan in plans if table_lines(plan)]
    assert len(pages) >= 4
    for plan in pages:
        texts = [line.text for line in table_lines(plan)]
        assert texts.count("领域") == 1 and texts.count("牵头单位") == 1  # the header, once per page
    for n in range(1, 61):  # each task's cell text on one page only
        holding = [plan.number for plan in pages if any(line.text.startswith(f"第{n}项") for line in table_lines(plan))]
        assert len(holding) == 1, n
    caption = [plan.number for plan in pages if any(line.text == "2024年重点任务分解表" for line in plan.texts())]
    assert caption == [pages[0].number]  # the caption once, where the table starts


def test_a_group_label_is_shown_again_on_a_page_that_continues_its_group(long_table):
    pages = [plan for plan in plans_of(long_table) if table_lines(plan)]
    labels = [[line.text for line in table_lines(plan) if line.text[:2] in {a[:2] for a in AREAS}] for plan in pages]
    assert sum(len(found) for found in labels) >= len(AREAS)  # every group labelled
    assert all(found for found in labels)  # and every page's rows under a label


def test_the_text_after_the_table_is_back_on_the_grid(long_table):
    plans = plans_of(long_table)
    last = max(plan.number for plan in plans if table_lines(plan))
    after = [line for line in plans[last - 1].texts() if line.role == "正文" and line.runs]
    assert after
    for line in after:
        steps = (geometry.baseline(1) - line.runs[0].y) / geometry.PITCH
        assert abs(steps - round(steps)) < 1e-6
    frames = [item for plan in plans for item in plan.items if isinstance(item, Box) and item.height > 50]
    for frame in frames:  # whole grid lines tall, inside the 版心
        assert abs(frame.height / geometry.PITCH - round(frame.height / geometry.PITCH)) < 1e-6
        assert frame.y >= geometry.BOTTOM - 0.01 and frame.x >= geometry.LEFT - 0.01


def test_numbers_line_up_on_the_decimal_point(long_table):
    for plan in plans_of(long_table):
        points = set()
        for line in table_lines(plan):
            if re.fullmatch(r"\d+\.\d", line.text):
                run = line.runs[0]
                points.add(round(run.x + sum(run.advances[:line.text.index(".")]), 2))
        assert len(points) <= 1


def test_the_checker_passes_the_table(long_table, tmp_path):
    built = api.build(long_table, tmp_path / "t.pdf")
    assert [c.name for c in measure(built.path) if c.failed] == []


def test_figures_in_cells_come_from_the_registry_and_are_checked(tmp_path):
    figures = [dict(id="schools", label="新建校舍", value=12, unit="所", year="2024", kind="actual")]
    table = {"table": "建设任务", "header": ["任务", "数量"], "rows": [["新建校舍", "{{schools}}"]]}
    folder = write_content(tmp_path / "c", figures=figures, body=["今年新建校舍{{schools}}。", table])
    texts = [line.text for plan in plans_of(folder) for line in table_lines(plan)]
    assert "12所" in texts
    table["rows"] = [["今年新建校舍13所", "{{schools}}"]]  # a number contradicting the registry
    folder = write_content(tmp_path / "d", figures=figures, body=["今年新建校舍{{schools}}。", table])
    with pytest.raises(ContentError) as caught:
        api.check(folder)
    assert any("13" in p.message and p.where.line > 1 for p in caught.value.problems if not p.warning)


@pytest.mark.parametrize("change, message", [
    ({"rows": [["a", "b", "c"], ["d", "e"]]}, "这一行有 2 格"),
    ({"header": ["一"] * 9, "rows": [["x"] * 9]}, "应为 1 至 8 栏"),
    ({"widths": [1, -2, 3]}, "widths"),
    ({"align": ["left", "middle", "left"]}, "align"),
    ({"rows": []}, "1 至"),
])
def test_a_broken_table_is_refused_at_its_line(tmp_path, change, message):
    table = {"table": "任务", "header": ["甲", "乙", "丙"], "rows": [["a", "b", "c"]], **change}
    folder = write_content(tmp_path / "c", body=["正文。", table])
    result = subprocess.run([sys.executable, "-m", "briefing", "check", str(folder)], capture_output=True, text=True)
    assert result.returncode == 2 and message in result.stderr and "edition.yaml:" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_row_taller_than_a_page_is_refused_where_rows_are_merged(tmp_path):
    table = {"table": "任务", "header": ["甲", "乙"], "rows": [["a", "很长的说明" * 160]], "merge_first": True}
    folder = write_content(tmp_path / "c", body=["正文。", table])
    with pytest.raises(ContentError) as caught:
        api.verify(folder)
    assert "一页排不下" in caught.value.problems[0].message


def _grouped(long_cell: str) -> dict:
    """A merged group that no page may end inside: its narrow label needs six lines on each side
    of a cut, and its rows are 2, 3, 11, 1, 2 and 2 lines (found by the long fuzz run)."""
    rows = [["甲组", "人", "人", "人", "人"]] * 7 + [
        ["第三个比较长的分组名称", "人", "人", "人", cell] for cell in
        ("人人人", "人人人人人", long_cell, "", "人人人", "10000.0")]
    return {"table": "人", "header": [f"第{n}栏" for n in range(1, 6)], "rows": rows,
            "widths": [1, 1, 1, 5, 1], "merge_first": True}


def test_a_merged_group_taller_than_a_page_is_refused_not_run_off_it(tmp_path):
    folder = write_content(tmp_path / "c", body=["正文。", _grouped("人" * 21)])
    with pytest.raises(ContentError) as caught:
        api.verify(folder)
    message = caught.value.problems[0].message
    assert "第三个比较长的分组名称" in message and "一组（6 行）" in message and "一页排不下" in message


def test_a_merged_group_that_fits_a_page_under_the_header_is_laid_out_inside(tmp_path):
    """One line shorter: 20 lines under the repeated two-line header fill a page exactly (the
    caption is printed on the table's first page only)."""
    folder = write_content(tmp_path / "c", body=["正文。", _grouped("人" * 19)])
    plans = plans_of(folder)
    lowest = [item.y if isinstance(item, Box) else min(item.y1, item.y2)
              for plan in plans for item in plan.items if isinstance(item, (Box, Rule))]
    assert min(lowest) >= geometry.BOTTOM - 0.5
    assert sum(1 for plan in plans if table_lines(plan)) == 3  # (the group has a page to itself)


def test_the_default_edition_has_its_task_table(built):
    import pdfplumber
    with pdfplumber.open(str(built)) as pdf:
        text = "".join(page.extract_text() for page in pdf.pages)
    assert re.search(r"表\s*1\s*2023\s*年重点任务", text)
    from briefing.compose import TableBlock
    document = api.check(Path(__file__).resolve().parent.parent / "content").document
    (table,) = [b for a in document.attachments for b in a.blocks if isinstance(b, TableBlock)]
    assert table.header == (("领域", "任务", "主要内容", "牵头单位"),) and len(table.rows) == 13
    leads = [block.runs[0].text for a in document.attachments for block in a.blocks
             if hasattr(block, "runs") and len(block.runs) == 2 and block.runs[0].text[:2] in ("1.", "2.", "3.", "4.")]
    tasks = [row[1] for row in table.rows]
    assert all(any(task in lead for lead in leads) for task in tasks)  # the plan's thirteen tasks
    assert "新增载体面积超过100万平方米" in [row[2] for row in table.rows]  # a figure from the registry


def test_a_very_narrow_column_still_holds_its_text(tmp_path):
    """Found by the property test: a column of width 0.5 against 12 overflowed the 版心."""
    table = {"table": "任务", "header": ["甲", "乙", "丙", "丁"], "rows": [["人", "", "", "人"]],
             "widths": [1.0, 5.0, 6.0, 0.5]}
    plans = plans_of(write_content(tmp_path / "c", body=["正文。", table]))
    for line in (line for plan in plans for line in table_lines(plan)):
        run = line.runs[-1]
        assert run.x + sum(run.advances) - run.char_space <= geometry.RIGHT + 0.01


def landscape_table(rows: int = 30) -> dict:
    columns = ["序号", "任务", "主要内容", "牵头单位", "配合单位", "完成时限", "经费（万元）", "备注"]
    cells = [[str(n + 1), f"第{n + 1}项重点任务", "推进重点实验室建设和关键核心技术攻关" * (1 + n % 2), "市科技局",
              "市财政局、市发改委", "2024年12月", f"{(n * 37) % 1000}.{n % 10}", ""] for n in range(rows)]
    return {"table": "附表　2024年重点任务分解表", "header": columns, "rows": cells,
            "widths": [1, 3, 6, 2, 3, 2, 2, 1.5], "landscape": True}


@pytest.fixture(scope="module")
def landscape(tmp_path_factory) -> Path:
    return write_content(tmp_path_factory.mktemp("l") / "c", body=[paragraph(3), landscape_table(), paragraph(4)])


def test_a_landscape_table_takes_pages_of_its_own_across_the_page(landscape):
    from briefing.pageplan.items import Turned
    plans = plans_of(landscape)
    turned = [plan for plan in plans if any(isinstance(item, Turned) for item in plan.items)]
    assert len(turned) >= 3
    for plan in turned:
        assert [line.role for line in plan.texts()] == ["页码"]  # nothing upright but the page number
        lines = plan.turned_texts()
        assert sum(1 for line in lines if line.text == "序号") == 1  # the header on every page
        for line in lines:  # inside the turned 版心: u along its height, v across its width
            run = line.runs[0]
            assert 0 <= run.x and run.x + sum(line.runs[-1].advances) <= geometry.HEIGHT + 0.5
            assert 0 <= run.y <= geometry.WIDTH
    before, after = turned[0].number - 1, turned[-1].number + 1
    assert any(line.role == "正文" for line in plans[before - 1].texts())  # the text before, on its own page
    assert any(line.role == "正文" for line in plans[after - 1].texts())  # and after


def test_a_landscape_table_reads_with_its_head_to_the_left_in_the_pdf_and_passes(landscape, tmp_path):
    import pdfplumber
    built = api.build(landscape, tmp_path / "l.pdf")
    checks = {c.name: c for c in measure(built.path)}
    assert checks["横排表格"].ok and [n for n, c in checks.items() if c.failed] == []
    with pdfplumber.open(str(built.path)) as pdf:
        page = pdf.pages[1]
        turned = [c for c in page.chars if not c["upright"]]
        header = [c for c in turned if c["text"] in "序号"]
        assert turned and all(c["matrix"][1] > 0 and c["matrix"][2] < 0 for c in turned)
        assert min(c["x0"] for c in header) < min(c["x0"] for c in turned if c["text"] == "1") + 1  # head to the left
        assert any(c["upright"] and c["text"] == "2" and c["top"] > page.height - 40 * 72 / 25.4 for c in page.chars)


def test_a_landscape_table_turned_the_wrong_way_fails(landscape, tmp_path, monkeypatch):
    from briefing.render import pdf as pdf_renderer
    original = pdf_renderer.draw_items

    def clockwise(canv, items, faces):
        if any(isinstance(i, pdf_renderer.Turned) for i in items):
            for item in items:
                if isinstance(item, pdf_renderer.Turned):
                    canv.saveState()
                    canv.translate(geometry.LEFT, geometry.TOP)
                    canv.rotate(-90)
                    original(canv, item.items, faces)
                    canv.restoreState()
                else:
                    original(canv, [item], faces)
            return
        original(canv, items, faces)

    monkeypatch.setattr(pdf_renderer, "draw_items", clockwise)
    monkeypatch.setattr(pdf_renderer, "_PAGES", {})  # no page taken from an earlier build: draw them all
    built = api.build(landscape, tmp_path / "wrong.pdf")
    assert "横排表格" in {c.name for c in measure(built.path) if c.failed}
