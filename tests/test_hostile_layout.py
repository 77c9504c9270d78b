"""Content that cannot be laid out as typed: refused with file:line before anything is
written, or laid out inside the 版心 (issue 9)."""
import time

import pdfplumber
import pytest

from briefing import api
from briefing.conformance import measure
from briefing.errors import ContentError
from briefing.typeset import MAX_TITLE_LINES

from pagefill import page_fill, plans_of
from samples import paragraph, write_content

MM = 72 / 25.4
ORGANS = ["市发展和改革委员会", "市财政局", "市人力资源和社会保障局", "市自然资源和规划局", "市住房和城乡建设局"]


def refused(folder, *, build=True):
    """The errors of `briefing check` (which lays the pages out) and of a build: the same."""
    with pytest.raises(ContentError) as checked:
        api.verify(folder)
    if build:
        with pytest.raises(ContentError) as built:
            api.build(folder, folder.parent / "out.pdf")
        assert [str(p) for p in built.value.errors] == [str(p) for p in checked.value.errors]
        assert not (folder.parent / "out.pdf").exists()
    return checked.value.errors


def line_of(folder, needle):
    lines = (folder / "edition.yaml").read_text(encoding="utf-8").split("\n")
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def chars_outside(pdf_path):
    with pdfplumber.open(str(pdf_path)) as pdf:
        return [c["text"] for page in pdf.pages for c in page.chars
                if c["x0"] < 28 * MM - 0.5 or c["x1"] > 184 * MM + 0.5]


def test_imprint_taller_than_a_page_is_refused_fast(tmp_path):
    folder = write_content(tmp_path / "c", cc=[f"{organ}{n}" for n in range(14) for organ in ORGANS])
    started = time.perf_counter()
    (problem,) = refused(folder)
    assert time.perf_counter() - started < 20
    assert "抄送机关太多" in problem.message and problem.where.line == line_of(folder, "cc:") + 1


def test_long_printer_is_refused(tmp_path):
    folder = write_content(tmp_path / "c", printer="江州市滨河区教育局办公室" * 4)
    (problem,) = refused(folder)
    assert "印发机关" in problem.message and problem.where.line == line_of(folder, "printer:")


def test_several_issuers_in_one_signature_are_refused(tmp_path):
    folder = write_content(tmp_path / "c", issuer="　".join(ORGANS))
    (problem,) = refused(folder)
    assert "署名" in problem.message and problem.where.line == line_of(folder, "issuer:")


def test_long_note_wraps_inside_the_type_area(tmp_path):
    folder = write_content(tmp_path / "c", note="此件公开发布。联系人：王小明，联系电话：0591-12345678，"
                                                 "电子邮箱：wangxiaoming@example.gov.cn。" * 3)
    built = api.build(folder, tmp_path / "out.pdf")
    assert chars_outside(built.path) == []


def test_title_over_six_lines_is_refused(tmp_path):
    title = "江州市滨河区教育局关于" + "进一步加强中小学校园安全管理工作" * 8 + "的通知"
    folder = write_content(tmp_path / "c", title=title)
    started = time.perf_counter()
    (problem,) = refused(folder)
    assert time.perf_counter() - started < 20
    assert f"{MAX_TITLE_LINES} 行" in problem.message and problem.where.line == line_of(folder, "title:")


def test_titles_up_to_six_lines_build_quickly(tmp_path):
    for repeat in range(1, 6):
        title = "江州市滨河区教育局关于" + "进一步加强中小学校园安全管理工作" * repeat + "的通知"
        folder = write_content(tmp_path / str(repeat), title=title)
        started = time.perf_counter()
        api.build(folder, tmp_path / f"{repeat}.pdf")
        assert time.perf_counter() - started < 20


def test_long_document_number_is_refused(tmp_path):
    folder = write_content(tmp_path / "c", number="滨教〔2024〕17号" * 5)
    (problem,) = refused(folder)
    assert "发文字号" in problem.message and problem.where.line == line_of(folder, "number:")


FIGURES = [dict(id="enrol", label="新生入学人数", value=0, unit="人", year="2024", kind="actual", goal="enrol-goal"),
           dict(id="enrol-goal", label="新生入学目标", value=3000, unit="人", year="2024", kind="target")]


