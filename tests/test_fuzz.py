"""Fuzzing (issue 9): mutated content files and generated paragraphs end in a PDF or a
ContentError with a place, never another exception, a layout fault or a long run.

A few dozen examples run with the suite; `HYPOTHESIS_PROFILE=long python -m pytest
tests/test_fuzz.py` runs thousands (see bench/README.md)."""
from __future__ import annotations

import resource
import shutil
import signal
import time
from pathlib import Path

from hypothesis import given, strategies as st

from briefing import api
from briefing.errors import ContentError, LayoutFault

from conftest import CONTENT
from samples import write_content

FILES = sorted(p.name for p in CONTENT.glob("*.yaml"))
TIME_LIMIT = 20.0
MEMORY_LIMIT_KB = 1024 * 1024  # the process's peak resident size (ru_maxrss, KiB on Linux): 1 GiB

NASTY = ["!!python/object/apply:os.system ['ls']", "!!binary aGk=", "!foo bar", "&a", "*a", "*undefined",
         "&x [*x]", "{", "[", "]", ": ", "- ", "\t", '"\\ud800"', '"\\x00"', '"\\v"', "\x00", "\x07", "\u202e",
         "\u2066", "\u000b", "\u2028", "\u3000", "\u00a0", "\u200b", "\ufeff", "\U0001F600", "e\u0301",
         "{{rd-spending}}", "{{nope}}", "{{rd-spending.bad}}", "{待定：", "0x10", "~", "null", "yes", "2023-02-06",
         "一、", "，，", "（", "）", "《", "》", "——", "……", "x" * 3000, "科" * 3000, "http://" + "a" * 300,
         "? [a, b]\n: c", "<<: *a", "--- ", "...", "%YAML 1.1", "#", "'", '"', "|", ">",
         # issue 25: tags on any scalar, numbers out of range, unquoted YAML characters, colons
         "!!int ", "!!bool ", "!!str ", "!!float ", "!!null ", "! ", "1e400", "-1e400", "1e-400", "NaN", ".inf",
         "%", "% 百分比", "@某人", "`x`", "*", "*重点*", "&", "&amp", "联系人: 韩喆", "- 联系人: 韩喆",
         "科" * 500, "（" + "科技" * 300 + "）"]
PAYLOAD = st.one_of(st.sampled_from(NASTY), st.text(max_size=40),
                    st.text(st.characters(min_codepoint=0x3000, max_codepoint=0x9fff), max_size=80))


@st.composite
def mutated(draw):
    """(file name, new text): one to three mutations of one default content file."""
    name = draw(st.sampled_from(FILES))
    lines = (CONTENT / name).read_text(encoding="utf-8").split("\n")
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(["delete", "duplicate", "indent", "dedent", "insert", "value", "line"]))
        line = lines[at]
        if kind == "delete":
            del lines[at]
        elif kind == "duplicate":
            lines.insert(at, line)
        elif kind == "indent":
            lines[at] = "  " + line
        elif kind == "dedent":
            lines[at] = line[2:] if line.startswith("  ") else line.lstrip()
        elif kind == "insert":
            column = draw(st.integers(0, len(line)))
            lines[at] = line[:column] + draw(PAYLOAD) + line[column:]
        elif kind == "value" and ": " in line:
            lines[at] = line[:line.index(": ") + 2] + draw(PAYLOAD)
        else:
            lines.insert(at, draw(PAYLOAD))
        if not lines:
            lines = [""]
    return name, "\n".join(lines)


class Hung(Exception):
    pass


def _hung(signum, frame):
    raise Hung(f"no result after {TIME_LIMIT} s")


def outcome(folder: Path, target: Path) -> str:
    """Build; 'built' or 'refused'. Anything else fails the test that called it, a build
    that runs past the time limit too (an alarm stops it: a hang would stop the whole run)."""
    started = time.perf_counter()
    previous = signal.signal(signal.SIGALRM, _hung)
    signal.setitimer(signal.ITIMER_REAL, TIME_LIMIT)
    try:
        api.build(folder, target)
        result = "built"
    except LayoutFault:
        raise
    except ContentError as exc:
        assert exc.errors, "a ContentError without an error"
        unplaced = [str(problem) for problem in exc.errors if problem.where is None]
        assert not unplaced, f"an error in the content that names no file and line: {unplaced}"
        result = "refused"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert time.perf_counter() - started < TIME_LIMIT
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss < MEMORY_LIMIT_KB  # peak so far, this included
    return result


