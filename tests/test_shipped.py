"""A new machine starts warm (issue 28): the bundled faces ship parsed (fonts/parsed/, written by
fonts/rebuild.py) and the title word list ships with the package; outputs are the same bytes with
an empty cache, with the shipped data, and with a warm cache."""
import hashlib
import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from reportlab.pdfbase.ttfonts import TTFont

from briefing import fontcache
from faces import assert_parsed_alike
from samples import paragraph, write_content

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = yaml.safe_load((ROOT / "fonts" / "manifest.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("role", sorted(MANIFEST))
def test_each_bundled_face_ships_parsed_as_it_parses(role):
    """For the installed ReportLab: a stale or missing shipped face would cost every new machine a parse."""
    path, index = ROOT / "fonts" / MANIFEST[role]["file"], MANIFEST[role]["face"]
    digest = MANIFEST[role]["sha256"][:32]
    shipped = marshal.loads((fontcache.SHIPPED / fontcache._store_name(digest, index)).read_bytes())
    restored = fontcache._restored("x", path, index, digest, shipped).face
    fresh = TTFont("x", str(path), subfontIndex=index).face
    assert_parsed_alike(restored, fresh)


@pytest.mark.parametrize("role", sorted(MANIFEST))
def test_the_manifest_records_each_bundled_file_as_it_is(role):
    """What fonts.bundled_digest vouches for without reading the file."""
    path = ROOT / "fonts" / MANIFEST[role]["file"]
    assert MANIFEST[role]["bytes"] == path.stat().st_size
    assert MANIFEST[role]["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()


# A fresh process for each build, as on a new machine (ReportLab keeps registered faces in the
# process), with the shipped faces in the folder given.
CHILD = """import sys
from pathlib import Path
from briefing import api, fontcache
fontcache.SHIPPED = Path(sys.argv[1])
for target in sys.argv[3:]:
    api.build(Path(sys.argv[2]), Path(target))
"""


def test_same_bytes_empty_shipped_and_warm(tmp_path):
    folder = write_content(tmp_path / "c", issuer="临川县应急管理局", mark="临川县应急管理局文件",
                           number="临应急〔2024〕21号",
                           title="临川县应急管理局关于开展2024年度汛期地质灾害隐患排查整治专项行动情况的报告",
                           body=[paragraph(3), {"lead": "排查范围。", "text": paragraph(2)}])
    suffixes = (".pdf", ".ofd", ".docx")
    for case, shipped, cache in (("empty", tmp_path / "none", "empty"), ("shipped", fontcache.SHIPPED, "shipped"),
                                 ("warm", fontcache.SHIPPED, "shipped")):
        env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(tmp_path / f"cache-{cache}")}
        subprocess.run([sys.executable, "-c", CHILD, str(shipped), str(folder),
                        *(str(tmp_path / f"{case}{suffix}") for suffix in suffixes)], env=env, check=True)
        if case == "shipped":  # taken from fonts/parsed/, not parsed again
            faces = tmp_path / "cache-shipped" / "briefing" / "faces"
            assert not faces.exists() or not any(faces.iterdir())
    assert any((tmp_path / "cache-empty" / "briefing" / "faces").iterdir())
    for suffix in suffixes:
        assert len({(tmp_path / f"{case}{suffix}").read_bytes() for case in ("empty", "shipped", "warm")}) == 1, suffix


def test_a_build_on_an_empty_cache_reads_no_font_file_whole(tmp_path, monkeypatch):
    """The faces come from fonts/parsed/; subsetting and a mark's ink read only the pieces they
    need (the bundled faces are 34 MB: held whole, they were a third of a build's peak memory)."""
    from briefing import api
    from briefing.fonts import FontSet, _load
    from briefing.render import cidfont
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    _load.cache_clear()
    cidfont._font_program.cache_clear()
    try:
        api.build(ROOT / "content", tmp_path / "cold.pdf")
        assert any((tmp_path / "cache" / "briefing" / "subsets").iterdir())  # (subset now, not taken from a cache)
        fonts = FontSet()
        for role in MANIFEST:
            assert "_ttf_data" not in vars(fonts.face(role).font.face), role
    finally:
        _load.cache_clear()
