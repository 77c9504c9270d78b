"""Write the content folder: YAML whose every string is double-quoted (the draft's text is
data: a “%”, a “: ” or a “#” in it stays text), the pictures, and 导入报告.txt. The folder
is made complete beside its place and moved there in one step; an existing folder that is
not empty is never written to."""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from ..errors import ContentError
from .edition import Folder

REPORT = "导入报告.txt"
HEADER = "# yaml-language-server: $schema=.schema/{schema}\n# 由 briefing import 从“{source}”导入，见 {report}。\n"


def scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"{value:g}"
    return json.dumps(str(value), ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def dump(value: object, indent: int = 0) -> list[str]:
    """`value` (dicts, lists, strings, booleans) as block-style YAML lines."""
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, (dict, list)) and item:
                lines.append(f"{pad}{key}:")
                lines += dump(item, indent + 2)
            else:
                lines.append(f"{pad}{key}: {scalar(item) if not isinstance(item, (dict, list)) else '[]'}")
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, (dict, list)) and item:
                inner = dump(item, indent + 2)
                lines.append(f"{pad}- {inner[0].lstrip()}")
                lines += inner[1:]
            else:
                lines.append(f"{pad}- {scalar(item) if not isinstance(item, (dict, list)) else '[]'}")
    return lines


def check_target(target: Path) -> None:
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ContentError.one(None, f"“{target}”已经存在且不是空文件夹，导入不会覆盖已有的内容。",
                               "用 -o 指定一个新的文件夹，或先把原来的文件夹移走。")


def write_folder(folder: Folder, report: str, source: Path, target: Path) -> list[Path]:
    """Write everything into a new folder beside `target`, then move it into place."""
    from ..schema import write_schemas

    check_target(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        files = {"edition.yaml": ("edition.schema.json", folder.edition)}
        files.update({name: ("part.schema.json", data) for name, data in folder.attachments.items()})
        for name, (schema, data) in files.items():
            text = HEADER.format(schema=schema, source=source.name, report=REPORT) + "\n".join(dump(data)) + "\n"
            (staging / name).write_text(text, encoding="utf-8")
        for name, picture in folder.pictures.items():
            (staging / name).parent.mkdir(exist_ok=True)
            (staging / name).write_bytes(picture)
        for name, text in {**folder.texts, REPORT: report}.items():
            (staging / name).write_text(text, encoding="utf-8")
        write_schemas(staging / ".schema")
        os.chmod(staging, 0o777 & ~_umask())
        check_target(target)  # (made meanwhile?)
        if target.exists():
            target.rmdir()  # empty: checked
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return sorted(path for path in target.rglob("*") if path.is_file() and ".schema" not in path.parts)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
