"""What the tool prints itself is not printed twice; doubled marks are pointed out (issue 10 §2)."""
import pdfplumber
import pytest

from briefing import api

from samples import write_content


def warnings_and_text(tmp_path, **fields):
    folder = write_content(tmp_path / "c", **fields)
    built = api.build(folder, tmp_path / "out.pdf")
    with pdfplumber.open(str(built.path)) as pdf:
        text = "".join((page.extract_text() or "") for page in pdf.pages).replace("\n", "").replace(" ", "")
    return [str(w) for w in built.warnings], text


def test_typed_colon_after_recipients_prints_once(tmp_path):
    warnings, text = warnings_and_text(tmp_path, recipients=["各中小学校", "各幼儿园："])
    assert "各中小学校，各幼儿园：" in text and "：：" not in text
    assert any("主送机关后的冒号" in w for w in warnings)


def test_typed_full_stop_after_cc_prints_once(tmp_path):
    warnings, text = warnings_and_text(tmp_path, cc=["区委办公室，", "区政府办公室。"])
    assert "区委办公室，区政府办公室。" in text and "。。" not in text and "，，" not in text
    assert sum("抄送机关后的句号" in w for w in warnings) == 2


def test_typed_parentheses_of_the_note_print_once(tmp_path):
    warnings, text = warnings_and_text(tmp_path, note="（此件公开发布）")
    assert "（此件公开发布）" in text and "（（" not in text
    assert any("附注的圆括号" in w for w in warnings)


def test_typed_yinfa_after_the_print_date_prints_once(tmp_path):
    warnings, text = warnings_and_text(tmp_path, print_date="2024年8月21日印发")
    assert "2024年8月21日印发" in text and "印发印发" not in text


def test_typed_attachment_label_is_taken_off(tmp_path):
    folder = write_content(tmp_path / "c", attachments=["a.yaml"])
    (folder / "a.yaml").write_text("title: 附件1：开学工作检查表\nbody:\n  - 各校按表自查。\n", encoding="utf-8")
    checked = api.check(folder)
    assert checked.document.edition.attachments[0].title.value == "开学工作检查表"
    assert any("附件标题前" in str(w) for w in checked.warnings)
    (folder / "a.yaml").write_text("title: 附件管理办法\nbody:\n  - 各校按表自查。\n", encoding="utf-8")
    assert api.check(folder).document.edition.attachments[0].title.value == "附件管理办法"


@pytest.mark.parametrize("typed", ["请各校认真落实，，确保安全。", "请各校认真落实。。", "详见（（附表））。",
                                   "请登录平台.", "所谓\"平安校园\"建设。"])
def test_doubled_and_ascii_marks_are_warned(tmp_path, typed):
    folder = write_content(tmp_path / "c", body=[typed])
    warnings = [str(w) for w in api.check(folder).warnings]
    assert any("重复" in w or "半角" in w for w in warnings), warnings
    assert all("edition.yaml" in w for w in warnings)


def test_clean_text_gets_no_warning(tmp_path):
    folder = write_content(tmp_path / "c", body=["请各校于8月30日前报送《开学准备情况表》，联系电话：0591-1234567。"])
    assert api.check(folder).warnings == []
