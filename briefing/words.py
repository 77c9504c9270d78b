"""Where the words of a title are: jieba's segmentation (MIT), with the edition's own names
(issuer, organs, figure labels, 《…》 names) as words of its dictionary, so a title never
breaks inside a word such as 福州市科学技术局 or 科技创新.

jieba's dictionary costs about a second to load, so it is loaded only for a title that
needs more than one line, and what it finds is cached on disk by the text and the names
(the title rarely changes between revisions): a rebuild never loads it again.
"""
from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

QUOTED_NAME = ("《", "》")
_VERSION = "1"  # of the cache entries' form


def word_ends(text: str, names: tuple[str, ...] = ()) -> frozenset[int]:
    """Offsets in `text` where a word ends (the text's end included)."""
    names = tuple(sorted({name for name in (*names, *quoted_names(text)) if len(name) > 1}))
    return frozenset(_cached(text, names))


def quoted_names(text: str) -> list[str]:
    """The names in 《》, kept whole where they fit."""
    names, start = [], text.find(QUOTED_NAME[0])
    while start >= 0:
        end = text.find(QUOTED_NAME[1], start)
        if end < 0:
            break
        names.append(text[start:end + 1])
        start = text.find(QUOTED_NAME[0], end)
    return names


@lru_cache(maxsize=64)
def _cached(text: str, names: tuple[str, ...]) -> tuple[int, ...]:
    key = hashlib.sha256(json.dumps([_VERSION, text, names], ensure_ascii=False).encode("utf-8")).hexdigest()
    path = _cache_dir() / f"{key[:32]}.json"
    try:
        return tuple(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        pass
    ends = _segment(text, names)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        temporary.write_text(json.dumps(ends), encoding="utf-8")
        os.replace(temporary, path)
    except OSError:  # a read-only home: segment again next time
        pass
    return ends


def _segment(text: str, names: tuple[str, ...]) -> tuple[int, ...]:
    tokenizer = _tokenizer()
    for name in names:  # a name is one word, however jieba would cut it
        tokenizer.add_word(name, freq=10 ** 6)
    try:
        return tuple(end for _, _, end in tokenizer.tokenize(text, HMM=False))
    finally:
        for name in names:
            tokenizer.del_word(name)


@lru_cache(maxsize=1)
def _tokenizer():
    import jieba

    jieba.setLogLevel(60)  # no “Building prefix dict…” on the user's terminal
    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = str(_cache_dir())
    tokenizer.initialize()
    return tokenizer


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "briefing" / "words"
