"""Properties of tables, joint closings and pictures over many generated inputs (plan level,
no PDF): everything inside the 版心, headers repeated, numbers whole in widths fitted to the
content, seals apart."""
from __future__ import annotations

from itertools import combinations

from hypothesis import given, strategies as st
from PIL import Image, ImageDraw

from briefing import geometry
from briefing.errors import ContentError
from briefing.pageplan import PagePlan
from briefing.pageplan.items import Box, Picture, Rule, TextLine

from pagefill import plans_of
from samples import write_content

HAN = st.text(st.sampled_from("科技创新人才引进平台建设成果转化推进重点实验室关键核心攻关市区县局委办"), min_size=1, max_size=60)
NUMBER = st.builds(lambda a, b: f"{a}.{b}", st.integers(0, 99999), st.integers(0, 99))
ORGAN = st.builds(lambda head, tail: head + tail, st.sampled_from(["江州市", "滨河区", "青川县"]),
                  st.sampled_from(["教育局", "财政局", "人力资源和社会保障局", "卫生健康委员会", "应急管理局",
                                   "市场监督管理局", "交通运输局"]))


def inside(plans: list[PagePlan]) -> None:
    for plan in plans:
        for item in plan.items:
            if isinstance(item, TextLine):
                for run in item.runs:
                    assert geometry.LEFT - 0.5 <= run.x and run.x + sum(run.advances) - run.char_space <= geometry.RIGHT + 0.5
                    if item.role not in ("页码", "征求意见稿"):
                        assert geometry.BOTTOM - 5 <= run.y <= geometry.TOP, (item.text, run.y)
            elif isinstance(item, (Box, Picture)):
                assert geometry.LEFT - 0.5 <= item.x and item.x + item.width <= geometry.RIGHT + 0.5
                assert geometry.BOTTOM - 0.5 <= item.y and item.y + item.height <= geometry.TOP + 0.5
            elif isinstance(item, Rule) and item.colour != geometry.RED:
                assert geometry.BOTTOM - 0.5 <= min(item.y1, item.y2) and max(item.y1, item.y2) <= geometry.TOP + 0.5


@st.composite
def tables(draw):
    columns = draw(st.integers(1, 6))
    rows = draw(st.lists(st.lists(st.one_of(HAN, NUMBER, st.just("")), min_size=columns, max_size=columns),
                         min_size=1, max_size=40))
    groups = draw(st.lists(st.sampled_from(["甲组", "乙组", "第三个比较长的分组名称"]), min_size=len(rows), max_size=len(rows)))
    merge = draw(st.booleans()) and columns > 1
    if merge:
        rows = [[group, *row[1:]] for group, row in zip(sorted(groups), rows)]
    widths = draw(st.none() | st.lists(st.floats(0.5, 6), min_size=columns, max_size=columns))
    align = draw(st.none() | st.lists(st.sampled_from(["left", "center", "right", "decimal"]), min_size=columns,
                                      max_size=columns))
    return {"table": draw(HAN), "header": [f"第{n + 1}栏" for n in range(columns)], "rows": rows,
            "merge_first": merge, **({"widths": widths} if widths else {}), **({"align": align} if align else {})}


@given(table=tables(), before=st.integers(0, 12))
def test_any_table_stays_inside_with_whole_rows_and_repeated_headers(tmp_path_factory, table, before):
    folder = write_content(tmp_path_factory.mktemp("t") / "c", body=["各学校要认真落实。" * before or "正文。", table])
    try:
        plans = plans_of(folder)
    except ContentError as error:  # a row taller than a page: refused with its place
        assert "一页排不下" in error.problems[0].message
        return
    inside(plans)
    pages = [plan for plan in plans if any(line.role == "表格" for line in plan.texts())]
    for plan in pages:  # every header cell (and only they have 栏) on every page of the table
        shown = "".join(line.text for line in plan.texts() if line.role == "表格")
        assert shown.count("栏") == len(table["header"])
    frames = [item for plan in pages for item in plan.items if isinstance(item, Box) and item.stroke is not None]
    for frame in frames:
        assert abs(frame.height / geometry.PITCH - round(frame.height / geometry.PITCH)) < 1e-6
    if "widths" not in table:  # widths from the content: a number is never broken
        shown = {line.text for plan in pages for line in plan.texts() if line.role == "表格"}
        for cell in (cell for row in table["rows"] for cell in row if cell and cell[0].isdigit()):
            assert cell in shown, cell


@given(organs=st.lists(ORGAN, min_size=2, max_size=7, unique=True), sealed=st.booleans())
def test_any_joint_closing_keeps_seals_and_names_inside_and_apart(tmp_path_factory, organs, sealed):
    folder = tmp_path_factory.mktemp("j") / "c"
    extra = {"seal": [f"s{i}.png" for i in range(len(organs))]} if sealed else {}
    write_content(folder, issuer=organs, mark=organs, **extra)
    for i in range(len(organs)):
        seal = Image.new("RGBA", (200, 200), (0, 0, 0, 0))
        ImageDraw.Draw(seal).ellipse((4, 4, 196, 196), outline=(220, 0, 0, 255), width=8)
        seal.save(folder / f"s{i}.png")
    plans = plans_of(folder)
    inside(plans)
    seals = [item for plan in plans for item in plan.items if isinstance(item, Picture)]
    assert len(seals) == (len(organs) if sealed else 0)
    for a, b in combinations(seals, 2):
        assert a.x + a.width <= b.x + 0.01 or b.x + b.width <= a.x + 0.01 or a.y + a.height <= b.y + 0.01 \
            or b.y + b.height <= a.y + 0.01
    names = [run for plan in plans for line in plan.texts() if line.role == "发文机关署名" for run in line.runs]
    for a, b in combinations(names, 2):  # no two names overlap
        if abs(a.y - b.y) < 1:
            assert a.x + sum(a.advances) <= b.x + 0.5 or b.x + sum(b.advances) <= a.x + 0.5
