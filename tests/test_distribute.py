"""Numbered copies: one PDF per copy with its 份号 and recipient, a register that matches the files."""
import csv
import hashlib

import pdfplumber
import pytest

from briefing import api
from briefing.conformance import measure
from briefing.distribute import distribute
from briefing.errors import ContentError

from test_content_errors import replace

UNITS = ["市发改委", "市财政局", "<b>研发</b>&中心"]


def with_recipients(content):
    edition = content / "edition.yaml"
    replace(edition, '  - "{待定：××××}"\n\nbody', "  - 市发改委\n  - {name: 市财政局, copies: 2}\n"
            "  - <b>研发</b>&中心\n\nbody")
    replace(edition, '  - "{待定：××××}"\nprinter', "  - {name: 市政府办公厅, copies: 2}\nprinter")
    return content


def texts(path):
    with pdfplumber.open(str(path)) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


@pytest.fixture(scope="module")
def distributed(tmp_path_factory):
    from conftest import CONTENT
    import shutil
    root = tmp_path_factory.mktemp("distribute")
    content = root / "content"
    shutil.copytree(CONTENT, content)
    with_recipients(content)
    master = api.build(content, root / "master.pdf").path
    return distribute(content, root / "copies"), master, content


def test_one_numbered_copy_per_recipient_copy(distributed):
    done, _, _ = distributed
    expected = ["市发改委", "市财政局", "市财政局", "<b>研发</b>&中心", "市政府办公厅", "市政府办公厅"]
    assert [c.recipient for c in done.copies] == expected
    assert [c.number for c in done.copies] == [f"{n:06d}" for n in range(1, 7)]
    assert sorted(p.name for p in done.folder.glob("*.pdf")) == [f"{n:06d}.pdf" for n in range(1, 7)] + ["发文登记.pdf"]


