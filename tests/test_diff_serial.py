"""briefing diff on tables with a 序号 column: rows are aligned by what they hold, so a row
deleted or inserted and the rest renumbered is that row and one “序号重新编排”, not every later
row changed; `check` warns where a 序号 column skips or repeats a number; the printable diff
keeps names whole."""
import json
import subprocess
import sys

import pdfplumber
import pytest

from briefing import api
from briefing.diff import compare

HEADER = ["序号", "项目名称", "建设单位", "里程（公里）", "投资（万元）"]
ROADS = [  # a 县交通运输局's road projects
    ["白鹭湾至石桥镇公路改建", "县公路事业发展中心", "12.4", "6,820"],
    ["S218线云岭段路面大修", "县公路事业发展中心", "8.6", "2,150"],
    ["溪口乡通村公路窄路加宽", "溪口乡人民政府", "15.2", "1,368"],
    ["莲塘镇通组公路硬化", "莲塘镇人民政府", "9.8", "784"],
    ["农村公路危桥改造（6座）", "县农村公路管理所", "—", "960"],
    ["港口作业区进港道路", "县港航事业发展中心", "3.1", "4,275"],
    ["客运站至高铁站连接线", "县城市建设投资有限公司", "2.7", "3,410"],
]


def edition(rows, header=HEADER, serial=True):
    """A report of the 宁川县交通运输局 with a project table; the 序号 written in front of each row
    as given (True: 1, 2, 3 …; or a list of numbers)."""
    numbers = list(range(1, len(rows) + 1)) if serial is True else serial
    table_rows = [[str(n), *row] for n, row in zip(numbers, rows)] if serial is not False else rows
    return "\n".join([
        "issuer: 宁川县交通运输局", "mark: 宁川县交通运输局文件", "number: 宁交〔2025〕31号", "signers: [江海平]",
        "title: 宁川县交通运输局关于2025年交通重点项目建设进展情况的报告", "recipients: [县人民政府]",
        "body:", "  - 今年以来，我局紧扣年度目标，全力推进交通重点项目建设，现将有关情况报告如下。",
        "  - table: 表1　2025年交通重点项目清单", f"    header: {json.dumps(header, ensure_ascii=False)}",
        "    total: 合计", "    rows:", *(f"      - {json.dumps(row, ensure_ascii=False)}" for row in table_rows),
        "  - 特此报告。", "date: 2025年10月9日", "printer: 宁川县交通运输局办公室", "print_date: 2025年10月9日",
        "status: final", ""])


def folder(tmp_path, name, text):
    path = tmp_path / name
    path.mkdir()
    (path / "edition.yaml").write_text(text, encoding="utf-8")
    return path


def changes(tmp_path, old, new):
    before, after = folder(tmp_path, "old", old), folder(tmp_path, "new", new)
    return [(c.kind, c.place, c.old, c.new)
            for c in compare(api.check(before).document.edition, api.check(after).document.edition)]


def test_a_row_deleted_and_the_rest_renumbered_is_one_deletion_and_one_renumbering(tmp_path):
    revised = [list(row) for row in ROADS]
    revised[1][3] = "2,380"
    del revised[3]
    assert changes(tmp_path, edition(ROADS), edition(revised)) == [
        ("修改", "表1 第2行（S218线云岭段路面大修） 投资（万元）", "〖2,150〗", "〖2,380〗"),
        ("删除", "表1 第4行（莲塘镇通组公路硬化）", "4｜莲塘镇通组公路硬化｜莲塘镇人民政府｜9.8｜784", ""),
        ("修改", "表1 序号重新编排（第4–6行）", "5–7", "4–6"),
        ("修改", "表1 合计行", "合计｜｜｜〖51.8〗｜〖19,767〗", "合计｜｜｜〖42.0〗｜〖19,213〗")]  # after the rows


def test_a_deletion_without_renumbering_reports_no_renumbering(tmp_path):
    revised = ROADS[:3] + ROADS[4:]
    numbers = [1, 2, 3, 5, 6, 7]
    assert [c[:2] for c in changes(tmp_path, edition(ROADS), edition(revised, serial=numbers))] == [
        ("删除", "表1 第4行（莲塘镇通组公路硬化）"), ("修改", "表1 合计行")]


def test_a_row_inserted_and_the_rest_renumbered(tmp_path):
    revised = ROADS[:2] + [["长岗岭隧道前期工作", "县交通建设投资有限公司", "—", "300"]] + ROADS[2:]
    found = changes(tmp_path, edition(ROADS), edition(revised))
    assert found[:2] == [
        ("新增", "表1 第3行（长岗岭隧道前期工作）", "", "3｜长岗岭隧道前期工作｜县交通建设投资有限公司｜—｜300"),
        ("修改", "表1 序号重新编排（第4–8行）", "3–7", "4–8")]
    assert [c[1] for c in found[2:]] == ["表1 合计行"]


def test_a_moved_row_renumbered_is_one_move(tmp_path):
    revised = [ROADS[5], *ROADS[:5], ROADS[6]]  # the port road put first, all numbered again
    found = changes(tmp_path, edition(ROADS), edition(revised))
    assert found == [("移动", "表1 第6行 → 第1行", "港口作业区进港道路", ""),
                     ("修改", "表1 序号重新编排（第1–6行）", "6、1–5", "1–6")]


