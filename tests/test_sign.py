"""Signed editions and copies (issue 27 §1–2): PAdES signatures in the seal's place, checked by
poppler's pdfsig and pyHanko's validator; copies told apart by their /ID and information;
`briefing verify` on good, changed and foreign files."""
import csv
import io
import os
import re
import shutil
import subprocess
import sys
import zipfile

import pdfplumber
import pikepdf
import pytest
from PIL import Image, ImageDraw

from briefing.errors import ContentError
from briefing.sign import FIELD, PASSWORD_VARIABLE, signature_digest

from certificates import PASSWORD, office_certificate
from samples import write_content
from conftest import ROOT

pytestmark = pytest.mark.skipif(shutil.which("pdfsig") is None, reason="poppler's pdfsig is not installed")

# A county agriculture bureau's sealed notice to its townships, with copies for each.
NOTICE = dict(
    issuer="青山县农业农村局", mark="青山县农业农村局文件", number="青农〔2025〕9号",
    title="青山县农业农村局关于做好2025年春季农业生产工作的通知",
    recipients=["各乡镇人民政府", {"name": "县财政局", "copies": 2}],
    body=["为抓好今年春季农业生产，确保粮食播种面积稳定、重要农产品供给充足，现将有关事项通知如下。",
          "各乡镇要在3月底前完成春播物资储备情况摸底，对种子、化肥、农药的库存逐一登记，发现缺口及时上报。"],
    date="2025年2月24日", cc=["县委办公室"], printer="青山县农业农村局办公室", print_date="2025年2月25日",
    seal="seal.png")


def run(*args, password=PASSWORD, cwd=None):
    env = {key: value for key, value in os.environ.items() if key != PASSWORD_VARIABLE}
    if password is not None:
        env[PASSWORD_VARIABLE] = password
    return subprocess.run([sys.executable, "-m", "briefing", *map(str, args)], capture_output=True, text=True,
                          env=env, stdin=subprocess.DEVNULL, cwd=cwd)


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    """A sealed notice, the office's certificate, a signed build and a signed distribution."""
    root = tmp_path_factory.mktemp("sign")
    content = write_content(root / "content", **NOTICE)
    seal = Image.new("RGBA", (360, 360), (0, 0, 0, 0))
    ImageDraw.Draw(seal).ellipse((6, 6, 354, 354), outline=(210, 20, 20, 255), width=12)
    seal.save(content / "seal.png")
    p12, pem = office_certificate(root, NOTICE["issuer"])
    signed, unsigned = root / "signed.pdf", root / "unsigned.pdf"
    for args in (("-o", signed, "--sign", p12), ("-o", unsigned)):
        result = run("build", content, *args)
        assert result.returncode == 0, result.stderr
    result = run("distribute", content, "-o", root / "copies", "--sign", p12)
    assert result.returncode == 0, result.stderr
    return root, content, p12, pem, signed, unsigned, root / "copies"


def pdfsig(path):
    return subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout


def pyhanko_status(path, pem):
    """pyHanko's verdict on each signature, with the test certificate as the trust anchor."""
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext
    with open(path, "rb") as handle:
        reader = PdfFileReader(handle)
        context = ValidationContext(trust_roots=[load_cert_from_pemder(str(pem))])
        return [validate_pdf_signature(signature, context) for signature in reader.embedded_signatures]


def test_signed_build_is_verified_by_pdfsig_and_pyhanko(office):
    _, _, _, pem, signed, _, _ = office
    report = pdfsig(signed)
    assert "Signature Validation: Signature is Valid." in report and "Total document signed" in report
    assert "青山县农业农村局" in report and "ETSI.CAdES.detached" in report  # PAdES
    [status] = pyhanko_status(signed, pem)
    assert status.bottom_line and status.coverage.name == "ENTIRE_FILE"


def test_the_seal_is_the_signature_appearance_where_the_plan_put_it(office):
    """The page no longer draws the seal; the signature's widget does, over the same box."""
    _, _, _, _, signed, unsigned, _ = office
    with pikepdf.open(unsigned) as plain:
        [index] = [n for n, page in enumerate(plain.pages) if page.Resources.get("/XObject")]
        [seal_name] = list(plain.pages[index].Resources.XObject.keys())
        content = plain.pages[index].Contents.read_bytes()
        cm = re.search(rb"([\d.]+) 0 0 ([\d.]+) ([\d.]+) ([\d.]+) cm\s*" + re.escape(seal_name.encode()) + rb" Do",
                       content)
        width, height, x, y = (float(v) for v in cm.groups())
    with pikepdf.open(signed) as pdf:
        page = pdf.pages[index]
        assert not page.Resources.get("/XObject")  # no picture drawn by the page itself
        [widget] = [a for a in page.Annots if a.get("/FT") == "/Sig" or a.get("/Parent", {}).get("/FT") == "/Sig"]
        assert str(widget.get("/T", widget.get("/Parent", {}).get("/T"))) == FIELD
        rect = [float(v) for v in widget.Rect]
        assert rect == pytest.approx([x, y, x + width, y + height], abs=1.0)
        appearance = widget.AP.N
        images = [obj for obj in _xobjects(appearance) if obj.get("/Subtype") == "/Image"]
        assert images and images[0].Width == 360  # the seal's own pixels


