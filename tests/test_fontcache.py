"""Parsed faces kept between runs (issue 16): the same PDF with or without the cache, and a
corrupt or stale cache file costs a parse, never a wrong font."""
import marshal
from pathlib import Path

import pytest
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

from briefing import api, fontcache
from briefing.fonts import FontSet, _load
from faces import assert_parsed_alike

ROOT = Path(__file__).resolve().parent.parent
FANG = ROOT / "fonts" / "FandolFang-Regular.ttf"


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(fontcache, "SHIPPED", tmp_path / "shipped")  # none: what the user's cache does (tests/test_shipped.py)
    _load.cache_clear()  # the process keeps parsed faces too: start from the disk
    yield tmp_path / "cache" / "briefing" / "faces"
    _load.cache_clear()


def test_a_restored_face_is_the_parsed_face(cache, monkeypatch):
    parsed = fontcache.load_truetype("a", FANG, 0)  # parses and stores
    assert len(list(cache.glob("*.marshal"))) == 2  # what metrics use, and what only subsetting does
    restored = fontcache.load_truetype("a", FANG, 0)
    fresh = TTFont("a", str(FANG))
    assert "_ttf_data" not in vars(restored.face)  # the file is read when a glyph is needed
    assert "glyphPos" not in vars(restored.face)  # (and subsetting's part when it subsets)
    assert restored.face.glyphPos == fresh.face.glyphPos and "_ttf_data" not in vars(restored.face)
    # What only ReportLab's own subsetting and shaping use is not kept: parsed from the file if asked.
    stored = [marshal.loads(path.read_bytes()) for path in cache.glob("*.marshal")]
    assert not any(key in state for state in stored for key in ("glyphToChar", "hmetrics"))
    assert "hmetrics" not in vars(restored.face)
    parses: list[int] = []
    monkeypatch.setattr(fontcache, "TTFontFace", lambda *args, **kw: parses.append(1) or TTFontFace(*args, **kw))
    assert restored.face.hmetrics == fresh.face.hmetrics and restored.face.glyphToChar == fresh.face.glyphToChar
    assert parses == [1] and restored.face._ttf_data == FANG.read_bytes()  # (both from one parse)
    fresh.face.briefing_digest, fresh.face.briefing_index = restored.face.briefing_digest, 0
    fresh.face.briefing_checked = restored.face.briefing_checked
    assert set(vars(restored)) == set(vars(fresh)) and set(vars(restored.face)) == set(vars(fresh.face))
    assert_parsed_alike(restored.face, fresh.face)
    assert restored.face._pdfScale(2048) == fresh.face._pdfScale(2048)
    assert restored.stringWidth("福州2023年", 16) == parsed.stringWidth("福州2023年", 16)
    assert restored.shapable == fresh.shapable


@pytest.mark.parametrize("damage", [None, b"", b"not marshal at all", b"\xe9\x01"])
def test_ink_extents_are_kept_and_then_need_no_font_file(cache, damage, monkeypatch):
    """A mark measured by its ink reads the glyph headers once; later builds take the extents
    from the cache without reading the font file (5.6 MB); a damaged entry is measured again."""
    from briefing import fonts
    mark = "江州市滨河区教育局文件"
    opened = []
    monkeypatch.setattr(fonts, "pieces", lambda face: opened.append(face.filename) or fontcache.pieces(face))
    measured = FontSet().face("xiaobiaosong").ink_extent(mark)  # parsed, measured, both kept
    assert measured == FontSet().face("xiaobiaosong")._measured_ink(mark)
    assert measured[0] < 0 < measured[1]  # (ink below and above the baseline)
    kept = list((cache.parent / "extents").iterdir())
    assert len(kept) == 1
    if damage is not None:
        kept[0].write_bytes(damage)
    _load.cache_clear()
    restored = FontSet().face("xiaobiaosong")
    opened.clear()
    assert restored.ink_extent(mark) == measured
    assert bool(opened) is (damage is not None)  # read only to measure again
    assert "_ttf_data" not in vars(restored.font.face)  # (its glyph headers, not the whole file)


def test_the_same_pdf_with_and_without_the_cache(cache, tmp_path):
    first = api.build(ROOT / "content", tmp_path / "cold.pdf").path.read_bytes()
    assert any(cache.iterdir())
    _load.cache_clear()
    assert api.build(ROOT / "content", tmp_path / "warm.pdf").path.read_bytes() == first