def test_register_matches_the_files(distributed):
    done, _, _ = distributed
    with done.register_csv.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 6
    for row in rows:
        data = (done.folder / row["文件名"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == row["SHA-256"]
        assert int(row["页数"]) == len(texts(done.folder / row["文件名"]))
    register = "".join(texts(done.register_pdf)).replace("\n", "")
    for row in rows:
        assert row["份号"] in register and row["SHA-256"][:32] in register


def test_each_copy_is_the_master_plus_its_stamp(distributed):
    done, master, _ = distributed
    master_pages = texts(master)
    for copy in (done.copies[0], done.copies[3]):
        pages = texts(done.folder / copy.file)
        assert pages[1:] == master_pages[1:]
        first = pages[0].splitlines()
        assert copy.number in first and f"本份发：{copy.recipient}" in first  # the name as text, not markup
        stamped = [line for line in first if line not in (copy.number, f"本份发：{copy.recipient}")]
        assert stamped == master_pages[0].splitlines()


def test_copy_number_sits_top_left_on_line_one_and_copies_conform(distributed):
    done, _, _ = distributed
    path = done.folder / done.copies[1].file
    with pdfplumber.open(str(path)) as pdf:
        words = pdf.pages[0].extract_words()
        number = next(w for w in words if w["text"] == "000002")
        assert abs(number["x0"] - 28 * 72 / 25.4) < 0.5  # the 版心's left edge
        assert abs(number["top"] - 37 * 72 / 25.4) < 4  # line 1 of the 版心
    failed = [c for c in measure(path) if c.failed]
    assert failed == []


def test_distribution_is_deterministic_and_replaces_only_on_success(distributed, tmp_path):
    done, _, content = distributed
    again = distribute(content, tmp_path / "again")
    assert [c.sha256 for c in again.copies] == [c.sha256 for c in done.copies]
    before = sorted(p.name for p in again.folder.iterdir())
    replace(content / "edition.yaml", "issuer: 福州市科学技术局", "issuer: [福州市科学技术局")
    with pytest.raises(ContentError):
        distribute(content, again.folder)
    assert sorted(p.name for p in again.folder.iterdir()) == before
    replace(content / "edition.yaml", "issuer: [福州市科学技术局", "issuer: 福州市科学技术局")


def test_copies_must_be_a_positive_number(content):
    replace(content / "edition.yaml", '  - "{待定：××××}"\n\nbody', "  - {name: 市财政局, copies: 0}\n\nbody")
    with pytest.raises(ContentError) as caught:
        api.check(content)
    assert any("copies" in p.message for p in caught.value.problems)


HOSTILE_NAMES = ["=HYPERLINK(\"http://x.example\",\"点击\")", "+市财政局", "-市审计局", "@SUM(A1:A9)", "市统计局"]


def test_register_neutralises_formulas_and_round_trips(tmp_path):
    from briefing.distribute import read_register_csv
    from samples import write_content
    folder = write_content(tmp_path / "content", recipients=HOSTILE_NAMES)
    done = distribute(folder, tmp_path / "copies")
    raw = done.register_csv.read_text(encoding="utf-8-sig")
    names = [row[1] for row in csv.reader(raw.splitlines())][1:]
    assert names[:5] == ["'" + name for name in HOSTILE_NAMES[:4]] + ["市统计局"]
    assert [row["收件单位"] for row in read_register_csv(done.register_csv)][:5] == HOSTILE_NAMES


def test_concurrent_distributions_end_with_one_complete_folder(tmp_path):
    import subprocess
    import sys
    from samples import write_content
    folder = write_content(tmp_path / "content", recipients=["市财政局", "市审计局"])
    target = tmp_path / "copies"
    runs = [subprocess.Popen([sys.executable, "-m", "briefing", "distribute", str(folder), "-o", str(target)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(3)]
    assert [run.wait(timeout=120) for run in runs] == [0, 0, 0]
    assert sorted(p.name for p in target.iterdir()) == ["000001.pdf", "000002.pdf", "000003.pdf", "000004.pdf",
                                                        "发文登记.csv", "发文登记.pdf"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "copies"]  # no .part, .old or .lock left


def test_wrapped_cc_and_its_copies_pass_the_check(tmp_path):
    """§7.4.2: the 抄送 wraps under the first name after “抄送：”; the master and every copy pass."""
    from samples import write_content
    organs = ["区委办公室", "区人大常委会办公室", "区政府办公室", "区政协办公室", "区纪委监委机关", "区财政局",
              "区人力资源和社会保障局", "区卫生健康局", "区市场监督管理局"]
    folder = write_content(tmp_path / "content", cc=organs, recipients=["各中小学校"])
    master = api.build(folder, tmp_path / "master.pdf").path
    with pdfplumber.open(str(master)) as pdf:
        last = pdf.pages[-1].extract_text()
    assert last.count("\n") >= 2  # the 抄送 takes two lines or more
    assert [c.name for c in measure(master) if c.failed] == []
    done = distribute(folder, tmp_path / "copies")
    for copy in done.copies[:3]:
        assert [c.name for c in measure(done.folder / copy.file) if c.failed] == []


def test_copies_read_cleanly_in_strict_readers(distributed):
    """pypdf in strict mode, without a warning; qpdf --check where qpdf is installed."""
    import logging
    import shutil
    import subprocess
    from pypdf import PdfReader
    done, _, _ = distributed
    for copy in done.copies:
        path = done.folder / copy.file
        records = []
        handler = logging.Handler()
        handler.emit = records.append
        logging.getLogger("pypdf").addHandler(handler)
        try:
            reader = PdfReader(str(path), strict=True)
            assert [page.extract_text() for page in reader.pages]
        finally:
            logging.getLogger("pypdf").removeHandler(handler)
        assert records == []
        if shutil.which("qpdf"):
            result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
            assert result.returncode == 0 and "No syntax or stream encoding errors" in result.stdout, result.stdout


def test_a_copy_is_its_master_plus_an_update_that_adds_no_font(distributed):
    """The stamps' characters are in the master's fonts: every copy starts with the same bytes
    (the master) and what each appends draws its stamp with those fonts."""
    done, _, _ = distributed
    copies = [(done.folder / copy.file).read_bytes() for copy in done.copies]
    master_end = copies[0].index(b"%%EOF") + len(b"%%EOF\n")
    for data in copies:
        assert data[:master_end] == copies[0][:master_end]
        update = data[master_end:]
        assert b"/Font" not in update and b"/Prev " in update and update.count(b" obj\n") == 4  # page 1, two streams, the information
    assert len({data[master_end:] for data in copies}) == len(copies)  # each its own stamp


def test_stamping_refuses_a_pdf_laid_out_otherwise(tmp_path):
    from pypdf import PdfWriter

    from briefing.render.ourpdf import ForeignLayout
    from briefing.stamp import Master
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    path = tmp_path / "other.pdf"
    writer.write(str(path))
    with pytest.raises(ForeignLayout):
        Master(path.read_bytes())
