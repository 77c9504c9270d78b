"""Content of other offices, written for the tests: not the seed, and varied on purpose."""
from __future__ import annotations

from pathlib import Path

import yaml

NOTICE = {
    "issuer": "江州市滨河区教育局",
    "mark": "江州市滨河区教育局文件",
    "number": "滨教〔2024〕17号",
    "title": "江州市滨河区教育局关于做好2024年秋季学期开学工作的通知",
    "recipients": ["各中小学校", "各幼儿园"],
    "body": ["为确保2024年秋季学期开学工作平稳有序，现就有关事项通知如下。"],
    "date": "2024年8月20日",
    "cc": ["区委办公室", "区政府办公室"],
    "printer": "江州市滨河区教育局办公室",
    "print_date": "2024年8月21日",
    "status": "final",
}


def write_content(folder: Path, figures: list[dict] | None = None, **fields) -> Path:
    """A content folder with an edition.yaml from NOTICE and `fields`; a registry if given."""
    folder.mkdir(parents=True, exist_ok=True)
    edition = {**NOTICE, **fields}
    if figures is not None:
        edition["figures"] = "figures.yaml"
        (folder / "figures.yaml").write_text(yaml.safe_dump({"figures": figures}, allow_unicode=True),
                                             encoding="utf-8")
    (folder / "edition.yaml").write_text(yaml.safe_dump(edition, allow_unicode=True, sort_keys=False),
                                         encoding="utf-8")
    return folder


SENTENCE = "各学校要对校舍、消防设施、食堂和饮用水开展一次全面排查，发现隐患立即整改，确保开学前全部到位。"


def paragraph(sentences: int) -> str:
    return SENTENCE * sentences
