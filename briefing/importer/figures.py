"""`--figures`: numbers with units that recur in the draft, proposed as entries of a figure
registry (指标建议.yaml). Only a proposal: the text keeps its numbers as typed; the writer
decides which are one figure and registers them (README“指标”)."""
from __future__ import annotations

import re
from collections import defaultdict

from ..figures import NUMBER, YEAR
from .source import Draft, Para

UNITS = ("万平方米", "平方米", "平方公里", "公里", "亿元", "万元", "元", "万人", "人次", "家", "个", "项", "人", "名", "次",
         "座", "辆", "台", "条", "件", "吨", "亩", "所", "户", "场", "笔", "%")
AMOUNT = re.compile(r"(?<![\d.,])" + NUMBER + "(" + "|".join(UNITS) + ")")
CLAUSE_START = re.compile(r".*[，。；、：:,;（(“]")
LINKING = re.compile(r"(?:数|总数|总量|总额|规模)?(?:达到|达|为|共|约|超过|突破|完成|累计|新增|实现|计)+$")
SUGGESTIONS = "指标建议.yaml"


def suggest(draft: Draft) -> list[dict]:
    """Each number with a unit written twice or more: its label (the words before it in its
    clause), value, unit, the year the paragraph names last before it, where it is written."""
    places: dict[tuple[str, str], list[tuple[int, str, str]]] = defaultdict(list)
    for block in draft.blocks:
        if not isinstance(block, Para):
            continue
        for match in AMOUNT.finditer(block.text):
            before = CLAUSE_START.sub("", block.text[:match.start()])
            years = YEAR.findall(block.text[:match.start()])
            places[(match.group(1), match.group(2))].append((block.number, LINKING.sub("", before).strip(), years[-1] if years else ""))
    result: list[dict] = []
    for (value, unit), found in places.items():
        if len(found) < 2:
            continue
        labels = [label for _, label, _ in found if label]
        years = [year for _, _, year in found if year]
        # The label written most often; of equals the shortest (the name without the clause's verb).
        label = max(labels, key=lambda name: (labels.count(name), -len(name))) if labels else ""
        result.append({"id": f"figure-{len(result) + 1}", "label": label,
                       "value": value, "unit": unit, "year": years[-1] if years else "", "kind": "actual",
                       "places": sorted({number for number, _, _ in found})})
    return result


def suggestions_yaml(entries: list[dict], unit: str) -> str:
    from .writer import scalar

    lines = ["# 建议（briefing import --figures）：下面的数字带单位，在草稿中出现了两次以上，可以登记为指标，",
             "# 正文用 {{编号}} 引用，数字只写一次（README“指标”）。正文中的数字没有改动。",
             "# 采用时：核对名称、年份，删去不是同一指标的条目，改名为 figures.yaml，在 edition.yaml 中写 figures: figures.yaml。",
             "figures:"]
    for entry in entries:
        where = "、".join(f"第{number}{unit}" for number in entry["places"])
        lines += [f"  # 出现在{where}",
                  f"  - id: {entry['id']}",
                  f"    label: {scalar(entry['label'] or '{待定：名称}')}",
                  f"    value: {entry['value']}",
                  f"    unit: {scalar(entry['unit'])}",
                  f"    year: {scalar(entry['year'] or '{待定：年份}')}",
                  f"    kind: {entry['kind']}"]
    return "\n".join(lines) + "\n"