@pytest.mark.parametrize("damage", [b"", b"\x00" * 10, b"not marshal at all", b"\xe9\x01"])
def test_a_corrupt_cache_file_is_parsed_again(cache, damage):
    fontcache.load_truetype("a", FANG, 0)
    stored = next(path for path in cache.glob("*.marshal") if "subsetting" not in path.name)
    stored.write_bytes(damage)
    font = fontcache.load_truetype("a", FANG, 0)
    assert font.stringWidth("公文", 16) == TTFont("b", str(FANG)).stringWidth("公文", 16)
    assert stored.read_bytes() != damage  # written anew


@pytest.mark.parametrize("damage", [b"", b"not marshal at all", None])
def test_a_damaged_or_lost_subsetting_file_costs_a_parse(cache, damage):
    fontcache.load_truetype("a", FANG, 0)
    stored = next(cache.glob("*-subsetting.marshal"))
    stored.unlink() if damage is None else stored.write_bytes(damage)
    font = fontcache.load_truetype("a", FANG, 0)
    fresh = TTFont("b", str(FANG))
    assert font.face.makeSubset([0x516C, 0x6587]) == fresh.face.makeSubset([0x516C, 0x6587])


def test_a_changed_font_file_is_not_taken_from_the_cache(cache, tmp_path):
    copy = tmp_path / "font.ttf"
    copy.write_bytes((ROOT / "fonts" / "LiberationSerif-Regular.ttf").read_bytes())
    serif = fontcache.load_truetype("a", copy, 0)
    copy.write_bytes((ROOT / "fonts" / "LiberationSans-Regular.ttf").read_bytes())  # same path, other font
    sans = fontcache.load_truetype("a", copy, 0)
    assert serif.stringWidth("Wim", 10) != sans.stringWidth("Wim", 10)
    assert sans.stringWidth("Wim", 10) == TTFont("c", str(copy)).stringWidth("Wim", 10)


