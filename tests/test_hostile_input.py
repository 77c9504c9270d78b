"""Careless and hostile input (issue 9): a clear error with file and line, never a crash,
a hang or a lost file."""
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

from briefing import api
from briefing.errors import ContentError
from briefing.load import MAX_NODES


def errors_of(folder):
    with pytest.raises(ContentError) as caught:
        api.check(folder)
    return [p for p in caught.value.problems if not p.warning]


def set_line(path: Path, prefix: str, line: str) -> int:
    """Replace the line starting with `prefix` (and a list under it); its line number."""
    lines = path.read_text(encoding="utf-8").split("\n")
    number = next(i for i, text in enumerate(lines) if text.startswith(prefix))
    end = number + 1
    while end < len(lines) and lines[end].startswith(("  -", "- ")):
        end += 1
    lines[number:end] = [line]
    path.write_text("\n".join(lines), encoding="utf-8")
    return number + 1


def test_alias_bomb_is_refused_fast(content):
    bomb = ['a0: &a0 ["一二三四五六七八九十"]']
    for level in range(1, 12):
        bomb.append(f"a{level}: &a{level} [{', '.join([f'*a{level - 1}'] * 9)}]")
    edition = content / "edition.yaml"
    edition.write_text("\n".join(bomb) + "\n" + edition.read_text(encoding="utf-8"), encoding="utf-8")
    started = time.perf_counter()
    problems = errors_of(content)
    assert time.perf_counter() - started < 5
    assert any("别名" in p.message and str(MAX_NODES) in p.message for p in problems)
    assert all(p.where.file.name == "edition.yaml" for p in problems if p.where)


def test_alias_that_contains_itself(content):
    edition = content / "edition.yaml"
    line = set_line(edition, "cc:", "cc: &loop [一个单位, *loop]")
    problems = errors_of(content)
    assert any("循环引用" in p.message and p.where.line == line for p in problems)


@pytest.mark.parametrize("value", ["!!python/object/apply:os.system [ls]",
                                   "!!python/object/apply:builtins.dict {a: b}", "!!binary aGk=", "!!set {a}"])
def test_every_non_standard_tag_is_refused(content, value):
    line = set_line(content / "edition.yaml", "cc:", f"cc: {value}")
    problems = errors_of(content)
    assert [p.where.line for p in problems] == [line]  # reported once, no follow-on error
    assert "YAML 标签" in problems[0].message


def test_unquoted_iso_date_is_told_the_chinese_form(content):
    line = set_line(content / "edition.yaml", "date:", "date: 2023-02-06")
    (problem,) = errors_of(content)
    assert problem.where.line == line and "2023年2月6日" in problem.hint


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f", "\u202e", "\u2066", "\u0085\u0086"])
def test_control_and_bidi_characters_are_refused(content, char):
    line = set_line(content / "edition.yaml", "printer:", f"printer: 福州市{char}科学技术局办公室")
    problems = errors_of(content)
    assert problems and all(p.where.line == line for p in problems)
    assert "U+" in problems[0].message


def test_escaped_control_character_is_refused(content):
    line = set_line(content / "edition.yaml", "printer:", 'printer: "福州市\\u202e科学技术局办公室"')
    (problem,) = errors_of(content)
    assert problem.where.line == line and "U+202E" in problem.message


def test_word_line_breaks_and_odd_spaces_are_joined(content, tmp_path):
    edition = content / "edition.yaml"
    set_line(edition, "printer:", "printer: 福州市科学\x0b技术局\u2028办公室\u3000")
    set_line(edition, "print_date:", 'print_date: "2023年2月\\v6日"')
    text = edition.read_text(encoding="utf-8")
    edition.write_text(text.replace("issuer: 福州市科学技术局", "issuer: 福州市\u2003科学技术局\u200b"), encoding="utf-8")
    checked = api.check(content)
    edition_model = checked.document.edition
    assert edition_model.printer.value == "福州市科学技术局办公室"
    assert edition_model.print_date.value == "2023年2月6日"
    assert edition_model.issuer.value == "福州市科学技术局"


def test_non_utf8_names_the_line(content):
    edition = content / "edition.yaml"
    data = edition.read_bytes().replace("issuer: 福州".encode(), "issuer: ".encode() + "福州".encode("gbk"))
    edition.write_bytes(data)
    (problem,) = errors_of(content)
    assert problem.where.line == data[:data.index(b"issuer:")].count(b"\n") + 1
    assert "UTF-8" in problem.message


def test_unclosed_bracket_is_reported_where_it_opened(content):
    line = set_line(content / "edition.yaml", "cc:", "cc: [福州市人民政府办公厅, 福州市财政局")
    (problem,) = errors_of(content)
    assert problem.where.line == line


