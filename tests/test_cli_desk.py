"""The command line for the people at the desk (issue 14 §3–4): --version, running from inside
the content folder, --quiet, check --json for scripts, and page previews with a contact sheet."""
import json
import subprocess
import sys
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "briefing", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd or ROOT)


def test_version():
    result = run("--version")
    assert result.returncode == 0 and result.stdout.startswith("briefing ")


def test_running_inside_the_content_folder_finds_it(content):
    (content / "notes").mkdir()
    for where in (content, content / "notes", content.parent):
        result = run("check", cwd=where)
        assert result.returncode == 0 and "检查通过" in result.stdout, (where, result.stderr)


def test_quiet_shows_errors_only(content):
    result = run("-q", "check", content)
    assert result.returncode == 0 and result.stdout == "" and result.stderr == ""
    (content / "edition.yaml").write_text("issuer: [", encoding="utf-8")
    result = run("-q", "check", content)
    assert result.returncode == 2 and "错误" in result.stderr


def test_check_json_for_scripts(content):
    report = json.loads(run("check", "--json", content).stdout)
    assert report["ok"] is True and report["problems"][0]["level"] == "warning"
    assert {"file", "line", "column", "path", "message", "suggestion"} <= set(report["problems"][0])
    edition = content / "edition.yaml"
    edition.write_text(edition.read_text(encoding="utf-8").replace("date:", "dat:", 1), encoding="utf-8")
    result = run("check", "--json", content)
    report = json.loads(result.stdout)
    assert result.returncode == 2 and report["ok"] is False
    errors = [p for p in report["problems"] if p["level"] == "error"]
    assert errors and all(p["file"].endswith("edition.yaml") and p["line"] for p in errors)


def test_check_pdf_json(built):
    result = run("check", "--pdf", built, "--json")
    report = json.loads(result.stdout)
    assert result.returncode == 0 and report["ok"] and len(report["checks"]) >= 20


def test_previews_and_contact_sheet(tmp_path):
    result = run("preview", "-o", tmp_path / "p", "--pages", "1,3-4")
    assert result.returncode == 0, result.stderr
    pages = sorted(p.name for p in (tmp_path / "p").glob("第*页.png"))
    assert pages == ["第001页.png", "第003页.png", "第004页.png"]
    page = Image.open(tmp_path / "p" / "第001页.png")
    assert abs(page.width / page.height - 210 / 297) < 0.01
    red = sum(1 for x in range(0, page.width, 3) for y in range(0, page.height // 3, 3)
              if page.getpixel((x, y))[0] > 200 and page.getpixel((x, y))[1] < 120)
    assert red > 50  # the red mark on page 1
    sheet = Image.open(tmp_path / "p" / "总览.png")
    assert sheet.width > 3 * 240 and sheet.height > 300


def test_a_bad_page_range_is_refused():
    result = run("preview", "--pages", "2-99")
    assert result.returncode == 2 and "超出了文件的" in result.stderr


import pytest  # noqa: E402


@pytest.mark.parametrize("form", ["文件", "信函", "纪要", "命令"])
def test_new_content_builds_at_once_and_passes_the_checker(tmp_path, form):
    result = run("new", tmp_path / "doc", "--format", form)
    assert result.returncode == 0, result.stderr
    assert {p.name for p in (tmp_path / "doc").iterdir()} == {"edition.yaml", "attachment.yaml", "figures.yaml", ".schema"}
    result = run("build", tmp_path / "doc", "-o", tmp_path / "doc.pdf")
    assert result.returncode == 0, result.stderr
    assert "待定内容" in result.stderr  # the placeholders, as warnings
    result = run("check", "--pdf", tmp_path / "doc.pdf")
    assert result.returncode == 0, result.stdout


def test_new_refuses_to_overwrite(tmp_path):
    (tmp_path / "doc").mkdir()
    (tmp_path / "doc" / "edition.yaml").write_text("keep me", encoding="utf-8")
    result = run("new", tmp_path / "doc")
    assert result.returncode == 2 and "不会覆盖" in result.stderr
    assert (tmp_path / "doc" / "edition.yaml").read_text(encoding="utf-8") == "keep me"


ALLOWED = {"briefing", "pdf", "PDF", "ofd", "OFD", "docx", "DOCX", "YAML", "JSON", "json", "PNG", "png", "CSV", "Schema", "content",
           "dist", "output", "edition", "yaml", "git", "HEAD", "Ctrl", "VS", "Code", "README", "GB", "debug", "help",
           "version", "quiet", "watch", "force", "format", "pages", "schema", "preview", "new", "diff", "check",
           "build", "distribute", "draft", "final", "Tab", "Traceback", "import", "Word", "WPS",
           "verify", "BRIEFING", "PKCS", "PAdES", "XMP", "RGB", "sRGB",  # (signing: a command, a variable, standards)
           "serve", "port", "host"}


def english_words(text: str) -> set[str]:
    """Latin words left in a text once the user's own input (quoted) and names are set aside."""
    import re
    text = re.sub(r"'[^']*'|“[^”]*”", "", text)
    words = set(re.findall(r"(?<![-./\w])[A-Za-z][A-Za-z]{2,}", text))
    return {w for w in words if w not in ALLOWED}


def test_no_english_in_help_screens():
    commands = ["", "build", "check", "diff", "distribute", "import", "new", "preview", "schema", "serve", "verify"]
    for command in commands:
        result = run(*([command] if command else []), "-h")
        assert result.returncode == 0
        assert english_words(result.stdout) == set(), (command, english_words(result.stdout))


@pytest.mark.parametrize("args", [["build", "--format", "xyz"], ["check", "--pdf", "/nope.pdf"], ["nope"],
                                  ["build", "--nope"], ["diff"], ["new"], ["preview", "--pages", "x"]])
def test_no_english_in_usage_errors(args):
    result = run(*args)
    assert result.returncode == 2 and english_words(result.stderr) == set(), result.stderr


def test_progress_shows_on_a_terminal_only(monkeypatch, capsys):
    from briefing import progress
    monkeypatch.setattr(progress.sys.stderr, "isatty", lambda: False)
    progress.step("正在生成分发件", 1, 2)
    progress.note("正在转换字体")
    assert capsys.readouterr().err == ""  # a pipe: nothing
    monkeypatch.setattr(progress, "shown", lambda: True)
    progress.step("正在生成分发件", 1, 2)
    progress.step("正在生成分发件", 2, 2)
    assert capsys.readouterr().err == "\r正在生成分发件 1/2\r正在生成分发件 2/2\n"  # one line, rewritten


def test_preview_watch_updates_the_pages(content, tmp_path):
    import time
    process = subprocess.Popen([sys.executable, "-m", "briefing", "preview", str(content), "-o", str(tmp_path / "p"),
                                "--pages", "1", "--watch"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        sheet = tmp_path / "p" / "总览.png"
        deadline = time.time() + 60
        while not sheet.exists() and time.time() < deadline:
            time.sleep(0.2)
        first = sheet.stat().st_mtime_ns
        edition = content / "edition.yaml"
        edition.write_text(edition.read_text(encoding="utf-8").replace("科学技术局文件", "科学技术局文件 ", 1),
                           encoding="utf-8")
        while sheet.stat().st_mtime_ns == first and time.time() < deadline:
            time.sleep(0.2)
        assert sheet.stat().st_mtime_ns != first and process.poll() is None
    finally:
        process.terminate()
        process.wait(10)