def test_a_font_rewritten_with_its_size_and_time_is_caught(cache, tmp_path):
    """The file's digest is remembered by its path, size, time and inode: a file rewritten in
    place keeping all four is caught when its bytes are read, and parsed again next time."""
    import os
    copy = tmp_path / "font.ttf"
    serif = (ROOT / "fonts" / "LiberationSerif-Regular.ttf").read_bytes()
    copy.write_bytes(serif)
    fontcache.load_truetype("a", copy, 0)
    stat = copy.stat()
    with copy.open("r+b") as handle:  # same size, same inode; one byte of the name table
        handle.seek(len(serif) - 100)
        handle.write(bytes([serif[-100] ^ 1]))
    os.utime(copy, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    restored = fontcache.load_truetype("a", copy, 0)
    with pytest.raises(api.ContentError, match="font.ttf"):
        with fontcache.pieces(restored.face):  # (what subsetting and ink measuring read through)
            pass
    with pytest.raises(api.ContentError, match="font.ttf"):
        restored.face.makeSubset([ord("A")])
    again = fontcache.load_truetype("a", copy, 0)
    assert again.face._ttf_data == copy.read_bytes()


def test_subset_programs_are_kept_and_pruned(cache, tmp_path, monkeypatch):
    from briefing.render import cidfont
    subsets = cache.parent / "subsets"
    cidfont._font_program.cache_clear()  # (kept in this process by earlier builds)
    first = api.build(ROOT / "content", tmp_path / "cold.pdf").path.read_bytes()
    kept = sorted(subsets.iterdir())
    assert kept
    cidfont._font_program.cache_clear()
    for path in kept:
        path.write_bytes(b"\x00 not a program")  # damaged: made again, same PDF
    assert api.build(ROOT / "content", tmp_path / "again.pdf").path.read_bytes() == first
    assert all(path.read_bytes() != b"\x00 not a program" for path in kept)
    monkeypatch.setattr(cidfont, "SUBSETS_KEPT", 100_000)
    cidfont._font_program.cache_clear()
    for path in kept:
        path.unlink()
    assert api.build(ROOT / "content", tmp_path / "small.pdf").path.read_bytes() == first
    assert sum(path.stat().st_size for path in subsets.iterdir()) <= 100_000


def test_a_cache_keeps_its_newest_entries_within_its_limit(tmp_path):
    """Entries of one kind beyond the limit go, oldest first; other files beside them stay
    (the segmenter's own dictionary cache lives with the title segmentations)."""
    import os

    from briefing.cache import keep
    folder = tmp_path / "words"
    folder.mkdir()
    (folder / "jieba.cache").write_bytes(b"x" * 100_000)
    for number in range(10):
        keep(folder / f"{number}.json", b"y" * 5000, 3 * 8192)
        os.utime(folder / f"{number}.json", ns=(number * 10**9, number * 10**9))  # written in this order
    names = sorted(path.name for path in folder.iterdir())
    assert "jieba.cache" in names and "9.json" in names
    assert sum(os.stat(folder / name).st_blocks * 512 for name in names if name.endswith(".json")) <= 3 * 8192
    assert "0.json" not in names


def test_ofd_subsets_are_kept_and_a_damaged_one_made_again(cache, tmp_path, monkeypatch):
    """fontTools' subsetter runs once for a text's characters: the next OFD (or DOCX) of the
    same text takes the subsets from the cache, and gives the same bytes."""
    from briefing.render import subset
    first = api.build(ROOT / "content", tmp_path / "cold.ofd").path.read_bytes()
    kept = [path for path in (cache.parent / "subsets").iterdir()]
    made = []
    original = subset._subset_file
    monkeypatch.setattr(subset, "_subset_file", lambda *args: (made.append(args), original(*args))[1])
    assert api.build(ROOT / "content", tmp_path / "warm.ofd").path.read_bytes() == first
    assert made == []
    for path in kept:
        path.write_bytes(b"\x00 damaged")
    assert api.build(ROOT / "content", tmp_path / "again.ofd").path.read_bytes() == first
    assert made  # made again, not taken damaged


def test_a_new_machine_hashes_no_bundled_font_but_any_other(cache, tmp_path, monkeypatch):
    """The bundled fonts' digests come from fonts/manifest.yaml (the package vouches for its own
    files: 34 MB not read on a new machine's first build); a copy of one elsewhere, or a bundled
    file whose size is not the recorded one, is hashed as any font the user names."""
    from briefing import cache as disk_cache, fonts
    hashed: list[str] = []
    original = disk_cache.hashed
    for module in (disk_cache, fontcache):  # (the digest of a file first read, of a file checked before subsetting)
        monkeypatch.setattr(module, "hashed", lambda handle: hashed.append(handle.name) or original(handle))
    api.build(ROOT / "content", tmp_path / "out.pdf")
    assert hashed == []
    copy = tmp_path / "fang.ttf"
    copy.write_bytes(FANG.read_bytes())
    assert fonts.bundled_digest(FANG) is not None and fonts.bundled_digest(copy) is None
    with fontcache.pieces(fontcache.load_truetype("a", copy, 0).face):
        pass
    assert hashed == [str(copy)]
    monkeypatch.setattr(fonts, "_bundled", lambda: tuple((role, choice, (digest, size + 1))
                                                         for role, choice, (digest, size) in fonts._manifest.__wrapped__(
                                                             fonts.FONTS_DIR / "manifest.yaml", 0)))
    assert fonts.bundled_digest(FANG) is None


def test_ofd_and_docx_subsets_keep_the_glyphs_and_the_font_box_as_the_font_has_them():
    """The subset's glyphs are the font's (a hinted face's without its hints), and its bounding
    box the whole font's: no glyph is decompiled to measure it again (recalcBBoxes)."""
    import io

    from fontTools.ttLib import TTFont as ToolsFont

    from briefing.render import subset
    serif = ROOT / "fonts" / "LiberationSerif-Regular.ttf"
    for path, text, hinted in ((FANG, "科技局，2023", False), (serif, "Wim 2023", True)):
        (data,) = subset._subset_file(path, 0, tuple(sorted(map(ord, set(text)))))
        made, source = ToolsFont(io.BytesIO(data)), ToolsFont(str(path))
        assert ("fpgm" in source) == hinted and "fpgm" not in made and "prep" not in made
        box = ("xMin", "yMin", "xMax", "yMax")
        assert [getattr(made["head"], key) for key in box] == [getattr(source["head"], key) for key in box]
        for char in dict.fromkeys(text):
            new = made["glyf"].glyphs[made.getBestCmap()[ord(char)]]
            old = source["glyf"].glyphs[source.getBestCmap()[ord(char)]]
            if not hinted:  # (padded to an even length)
                assert new.data[:len(old.data)] == old.data and not new.data[len(old.data):].strip(b"\0"), char
