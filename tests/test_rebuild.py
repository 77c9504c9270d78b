"""A rebuild in the same process (watch mode) reuses what did not change (parsed faces, set
paragraphs, measured words; issue 16) and must give the very bytes a cold build gives."""
import subprocess
import sys
from pathlib import Path

import pytest

from briefing import api

ROOT = Path(__file__).resolve().parent.parent
EDITS = [("一是高站位推进科创走廊建设。", "一是高站位、高标准推进科创走廊建设。"),  # a paragraph's lines change
         ("遴选报送创新举措41项。", "遴选报送创新举措41项，"),  # a mark changes
         ("2022年工作总结", "二〇二二年工作总结"),  # a heading: the numbering and all that follows move
         ("高标准推进科创走廊建设。", "高标准推进科创走廊建设，会同各有关部门逐项梳理任务清单、明确完成时限，"
                                   "按月调度进展情况，按季通报考核结果。")]  # two lines more: every later line moves down


def cold_build(content: Path, target: Path) -> bytes:
    """A build in a fresh process, as the first build of a session is."""
    subprocess.run([sys.executable, "-m", "briefing", "-q", "build", str(content), "-o", str(target)],
                   check=True, cwd=ROOT)
    return target.read_bytes()


def test_each_rebuild_after_an_edit_equals_a_cold_build(content, tmp_path):
    first = api.build(content, tmp_path / "watch.pdf").path.read_bytes()
    part = content / "summary-2022.yaml"
    previous = first
    for number, (old, new) in enumerate(EDITS):
        text = part.read_text(encoding="utf-8")
        assert old in text
        part.write_text(text.replace(old, new, 1), encoding="utf-8")
        rebuilt = api.build(content, tmp_path / "watch.pdf").path.read_bytes()  # warm: this process's caches
        assert rebuilt != previous
        assert rebuilt == cold_build(content, tmp_path / f"cold-{number}.pdf")
        previous = rebuilt


def test_a_rebuild_after_editing_a_table_or_a_registered_figure_equals_a_cold_build(content, tmp_path):
    """Tables, cards, charts and the panel are kept between builds for the same block: a cell
    edited, or a figure whose value the table and the cards show, must make them anew."""
    api.build(content, tmp_path / "watch.pdf")
    edits = [(content / "plan-2023.yaml", "加强重点实验室、新型研发机构建设和管理", "加强重点实验室、新型研发机构建设和绩效管理"),
             (content / "figures.yaml", "id: carrier-area-2023\n    label: 新增载体面积\n    value: 100",
              "id: carrier-area-2023\n    label: 新增载体面积\n    value: 120")]
    previous = None
    for number, (path, old, new) in enumerate(edits):
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1
        path.write_text(text.replace(old, new), encoding="utf-8")
        rebuilt = api.build(content, tmp_path / "watch.pdf").path.read_bytes()
        assert rebuilt != previous
        assert rebuilt == cold_build(content, tmp_path / f"cold-{number}.pdf")
        previous = rebuilt


def test_a_rebuild_after_a_font_change_uses_the_new_font(content, tmp_path):
    """Set paragraphs are reused only for the same font files: swapping the body font's file
    (same path) must change the widths the typesetter uses."""
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    body = fonts / "body.ttf"
    body.write_bytes((ROOT / "fonts" / "FandolFang-Regular.ttf").read_bytes())
    edition = content / "edition.yaml"
    edition.write_text(edition.read_text(encoding="utf-8") + f"\nfonts:\n  fangsong: {body}\n", encoding="utf-8")
    first = api.build(content, tmp_path / "a.pdf").path.read_bytes()
    body.write_bytes((ROOT / "fonts" / "FandolKai-Regular.ttf").read_bytes())  # another face, same file name
    second = api.build(content, tmp_path / "b.pdf").path.read_bytes()
    assert second != first
    assert second == cold_build(content, tmp_path / "c.pdf")


def test_unchanged_pages_are_not_drawn_again(content, tmp_path, monkeypatch):
    """A rebuild draws only the pages whose items changed; the rest are the operators of the
    previous build (and the bytes still equal a cold build's: the test above)."""
    from briefing.render import pdf

    pdf._PAGES.clear()  # (the other tests' builds in this process)
    drawn: list[int] = []
    original = pdf.draw_items
    monkeypatch.setattr(pdf, "draw_items", lambda canv, items, faces: (drawn.append(1), original(canv, items, faces)))
    pages = api.build(content, tmp_path / "a.pdf").pages
    assert len(drawn) == pages
    drawn.clear()
    api.build(content, tmp_path / "a.pdf")  # nothing changed
    assert drawn == []
    part = content / "plan-2023.yaml"  # the last part: the pages before it stay as they were
    text = part.read_text(encoding="utf-8")
    assert "党建进一步引领" in text  # (the last heading's paragraph, on the last pages)
    part.write_text(text.replace("党建进一步引领", "党建更进一步引领", 1), encoding="utf-8")
    api.build(content, tmp_path / "a.pdf")
    assert 0 < len(drawn) < pages / 2


def test_the_cycle_collector_is_paused_during_a_build_and_back_after(content, tmp_path, monkeypatch):
    import gc

    from briefing import pageplan
    seen = []
    original = pageplan.lay_out
    monkeypatch.setattr("briefing.render.lay_out", lambda *a, **k: (seen.append(gc.isenabled()), original(*a, **k))[1])
    assert gc.isenabled()
    api.build(content, tmp_path / "out.pdf")
    assert seen == [False] and gc.isenabled()
    (content / "edition.yaml").write_text("title: [\n", encoding="utf-8")  # a build that fails
    with pytest.raises(api.ContentError):
        api.build(content, tmp_path / "out.pdf")
    assert gc.isenabled()
