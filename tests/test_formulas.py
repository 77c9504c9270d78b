"""Figures that compute (issue 25 §2): the share a card shows as {{id.share}}, figures declared as
formulas over other figures, their errors located, and typed numbers that should be references."""
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pdfplumber
import pytest
import yaml

from briefing import api
from briefing.formula import FormulaError, parse

from test_content_errors import errors_of, line_of, replace

FARM = Path(__file__).resolve().parent / "data" / "qingyang-farm"


@pytest.fixture
def farm(tmp_path):
    return Path(shutil.copytree(FARM, tmp_path / "farm"))


def add_figures(folder: Path, *figures: dict) -> None:
    path = folder / "figures.yaml"
    registry = yaml.safe_load(path.read_text(encoding="utf-8"))
    registry["figures"] += figures
    path.write_text(yaml.safe_dump(registry, allow_unicode=True, sort_keys=False), encoding="utf-8")


def say(folder: Path, sentence: str) -> None:
    """Append a paragraph to the report's last section."""
    replace(folder / "edition.yaml", "      - 部分乡镇", f"      - {sentence}\n      - 部分乡镇")


def pdf_text(path) -> str:
    with pdfplumber.open(str(path)) as pdf:
        return re.sub(r"\s+", "", "".join(page.extract_text() or "" for page in pdf.pages))


def computed(**fields):
    return {"label": fields.pop("label", "计算的指标"), "unit": fields.pop("unit", "万亩"), "year": 2024,
            "kind": "actual", **fields}


def test_share_prints_what_the_card_shows_in_prose_and_cells(farm, tmp_path):
    replace(farm / "edition.yaml", "新建高标准农田2.5万亩", '"新建高标准农田{{farmland-goal}}（已完成{{farmland.share}}）"')
    text = pdf_text(api.build(farm, tmp_path / "a.pdf").path)
    assert "完成年度任务的92.0%" in text  # 2.3 of 2.5 in prose, from {{farmland.share}}
    assert text.count("92.0%") == 3  # and on the card after the paragraph, and in the task table's cell


def test_a_changed_base_updates_every_place(farm, tmp_path):
    add_figures(farm, computed(id="farmland-left", label="尚待建设的高标准农田", formula="farmland-goal - farmland",
                               precision=2))
    say(farm, "剩余{{farmland-left}}要在三季度前开工。")
    replace(farm / "figures.yaml", "value: 2.3\n", "value: 2.41\n")
    text = pdf_text(api.build(farm, tmp_path / "a.pdf").path)
    assert "已完工2.41万亩，完成年度任务的96.4%" in text and "剩余0.09万亩" in text
    assert "92.0%" not in text and "2.3万亩" not in text


@pytest.mark.parametrize("formula, precision, printed", [
    ("sum(early-rice, farmland, 0.5)", 1, "21.0万亩"),  # 18.2 + 2.3 + 0.5
    ("early-rice + farmland", 2, "20.50万亩"),
    ("farmland-goal - farmland", 1, "0.2万亩"),
    ("farmland / farmland-goal", 3, "0.920万亩"),
    ("percent(farmland, farmland-goal)", 2, "92.00万亩"),
    ("growth(early-rice, 17.6)", 1, "3.4万亩"),  # (18.2 − 17.6) ÷ 17.6 × 100 = 3.409…
    ("(early-rice - 17.6) * 10000 / 17.6 ÷ 100", 0, "3万亩"),
    ("percent(early-rice, 18.25)", 1, "99.7万亩"),  # 99.726…: rounded half up at 1 place
])
def test_formulas_compute_at_their_precision(farm, formula, precision, printed):
    add_figures(farm, computed(id="calc", formula=formula, precision=precision))
    say(farm, "测算数为{{calc}}。")
    checked = api.check(farm)
    assert checked.document.edition.figures["calc"].shown == printed


def test_a_formula_may_use_computed_figures_and_have_a_goal(farm):
    add_figures(farm, computed(id="total", label="完工合计", formula="farmland + extra", precision=1, goal="farmland-goal"),
                computed(id="extra", label="新增完工", formula="farmland-goal - 2.3 + 0.05", precision=2))
    say(farm, "合计完工{{total}}，完成{{total.share}}。")
    figures = api.check(farm).document.edition.figures
    assert figures["extra"].value == Decimal("0.25") and figures["total"].value == Decimal("2.6")  # 2.55 → 2.6
    assert "合计完工2.6万亩，完成104.0%。" in [t.value for t in api.check(farm).document.edition.texts()]


