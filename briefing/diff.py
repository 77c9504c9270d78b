"""What changed between two revisions of an edition (修订对照), in reading order.

Compares the validated editions, not the YAML, element by element: the figures by id; the
notice's fields by name (lists such as 主送机关, 签发人 and 出席 name by name); the body's
paragraphs, tables, cards, charts and images aligned in reading order; sections by their
headings and attachments by their titles, so a moved one is reported as moved, not as a
deletion and an addition. A table is compared part by part: caption, header, settings, and
its rows by their label (the first cell), cell by cell under the column's heading. Each change
names where a reader finds it as printed ("表1 第7行（…） 完成时限"). A changed paragraph is
marked sentence by sentence and, inside a changed sentence, phrase by phrase.
"""
from __future__ import annotations

import collections
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from .compose import heading_label
from .figures import share
from .model import BodyItem, Chart, Edition, Figure, FigureRow, Image, PageBreak, Paragraph, Section, Table
from .revision import relative_name
from .tablenumbers import serials
from .text import Text

MARK = ("〖", "〗")  # around the words that changed
MOVED = "移动"
_SENTENCE = re.compile(r"(?<=[。；！？])")
_WORD = re.compile(r"\d+(?:[.,]\d+)*%?|[A-Za-z&]+|.", re.S)
_TABLE_NUMBER = re.compile(r"(?:附)?表\s*\d+(?:[-—.．]\d+)?")
SIMILAR = 0.5  # old and new items at least this alike are one item edited
_PAIRING_LIMIT = 40_000  # replaced items compared pairwise at most (2000 rows against 20)


@dataclass(frozen=True)
class Change:
    kind: str  # 指标 / 已填写 / 修改 / 新增 / 删除 / 移动
    place: str  # where a reader finds it (for a move: from → to)
    old: str  # with the changed words marked (empty for an addition; what moved, for a move)
    new: str
    whole: str = field(default="", compare=False, repr=False)  # all an added or removed item shows, when
    # more than its text says (a table by its caption and row count): only the same whole is a move


def compare(old: Edition, new: Edition) -> list[Change]:
    before, after = _Side(old), _Side(new)
    changes = [*_figures(old.figures, new.figures), *_settings(before, after), *_head(old, new)]
    changes += _part(before, after, (old.body, old.sections), (new.body, new.sections), ("正文", "正文"), 1)
    changes += _closing(before, after)
    changes += _attachments(before, after)
    changes += _imprint(old, new)
    return _moves(changes)


# --- aligning two lists ---------------------------------------------------

def _pairs(old: Sequence[str], new: Sequence[str], old_names: Sequence[str] | None = None,
           new_names: Sequence[str] | None = None) -> list[tuple[int | None, int | None, bool]]:
    """(old index, new index, moved) in reading order. Items equal by `key` in the same order
    pair first; within a replaced run, items with the same name or still alike pair as edited
    (each with the one most like it, unless a later item is more like that one);
    an item gone from one place and found, by name, at another pairs as moved; the rest stand
    alone (None on the other side: removed or added)."""
    old_names, new_names = old_names or old, new_names or new
    out: list[tuple[int | None, int | None, bool]] = []
    matcher = difflib.SequenceMatcher(None, list(old), list(new), autojunk=False)
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal":
            out += [(a0 + k, b0 + k, False) for k in range(a1 - a0)]
            continue
        added = list(range(b0, b1))
        compare_all = (a1 - a0) * (b1 - b0) <= _PAIRING_LIMIT
        scores = {(i, j): 1.0 if old_names[i] == new_names[j] else _similarity(old[i], new[j]) if compare_all else 0.0
                  for i in range(a0, a1) for j in added}  # (a similarity is a SequenceMatcher run: once each)
        for i in range(a0, a1):
            match = max(added, key=lambda j: scores[i, j], default=None)  # noqa: B023 (used within this turn)
            if match is None or scores[i, match] < SIMILAR or any(
                    scores[later, match] > scores[i, match] for later in range(i + 1, a1)):
                out.append((i, None, False))  # (or a later item is more like it: two rows named alike)
                continue
            at = added.index(match)
            out += [(None, j, False) for j in added[:at]]  # additions before it, in order
            added = added[at + 1:]
            out.append((i, match, False))
        out += [(None, j, False) for j in added]
    # Moves: an item removed here and added there under the same name.
    removed = {old_names[was]: was for was, now, _ in out if was is not None and now is None}
    moved: dict[int, int] = {}
    for k, (was, now, _) in enumerate(out):
        if was is None and now is not None and new_names[now] in removed:
            moved[k] = removed.pop(new_names[now])
    gone = set(moved.values())
    return [(moved[k], now, True) if k in moved else (was, now, m) for k, (was, now, m) in enumerate(out)
            if not (now is None and was in gone)]