@pytest.mark.parametrize("sentences", range(1, 30, 2))
def test_chart_moving_to_the_next_page_at_any_position(tmp_path, sentences):
    """A chart after paragraphs of every length, with a value of 0: it moves below the text
    that follows when it does not fit (once a LayoutError), and draws a bar of nothing."""
    body = ["各学校要对校舍、消防设施开展全面排查。" * sentences + "新生入学人数{{enrol}}。",
            {"chart": "新生入学完成情况"}, "新生入学目标为{{enrol-goal}}。"]
    folder = write_content(tmp_path / "c", figures=FIGURES, body=body)
    built = api.build(folder, tmp_path / "out.pdf")
    assert built.pages >= 2 and chars_outside(built.path) == []


def test_goal_of_zero_is_refused(tmp_path):
    figures = [dict(FIGURES[0], value=10), dict(FIGURES[1], value=0)]
    folder = write_content(tmp_path / "c", figures=figures,
                           body=["新生入学人数{{enrol}}，目标{{enrol-goal}}。", {"chart": "完成情况"}])
    problems = refused(folder, build=False)
    assert any("不能用来计算完成比例" in p.message for p in problems)


@pytest.mark.parametrize("change, printed", [("比增-3.5%", "比降3.5%"), ("-3.5%", "下降3.5%"), (-3.5, "下降3.5%"),
                                             (2.5, "增长2.5%"), ("增速-1%", "增速负1%")])
def test_negative_change_is_written_out(tmp_path, change, printed):
    figures = [dict(FIGURES[0], value=2900, change=change), FIGURES[1]]
    folder = write_content(tmp_path / "c", figures=figures,
                           body=["新生入学人数{{enrol}}，{{enrol.change}}，目标{{enrol-goal}}。"])
    text = api.check(folder).document.edition.body[0].text.value
    assert printed in text and "-" not in text


@pytest.mark.parametrize("heading", ["一、总体要求", "（一）总体要求", "1.总体要求", "(2)总体要求", "第一，总体要求"])
def test_hand_typed_heading_numbers_are_refused(tmp_path, heading):
    content = write_content(tmp_path / "c", body=["为做好开学工作，通知如下。"],
                            attachments=["a.yaml"])
    (content / "a.yaml").write_text(f"title: 工作要点\nsections:\n  - heading: {heading}\n    body:\n"
                                    "      - 各校要按时报送材料。\n", encoding="utf-8")
    (problem,) = refused(content, build=False)
    assert "手写了编号" in problem.message and problem.where.file.name == "a.yaml" and problem.where.line == 3


def test_a_bad_figure_value_is_reported_once(tmp_path):
    figures = [dict(FIGURES[0], value="三千"), FIGURES[1]]
    folder = write_content(tmp_path / "c", figures=figures,
                           body=["新生入学人数{{enrol}}，目标{{enrol-goal}}。", {"figures": ["enrol"]}])
    problems = refused(folder, build=False)
    assert len(problems) == 1 and "不是数字" in problems[0].message


def test_missing_glyph_names_the_line_of_the_character(tmp_path):
    folder = write_content(tmp_path / "c", body=["PLACEHOLDER"])
    edition = folder / "edition.yaml"
    folded = "  - >-\n    各学校要对校舍开展全面排查，\n    发现隐患立即整改\U0001F600，\n    确保开学前全部到位。"
    edition.write_text(edition.read_text(encoding="utf-8").replace("- PLACEHOLDER", folded.lstrip()), encoding="utf-8")
    (problem,) = refused(folder, build=False)
    assert "U+1F600" in problem.message and problem.where.line == line_of(folder, "\U0001F600")


def test_a_character_no_font_has_in_the_revision_is_reported(tmp_path):
    folder = write_content(tmp_path / "c", status="draft", revision="第2稿\U0001F600")
    (problem,) = refused(folder, build=False)
    assert "U+1F600" in problem.message and problem.where.line == line_of(folder, "revision:")


