"""`briefing import`: a draft from Word, WPS or plain text as a content folder that builds.

source (read a file into paragraphs, tables and pictures) → classify (which is which 公文
element) → structure (headings into sections, leads, tables, pictures) → edition (the
content's keys, placeholders for what is missing) → writer (YAML, pictures, 导入报告.txt).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .classify import classify
from .edition import assemble
from .figures import SUGGESTIONS, suggest, suggestions_yaml
from .notes import Notes
from .source import read_draft
from .writer import REPORT, check_target, write_folder


@dataclass(frozen=True)
class Imported:
    folder: Path
    files: list[Path]
    found: list[str]  # the elements recognised
    missing: list[str]  # the elements written as {待定：…}


def default_folder(source: Path) -> Path:
    """In the working folder, named after the draft (草稿.docx → 草稿)."""
    return Path(source.stem)


def import_draft(source: Path, target: Path | None = None, figures: bool = False) -> Imported:
    """Read `source` and write the content folder `target` (default: default_folder), with
    `figures` the registry entries proposed for recurring numbers; raises ContentError,
    writing nothing, for a file it cannot import or a target that exists and is not empty."""
    target = target or default_folder(source)
    check_target(target)  # before the work: refused at once
    draft = read_draft(source)
    notes = Notes(draft.unit)
    proposed = suggest(draft) if figures else []  # (before classification edits the text)
    folder = assemble(classify(draft, notes), notes)
    if figures:
        folder.texts[SUGGESTIONS] = suggestions_yaml(proposed, draft.unit)
        notes.extra.append(f"指标建议：{len(proposed)} 条（带单位、出现两次以上的数字），见 {SUGGESTIONS}；正文中的数字没有改动。")
    files = write_folder(folder, notes.text(source.name, target.name), source, target)
    return Imported(target, files, notes.found, notes.missing)


__all__ = ["import_draft", "Imported", "REPORT", "default_folder"]
