"""Slips and hostile input of issue 25: each ends in one located error (exit 2), never an
internal error, a hang or a damaged file."""
import errno
import io
import os
from pathlib import Path

import pytest

from briefing import api
from briefing.errors import ContentError

from samples import write_content
from test_hostile_input import set_line


def errors_of(folder: Path):
    with pytest.raises(ContentError) as caught:
        api.check(folder)
    return caught.value.errors


def line_of(path: Path, prefix: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if line.startswith(prefix))


@pytest.mark.parametrize("line, tag", [
    ("title: !!int 江州市滨河区教育局关于做好秋季开学工作的通知", "!!int"), ("status: !!bool draft", "!!bool"),
    ("copy_number: !!int 12", "!!int"), ("number: &n !!str 滨教〔2024〕17号", "!!str"),
    ("date: !!timestamp 2024-08-20", "!!timestamp"), ("cc: !!seq [区委办公室]", "!!seq"),
    ("printer: ! 江州市滨河区教育局办公室", "!"), ("status: !!float draft", "!!float"), ("status: !!null final", "!!null"),
    ("status: &s # 草稿或定稿\n  !!bool draft", "!!bool"),
])
def test_a_typed_tag_on_any_value_is_one_located_error(tmp_path, line, tag):
    """Issue 25: `title: !!int …` and `status: !!bool draft` ended in 内部错误."""
    folder = write_content(tmp_path / "c", copy_number="000012")
    number = set_line(folder / "edition.yaml", line.split(":")[0] + ":", line)
    (problem,) = errors_of(folder)
    assert (problem.where.line, problem.where.path) == (number, line.split(":")[0])
    assert f"YAML 标签“{tag}”" in problem.message


ENROL = dict(id="enrol", label="新生入学人数", value=2950, unit="人", year="2024", kind="actual", goal="enrol-goal")
GOAL = dict(id="enrol-goal", label="新生入学目标", value=3000, unit="人", year="2024", kind="target")
STATED = ["今年秋季新生入学人数{{enrol}}，目标{{enrol-goal}}。", {"figures": ["enrol"]}]


@pytest.mark.parametrize("field, value", [("value", "1e400"), ("value", "-1e400"), ("value", "1e-400"),
                                          ("value", "1000000000000000"), ("value", "0.0000001"), ("change", 1e300)])
def test_a_number_out_of_range_is_one_located_error(tmp_path, field, value):
    """Issue 25: a figure value 1e400 ended in 内部错误 InvalidOperation."""
    folder = write_content(tmp_path / "c", figures=[{**ENROL, field: value}, GOAL], body=STATED)
    (problem,) = errors_of(folder)
    lines = (folder / "figures.yaml").read_text(encoding="utf-8").split("\n")
    assert lines[problem.where.line - 1].lstrip("- ").startswith(f"{field}:")
    assert problem.where.path.endswith(f".{field}") and "超出范围" in problem.message


def test_numbers_at_the_edge_of_the_range_build(tmp_path):
    folder = write_content(tmp_path / "c", figures=[{**ENROL, "value": "999999999999999"},
                                                    {**GOAL, "value": "0.000001"}], body=STATED)
    api.check(folder)


class FullDisk:
    """A file on a disk that fills up after `room` bytes: writes fail with ENOSPC, like a
    full USB stick or a quota reached half-way."""

    def __init__(self, real, room: int):
        self.real, self.room = real, room

    def write(self, data) -> int:
        if len(data) > self.room:
            self.real.write(bytes(data[:self.room]))
            self.room = 0
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.room -= len(data)
        return self.real.write(data)

    def __getattr__(self, name):
        return getattr(self.real, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.real.close()


def full_disk(monkeypatch, room: int) -> None:
    """Every output file opened from now on in a temporary place (`.….part`, `….part/`) sits on a full disk."""
    real_open = io.open

    def opened(file, mode="r", *args, **kwargs):
        handle = real_open(file, mode, *args, **kwargs)
        return FullDisk(handle, room) if "w" in mode and ".part" in str(file) else handle
    monkeypatch.setattr(io, "open", opened)


@pytest.mark.parametrize("suffix", [".pdf", ".ofd", ".docx"])
@pytest.mark.parametrize("room", [0, 5000])
def test_a_full_disk_is_a_clear_error_and_the_old_file_stays(tmp_path, monkeypatch, suffix, room):
    """Issue 25: a full disk ended in 内部错误 OSError."""
    folder = write_content(tmp_path / "c")
    target = tmp_path / f"通知{suffix}"
    target.write_bytes(b"the previous edition")
    full_disk(monkeypatch, room)
    with pytest.raises(ContentError) as caught:
        api.build(folder, target)
    (problem,) = caught.value.errors
    assert "磁盘空间不足" in problem.message and target.name in problem.message
    assert target.read_bytes() == b"the previous edition"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c", target.name]  # no temporary file left


def test_a_failed_replace_is_a_clear_error(tmp_path, monkeypatch):
    folder = write_content(tmp_path / "c")
    target = tmp_path / "通知.pdf"
    target.write_bytes(b"the previous edition")

    def replace(source, destination):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(source))
    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(ContentError) as caught:
        api.build(folder, target)
    assert "只读" in caught.value.errors[0].message and target.read_bytes() == b"the previous edition"


