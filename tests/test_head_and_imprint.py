"""The 版头 with every optional element, and the 版记 pushed past a blank page, read from the PDF."""
from pathlib import Path

import pdfplumber
import pytest

from briefing import api, geometry
from briefing.conformance import measure
from briefing.errors import ContentError

MM = geometry.MM

MINIMAL = """issuer: 测试局
mark: 测试局文件
number: 测试〔2023〕1号
title: 测试局关于测试的请示
recipients: [上级机关]
body: [{body}]
attachments: [attachment.yaml]
date: 2023年2月6日
cc: [办公室]
printer: 测试局办公室
print_date: 2023年2月6日
status: final
"""


def write(folder: Path, body: str = "特此请示。", extra: str = "", paragraphs: int = 1, length: int = 60) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "edition.yaml").write_text(MINIMAL.format(body=body) + extra, encoding="utf-8")
    items = "".join(f'  - "{"测试文字" * (length // 4)}第{n}段。"\n' for n in range(paragraphs))
    (folder / "attachment.yaml").write_text(f"title: 测试附件\nbody:\n{items}", encoding="utf-8")
    return folder


def document_chars(pdf):
    with pdfplumber.open(str(pdf)) as document:
        return list(document.pages[0].chars)


def test_copy_number_secrecy_urgency_and_signer(tmp_path):
    folder = write(tmp_path / "c", extra="copy_number: \"000123\"\nsecrecy: 秘密★1年\nurgency: 特急\n"
                                          "signers: [张三, 李四, 王五]\n")
    pdf = api.build(folder, tmp_path / "head.pdf").path
    with pdfplumber.open(str(pdf)) as document:
        # x_tolerance: a word goes on across the quarter em between Han and Latin
        words = {w["text"]: w for w in document.pages[0].extract_words(keep_blank_chars=True, x_tolerance=5)}
    line_top = [geometry.PAGE_HEIGHT - geometry.line_top(n) for n in (1, 2, 3)]  # from the page top
    for text, line in (("000123", 0), ("秘密★1年", 1), ("特急", 2)):
        word = words[text]
        assert abs(word["x0"] - geometry.LEFT) < 0.5, text  # flush left in the 版心
        # lines 1, 2, 3 (positions are written to 0.01 pt)
        assert line_top[line] - 0.01 <= word["top"] <= line_top[line] + geometry.PITCH, text
    number = words["测试〔2023〕1号"]
    chars = {c["text"]: c for c in document_chars(pdf) if c["text"] in "签：张李四王"}
    assert abs(number["x0"] - (geometry.LEFT + geometry.CELL)) < 0.5  # 发文字号 1 em in when 签发人 is there
    assert abs(chars["四"]["x1"] - (geometry.RIGHT - geometry.CELL)) < 0.5  # 签发人 1 em from the right
    assert chars["签"]["fontname"].endswith("FandolFang-Regular")  # the label in 仿宋,
    assert chars["张"]["fontname"].endswith("FandolKai-Regular")  # the names in 楷体
    assert abs(chars["王"]["x0"] - chars["张"]["x0"]) < 0.5  # a second row under the first name
    assert abs(chars["王"]["top"] - chars["张"]["top"] - geometry.PITCH) < 0.5
    assert abs(number["top"] - chars["王"]["top"]) < 1  # 发文字号 level with the last row of names
    checks = {c.name: c for c in measure(pdf)}
    assert not any(c.failed for c in checks.values())
    assert "（“测试〔2023〕1号”，16 pt）" in checks["分隔线距发文字号"].measured  # (not the 签发人 on its line)


def test_imprint_moves_past_a_blank_page_neither_numbered(tmp_path, monkeypatch):
    """Grow the attachment until its text ends on a full even page: the 版记 then needs the next
    even page, and the blank odd page before it and the 版记 page carry no number. (The page
    builder avoids that where it can, setting a page or a paragraph closer: here it may not.)"""
    from briefing import pageplan, paginate
    monkeypatch.setattr(paginate, "SHEET", 0)
    monkeypatch.setattr(pageplan, "MORE_LINES", 0)
    for paragraphs in range(10, 40):
        folder = write(tmp_path / f"p{paragraphs}", paragraphs=paragraphs, length=108)
        pdf = api.build(folder, tmp_path / f"p{paragraphs}.pdf").path
        with pdfplumber.open(str(pdf)) as document:
            texts = [page.extract_text() or "" for page in document.pages]
        if any(not t.strip() for t in texts):
            break
    else:
        pytest.fail("no length gave a blank page")
    blank = next(i for i, t in enumerate(texts, 1) if not t.strip())
    assert blank % 2 == 1 and blank == len(texts) - 1  # an odd page, just before the last
    assert "抄送" in texts[-1] and "印发" in texts[-1]
    assert f"— {len(texts)} —" not in texts[-1] and f"— {blank - 1} —" in texts[blank - 2]
    checks = {c.name: c for c in measure(pdf)}
    assert checks["无页码的页"].ok and checks["无页码的页"].measured == f"{blank}、{len(texts)}"
    assert checks["版记所在页"].ok and checks["版记末条线位置"].ok


