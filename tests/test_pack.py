"""Object streams (render.pack): the packed PDF is the same document, smaller, and valid."""
import io
import shutil
import subprocess

import pypdfium2
import pytest
from pypdf import PdfReader, PdfWriter

from briefing import api
from briefing.metrics import FontMetrics
from briefing.pageplan import lay_out
from briefing.render.ourpdf import ForeignLayout
from briefing.render.pack import pack
from briefing.render.pdf import write_pdf


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    from conftest import CONTENT
    checked = api.check(CONTENT)
    book = lay_out(checked.document, FontMetrics(checked.fonts))
    plain, packed = io.BytesIO(), io.BytesIO()
    write_pdf(book, checked.fonts, plain, packed=False)
    write_pdf(book, checked.fonts, packed)
    return plain.getvalue(), packed.getvalue()


def test_packing_keeps_the_document_and_makes_it_smaller(both):
    plain, packed = both
    assert packed == pack(plain) and len(packed) < len(plain) - 10_000
    assert packed.startswith(b"%PDF-1.5") and b"/Type /ObjStm" in packed and b"\nxref\n" not in packed
    assert b"/Type /Page" not in packed  # page dictionaries are inside the compressed object streams
    old, new = PdfReader(io.BytesIO(plain)), PdfReader(io.BytesIO(packed), strict=True)
    assert len(new.pages) == len(old.pages) and new.metadata == old.metadata
    assert [page.extract_text() for page in new.pages] == [page.extract_text() for page in old.pages]
    assert _bookmarks(new, new.outline) == _bookmarks(old, old.outline) != []
    for a, b in zip(pypdfium2.PdfDocument(plain), pypdfium2.PdfDocument(packed)):
        assert a.render(scale=1).to_pil().tobytes() == b.render(scale=1).to_pil().tobytes()


def test_a_packed_pdf_passes_qpdf(both, tmp_path):
    if not shutil.which("qpdf"):
        pytest.skip("qpdf is not installed")
    path = tmp_path / "packed.pdf"
    path.write_bytes(both[1])
    result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert result.returncode == 0 and "No syntax or stream encoding errors" in result.stdout, result.stdout


def test_packing_refuses_what_reportlab_did_not_write_for_us(both):
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    other = io.BytesIO()
    writer.write(other)
    with pytest.raises(ForeignLayout):
        pack(other.getvalue())
    with pytest.raises(ForeignLayout):
        pack(both[1])  # packed already: no plain table to read
    shifted = both[0].replace(b"\n1 0 obj\n", b"\n1 0 obj \n", 1)  # the table no longer points at object 1
    with pytest.raises(ForeignLayout):
        pack(shifted)


def _bookmarks(reader: PdfReader, outline) -> list:
    """(title, page index) of every outline entry, nesting as lists."""
    return [_bookmarks(reader, entry) if isinstance(entry, list)
            else (entry.title, reader.get_destination_page_number(entry)) for entry in outline]
