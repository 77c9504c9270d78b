"""Figures: one registry, references in prose, callout boxes, panel and chart agree with the text."""
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pdfplumber
import pytest

from briefing import api, geometry
from briefing.compose import Card, Progress
from briefing.conformance import measure
from briefing.fonts import FontSet
from briefing.pageplan.figures import INSET, CardBar, lay_out_card, plan_row
from briefing.metrics import FontMetrics

from test_content_errors import errors_of, line_of, replace


def page_texts(path) -> list[str]:
    with pdfplumber.open(str(path)) as pdf:
        return [re.sub(r"\s+", "", page.extract_text() or "") for page in pdf.pages]


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "briefing", *args], capture_output=True, text=True)


def test_default_content_raises_no_figure_alarm():
    checked = api.check(Path(__file__).parent.parent / "content")
    assert [w for w in checked.warnings if "待定" not in w.message] == []
    figures = checked.document.edition.figures
    assert figures["rd-spending"].value == Decimal("257.4") and figures["rd-spending"].year == "2021"
    assert figures["high-tech-firms-2023"].target and figures["high-tech-firms"].goal == "high-tech-firms-2023"


def test_changed_figure_changes_everywhere(content, tmp_path):
    registry = content / "figures.yaml"
    replace(registry, "value: 3759", "value: 3801")
    pdf = api.build(content, tmp_path / "out.pdf").path
    pages = page_texts(pdf)
    text = "".join(pages)
    assert "3759" not in text
    assert text.count("国家高新技术企业数达3801家") == 2  # the prose, in both places that state it
    panel_page = next(p for p in pages if "2022年科技工作主要指标" in p)
    assert "3801" in panel_page and "95.0%" in panel_page  # the panel box and its share of 4000
    assert text.count("3801") == 5  # 2 × prose, panel box, box after the paragraph, chart
    assert "3801家（2022年）" in text  # the chart's value label
    assert "94.0%" not in text  # the old share is gone too


def test_decimal_value_printed_exactly_as_written(content):
    replace(content / "figures.yaml", "value: 18.3\n", "value: 18.30\n")
    checked = api.check(content)
    assert checked.document.edition.figures["mindu-lab-funding"].shown == "18.30亿元"


def test_contradicting_typed_number_is_an_error(content):
    part = content / "summary-2022.yaml"
    replace(part, "国家高新技术企业数达{{high-tech-firms}}", "国家高新技术企业数达3760家")
    result = run_cli("check", str(content))
    assert result.returncode == 2, result.stdout + result.stderr
    out = result.stdout + result.stderr
    line = line_of(part, "3760家")
    assert f"summary-2022.yaml:{line}:" in out and "3760家" in out and "3759家" in out
    assert "Traceback" not in out


def test_contradiction_needs_the_same_context(content):
    part = content / "summary-2022.yaml"
    # A count of new enterprises and a figure from another year are other numbers, not errors.
    replace(part, "新认定的1190家高新技术企业", "新认定的1190家高新技术企业，2019年高新技术企业数达1603家")
    errors = [p for p in api.check(content).warnings if "1603" in p.message]
    assert errors == []


def test_typed_number_equal_to_registry_is_a_warning(content):
    part = content / "summary-2022.yaml"
    replace(part, "备案科技型中小企业{{tech-smes}}", "备案科技型中小企业2437家")
    warnings = api.check(content).warnings
    (warning,) = [w for w in warnings if "2437家" in w.message]
    assert "{{tech-smes}}" in warning.hint and warning.where.line == line_of(part, "2437家")


def test_unknown_figure_id_exits_2_with_file_and_line(content):
    part = content / "plan-2023.yaml"
    replace(part, "{{high-tech-firms-2023}}", "{{high-tech-firm-2023}}")
    result = run_cli("check", str(content))
    assert result.returncode == 2
    out = result.stdout + result.stderr
    assert f"plan-2023.yaml:{line_of(part, 'high-tech-firm-2023')}:" in out
    assert "high-tech-firm-2023" in out and "high-tech-firms-2023" in out  # did you mean


def test_unknown_part_and_missing_part(content):
    part = content / "summary-2022.yaml"
    replace(part, "{{tech-smes.remark}}", "{{tech-smes.remarks}}")
    replace(part, "{{tech-contracts.rank}}", "{{tech-contracts.change}}")
    messages = [p.message for p in errors_of(content)]
    assert any("remarks" in m for m in messages) and any("没有登记 change" in m for m in messages)


def test_unshown_figure_is_a_warning(content):
    registry = content / "figures.yaml"
    registry.write_text(registry.read_text(encoding="utf-8") + """
  - id: patents
    label: 有效发明专利
    value: 1234
    unit: 件
    year: 2022
    kind: actual
""", encoding="utf-8")
    (warning,) = [w for w in api.check(content).warnings if "patents" in w.message]
    assert warning.where.line == line_of(registry, "id: patents")


def test_box_must_follow_the_paragraph_stating_it(content):
    part = content / "summary-2022.yaml"
    replace(part, "      - figures: [tech-loans]\n", "")
    replace(part, "      - figures: [high-tech-firms, tech-smes, little-giants]\n",
            "      - figures: [high-tech-firms, tech-loans]\n")
    (problem,) = errors_of(content)
    assert "科技贷" in problem.message and problem.where.line == line_of(part, "figures: [high-tech-firms, tech-loans]")


