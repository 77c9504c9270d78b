"""The built default edition, read back from the PDF itself."""
import io
import re
import sys
from pathlib import Path

import pdfplumber
import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from briefing import api
from briefing.conformance import measure
from briefing.errors import ContentError

ROOT = Path(__file__).parent.parent
SEED = ROOT / "tests" / "data" / "seed.txt"
FULL = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", '"': ""}


def pdf_text(path) -> str:
    """The text of the body, title and 版记 (16, 22 and 14 pt): not the figures' labels, nor the
    draft mark, which may sit between two lines of a paragraph."""
    with pdfplumber.open(str(path)) as pdf:
        text = "".join(page.filter(_printed_text).extract_text() or "" for page in pdf.pages)
    text = re.sub(r"—\s*\d+\s*—", "", text)  # page numbers
    return re.sub(r"\s+", "", text).replace("“", "").replace("”", "")


def _printed_text(obj) -> bool:
    return obj.get("object_type") != "char" or round(obj["size"]) in (14, 16, 22)


def normalise_seed(line: str) -> str:
    line = re.sub(r"(?<!\d),|,(?!\d)", "，", line)
    for ascii_mark, full in FULL.items():
        line = line.replace(ascii_mark, full)
    return re.sub(r"\s+", "", line).replace("“", "").replace("”", "")


def test_every_seed_sentence_in_order(built):
    assert_seed_in_order(pdf_text(built))


def assert_seed_in_order(text: str) -> None:
    """Every sentence of the seed (its marks as the content writes them) in `text`, in order."""
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
            assert font["/Subtype"] == "/Type0" and font["/Encoding"] == "/Identity-H"  # one font a face
            assert "/ToUnicode" in font  # copy and search
            descendant = font["/DescendantFonts"][0].get_object()
            assert "/FontFile2" in descendant["/FontDescriptor"].get_object()
    assert all(re.match(r"^/?[A-Z]{6}\+", n) for n in names)
    assert len({n.split("+")[1] for n in names}) == len(names)  # each face embedded once, not in 256-glyph parts
    assert not any("Helvetica" in n for n in names)
    assert {n.split("+")[1] for n in names} >= {"FandolFang-Regular", "FandolHei-Regular", "FandolKai-Regular",
                                                 "FandolSong-Bold", "FandolSong-Regular", "LiberationSerif"}


def test_embedded_programs_keep_outlines_and_copyright_and_drop_the_rest(built):
    """Each embedded program holds what a reader draws a CIDFontType2 with and the font's
    copyright; every glyph's outline is the font file's own, and so is its date (a build does
    not stamp today's into it)."""
    originals = {}
    for path in (ROOT / "fonts").glob("*.ttf"):
        font = TTFont(str(path))
        originals[font["name"].getDebugName(6)] = font
    reader = PdfReader(str(built))
    seen = set()
    for page in reader.pages:
        for reference in page["/Resources"]["/Font"].values():
            font = reference.get_object()
            base = str(font["/BaseFont"]).split("+")[1]
            if base in seen:
                continue
            seen.add(base)
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            program = TTFont(io.BytesIO(descriptor["/FontFile2"].get_object().get_data()))
            original = originals[base]
            assert set(program.keys()) - {"GlyphOrder"} <= {"glyf", "loca", "head", "hhea", "hmtx", "maxp", "name",
                                                             "post"}
            assert {record.platformID for record in program["name"].names} == {3}
            assert program["name"].getDebugName(0) == original["name"].getDebugName(0)  # the copyright
            assert program["head"].modified == original["head"].modified
            assert program["maxp"].maxSizeOfInstructions == 0
            codes = _to_unicode(font["/ToUnicode"].get_object().get_data().decode("latin-1"))
            glyphs, original_glyphs = program["glyf"], original["glyf"]
            order, cmap = program.getGlyphOrder(), original.getBestCmap()
            for code, char in codes.items():
                mine, theirs = glyphs[order[code]], original_glyphs[cmap[ord(char)]]
                assert not getattr(mine, "program", None) or not mine.program.getBytecode()
                assert mine.getCoordinates(glyphs)[0] == theirs.getCoordinates(original_glyphs)[0], (base, char)
    assert len(seen) >= 6


def _to_unicode(cmap: str) -> dict[int, str]:
    mappings = cmap.split("endcodespacerange")[1]
    return {int(code, 16): chr(int(char, 16)) for code, char in re.findall(r"<([0-9A-F]{4})> <([0-9A-F]{4})>", mappings)}


def test_metadata_and_outline(built):
    reader = PdfReader(str(built))
    meta = reader.metadata
    assert meta.title.startswith("福州市科学技术局关于印发")
    assert meta.author == "福州市科学技术局"
    assert meta.subject == "福州市2022年科技工作总结及2023年工作思路"
    assert "zh-CN" in str(reader.trailer["/Root"].get("/Lang"))
    titles = outline_titles(reader)
    assert "一、2022年工作总结" in titles and "（七）聚焦自身建设，干部队伍作风持续改进" in titles
    assert "（六）以高质量党建引领科技创新" in titles
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"


def outline_titles(reader: PdfReader) -> list[str]:
    """Every bookmark's title, nested ones included, in order."""
    titles = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(reader.outline)
    return titles


def test_page_numbers(built):
    with pdfplumber.open(str(built)) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            foot = page.crop((0, page.height - 99, page.width, page.height)).extract_text() or ""
            assert f"— {number} —" in foot


def test_default_edition_passes_the_conformance_check(built):
    failed = [c for c in measure(built) if c.failed]
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


