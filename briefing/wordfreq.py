"""jieba's segmentation without loading jieba's dictionary: the same dynamic programme
(`Tokenizer.cut(text, HMM=False)`), over only the title's substrings, looked up by binary search
in `data/words.txt`, jieba's dictionary.txt as sorted `word frequency` lines (ships with the
package, verified by its digest).

Loading jieba's dictionary cost about half a second and 65 MiB on a machine without its cache;
a title's few hundred substrings cost a few milliseconds. tests/test_wordfreq.py holds jieba
as the reference: both cut many titles the same, and the shipped list is what jieba's own
dictionary gives.

    python -m briefing.wordfreq    # writes data/words.txt again from the installed jieba
"""
from __future__ import annotations

import hashlib
import re
from math import log
from pathlib import Path

from . import memo
from .cache import remember_digest, remembered_digest, short_digest

WORDS = Path(__file__).resolve().parent / "data" / "words.txt"
WORDS_SHA256 = "576d7a33813ed4413242589f1f9bb6591752ed2f691246fb410795a15a926b65"
NAME_FREQUENCY = 10 ** 6  # of the edition's own names: a name is one word, however jieba would cut it

# jieba's own patterns: the runs it segments, the breaks it keeps, the letters it groups.
_SEGMENTED = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]+)")
_SPACE = re.compile("(\r\n|\\s)")
_LATIN = re.compile("[a-zA-Z0-9]")


def word_ends(text: str, names: tuple[str, ...]) -> tuple[int, ...]:
    """Offsets in `text` where a word ends, as a fresh jieba tokenizer with `names` added (each at
    NAME_FREQUENCY) finds them with `tokenize(text, HMM=False)`."""
    dictionary = _dictionary()
    own = dict.fromkeys(names, NAME_FREQUENCY)
    ends, start = [], 0
    for part in _SEGMENTED.split(text):
        if not part:
            continue
        if _SEGMENTED.match(part):
            words = _cut(part, dictionary, own)
        else:  # outside jieba's runs: each space (or CR LF) and each other character alone
            words = [piece for chunk in _SPACE.split(part) if chunk
                     for piece in ([chunk] if _SPACE.match(chunk) else list(chunk))]
        for word in words:
            start += len(word)
            ends.append(start)
    return tuple(ends)


def _cut(run: str, dictionary: _Dictionary, own: dict[str, int]) -> list[str]:
    """jieba's __cut_DAG_NO_HMM: the most probable path through the run's dictionary words,
    single letters and digits joined."""
    count = len(run)
    frequencies: dict[str, int] = {}
    graph = {}
    for start in range(count):
        known = dictionary.prefixes(run, start)
        ends = []
        for end in range(start, count):
            fragment = run[start:end + 1]
            if fragment in own:
                found: int | None = own[fragment]
            elif end - start < len(known):
                found = known[end - start]
            else:  # not even the prefix of a word: of a name, or the words from here end
                found = 0 if any(name.startswith(fragment) for name in own) else None
            if found is None:
                break
            if found:
                ends.append(end)
                frequencies[fragment] = found
        graph[start] = ends or [start]
    log_total = log(dictionary.total + NAME_FREQUENCY * len(own))
    route: dict[int, tuple[float, int]] = {count: (0, 0)}
    for start in range(count - 1, -1, -1):
        route[start] = max((log(frequencies.get(run[start:end + 1]) or 1) - log_total + route[end + 1][0], end)
                           for end in graph[start])
    words, letters, at = [], "", 0
    while at < count:
        word = run[at:route[at][1] + 1]
        at += len(word)
        if len(word) == 1 and _LATIN.match(word):
            letters += word
            continue
        if letters:
            words.append(letters)
            letters = ""
        words.append(word)
    if letters:
        words.append(letters)
    return words


class _Dictionary:
    """The sorted word list, searched in place (its bytes, never split into lines)."""

    def __init__(self, data: bytes):
        self.data, self.start = data, data.index(b"\n") + 1  # (partition would copy the 4 MB after the header)
        self.total = int(data[:self.start].split()[-1])  # the sum of all frequencies, as jieba counts it
        self.groups: dict[str, tuple[int, int]] = {}  # the lines of the words that begin with a character

    def prefixes(self, text: str, start: int) -> list[int]:
        """The frequency of text[start:start + 1], text[start:start + 2] … (0 for only the prefix
        of a word), up to the first that is neither a word nor a word's prefix (nor is any longer
        one then). Each is looked for among the words that begin as the one before (the lines of
        a first character found once): a table's cells asked 1,110 substrings, bisecting the whole
        list for each."""
        found: list[int] = []
        first = text[start]
        if first not in self.groups:
            low = self._first_not_below(first.encode("utf-8"), self.start, len(self.data))
            self.groups[first] = low, self._first_not_below(first.encode("utf-8") + b"\xff", low, len(self.data))
        low, high = self.groups[first]
        data = self.data
        for end in range(start + 1, len(text) + 1):
            key = text[start:end].encode("utf-8")
            low = self._first_not_below(key, low, high)
            if low == high:
                break
            space = data.index(b" ", low)
            word = data[low:space]
            if word == key:
                found.append(int(data[space + 1:data.index(b"\n", space)]))
            elif word.startswith(key):
                found.append(0)
            else:
                break
            high = self._first_not_below(key + b"\xff", low, high)  # (no UTF-8 byte is 0xFF: past key's words)
        return found

    def _first_not_below(self, key: bytes, low: int, high: int) -> int:
        """The offset of the first line in [low, high) whose word is not below `key` (`high` if none)."""
        data = self.data
        while low < high:
            line = max(low, data.rfind(b"\n", low, (low + high) // 2) + 1)
            space = data.index(b" ", line)
            if data[line:space] < key:
                low = data.index(b"\n", space) + 1
            else:
                high = line
        return low


@memo.kept("word list")
def _dictionary() -> _Dictionary:
    data = WORDS.read_bytes()
    # The digest is remembered for the file as it is, as a font's (hashing its 4 MB took 2.4 ms a
    # build): what is not remembered, or remembered otherwise, is hashed from the bytes read. (Like
    # a font's, a rewrite that keeps the file's size, time and inode goes unseen.)
    expected = WORDS_SHA256[:32]
    if remembered_digest(WORDS) != expected and remember_digest(WORDS, short_digest(data)) != expected:
        raise RuntimeError(f"{WORDS} is damaged (its SHA-256 is not the one shipped); reinstall briefing")
    return _Dictionary(data)


def compiled(source: bytes, version: str) -> bytes:
    """jieba's dictionary.txt as the sorted list: the words jieba counts (frequency above 0; a
    word of frequency 0 is only a prefix, and its longer words carry it), the last line of a
    word winning as in jieba's gen_pfdict, and the total of every line's frequency."""
    frequencies: dict[str, int] = {}
    total = 0
    for line in source.decode("utf-8").splitlines():
        word, frequency = line.strip().split(" ")[:2]
        frequencies[word] = int(frequency)
        total += int(frequency)
    lines = "".join(f"{word} {frequency}\n" for word, frequency in sorted(frequencies.items()) if frequency)
    return f"jieba-{version} {total}\n{lines}".encode("utf-8")


if __name__ == "__main__":
    import jieba

    data = compiled((Path(jieba.__file__).parent / "dict.txt").read_bytes(), jieba.__version__)
    WORDS.parent.mkdir(exist_ok=True)
    WORDS.write_bytes(data)
    print(f"{WORDS}: {len(data)} bytes, SHA-256 {hashlib.sha256(data).hexdigest()}")