def test_progress_bar_never_runs_past_the_target():
    metrics = FontMetrics(FontSet({}))
    for share, goal in ((Decimal("94.0"), "4000家"), (Decimal("151.3"), "100万平方米")):
        card = Card("指标", "2022年", "1", "家", "", Progress(goal, share))
        plan = plan_row([card], 140, metrics)
        items, height = lay_out_card(card, plan.labels[0], 140, metrics, plan)
        (bar,) = [i for i in items if isinstance(i, CardBar)]
        assert bar.fill <= bar.width + 1e-9 and bar.tick <= bar.width + 1e-9
        if share > 100:  # passed: a full bar, the target's tick inside it at 100/151.3
            assert bar.fill == pytest.approx(bar.width) and bar.tick == pytest.approx(bar.width * 100 / 151.3)
        else:
            assert bar.fill == pytest.approx(bar.width * 0.94) and bar.tick == pytest.approx(bar.width)


def boxes_everywhere(folder: Path, rows: int) -> None:
    """Content whose paragraphs grow by a few characters each, a box row after every one, so the
    boxes fall at every position on the page."""
    (folder / "figures.yaml").write_text("""figures:
  - {id: a, label: 甲指标, value: 12.5, unit: 亿元, year: 2022, kind: actual, goal: a-goal, remark: 比增3.1%}
  - {id: a-goal, label: 甲指标目标, value: 15, unit: 亿元, year: 2023, kind: target}
  - {id: b, label: 乙指标, value: 88, unit: 家, year: 2022, kind: actual}
""", encoding="utf-8")
    body = []
    for n in range(rows):
        body.append(f'  - "{"文字" * (9 + 7 * n)}甲指标{{{{a}}}}，乙指标{{{{b}}}}。"')
        body.append("  - figures: [a, b]" if n % 2 else "  - figures: [a]")
    (folder / "attachment.yaml").write_text("title: 测试附件\nbody:\n" + "\n".join(body) + "\n", encoding="utf-8")
    (folder / "edition.yaml").write_text("""issuer: 测试局
mark: 测试局文件
number: 测试〔2023〕1号
title: 测试局关于测试的通知
recipients: [各单位]
body: [现将测试附件印发给你们，请认真贯彻执行。]
attachments: [attachment.yaml]
figures: figures.yaml
date: 2023年2月6日
cc: [办公室]
printer: 测试局办公室
print_date: 2023年2月6日
""", encoding="utf-8")


def test_boxes_never_split_and_keep_the_grid(tmp_path):
    folder = tmp_path / "content"
    folder.mkdir()
    rows = 24
    boxes_everywhere(folder, rows)
    pdf = api.build(folder, tmp_path / "boxes.pdf").path
    boxes = 0
    tops = set()
    with pdfplumber.open(str(pdf)) as document:
        for page in document.pages:
            for rect in page.rects:
                if rect["height"] < 20 or rect["width"] < 20 * geometry.MM:
                    continue
                boxes += 1
                top_lines = (geometry.TOP - rect["y1"] - INSET) / geometry.PITCH
                bottom_lines = (geometry.TOP - rect["y0"] + INSET) / geometry.PITCH
                assert abs(top_lines - round(top_lines)) < 0.01 and abs(bottom_lines - round(bottom_lines)) < 0.01
                assert geometry.BOTTOM <= rect["y0"] - INSET + 0.01 and rect["y1"] + INSET <= geometry.TOP + 0.01
                inside = "".join(c["text"] for c in page.chars if rect["x0"] <= c["x0"] <= rect["x1"]
                                 and rect["y0"] <= c["y0"] and c["y1"] <= rect["y1"])
                assert "指标" in inside and ("12.5" in inside or "88" in inside)  # whole box, on one page
                tops.add(round(top_lines) % geometry.LINES_PER_PAGE)
    assert boxes == rows + rows // 2  # one box on even rows, two on odd rows: none lost or cut
    assert len(tops) >= 8  # the boxes really fell at many positions on the page
    checks = {c.name: c for c in measure(pdf)}
    assert checks["正文行距"].ok, checks["正文行距"].measured  # text after every box on the grid
    assert checks["版心外的字"].ok and checks["行首行尾禁则"].ok


def test_notice_ending_with_boxes_keeps_its_closing(tmp_path):
    folder = tmp_path / "content"
    folder.mkdir()
    boxes_everywhere(folder, 1)
    edition = folder / "edition.yaml"
    edition.write_text(edition.read_text(encoding="utf-8").replace(
        "body: [现将测试附件印发给你们，请认真贯彻执行。]",
        "body:\n  - 现将测试附件印发给你们，甲指标{{a}}。\n  - figures: [a]"), encoding="utf-8")
    pdf = api.build(folder, tmp_path / "notice.pdf").path
    first_pages = "".join(page_texts(pdf)[:2])
    assert "附件：测试附件" in first_pages and "测试局" in first_pages and "2023年2月6日" in first_pages


def test_a_panel_title_wider_than_the_type_area_is_broken_between_words(content):
    """Found by the fuzz test: a panel title of more than a line ran out of the 版心."""
    from briefing.pageplan import lay_out
    long_title = "2022年福州市科技创新、成果转化和科技金融工作主要指标及与2021年比较情况"
    replace(content / "attachment.yaml", "title: 2022年科技工作主要指标", f"title: {long_title}")
    checked = api.check(content)
    plans = lay_out(checked.document, FontMetrics(checked.fonts)).pages
    texts = [line for plan in plans for line in plan.texts()]
    first = next(n for n, line in enumerate(texts) if len(line.text) > 8 and long_title.startswith(line.text))
    lines = texts[first:first + 2]
    assert "".join(line.text for line in lines) == long_title
    for line in lines:
        left, right = line.runs[0].x, line.runs[-1].x + sum(line.runs[-1].advances)
        assert geometry.LEFT - 0.5 < left and right < geometry.RIGHT + 0.5
        assert abs((left - geometry.LEFT) - (geometry.RIGHT - right)) < 1  # centred
