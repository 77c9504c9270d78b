"""briefing serve over plain HTTP: the safety rules, saving, figures, outputs and only changed
pages re-sent (a real server on a loopback port; raw requests, paths sent as written)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from serving import EDITION, free_port, request, served, state_when, write_content

from briefing.serve.files import set_field

SEND = {"X-Briefing": "1"}


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    root = tmp_path_factory.mktemp("desk")
    folder = write_content(root / "content")
    (root / "secret.yaml").write_text("password: 1\n", encoding="utf-8")
    (folder / "link.yaml").symlink_to(root / "secret.yaml")
    with served(folder) as (running, port):
        state_when(port, lambda s: s["ok"] is True)
        yield running, port, folder


def test_pages_have_keys_images_and_sources(desk):
    _, port, _ = desk
    state = state_when(port, lambda s: s["ok"] is True)
    assert len(state["pages"]) == 2
    first = state["pages"][0]
    status, image, headers = request(port, "GET", f"/pages/{first['key']}.png")
    assert status == 200 and image[:8] == b"\x89PNG\r\n\x1a\n" and "immutable" in headers["cache-control"]
    body = [line for line in first["lines"] if line["role"] == "正文"]
    # Each printed line of a paragraph names the YAML line its paragraph starts on.
    assert body[0]["text"].startswith("为切实做好") and (body[0]["file"], body[0]["line"]) == ("edition.yaml", 9)
    assert any(line["text"].startswith("一是抓好农资") and line["line"] == 12 for line in body)
    title = next(line for line in first["lines"] if line["role"] == "标题")
    assert (title["file"], title["line"]) == ("edition.yaml", 4)


@pytest.mark.parametrize("path", [
    "/api/file?path=../secret.yaml",
    "/api/file?path=%2e%2e/secret.yaml",
    "/api/file?path=%2E%2E%2Fsecret.yaml",
    "/api/file?path=/etc/passwd",
    "/api/file?path=link.yaml",  # a link out of the content folder
    "/api/file?path=.edition.yaml.bak",
    "/outputs/../content/edition.yaml",
    "/outputs/%2e%2e/content/edition.yaml",
    "/outputs/..%2f..%2fsecret.yaml",
    "/static/..%2f..%2f__init__.py",
])
def test_nothing_outside_is_served(desk, path):
    _, port, _ = desk
    status, body, _ = request(port, "GET", path)
    assert status in (403, 404), (path, status)
    assert b"password" not in (body if isinstance(body, bytes) else str(body).encode())


def test_host_origin_and_marker_are_required(desk):
    _, port, _ = desk
    assert request(port, "GET", "/api/files")[0] == 200
    assert request(port, "GET", "/api/files", headers={"Host": f"evil.example:{port}"})[0] == 403  # DNS rebinding
    assert request(port, "GET", "/api/files", headers={"Origin": "http://evil.example"})[0] == 403
    change = {"path": "edition.yaml", "text": "x", "hash": "0"}
    assert request(port, "PUT", "/api/file", change)[0] == 403  # no X-Briefing
    assert request(port, "PUT", "/api/file", change, {**SEND, "Origin": "http://evil.example"})[0] == 403
    assert request(port, "POST", "/api/outputs", {"what": "pdf"}, {"Origin": f"http://127.0.0.1:{port}"})[0] == 403


def test_save_is_atomic_with_backup_and_refuses_a_conflict(desk):
    _, port, folder = desk
    path = folder / "figures.yaml"
    status, read, _ = request(port, "GET", "/api/file?path=figures.yaml")
    assert status == 200 and read["text"] == path.read_text(encoding="utf-8")
    before = read["text"]
    changed = before.replace("粮食播种面积", "粮食作物播种面积")
    status, saved, _ = request(port, "PUT", "/api/file", {"path": "figures.yaml", "text": changed, "hash": read["hash"]}, SEND)
    assert status == 200, saved
    assert path.read_text(encoding="utf-8") == changed
    assert (folder / ".figures.yaml.bak").read_text(encoding="utf-8") == before
    # The page still holds the first hash: the file changed since, so nothing is written.
    status, refused, _ = request(port, "PUT", "/api/file", {"path": "figures.yaml", "text": "figures: []\n", "hash": read["hash"]}, SEND)
    assert status == 409 and refused["current"] == saved["hash"]
    assert path.read_text(encoding="utf-8") == changed
    path.write_text(before, encoding="utf-8")


def test_a_figure_set_in_the_table_lands_in_its_file_and_lists_its_uses(desk):
    _, port, folder = desk
    state_when(port, lambda s: s["ok"] is True)
    status, table, _ = request(port, "GET", "/api/figures")
    assert status == 200
    (row,) = table["figures"]
    assert row["id"] == "grain-area" and row["fields"]["value"] == "12.6"
    assert [(use["file"], use["line"]) for use in row["uses"]] == [("edition.yaml", 9)]
    status, _, _ = request(port, "PUT", "/api/figure", {"id": "grain-area", "key": "value", "value": "13.1",
                                                        "hash": table["hash"]}, SEND)
    assert status == 200
    text = (folder / "figures.yaml").read_text(encoding="utf-8")
    assert "    value: 13.1\n" in text and "# 指标登记表" in text
    state = state_when(port, lambda s: s["ok"] and any("13.1万亩" in line["text"] for line in s["pages"][0]["lines"]))
    assert state["ok"]
    (folder / "figures.yaml").write_text(text.replace("13.1", "12.6"), encoding="utf-8")


def test_only_the_changed_page_gets_a_new_key(desk):
    _, port, folder = desk
    before = state_when(port, lambda s: s["ok"] is True and _shows(s, "12.6万亩") and not _shows(s, "3月12日"))
    edition = folder / "edition.yaml"
    edition.write_text(EDITION.replace("3月10日", "3月12日"), encoding="utf-8")
    after = state_when(port, lambda s: s["ok"] is True and _shows(s, "3月12日"))
    assert after["pages"][0]["key"] == before["pages"][0]["key"]
    assert after["pages"][1]["key"] != before["pages"][1]["key"]
    edition.write_text(EDITION, encoding="utf-8")


def _shows(state: dict, text: str) -> bool:
    return any(text in line["text"] for page in state["pages"] for line in page["lines"])


def test_outputs_build_one_at_a_time_and_download(desk, monkeypatch):
    _, port, folder = desk
    state_when(port, lambda s: s["ok"] is True)
    from briefing.serve import app
    running, go_on = threading.Event(), threading.Event()
    distribute = app.distribute

    def held(*arguments, **keywords):  # (the job stays running until the second request is answered)
        running.set()
        go_on.wait(30)
        return distribute(*arguments, **keywords)

    monkeypatch.setattr(app, "distribute", held)
    assert request(port, "POST", "/api/outputs", {"what": "distribute"}, SEND)[0] == 202
    assert running.wait(30)
    assert request(port, "POST", "/api/outputs", {"what": "pdf"}, SEND)[0] == 409  # one job at a time
    go_on.set()
    done = state_when(port, lambda s: s["job"] and not s["job"]["running"], timeout=120)["job"]
    assert done["step"] == "正在生成分发件 2/2"  # its progress, copy by copy: one copy for each 主送机关
    assert done["error"] is None and any(name.endswith("发文登记.csv") or name.endswith(".csv") for name in done["files"])
    assert request(port, "POST", "/api/outputs", {"what": "pdf"}, SEND)[0] == 202
    done = state_when(port, lambda s: s["job"]["what"] == "pdf" and not s["job"]["running"], timeout=120)["job"]
    (name,) = done["files"]
    status, pdf, _ = request(port, "GET", "/outputs/" + "/".join(map(_quoted, name.split("/"))))
    assert status == 200 and pdf[:5] == b"%PDF-" and pdf == (folder.parent / "dist" / name).read_bytes()


def _quoted(part: str) -> str:
    from urllib.parse import quote
    return quote(part)


def test_a_token_guards_any_other_address(tmp_path):
    folder = write_content(tmp_path / "content")
    with served(folder, token="s3cret-token") as (_, port):
        assert request(port, "GET", "/api/files")[0] == 401
        assert request(port, "GET", "/api/files?token=wrong")[0] == 401
        status, _, headers = request(port, "GET", "/api/files?token=s3cret-token")
        assert status == 200 and "briefing_token=s3cret-token" in headers["set-cookie"]
        assert request(port, "GET", "/api/files", headers={"Cookie": "briefing_token=s3cret-token"})[0] == 200
        # A reader over the network sees this content folder only, not other folders to compare with.
        status, body, _ = request(port, "GET", f"/api/diff?token=s3cret-token&against={_quoted(str(folder))}")
        assert status == 403 and "git 版本" in body["error"]


def test_revisions_compare_another_folder_but_never_pass_an_option_to_git(desk, tmp_path):
    _, port, folder = desk
    other = write_content(tmp_path / "old")
    (other / "figures.yaml").write_text((other / "figures.yaml").read_text(encoding="utf-8").replace("12.6", "12.0"),
                                        encoding="utf-8")
    status, body, _ = request(port, "GET", f"/api/diff?against={_quoted(str(other))}")
    assert status == 200 and "〖12.0〗万亩" in body["report"] and "〖12.6〗万亩" in body["report"]
    written = tmp_path / "archive.tar"
    status, body, _ = request(port, "GET", f"/api/diff?against={_quoted('--output=' + str(written))}")
    assert status == 400 and "不能以“-”开头" in body["error"] and not written.exists()


def test_set_field_keeps_comments_and_adds_missing_keys():
    text = "figures:\n  - id: a   # first\n    value: 1.5  # as printed\n    unit: 家\n\n  # next group\n  - id: b\n    value: 2\n"
    assert set_field(text, 2, 5, "value", "1.75") == text.replace("value: 1.5  #", "value: 1.75  #")
    added = set_field(text, 2, 5, "rank", "居全市第一")
    assert added.splitlines()[4] == '    rank: "居全市第一"' and added.count("rank") == 1
    assert set_field(text, 2, 5, "unit", "") == text.replace("    unit: 家\n", "")
    assert set_field(text, 7, 5, "unit", "个").endswith("    value: 2\n    unit: \"个\"\n")


def test_serve_command_binds_loopback_and_stops_on_ctrl_c(tmp_path):
    folder = write_content(tmp_path / "content")
    port = free_port()
    environment = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    process = subprocess.Popen([sys.executable, "-m", "briefing", "serve", str(folder), "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment)
    try:
        first = process.stdout.readline()
        assert f"http://127.0.0.1:{port}/" in first and "token" not in first
        assert _listening(port) == ["127.0.0.1"]  # the loopback only, no other address of this machine
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=15)
        assert process.returncode == 0 and "工作台已停止" in out, err
    finally:
        if process.poll() is None:
            process.kill()


def _listening(port: int) -> list[str]:
    """The IPv4 addresses a socket listens on at `port`, from /proc/net/tcp (state 0A: LISTEN)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        found = []
        for row in Path("/proc/net/tcp").read_text().splitlines()[1:]:
            local, state = row.split()[1], row.split()[3]
            address, at = local.split(":")
            if state == "0A" and int(at, 16) == port:
                found.append(".".join(str(b) for b in reversed(bytes.fromhex(address))))
        if found:
            return found
        time.sleep(0.1)
    return []


def test_serve_without_a_content_folder_says_so(tmp_path):
    result = subprocess.run([sys.executable, "-m", "briefing", "serve", str(tmp_path), "--port", str(free_port())],
                            capture_output=True, text=True, timeout=60,
                            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)})
    assert result.returncode == 2 and "没有 edition.yaml" in result.stderr and "Traceback" not in result.stderr


def test_serve_without_starlette_says_what_to_install(tmp_path):
    folder = write_content(tmp_path / "content")
    script = ("import sys; sys.modules['starlette'] = None; sys.argv = ['briefing', 'serve', sys.argv[1]]; "
              "from briefing.__main__ import run; run()")
    result = subprocess.run([sys.executable, "-c", script, str(folder)], capture_output=True, text=True, timeout=60,
                            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)})
    assert result.returncode == 2 and "pip install 'briefing[serve]'" in result.stderr, result.stderr