def _similarity(a: str, b: str) -> float:
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return matcher.ratio() if matcher.quick_ratio() >= SIMILAR else 0.0


def _moves(changes: list[Change]) -> list[Change]:
    """Anything removed in one place and added unchanged in another (a paragraph taken into
    another section, a name from 列席 to 出席) is one move, reported where it now stands."""
    removed = {c.whole or c.old: n for n, c in enumerate(changes) if c.kind == "删除"}
    out: list[Change | None] = list(changes)
    for n, change in enumerate(changes):
        at = removed.pop(change.whole or change.new, None) if change.kind == "新增" else None
        if at is not None:
            out[n] = Change(MOVED, f"{changes[at].place} → {change.place}", change.new, "")
            out[at] = None
    return [c for c in out if c is not None]


# --- texts and lists --------------------------------------------------------

def _edit(place: str, before: str, after: str, filled: bool = False) -> list[Change]:
    if before == after:
        return []
    if not before:
        return [Change("新增", place, "", after)]
    if not after:
        return [Change("删除", place, before, "")]
    old_text, new_text = _marked(before, after)
    return [Change("已填写" if filled else "修改", place, old_text, new_text)]


def _text(place: str, before: Text | None, after: Text | None) -> list[Change]:
    filled = before is not None and bool(before.placeholders) and (after is None or not after.placeholders)
    return _edit(place, _value(before), _value(after), filled)


def _value(text: Text | None) -> str:
    return text.value if text is not None else ""


def _listed(place: str, before: Sequence[str], after: Sequence[str]) -> list[Change]:
    """A list of names (主送机关, 出席, 签发人 …) compared name by name."""
    changes = []
    for i, j, moved in _pairs(before, after):
        if i is not None and j is None:
            changes.append(Change("删除", place, before[i], ""))
        elif i is None and j is not None:
            changes.append(Change("新增", place, "", after[j]))
        elif i is not None and j is not None:
            changes += [Change(MOVED, f"{place}第{i + 1}位 → 第{j + 1}位", after[j], "")] if moved else []
            changes += _edit(place, before[i], after[j])
    return changes


def _texts(texts: Sequence[Text]) -> list[str]:
    return [t.value for t in texts]


def _flag(value: bool | None) -> str:
    return "自动" if value is None else "是" if value else "否"


def _short(text: str, length: int = 14) -> str:
    return text if len(text) <= length else text[:length] + "…"


# --- one side of the comparison ------------------------------------------------

class _Side:
    """An edition and how its files are named in a change (relative to its folder, never a
    machine path) with the digest they had when read."""

    def __init__(self, edition: Edition):
        self.edition = edition
        self.digests = dict(edition.sources)

    def file(self, path: Path | None) -> tuple[str, str]:
        if path is None:
            return "", ""
        return relative_name(path, self.edition.folder), self.digests.get(path, "")


def _file(place: str, before: tuple[str, str], after: tuple[str, str]) -> list[Change]:
    """A file named in the content (印章, 签名章, 图片): renamed, or the same name with other bytes."""
    if before[0] != after[0] or not before[0]:
        return _edit(place, before[0], after[0])
    if before[1] != after[1]:
        return [Change("修改", place, f"{before[0]}（原图）", f"{after[0]}（图片已更换）")]
    return []


# --- figures ---------------------------------------------------------------------

