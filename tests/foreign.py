"""公文 PDFs as another tool makes them, drawn directly with ReportLab (not with briefing), for
the checker's tests: the layout of GB/T 9704 with another tool's choices and slips (other paper,
a 15 pt 发文字号, another pitch, tables where the 版记 would be, no 抄送, cells that break
badly), and damaged copies of a PDF. Small and made at test time."""
from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FONTS = Path(__file__).resolve().parent.parent / "fonts"
FACES = {"Fang": "FandolFang-Regular.ttf", "SongBold": "FandolSong-Bold.ttf", "Hei": "FandolHei-Regular.ttf",
         "Song": "FandolSong-Regular.ttf"}
for _name, _file in FACES.items():
    pdfmetrics.registerFont(TTFont(_name, str(FONTS / _file)))

RED = (0.9, 0.1, 0.1)
LEFT, WIDTH, TOP_MARGIN = 28 * mm, 156 * mm, 37 * mm
CELL = WIDTH / 28


@dataclass
class Office:
    """What the other tool prints and how."""
    mark: str = "江北县农业农村局文件"
    number: str = "江农发〔2025〕9号"
    title: tuple[str, ...] = ("江北县农业农村局", "关于做好春季农业生产工作的通知")
    recipients: str = "各乡镇人民政府，县直有关单位："
    paragraphs: list[str] = field(default_factory=lambda: [
        "为抓好春季农业生产，确保粮食面积稳定、产量稳中有增，现就有关事项通知如下。" * 2,
        "各乡镇要把春耕备耕作为当前农村工作的重点，逐村逐户落实种植面积，及时调运种子、化肥和农药。" * 3,
        "请于三月底前将春播进度报县农业农村局种植业股。"])
    signature: list[str] = field(default_factory=lambda: ["江北县农业农村局", "2025年2月18日"])
    table: list[list[str]] | None = None  # rows of cells, drawn after the body
    cc: str | None = "抄送：县委办公室，县政府办公室。"
    printer: str | None = "江北县农业农村局办公室                2025年2月18日印发"
    paper: tuple[float, float] = (210 * mm, 297 * mm)
    number_size: float = 16
    pitch: float = 28.95


def write(path: Path, office: Office) -> Path:
    """The notice as the other tool lays it out: 版头 with red mark and rule, title, body on a
    grid of `pitch`, signature, an optional table, the 版记 at the last page's foot."""
    width, height = office.paper
    pdf = canvas.Canvas(str(path), pagesize=office.paper, invariant=1, initialFontName="Fang")
    top = height - TOP_MARGIN
    rows = _body_lines(office)
    page, y = 1, _head(pdf, office, top)
    for text, x, face in rows:
        if y < top - 0.88 * 16 - 21 * office.pitch - 1:
            page, y = _next_page(pdf, page, width, top, office)
        pdf.setFont(face, 16)
        _spread(pdf, text, x, y, 16)
        y -= office.pitch
    if office.table:
        y = _table(pdf, office.table, y + office.pitch - 8)
    _imprint(pdf, office, top - 225 * mm)
    _folio(pdf, page, width, top)
    pdf.showPage()
    pdf.save()
    return path


def _head(pdf, office: Office, top: float) -> float:
    pdf.setFillColorRGB(*RED)
    pdf.setFont("SongBold", 36)
    pdf.drawCentredString(office.paper[0] / 2, top - 35 * mm - 30, office.mark)
    pdf.setFillColorRGB(0, 0, 0)
    rule_y = top - 35 * mm - 30 - 2 * office.pitch - 4 * mm - 10
    pdf.setFont("Fang", office.number_size)
    pdf.drawCentredString(office.paper[0] / 2, rule_y + 4 * mm + 0.12 * office.number_size, office.number)
    pdf.setStrokeColorRGB(*RED)
    pdf.setLineWidth(1)
    pdf.line(LEFT, rule_y, LEFT + WIDTH, rule_y)
    pdf.setStrokeColorRGB(0, 0, 0)
    pdf.setFont("SongBold", 22)
    title_y = rule_y - 2 * office.pitch - 0.88 * 22
    for line in office.title:
        pdf.drawCentredString(office.paper[0] / 2, title_y, line)
        title_y -= 35
    return _on_grid(title_y - office.pitch, top, office.pitch)


