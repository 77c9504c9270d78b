"""The stages and what they hand on (issue 23): the glyph preflight lists what the layout sets,
the import graph runs one way, a file's content (not its path) decides what is drawn."""
from __future__ import annotations

import ast
import dataclasses
import io
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import yaml
from PIL import Image, ImageDraw

from briefing import api, memo
from briefing.fonts import FACE_PREFIX, latin_role
from briefing.metrics import FontMetrics
from briefing.pageplan import lay_out
from briefing.pageplan.items import Picture, characters_by_font

from samples import paragraph, write_content

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "briefing"


def _seal(path: Path, size: tuple[int, int] = (400, 400)) -> None:
    seal = Image.new("RGBA", size, (0, 0, 0, 0))
    ImageDraw.Draw(seal).ellipse((8, 8, size[0] - 8, size[1] - 8), outline=(220, 0, 0, 255), width=14)
    seal.save(path)


def _unstamped_order(folder: Path, name: str = "陈建国") -> Path:
    shutil.copytree(ROOT / "examples" / "order", folder)
    edition = yaml.safe_load((folder / "edition.yaml").read_text(encoding="utf-8"))
    del edition["signature"]["stamp"]
    edition["signature"]["name"] = name
    (folder / "edition.yaml").write_text(yaml.safe_dump(edition, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder


def _every_field(folder: Path) -> Path:
    """A joint, sealed, secret, urgent report with 签发人, 份号 and 附注: the fields a plain
    notice leaves out."""
    write_content(folder, issuer=["江州市水利局", "江州市应急管理局"], mark=["江州市水利局", "江州市应急管理局"],
                  seal=["seal0.png", "seal1.png"], copy_number="000128", secrecy="秘密★1年", urgency="特急",
                  signers=["郑永和", "欧阳靖"], note="（联系人：韩喆，电话：0571-86203317）",
                  title="江州市水利局 江州市应急管理局关于汛期水库安全度汛情况的报告", recipients=["市人民政府"],
                  body=[paragraph(4), "特此报告。"])
    for index in range(2):
        _seal(folder / f"seal{index}.png")
    return folder


@pytest.mark.parametrize("make", ["content", "letter", "minutes", "order", "order_unstamped", "every_field"])
def test_the_glyph_preflight_lists_every_character_the_layout_sets(make, tmp_path):
    """Whatever a page shows was checked for glyphs first: each character a face sets is in a
    printed run of a role that face serves (its own, or the Latin face of it). A string the
    layout sets that the composed runs leave out (the order's signer once) fails here."""
    folder = {"content": lambda: ROOT / "content", "letter": lambda: ROOT / "examples" / "letter",
              "minutes": lambda: ROOT / "examples" / "minutes", "order": lambda: ROOT / "examples" / "order",
              "order_unstamped": lambda: _unstamped_order(tmp_path / "order"),
              "every_field": lambda: _every_field(tmp_path / "report")}[make]()
    checked = api.check(folder)
    printed: dict[str, set[str]] = {}
    for run in checked.document.runs():
        printed.setdefault(run.font, set()).update(run.text)
        printed.setdefault(latin_role(run.font), set()).update(run.text)
        printed.setdefault("fallback", set()).update(run.text)
    book = lay_out(checked.document, FontMetrics(checked.fonts))
    for face, characters in characters_by_font(book.pages).items():
        role = face.removeprefix(FACE_PREFIX)
        unchecked = {c for c in characters - printed.get(role, set()) if not c.isspace()}
        assert not unchecked, (face, sorted(unchecked))


class _Sealed:
    """Stands in for the model: any field read from it fails the test that reads it."""

    def __getattr__(self, name: str):
        raise AssertionError(f"the layout or a writer read edition.{name}: it must read the composed document")


@pytest.mark.parametrize("make", ["content", "letter", "minutes", "order", "order_unstamped", "every_field"])
def test_the_layout_and_the_writers_read_the_composed_document_never_the_model(make, tmp_path):
    """compose hands over everything the page prints: with the model taken out of the composed
    document, the layout and every writer still give the same files."""
    from briefing.render import render_docx, render_ofd, render_pdf
    folder = {"content": lambda: ROOT / "content", "letter": lambda: ROOT / "examples" / "letter",
              "minutes": lambda: ROOT / "examples" / "minutes", "order": lambda: ROOT / "examples" / "order",
              "order_unstamped": lambda: _unstamped_order(tmp_path / "order"),
              "every_field": lambda: _every_field(tmp_path / "report")}[make]()
    checked = api.check(folder)
    sealed = dataclasses.replace(checked.document, edition=_Sealed())
    for render in (render_pdf, render_ofd, render_docx):
        with_model, without = io.BytesIO(), io.BytesIO()
        render(checked.document, checked.fonts, with_model)
        render(sealed, checked.fonts, without)
        assert with_model.getvalue() == without.getvalue(), render.__name__


def test_a_character_no_font_has_in_the_signers_name_is_a_located_error(tmp_path):
    folder = _unstamped_order(tmp_path / "order", name="陈建𪛖")
    result = subprocess.run([sys.executable, "-m", "briefing", "check", str(folder)], capture_output=True, text=True)
    assert result.returncode == 2, result.stderr
    assert "edition.yaml:" in result.stderr and "signature.name" in result.stderr and "U+2A6D6" in result.stderr
    assert "内部错误" not in result.stderr


# Each stage may import the stages before it, never one after it; the writers (PDF, OFD) see
# only the book: no composed document, model, validation or loading.
STAGES = ["load", "validate", "compose", "pageplan", "render", "write"]
WRITERS_SEE_ONLY_THE_BOOK = ["render/pdf.py", "render/ofd.py", "render/cidfont.py", "render/subset.py", "render/pack.py",
                             "render/ourpdf.py", "render/ooxml.py"]
BEFORE_THE_BOOK = {"compose", "model", "validate", "load", "revision", "text", "figures", "api", "cli"}


def _imports(source: Path) -> set[str]:
    """The package modules `source` imports, as paths inside the package without .py."""
    package = source.relative_to(PACKAGE).parent.parts
    found = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[:len(package) - node.level + 1]
            target = [*base, *(node.module.split(".") if node.module else [])]
            names = [alias.name for alias in node.names]
            for name in names:  # `from .. import geometry` imports a module; `from ..x import y` imports x
                candidate = [*target, name]
                found.add("/".join(candidate if (PACKAGE.joinpath(*candidate).with_suffix(".py").exists()
                                                 or PACKAGE.joinpath(*candidate).is_dir()) else target))
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("briefing"):
            found.add("/".join(node.module.split(".")[1:]))
    return found


def _stage(module: str) -> str | None:
    head = module.split("/")[0]
    return head if head in STAGES else None


def test_no_stage_imports_a_later_one():
    for source in PACKAGE.rglob("*.py"):
        mine = _stage(str(source.relative_to(PACKAGE).with_suffix("")))
        if mine is None:
            continue
        for module in _imports(source):
            theirs = _stage(module)
            if theirs is not None:
                assert STAGES.index(theirs) <= STAGES.index(mine), f"{source.relative_to(ROOT)} imports {module}"


def test_the_writers_see_only_the_book():
    for name in WRITERS_SEE_ONLY_THE_BOOK:
        heads = {module.split("/")[0] for module in _imports(PACKAGE / name)}
        assert not heads & BEFORE_THE_BOOK, f"{name} imports {sorted(heads & BEFORE_THE_BOOK)}"


def test_the_import_rules_catch_a_writer_that_imports_compose(tmp_path, monkeypatch):
    """The contract's own witness: a writer importing the composed document is found."""
    fake = tmp_path / "briefing"
    shutil.copytree(PACKAGE, fake)
    writer = fake / "render" / "pdf.py"
    writer.write_text("from ..compose import Document\n" + writer.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", fake)
    with pytest.raises(AssertionError, match="compose"):
        test_the_writers_see_only_the_book()


def test_a_replaced_stamp_is_drawn_at_its_own_size(tmp_path):
    """Watch mode keeps the process: a stamp replaced under the same name is measured anew."""
    folder = shutil.copytree(ROOT / "examples" / "order", tmp_path / "order")

    def stamp_box() -> tuple[float, float]:
        checked = api.check(folder)
        pictures = [item for page in lay_out(checked.document, FontMetrics(checked.fonts)).pages
                    for item in page.items if isinstance(item, Picture)]
        return pictures[0].width, pictures[0].height

    width, height = stamp_box()
    with Image.open(folder / "signature.png") as old:
        ratio = old.width / old.height
    assert width / height == pytest.approx(ratio, rel=1e-6)
    _seal(folder / "signature.png", (900, 300))  # three times as wide as high
    width, height = stamp_box()
    assert width / height == pytest.approx(3.0, rel=1e-6)


def test_a_picture_is_named_by_its_content_not_its_path(tmp_path):
    """The same content in two folders gives the same PDF (ReportLab names an image by its path)."""
    built = []
    for name in ("甲", "乙"):
        folder = _every_field(tmp_path / name / "report")
        target = tmp_path / f"{name}.pdf"
        api.build(folder, target)
        built.append(target.read_bytes())
    assert built[0] == built[1]


def test_every_in_process_cache_is_one_of_memos():
    """One owner: a module memoising on its own (lru_cache, functools.cache at module level)
    escapes Build.forget and the one policy."""
    own = re.compile(r"^\s*@(functools\.)?(lru_cache|cache)\b|^\w+\s*(:[^=]*)?=\s*(functools\.)?lru_cache\(", re.M)
    for source in PACKAGE.rglob("*.py"):
        if source.name != "memo.py":
            assert not own.search(source.read_text(encoding="utf-8")), source.relative_to(ROOT)


def test_forget_empties_every_cache_and_the_next_build_is_the_same(tmp_path):
    first = api.build(ROOT / "content", tmp_path / "warm.pdf").path.read_bytes()
    assert sum(memo.sizes().values()) > 100
    api.Build.forget()
    assert not any(memo.sizes().values()), {name: n for name, n in memo.sizes().items() if n}
    assert api.build(ROOT / "content", tmp_path / "cold.pdf").path.read_bytes() == first


def test_builds_from_threads_run_one_at_a_time_and_give_what_they_would_alone(tmp_path, monkeypatch):
    folders = [ROOT / "examples" / name for name in ("letter", "minutes", "order")]
    alone = [api.build(folder, tmp_path / f"{folder.name}-alone.pdf").path.read_bytes() for folder in folders]
    spans: list[tuple[float, float]] = []
    render = api.render_pdf

    def slow_render(*args, **kwargs):
        started = time.perf_counter()
        time.sleep(0.05)  # long enough for another thread to enter if nothing stops it
        pages = render(*args, **kwargs)
        spans.append((started, time.perf_counter()))
        return pages

    monkeypatch.setattr(api, "render_pdf", slow_render)
    results: dict[str, bytes] = {}

    def run(folder: Path, turn: int) -> None:
        built = api.Build(folder).build(tmp_path / f"{folder.name}-{turn}.pdf")
        results[f"{folder.name}-{turn}"] = built.path.read_bytes()

    threads = [threading.Thread(target=run, args=(folder, turn)) for turn in range(2) for folder in folders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for folder, expected in zip(folders, alone):
        assert results[f"{folder.name}-0"] == results[f"{folder.name}-1"] == expected
    spans.sort()
    assert len(spans) == 6 and all(end <= start for (_, end), (start, _) in zip(spans, spans[1:])), spans