def test_the_command_says_so_with_exit_2(tmp_path, monkeypatch):
    from click.testing import CliRunner
    from briefing.cli import main
    folder = write_content(tmp_path / "c")
    full_disk(monkeypatch, 100)
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(tmp_path / "通知.pdf")])
    assert result.exit_code == 2 and "磁盘空间不足" in result.output and "内部错误" not in result.output


def test_a_full_disk_while_distributing_keeps_the_previous_copies(tmp_path, monkeypatch):
    from briefing.distribute import distribute
    folder = write_content(tmp_path / "c", recipients=["区财政局", "区审计局"])
    first = distribute(folder, tmp_path / "分发")
    before = {p.name: p.read_bytes() for p in first.folder.iterdir()}
    full_disk(monkeypatch, 3000)
    with pytest.raises(ContentError) as caught:
        distribute(folder, tmp_path / "分发")
    assert "磁盘空间不足" in caught.value.errors[0].message
    assert {p.name: p.read_bytes() for p in first.folder.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c", "分发"]


@pytest.mark.parametrize("side", [5000, 12000, 20000])
def test_a_valid_but_huge_image_is_refused_as_too_large(tmp_path, side):
    """Issue 25: a valid 12000×12000 PNG was refused as damaged."""
    from PIL import Image
    folder = write_content(tmp_path / "c", seal="印章.png")
    Image.new("1", (side, side)).save(folder / "印章.png")  # a bitmap: a few hundred kB on disk
    (problem,) = errors_of(folder)
    assert "图片太大" in problem.message and "损坏" not in problem.message
    assert problem.where.path == "seal" and problem.where.line == line_of(folder / "edition.yaml", "seal:")


@pytest.mark.parametrize("typed", ["%", "% 百分比", "@区统计局", "`人`", "*", "*重点*", "&", "*enrol"])
def test_an_unquoted_yaml_character_says_to_quote_the_value_and_nothing_else(tmp_path, typed):
    """Issue 25: `unit: %` gave a message about "Tab、@ 或 `" and ten follow-on errors about
    the figures the broken registry could no longer register."""
    folder = write_content(tmp_path / "c", figures=[ENROL, GOAL], body=STATED + [{"chart": "新生入学完成情况"}])
    registry = folder / "figures.yaml"
    text = registry.read_text(encoding="utf-8")
    registry.write_text(text.replace("unit: 人", f"unit: {typed}", 1), encoding="utf-8")
    (problem,) = errors_of(folder)
    assert problem.where.file.name == "figures.yaml" and problem.where.line == line_of(registry, f"  unit: {typed}")
    assert f"以“{typed[0]}”开头" in problem.message and f'unit: "{typed}"' in problem.hint


@pytest.mark.parametrize("where", ["body", "recipients", "cc", "attachment"])
def test_a_half_width_colon_in_a_text_is_named(tmp_path, where):
    """Issue 25: `- 联系人: 韩喆` in a body list gave three errors about lead/text."""
    folder = write_content(tmp_path / "c", attachments=["a.yaml"])
    part = folder / "a.yaml"
    part.write_text("title: 秋季开学工作安排\nbody:\n  - 各校按时报送开学准备情况。\n", encoding="utf-8")
    path = part if where == "attachment" else folder / "edition.yaml"
    key = "body" if where == "attachment" else where
    lines = path.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith(key + ":")) + 1
    lines.insert(at, "  - 联系人: 韩喆" if where == "attachment" else "- 联系人: 韩喆")
    path.write_text("\n".join(lines), encoding="utf-8")
    (problem,) = errors_of(folder)
    assert (problem.where.file, problem.where.line) == (path, at + 1)
    assert "半角冒号" in problem.message and "联系人：韩喆" in problem.hint and '"联系人: 韩喆"' in problem.hint


def test_a_half_width_colon_in_a_value_suggests_the_full_width_one(tmp_path):
    folder = write_content(tmp_path / "c", note="PLACEHOLDER")
    number = set_line(folder / "edition.yaml", "note:", "note: 联系人: 韩喆，电话: 0791-86201234")
    (problem,) = errors_of(folder)
    assert problem.where.line == number and "全角“：”" in problem.message


def test_any_command_meeting_a_full_disk_says_so_with_exit_2(tmp_path, monkeypatch):
    """`briefing schema` writes its files directly: a full disk there was an internal error too."""
    from click.testing import CliRunner
    from briefing.cli import main

    def write_text(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))
    monkeypatch.setattr(Path, "write_text", write_text)
    result = CliRunner().invoke(main, ["schema", "-o", str(tmp_path / "schema")])
    assert result.exit_code == 2 and "磁盘空间不足" in result.output and "edition.schema.json" in result.output
    assert "内部错误" not in result.output