def test_rows_with_equal_names_are_told_apart_by_the_next_cell(tmp_path):
    rows = [["通村公路养护", "溪口乡人民政府", "40.0", "120"], ["通村公路养护", "莲塘镇人民政府", "36.5", "110"],
            *ROADS[:2]]
    revised = [list(row) for row in rows]
    revised[1][3] = "135"
    del revised[0]
    assert changes(tmp_path, edition(rows), edition(revised)) == [
        ("删除", "表1 第1行（通村公路养护／溪口乡人民政府）", "1｜通村公路养护｜溪口乡人民政府｜40.0｜120", ""),
        ("修改", "表1 序号重新编排（第1–3行）", "2–4", "1–3"),  # (where it starts: before that row's edits)
        ("修改", "表1 第1行（通村公路养护） 投资（万元）", "〖110〗", "〖135〗"),
        ("修改", "表1 合计行", "合计｜｜｜〖97.5〗｜〖9,200〗", "合计｜｜｜〖57.5〗｜〖9,105〗")]


def test_a_table_without_a_serial_column_is_keyed_by_its_first_cell(tmp_path):
    header = ["乡镇", "通车里程（公里）", "投资（万元）"]
    rows = [["溪口乡", "15.2", "1,368"], ["莲塘镇", "9.8", "784"], ["云岭镇", "8.6", "2,150"]]
    revised = [rows[0], ["莲塘镇", "11.0", "866"], ["石桥镇", "6.0", "540"], rows[2]]
    found = changes(tmp_path, edition(rows, header, serial=False), edition(revised, header, serial=False))
    assert found == [("修改", "表1 第2行（莲塘镇） 通车里程（公里）", "〖9.8〗", "〖11.0〗"),
                     ("修改", "表1 第2行（莲塘镇） 投资（万元）", "〖784〗", "〖866〗"),
                     ("新增", "表1 第3行（石桥镇）", "", "石桥镇｜6.0｜540"),
                     ("修改", "表1 合计行", "合计｜〖33.6〗｜〖4,302〗", "合计｜〖40.8〗｜〖4,924〗")]


def test_a_code_column_is_compared_as_cells_not_as_a_count(tmp_path):
    header = ["编号", *HEADER[1:]]
    codes = [2301, 2304, 2307, 2311, 2315, 2318, 2320]
    revised = [2301, 2304, 2308, 2311, 2315, 2318, 2320]
    found = changes(tmp_path, edition(ROADS, header, codes), edition(ROADS, header, revised))
    assert found == [("修改", "表1 第3行（2308） 编号", "〖2307〗", "〖2308〗")]


def warnings_of(path):
    return [p for p in api.check(path).warnings if "序号" in p.message]


def test_check_warns_where_a_serial_column_skips_a_number(tmp_path):
    path = folder(tmp_path, "c", edition(ROADS, serial=[1, 2, 3, 5, 6, 7, 8]))
    (warning,) = warnings_of(path)
    assert "“序号”栏第 4 行是 5，按顺序应为 4" in warning.message and "重新编号" in warning.hint
    line = next(n for n, text in enumerate((path / "edition.yaml").read_text(encoding="utf-8").splitlines(), 1)
                if text.startswith('      - ["5", "莲塘镇'))
    assert (warning.where.path, warning.where.line) == ("body[1].rows[3][0]", line)


@pytest.mark.parametrize("numbers, row, expected", [([1, 2, 3, 3, 4, 5, 6], 4, 4), ([2, 3, 4, 5, 6, 7, 8], 1, 1)])
def test_check_warns_of_a_repeated_or_late_start(tmp_path, numbers, row, expected):
    (warning,) = warnings_of(folder(tmp_path, "c", edition(ROADS, serial=numbers)))
    assert f"第 {row} 行是 {numbers[row - 1]}，按顺序应为 {expected}" in warning.message


@pytest.mark.parametrize("header, numbers", [(HEADER, True), (["编号", *HEADER[1:]], [2301, 2304, 2307, 2311, 2315,
                                                                                    2318, 2320])])
def test_no_warning_for_a_count_that_runs_on_or_for_codes(tmp_path, header, numbers):
    assert warnings_of(folder(tmp_path, "c", edition(ROADS, header, numbers))) == []


def test_the_printed_diff_keeps_names_and_revisions_whole(tmp_path):
    """A deleted row is long enough to break: it breaks between its cells, never inside the
    建设单位 (县卫生健/康局 was printed so), nor between the revisions' names."""
    rows = [["城区至火车站公交专用道改造工程二期", "宁川县城市建设投资有限公司", "12.4", "6,820"], *ROADS[1:]]
    folder(tmp_path, "第一稿", edition(rows))
    folder(tmp_path, "第二稿", edition(rows[1:]))
    target = tmp_path / "d.pdf"
    result = subprocess.run([sys.executable, "-m", "briefing", "diff", "第一稿", "第二稿", "-o", str(target)],
                            capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    with pdfplumber.open(str(target)) as pdf:
        lines = [line.replace(" ", "") for page in pdf.pages for line in page.extract_text().splitlines()]
    assert any("第一稿→第二稿" in line for line in lines), lines
    in_rows = [line for line in lines if not line.startswith("1.")]  # (the change's heading names the row)
    assert any("城区至火车站公交专用道改造工程二期" in line for line in in_rows), lines
    assert any("宁川县城市建设投资有限公司" in line for line in in_rows), lines


def test_changes_are_listed_in_the_order_they_are_printed(tmp_path):
    revised = [list(row) for row in ROADS]
    revised[6][3] = "3,520"
    found = changes(tmp_path, edition(ROADS), edition(revised).replace("特此报告。", "特此报告，请审阅。"))
    assert [c[1] for c in found] == ["表1 第7行（客运站至高铁站连接线） 投资（万元）", "表1 合计行", "正文／第2段"]