def test_a_long_revision_is_refused_at_its_line(tmp_path):
    """Found by fuzzing: a revision with text pasted after it ran the draft mark off the page."""
    folder = write_content(tmp_path / "c", status="draft", revision="第1稿" + "!!python/object/apply:os.system" * 2)
    (problem,) = refused(folder)
    assert "revision 太长" in problem.message and problem.where.line == line_of(folder, "revision:")


@pytest.mark.parametrize("field, value", [("date", "{待定：" + "某" * 30 + "}"), ("secrecy", "机密★" + "一" * 30),
                                          ("copy_number", "0" * 12),
                                          ("signers", ["张三", "欧阳" * 6])])
def test_one_line_fields_too_long_are_refused(tmp_path, field, value):
    folder = write_content(tmp_path / "c", **{field: value})
    problems = refused(folder)
    assert any(f"{field} 太长" in p.message for p in problems)


NOTE = "本通知由区教育局安全科负责解释，联系人：韩喆，联系电话：0791-86201234，电子邮箱：hanzhe@example.gov.cn。"


def test_notes_up_to_the_closing_limit_build(tmp_path):
    """The longest 附注 the closing's page holds (17 lines) builds, inside the 版心."""
    folder = write_content(tmp_path / "c", note=(NOTE * 60)[:580])
    built = api.build(folder, tmp_path / "out.pdf")
    assert chars_outside(built.path) == []


@pytest.mark.parametrize("length", [600, 3000])
def test_a_note_too_long_for_the_closing_page_is_refused_fast(tmp_path, length):
    """Issue 25: a 附注 of 440–600 characters hung build and check (the closing could go on no page)."""
    folder = write_content(tmp_path / "c", note=(NOTE * 60)[:length])
    started = time.perf_counter()
    (problem,) = refused(folder)
    assert time.perf_counter() - started < 20
    assert "附注太长" in problem.message and problem.where.line == line_of(folder, "note:")


def test_an_attachment_title_too_long_for_the_attachment_note_is_refused(tmp_path):
    folder = write_content(tmp_path / "c", attachments=["a.yaml"])
    (folder / "a.yaml").write_text("title: " + "滨河区中小学校园安全隐患排查整治专项行动实施方案" * 18 + "\nbody:\n  - 各校按时报送。\n",
                                   encoding="utf-8")
    started = time.perf_counter()
    (problem,) = refused(folder)
    assert time.perf_counter() - started < 20
    assert "附件说明太长" in problem.message and (problem.where.file.name, problem.where.line) == ("a.yaml", 1)


ATTENDEES = {  # a county's standing meeting: members, then the heads of bureaus called in
    "出席": ["郁文澜（县长）", "邵建勋（常务副县长）", "彭秋雁（副县长）", "阮志豪（副县长）", "纪海清（副县长）",
           "司马振宇（县政府党组成员）", "邢国栋（县政府办公室主任）"],
    "列席": [f"{name}（{organ}局长）" for name, organ in zip(
        ["黎晓鹏", "骆雨桐", "蒲建华", "栾海波", "岑晓东", "欧阳卫红", "伍家琪", "简志刚", "柯美琳", "庞立新", "詹文斌",
         "鲍慧娟", "阎宏伟", "汤明轩", "祝一鸣", "甘立人", "葛宝珠", "廖春晖", "韦丽华", "蓝志强"],
        ["县发展和改革局", "县财政局", "县自然资源和规划局", "县住房和城乡建设局", "县林业局", "县应急管理局",
         "县卫生健康局", "县城市管理和综合执法局", "县农业农村局", "县水利局", "县交通运输局", "县审计局",
         "县市场监督管理局", "县生态环境分局", "县人力资源和社会保障局", "县商务局", "县医疗保障局", "县民政局",
         "县司法局", "县统计局"])],
    "请假": ["莫振东（县教育局局长，外出学习）"]}


