"""Tables that fit their content (issue 24 §3): column widths from the content, rows split
inside across pages, no lone first row at a page's foot, numbers on the decimal point by
default, a computed 合计 row, landscape where only that fits."""
import itertools
import re
import statistics
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest

from briefing import api, geometry
from briefing.compose import TableBlock
from briefing.conformance import measure
from briefing.metrics import FontMetrics
from briefing.pageplan import lay_out
from briefing.pageplan.items import Turned
from briefing.pageplan.table import PAD, table_figure

from samples import paragraph, write_content
from table_samples import contacts_letter, leads_report, letter, report, statistics_table

MM = 72 / 25.4


def frames(pdf: Path) -> list[tuple[int, list[float], dict[tuple[int, int], int]]]:
    """Each table frame met in the PDF: its page, column widths (mm) read from the cell rules,
    and the characters of each cell line (by baseline and column)."""
    found = []
    with pdfplumber.open(pdf) as document:
        for number, page in enumerate(document.pages, 1):
            for frame in (rect for rect in page.rects if rect["width"] > 100 and rect["height"] > 40):
                inside = [line["x0"] for line in page.lines if abs(line["x0"] - line["x1"]) < 0.1
                          and frame["x0"] < line["x0"] < frame["x1"] and frame["top"] <= line["top"] < frame["bottom"]]
                edges = sorted({round(x, 1) for x in (frame["x0"], frame["x1"], *inside)})
                lines: dict[tuple[int, int], int] = {}
                for char in page.chars:
                    if round(char["size"]) == 14 and "Hei" not in char["fontname"] \
                            and frame["top"] < char["top"] < frame["bottom"]:
                        key = (round(char["top"]), sum(1 for x in edges if x <= char["x0"]))
                        lines[key] = lines.get(key, 0) + 1
                found.append((number, [(b - a) / MM for a, b in zip(edges, edges[1:])], lines))
    return found


def table_texts(pdf: Path) -> list[str]:
    with pdfplumber.open(pdf) as document:
        return [page.extract_text() for page in document.pages]


