"""Page previews: a page printed in black and greys only is saved as a grey PNG, a page with the
red mark in colour; the grey page has its colour rendering's pixels."""

import pypdfium2
from PIL import Image, ImageChops

from briefing import api
from briefing.preview import DPI, THUMB_REDUCTION, preview
from samples import paragraph, write_content


def test_black_pages_are_grey_and_the_red_head_in_colour(tmp_path):
    folder = write_content(tmp_path / "c", issuer="临川县农业农村局", mark="临川县农业农村局文件",
                           number="临农〔2024〕9号", title="临川县农业农村局关于做好2024年秋粮收购工作的通知",
                           body=[paragraph(6), paragraph(6), paragraph(6)])
    done = preview(folder, tmp_path / "p")
    assert len(done.pages) >= 2
    first, second = (Image.open(path) for path in done.pages[:2])
    assert first.mode == "RGB" and second.mode == "L"
    red = sum(1 for x in range(0, first.width, 3) for y in range(0, first.height // 3, 3)
              if first.getpixel((x, y))[0] > 200 and first.getpixel((x, y))[1] < 120)
    assert red > 50  # the red mark
    assert second.size == first.size and second.getextrema()[0] < 60  # black text on it
    document = pypdfium2.PdfDocument(api.lay_out_pdf(folder).pdf)
    coloured = document[1].render(scale=DPI / 72).to_pil().convert("L")
    difference = ImageChops.difference(coloured, second)
    assert difference.getbbox() is None  # the same pixels
    sheet = Image.open(done.sheet)
    assert sheet.mode == "RGB" and sheet.width >= 2 * first.width // THUMB_REDUCTION


def test_png_holds_the_pixels():
    import io
    import random
    from briefing.preview import png
    generator = random.Random(9704)
    for mode, size, depth in (("RGB", (37, 23), 3), ("L", (64, 5), 1), ("L", (1, 1), 1)):
        image = Image.frombytes(mode, size, bytes(generator.randrange(256) for _ in range(size[0] * size[1] * depth)))
        read = Image.open(io.BytesIO(png(image)))
        assert read.mode == mode and read.size == size and read.tobytes() == image.tobytes()