def test_an_orders_signature_stamp_or_no_seal_at_all(office, tmp_path):
    """An order (命令) is signed where its signer's stamp is; a document without a seal gets an
    invisible signature on the page of its 署名 and date."""
    _, _, p12, _, _, _, _ = office
    order = tmp_path / "order"
    shutil.copytree(ROOT / "examples" / "order", order)
    unsealed = {key: value for key, value in NOTICE.items() if key != "seal"}
    plain = write_content(tmp_path / "plain", **{**unsealed, "body": [NOTICE["body"][0] * 14, NOTICE["body"][1] * 12]})
    widgets = {}
    for folder in (order, plain):
        target = tmp_path / f"{folder.name}.pdf"
        result = run("build", folder, "-o", target, "--sign", p12)
        assert result.returncode == 0, result.stderr
        assert "Signature is Valid." in pdfsig(target)
        with pikepdf.open(target) as pdf:
            [(index, widget)] = [(n, a) for n, page in enumerate(pdf.pages) for a in page.get("/Annots", [])]
            shown = "/AP" in widget and "/XObject" in widget.AP.N.get("/Resources", {})
            widgets[folder.name] = index, [float(v) for v in widget.Rect], shown
    index, rect, shown = widgets["order"]
    assert rect[2] - rect[0] > 50 and shown  # the stamp, as the signature's appearance
    index, rect, shown = widgets["plain"]
    with pdfplumber.open(tmp_path / "plain.pdf") as pdf:
        dated = [n for n, page in enumerate(pdf.pages) if NOTICE["date"] in (page.extract_text() or "").replace(" ", "")]
    assert rect == [0, 0, 0, 0] and not shown and [index] == dated and index > 0


def _xobjects(form):
    for obj in form.get("/Resources", {}).get("/XObject", {}).values():
        yield obj
        if obj.get("/Subtype") == "/Form":
            yield from _xobjects(obj)


def test_signed_copies_each_cover_their_number(office):
    root, _, _, pem, signed, _, copies = office
    with open(copies / "发文登记.csv", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["收件单位"] for row in rows] == ["各乡镇人民政府", "县财政局", "县财政局", "县委办公室"]
    second_ids = set()
    with pikepdf.open(signed) as built:
        version = built.pdf_version
    for row in rows:
        path = copies / row["文件名"]
        data = path.read_bytes()
        assert "Signature is Valid." in pdfsig(path) and "Total document signed" in pdfsig(path)
        [status] = pyhanko_status(path, pem)
        assert status.bottom_line and status.coverage.name == "ENTIRE_FILE"
        # The stamp's update comes before the signature's: the signed bytes hold the 份号.
        assert data.index(b"/CopyNumber") < data.rindex(b"/ByteRange")
        assert row["签名摘要"] == signature_digest(data)
        with pikepdf.open(path) as pdf:
            assert str(pdf.docinfo.CopyNumber) == row["份号"] and str(pdf.docinfo.Recipient) == row["收件单位"]
            assert pdf.pdf_version == version
            second_ids.add(bytes(pdf.trailer.ID[1]))
    assert len(second_ids) == len(rows)


def test_unsigned_copies_have_their_own_id_and_the_builds_version(office, tmp_path):
    _, content, _, _, _, unsigned, _ = office
    assert run("distribute", content, "-o", tmp_path / "plain", password=None).returncode == 0
    with pikepdf.open(unsigned) as built:
        version, first = built.pdf_version, bytes(built.trailer.ID[0])
    ids = []
    for path in sorted((tmp_path / "plain").glob("0*.pdf")):
        with pikepdf.open(path) as pdf:
            assert pdf.pdf_version == version == "1.5"
            assert bytes(pdf.trailer.ID[0]) == first  # the same document
            ids.append(bytes(pdf.trailer.ID[1]))
    assert len(set(ids)) == len(ids) == 4 and first not in ids
    result = run("verify", tmp_path / "plain" / "000002.pdf")  # checked against the register beside it
    assert result.returncode == 0 and "签名：无" in result.stdout and "与登记的 SHA-256 相同" in result.stdout


def test_signed_editions_pass_check(office):
    _, _, _, _, signed, _, copies = office
    for path in (signed, copies / "000002.pdf"):
        result = run("check", "--pdf", path)
        assert result.returncode == 0, result.stdout


def test_verify_a_good_copy(office):
    _, _, _, _, _, _, copies = office
    result = run("verify", copies / "000003.pdf")
    assert result.returncode == 0, result.stdout
    out = result.stdout
    assert "份号：000003" in out and "收件单位：县财政局" in out and NOTICE["title"] in out
    assert "签名 1：完好" in out and "逐字节核对：与登记的 SHA-256 相同" in out and "结论：与发出时一致。" in out