@pytest.mark.parametrize("formula, message, hint", [
    ("farmland - nosuch", "不存在的指标“nosuch”", "登记"),
    ("farmland-goal-farmland", "不存在的指标“farmland-goal-farmland”", "减号两边要各空一格"),
    ("farmlnd / farmland-goal", "不存在的指标“farmlnd”", "farmland"),
    ("farmland / (farmland-goal - 2.5)", "除以 0", "除数"),
    ("percent(farmland, 0)", "除以 0", "除数"),
    ("farmland +", "不完整", "a + b"),
    ("farmland ^ 2", "不能识别的字符“^”", "a + b"),
    ("growth(farmland)", "要两个参数", "growth(a, b)"),
    ("print(farmland)", "多出了内容", "a + b"),
    ("farmland * 10000000000000000000000000000", "太大", "数值"),
])
def test_formula_errors_are_located(farm, formula, message, hint):
    add_figures(farm, computed(id="calc", formula=formula, precision=1))
    say(farm, "测算数为{{calc}}。")
    (problem,) = errors_of(farm)
    assert message in problem.message and hint in problem.hint
    assert problem.where.file.name == "figures.yaml"
    assert problem.where.line == line_of(farm / "figures.yaml", "formula:")


def test_a_cycle_is_named_and_reported_once_per_figure(farm):
    add_figures(farm, computed(id="a", formula="b + 1", precision=0), computed(id="b", formula="a - 1", precision=0))
    say(farm, "甲{{a}}，乙{{b}}。")
    problems = errors_of(farm)
    assert problems and all("循环" in p.message for p in problems)
    assert "a → b → a" in problems[0].message


@pytest.mark.parametrize("fields, message", [
    ({"formula": "farmland + 1"}, "要写 precision"),
    ({"formula": "farmland + 1", "precision": 9}, "要写 precision"),
    ({"formula": "farmland + 1", "precision": 1, "value": 3}, "同时写了 value 和 formula"),
    ({"value": 3, "precision": 1}, "precision 只用于计算的指标"),
    ({}, "既没有 value 也没有 formula"),
    ({"formula": "farmland + 1", "precision": 1, "kind": "估计"}, "kind“估计”无效"),
])
def test_value_formula_and_precision_are_checked(farm, fields, message):
    add_figures(farm, computed(id="calc", **fields))
    say(farm, "测算数为{{calc}}。")
    problems = errors_of(farm)
    assert any(message in p.message for p in problems), [p.message for p in problems]


def test_share_without_a_goal_is_a_located_error(farm):
    say(farm, "早稻完成{{early-rice.share}}。")
    (problem,) = errors_of(farm)
    assert "没有 goal" in problem.message and problem.where.line == line_of(farm / "edition.yaml", "early-rice.share")


def test_the_parser_never_runs_code():
    for typed in ("__import__('os')", "farmland.__class__", "lambda: 1", "farmland; farmland", "[farmland]"):
        with pytest.raises(FormulaError):
            parse(typed)
    with pytest.raises(FormulaError):
        parse("(" * 60 + "farmland" + ")" * 60)  # nesting bounded
    with pytest.raises(FormulaError):
        parse("a + " * 60 + "a")  # length bounded


def test_typed_numbers_equal_to_a_computable_value_are_warned(farm):
    add_figures(farm, computed(id="sown", label="早稻和农田合计", formula="early-rice + farmland", precision=2))
    say(farm, "合计{{sown}}，完成率约为92.0%，两项合计20.5万亩。")
    replace(farm / "edition.yaml", "新建高标准农田2.5万亩", "新建高标准农田2.50万亩")
    warnings = {w.message: w for w in api.check(farm).warnings}
    share = next(w for m, w in warnings.items() if "“92.0%”" in m)
    assert "{{farmland.share}}" in share.hint
    total = next(w for m, w in warnings.items() if "“20.5万亩”" in m)  # 20.50 at the precision typed
    assert "{{sown}}" in total.hint
    cell = next(w for m, w in warnings.items() if "“2.50万亩”" in m)
    assert "{{farmland-goal}}" in cell.hint and "rows[1][1]" in cell.where.path
    assert cell.where.line == line_of(farm / "edition.yaml", "2.50万亩")


def test_a_typed_number_matches_within_its_rounding_only(farm):
    say(farm, "完成率92%，早稻面积约18万亩，抽检合格率92.1%，另有1.5万亩待验收。")
    assert not [w for w in api.check(farm).warnings if "手写的数字" in w.message]
    say(farm, "完成率为92.00%。")  # 92.000 rounds to 92.00
    assert [w for w in api.check(farm).warnings if "“92.00%”" in w.message]


def test_the_registry_schema_accepts_a_formula_and_refuses_both():
    import jsonschema
    from briefing.schema import figures_schema
    validator = jsonschema.Draft202012Validator(figures_schema())
    good = computed(id="x", formula="a + b", precision=1)
    assert validator.is_valid({"figures": [good]})
    assert not validator.is_valid({"figures": [{**good, "value": 1}]})
    assert not validator.is_valid({"figures": [{k: v for k, v in good.items() if k != "precision"}]})


def test_a_huge_figure_beside_a_typed_number_is_no_internal_error(farm):
    add_figures(farm, computed(id="big", label="很大的数", value="999999999999999"))
    say(farm, "很大的数{{big}}，另有123.45万亩。")
    assert not [w for w in api.check(farm).warnings if "手写的数字" in w.message]
