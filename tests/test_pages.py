"""The page builder over whole documents: breaks chosen for the document, floats at paragraph
boundaries, the writer's page break; on documents of our own (tests/data/pages) and on generated
flows (the page rules as properties)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest
from hypothesis import given, strategies as st

from briefing import api, geometry
from briefing.pageplan.items import Box
from briefing.paginate import Block, Page, Position, cost, fill, paginate

from pagefill import page_fill, plans_of
from samples import NOTICE, paragraph, write_content

OWN = Path(__file__).parent / "data" / "pages"


def assert_short_pages_named(folder: Path, pdf: Path) -> list[int]:
    """Every page 3 or more lines short that does not end a part is named by check --pdf with
    the rule that left it so; returns those pages."""
    from briefing.conformance import measure
    api.build(folder, pdf)
    fills = page_fill(plans_of(folder))
    full = next(check for check in measure(pdf) if check.name == "满页行数")
    short = [f for f in fills if not f.part_end and f.empty >= 3]
    for page in short:
        if page.number > 1:  # (the check counts page 1 apart: its 版头 and title take what they take)
            assert f"第{page.number}页 {22 - page.empty} 行，" in full.measured, full.measured
    assert full.ok
    return [page.number for page in short]


@pytest.mark.parametrize("name, short", [
    ("report", [4]),  # 3 lines left above the task table, which needs its caption, header and two rows
    ("notice", []), ("request", []), ("flood", []),
    ("grain", [1, 4])])  # since cells break between words, 表2's rows take two lines: 1 and 4 end 4 and 3 short
def test_own_documents_leave_pages_short_only_by_a_named_rule_and_the_closing_keeps_body_lines(
        tmp_path, name, short):
    assert assert_short_pages_named(OWN / name, tmp_path / "out.pdf") == short
    signed = next(f for f in page_fill(plans_of(OWN / name)) if f.closing_body is not None)
    assert signed.closing_body >= 2 or signed.closing_rows


def test_a_page_of_text_is_set_closer_rather_than_end_three_lines_short(tmp_path):
    # The 通知 of 13 sections, each a heading (some with a sub-heading) and a paragraph of 3 or 4
    # lines: on the 22-line grid pages 2 and 3 end 3 lines short (a heading needs two lines of its
    # text under it). Set closer (§7.3.5.5), they take in a line or two and are whole.
    grid = geometry.GRID
    taken = []
    for page in plans_of(OWN / "flood")[1:]:
        body = sorted({t.runs[0].y for t in page.texts() if t.runs and t.runs[0].size == geometry.BODY_SIZE
                       and t.role in ("正文", "发文机关署名", "成文日期")}, reverse=True)
        steps = [a - b for a, b in zip(body, body[1:])]
        if page.number in (2, 3):
            pitch = min(steps)
            assert max(steps) - pitch < 0.01 and geometry.TIGHTEST_PITCH <= pitch < grid.pitch - 1
            assert body[0] == pytest.approx(grid.baseline(1), abs=0.01)  # the first line where it was
            assert body[-1] == pytest.approx(grid.baseline(grid.lines), abs=0.01)  # the last on the grid's last
            taken.append(len(body))
        else:
            assert all(abs(step / grid.pitch - round(step / grid.pitch)) < 0.01 for step in steps)
    assert sorted(taken) == [23, 24]
    assert assert_short_pages_named(OWN / "flood", tmp_path / "out.pdf") == []
    from briefing.conformance import measure
    spacing = next(c for c in measure(tmp_path / "out.pdf") if c.name == "正文行距")
    assert spacing.ok and "第2页为保持整页调整为 2" in spacing.measured, spacing.measured


def test_names_of_the_edition_stay_whole_in_body_text(tmp_path):
    # A county government's 纪要: its attendance names people and organs that the text names
    # too; set freely, “县自然资源和 / 规划局” broke across two lines of the third paragraph.
    folder = OWN / "meeting"
    checked = api.check(folder)
    names = checked.document.people
    assert {"周国强", "欧阳春明", "赵喆", "县自然资源和规划局", "县生态环境分局"} <= set(names)
    lines = [t.text for page in plans_of(folder) for t in page.texts() if t.role == "正文"]
    joined = "".join(lines)
    assert joined.count("县自然资源和规划局") == 2
    for above, below in zip(lines, lines[1:]):
        for name in names:
            assert not any(above.endswith(name[:k]) and below.startswith(name[k:]) for k in range(1, len(name))), \
                (name, above, below)
    from briefing.conformance import measure
    pdf = api.build(folder, tmp_path / "out.pdf").path
    assert [c.name for c in measure(pdf) if c.failed] == []  # no line of Han left short for it


def test_the_pages_leave_room_for_the_imprint_rather_than_add_a_blank_page(tmp_path):
    # A two-page notice whose text fills page 2: the 版记 (two rows at an even page's foot) found
    # no room there, so page 3 was left blank and page 4 held the 版记 alone. Setting the last
    # paragraph's marks closer (one line fewer) leaves the two rows free on page 2.
    body = [paragraph(8), "各校要高度重视，按时完成。", paragraph(6)]
    pages = plans_of(write_content(tmp_path / "c", body=body))
    assert len(pages) == 2 and not any(page.blank for page in pages)
    imprint = [t for t in pages[1].texts() if t.role in ("抄送机关", "印发机关")]
    body_bottom = min(t.runs[0].y for t in pages[1].texts() if t.role in ("正文", "成文日期"))
    assert imprint and max(t.runs[0].y for t in imprint) < body_bottom


def _body_lines(pdf: Path) -> list[list[tuple[float, float, str]]]:
    """Per page, the 仿宋 16 pt lines as (top, x0, text), top down."""
    pages = []
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            rows: dict[float, list] = {}
            for char in page.chars:
                if abs(char["size"] - 16) < 0.1:
                    rows.setdefault(round(char["top"], 1), []).append(char)
            pages.append([(top, min(c["x0"] for c in chars), "".join(c["text"] for c in sorted(chars, key=lambda c: c["x0"])))
                          for top, chars in sorted(rows.items())])
    return pages


def test_a_chart_never_stands_inside_a_paragraph(tmp_path):
    # The notice: a chart after a paragraph that would not fit above it, and a long paragraph
    # after the chart that fills the page and runs over to the next.
    figures = [{"id": f"m{i}", "label": f"指标{i}", "value": 50 + i, "unit": "亿元", "year": 2025, "kind": "actual",
                "goal": f"g{i}"} for i in range(8)]
    figures += [{"id": f"g{i}", "label": f"目标{i}", "value": 100, "unit": "亿元", "year": 2025, "kind": "target"}
                for i in range(8)]
    body = [paragraph(3), {"chart": "图1　各项指标完成情况"}, paragraph(10), paragraph(6)]
    pages = plans_of(write_content(tmp_path / "c", figures=figures, body=body))
    charts = 0
    for page in pages:
        for frame in [i for i in page.items if isinstance(i, Box) and i.width > 150 * geometry.MM and i.height > 60]:
            charts += 1
            below = [t for t in page.texts() if t.role == "正文" and t.runs[0].y < frame.y]
            if below:  # the first body line after the chart opens a paragraph (2 em in)
                first = max(below, key=lambda t: t.runs[0].y)
                assert first.runs[0].x > geometry.LEFT + geometry.CELL, (page.number, first.text)
    assert charts == 1


def test_the_writer_can_end_a_page(tmp_path):
    body = [paragraph(2), {"page_break": True}, "另起一页的这一段写在分页之后。", paragraph(1)]
    folder = write_content(tmp_path / "c", body=body)
    pdf = tmp_path / "out.pdf"
    api.build(folder, pdf)
    lines = _body_lines(pdf)
    assert lines[1][0][2].startswith("另起一页"), lines[1][0]
    assert not any("另起一页" in text for _, _, text in lines[0])
    assert lines[1][0][0] == pytest.approx(geometry.PAGE_HEIGHT - geometry.TOP, abs=3)  # on grid line 1


@pytest.mark.parametrize("body, said", [
    ([paragraph(1), {"page_break": "yes"}, paragraph(1)], "page_break 只能写 true"),
    ([paragraph(1), {"page_break": True}], "正文最后不能分页"),
    ([paragraph(1), {"page_brake": True}], "未知的键"),
])
def test_a_wrong_page_break_is_refused_with_its_place(tmp_path, body, said):
    folder = write_content(tmp_path / "c", body=body)
    run = subprocess.run([sys.executable, "-m", "briefing", "build", str(folder), "-o", str(tmp_path / "out.pdf")],
                         capture_output=True, text=True)
    assert run.returncode == 2 and not (tmp_path / "out.pdf").exists()
    err = run.stderr
    assert said in err and "edition.yaml:" in err and "body[" in err and "Traceback" not in err


def test_the_schema_knows_the_page_break(tmp_path):
    import jsonschema
    from briefing.schema import edition_schema
    edition = edition_schema()
    good = {**NOTICE, "body": ["一段。", {"page_break": True}, "又一段。"]}
    bad = {**NOTICE, "body": ["一段。", {"page_break": False}, "又一段。"]}
    validator = jsonschema.Draft202012Validator(edition)
    assert not list(validator.iter_errors(good)) and list(validator.iter_errors(bad))


# Generated flows: the rules every page keeps, and the builder never worse than page by page.

PARAGRAPH = st.integers(1, 14).flatmap(lambda n: st.builds(
    lambda tight: Block(n, n - 1 if tight and n > 2 else None, splittable=True), st.booleans()))
HEADING = st.just(Block(1, heading=True))
CHART = st.integers(5, 10).map(lambda n: Block(n, floats=True, figure=True))  # (two charts fit a page together)
TABLE = st.tuples(st.integers(1, 2), st.lists(st.integers(1, 3), min_size=1, max_size=25)).map(
    lambda t: Block(1 + t[0] + sum(t[1]) + 1, cuts=tuple(1 + t[0] + sum(t[1][:i]) for i in range(1, len(t[1]))),
                    repeat=t[0], figure=True))
FLOW = st.tuples(st.lists(st.one_of(PARAGRAPH, PARAGRAPH, PARAGRAPH, HEADING, CHART, TABLE), max_size=30),
                 PARAGRAPH).map(lambda t: [*t[0], t[1]])  # (text ends a flow, not a heading)


def greedy(blocks: list[Block], first: int) -> list[Page]:
    pages, position, room = [], Position(), first
    while True:
        page = fill(blocks, position, room, 22)
        pages.append(page)
        if page.done:
            return pages
        position, room = page.next, 22


def total(blocks: list[Block], pages: list[Page], first: int) -> float:
    return sum(cost(blocks, page, first if number == 0 else 22, 22) for number, page in enumerate(pages))


@given(FLOW, st.integers(8, 22), st.sampled_from([0, 2]))
def test_generated_flows_keep_the_page_rules(blocks, first, closer):
    pages = paginate(blocks, first, 22, closer)
    assert total(blocks, pages, first) <= total(blocks, greedy(blocks, first), first) + 1e-9
    if closer:  # pages set closer only where that makes the document cheaper, never dearer
        assert total(blocks, pages, first) <= total(blocks, paginate(blocks, first, 22), first) + 1e-9
    shown: dict[int, list[tuple[int, int, int]]] = {}  # block → (page, first, end)
    for number, page in enumerate(pages):
        room = first if number == 0 else 22
        assert page.used <= room + page.closer and page.closer <= closer
        if page.closer:  # a whole page of text only: a figure is drawn in whole lines of the grid
            assert room == 22 and not any(blocks[piece.block].figure for piece in page.pieces)
        for piece in page.pieces:
            shown.setdefault(piece.block, []).append((number, piece.first, piece.end))
    for index, block in enumerate(blocks):
        parts = shown[index]
        set_tight = {index in pages[number].next.tight for number, _, _ in parts}
        assert len(set_tight) == 1  # each page shows its part of a block as set on the others
        lines = block.tight_lines if set_tight == {True} and block.tight_lines is not None else block.lines
        assert parts[0][1] == 0 and parts[-1][2] == lines  # every line shown, in order, once
        assert all(a[2] == b[1] and b[0] == a[0] + 1 for a, b in zip(parts, parts[1:]))
        if block.splittable and len(parts) > 1:  # no single line of a paragraph alone on a page
            assert all(end - start >= 2 for _, start, end in parts)
        if block.floats:  # a chart is whole, at most one page after its place in the text
            assert len(parts) == 1
            before = shown[index - 1][-1][0] if index else 0
            assert parts[0][0] - before <= 1
    for page in pages:  # a chart never stands between two pieces of a paragraph
        for above, below in zip(page.pieces, page.pieces[1:]):
            if blocks[below.block].splittable and below.first:
                assert not blocks[above.block].floats
    for page in pages[:-1]:  # a heading at a page foot keeps lines of what follows under it
        assert not (page.pieces and blocks[page.pieces[-1].block].heading), "heading at a page foot"


def test_the_closing_never_stands_alone_after_a_table_and_the_checker_names_the_short_page(tmp_path):
    # The request with its table cut to 8 rows: page by page, the table ended 4 lines above
    # page 3's foot and “妥否，请批示。” went alone with the 署名 to page 4.
    import yaml
    edition = yaml.safe_load((OWN / "request" / "edition.yaml").read_text(encoding="utf-8"))
    table = edition["sections"][2]["body"][1]
    table["rows"] = table["rows"][:8]
    folder = tmp_path / "request"
    folder.mkdir()
    (folder / "edition.yaml").write_text(yaml.safe_dump(edition, allow_unicode=True), encoding="utf-8")
    fills = page_fill(plans_of(folder))
    signed = next(f for f in fills if f.closing_body is not None)
    assert signed.closing_body >= 2 or signed.closing_rows  # text of the body shares its page
    assert_short_pages_named(folder, tmp_path / "out.pdf")  # any short page named (the report's page 4 is)


def test_the_docx_starts_a_page_where_the_writer_broke_it(tmp_path):
    import re
    import zipfile
    body = [paragraph(2), {"page_break": True}, "另起一页的这一段写在分页之后。", paragraph(1)]
    folder = write_content(tmp_path / "c", body=body)
    docx = tmp_path / "out.docx"
    api.build(folder, docx, form="docx")
    xml = zipfile.ZipFile(docx).read("word/document.xml").decode("utf-8")
    paragraphs = re.findall(r"<w:p>.*?</w:p>|<w:p .*?</w:p>", xml)
    breaking = [p for p in paragraphs if "<w:pageBreakBefore/>" in p and "AttachmentLabel" not in p]
    assert len(breaking) == 1 and "另起一页" in re.sub(r"<[^>]+>", "", breaking[0])