def test_a_longer_briefing_fills_its_pages_and_passes(tmp_path):
    """The attachment three times over (~36 pages): every rule holds, short pages only where a
    rule forces them, and pagination really sets some paragraphs tight to fill pages."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from build import scaled_content

    content = scaled_content(tmp_path / "content", 3)
    pdf = api.build(content, tmp_path / "long.pdf").path
    checks = {c.name: c for c in measure(pdf)}
    assert all(c.ok for c in checks.values()), [c for c in checks.values() if c.failed]
    full, total = map(int, re.match(r"(\d+)/(\d+)", checks["满页行数"].measured).groups())
    # 15 of 33 when measured (22 of 28 with the greedy breaker, whose tight variants saved more
    # lines); the rest are short by a rule the check names, asserted above. The 4 pages 3 lines
    # short are next to a chart, cards or a table, which no page set closer may hold.
    assert full >= 0.45 * total
    tight = int(re.search(r"(\d+) 行挤压标点多排一字", checks["满行字数"].measured).group(1))
    assert tight > 0


def test_sealed_signature_and_note(content, tmp_path):
    """By the sealed rule (§7.3.5.1): date 4 em from the right, 署名 centred over it, the seal
    under both, its top within one line below the body or 附件说明; the 附注 below the date."""
    from PIL import Image, ImageDraw

    seal = content / "seal.png"
    image = Image.new("RGBA", (400, 400), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((10, 10, 390, 390), outline=(230, 0, 0, 255), width=24)
    image.save(seal)
    edition = content / "edition.yaml"
    text = re.sub(r"(?m)^date: .*$", "date: 2023年2月6日", edition.read_text(encoding="utf-8"))
    edition.write_text(text + "seal: seal.png\nnote: 此件公开发布\n", encoding="utf-8")
    pdf = api.build(content, tmp_path / "sealed.pdf").path
    with pdfplumber.open(str(pdf)) as document:
        page = next(p for p in document.pages if "2023年2月6日" in re.sub(r"\s", "", p.extract_text() or ""))
        (picture,) = page.images
        words = {w["text"]: w for w in page.extract_words(x_tolerance=5)}  # across the Han–Latin glue
        date = next(w for t, w in words.items() if "2023年2月6日" in t)
        signer = next(w for t, w in words.items() if t == "福州市科学技术局")
        note = next(w for t, w in words.items() if "此件公开发布" in t)
        above = [w for w in page.extract_words() if w["bottom"] < picture["top"]]  # body and 附件说明
    right = (28 + 156) * 72 / 25.4
    cell = 156 * 72 / 25.4 / 28
    assert abs((right - date["x1"]) - 4 * cell) < 1  # 4 em from the right
    assert abs((signer["x0"] + signer["x1"]) / 2 - (date["x0"] + date["x1"]) / 2) < 1  # 署名 centred on the date
    assert picture["top"] < date["top"] < picture["bottom"]  # the seal covers the date
    assert picture["x0"] < date["x0"] + 0.5 * (date["x1"] - date["x0"]) < picture["x1"]
    last_text_bottom = max(w["bottom"] for w in above)
    assert 0 <= picture["top"] - last_text_bottom <= 28.95  # its top within one line below the text
    assert note["top"] > date["bottom"] and note["x0"] - 28 * 72 / 25.4 == pytest.approx(2 * cell, abs=1)


def test_shapes_set_colour_width_and_dash_as_they_change():
    """Rules and boxes share one graphics state: what one sets must not leak into the next
    (a dashed rule before a stroked box leaves the box's border solid)."""
    from briefing import geometry
    from briefing.pageplan.items import Box, Rule
    from briefing.render.pdf import _shapes
    ops = _shapes([Rule(10, 20, 110, 20, 0.5, geometry.RED, (2.0, 1.0)),
                   Rule(10, 30, 110, 30, 0.5, geometry.RED, (2.0, 1.0)),
                   Box(10, 40, 100, 50, fill=geometry.BLACK, stroke=geometry.BLACK, line_width=1.0)]).split("\n")
    assert ops[0] == "q" and ops[-1] == "Q"
    assert ops.count("[2 1] 0 d") == 1 and ops.count(".5 w") == 1  # set once for both rules
    box = ops.index("10 40 100 50 re B")
    assert "[] 0 d" in ops[2:box] and "1 w" in ops[2:box] and ops[box - 1].endswith(" k")


@pytest.mark.parametrize("extra", [None, "annotation", "box", "size"])
def test_only_a_page_of_text_and_lines_is_written_by_briefing_itself(extra):
    """A page with nothing but its contents and the shared resources is written by pdf._TextPage;
    one with anything more a page may have is left to ReportLab's page, which writes it all."""
    from reportlab.pdfbase import pdfdoc
    from reportlab.pdfgen.canvas import Canvas

    from briefing import geometry
    from briefing.render import pdf as writer
    size = (geometry.PAGE_HEIGHT, geometry.PAGE_WIDTH) if extra == "size" else (geometry.PAGE_WIDTH, geometry.PAGE_HEIGHT)
    canvas = Canvas(io.BytesIO(), pagesize=size)
    canvas.showPage()
    page = canvas._doc.Pages.pages[-1]
    if extra == "annotation":
        page.Annots = [pdfdoc.PDFDictionary({"Type": pdfdoc.PDFName("Annot")})]
    elif extra == "box":
        page.CropBox = pdfdoc.PDFArray([0, 0, 100, 100])
    shared = canvas._doc.Reference(pdfdoc.PDFDictionary({}), "resources")
    writer._trim(canvas._doc, page, writer._Contents(b""), shared)
    assert isinstance(canvas._doc.Pages.pages[-1], writer._TextPage) == (extra is None)
