"""The figure check on sentences of another briefing (issue 10 §1): true contradictions fail,
numbers about a batch, part or period do not, equal numbers ask for a reference; and the
advice never points at a reference whose value differs from what was typed."""
import re

import pytest

from briefing import api
from briefing.errors import ContentError

from samples import write_content

FIGURES = [
    dict(id="high-tech", label="国家高新技术企业", aliases=["高新技术企业"], value=3759, unit="家", year="2022",
         kind="actual"),
    dict(id="rd", label="全社会R&D支出", aliases=["R&D支出"], value="257.4", unit="亿元", year="2021", kind="actual"),
    dict(id="patents", label="有效发明专利拥有量", value="23,003", unit="项", year="2022", kind="actual"),
    dict(id="contracts", label="技术合同成交额", value=309, unit="亿元", year="2022", kind="actual"),
]
SHOWN = "（{{high-tech}}，{{rd}}，{{patents}}，{{contracts}}）"

CONTRADICTIONS = [
    "国家高新技术企业达3800家。", "全市国家高新技术企业数突破3760家。", "全社会R&D支出达258亿元。",
    "2022年国家高新技术企业3700家。", "有效发明专利拥有量达23,004项。", "有效发明专利拥有量为23004项。",
    "技术合同成交额达310亿元。", "国家高新技术企业总数达到3,760家。", "R&D支出为300亿元，比上年有所增长。",
    "技术合同成交额突破400亿元。",
]
OTHER_NUMBERS = [
    "第一批认定国家高新技术企业512家。", "新增国家高新技术企业1000家。", "其中，国家高新技术企业达300家。",
    "1—9月，技术合同成交额达200亿元。", "上半年技术合同成交额150亿元。", "2021年国家高新技术企业3000家。",
    "全省国家高新技术企业达1.2万家。", "高新技术企业享受减免税12亿元。", "截至6月底，有效发明专利拥有量达20,000项。",
    "第二批入库科技型中小企业1200家。", "累计培育国家高新技术企业5000家。", "首批认定国家高新技术企业{{=512家}}。",
    "国家高新技术企业{{=3800家}}（含已迁出企业）。", "一季度技术合同成交额80亿元。", "同比新增高新技术企业600家。",
]
EQUAL = [
    ("国家高新技术企业达3759家。", "high-tech"), ("全社会R&D支出达257.4亿元。", "rd"),
    ("有效发明专利拥有量达23,003项。", "patents"), ("有效发明专利拥有量达23003项。", "patents"),
    ("技术合同成交额309亿元。", "contracts"), ("2022年国家高新技术企业达3759家。", "high-tech"),
]


def problems(tmp_path, sentence):
    folder = write_content(tmp_path / "c", figures=FIGURES, body=[SHOWN, sentence])
    try:
        return [], api.check(folder).warnings
    except ContentError as exc:
        return exc.errors, [p for p in exc.problems if p.warning]


@pytest.mark.parametrize("sentence", CONTRADICTIONS)
def test_true_contradictions_fail_without_harmful_advice(tmp_path, sentence):
    errors, _ = problems(tmp_path, sentence)
    assert len(errors) == 1 and "不一致" in errors[0].message
    assert errors[0].where.line == 10  # the sentence's own line in edition.yaml
    assert not re.search(r"\{\{[a-z]", errors[0].hint)  # no {{id}}: its value differs from the typed one


@pytest.mark.parametrize("sentence", OTHER_NUMBERS)
def test_batches_parts_and_periods_do_not_fail(tmp_path, sentence):
    errors, _ = problems(tmp_path, sentence)
    assert errors == []


@pytest.mark.parametrize("sentence, ident", EQUAL)
def test_equal_numbers_ask_for_a_reference(tmp_path, sentence, ident):
    errors, warnings = problems(tmp_path, sentence)
    assert errors == [] and any(f"{{{{{ident}}}}}" in w.hint for w in warnings)


def test_marked_number_prints_as_typed_and_grouping_is_kept(tmp_path):
    folder = write_content(tmp_path / "c", figures=FIGURES, body=[SHOWN, "首批认定{{=512家}}。"])
    text = " ".join(p.text.value for p in api.check(folder).document.edition.body)
    assert "23,003项" in text and "首批认定512家。" in text and "{{" not in text