@pytest.mark.parametrize("copies, ok", [("0x2", True), ("2", True), ("0", False), ("-1", False), ("1000000", False)])
def test_yaml_integers_are_read_by_yaml_rules(content, copies, ok):
    set_line(content / "edition.yaml", "cc:", f"cc: [{{name: 福州市财政局, copies: {copies}}}]")
    if ok:
        checked = api.check(content)
        assert checked.document.edition.distribution[-1][1] == int(copies, 0)
    else:
        (problem,) = errors_of(content)
        assert "copies" in problem.message


def _editorial_count(folder) -> int:
    def flags(sections):
        for section in sections:
            yield section.editorial
            yield from flags(section.sections)

    return sum(f for a in api.check(folder).document.edition.attachments for f in flags(a.sections))


@pytest.mark.parametrize("word, expected", [("TRUE", True), ("Yes", True), ("on", True), ("false", False), ("No", False)])
def test_yaml_booleans(content, word, expected):
    before = _editorial_count(content)
    plan = content / "plan-2023.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(re.sub(r"(?m)^(\s+)editorial: true", rf"\1editorial: {word}", text, count=1), encoding="utf-8")
    assert _editorial_count(content) == before - (0 if expected else 1)


def test_symlinked_edition_outside_the_folder_is_refused(content, tmp_path):
    outside = tmp_path / "elsewhere.yaml"
    outside.write_bytes((content / "edition.yaml").read_bytes())
    (content / "edition.yaml").unlink()
    (content / "edition.yaml").symlink_to(outside)
    (problem,) = errors_of(content)
    assert "链接" in problem.message


def _seal(content, name: str) -> int:
    edition = content / "edition.yaml"
    text = edition.read_text(encoding="utf-8")
    edition.write_text(text + f"seal: {name}\n", encoding="utf-8")
    return len(text.split("\n"))


def _png(path: Path, size=(200, 200)) -> None:
    Image.new("RGBA", size, (230, 0, 0, 255)).save(path)


@pytest.mark.parametrize("damage", ["text", "truncated-png", "truncated-jpeg", "huge"])
def test_bad_seal_images_are_refused_by_check(content, damage):
    name = "seal.jpg" if damage == "truncated-jpeg" else "seal.png"
    path = content / name
    if damage == "text":
        path.write_text("not an image")
    elif damage == "huge":
        Image.new("1", (5000, 5000)).save(path)
    else:
        _png(path) if name.endswith(".png") else Image.new("RGB", (400, 400), (200, 30, 30)).save(path, quality=95)
        path.write_bytes(path.read_bytes()[: path.stat().st_size * 2 // 3])
    line = _seal(content, name)
    (problem,) = errors_of(content)
    assert problem.where.line == line and name in problem.message


def test_a_good_seal_passes(content):
    _png(content / "seal.png")
    _seal(content, "seal.png")
    assert api.check(content).document.edition.seal is not None


@pytest.mark.parametrize("data", [b"", b"\x00\x01", b"OTTO" + b"\x00" * 40, b"just text, not a font"])
def test_damaged_font_file_is_named(content, data):
    (content / "broken.ttf").write_bytes(data)
    edition = content / "edition.yaml"
    edition.write_text(edition.read_text(encoding="utf-8") + "fonts:\n  kaiti: broken.ttf\n", encoding="utf-8")
    problems = errors_of(content)
    assert problems and "broken.ttf" in problems[0].message


# --- outputs: never over an input, never half-written ------------------------------

def run_cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "briefing", *map(str, args)], capture_output=True,
                          text=True, cwd=cwd, timeout=120)


def test_output_over_an_input_is_refused_and_the_input_kept(content):
    edition = content / "edition.yaml"
    before = edition.read_bytes()
    result = run_cli("build", content, "-o", edition)
    assert result.returncode == 2 and "覆盖" in result.stderr and "Traceback" not in result.stderr
    assert edition.read_bytes() == before
    for target in (content, content / "figures.yaml", content / "new.pdf", content.parent / "assets" / "x.pdf"):
        with pytest.raises(ContentError):
            api.build(content, target)


def test_output_suffix_must_be_pdf_unless_forced(content, tmp_path):
    with pytest.raises(ContentError) as caught:
        api.build(content, tmp_path / "out.txt")
    assert "--force" in str(caught.value)
    assert not (tmp_path / "out.txt").exists()
    assert api.build(content, tmp_path / "out.txt", force=True).path.read_bytes()[:5] == b"%PDF-"


def test_unwritable_output_fails_before_rendering(content, tmp_path):
    (tmp_path / "file.txt").write_text("x")
    for target in (tmp_path / "file.txt" / "out.pdf", tmp_path / ("长" * 90 + ".pdf")):
        with pytest.raises(ContentError) as caught:
            api.build(content, target)
        assert str(target.parent.name) in str(caught.value) or "太长" in str(caught.value)


def test_long_title_without_output_gets_a_usable_name(content, tmp_path):
    edition = content / "edition.yaml"
    text = edition.read_text(encoding="utf-8")
    text = text.replace("output: 福州市科学技术局关于印发2022年科技工作总结及2023年工作思路的通知\n", "")
    edition.write_text(text.replace("title: 福州市", "title: " + "关于进一步加强" * 8 + "福州市"), encoding="utf-8")
    built = api.build(content)
    assert built.path.is_file() and len(built.path.name.encode()) <= 255


