"""Where the words of a title are: jieba's segmentation (MIT), with the edition's own names
(issuer, organs, figure labels) as words of its dictionary, so a title never
breaks inside a word such as 福州市科学技术局 or 科技创新.

Only a title that needs more than one line is segmented, by jieba's algorithm over the
shipped word list (briefing.wordfreq); what it finds is cached on disk by the text and the names.
"""
from __future__ import annotations

import hashlib
import json
import re
from typing import Iterable

from . import memo
from .cache import cache_dir, keep

_VERSION = "2"  # of the cache entries' form (2: no end inside a name, marks and all)


def word_ends(text: str, names: tuple[str, ...] = ()) -> frozenset[int]:
    """Offsets in `text` where a word ends (the text's end included). Only the names that
    occur in the text count, so the cache entry stays valid when other names change. A name
    with marks in it (赵喆（副县长）), which jieba splits at its marks, has no end inside it either.
    (Names in 《》 are not words for jieba, which splits at marks: typeset keeps them whole.)"""
    return frozenset(_cached(text, tuple(sorted({name for name in names if len(name) > 1 and name in text}))))


@memo.kept("title word breaks")
def _cached(text: str, names: tuple[str, ...]) -> tuple[int, ...]:
    key = hashlib.sha256(json.dumps([_VERSION, text, names], ensure_ascii=False).encode("utf-8")).hexdigest()
    path = cache_dir("words") / f"{key[:32]}.json"
    try:
        return tuple(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        pass
    ends = _segment(text, names)
    keep(path, json.dumps(ends).encode("utf-8"), WORDS_KEPT)
    return ends


WORDS_KEPT = 8 << 20  # bytes on disk of title segmentations kept (~2000 titles); the oldest go first


def _segment(text: str, names: tuple[str, ...]) -> tuple[int, ...]:
    from .wordfreq import word_ends as segmented  # jieba's cut over the shipped word list

    return tuple(sorted(set(segmented(text, names)) - inside(text, names)))


def inside(text: str, spans: Iterable[str]) -> set[int]:
    """The offsets in `text` strictly inside an occurrence of one of the `spans`."""
    offsets: set[int] = set()
    for span in spans:
        start = text.find(span)
        while start >= 0:
            offsets.update(range(start + 1, start + len(span)))
            start = text.find(span, start + 1)
    return offsets


_SEPARATORS = re.compile(r"[、，,；;。：:\s]+(?![^（(]*[）)])")  # (not inside brackets: 各县（市、区）人民政府)
_BRACKETED = re.compile(r"（([^（）]*)）|\(([^()]*)\)")
MAX_NAME = 20  # characters: a longer list item is a sentence, broken between its words


def list_items(text: str) -> tuple[str, ...]:
    """The names a list is made of (主送/抄送, 出席 and 列席, a table cell naming organs): its
    items between separators, and of an item with a title in brackets (赵喆（副县长）) the name
    and the title too, so a line breaks between items first, then between name and title.
    None for a text of one item."""
    items = list_parts(text)
    if len(items) < 2:
        return ()  # one name, or a phrase: broken between jieba's words where it must break
    names = set()
    for item in items:
        names.add(item)
        names.add(_BRACKETED.sub("", item))
        names.update(inner for match in _BRACKETED.finditer(item) for inner in match.groups() if inner)
    return tuple(sorted(name for name in names if 1 < len(name) <= MAX_NAME))


def list_parts(text: str) -> list[str]:
    """A list's items, between its separators (not those inside brackets)."""
    return [item for item in _SEPARATORS.split(text) if item]
