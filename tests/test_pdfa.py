"""The PDF/A-2b edition (issue 27 §3), checked against the requirements of ISO 19005-2 it relies
on, read back with pikepdf (veraPDF is not available here: see README)."""
import re

import pikepdf
import pytest
from PIL import Image, ImageDraw

from briefing import api
from briefing.conformance import measure

from conftest import CONTENT
from samples import write_content

# A water resources bureau's sealed reply (函-like notice) with a picture in its body.
REPLY = dict(
    issuer="临江市水利局", mark="临江市水利局文件", number="临水〔2025〕31号",
    title="临江市水利局关于汛前水利工程安全检查情况的报告",
    recipients=["市人民政府"],
    body=["按照市政府部署，我局于4月组织对全市中小型水库、堤防和泵站开展了汛前安全检查，现将情况报告如下。",
          {"image": "dam.png", "caption": "图1　龙潭水库大坝检查现场示意"},
          "检查共发现隐患42处，已整改36处，其余6处已落实责任单位和整改时限，确保主汛期前全部完成。"],
    date="2025年5月8日", cc=["市应急管理局"], printer="临江市水利局办公室", print_date="2025年5月9日",
    seal="seal.png")


@pytest.fixture(scope="module")
def reply(tmp_path_factory):
    folder = write_content(tmp_path_factory.mktemp("pdfa") / "content", **REPLY)
    seal = Image.new("RGBA", (300, 300), (0, 0, 0, 0))
    ImageDraw.Draw(seal).ellipse((5, 5, 295, 295), outline=(200, 0, 0, 255), width=10)
    seal.save(folder / "seal.png")
    dam = Image.new("RGB", (640, 360), (200, 220, 235))
    ImageDraw.Draw(dam).polygon([(0, 360), (320, 120), (640, 360)], fill=(90, 110, 90))
    dam.save(folder / "dam.png")
    return folder


def archival(folder, target):
    api.build(folder, target, archival=True)
    return target


def pdfa_problems(path) -> list[str]:
    """What the edition breaks of the PDF/A-2b requirements we rely on (empty: none)."""
    problems = []
    with pikepdf.open(path) as pdf:
        if pdf.is_encrypted:
            problems.append("encrypted (§6.1.3)")
        if "/ID" not in pdf.trailer:
            problems.append("no /ID (§6.1.3)")
        metadata = pdf.Root.get("/Metadata")
        if metadata is None or "/Filter" in metadata:
            problems.append("no unfiltered XMP metadata stream (§6.6.2.1)")
        xmp = pdf.open_metadata()
        if (xmp.get("pdfaid:part"), xmp.get("pdfaid:conformance")) != ("2", "B"):
            problems.append("no PDF/A-2b identification (§6.6.4)")
        info = pdf.docinfo
        pairs = {"/Title": xmp.get("dc:title"), "/Author": (xmp.get("dc:creator") or [None])[0],
                 "/Subject": xmp.get("dc:description"), "/Keywords": xmp.get("pdf:Keywords"),
                 "/Producer": xmp.get("pdf:Producer"), "/Creator": xmp.get("xmp:CreatorTool")}
        for key, value in pairs.items():
            if key in info and str(info[key]) != value:
                problems.append(f"{key} differs from the XMP (§6.6.2.3)")
        for key, name in (("/CreationDate", "xmp:CreateDate"), ("/ModDate", "xmp:ModifyDate")):
            if key in info and _date(str(info[key])) != _xmp_date(xmp.get(name, "")):
                problems.append(f"{key} differs from {name} (§6.6.2.3)")
        intents = [i for i in pdf.Root.get("/OutputIntents", []) if i.get("/S") == "/GTS_PDFA1"]
        if len(intents) != 1:
            problems.append("not one GTS_PDFA1 output intent (§6.2.3)")
            return problems
        profile = intents[0].DestOutputProfile
        header = profile.read_bytes()[:20]
        components = {b"RGB ": 3, b"CMYK": 4, b"GRAY": 1}.get(header[16:20])
        if profile.get("/N") != components or header[12:16] not in (b"mntr", b"prtr"):
            problems.append("the output profile is not an output device profile with its /N (§6.2.3)")
        rgb_intent = components == 3
        for number, page in enumerate(pdf.pages, 1):
            operators = pikepdf.unparse_content_stream(pikepdf.parse_content_stream(page))
            if rgb_intent and re.search(rb"\s[kK]\n", b"\n" + operators + b"\n"):
                problems.append(f"page {number}: DeviceCMYK colours under an RGB intent (§6.2.4.3)")
            for form in _forms(page):
                for image in form.get("/Resources", {}).get("/XObject", {}).values():
                    space = image.get("/ColorSpace")
                    if space == ("/DeviceCMYK" if rgb_intent else "/DeviceRGB"):
                        problems.append(f"page {number}: image in {space} (§6.2.4.3)")
                for state in form.get("/Resources", {}).get("/ExtGState", {}).values():
                    if state.get("/BM", "/Normal") not in ("/Normal", "/Compatible"):
                        problems.append(f"page {number}: blend mode {state.BM}")
            for font in page.Resources.get("/Font", {}).values():
                for descendant in font.get("/DescendantFonts", [font]):
                    descriptor = descendant.get("/FontDescriptor", {})
                    if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                        problems.append(f"page {number}: font {descendant.get('/BaseFont')} not embedded (§6.2.11.4)")
        for name in ("/JavaScript", "/EmbeddedFiles"):
            if name in pdf.Root.get("/Names", {}):
                problems.append(f"{name} (§6.6.1, §6.8)")
    return problems


