"""Pictures in the body (issue 13 §4): checked like the seal, whole on a page, centred at their
width with the caption below, the text after them back on the grid; in the OFD too."""
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from briefing import api, geometry
from briefing.metrics import FontMetrics
from briefing.pageplan import lay_out
from briefing.pageplan.items import Picture

from samples import paragraph, write_content


def with_image(folder: Path, **image) -> Path:
    write_content(folder, body=[paragraph(3), {"image": "map.png", "caption": "图1　滨河区中小学校分布示意图", **image},
                                paragraph(4)])
    Image.new("RGB", (1200, 800), (200, 220, 240)).save(folder / "map.png")
    return folder


def test_a_picture_is_placed_whole_at_its_width_with_the_text_after_on_the_grid(tmp_path):
    checked = api.check(with_image(tmp_path / "c", width=120))
    plans = lay_out(checked.document, FontMetrics(checked.fonts)).pages
    ((page, picture),) = [(plan, item) for plan in plans for item in plan.items
                          if isinstance(item, Picture) and item.role == "图片"]
    assert picture.width == pytest.approx(120 * geometry.MM) and picture.height == pytest.approx(80 * geometry.MM)
    assert picture.x - geometry.LEFT == pytest.approx(geometry.RIGHT - picture.x - picture.width)  # centred
    assert geometry.BOTTOM <= picture.y and picture.y + picture.height <= geometry.TOP
    caption = [line for line in page.texts() if line.text.startswith("图1")]
    assert caption and caption[0].runs[0].y < picture.y  # under the picture
    for line in page.texts():
        if line.role == "正文" and line.runs and line.runs[0].size == geometry.BODY_SIZE:
            steps = (geometry.baseline(1) - line.runs[0].y) / geometry.PITCH
            assert abs(steps - round(steps)) < 1e-6


def test_the_picture_is_in_the_ofd(tmp_path):
    built = api.build(with_image(tmp_path / "c"), tmp_path / "out.ofd")
    with zipfile.ZipFile(built.path) as archive:
        pages = b"".join(archive.read(n) for n in archive.namelist() if n.endswith("Content.xml"))
        tags = archive.read("Doc_0/Tags/CustomTag.xml").decode("utf-8")
    assert pages.count(b"<ofd:ImageObject") == 1 and "印章" not in tags  # a picture, not a seal


@pytest.mark.parametrize("damage, message", [("text", "不能使用"), ("width", "width 应当是")])
def test_a_bad_picture_is_refused_at_its_line(tmp_path, damage, message):
    folder = with_image(tmp_path / "c", **({"width": 300} if damage == "width" else {}))
    if damage == "text":
        (folder / "map.png").write_text("not an image", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "briefing", "check", str(folder)], capture_output=True, text=True)
    assert result.returncode == 2 and message in result.stderr and "edition.yaml:" in result.stderr