def test_verify_catches_one_changed_byte(office, tmp_path):
    """One bit of a content stream changed: the register's hash and the signature both catch it."""
    _, _, _, _, _, _, copies = office
    data = bytearray((copies / "000002.pdf").read_bytes())
    stream = data.index(b"stream\n", data.index(b"/FlateDecode")) + 200
    data[stream] ^= 0x01
    changed = tmp_path / "000002.pdf"
    changed.write_bytes(bytes(data))
    result = run("verify", changed, "--register", copies / "发文登记.csv")
    assert result.returncode == 2
    assert "与登记的第 000002 份逐字节不同" in result.stdout and "已失效" in result.stdout
    assert "Traceback" not in result.stderr


def test_verify_catches_an_update_after_signing(office, tmp_path):
    """An incremental update appended after the signature (the recipient renamed): the signed
    bytes are intact, but the signature no longer covers the file."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    _, _, _, _, _, _, copies = office
    with open(copies / "000001.pdf", "rb") as handle:
        writer = IncrementalPdfFileWriter(handle)
        info = writer.trailer["/Info"].get_object()
        info["/Recipient"] = generic.TextStringObject("别的单位")
        writer.update_container(info)
        buffer = io.BytesIO()
        writer.write(buffer)
    changed = tmp_path / "000001.pdf"
    changed.write_bytes(buffer.getvalue())
    result = run("verify", changed, "--register", copies / "发文登记.csv")
    assert result.returncode == 2
    assert "签名 1：完好" in result.stdout and "之后文件又被追加了改动" in result.stdout
    assert "收件单位“别的单位”与登记的“各乡镇人民政府”不同" in result.stdout and "逐字节不同" in result.stdout


def test_verify_without_register_or_signature_says_it_cannot_tell(office):
    _, _, _, _, _, unsigned, _ = office
    result = run("verify", unsigned)
    assert result.returncode == 2 and "无法确认" in result.stdout and "签名：无" in result.stdout


def test_verify_an_ofd_copy(office, tmp_path):
    _, content, _, _, _, _, _ = office
    assert run("distribute", content, "-o", tmp_path / "ofd", "--format", "ofd", password=None).returncode == 0
    result = run("verify", tmp_path / "ofd" / "000004.ofd")
    assert result.returncode == 0, result.stdout
    assert "份号：000004" in result.stdout and "收件单位：县委办公室" in result.stdout
    with zipfile.ZipFile(tmp_path / "ofd" / "000004.ofd") as package:
        names = re.findall(r'<ofd:CustomData Name="([^"]+)">([^<]*)<', package.read("OFD.xml").decode())
    assert names[:2] == [("份号", "000004"), ("收件单位", "县委办公室")]
    data = bytearray((tmp_path / "ofd" / "000004.ofd").read_bytes())
    data[len(data) // 2] ^= 0x01
    (tmp_path / "ofd" / "000004.ofd").write_bytes(bytes(data))
    result = run("verify", tmp_path / "ofd" / "000004.ofd")
    assert result.returncode == 2 and "问题：" in result.stdout


def test_wrong_or_missing_password_is_refused_and_the_output_kept(office, tmp_path):
    _, content, p12, _, _, _, _ = office
    target = tmp_path / "out.pdf"
    target.write_bytes(b"previous")
    result = run("build", content, "-o", target, "--sign", p12, password="wrong")
    assert result.returncode == 2 and "密码不对" in result.stderr and "Traceback" not in result.stderr
    result = run("build", content, "-o", target, "--sign", p12, password=None)  # no terminal to ask at
    assert result.returncode == 2 and PASSWORD_VARIABLE in result.stderr
    assert target.read_bytes() == b"previous"
    result = run("build", content, "-o", tmp_path / "a.ofd", "--sign", p12)
    assert result.returncode == 2 and "只用于 PDF" in result.stderr
    result = run("build", content, "-o", target, "--tsa", "http://tsa.example/")
    assert result.returncode == 2 and "--tsa 只在签名时使用" in result.stderr
    result = run("build", content, "-o", target, "--sign", p12, "--watch")
    assert result.returncode == 2 and "--watch 不能和 --sign" in result.stderr


def test_the_password_is_not_written_anywhere(office):
    root, _, _, _, signed, _, copies = office
    secret = PASSWORD.encode("utf-8")
    for path in [signed, *copies.iterdir()]:
        assert secret not in path.read_bytes()


def test_missing_pyhanko_is_told_in_chinese(monkeypatch):
    from briefing import sign
    monkeypatch.setitem(sys.modules, "pyhanko.sign.signers", None)  # (import fails: as if not installed)
    with pytest.raises(ContentError, match="pyHanko") as caught:
        sign.pyhanko()
    assert "briefing[sign]" in str(caught.value)
