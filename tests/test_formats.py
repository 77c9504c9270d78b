"""The special formats of GB/T 9704 §10 (issue 13 §2): the letter (信函) and the minutes (纪要),
from the examples in examples/, measured by the checker, which fails on each one's faults."""
import re
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from briefing import api, geometry
from briefing.conformance import measure
from briefing.metrics import FontMetrics
from briefing.pageplan import lay_out
from briefing.pageplan.items import Picture, Rule

ROOT = Path(__file__).resolve().parent.parent
MM = 72 / 25.4


@pytest.fixture(scope="module")
def letter(tmp_path_factory) -> Path:
    return api.build(ROOT / "examples" / "letter", tmp_path_factory.mktemp("l") / "letter.pdf").path


@pytest.fixture(scope="module")
def minutes(tmp_path_factory) -> Path:
    return api.build(ROOT / "examples" / "minutes", tmp_path_factory.mktemp("m") / "minutes.pdf").path


def failing(path: Path) -> set[str]:
    return {c.name for c in measure(path) if c.failed}


def test_the_examples_pass(letter, minutes):
    assert failing(letter) == set() and failing(minutes) == set()
    names = {c.name for c in measure(letter)}
    assert {"信函红色双线", "信函标志上边缘", "信函标志与双线", "信函发文字号", "版记（信函）"} <= names
    assert "出席人员名单" in {c.name for c in measure(minutes)}


def test_the_letters_lines_and_places_in_the_plan():
    checked = api.check(ROOT / "examples" / "letter")
    plans = lay_out(checked.document, FontMetrics(checked.fonts)).pages
    rules = sorted((item for item in plans[0].items if isinstance(item, Rule) and item.colour == geometry.RED),
                   key=lambda rule: -rule.y1)
    assert len(rules) == 4
    for rule in rules:
        assert rule.x1 == pytest.approx(20 * MM) and rule.x2 - rule.x1 == pytest.approx(170 * MM)
    assert rules[0].width > rules[1].width and rules[3].width > rules[2].width  # thick over thin; thin over thick
    assert rules[3].y1 - rules[3].width / 2 == pytest.approx(20 * MM)  # 20 mm above the paper's bottom
    assert not [line for line in plans[0].texts() if line.role == "页码"]  # none on page 1
    assert not [line for plan in plans for line in plan.texts() if "印发" in line.text]


def test_a_letter_with_a_page_number_on_page_1_fails(tmp_path, monkeypatch):
    from briefing import pageplan
    monkeypatch.setattr(pageplan, "_numbered", lambda page, form: True)
    built = api.build(ROOT / "examples" / "letter", tmp_path / "numbered.pdf")
    assert failing(built.path) == {"页码位置与字号"}


def test_a_letter_whose_lower_double_line_is_too_high_fails(letter, tmp_path):
    writer = PdfWriter(clone_from=PdfReader(str(letter)))
    page = writer.pages[0]
    contents = page.get_contents()
    data = contents.get_data().decode("latin-1")
    moved, count = re.subn(r"(\d+\.\d+) (5[67]\.\d+) m (\d+\.\d+) \2 l", lambda m: f"{m[1]} 70 m {m[3]} 70 l", data)
    assert count == 1  # the lower thick line, ~57 pt (20 mm) up
    contents.set_data(moved.encode("latin-1"))
    page.replace_contents(contents)
    writer.write(str(tmp_path / "high.pdf"))
    assert failing(tmp_path / "high.pdf") == {"信函红色双线"}


def test_minutes_attendance_aligns_after_the_colon():
    checked = api.check(ROOT / "examples" / "minutes")
    plans = lay_out(checked.document, FontMetrics(checked.fonts)).pages
    lines = [line for plan in plans for line in plan.texts() if line.role == "出席人员"]
    labels = [line for line in lines if line.text[:3] in ("出席：", "请假：", "列席：")]
    assert [line.text[:2] for line in labels] == ["出席", "请假", "列席"]
    for line in labels:
        assert line.runs[0].x == pytest.approx(geometry.LEFT + 2 * geometry.CELL)
        assert line.runs[0].font.endswith("heiti") and line.runs[-1].font.endswith("fangsong")
    names_start = labels[0].runs[1].x
    wrapped = [line for line in lines if line not in labels]
    assert wrapped and all(line.runs[0].x == pytest.approx(names_start) for line in wrapped)


def test_minutes_with_the_labels_in_the_body_face_fail(tmp_path, monkeypatch):
    import sys
    from briefing.pageplan import lines as plan_lines
    original = plan_lines.labelled_lines
    monkeypatch.setattr(sys.modules["briefing.pageplan.closing"], "labelled_lines",
                        lambda *args, label_role=None, **kw: original(*args, **kw))
    built = api.build(ROOT / "examples" / "minutes", tmp_path / "plain.pdf")
    assert failing(built.path) == {"出席人员名单"}