def _figures(old: dict[str, Figure], new: dict[str, Figure]) -> list[Change]:
    changes = []
    for name in [*old, *(n for n in new if n not in old)]:
        before, after = old.get(name), new.get(name)
        if before is None:
            assert after is not None  # (a name of one of the two)
            changes.append(Change("指标", f"{after.label}（{name}，新增）", "", _figure_text(after, new)))
        elif after is None:
            changes.append(Change("指标", f"{before.label}（{name}，删除）", _figure_text(before, old), ""))
        elif _figure_text(before, old) != _figure_text(after, new) or before.label != after.label:
            named = before.label != after.label  # (else the place names it)
            old_text, new_text = _marked((f"{before.label}：" if named else "") + _figure_text(before, old),
                                         (f"{after.label}：" if named else "") + _figure_text(after, new))
            changes.append(Change("指标", f"{after.label}（{name}）", old_text, new_text))
    return changes


def _figure_text(figure: Figure, registry: dict[str, Figure]) -> str:
    """Everything figures.yaml says of a figure, as a line a reader can compare."""
    extras = "，".join(x for x in (figure.change, figure.rank, figure.remark) if x)
    kind = "目标" if figure.target else "实际"
    text = f"{figure.year}年{kind} {figure.shown}" + (f"（{extras}）" if extras else "")
    goal = registry.get(figure.goal) if figure.goal else None
    parts = []
    if figure.formula is not None:
        parts.append(f"公式 {figure.formula}，保留{figure.precision}位小数")
    if goal is not None:
        parts.append(f"目标 {goal.label} {goal.shown}，完成{share(figure, goal)}%")
    elif figure.goal:
        parts.append(f"目标 {figure.goal}")
    if figure.aliases:
        parts.append(f"别名 {'、'.join(figure.aliases)}")
    if figure.source:
        parts.append(f"出处 {figure.source}")
    return "；".join((text, *parts))


# --- the notice's own fields ---------------------------------------------------------

def _settings(old: _Side, new: _Side) -> list[Change]:
    a, b = old.edition, new.edition
    changes = [*_text("稿次", a.revision, b.revision), *_edit("状态", a.status, b.status),
               *_edit("公文格式", a.format, b.format), *_edit("输出文件名", a.output, b.output)]
    for role in sorted({*a.fonts, *b.fonts}):
        fonts = [side.edition.fonts.get(role) for side in (old, new)]
        named = [f"{f.path.name}（第{f.face}个字体）" if f is not None else "" for f in fonts]
        changes += _edit(f"字体 {role}", named[0], named[1])
    return changes


def _head(a: Edition, b: Edition) -> list[Change]:
    return [*_text("份号", a.copy_number, b.copy_number), *_text("密级和保密期限", a.secrecy, b.secrecy),
            *_text("紧急程度", a.urgency, b.urgency), *_text("发文机关标志", a.mark, b.mark),
            *_listed("发文机关标志（联合行文）", _texts(a.mark_organs), _texts(b.mark_organs)),
            *_text("发文字号", a.number, b.number), *_listed("签发人", _texts(a.signers), _texts(b.signers)),
            *_text("标题", a.title, b.title),
            *_edit("标题回行", "／".join(_texts(a.title_lines)), "／".join(_texts(b.title_lines))),
            *_listed("主送机关", _texts(a.recipients), _texts(b.recipients)), *_copies(a, b)]


def _copies(a: Edition, b: Edition) -> list[Change]:
    before = {name.value: copies for name, copies in a.distribution}
    return [Change("修改", f"分发份数（{name.value}）", str(before[name.value]), str(copies))
            for name, copies in b.distribution if before.get(name.value, copies) != copies]


def _closing(old: _Side, new: _Side) -> list[Change]:
    a, b = old.edition, new.edition
    changes = _listed("署名", _texts(a.issuers), _texts(b.issuers))
    seals = [[side.file(p) for p in (e.seal, *e.co_seals) if p is not None] for side, e in ((old, a), (new, b))]
    for n in range(max(map(len, seals))):
        changes += _file(f"印章{n + 1 if len(seals[1]) > 1 else ''}", *(s[n] if n < len(s) else ("", "")
                                                                          for s in seals))
    signatures = a.signature, b.signature
    changes += _text("签发人职务", *(s.title if s else None for s in signatures))
    changes += _text("签发人姓名", *(s.name if s else None for s in signatures))
    changes += _file("签名章", *(side.file(s.stamp if s else None) for side, s in zip((old, new), signatures)))
    changes += _text("成文日期", a.date, b.date)
    changes += _text("附注", a.note, b.note)
    attendance = [dict(e.attendance) for e in (a, b)]
    for kind in dict.fromkeys((*attendance[0], *attendance[1])):
        changes += _listed(kind, *(_texts(names.get(kind, ())) for names in attendance))
    return changes