def _forms(page):
    """The page and the appearance streams of its annotations (a signature's seal)."""
    yield page.obj
    for annotation in page.get("/Annots", []):
        if "/AP" in annotation:
            yield annotation.AP.N
            for child in annotation.AP.N.get("/Resources", {}).get("/XObject", {}).values():
                yield child


def _date(pdf_date: str) -> str:
    """D:YYYYMMDDHHmmSS+HH'mm' or …Z as YYYY-MM-DDTHH:mm:SS±HH:mm."""
    m = re.fullmatch(r"D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(Z|[+-]\d\d'\d\d'?)?", pdf_date)
    zone = "+00:00" if m.group(7) in (None, "Z") else m.group(7)[:3] + ":" + m.group(7)[4:6]
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}T{m.group(4)}:{m.group(5)}:{m.group(6)}{zone}"


def _xmp_date(value: str) -> str:
    return value.replace("Z", "+00:00")


def test_archival_edition_meets_the_requirements_we_check(reply, tmp_path):
    path = archival(reply, tmp_path / "reply.pdf")
    assert pdfa_problems(path) == []
    with pikepdf.open(path) as pdf:
        xmp = pdf.open_metadata()
        assert xmp["dc:title"] == REPLY["title"] and xmp["dc:creator"] == [REPLY["issuer"]]
        assert str(pdf.docinfo.CreationDate).startswith("D:20250508")  # the content's date, not the clock
        # The red of the 版头 as RGB, the seal and the body picture RGB images.
        operators = pikepdf.unparse_content_stream(pikepdf.parse_content_stream(pdf.pages[0]))
        assert b"1 0.2 0.2 rg" in operators
        spaces = {str(image.ColorSpace) for page in pdf.pages for image in page.Resources.get("/XObject", {}).values()
                  if image.get("/Subtype") == "/Image"}
        assert spaces == {"/DeviceRGB"}


def test_the_default_edition_and_a_signed_one_meet_them_too(reply, tmp_path):
    assert pdfa_problems(archival(CONTENT, tmp_path / "default.pdf")) == []
    from briefing.sign import load_signing
    from certificates import PASSWORD, office_certificate
    p12, _ = office_certificate(tmp_path, REPLY["issuer"])
    signed = tmp_path / "signed.pdf"
    api.build(reply, signed, archival=True, signing=load_signing(p12, PASSWORD.encode()))
    assert pdfa_problems(signed) == []
    with pikepdf.open(signed) as pdf:
        assert pdf.open_metadata()["pdfaid:part"] == "2"  # kept through the signature's update


def test_the_unarchived_edition_fails_them(reply, tmp_path):
    """The check is not blind: the ordinary edition has no identification, intent or RGB red."""
    path = tmp_path / "plain.pdf"
    api.build(reply, path)
    problems = pdfa_problems(path)
    assert any("identification" in p for p in problems) and any("output intent" in p for p in problems)


def test_archival_edition_is_deterministic_and_passes_check(reply, tmp_path):
    first, second = archival(reply, tmp_path / "a.pdf"), archival(reply, tmp_path / "b.pdf")
    assert first.read_bytes() == second.read_bytes()
    checks = measure(first)
    assert not any(c.failed for c in checks), [c for c in checks if c.failed]