def _on_grid(y: float, top: float, pitch: float) -> float:
    """The highest line of the grid (22 lines from the 版心's top) at or below y."""
    first = top - 0.88 * 16
    return first - pitch * -((y - first) // pitch)

def _body_lines(office: Office) -> list[tuple[str, float, str]]:
    """(text, x, face) of every line: the 主送, each paragraph broken 28 cells a line (26 on its
    first), the signature right-aligned 4 cells in."""
    lines = [(office.recipients, LEFT, "Fang")]
    for paragraph in office.paragraphs:
        start, room = 0, 26
        while start < len(paragraph):
            end = start + room
            while end < len(paragraph) and paragraph[end] in "，。、；：？！）”":
                end -= 1  # no mark opens a line: its word goes down with it
            lines.append((paragraph[start:end], LEFT + (28 - room) * CELL, "Fang"))
            start, room = end, 28
    lines.append(("", LEFT, "Fang"))
    for text in office.signature:
        lines.append((text, LEFT + WIDTH - 4 * CELL - len(text) * CELL, "Fang"))
    return lines


def _spread(pdf, text: str, x: float, y: float, size: float) -> None:
    for n, char in enumerate(text):
        pdf.drawString(x + n * size * CELL / 16, y, char)


def _next_page(pdf, page: int, width: float, top: float, office: Office) -> tuple[int, float]:
    _folio(pdf, page, width, top)
    pdf.showPage()
    return page + 1, top - 0.88 * 16


def _folio(pdf, page: int, width: float, top: float) -> None:
    pdf.setFont("Song", 14)
    y = top - 225 * mm - 7 * mm - 10
    text = f"— {page} —"
    if page % 2:
        pdf.drawRightString(LEFT + WIDTH - 14, y, text)
    else:
        pdf.drawString(LEFT + 14, y, text)


def _table(pdf, rows: list[list[str]], y: float) -> float:
    """A ruled table, 12 pt, each cell's text broken at its width (as a naive tool would)."""
    columns = len(rows[0])
    cell_width = WIDTH / columns
    per_line = int((cell_width - 6) // 12)
    pdf.setFont("Fang", 12)
    pdf.setLineWidth(0.5)
    for row in rows:
        broken = [[cell[n:n + per_line] for n in range(0, len(cell), per_line)] or [""] for cell in row]
        height = 18 * max(map(len, broken)) + 6
        pdf.rect(LEFT, y - height, WIDTH, height)
        for column, cell_lines in enumerate(broken):
            x = LEFT + column * cell_width
            if column:
                pdf.line(x, y - height, x, y)
            for number, text in enumerate(cell_lines):
                pdf.drawString(x + 3, y - 15 - 18 * number, text)
        y -= height
    return y


def _imprint(pdf, office: Office, foot: float) -> None:
    """The 版记 at the 版心's foot: 抄送 and 印发 lines between rules 0.35/0.25/0.35 mm."""
    lines = [text for text in (office.printer, office.cc) if text]  # bottom up
    if not lines:
        return
    pdf.setFont("Fang", 14)
    y = foot
    pdf.setLineWidth(0.35 * mm)
    pdf.line(LEFT, y, LEFT + WIDTH, y)
    for n, text in enumerate(lines):
        left, _, right = text.partition("  ")  # 印发机关 at the left, the date at the right
        pdf.drawString(LEFT + 14, y + 9, left)
        if right.strip():
            pdf.drawRightString(LEFT + WIDTH - 14, y + 9, right.strip())
        y += 28
        pdf.setLineWidth(0.35 * mm if n == len(lines) - 1 else 0.25 * mm)
        pdf.line(LEFT, y, LEFT + WIDTH, y)


def damaged(source: Path, target: Path, how: str) -> Path:
    """A copy of `source` damaged as files get damaged: 'truncated' (the first 60 %),
    'zeroed' (a run of zeros in the middle), 'no-xref' (its cross-reference table cut away)."""
    data = source.read_bytes()
    if how == "truncated":
        data = data[:len(data) * 6 // 10]
    elif how == "zeroed":
        middle = len(data) // 2
        data = data[:middle] + bytes(4096) + data[middle + 4096:]
    elif how == "no-xref":
        data = data[:data.rindex(b"xref")]
    else:
        raise ValueError(how)
    target.write_bytes(data)
    return target


def bomb(target: Path, inflated: int) -> Path:
    """A one-page PDF whose content stream inflates to `inflated` bytes of drawing operators:
    one deflated block repeated (a full flush resets the window, so each copy is the same
    bytes), which makes a 1.5 GB page in about 1.5 MB and a few milliseconds."""
    chunk = b"0 0 m 1 1 l S\n" * (1 << 16)
    compressor = zlib.compressobj(9)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    copies = inflated // len(chunk)
    checksum = 1
    for _ in range(copies):
        checksum = zlib.adler32(chunk, checksum)
    # the zlib header once, the block `copies` times, an empty final block, the checksum
    stream = block[:2] + block[2:] * copies + b"\x03\x00" + checksum.to_bytes(4, "big")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream"]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body_ in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body_ + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    target.write_bytes(bytes(out))
    return target