def _imprint(a: Edition, b: Edition) -> list[Change]:
    return [*_listed("抄送机关", _texts(a.cc), _texts(b.cc)), *_text("印发机关", a.printer, b.printer),
            *_text("印发日期", a.print_date, b.print_date)]


# --- attachments ----------------------------------------------------------------

def _attachments(old: _Side, new: _Side) -> list[Change]:
    a, b = old.edition.attachments, new.edition.attachments
    labels = [[f"附件{n}" if len(side) > 1 else "附件" for n in range(1, len(side) + 1)] for side in (a, b)]
    changes = []
    for i, j, moved in _pairs([x.title.value for x in a], [x.title.value for x in b]):
        before, after = (a[i] if i is not None else None), (b[j] if j is not None else None)
        old_place = labels[0][i] if i is not None else labels[1][j or 0]
        new_place = labels[1][j] if j is not None else old_place
        titles = (before.title if before else None), (after.title if after else None)
        if moved:
            changes.append(Change(MOVED, f"{old_place} → {new_place}", _value(titles[1]), ""))
        changes += _text(f"{new_place}／标题", *titles)
        changes += _edit(f"{new_place}／标题回行", "／".join(_texts(before.title_lines if before else ())),
                         "／".join(_texts(after.title_lines if after else ())))
        panels = [x.panel if x is not None else None for x in (before, after)]
        changes += _text(f"{new_place}／主要指标面板", *(p.title if p else None for p in panels))
        changes += _listed(f"{new_place}／主要指标面板的指标", *(_labels(p.figures if p else (), s.edition)
                                                              for p, s in zip(panels, (old, new))))
        changes += _part(old, new, (before.body, before.sections) if before else ((), ()),
                         (after.body, after.sections) if after else ((), ()), (old_place, new_place), 1)
    return changes


def _labels(ids: Sequence[str], edition: Edition) -> list[str]:
    return [f"{edition.figures[i].label}（{i}）" if i in edition.figures else i for i in ids]


# --- the body and its sections ------------------------------------------------------------

Part = tuple[Sequence[BodyItem], Sequence[Section]]


def _part(old: _Side, new: _Side, before: Part, after: Part, places: tuple[str, str], level: int) -> list[Change]:
    """A body and its headed sections, the sections paired by heading (a moved one as moved)."""
    changes = _body(_pieces(old, before[0], places[0], level), _pieces(new, after[0], places[1], level))
    headings = [_headings(side[1], level, side[0]) for side in (before, after)]
    for i, j, moved in _pairs([s.heading.value for s in before[1]], [s.heading.value for s in after[1]]):
        old_section, new_section = (before[1][i] if i is not None else None), (after[1][j] if j is not None else None)
        labels = (headings[0][i] if i is not None else ""), (headings[1][j] if j is not None else "")
        inner = [f"{place}／{_short(label)}" if label else "" for place, label in zip(places, labels)]
        if moved:
            changes.append(Change(MOVED, f"{places[0]}／{labels[0]} → {places[1]}／{labels[1]}", labels[1], ""))
        if old_section is None or new_section is None or old_section.heading.value != new_section.heading.value:
            changes += _edit(f"{places[1] if j is not None else places[0]}／标题", *labels)  # (renumbered only: none)
        if old_section is not None and new_section is not None:
            changes += _edit(f"{inner[1]}／编辑补拟的标题", _flag(old_section.editorial), _flag(new_section.editorial))
            changes += _edit(f"{inner[1]}／章节编号 id", old_section.id or "", new_section.id or "")
        empty: Part = ((), ())
        changes += _part(old, new, (old_section.body, old_section.sections) if old_section else empty,
                         (new_section.body, new_section.sections) if new_section else empty,
                         (inner[0] or inner[1], inner[1] or inner[0]), level + 1)
    return changes