@pytest.fixture(scope="module")
def report_pdf(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("r")
    return api.build(report(folder / "c"), folder / "r.pdf").path


def test_columns_take_the_width_their_content_needs(report_pdf):
    """The 任务分解表: 序号 narrow, 任务 and 配合单位 wide; before, five equal columns of 31.2 mm
    held a median 4 characters a line and the report took 6 pages."""
    (page, widths, lines), *rest = frames(report_pdf)
    assert abs(sum(widths) - 156) < 0.5
    assert max(widths) > 2.5 * min(widths)  # not equal columns
    number, task, lead, partners, deadline = widths
    assert number < 15 and task > 35 and partners > 35 and lead < partners
    counts = [count for frame in [(page, widths, lines), *rest] for count in frame[2].values()]
    assert statistics.median(counts) >= 4  # (cells break between organ names now, not inside them)
    with pdfplumber.open(report_pdf) as document:
        assert len(document.pages) <= 4


def test_serial_numbers_are_centred_in_their_column(report_pdf):
    (page, widths, _), *_ = frames(report_pdf)
    with pdfplumber.open(report_pdf) as document:
        frame = max(document.pages[page - 1].rects, key=lambda rect: rect["width"])
        numbers = [w for w in document.pages[page - 1].extract_words() if w["text"].isdigit()
                   and w["x1"] < frame["x0"] + widths[0] * MM and frame["top"] < w["top"] < frame["bottom"]]
    middle = frame["x0"] + widths[0] * MM / 2
    assert len(numbers) >= 5 and all(abs((w["x0"] + w["x1"]) / 2 - middle) < 0.5 for w in numbers)


def test_the_letter_with_two_wide_tables_is_shorter(tmp_path):
    built = api.build(letter(tmp_path / "c"), tmp_path / "l.pdf")
    assert built.pages <= 6  # 7 with equal columns; the 8-column table across the page, its （万元） whole
    seven = [widths for _, widths, _ in frames(built.path) if len(widths) == 7]
    assert seven and max(seven[0]) > 2 * min(seven[0])


def test_a_number_keeps_its_line_and_numbers_sit_on_the_decimal_point_by_default(tmp_path):
    table = statistics_table(8) | {"landscape": False}  # (upright, where the words are read)
    folder = write_content(tmp_path / "c", body=["各乡镇主要指标如下。", table])
    checked = api.check(folder)
    (block,) = [b for b in checked.document.body if isinstance(b, TableBlock)]
    assert block.align[0] == "left" and set(block.align[1:]) == {"decimal"}
    built = api.build(folder, tmp_path / "s.pdf")
    with pdfplumber.open(built.path) as document:
        words = [w for page in document.pages for w in page.extract_words(x_tolerance=1)]
    for row in table["rows"]:
        for cell in row[1:]:
            assert any(w["text"] == cell for w in words), cell  # each number whole, on one line
    points = {round(w["x0"] + (w["x1"] - w["x0"]) * w["text"].index(".") / len(w["text"]), 0)
              for w in words if w["text"] in {row[1] for row in table["rows"]}}
    ends = {round(w["x1"]) for w in words if w["text"] in {row[7] for row in table["rows"]}}
    assert len(ends) == 1  # integers flush at the right
    assert len(points) <= 2  # (proportional digits: the points within a point of each other)


def test_a_total_row_sums_the_columns_of_numbers_with_their_precision(tmp_path):
    table = {"table": "表1　资金分配", "header": ["乡镇", "下达（万元）", "拨付进度", "个数"], "total": "合计",
             "rows": [["城关镇", "1,200.50", "35.0%", "2"], ["青溪镇", "347.25", "42.5%", "3"],
                      ["白沙乡", "52.5", "61.0%", "—"]]}
    folder = write_content(tmp_path / "c", body=["资金分配如下。", table])
    built = api.build(folder, tmp_path / "t.pdf")
    text = "".join(table_texts(built.path)).replace(" ", "")
    assert "合计1,600.255" in text  # 1200.50 + 347.25 + 52.5, with two places and the separator; 5 items
    assert "139.5%" not in text  # the shares are not added
    assert [c.name for c in measure(built.path) if c.failed] == []


def test_a_total_with_nothing_to_add_is_refused_at_its_line(tmp_path):
    table = {"table": "表1", "header": ["乡镇", "负责人"], "rows": [["城关镇", "张三"]], "total": "合计"}
    folder = write_content(tmp_path / "c", body=["如下。", table])
    result = subprocess.run([sys.executable, "-m", "briefing", "check", str(folder)], capture_output=True, text=True)
    assert result.returncode == 2 and "合计行没有可以相加的栏" in result.stderr and "total" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_row_taller_than_what_is_left_splits_with_the_header_again(tmp_path):
    long = "各乡镇要对照任务清单逐项落实，明确责任人和完成时限，" * 14
    table = {"table": "表1　工作安排", "header": ["事项", "要求"],
             "rows": [["摸底", "完成辖区内排查。"], ["整改", long], ["验收", "组织验收。"]]}
    folder = write_content(tmp_path / "c", body=[paragraph(10), table, "以上。"])
    checked = api.check(folder)
    plans = lay_out(checked.document, FontMetrics(checked.fonts)).pages
    pages = [[line.text for line in plan.texts() if line.role == "表格"] for plan in plans]
    holding = [n for n, texts in enumerate(pages) if any("明确责任人" in t for t in texts)]
    assert len(holding) == 2  # the tall row on two pages
    assert all(pages[n].count("事项") == 1 for n in holding)  # under the header on each
    first = pages[holding[0]]
    assert "摸底" in first and "完成辖区内排查。" in first


def test_a_table_never_starts_at_a_page_foot_with_one_row_nor_ends_with_one_alone(tmp_path):
    """Wherever the text before it ends, the table's first page holds two rows or more and so
    does its last (rows of one and two lines; caption, header and a row would fit many feet)."""
    table = {"table": "表1　检查安排", "header": ["乡镇", "检查内容", "时间"],
             "rows": [[town, "校舍安全和食堂卫生" * (1 + n % 2), f"8月{n + 10}日"]
                      for n, town in enumerate(["城关镇", "青溪镇", "白沙乡", "石门镇", "金坑乡", "双河镇"])]}
    seen = set()
    for sentences in range(2, 16):
        checked = api.check(write_content(tmp_path / str(sentences), body=[paragraph(sentences), table, "以上。"]))
        plans = lay_out(checked.document, FontMetrics(checked.fonts)).pages
        counts = [sum(1 for line in plan.texts() if line.role == "表格" and line.text.endswith("日")) for plan in plans]
        pages = [count for count in counts if count]
        seen.add(len(pages))
        assert pages[0] >= 2 and pages[-1] >= 2, (sentences, pages)
    assert 2 in seen  # (the table did split across pages)


def test_no_table_ends_a_page_with_its_first_row_alone():
    table = TableBlock("表", (("甲", "乙"),), tuple((str(n), "人") for n in range(6)), None, ("left", "left"), False,
                       None, False)  # type: ignore[arg-type]
    from briefing.fonts import FontSet
    figure = table_figure(table, FontMetrics(FontSet({})))
    assert figure.starts[1] not in figure.cuts and figure.starts[5] not in figure.cuts
    assert figure.starts[2] in figure.cuts


def test_a_table_too_wide_for_the_page_is_set_across_it(tmp_path):
    table = {"table": "表1　主要指标", "header": [f"指标{n}" for n in range(8)],
             "rows": [[f"{(n * 7919 + k * 104729) % 900000 + 100000:,}.{k}{n}" for k in range(8)] for n in range(5)]}
    folder = write_content(tmp_path / "c", body=["如下。", table, "以上。"])
    checked = api.check(folder)
    plans = lay_out(checked.document, FontMetrics(checked.fonts)).pages
    assert any(isinstance(item, Turned) for plan in plans for item in plan.items)
    assert not checked.warnings  # across the page, every number whole
    table["landscape"] = False  # written upright: kept so, the numbers broken and said so
    checked = api.check(write_content(tmp_path / "d", body=["如下。", table, "以上。"]))
    plans = lay_out(checked.document, FontMetrics(checked.fonts)).pages
    assert not any(isinstance(item, Turned) for plan in plans for item in plan.items)
    assert any("太宽" in warning.message and warning.where.line > 1 for warning in checked.warnings)


def test_widths_written_are_kept(tmp_path):
    table = {"table": "表1", "header": ["甲", "乙", "丙"], "rows": [["一", "二", "三"]], "widths": [1, 2, 1]}
    built = api.build(write_content(tmp_path / "c", body=["如下。", table]), tmp_path / "w.pdf")
    (_, widths, _), = frames(built.path)
    assert [round(w) for w in widths] == [39, 78, 39]
    assert geometry.WIDTH / MM - sum(widths) < 0.5


def test_a_long_table_of_mostly_empty_cells_is_warned_of(tmp_path):
    long = "按照属地管理原则，由乡镇人民政府牵头组织开展排查整治，逐户登记造册并建立工作台账，" * 6
    rows = [[f"{n + 1}", long, "是", "否", "是", "否", "是", "—"] for n in range(12)]
    table = {"table": "表1　排查情况", "header": ["序号", "情况", "甲", "乙", "丙", "丁", "戊", "备注"], "rows": rows}
    folder = write_content(tmp_path / "c", body=["如下。", table])
    result = subprocess.run([sys.executable, "-m", "briefing", "check", str(folder)], capture_output=True, text=True)
    assert result.returncode == 0 and "表格“表1　排查情况”要占" in result.stderr and "大部分是空白" in result.stderr
    table["rows"] = rows[:2]  # two pages: no warning
    folder = write_content(tmp_path / "d", body=["如下。", table])
    result = subprocess.run([sys.executable, "-m", "briefing", "check", str(folder)], capture_output=True, text=True)
    assert result.returncode == 0 and "大部分是空白" not in result.stderr


def test_fitted_widths_set_no_table_taller_than_equal_widths(tmp_path):
    """The tables of the three documents and the default edition's grouped 重点任务 table (its
    widths and alignment taken away): in lines, against equal columns; the grouped one against
    its hand-set widths too (a merged label narrower than its text makes its group taller)."""
    import dataclasses

    import table_samples
    tables = []
    for name, make in table_samples.DOCUMENTS.items():
        tables += [b for b in api.check(make(tmp_path / name)).document.body if isinstance(b, TableBlock)]
    checked = api.check(Path(__file__).resolve().parent.parent / "content")
    (grouped,) = [b for a in checked.document.attachments for b in a.blocks if isinstance(b, TableBlock)]
    metrics = FontMetrics(checked.fonts)
    from briefing.pageplan.table import TableFigure
    for table in [*tables, dataclasses.replace(grouped, widths=None)]:
        upright = TableFigure(table, metrics)
        if upright.squeezed:  # (its words whole only across the page, where it goes)
            assert table_figure(table, metrics).landscape, table.caption
            continue
        equal = TableFigure(dataclasses.replace(table, widths=(1.0,) * len(table.align)), metrics).line_count
        assert upright.line_count < equal, (table.caption, upright.line_count, equal)
    assert TableFigure(dataclasses.replace(grouped, widths=None), metrics).line_count <= \
        TableFigure(grouped, metrics).line_count


def test_the_docx_table_has_the_same_fitted_columns(tmp_path):
    import re
    import zipfile
    folder = report(tmp_path / "c")
    built = api.build(folder, tmp_path / "r.docx")
    with zipfile.ZipFile(built.path) as package:
        xml = package.read("word/document.xml").decode("utf-8")
    grid = re.search(r"<w:tblGrid>(.*?)</w:tblGrid>", xml[xml.index("任务分解表"):]).group(1)
    twips = [int(w) for w in re.findall(r'w:w="(\d+)"', grid)]
    pdf = frames(api.build(folder, tmp_path / "r.pdf").path)[0][1]
    assert len(twips) == 5 and max(twips) > 2.5 * min(twips)
    assert all(abs(t / 20 / MM - mm) < 0.2 for t, mm in zip(twips, pdf))


@pytest.mark.parametrize("before", range(0, 8))
def test_the_total_row_never_goes_over_with_only_one_row_it_sums(tmp_path, before):
    # A county's grain subsidy table of 22 villages and the computed 合计, after `before` lines
    # of text: wherever the table splits, the page after the split shows at least two villages
    # above the 合计 (a county report once ended with one village and the 合计 on a page).
    villages = ["东岗村", "西湖村", "南坪村", "北山村", "上坝村", "下河村", "柳林村", "杏花村", "石桥村", "枫树村",
                "竹园村", "梨树村", "双河村", "新庄村", "团结村", "红星村", "太平村", "长岭村", "白果村", "茶园村",
                "金竹村", "凤凰村"]
    table = {"table": "表1　2025年耕地地力保护补贴发放情况", "header": ["村（社区）", "补贴面积（亩）", "补贴金额（元）"],
             "total": "合计", "rows": [[name, f"{1200 + 37 * i}.5", f"{(1200 + 37 * i) * 105:,}.00"]
                                       for i, name in enumerate(villages)]}
    folder = write_content(tmp_path / "c", body=[paragraph(before) if before else "补贴发放情况如下。", table,
                                                 "以上补贴已于2025年6月底前通过“一卡通”全部发放到户。"])
    checked = api.check(folder)
    pages = lay_out(checked.document, FontMetrics.of(checked.fonts)).pages
    shown = [[t.text for t in page.texts() if t.role == "表格" and t.text in (*villages, "合计")] for page in pages]
    parts = [labels for labels in shown if labels]
    assert len(parts) > 1  # (23 rows under their caption and header: the table splits at any offset)
    for part in parts[1:]:  # every page after the table's first
        assert len([label for label in part if label != "合计"]) >= 2, parts


# Cells broken between words (issue 24 §4), read from the laid-out cells' lines

def figures(folder: Path) -> list:
    checked = api.check(folder)
    metrics = FontMetrics(checked.fonts)
    return [table_figure(block, metrics) for block in checked.document.body if isinstance(block, TableBlock)]


def cell_lines(figure) -> list[tuple[int, list[str]]]:
    """(column, texts of its lines) of every header and body cell."""
    return [(column, [line.text for line in cell.lines]) for row in [*figure.header, *figure.rows]
            for column, cell in enumerate(row) if cell.lines]


def column_lines(figure, column: int) -> list[list[str]]:
    return [[line.text for line in row[column].lines] for row in figure.rows if row[column].lines]


def inside_words(lines: list[str]) -> list[str]:
    """The places where the lines of a cell part a word (by jieba, with nothing added) or a date."""
    from briefing.wordfreq import word_ends
    text = "".join(lines)
    ends = set(word_ends(text, ()))
    dates = [range(m.start() + 1, m.end()) for m in re.finditer(r"\d{1,2}月\d{1,2}日前?", text)]
    cuts = list(itertools.accumulate(len(line) for line in lines))[:-1]
    return [f"{text[:cut]}/{text[cut:]}" for cut in cuts if cut not in ends or any(cut in d for d in dates)]


@pytest.fixture(scope="module")
def contacts(tmp_path_factory) -> list:
    return figures(contacts_letter(tmp_path_factory.mktemp("contacts") / "c"))


def test_people_titles_and_dates_are_never_broken(contacts):
    """The 8-column contacts table: 钟国/庆, 副大/队长, 12/月/30/日 before (each column two or
    three characters wide beside the telephone numbers)."""
    people = contacts[1]
    for column in (3, 4, 7):  # 联络员, 职务, 完成时限
        assert all(len(lines) == 1 for lines in column_lines(people, column)[:4]), column_lines(people, column)
    for lines in column_lines(contacts[0], 6):  # 计划完成时间: 11月20日前 whole
        assert len(lines) == 1, lines


def test_organ_and_place_names_break_only_between_words(contacts, tmp_path):
    """县交通/运输局, 柏树湾至鹰/嘴岩村道, 县供水管理有/限公司 before."""
    broken = [place for figure in [*contacts, *figures(leads_report(tmp_path / "l"))]
              for _, lines in cell_lines(figure) for place in inside_words(lines)]
    assert broken == []


def test_text_columns_are_not_starved_by_number_columns(contacts):
    """Before, the two telephone columns took 63 mm of 156 and the organ and duty columns held
    three characters a line (县公安/局交通/管理大/队)."""
    people = contacts[1]
    unit, duty = people.columns[1] - 2 * PAD, people.columns[2] - 2 * PAD
    assert unit >= 6 * 14 and duty >= 7 * 14  # (县应急管理局 and 统筹调度修复 on a line)
    assert max(len(lines) for row in people.rows[:4] for lines in [[l.text for l in row[1].lines]]) <= 2


def test_no_cell_line_starts_or_ends_with_a_forbidden_mark(contacts, tmp_path):
    """各县/（/市、/区）/人民政府 left a lone （ at a line's end before."""
    from briefing.typeset import NO_END, NO_START
    tables = [*contacts, *figures(leads_report(tmp_path / "l"))]
    for figure in tables:
        for _, lines in cell_lines(figure):
            assert not any(line[-1] in NO_END or line[0] in NO_START for line in lines[:-1]), lines
            assert not any(line[0] in NO_START for line in lines[1:]), lines


def test_no_cell_is_letter_spaced_and_none_leaves_one_character_alone(contacts):
    """12　　　月 / 8 日前 (a short line justified across its column) and 饮用水水源地规范化建/设."""
    for figure in contacts:
        for row in [*figure.header, *figure.rows]:
            for cell in row:
                assert all(line.stretch <= 0.15 * 14 + 1e-6 for line in cell.lines), [l.text for l in cell.lines]
                texts = [line.text for line in cell.lines]
                assert len(texts) < 2 or len(texts[-1].rstrip("。，、）")) >= 2, texts


def test_the_contacts_letter_passes_the_checker(tmp_path):
    built = api.build(contacts_letter(tmp_path / "c"), tmp_path / "c.pdf")
    assert [c.name for c in measure(built.path) if c.failed] == []


# A property over generated tables: organ and person names, titles, dates, numbers, 3 to 9 columns

_PLACES = ["澄江", "云岫", "东岚", "北渡", "南屏", "青溪", "柘塘", "衡川", "翠屏", "黔川", "桂花", "白马"]
_LEVELS = ["县", "市", "区", "镇"]
_BUREAUS = ["交通运输局", "公安局交通警察支队", "自然资源和规划局", "人力资源和社会保障局", "发展和改革局", "卫生健康局",
            "应急管理局", "供水管理有限公司", "人民政府", "生态环境局", "大数据发展中心", "农业农村局", "水利局"]
_SURNAMES = ["邹", "龚", "符", "欧阳", "殷", "钟", "覃", "司马", "蒲", "章", "易", "罗"]
_GIVEN = ["明远", "晓岚", "建平", "慧敏", "浩", "国庆", "雪梅", "文辉", "晓", "雅琴", "俊", "子涵"]
_TITLES = ["科长", "副局长", "副支队长", "主任", "副县长", "局长", "四级调研员", "办公室主任"]
_PHRASES = ["组织开展排查", "汇总隐患清单", "加强监测预警", "落实临时管控措施", "做好群众宣传", "推进项目建设",
            "完成竣工验收", "建立工作台账", "开展专项整治", "统筹资金保障"]


def _cells(kind: str):
    from hypothesis import strategies as st
    organ = st.builds(lambda p, l, b: p + l + b, st.sampled_from(_PLACES), st.sampled_from(_LEVELS),
                      st.sampled_from(_BUREAUS))
    return {
        "organ": organ,
        "organs": st.lists(organ, min_size=1, max_size=3).map("、".join),
        "person": st.builds(lambda s, g: s + g, st.sampled_from(_SURNAMES), st.sampled_from(_GIVEN)),
        "title": st.sampled_from(_TITLES),
        "date": st.builds(lambda m, d, before: f"{m}月{d}日" + ("前" if before else ""), st.integers(1, 12),
                          st.integers(1, 31), st.booleans()),
        "number": st.builds(lambda a, b: f"{a:,}.{b:02d}", st.integers(0, 99999), st.integers(0, 99)),
        "phone": st.builds(lambda a, b: f"0{a}-{b}", st.integers(731, 999), st.integers(5000000, 8999999)),
        "task": st.lists(st.sampled_from(_PHRASES), min_size=1, max_size=3).map("，".join),
    }[kind]


_HEADS = {"organ": "牵头单位", "organs": "配合单位（部门）", "person": "联络员", "title": "职务", "date": "完成时限",
          "number": "金额（万元）", "phone": "联系电话", "task": "工作内容"}


def _tables():
    from hypothesis import strategies as st
    kinds = st.lists(st.sampled_from(sorted(_HEADS)), min_size=3, max_size=9)
    return kinds.flatmap(lambda ks: st.tuples(st.just(ks), st.lists(st.tuples(*map(_cells, ks)), min_size=1,
                                                                            max_size=4)))


_METRICS: list[FontMetrics] = []


def _metrics() -> FontMetrics:
    if not _METRICS:
        _METRICS.append(FontMetrics(api.check(Path(__file__).resolve().parent.parent / "content").fonts))
    return _METRICS[0]


def test_generated_tables_keep_the_line_rules_and_their_words():
    """At no cell line's edge a mark the line-start or line-end rules forbid there; where the
    columns' minimums fit (the table not squeezed, upright or across), no line break inside a
    word by jieba nor inside a date, and no person's name or title broken."""
    from hypothesis import given

    from briefing.typeset import NO_END, NO_START

    @given(_tables())
    def check(table):
        kinds, rows = table
        align = tuple("decimal" if kind == "number" else "left" for kind in kinds)
        block = TableBlock("表1　生成的表格", (tuple(_HEADS[kind] for kind in kinds),), tuple(rows), None, align, False,
                           None, None, False)  # type: ignore[arg-type]
        figure = table_figure(block, _metrics())
        for _, lines in cell_lines(figure):
            assert not any(line[-1] in NO_END for line in lines[:-1]), lines
            assert not any(line[0] in NO_START for line in lines[1:]), lines
            if not figure.squeezed:
                assert inside_words(lines) == [], (lines, [round(w) for w in figure.columns])
        for column, kind in enumerate(kinds):  # (a title of five characters, 四级调研员, may break between words)
            short = all(len(row[column]) <= 4 for row in rows)
            if (kind in ("person", "date", "phone") or kind == "title" and short) and not figure.squeezed:
                assert all(len(lines) == 1 for lines in column_lines(figure, column)), column_lines(figure, column)

    check()


def test_a_list_is_not_split_inside_brackets():
    """各县（市、区）人民政府 is one name of a 主送 list or a cell, not 各县（市 and 区）人民政府."""
    from briefing.words import list_items
    names = list_items("市气象局、各县（市、区）人民政府")
    assert "各县（市、区）人民政府" in names and "各县（市" not in names
