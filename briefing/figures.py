"""The figures registry at work: figure references in prose, and the checks that keep
the text and the registry in agreement.

A figure is typed once, in figures.yaml; prose refers to it as {{id}}. What is
checked here: references to unknown figures or parts, figures never shown, and
numbers typed into prose that contradict a registered figure in the same context.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, DecimalException
from typing import Iterable

from .errors import Report, locate
from .model import Chart, Edition, Figure, FigureRow, Section
from .text import REF_MARK, Resolver, Text

PARTS = ("value", "unit", "label", "change", "rank", "remark", "share")
SENTENCE_END = "。；！？"
CLAUSE_END = SENTENCE_END + "，："
# What may stand between a figure's name and its number for the number to *be* that
# figure: "国家高新技术企业数达3759家". Anything else ("新增", "享受减免税") means
# the number is about something else.
LINK = re.compile(r"(?:数|总数|数量|总量|总额|规模)?(?:已|共|累计|总计|合计)?"
                  r"(?:达到|达|为|突破|超过|超|增至|增长到|增加到|提升至|升至|有)?")
YEAR = re.compile(r"(\d{4})年")
# Words that make a number about a part of the thing, a batch or a period, not its total:
# "第一批……高新技术企业512家", "1—9月……", "其中……", "新增……".
QUALIFIER = re.compile(r"第[一二三四五六七八九十\d]+批|首批|本批|新增|新认定|新获批|新引进|其中|当年|当月|同比|环比"
                       r"|累计|上半年|下半年|前[一二三]季度|[一二三四]季度|\d{1,2}\s*[—–\-~至到]\s*\d{1,2}\s*月"
                       r"|截至|截止|月末|月底|年初|以来|全省|全国|各区|区县")


def part(figure: Figure, name: str | None, figures: dict[str, Figure]) -> str | None:
    """The text a reference prints: {{id}} → 257.4亿元, {{id.value}} → 257.4, {{id.share}} → 91.9%
    (of its goal, as its card shows it), …"""
    if name is None:
        return figure.shown
    if name == "value":
        return figure.printed
    if name == "share":
        goal = figures.get(figure.goal) if figure.goal else None
        return f"{share(figure, goal)}%" if goal is not None and goal.value > 0 else None
    return getattr(figure, name) if name in PARTS else None


def resolver(figures: dict[str, Figure]) -> Resolver:
    def resolve(name: str, part_name: str | None) -> str | None:
        figure = figures.get(name)
        return part(figure, part_name, figures) if figure is not None else None

    return resolve


def share(actual: Figure, goal: Figure) -> Decimal:
    """How much of the goal the actual reaches, in per cent to one decimal (94.0)."""
    return exact_share(actual, goal).quantize(Decimal("0.1"), ROUND_HALF_UP)


def exact_share(actual: Figure, goal: Figure) -> Decimal:
    return actual.value * 100 / goal.value


def check_figures(edition: Edition, report: Report) -> None:
    figures = edition.figures
    texts = list(edition.texts())
    shown: set[str] = set()
    computable = _computable(figures)
    units = sorted({f.unit for f in figures.values()} | {c.unit for c in computable}, key=len, reverse=True)
    number = re.compile(rf"(?<![\d.,]){NUMBER}({'|'.join(map(re.escape, units))})")  # a number in a unit
    # By unit, made once: each number in a unit is compared only with the figures and values
    # in that unit (scanning them all per number took half of the check on a 442-page edition).
    by_unit: dict[str, list[Figure]] = {}
    for figure in figures.values():
        by_unit.setdefault(figure.unit, []).append(figure)
    computable_by_unit: dict[str, list[_Computable]] = {}
    for value in computable:
        computable_by_unit.setdefault(value.unit, []).append(value)
    for text in texts:
        for name, part_name in text.refs:
            shown.add(name)
            _check_reference(text, name, part_name, figures, report)
        if figures:
            _check_literals(text, by_unit, computable_by_unit, number, report)
    for item in _figure_items(edition):
        for name in item.figures:
            shown.add(name)
            goal = figures[name].goal if name in figures else None
            if goal is not None and isinstance(item, Chart):
                shown.add(goal)
    for figure in figures.values():
        if figure.id not in shown:
            report.warn(figure.where, f"指标“{figure.label}”（{figure.id}）登记了但没有在任何地方显示。",
                        f"在正文中写 {{{{{figure.id}}}}} 引用它，或从 figures.yaml 中删除。")


def _check_reference(text: Text, name: str, part_name: str | None, figures: dict[str, Figure],
                     report: Report) -> None:
    typed = "{{" + name + (f".{part_name}" if part_name is not None else "") + "}}"
    figure = figures.get(name)
    if figure is None:
        close = difflib.get_close_matches(name, list(figures), n=1, cutoff=0.6)
        hint = f"您是不是想写 {{{{{close[0]}}}}}？" if close else "先在 figures.yaml 中登记这个指标，或改正编号。"
        report.error(locate(text.where, name), f"引用了不存在的指标“{name}”。", hint)
    elif part_name is not None and part_name not in PARTS:
        report.error(locate(text.where, typed), f"指标引用 {typed} 中的“{part_name}”无效。",
                     f"可以引用的部分：{'、'.join(PARTS)}；只写 {{{{{name}}}}} 则印出数值和单位。")
    elif part_name == "share" and part(figure, part_name, figures) is None:
        report.error(locate(text.where, typed), f"指标“{figure.label}”没有 goal（对应的目标），算不出完成比例。",
                     f"在 figures.yaml 中给 {name} 写 goal: 目标指标的 id，或删除这处引用。")
    elif part(figure, part_name, figures) is None:
        report.error(locate(text.where, typed), f"指标“{figure.label}”没有登记 {part_name}。",
                     f"在 figures.yaml 中给 {name} 填写 {part_name}，或删除这处引用。")


@dataclass(frozen=True)
class _Computable:
    """A value the registry prints through a reference: a figure's (typed or computed) or the
    share of its goal an actual reaches (exact, before rounding)."""

    value: Decimal
    unit: str
    reference: str  # {{id}} or {{id.share}}
    what: str


def _computable(figures: dict[str, Figure]) -> list[_Computable]:
    values = [_Computable(f.value, f.unit, f"{{{{{f.id}}}}}", f"指标“{f.label}”") for f in figures.values()]
    for figure in figures.values():
        goal = figures.get(figure.goal) if figure.goal else None
        if goal is not None and goal.value > 0:
            values.append(_Computable(exact_share(figure, goal), "%", f"{{{{{figure.id}.share}}}}",
                                      f"“{figure.label}”完成目标的比例"))
    return values


def _as_typed(typed: str) -> tuple[Decimal, Decimal] | None:
    """The typed number and the places it was typed to (91.9, 0.1), to round values to; only for
    a number of three significant digits or more: a 12 or a 3.5 agrees with too much by chance."""
    if len(typed.replace(".", "").lstrip("0")) < 3:
        return None
    number = Decimal(typed)
    exponent = number.as_tuple().exponent
    return (number, Decimal(1).scaleb(exponent)) if isinstance(exponent, int) else None


def _same_when_rounded(value: Decimal, typed: tuple[Decimal, Decimal]) -> bool:
    """Is `value` the typed number, rounded as it was typed (91.87 for 91.9)?"""
    number, places = typed
    try:
        return value.quantize(places, ROUND_HALF_UP) == number
    except DecimalException:  # a value too large to round to the typed places: not this number
        return False


def _check_literals(text: Text, figures: dict[str, list[Figure]], computable: dict[str, list[_Computable]],
                    number: re.Pattern, report: Report) -> None:
    """A number typed into prose or a cell right after a registered figure's name, in its unit
    (`number` finds those), is that figure: if it differs from the registry it is an error, if it
    agrees it should be a reference (a warning). A number anywhere that is, within its rounding,
    a value the registry prints (a figure, a computed figure, a share of a goal) should be that
    reference too, or it stays behind when the figures change (a warning). `figures` and
    `computable` are by unit."""
    literal = text.literal
    for match in number.finditer(literal):
        start, unit = match.start(), match.group(2)
        in_unit = figures.get(unit, [])
        clause = literal[_start_of(literal, start, CLAUSE_END):start] if in_unit else ""
        candidates = [f for f in in_unit if _names(f, clause)]
        sentence = literal[_start_of(literal, start, SENTENCE_END):start].replace(REF_MARK, "") if candidates else ""
        years = set(YEAR.findall(sentence))
        if years:  # "力争2023年…": only the figures of that year are the same context
            candidates = [f for f in candidates if f.year in years]
        typed, digits = match.group(), match.group(1).replace(",", "")
        if not candidates:
            as_typed = _as_typed(digits)
            same = next((c for c in computable.get(unit, []) if _same_when_rounded(c.value, as_typed)),
                        None) if as_typed is not None else None
            if same is not None:
                report.warn(locate(text.where, typed), f"“{typed}”是手写的数字，与{same.what}相同（{same.reference}）。",
                            f"改写为 {same.reference}，指标变了这里会跟着变。")
            continue
        where, value = locate(text.where, typed), Decimal(digits)
        same_figures = [f for f in candidates if f.value == value]
        if same_figures:
            report.warn(where, f"正文直接写了“{typed}”，与登记的指标“{same_figures[0].label}”相同。",
                        f"改写为 {{{{{same_figures[0].id}}}}}，以后改数只需改 figures.yaml 一处。")
            continue
        registered = "；".join(f"{f.label} {f.shown}（{f.year}年{'目标' if f.target else '实际'}，"
                              f"{f.where.file.name}:{f.where.line}）" for f in candidates)
        # Never advise a reference here: its value differs from what the writer typed.
        hint = (f"若这是另一个数，请在 figures.yaml 中单独登记它，或写成 {{{{={typed}}}}} 标明不是登记的指标；"
                "若登记的数字变了，请修改 figures.yaml。")
        part_of = QUALIFIER.search(sentence)
        if part_of:  # a batch, a period, a subset: most likely another number
            report.warn(where, f"正文中的“{typed}”与登记的“{registered}”不同，但句中有“{part_of.group()}”，"
                               "可能是另一个数（部分、批次或时期）。", hint)
        else:
            report.error(where, f"正文中的“{typed}”与指标登记表不一致：{registered}。", hint)


NUMBER = r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"


def _start_of(text: str, end: int, marks: str) -> int:
    return max(text.rfind(mark, 0, end) for mark in marks) + 1


def _names(figure: Figure, clause: str) -> bool:
    """Does the clause end with the figure's name, followed only by linking words?"""
    for name in (figure.label, *figure.aliases):
        at = clause.rfind(name)
        if at >= 0 and LINK.fullmatch(clause[at + len(name):]):
            return True
    return False


def _figure_items(edition: Edition) -> Iterable[FigureRow | Chart]:
    def walk(body, sections: Iterable[Section]):
        yield from (item for item in body if isinstance(item, (FigureRow, Chart)))
        for section in sections:
            yield from walk(section.body, section.sections)

    for attachment in edition.attachments:
        if attachment.panel is not None:
            yield FigureRow(attachment.panel.figures, attachment.panel.title.where)
        yield from walk(attachment.body, attachment.sections)
    yield from walk(edition.body, edition.sections)
