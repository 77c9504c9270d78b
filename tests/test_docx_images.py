"""DOCX pictures (issue 28): a chart drawn again (the same caption and figures) is stored once, and two
different charts twice; every stored picture is a PNG of its own bytes."""
import hashlib
import re
import zipfile

from briefing import api
from briefing.render import docx as docx_writer
from samples import write_content

FIGURES = [
    {"id": "wells", "label": "农村饮水安全工程", "value": 36, "unit": "处", "year": 2024, "kind": "actual",
     "goal": "wells-goal"},
    {"id": "wells-goal", "label": "农村饮水安全工程目标", "value": 48, "unit": "处", "year": 2024, "kind": "target"},
    {"id": "canals", "label": "灌区渠系改造", "value": 21.5, "unit": "公里", "year": 2024, "kind": "actual",
     "goal": "canals-goal"},
    {"id": "canals-goal", "label": "灌区渠系改造目标", "value": 30, "unit": "公里", "year": 2024, "kind": "target"},
]


def test_same_chart_stored_once(tmp_path, monkeypatch):
    body = ["今年全县完成农村饮水安全工程{{wells}}，灌区渠系改造{{canals}}。",
            {"chart": "图1　水利工程完成进度", "figures": ["wells", "canals"]},
            "附件中再次列示图1如下。",
            {"chart": "图1　水利工程完成进度", "figures": ["wells", "canals"]},
            "其中农村饮水安全工程单独列示。",
            {"chart": "图2　农村饮水安全工程完成进度", "figures": ["wells"]}]
    folder = write_content(tmp_path / "c", figures=FIGURES, body=body, issuer="石门县水利局",
                           mark="石门县水利局文件", number="石水〔2024〕9号",
                           title="石门县水利局关于2024年水利工程建设进度的报告")
    drawn = []
    raster = docx_writer._raster
    monkeypatch.setattr(docx_writer, "_raster", lambda *args, **kwargs: drawn.append(1) or raster(*args, **kwargs))
    target = api.build(folder, tmp_path / "report.docx").path
    assert len(drawn) == 2  # each distinct chart rasterised once
    with zipfile.ZipFile(target) as package:
        media = {name: package.read(name) for name in package.namelist() if name.startswith("word/media/")}
        document = package.read("word/document.xml").decode("utf-8")
        relations = package.read("word/_rels/document.xml.rels").decode("utf-8")
    assert all(data.startswith(b"\x89PNG") for data in media.values())
    assert len({hashlib.sha256(data).digest() for data in media.values()}) == len(media) == 2
    pictures = re.findall(r'<a:blip r:embed="([^"]+)"', document)
    assert len(pictures) == 3 and len(set(pictures)) == 2 and pictures[0] == pictures[1] != pictures[2]
    targets = dict(re.findall(r'Id="([^"]+)"[^>]*Target="(media/[^"]+)"', relations))
    assert {targets[rid] for rid in pictures} == {name.removeprefix("word/") for name in media}


def test_a_page_break_before_a_chart_starts_the_chart_page_once(tmp_path):
    """The writer's page break followed by a chart: the chart opens the page (a paragraph of no
    height carries the break, the frame's first row gives its height back), and the paragraph
    after the chart goes on on that page."""
    body = ["今年全县完成农村饮水安全工程{{wells}}，灌区渠系改造{{canals}}。", {"page_break": True},
            {"chart": "图1　水利工程完成进度", "figures": ["wells", "canals"]},
            "两项工程均按计划推进，年底前全部完成。", "特此报告。"]
    folder = write_content(tmp_path / "c", figures=FIGURES, body=body, issuer="石门县水利局",
                           mark="石门县水利局文件", number="石水〔2024〕9号",
                           title="石门县水利局关于2024年水利工程建设进度的报告")
    target = api.build(folder, tmp_path / "report.docx").path
    with zipfile.ZipFile(target) as package:
        document = package.read("word/document.xml").decode("utf-8")
    breaks = [m.start() for m in re.finditer("<w:pageBreakBefore/>", document)]
    assert len(breaks) == 1  # not again before the paragraph after the chart
    after = document[breaks[0]:]
    assert after.index("</w:p>") + len("</w:p>") == after.index("<w:tbl>")  # the chart's frame follows
    height = int(re.search(r'<w:trHeight w:val="(\d+)" w:hRule="exact"/>', after).group(1))
    assert (height + docx_writer.BREAK_LINE) % docx_writer.LINE == 0  # whole lines with the break's paragraph
    assert after.index("<w:tbl>") < after.index("两项工程均按计划推进")