def test_recipient_names_are_checked_for_missing_glyphs(tmp_path):
    folder = write(tmp_path / "g", extra="")
    edition = folder / "edition.yaml"
    edition.write_text(edition.read_text(encoding="utf-8").replace("cc: [办公室]", "cc: [办公室\U0001F600]"),
                       encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        api.check(folder)
    (problem,) = [p for p in caught.value.problems if not p.warning]
    assert "U+1F600" in problem.message and problem.where.line == 9


def test_many_recipients_wrap_flush_left_inside_the_column(tmp_path):
    units = ", ".join(f"第{n}区县人民政府" for n in range(1, 9))
    folder = write(tmp_path / "r", body="特此通知。")
    edition = folder / "edition.yaml"
    edition.write_text(edition.read_text(encoding="utf-8").replace("recipients: [上级机关]", f"recipients: [{units}]"),
                       encoding="utf-8")
    pdf = api.build(folder, tmp_path / "r.pdf").path
    with pdfplumber.open(str(pdf)) as document:
        chars = [c for c in document.pages[0].chars if c["size"] == 16 and c["text"] in "第："]
    assert max(c["x1"] for c in chars) <= geometry.RIGHT + 0.5
    starts = {round(c["x0"], 1) for c in chars if c["text"] == "第"}
    assert round(geometry.LEFT, 1) in starts  # the wrapped line starts flush left again
    assert not any(c.failed for c in measure(pdf))


def _schools(count: int) -> list[str]:
    return [f"滨河区第{n}{'中学' if n % 3 else '小学'}" for n in range(1, count + 1)]


@pytest.mark.parametrize("form", ["通知", "信函"])
def test_a_main_recipient_list_that_would_leave_page_one_without_text_goes_to_the_imprint(tmp_path, form):
    """GB/T 9704 §7.3.2: when the 主送 is so long that page 1 would show no text, it goes to the
    版记, labelled 主送, laid out like the 抄送 and one line above it, no rule between them."""
    from briefing.pageplan import lay_out
    from briefing.metrics import FontMetrics
    from samples import write_content
    extra = {"format": form} if form == "信函" else {}
    folder = write_content(tmp_path / "c", recipients=_schools(60), body=["请各校按要求做好开学准备工作。" * 6],
                           **extra)
    checked = api.check(folder)
    plans = lay_out(checked.document, FontMetrics(checked.fonts)).pages
    first = plans[0].texts()
    assert any(line.role == "正文" for line in first) and not any(line.role == "主送机关" for line in first)
    listed = [line for line in plans[-1].texts() if line.role in ("主送机关", "抄送机关")]
    assert listed[0].text.startswith("主送：滨河区第1中学") and listed[-1].text.startswith("抄送：")
    recipients = [line for line in listed if line.role == "主送机关"]
    assert "".join(line.text for line in recipients).endswith("滨河区第60小学。")
    assert all(line.runs[0].size == geometry.IMPRINT_SIZE for line in listed)
    cc_top = max(line.runs[0].y for line in listed if line.role == "抄送机关")
    rules_between = [item for item in plans[-1].items if isinstance(item, pageplan_rule())
                     and cc_top < item.y1 < min(line.runs[0].y for line in recipients)]
    assert rules_between == []  # no separator between the 主送 and the 抄送
    built = api.build(folder, tmp_path / "out.pdf")
    assert [f"{c.name}：{c.measured}" for c in measure(built.path) if c.failed] == []


def test_a_main_recipient_list_that_leaves_room_for_text_stays_under_the_title(tmp_path):
    from briefing.pageplan import lay_out
    from briefing.metrics import FontMetrics
    from samples import write_content
    folder = write_content(tmp_path / "c", recipients=_schools(20), body=["请各校按要求做好开学准备工作。" * 8] * 3)
    checked = api.check(folder)
    first = lay_out(checked.document, FontMetrics(checked.fonts)).pages[0].texts()
    assert [line.role for line in first].count("主送机关") >= 3 and any(line.role == "正文" for line in first)


def pageplan_rule():
    from briefing.pageplan.items import Rule
    return Rule