def _headings(sections: Sequence[Section], level: int, body: Sequence[BodyItem]) -> list[str]:
    """The headings as printed: numbered on after the leads of their level (as compose does)."""
    leads = sum(1 for item in body if isinstance(item, Paragraph) and item.lead is not None)
    return [heading_label(min(level, 4), n) + s.heading.value for n, s in enumerate(sections, leads + 1)]


@dataclass(frozen=True)
class _Piece:
    """A body item with the place it is printed at and everything it prints, to align by."""

    item: BodyItem
    place: str
    key: str  # everything it shows: equal keys, equal items
    name: str  # what it is known by when moved (a table by its caption)
    file: tuple[str, str] = ("", "")  # an image's file: its name and digest


def _pieces(side: _Side, body: Sequence[BodyItem], place: str, level: int) -> list[_Piece]:
    """The items of a body; a paragraph is placed by its number (第2段), one with a lead by the
    lead as printed (二、关于物资准备。), since leads are numbered like the headings of `level`."""
    pieces, paragraphs, leads = [], 0, 0
    for item in body:
        if isinstance(item, Paragraph):
            paragraphs += 1
            text = _paragraph_text(item)
            if item.lead is not None:
                leads += 1
                where = heading_label(min(level, 4), leads) + _short(item.lead.value)
            else:
                where = f"第{paragraphs}段"
            pieces.append(_Piece(item, f"{place}／{where}", "段落" + text, text))
        elif isinstance(item, Table):
            name = _table_name(item, place)
            pieces.append(_Piece(item, name, "表格" + repr(_table_key(item)), "表格" + item.caption.value))
        elif isinstance(item, Image):
            file = side.file(item.path)
            name = f"图片“{_value(item.caption) or file[0]}”"
            pieces.append(_Piece(item, f"{place}／{name}", f"图片{file}{_value(item.caption)}{item.width}", name, file))
        elif isinstance(item, Chart):
            name = f"图表“{_short(item.caption.value)}”"
            pieces.append(_Piece(item, f"{place}／{name}", f"图表{item.caption.value}{item.figures}", name))
        elif isinstance(item, PageBreak):
            pieces.append(_Piece(item, f"{place}／分页", "分页", "分页"))
        else:
            key = "、".join(_labels(item.figures, side.edition))
            pieces.append(_Piece(item, f"{place}／指标卡", "指标卡" + key, "指标卡" + key))
    return pieces


def _paragraph_text(paragraph: Paragraph) -> str:
    return (paragraph.lead.value if paragraph.lead else "") + paragraph.text.value


def _body(old: list[_Piece], new: list[_Piece]) -> list[Change]:
    changes = []
    for i, j, moved in _pairs([p.key for p in old], [p.key for p in new], [p.name for p in old],
                              [p.name for p in new]):
        before, after = (old[i] if i is not None else None), (new[j] if j is not None else None)
        if after is None:
            assert before is not None
            changes.append(Change("删除", before.place, _summary(before.item), "", before.key))
        elif before is None:
            changes.append(Change("新增", after.place, "", _summary(after.item), after.key))
        else:
            if moved:
                changes.append(Change(MOVED, f"{before.place} → {after.place}", _summary(after.item), ""))
            changes += _item(before, after)
    return changes


def _summary(item: BodyItem) -> str:
    """What a removed or added item printed."""
    if isinstance(item, Paragraph):
        return _paragraph_text(item)
    if isinstance(item, Table):
        return f"{item.caption.value}（{len(item.rows)}行）"
    if isinstance(item, Image):
        return f"{item.path.name}{'：' + item.caption.value if item.caption else ''}"
    if isinstance(item, Chart):
        return f"{item.caption.value}（{'、'.join(item.figures)}）"
    if isinstance(item, PageBreak):
        return "（分页）"
    return "、".join(item.figures)


