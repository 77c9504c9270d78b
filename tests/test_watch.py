"""briefing build --watch: rebuilds on change, survives a broken edit, keeps the last good PDF."""
import queue
import subprocess
import sys
import threading
import time

import pdfplumber

from test_content_errors import replace

TIMEOUT = 60  # seconds for any one step; each step ends as soon as it is seen


def reader(stream, lines: queue.Queue) -> None:
    for line in stream:
        lines.put(line)


def wait_for(lines: queue.Queue, needle: str) -> str:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.1)
        except queue.Empty:
            continue
        if needle in line:
            return line
    raise AssertionError(f"no “{needle}” within {TIMEOUT} s")


def pdf_text(path) -> str:
    with pdfplumber.open(str(path)) as pdf:
        return "".join(page.extract_text() or "" for page in pdf.pages)


def test_watch_rebuilds_reports_errors_and_recovers(content, tmp_path):
    target = tmp_path / "watched.pdf"
    process = subprocess.Popen([sys.executable, "-m", "briefing", "build", str(content), "-o", str(target),
                                "--watch"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=reader, args=(process.stdout, lines), daemon=True).start()
    try:
        wait_for(lines, "已生成")
        assert "3759" in pdf_text(target)
        replace(content / "figures.yaml", "value: 3759", "value: 3790")
        wait_for(lines, "已生成")
        assert "3790" in pdf_text(target) and "3759" not in pdf_text(target)
        good = target.read_bytes()
        replace(content / "edition.yaml", "issuer: 福州市科学技术局", "issuer: [福州市科学技术局")
        error = wait_for(lines, "错误")
        assert "edition.yaml" in error
        wait_for(lines, "未能生成")
        assert process.poll() is None  # still watching
        assert target.read_bytes() == good  # the last good PDF stays
        replace(content / "edition.yaml", "issuer: [福州市科学技术局", "issuer: 福州市科学技术局")
        wait_for(lines, "已生成")
        assert "3790" in pdf_text(target)
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_a_command_runs_without_the_cycle_collector_and_watch_mode_with_it(content, tmp_path):
    """A one-shot command ends the process, so the collector is off (briefing.__main__): no full
    pass over the pages a build made; watch mode goes on and collects."""
    probe = ("import gc, sys\n"
             "from briefing import __main__, watch\n"
             "__main__._leave = lambda code: print('on' if gc.isenabled() else 'off', code)\n"
             "if sys.argv[1] == 'watch':\n"
             "    watch.time.sleep = lambda seconds: None\n"
             "    rounds = iter([True, False])\n"
             "    original = watch.watch\n"
             "    watch.watch = lambda *args: original(*args, keep_going=lambda: next(rounds))\n"
             "sys.argv = ['briefing', '-q', 'build', sys.argv[2], '-o', sys.argv[3], *sys.argv[4:]]\n"
             "__main__.run()\n")
    once = subprocess.run([sys.executable, "-c", probe, "once", str(content), str(tmp_path / "a.pdf")],
                          capture_output=True, text=True)
    assert once.stdout.split() == ["off", "0"] and (tmp_path / "a.pdf").exists()
    watching = subprocess.run([sys.executable, "-c", probe, "watch", str(content), str(tmp_path / "b.pdf"), "--watch"],
                              capture_output=True, text=True)
    assert watching.stdout.split()[-2:] == ["on", "0"] and (tmp_path / "b.pdf").exists()