@given(mutated())
def test_mutated_content_builds_or_is_refused(tmp_path_factory, mutation):
    root = tmp_path_factory.mktemp("fuzz")
    folder = root / "content"
    shutil.copytree(CONTENT, folder)
    name, text = mutation
    (folder / name).write_bytes(text.encode("utf-8", "surrogatepass"))
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    outcome(folder, root / "out.pdf")
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before  # no input touched


WORDS = st.one_of(
    st.text(st.characters(min_codepoint=0x4e00, max_codepoint=0x9fa5), min_size=1, max_size=30),
    st.from_regex(r"[A-Za-z]{1,40}", fullmatch=True),
    st.from_regex(r"[0-9]{1,12}([.,][0-9]{1,3})?%?", fullmatch=True),
    st.sampled_from(["。", "，", "、", "；", "：", "？", "！", "“", "”", "（", "）", "《", "》", "——", "……", "·",
                     ",", ".", "(", ")", "-", "/", "%", "\u3000", " ", "@", "http://example.gov.cn/a/b/c",
                     "someone@example.gov.cn", "R&D", "①", "℃", "×"]),
)


@given(st.lists(st.lists(WORDS, min_size=1, max_size=40).map("".join), min_size=1, max_size=6),
       st.sampled_from(["title", "note", "printer", "issuer", "recipients", "cc", "number"]),
       st.lists(WORDS, min_size=1, max_size=12).map("".join))
def test_generated_text_builds_or_is_refused(tmp_path_factory, body, field, value):
    root = tmp_path_factory.mktemp("para")
    folder = write_content(root / "content", body=body, **{field: value})
    outcome(folder, root / "out.pdf")


ENROL = dict(id="enrol", label="新生入学人数", value=2950, unit="人", year="2024", kind="actual", goal="enrol-goal",
             change="比增3.5%", rank="居全市第二", remark="含随迁子女412人")
GOAL = dict(id="enrol-goal", label="新生入学目标", value=3000, unit="人", year="2024", kind="target")
# Every text field of a document with one attachment, a card row, a chart, a table and a
# section: (where the text goes, how to put it there).
TEXT_FIELDS = {
    "note": lambda e, p, f, t: e.update(note=t), "title": lambda e, p, f, t: e.update(title=t),
    "mark": lambda e, p, f, t: e.update(mark=t), "issuer": lambda e, p, f, t: e.update(issuer=t),
    "printer": lambda e, p, f, t: e.update(printer=t), "number": lambda e, p, f, t: e.update(number=t),
    "recipient": lambda e, p, f, t: e.update(recipients=[t]), "cc": lambda e, p, f, t: e.update(cc=[t, "区政府办公室"]),
    "body": lambda e, p, f, t: e.update(body=[t]),
    "attachment title": lambda e, p, f, t: p.update(title=t),
    "heading": lambda e, p, f, t: p.update(sections=[{"heading": t, "body": ["各校按时报送。"]}]),
    "lead": lambda e, p, f, t: p["body"].append({"lead": t, "text": "各校按时报送。"}),
    "table caption": lambda e, p, f, t: p["body"].append({"table": t, "header": ["学校", "人数"], "rows": [["一中", "3"]]}),
    "table cell": lambda e, p, f, t: p["body"].append({"table": "表", "header": ["学校", "人数"], "rows": [[t, "3"]]}),
    "chart caption": lambda e, p, f, t: p["body"].__setitem__(2, {"chart": t}),
    **{f"figure {key}": (lambda key: lambda e, p, f, t: f[0].update({key: t}))(key)  # noqa: B023 (bound by the outer lambda)
       for key in ("label", "unit", "year", "change", "rank", "remark")},
}


@given(st.sampled_from(sorted(TEXT_FIELDS)), st.lists(WORDS, min_size=1, max_size=400).map("".join))
def test_any_text_field_of_any_length_builds_or_is_refused_in_time(tmp_path_factory, field, text):
    """Issue 25: a 附注 of 440–600 characters or an attachment title of 400 hung; a label too
    wide for its card was refused naming no place."""
    import yaml
    root = tmp_path_factory.mktemp("field")
    edition, part, figures = {"attachments": ["a.yaml"]}, {
        "title": "秋季开学工作情况", "body": ["今年秋季新生入学人数{{enrol}}，目标{{enrol-goal}}。", {"figures": ["enrol"]},
                                       {"chart": "新生入学完成情况"}]}, [dict(ENROL), dict(GOAL)]
    TEXT_FIELDS[field](edition, part, figures, text)
    folder = write_content(root / "content", figures=figures, **edition)
    (folder / "a.yaml").write_text(yaml.safe_dump(part, allow_unicode=True), encoding="utf-8")
    outcome(folder, root / "out.pdf")
