"""公文域 in the DOCX (issue 27 §5, GB/T 33476.2): a bookmark named after each element around
exactly that element's text, so an OA system can read or fill it at 套红; read back from the
file's XML and, when LibreOffice is installed, from LibreOffice's own reading of it."""
from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from briefing import api
from briefing.metrics import FontMetrics
from briefing.pageplan import lay_out
from briefing.render.docx import _in_imprint

from test_docx import own_content

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ROOT = Path(__file__).resolve().parent.parent
ONCE = ("份号", "密级和保密期限", "紧急程度", "发文机关标志", "发文字号", "签发人", "标题", "主送机关", "附件说明",
        "出席人员", "发文机关署名", "成文日期", "附注", "抄送机关", "印发机关", "印发日期")


def bookmarked_texts(path: Path) -> dict[str, str]:
    """Each bookmark's name and the text between its start and its end, in document order
    (text boxes included)."""
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    names: dict[str, str] = {}
    open_ids: dict[str, str] = {}
    texts: dict[str, list[str]] = {}
    for element in root.iter():
        if element.tag == f"{W}bookmarkStart":
            names[element.get(f"{W}id")] = element.get(f"{W}name")
            open_ids[element.get(f"{W}id")] = element.get(f"{W}name")
            texts[element.get(f"{W}name")] = []
        elif element.tag == f"{W}bookmarkEnd":
            open_ids.pop(element.get(f"{W}id"), None)
        elif element.tag == f"{W}t" and element.text:
            for name in open_ids.values():
                texts[name].append(element.text)
    return {name: "".join(parts) for name, parts in texts.items()}


def _bare(text: str) -> str:
    return re.sub(r"\s", "", text)


def _every_field(folder: Path) -> Path:
    return own_content(folder)


@pytest.fixture(scope="module", params=["content", "minutes", "order", "letter", "own"])
def built(request, tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("fields")
    content = (own_content(folder / "content") if request.param == "own"
               else ROOT / "content" if request.param == "content" else ROOT / "examples" / request.param)
    return content, api.build(content, folder / "edition.docx").path


def test_each_element_is_bookmarked_around_its_own_text(built):
    content, path = built
    checked = api.check(content)
    pages = lay_out(checked.document, FontMetrics(checked.fonts)).pages  # (as render_docx lays it out)
    marks = bookmarked_texts(path)
    expected: dict[str, str] = {}
    for page in pages:
        for line in page.texts():
            role = "抄送机关" if line.role == "主送机关" and _in_imprint(line) else line.role
            if role in ONCE:
                expected[role] = expected.get(role, "") + line.text
    assert expected and set(expected) <= set(marks), sorted(set(expected) - set(marks))
    for element, text in expected.items():
        assert _bare(marks[element]) == _bare(text), element
    body = [block for block in checked.document.body if hasattr(block, "runs")]
    if body:
        main = _bare(marks["正文"])
        assert main.startswith(_bare("".join(run.text for run in body[0].runs)))
        assert main.endswith(_bare("".join(run.text for run in body[-1].runs)))
    for number, attachment in enumerate(checked.document.attachments, 1):
        assert _bare(marks[f"附件{number}"]).startswith(_bare(attachment.label + attachment.title))


def test_the_names_are_word_bookmark_names(built):
    """Word takes a bookmark name of at most 40 characters, starting with a letter, without spaces."""
    _, path = built
    names = list(bookmarked_texts(path))
    assert len(names) == len(set(names))
    assert all(len(name) <= 40 and name[0].isalpha() and not re.search(r"\s", name) for name in names)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_reads_the_fields(built, tmp_path):
    _, path = built
    subprocess.run(["soffice", "--headless", "--convert-to", "fodt", "--outdir", str(tmp_path), str(path)],
                   capture_output=True, timeout=180, check=True)
    read = (tmp_path / "edition.fodt").read_text(encoding="utf-8")
    assert set(re.findall(r'text:bookmark-start text:name="([^"]+)"', read)) == set(bookmarked_texts(path))