def _item(old: _Piece, new: _Piece) -> list[Change]:
    """The changes inside one item edited in place (old and new are the same kind)."""
    a, b, place = old.item, new.item, new.place
    if isinstance(a, Paragraph) and isinstance(b, Paragraph):
        return _sentences(place, _paragraph_text(a), _paragraph_text(b))
    if isinstance(a, Table) and isinstance(b, Table):
        return _table(place, a, b)
    if isinstance(a, Image) and isinstance(b, Image):
        return [*_file(f"{place}／图片文件", old.file, new.file),
                *_text(f"{place}／图题", a.caption, b.caption),
                *_edit(f"{place}／宽度（毫米）", f"{a.width:g}", f"{b.width:g}")]
    if isinstance(a, Chart) and isinstance(b, Chart):
        return [*_text(f"{place}／图题", a.caption, b.caption), *_listed(f"{place}／指标", a.figures, b.figures)]
    if isinstance(a, FigureRow) and isinstance(b, FigureRow):
        return _listed(place, old.key.removeprefix("指标卡").split("、"), new.key.removeprefix("指标卡").split("、"))
    return [Change("修改", place, _summary(a), _summary(b))]  # (never: pairs are of one kind)


def _sentences(place: str, before: str, after: str) -> list[Change]:
    """One change per run of changed sentences, the changed words marked inside them."""
    old_sentences, new_sentences = _split(before), _split(after)
    matcher = difflib.SequenceMatcher(None, old_sentences, new_sentences, autojunk=False)
    changes = []
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag != "equal":
            old_text, new_text = _marked("".join(old_sentences[a0:a1]), "".join(new_sentences[b0:b1]))
            changes.append(Change("修改", place, old_text, new_text))
    return changes


def _split(text: str) -> list[str]:
    return [s for s in _SENTENCE.split(text) if s]


# --- tables ---------------------------------------------------------------------

def _table_name(table: Table, place: str) -> str:
    """表1 as its caption numbers it; an unnumbered table by its caption where it stands."""
    number = _TABLE_NUMBER.match(table.caption.value)
    return number.group().replace(" ", "") if number else f"{place}／表格“{_short(table.caption.value)}”"


def _table_key(table: Table) -> tuple:
    return (table.caption.value, [_texts(r) for r in table.header], [_texts(r) for r in table.rows],
            table.widths, table.align, table.merge_first, table.landscape)


def _table(name: str, a: Table, b: Table) -> list[Change]:
    changes = _text(f"{name} 表题", a.caption, b.caption)
    columns = _columns(a, b)
    for row in range(max(len(a.header), len(b.header))):
        heads = [_texts(t.header[row]) if row < len(t.header) else [] for t in (a, b)]
        label = f"{name} 表头" + (f"第{row + 1}行" if max(len(a.header), len(b.header)) > 1 else "")
        for i, j in columns:
            changes += _edit(f"{label}第{(j if j is not None else i or 0) + 1}栏",
                             heads[0][i] if i is not None and i < len(heads[0]) else "",
                             heads[1][j] if j is not None and j < len(heads[1]) else "")
    widths = [" : ".join(f"{w:g}" for w in t.widths) if t.widths is not None else "按内容" for t in (a, b)]
    changes += _edit(f"{name} 栏宽", widths[0], widths[1])
    changes += _edit(f"{name} 对齐", "、".join(a.align), "、".join(b.align))
    changes += _edit(f"{name} 合并第一栏", _flag(a.merge_first), _flag(b.merge_first))
    changes += _edit(f"{name} 横排", _flag(a.landscape), _flag(b.landscape))
    changes += _rows(name, a, b, columns)
    changes += _edit(f"{name} 合计行", "｜".join(_texts(a.total)), "｜".join(_texts(b.total)))  # (printed last)
    return changes


