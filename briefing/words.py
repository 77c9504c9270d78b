"""Where the words of a title are: jieba's segmentation (MIT), with the edition's own names
(issuer, organs, figure labels) as words of its dictionary, so a title never
breaks inside a word such as 福州市科学技术局 or 科技创新.

Only a title that needs more than one line is segmented, by jieba's algorithm over the
shipped word list (briefing.wordfreq); what it finds is cached on disk by the text and the names.
"""
from __future__ import annotations

import hashlib
import json

from . import memo
from .cache import cache_dir, keep

_VERSION = "1"  # of the cache entries' form


def word_ends(text: str, names: tuple[str, ...] = ()) -> frozenset[int]:
    """Offsets in `text` where a word ends (the text's end included). Only the names that
    occur in the text count, so the cache entry stays valid when other names change.
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

    return segmented(text, names)
