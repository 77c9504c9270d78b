"""The built default edition, read back from the PDF itself."""
import re
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from briefing import api
from briefing.conformance import measure
from briefing.errors import ContentError

SEED = Path(__file__).parent / "data" / "seed.txt"
FULL = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", '"': ""}


def pdf_text(path) -> str:
    with pdfplumber.open(str(path)) as pdf:
        text = "".join(page.extract_text() or "" for page in pdf.pages)
    text = re.sub(r"—\s*\d+\s*—", "", text)  # page numbers
    text = re.sub(r"征求意见稿（第\d+稿）", "", text)  # the draft mark atop every page
    return re.sub(r"\s+", "", text).replace("“", "").replace("”", "")


def normalise_seed(line: str) -> str:
    line = re.sub(r"(?<!\d),|,(?!\d)", "，", line)
    for ascii_mark, full in FULL.items():
        line = line.replace(ascii_mark, full)
    return re.sub(r"\s+", "", line).replace("“", "").replace("”", "")


def test_every_seed_sentence_in_order(built):
    text = pdf_text(built)
    position = 0
    sentences = [s for line in SEED.read_text(encoding="utf-8").splitlines()
                 for s in re.split(r"(?<=[。；])", normalise_seed(line)) if s]
    assert len(sentences) > 100
    for sentence in sentences:
        found = text.find(sentence, position)
        assert found >= 0, f"missing or out of order: {sentence}"
        position = found + len(sentence)


def test_fonts_embedded_and_subset(built):
    reader = PdfReader(str(built))
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            names.add(str(font["/BaseFont"]))
            assert "/FontFile2" in font["/FontDescriptor"].get_object()
    assert all(re.match(r"^/?[A-Z]{6}\+", n) for n in names)
    assert not any("Helvetica" in n for n in names)
    assert {n.split("+")[1] for n in names} >= {"FandolFang-Regular", "FandolHei-Regular", "FandolKai-Regular",
                                                 "FandolSong-Bold", "FandolSong-Regular", "LiberationSerif"}


def test_metadata_and_outline(built):
    reader = PdfReader(str(built))
    meta = reader.metadata
    assert meta.title.startswith("福州市科学技术局关于印发")
    assert meta.author == "福州市科学技术局"
    assert meta.subject == "福州市2022年科技工作总结及2023年工作思路"
    assert "zh-CN" in str(reader.trailer["/Root"].get("/Lang"))
    outline = [item for item in reader.outline]
    titles = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(outline)
    assert "一、2022年工作总结" in titles and "（七）聚焦自身建设，干部队伍作风持续改进" in titles
    assert "（六）以高质量党建引领科技创新" in titles
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"


def test_page_numbers(built):
    with pdfplumber.open(str(built)) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            foot = page.crop((0, page.height - 99, page.width, page.height)).extract_text() or ""
            assert f"— {number} —" in foot


def test_default_edition_passes_the_conformance_check(built):
    failed = [c for c in measure(built) if not c.ok]
    assert failed == []


def test_content_text_is_never_markup(content, tmp_path):
    body = content / "edition.yaml"
    text = body.read_text(encoding="utf-8")
    body.write_text(text.replace("  - >-\n    现将", "  - '<img src=\"/etc/passwd\"/> <b>R&D</b> &amp; a<b'\n  - >-\n    现将"),
                    encoding="utf-8")
    target = tmp_path / "out.pdf"
    api.build(content, target)
    assert '<imgsrc="/etc/passwd"/><b>R&D</b>&amp;a<b' in pdf_text(target)


def test_a_character_no_font_has_fails_with_its_place(content):
    part = content / "plan-2023.yaml"
    text = part.read_text(encoding="utf-8")
    part.write_text(text.replace("持续推进重大科学技术平台建设。", "持续推进重大科学技术平台建设\U0001F600。"),
                    encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        api.check(content)
    (problem,) = caught.value.problems[:1]
    assert "U+1F600" in problem.message and "uming.ttc" in problem.message
    assert problem.where.file.name == "plan-2023.yaml"
    assert problem.where.line == next(i for i, l in enumerate(text.splitlines(), 1) if "持续推进重大科学技术平台建设。" in l)
