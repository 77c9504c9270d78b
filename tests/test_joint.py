"""联合行文 (issue 13 §1): several issuing organs in the mark and in the closing, sealed or not."""
import subprocess
import sys
from itertools import combinations
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from briefing import api, geometry
from briefing.conformance import measure
from briefing.pageplan import PagePlan
from briefing.pageplan.items import Picture, TextLine

from pagefill import plans_of
from samples import paragraph, write_content

ORGANS = ["江州市教育局", "江州市财政局", "江州市人力资源和社会保障局", "江州市卫生健康委员会"]


def joint(folder: Path, organs: int, sealed: bool, **fields) -> Path:
    extra = {"seal": [f"seal{i}.png" for i in range(organs)]} if sealed else {}
    write_content(folder, issuer=ORGANS[:organs], mark=ORGANS[:organs], body=[paragraph(3)],
                  title="江州市教育局等部门关于做好2024年秋季学期学生资助工作的通知", **extra, **fields)
    for i in range(organs):
        seal = Image.new("RGBA", (400, 400), (0, 0, 0, 0))
        ImageDraw.Draw(seal).ellipse((8, 8, 392, 392), outline=(220, 0, 0, 255), width=14)
        seal.save(folder / f"seal{i}.png")
    return folder


def lines(plans: list[PagePlan], role: str) -> list[TextLine]:
    return [line for plan in plans for line in plan.texts() if line.role == role and line.runs]


def right_end(line: TextLine) -> float:
    """Where the line ends on the grid (the last character's cell)."""
    run = line.runs[-1]
    return run.x + sum(run.advances)


@pytest.mark.parametrize("organs", [2, 4])
@pytest.mark.parametrize("sealed", [False, True])
def test_joint_documents_pass_the_checker(tmp_path, organs, sealed):
    built = api.build(joint(tmp_path / "c", organs, sealed), tmp_path / "out.pdf")
    assert [c.name for c in measure(built.path) if c.failed] == []


@pytest.mark.parametrize("organs", [2, 4])
def test_the_mark_stacks_the_names_with_wenjian_centred_at_their_right(tmp_path, organs):
    mark = lines(plans_of(joint(tmp_path / "c", organs, False)), "发文机关标志")
    names, word = mark[:-1], mark[-1]
    assert [line.text for line in names] == ORGANS[:organs] and word.text == "文件"
    ends = {round(run.x + sum(run.advances) - run.char_space, 2) for run in (line.runs[-1] for line in names)}
    assert len(ends) == 1  # the names set to one width: their last glyphs end together (spacing aside)
    assert len({round(line.runs[0].x, 2) for line in names}) == 1
    baselines = [line.runs[0].y for line in names]
    assert word.runs[0].y == pytest.approx((baselines[0] + baselines[-1]) / 2)
    assert word.runs[0].x > ends.pop()
    left, right = names[0].runs[0].x, right_end(word)
    assert left >= geometry.LEFT - 0.01 and right <= geometry.RIGHT + 0.01
    assert (left - geometry.LEFT) == pytest.approx(geometry.RIGHT - right, abs=0.5)  # centred
    assert all(run.colour == geometry.RED for line in mark for run in line.runs)


def test_unsealed_signatures_stack_in_order_with_the_date_under_the_last(tmp_path):
    plans = plans_of(joint(tmp_path / "c", 4, False))
    signatures, (date,) = lines(plans, "发文机关署名"), lines(plans, "成文日期")
    assert [line.text for line in signatures] == ORGANS
    assert all(right_end(line) == pytest.approx(geometry.RIGHT - 2 * geometry.CELL) for line in signatures)
    steps = [a.runs[0].y - b.runs[0].y for a, b in zip([*signatures, date], [*signatures[1:], date])]
    assert steps == pytest.approx([geometry.PITCH] * 4)
    expected = min(signatures[-1].runs[0].x + 2 * geometry.CELL, geometry.RIGHT - 2 * geometry.CELL - (right_end(date) - date.runs[0].x))
    assert date.runs[0].x == pytest.approx(expected)


@pytest.mark.parametrize("organs", [2, 4])
def test_sealed_each_seal_covers_its_own_name_and_none_touch(tmp_path, organs):
    plans = plans_of(joint(tmp_path / "c", organs, True))
    seals = [item for plan in plans for item in plan.items if isinstance(item, Picture)]
    assert len(seals) == organs
    for a, b in combinations(seals, 2):  # apart: their boxes hold the round seals
        apart = (a.x + a.width <= b.x or b.x + b.width <= a.x or a.y + a.height <= b.y or b.y + b.height <= a.y)
        assert apart
    assert all(geometry.LEFT <= seal.x and seal.x + seal.width <= geometry.RIGHT for seal in seals)
    names = [run for line in lines(plans, "发文机关署名") for run in line.runs]
    for organ, seal in zip(ORGANS[:organs], seals):
        run = next(run for run in names if run.text == organ)
        assert run.x + sum(run.advances) / 2 == pytest.approx(seal.x + seal.width / 2, abs=1.0)
        assert seal.y < run.y < seal.y + seal.height / 2  # the name just below the seal's centre
    (date,) = lines(plans, "成文日期")
    middle = (date.runs[0].x + right_end(date)) / 2
    assert middle == pytest.approx(seals[-1].x + seals[-1].width / 2, abs=1.0)  # the last seal on the date


@pytest.mark.parametrize("seal, message", [("seal0.png", "每个机关一枚印章"), (["seal0.png"], "seal 列了 1 个印章")])
def test_joint_seals_must_be_one_per_organ(tmp_path, seal, message):
    folder = joint(tmp_path / "c", 2, False, seal=seal)
    result = subprocess.run([sys.executable, "-m", "briefing", "check", str(folder)], capture_output=True, text=True)
    assert result.returncode == 2 and message in result.stderr and "edition.yaml:" in result.stderr