def test_output_mode_follows_umask_and_keeps_the_previous_mode(content, tmp_path):
    target = tmp_path / "out.pdf"
    old = os.umask(0o022)
    try:
        api.build(content, target)
        assert target.stat().st_mode & 0o777 == 0o644
        target.chmod(0o640)
        api.build(content, target)
        assert target.stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(old)


def test_stale_part_files_of_killed_builds_are_removed(content, tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f".out-{dead.pid}-abc123.part"
    live = tmp_path / f".out-{os.getpid()}-def456.part"
    foreign = tmp_path / ".notes.part"
    for path in (stale, live, foreign):
        path.write_bytes(b"")
    api.build(content, tmp_path / "out.pdf")
    assert not stale.exists() and live.exists() and foreign.exists()


def test_ctrl_c_ends_in_one_line_and_keeps_the_pdf(content, tmp_path):
    target = tmp_path / "out.pdf"
    api.build(content, target)
    before = target.read_bytes()
    interrupted = (130, -signal.SIGINT)  # exit 130, or ended by the signal (a shell shows 130 for both)
    for delay in (0.1, 0.2, 0.3, 0.5, 0.8):
        # (Ctrl+C as a terminal sends it: a suite started in the background, which ignores SIGINT, would
        # hand that on to the build, and Python leaves an ignored SIGINT ignored)
        process = subprocess.Popen([sys.executable, "-m", "briefing", "build", str(content), "-o", str(target)],
                                   stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                   preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        time.sleep(delay)
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
        if process.returncode in interrupted:
            break
    assert process.returncode in interrupted, err
    assert "已中断" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert target.read_bytes() == before
    assert not list(tmp_path.glob(".*.part"))


@pytest.mark.parametrize("data", [b"hello", b"%PDF-1.4\n1 0 obj", b""])
def test_check_pdf_refuses_what_is_not_a_pdf(tmp_path, data):
    path = tmp_path / "x.pdf"
    path.write_bytes(data)
    result = run_cli("check", "--pdf", path)
    assert result.returncode == 2 and "无法检查" in result.stderr and "Traceback" not in result.stderr


def test_check_pdf_refuses_an_encrypted_pdf(built, tmp_path):
    from pypdf import PdfReader, PdfWriter
    writer = PdfWriter(clone_from=PdfReader(str(built)))
    writer.encrypt("secret")
    writer.write(str(tmp_path / "locked.pdf"))
    result = run_cli("check", "--pdf", tmp_path / "locked.pdf")
    assert result.returncode == 2 and "已加密" in result.stderr


def test_an_unknown_key_does_not_hide_other_errors(content):
    edition = content / "edition.yaml"
    set_line(edition, "date:", "date: 2023年02月06日")
    text = edition.read_text(encoding="utf-8")
    edition.write_text(text.replace("printer:", "priner:"), encoding="utf-8")
    messages = " ".join(p.message for p in errors_of(content))
    assert "未知的键" in messages and "成文日期" in messages


def test_a_file_name_the_file_system_refuses_is_reported(content):
    """Found by fuzzing: an include of a 3000-character name ended in OSError."""
    attachment = content / "attachment.yaml"
    text = attachment.read_text(encoding="utf-8")
    attachment.write_text(text.replace("include: plan-2023.yaml", "include: " + "x" * 3000 + ".yaml"), encoding="utf-8")
    problems = errors_of(content)
    assert problems and "不存在" in problems[0].message and problems[0].where.file.name == "attachment.yaml"


def test_the_command_ends_with_its_exit_code_and_everything_it_printed(content, tmp_path):
    """The command leaves without tearing the interpreter down (briefing.__main__): what it
    printed to a pipe must all arrive, with the exit code click or the command chose."""
    def briefing(*args):
        return subprocess.run([sys.executable, "-m", "briefing", *map(str, args)], capture_output=True, text=True)
    done = briefing("build", content, "-o", tmp_path / "out.pdf")
    assert done.returncode == 0 and "已生成" in done.stdout and "待定内容" in done.stderr
    assert (tmp_path / "out.pdf").read_bytes().startswith(b"%PDF")
    missing = briefing("build", tmp_path / "nowhere")
    assert missing.returncode == 2 and "不存在" in missing.stderr and "未能完成" in missing.stderr
    missing = briefing("build", tmp_path / "nowhere", "--format", "ofd")  # (no PDF promised for an OFD)
    assert missing.returncode == 2 and "已有的输出文件保持不变" in missing.stderr and "PDF" not in missing.stderr
    usage = briefing("build", "--no-such-option")
    assert usage.returncode == 2 and "--no-such-option" in usage.stderr
    assert briefing("--version").returncode == 0