def _rows(name: str, a: Table, b: Table, columns: list[tuple[int | None, int | None]]) -> list[Change]:
    """The rows aligned by what they hold, cell by cell under the column's heading. A 序号 column
    neither names nor aligns them: a row deleted and the rest renumbered is one deletion and one
    “序号重新编排”, not every later row changed."""
    serial = _serial_columns(a, b, columns)
    cells = [(c, d) for c, d in columns if c is not None and d is not None and (c, d) != serial]
    titles = _texts(b.header[-1]) if b.header else []
    labels = _row_labels(a, serial[0] if serial else None), _row_labels(b, serial[1] if serial else None)
    rows = ["｜".join(_texts(r)) for r in a.rows], ["｜".join(_texts(r)) for r in b.rows]
    keys = [["｜".join(row[c].value for c in range(len(row)) if serial is None or c != serial[side])
             for row in table.rows] for side, table in enumerate((a, b))]
    changes: list[Change] = []
    renumbered: list[tuple[int, str, str]] = []  # (new row, old number, new number)
    renumbered_at = 0  # where in `changes` the renumbering is reported: at its first row
    for i, j, moved in _pairs(keys[0], keys[1], *labels):
        if j is None:
            changes.append(Change("删除", f"{name} 第{(i or 0) + 1}行（{labels[0][i or 0]}）", rows[0][i or 0], ""))
            continue
        place = f"{name} 第{j + 1}行（{labels[1][j]}）"
        if i is None:
            changes.append(Change("新增", place, "", rows[1][j]))
            continue
        if moved:
            changes.append(Change(MOVED, f"{name} 第{i + 1}行 → 第{j + 1}行", labels[1][j], ""))
        if serial is not None and a.rows[i][serial[0]].value != b.rows[j][serial[1]].value:
            renumbered_at = renumbered_at if renumbered else len(changes)
            renumbered.append((j + 1, a.rows[i][serial[0]].value, b.rows[j][serial[1]].value))
        for c, d in cells:
            changes += _text(f"{place} {titles[d] if d < len(titles) else f'第{d + 1}栏'}", a.rows[i][c], b.rows[j][d])
    if renumbered:
        at, before, after = (list(column) for column in zip(*renumbered))
        changes.insert(renumbered_at, Change("修改", f"{name} 序号重新编排（第{_spans(at)}行）",
                                             _spans(before), _spans(after)))
    return changes


def _serial_columns(a: Table, b: Table, columns: list[tuple[int | None, int | None]]) -> tuple[int, int] | None:
    """The old and new 序号 column, when both tables have it."""
    heads = _heads(a), _heads(b)
    for c, d in columns:
        if c is not None and d is not None and all(
                serials(head[n], [row[n].value for row in t.rows]) is not None
                for head, n, t in ((heads[0], c, a), (heads[1], d, b))):
            return c, d
    return None


def _heads(table: Table) -> list[str]:
    """Each column's heading, all header rows read together."""
    return [" ".join(row[n].value for row in table.header) for n in range(len(table.header[-1]))] if table.header \
        else []


def _spans(values: Sequence[object]) -> str:
    """Numbers as runs (10–15、18); anything else as it is ("" as 空)."""
    out: list[list[str]] = []
    for value in map(str, values):
        last = out[-1][-1] if out else ""
        if value.isdecimal() and last.isdecimal() and int(value) == int(last) + 1:
            out[-1][1:] = [value]
        else:
            out.append([value or "空"])
    return "、".join("–".join(run) for run in out)


def _columns(a: Table, b: Table) -> list[tuple[int | None, int | None]]:
    """Old and new columns paired by their heading (the last header row); a column renamed in
    place pairs with its old self."""
    heads = [_texts(t.header[-1]) if t.header else [] for t in (a, b)]
    if len(heads[0]) == len(heads[1]):
        return [(n, n) for n in range(len(heads[1]))]
    return [(i, j) for i, j, _ in _pairs(*heads)]


def _row_labels(table: Table, serial: int | None) -> list[str]:
    """Each row's label: its first cell other than the 序号 (in a merged table, its group's), with
    the next when the first does not tell the rows apart."""
    named = [n for n in range(len(table.rows[0])) if n != serial] or [0]
    first, second = named[0], (named[1] if len(named) > 1 else None)
    firsts, group = [], ""
    for row in table.rows:
        group = row[first].value or (group if table.merge_first and first == 0 else "")
        firsts.append(group)
    counts = collections.Counter(firsts)
    return [_short(label + (f"／{row[second].value}" if counts[label] > 1 and second is not None else ""), 24)
            for label, row in zip(firsts, table.rows)]


# --- marking words ------------------------------------------------------------------

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
        if change.kind == MOVED:
            lines.append(f"   {change.old}")
            continue
        if change.old:
            lines.append(f"   原：{change.old}")
        if change.new:
            lines.append(f"   新：{change.new}")
    return "\n".join(lines)