def test_attendance_belongs_to_minutes_only(tmp_path):
    import shutil
    import subprocess
    import sys
    folder = tmp_path / "c"
    shutil.copytree(ROOT / "examples" / "minutes", folder)
    edition = folder / "edition.yaml"
    edition.write_text(edition.read_text(encoding="utf-8").replace("format: 纪要", "format: 文件"), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "briefing", "check", str(folder)], capture_output=True, text=True)
    assert result.returncode == 2 and "只用于纪要格式" in result.stderr


@pytest.fixture(scope="module")
def order(tmp_path_factory) -> Path:
    return api.build(ROOT / "examples" / "order", tmp_path_factory.mktemp("o") / "order.pdf").path


def test_the_order_example_passes(order):
    checks = {c.name: c for c in measure(order)}
    assert {"命令标志上边缘", "令号位置", "正文距令号", "签名章与成文日期"} <= set(checks)
    assert [name for name, c in checks.items() if c.failed] == []


def test_the_orders_places_in_the_plan():
    checked = api.check(ROOT / "examples" / "order")
    plans = lay_out(checked.document, FontMetrics(checked.fonts)).pages
    first = plans[0]
    assert not [item for item in first.items if isinstance(item, Rule) and item.colour == geometry.RED]  # no rule
    assert not [line for line in first.texts() if line.role in ("标题", "主送机关")]
    (number,) = [line for line in first.texts() if line.role == "发文字号"]
    width = sum(number.runs[-1].advances) + number.runs[-1].x - number.runs[0].x
    assert number.runs[0].x - geometry.LEFT == pytest.approx(geometry.RIGHT - number.runs[0].x - width, abs=0.5)
    (stamp,) = [item for item in first.items if isinstance(item, Picture)]
    (date,) = [line for line in first.texts() if line.role == "成文日期"]
    four = geometry.RIGHT - 4 * geometry.CELL
    assert stamp.x + stamp.width == pytest.approx(four)
    assert date.runs[-1].x + sum(date.runs[-1].advances) == pytest.approx(four)
    title = next(line for line in first.texts() if line.text == "市长")
    assert title.runs[-1].x + sum(title.runs[-1].advances) == pytest.approx(stamp.x - 2 * geometry.CELL)
    assert stamp.y < title.runs[0].y < stamp.y + stamp.height  # the title beside the stamp, centred on it


def test_an_order_without_a_stamp_prints_the_name(tmp_path):
    import shutil
    folder = tmp_path / "c"
    shutil.copytree(ROOT / "examples" / "order", folder)
    edition = folder / "edition.yaml"
    edition.write_text(edition.read_text(encoding="utf-8").replace("  stamp: signature.png\n", ""), encoding="utf-8")
    checked = api.check(folder)
    texts = [line.text for plan in lay_out(checked.document, FontMetrics(checked.fonts)).pages for line in plan.texts()]
    assert "市长陈建国" in texts


@pytest.mark.parametrize("change, message", [
    (("format: 命令\n", "format: 命令\nrecipients: [各区政府]\n"), "命令格式不写主送机关"),
    (("signature:\n  title: 市长\n  name: 陈建国\n  stamp: signature.png\n", ""), "命令格式要有签发人"),
    (("format: 命令\n", "format: 文件\nrecipients: [各区政府]\n"), "只用于命令格式"),
])
def test_an_order_is_checked(tmp_path, change, message):
    import shutil
    import subprocess
    import sys
    folder = tmp_path / "c"
    shutil.copytree(ROOT / "examples" / "order", folder)
    edition = folder / "edition.yaml"
    text = edition.read_text(encoding="utf-8")
    assert change[0] in text
    edition.write_text(text.replace(change[0], change[1]), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "briefing", "check", str(folder)], capture_output=True, text=True)
    assert result.returncode == 2 and message in result.stderr


@pytest.mark.parametrize("constant, value, fails", [
    ("LETTER_MARK_INK_TOP", geometry.PAGE_HEIGHT - 36 * MM, {"信函标志上边缘"}),  # the mark 6 mm low
    ("LETTER_MARK_GAP", 8 * MM, {"信函标志与双线"}),  # the double line 8 mm under the mark
    ("LETTER_TEXT_GAP", 30.0, {"信函发文字号"}),  # the 发文字号 10 mm under the line
])
def test_each_letter_check_fails_on_its_fault(tmp_path, monkeypatch, constant, value, fails):
    monkeypatch.setattr(geometry, constant, value)
    built = api.build(ROOT / "examples" / "letter", tmp_path / "broken.pdf")
    assert failing(built.path) == fails


def test_a_letter_with_the_full_imprint_fails(tmp_path, monkeypatch):
    from briefing import pageplan
    monkeypatch.setattr(pageplan, "letter_imprint", lambda document, metrics, recipients: pageplan.imprint(document, metrics))
    built = api.build(ROOT / "examples" / "letter", tmp_path / "imprint.pdf")
    assert failing(built.path) == {"版记（信函）"}


def test_an_order_with_its_mark_too_low_fails(tmp_path, monkeypatch):
    monkeypatch.setattr(geometry, "ORDER_MARK_INK_TOP", geometry.TOP - 26 * MM)
    built = api.build(ROOT / "examples" / "order", tmp_path / "low.pdf")
    assert "命令标志上边缘" in failing(built.path)
