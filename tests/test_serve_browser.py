"""briefing serve in a real browser: Debian's Chromium driven by Playwright (no browser download).
One server and one browser for the module; each test leaves the content as it found it."""
from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from serving import EDITION, served, write_content

from briefing.serve.desk import measure_pdf

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip("没有 /usr/bin/chromium（Debian 的 chromium 包）：跳过浏览器测试。", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="没有安装 playwright：跳过浏览器测试。")

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]
NAMED = {"name": "测试注入的不合格项", "clause": "7.3.1", "measured": "第1页“为切实做好今年…”", "nominal": "—", "ok": False}
SAVE_TO_PAGE: list[float] = []  # seconds from saving a file to the page showing it (printed at the end)


def measure_and_fail(path: Path) -> list[dict]:
    """The real measurement (`check --pdf --json`), plus one failure naming a line the way the
    checker names lines: our own PDFs pass every check, and the outline is what is tested here."""
    checks = measure_pdf(path)
    assert checks and not any(check["ok"] is False for check in checks), checks  # (None: 未测)
    return [*checks, NAMED]


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    root = tmp_path_factory.mktemp("browser")
    folder = write_content(root / "content")
    (root / "secret.yaml").write_text("password: 1\n", encoding="utf-8")
    with served(folder, measure=measure_and_fail) as (_, port), sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(f"http://127.0.0.1:{port}/")
        page.wait_for_function("document.querySelectorAll('.page img').length === 2", timeout=60_000)
        yield page, folder, f"http://127.0.0.1:{port}"
        browser.close()
    if SAVE_TO_PAGE:
        print(f"\nsave → page updated: {', '.join(f'{s:.2f}' for s in SAVE_TO_PAGE)} s")


def restore(page, folder: Path) -> None:
    (folder / "edition.yaml").write_text(EDITION, encoding="utf-8")
    page.wait_for_function("current.ok && current.pages.some(p => p.lines.some(l => l.text.includes('3月10日')))"
                           " && !current.pages.some(p => p.lines.some(l => l.text.includes('逾期')))", timeout=30_000)


def test_pages_are_shown_and_a_line_opens_its_source(desk):
    page, _, _ = desk
    # Both pages drawn, at the preview's 110 dpi (an A4 page 910 px wide).
    page.wait_for_function("[...document.querySelectorAll('.page img')].every(i => i.complete && i.naturalWidth === 910)")
    assert page.locator("#thumbs img").count() == 2
    page.locator(".page").nth(0).locator(".line[title*='edition.yaml:9']").first.click()
    assert "edition.yaml:9" in page.inner_text("#source")
    # The editor shows the file, the printed line's own YAML line chosen.
    page.wait_for_function("view.state.doc.lineAt(view.state.selection.main.head).text.includes('为切实做好')")


def test_an_edit_on_disk_updates_only_its_page(desk):
    page, folder, _ = desk
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url) if "/pages/" in request.url else None)
    first, second = (page.locator(".page img").nth(i).get_attribute("src") for i in (0, 1))
    for before, after in (("3月10日", "3月12日"), ("3月12日", "3月10日")):
        text = (folder / "edition.yaml").read_text(encoding="utf-8")
        fetched.clear()
        saved = time.monotonic()
        (folder / "edition.yaml").write_text(text.replace(before, after), encoding="utf-8")
        page.wait_for_function(f"document.querySelectorAll('.page img')[1].getAttribute('src') !== {second!r}"
                               " && document.querySelectorAll('.page img')[1].complete", timeout=30_000)
        SAVE_TO_PAGE.append(time.monotonic() - saved)
        second = page.locator(".page img").nth(1).get_attribute("src")
        assert page.locator(".page img").nth(0).get_attribute("src") == first  # page 1 did not change
        assert len(fetched) <= 2 and all(second in url for url in fetched)  # the page and its thumbnail only
    assert SAVE_TO_PAGE[-1] < 10


def test_a_broken_file_shows_where_and_the_fix_clears_it(desk):
    page, folder, _ = desk
    (folder / "edition.yaml").write_text(EDITION.replace("printer:", "printr:"), encoding="utf-8")
    page.wait_for_function("document.querySelector('#status').className === 'error'", timeout=30_000)
    problems = page.inner_text("#problems")
    assert "edition.yaml:25:1" in problems and "修改建议：您是不是想写“printer”" in problems
    assert "上次成功生成的页面" in page.inner_text("#status")
    assert page.locator(".page.stale img").count() == 2  # the last good pages stay
    restore(page, folder)
    page.wait_for_function("document.querySelector('#status').className === 'ok'", timeout=30_000)
    assert "edition.yaml:25" not in page.inner_text("#problems")


def test_an_edit_in_the_page_is_saved_and_a_conflict_is_refused(desk):
    page, folder, _ = desk
    page.locator(".page").nth(1).locator(".line[title*='edition.yaml:21']").first.click()
    page.wait_for_function("view.state.doc.lineAt(view.state.selection.main.head).text.includes('请各乡镇')")
    page.keyboard.press("End")
    page.keyboard.type("逾期未报的予以通报。")
    page.click("#save")
    page.wait_for_function("document.querySelector('#save-status').textContent.includes('已保存')")
    assert "种植业股。逾期未报的予以通报。" in (folder / "edition.yaml").read_text(encoding="utf-8")
    assert (folder / ".edition.yaml.bak").read_text(encoding="utf-8") == EDITION
    page.wait_for_function("current.pages.some(p => p.lines.some(l => l.text.includes('逾期')))", timeout=30_000)
    # Changed on disk meanwhile: the save is refused and says so; the file on disk stays.
    outside = EDITION.replace("3月10日", "3月11日")
    (folder / "edition.yaml").write_text(outside, encoding="utf-8")
    page.locator("#editor .cm-content").click()
    page.keyboard.type("再改")
    page.click("#save")
    page.wait_for_selector("#save-status.conflict")
    assert "已在磁盘上被改动" in page.inner_text("#save-status")
    assert (folder / "edition.yaml").read_text(encoding="utf-8") == outside
    restore(page, folder)


def test_a_check_failure_is_outlined_on_its_line(desk):
    page, _, _ = desk
    mark = page.locator(".page").nth(0).locator(".mark").first
    mark.wait_for(timeout=30_000)
    assert "测试注入的不合格项" in mark.inner_text()
    line = page.locator(".page").nth(0).locator(".line[title*='edition.yaml:9']").first.bounding_box()
    box = mark.bounding_box()
    assert line and box and abs(box["y"] - line["y"]) < 3 and abs(box["x"] - line["x"]) < 3


def test_traversal_is_refused(desk):
    page, _, base = desk
    for path in ("/outputs/..%2f..%2fsecret.yaml", "/outputs/%2e%2e/%2e%2e/secret.yaml", "/static/..%2f..%2fapp.py"):
        response = page.goto(base + path)
        assert response is not None and response.status in (403, 404) and "password" not in page.content()
    page.goto(base + "/")
    page.wait_for_function("document.querySelectorAll('.page img').length === 2", timeout=30_000)
    status = page.evaluate("fetch('/api/file?path=' + encodeURIComponent('../secret.yaml')).then(r => r.status)")
    assert status == 403


def test_chromium_is_what_runs(desk):
    assert shutil.which(str(CHROMIUM))
