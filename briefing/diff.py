"""What changed between two revisions of an edition (修订对照), in reading order.

Compares the validated editions, not the YAML: figures by id, the notice's fields
by name (a placeholder filled is reported as such), then headings and paragraphs
aligned in reading order, a changed paragraph marked sentence by sentence and,
inside a changed sentence, phrase by phrase.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from .compose import heading_label
from .model import Edition, Figure, Paragraph, Section

MARK = ("〖", "〗")  # around the words that changed
_SENTENCE = re.compile(r"(?<=[。；！？])")
_WORD = re.compile(r"\d+(?:[.,]\d+)*%?|[A-Za-z&]+|.", re.S)


@dataclass(frozen=True)
class Change:
    kind: str  # 指标 / 已填写 / 修改 / 新增 / 删除
    place: str  # where a reader finds it
    old: str  # with the changed words marked (empty for an addition)
    new: str


@dataclass(frozen=True)
class _Item:
    place: str
    text: str


def compare(old: Edition, new: Edition) -> list[Change]:
    return [*_figures(old.figures, new.figures), *_fields(old, new), *_body(_items(old), _items(new))]


def _figures(old: dict[str, Figure], new: dict[str, Figure]) -> list[Change]:
    changes = []
    for name in [*old, *(n for n in new if n not in old)]:
        before, after = old.get(name), new.get(name)
        if before is None:
            assert after is not None  # (a name of one of the two)
            changes.append(Change("指标", f"{after.label}（{name}，新增）", "", _figure_text(after)))
        elif after is None:
            changes.append(Change("指标", f"{before.label}（{name}，删除）", _figure_text(before), ""))
        elif _figure_text(before) != _figure_text(after) or before.label != after.label:
            old_text, new_text = _marked(_figure_text(before), _figure_text(after))
            changes.append(Change("指标", f"{after.label}（{name}）", old_text, new_text))
    return changes


def _figure_text(figure: Figure) -> str:
    extras = "，".join(x for x in (figure.change, figure.rank, figure.remark) if x)
    kind = "目标" if figure.target else "实际"
    return f"{figure.year}年{kind} {figure.shown}" + (f"（{extras}）" if extras else "")


FIELDS = (("number", "发文字号"), ("title", "标题"), ("recipients", "主送机关"), ("issuer", "署名"),
          ("date", "成文日期"), ("note", "附注"), ("cc", "抄送机关"), ("printer", "印发机关"),
          ("print_date", "印发日期"), ("revision", "稿次"))


def _fields(old: Edition, new: Edition) -> list[Change]:
    changes = []
    for attribute, name in FIELDS:
        before, after = getattr(old, attribute), getattr(new, attribute)
        before_text, after_text = _field_text(before), _field_text(after)
        if before_text == after_text:
            continue
        filled = _has_placeholder(before) and not _has_placeholder(after)
        old_text, new_text = _marked(before_text, after_text)
        changes.append(Change("已填写" if filled else "修改", name, old_text, new_text))
    if old.status != new.status:
        changes.append(Change("修改", "状态", old.status, new.status))
    return changes


def _field_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, tuple):
        return "，".join(t.value for t in value)
    return value.value


def _has_placeholder(value) -> bool:
    items = value if isinstance(value, tuple) else (value,) if value is not None else ()
    return any(t.placeholders for t in items)


def _items(edition: Edition) -> list[_Item]:
    """Headings and paragraphs in reading order, each with the place a reader finds it."""
    items = [_Item(f"正文第{n}段", _paragraph_text(p)) for n, p in enumerate(_paragraphs(edition.body), 1)]
    items += _headed(edition.sections, "正文", 1, _leads(edition.body))
    many = len(edition.attachments) > 1
    for number, attachment in enumerate(edition.attachments, 1):
        label = f"附件{number}" if many else "附件"
        items.append(_Item(f"{label}标题", attachment.title.value))
        items += _section_items(attachment.body, attachment.sections, label, 1)
    return items


def _section_items(body, sections: tuple[Section, ...], place: str, level: int) -> list[_Item]:
    items = [_Item(f"{place}／第{n}段", _paragraph_text(p)) for n, p in enumerate(_paragraphs(body), 1)]
    return items + _headed(sections, place, level, _leads(body))


def _headed(sections: tuple[Section, ...], place: str, level: int, leads: int) -> list[_Item]:
    """The sections' headings and what they hold; numbered on after the `leads` of their level
    (as compose numbers them)."""
    items = []
    for number, section in enumerate(sections, leads + 1):
        heading = heading_label(min(level, 4), number) + section.heading.value
        items.append(_Item(f"{place}／标题", heading))
        items += _section_items(section.body, section.sections, f"{place}／{_short(heading)}", level + 1)
    return items


def _leads(body) -> int:
    return sum(1 for paragraph in _paragraphs(body) if paragraph.lead is not None)


def _paragraphs(body) -> list[Paragraph]:
    return [item for item in body if isinstance(item, Paragraph)]


def _paragraph_text(paragraph: Paragraph) -> str:
    return (paragraph.lead.value if paragraph.lead else "") + paragraph.text.value


def _short(text: str, length: int = 14) -> str:
    return text if len(text) <= length else text[:length] + "…"


def _body(old: list[_Item], new: list[_Item]) -> list[Change]:
    changes = []
    matcher = difflib.SequenceMatcher(None, [i.text for i in old], [i.text for i in new], autojunk=False)
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal":
            continue
        removed, added = list(old[a0:a1]), list(new[b0:b1])
        # Pair the old and new paragraphs of a replaced run that are still recognisably the same.
        for before in list(removed):
            match = max(added, key=lambda a: _similarity(before.text, a.text), default=None)
            if match is not None and _similarity(before.text, match.text) >= 0.5:
                for item in added[:added.index(match)]:  # additions before the pair keep reading order
                    changes.append(Change("新增", item.place, "", item.text))
                added = added[added.index(match) + 1:]
                removed.remove(before)
                changes += _changed(before, match)
        changes += [Change("删除", item.place, item.text, "") for item in removed]
        changes += [Change("新增", item.place, "", item.text) for item in added]
    return changes


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _changed(before: _Item, after: _Item) -> list[Change]:
    """One change per run of changed sentences, the changed words marked inside them."""
    old_sentences, new_sentences = _sentences(before.text), _sentences(after.text)
    matcher = difflib.SequenceMatcher(None, old_sentences, new_sentences, autojunk=False)
    changes = []
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag != "equal":
            old_text, new_text = _marked("".join(old_sentences[a0:a1]), "".join(new_sentences[b0:b1]))
            changes.append(Change("修改", after.place, old_text, new_text))
    return changes


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE.split(text) if s]


def _marked(old: str, new: str) -> tuple[str, str]:
    """Both texts with the words that differ wrapped in 〖〗 (numbers and Latin words whole)."""
    a, b = _WORD.findall(old), _WORD.findall(new)
    old_out, new_out = [], []
    for tag, a0, a1, b0, b1 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        old_part, new_part = "".join(a[a0:a1]), "".join(b[b0:b1])
        if tag == "equal":
            old_out.append(old_part)
            new_out.append(new_part)
            continue
        if old_part:
            old_out.append(MARK[0] + old_part + MARK[1])
        if new_part:
            new_out.append(MARK[0] + new_part + MARK[1])
    return "".join(old_out), "".join(new_out)


def report(changes: list[Change], old_name: str, new_name: str) -> str:
    """The comparison as plain text for the terminal."""
    if not changes:
        return f"{old_name} 与 {new_name} 内容相同。"
    lines = [f"修订对照：{old_name} → {new_name}，共 {len(changes)} 处（〖〗内为改动的文字）"]
    for number, change in enumerate(changes, 1):
        lines.append(f"{number}. {change.kind}　{change.place}")
        if change.old:
            lines.append(f"   原：{change.old}")
        if change.new:
            lines.append(f"   新：{change.new}")
    return "\n".join(lines)
