"""The title word breaker against its reference, jieba itself (issue 28): the shipped word list
is what jieba's dictionary gives, and the cut over it is jieba's `tokenize(HMM=False)` on
generated titles with the edition's names added."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

import jieba
import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefing import wordfreq

WORDS = ["关于", "印发", "进一步", "加强", "推进", "全县", "乡村", "振兴", "农村", "人居环境", "整治", "提升", "行动",
         "方案", "实施", "意见", "通知", "报告", "请示", "函", "纪要", "年度", "工作", "要点", "安全生产", "专项",
         "检查", "情况", "水利", "防汛", "抗旱", "应急", "管理", "局", "人民政府", "办公室", "市场监督", "食品",
         "药品", "医疗保障", "基金", "监管", "数字化", "转型", "高质量发展", "长江", "经济带", "生态", "保护",
         "修复", "第三次", "全国", "土壤", "普查", "河长制", "湖长制", "研究", "生产", "安全", "和", "的", "与"]
MARKS = ["，", "、", "（", "）", "《", "》", "“", "”", "：", "—", " ", "\r\n", "\t"]
LATIN = ["2025", "5G", "AI", "ETC", "GDP", "3.5", "10%", "C#", "a-b", "x"]


@pytest.fixture(scope="module")
def reference() -> jieba.Tokenizer:
    jieba.setLogLevel(60)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


def jieba_ends(tokenizer: jieba.Tokenizer, text: str, names: tuple[str, ...]) -> tuple[int, ...]:
    """What a fresh tokenizer with `names` added finds (the shared one is put back after)."""
    saved_total = tokenizer.total
    saved = {prefix: tokenizer.FREQ.get(prefix) for name in names for prefix in
             (name[:n] for n in range(1, len(name) + 1))}
    for name in names:
        tokenizer.add_word(name, freq=wordfreq.NAME_FREQUENCY)
    try:
        return tuple(end for _, _, end in tokenizer.tokenize(text, HMM=False))
    finally:
        tokenizer.total = saved_total
        for prefix, value in saved.items():
            if value is None:
                del tokenizer.FREQ[prefix]
            else:
                tokenizer.FREQ[prefix] = value


@st.composite
def titles(draw) -> tuple[str, tuple[str, ...]]:
    pieces = st.one_of(st.sampled_from(WORDS), st.sampled_from(MARKS), st.sampled_from(LATIN),
                       st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5))
    text = "".join(draw(st.lists(pieces, min_size=1, max_size=30)))
    spans = draw(st.lists(st.tuples(st.integers(0, len(text)), st.integers(2, 9)), max_size=3))
    names = tuple(sorted({text[start:start + size] for start, size in spans if len(text[start:start + size]) > 1}))
    return text, names


@given(titles())
def test_cut_as_jieba_cuts(reference, title):
    text, names = title
    assert wordfreq.word_ends(text, names) == jieba_ends(reference, text, names)


@pytest.mark.parametrize("text, names", [
    ("关于印发《全县农村人居环境整治提升五年行动方案（2021—2025年）》的通知", ()),
    ("青田县市场监督管理局关于2024年度食品安全抽检情况的报告", ("青田县市场监督管理局",)),
    ("关于请求拨付长江经济带生态保护修复专项资金的请示", ("长江经济带",)),
    ("", ()),
])
def test_offices_titles(reference, text, names):
    assert wordfreq.word_ends(text, names) == jieba_ends(reference, text, names)


def test_shipped_list_is_jiebas_dictionary():
    """The shipped file is rebuilt from the installed jieba's dict.txt byte for byte, and its
    digest is the one the module checks."""
    source = (Path(jieba.__file__).parent / "dict.txt").read_bytes()
    rebuilt = wordfreq.compiled(source, jieba.__version__)
    assert rebuilt == wordfreq.WORDS.read_bytes()
    assert hashlib.sha256(rebuilt).hexdigest() == wordfreq.WORDS_SHA256


def test_damaged_list_is_refused(tmp_path, monkeypatch):
    damaged = tmp_path / "words.txt"
    damaged.write_bytes(wordfreq.WORDS.read_bytes().replace(b"\n\xe5\x85\xb3\xe4\xba\x8e ", b"\n\xe5\x85\xb3\xe4\xba\x8e 9", 1))
    monkeypatch.setattr(wordfreq, "WORDS", damaged)
    wordfreq._dictionary.cache_clear()
    try:
        with pytest.raises(RuntimeError, match="damaged"):
            wordfreq.word_ends("关于印发方案的通知", ())
    finally:
        wordfreq._dictionary.cache_clear()


def test_the_list_is_hashed_once_while_it_stays_as_it_is(tmp_path, monkeypatch):
    """Its digest is remembered for the file as it is (path, size, time, inode): a later run reads
    the list without hashing its 4 MB again; the same bytes written anew are hashed again, and so
    is the list whose remembered digest is wrong (a damaged cache entry), which is then mended."""
    from briefing import cache
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    copy, shipped = tmp_path / "words.txt", wordfreq.WORDS.read_bytes()
    copy.write_bytes(shipped)
    monkeypatch.setattr(wordfreq, "WORDS", copy)
    hashed: list[int] = []
    monkeypatch.setattr(wordfreq, "short_digest", lambda data: hashed.append(len(data)) or cache.short_digest(data))

    def rewrite() -> None:
        written = copy.stat().st_mtime_ns
        copy.unlink()
        copy.write_bytes(shipped)  # (perhaps the same inode: its time told apart, whatever the clock's grain)
        os.utime(copy, ns=(written + 10**9, written + 10**9))

    def damage_the_entry() -> None:
        cache.remember_digest(copy, "0" * 32)

    runs = []
    try:
        for before in (None, None, rewrite, damage_the_entry, None):
            if before:
                before()
            wordfreq._dictionary.cache_clear()
            runs.append(wordfreq.word_ends("关于印发方案的通知", ()))
    finally:
        wordfreq._dictionary.cache_clear()
    assert hashed == [len(shipped)] * 3 and all(run == runs[0] for run in runs)