def test_an_attendance_list_longer_than_a_page_runs_on_and_ends_with_the_signature(tmp_path):
    """A 纪要 of a standing meeting lists 28 people with their posts, one to a line: refused
    once as too long for the closing's page. Like the text it runs on over pages, each name
    whole, and its last two lines share the page with the 署名 and date."""
    folder = write_content(tmp_path / "c", format="纪要", mark="石岩县人民政府常务会议纪要", number="第14期",
                           attendance=ATTENDEES, body=[paragraph(6), paragraph(5)])
    built = api.build(folder, tmp_path / "out.pdf")
    pages = plans_of(folder)
    holding = [plan.number for plan in pages if any(line.role == "出席人员" for line in plan.texts())]
    assert len(holding) >= 2
    dated = next(plan for plan in pages if any(line.role == "成文日期" for line in plan.texts()))
    assert dated.number == holding[-1]
    roles = [line.role for line in dated.texts() if line.role in ("正文", "出席人员", "发文机关署名")]
    assert roles[:2] == ["出席人员", "出席人员"], roles
    listed = "".join(line.text for plan in pages for line in plan.texts() if line.role == "出席人员")
    for names in ATTENDEES.values():
        assert all(name in listed for name in names)  # (each on one line: no name broken)
    assert [c.name for c in measure(built.path) if c.failed] == []


@pytest.mark.parametrize("listed", [6, 14, 20, 27])
def test_a_list_of_attendees_leaves_no_page_short(tmp_path, listed):
    """Kept whole with the 署名, a list of 26 attendees left a page holding one line of text
    before it (the 署名's page took the list and two lines; the paragraph's first line had no
    other place). Now a page before the 署名's ends at most 4 lines short: the 署名's page
    takes two lines of the list, a blank line, the 署名 and the date, and no more is forced."""
    people = [*ATTENDEES["出席"], *ATTENDEES["列席"]][:listed]
    folder = write_content(tmp_path / "c", format="纪要", mark="石岩县人民政府常务会议纪要", number="第15期",
                           attendance={"出席": people[:5], "列席": people[5:]},
                           body=[paragraph(7), paragraph(6), paragraph(5), paragraph(3)])
    fills = page_fill(plans_of(folder))
    short = [(fill.number, fill.used) for fill in fills if not fill.part_end and fill.empty > 4]
    assert short == [], short


@pytest.mark.parametrize("attachments, extra", [(2, 0), (2, 9), (5, 0), (5, 9)])
def test_with_attachments_and_attendees_the_closing_stays_with_the_text(tmp_path, attachments, extra):
    """Letting the attendees run on once let the 附件说明 split over two pages and left the
    署名's page with none of the text: a closing that fits a page with two lines of text
    keeps whole with them (found by review, at 2 and 5 attachments)."""
    folder = write_content(tmp_path / "c", format="纪要", mark="石岩县人民政府常务会议纪要", number="第15期",
                           attendance={"出席": ATTENDEES["出席"][:3]}, attachments=[f"a{i}.yaml" for i in range(attachments)],
                           body=[paragraph(7), paragraph(6), paragraph(3)] + [paragraph(1)] * extra)
    for i in range(attachments):
        (folder / f"a{i}.yaml").write_text(f"title: 石岩县2025年第{i + 1}批重点项目推进情况和下一步工作安排表\n"
                                           "body:\n  - 项目情况见下。\n", encoding="utf-8")
    pages = plans_of(folder)
    holding = [plan.number for plan in pages if any(line.role in ("附件说明", "出席人员", "发文机关署名")
                                                    for line in plan.texts())]
    assert len(holding) == 1, holding
    signed = next(fill for fill in page_fill(pages) if fill.closing_body is not None)
    assert signed.closing_body >= 2


def test_a_closing_too_long_for_a_page_without_its_attendees_is_still_refused(tmp_path):
    folder = write_content(tmp_path / "c", format="纪要", mark="江州市滨河区教育局会议纪要", number="第3期",
                           attendance={"出席": ["王明（区教育局局长）"]}, note=(NOTE * 60)[:600])
    (problem,) = refused(folder)
    assert "附注太长" in problem.message


def test_a_recipient_list_too_long_for_the_imprint_is_named_not_the_cc(tmp_path):
    """Found by probing every field at 3000 characters: a 主送 moved to the 版记 and too long
    for it was reported at the first 抄送 机关."""
    schools = [f"江州市滨河区第{n}中学" for n in range(1, 300)]
    folder = write_content(tmp_path / "c", recipients=schools)
    (problem,) = refused(folder)
    assert "太多" in problem.message and problem.where.path == "recipients[0]"
