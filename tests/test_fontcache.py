"""Parsed faces kept between runs (issue 16): the same PDF with or without the cache, and a
corrupt or stale cache file costs a parse, never a wrong font."""
from pathlib import Path

import pytest
from reportlab.pdfbase.ttfonts import TTFont

from briefing import api, fontcache
from briefing.fonts import _load

ROOT = Path(__file__).resolve().parent.parent
FANG = ROOT / "fonts" / "FandolFang-Regular.ttf"


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    _load.cache_clear()  # the process keeps parsed faces too: start from the disk
    yield tmp_path / "cache" / "briefing" / "faces"
    _load.cache_clear()


def test_a_restored_face_is_the_parsed_face(cache):
    parsed = fontcache.load_truetype("a", FANG, 0)  # parses and stores
    assert len(list(cache.iterdir())) == 1
    restored = fontcache.load_truetype("a", FANG, 0)
    fresh = TTFont("a", str(FANG))
    assert set(vars(restored)) == set(vars(fresh)) and set(vars(restored.face)) == set(vars(fresh.face))
    for key, value in vars(fresh.face).items():
        if key not in ("_pdfScale", "_pos"):  # (a function; the parser's read position)
            assert getattr(restored.face, key) == value, key
    assert restored.face._pdfScale(2048) == fresh.face._pdfScale(2048)
    assert restored.stringWidth("福州2023年", 16) == parsed.stringWidth("福州2023年", 16)
    assert restored.shapable == fresh.shapable


def test_the_same_pdf_with_and_without_the_cache(cache, tmp_path):
    first = api.build(ROOT / "content", tmp_path / "cold.pdf").path.read_bytes()
    assert any(cache.iterdir())
    _load.cache_clear()
    assert api.build(ROOT / "content", tmp_path / "warm.pdf").path.read_bytes() == first


@pytest.mark.parametrize("damage", [b"", b"\x00" * 10, b"not marshal at all", b"\xe9\x01"])
def test_a_corrupt_cache_file_is_parsed_again(cache, damage):
    fontcache.load_truetype("a", FANG, 0)
    stored = next(cache.iterdir())
    stored.write_bytes(damage)
    font = fontcache.load_truetype("a", FANG, 0)
    assert font.stringWidth("公文", 16) == TTFont("b", str(FANG)).stringWidth("公文", 16)
    assert stored.read_bytes() != damage  # written anew


def test_a_changed_font_file_is_not_taken_from_the_cache(cache, tmp_path):
    copy = tmp_path / "font.ttf"
    copy.write_bytes((ROOT / "fonts" / "LiberationSerif-Regular.ttf").read_bytes())
    serif = fontcache.load_truetype("a", copy, 0)
    copy.write_bytes((ROOT / "fonts" / "LiberationSans-Regular.ttf").read_bytes())  # same path, other font
    sans = fontcache.load_truetype("a", copy, 0)
    assert serif.stringWidth("Wim", 10) != sans.stringWidth("Wim", 10)
    assert sans.stringWidth("Wim", 10) == TTFont("c", str(copy)).stringWidth("Wim", 10)
