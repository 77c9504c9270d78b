"""The files the desk reads and writes: only inside the content folder (or the outputs), saved
atomically with a backup of what they replace, refused when they changed on disk meanwhile."""
from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path, PurePosixPath

from ..write import atomic_target

EDITABLE = {".yaml", ".yml"}
MAX_FILE_BYTES = 2_000_000  # a content file larger than this is not opened in the page


class Refused(Exception):
    """A path outside what the desk serves (traversal, a link out, a hidden or odd name)."""


class Conflict(Exception):
    """The file changed on disk since the page read it."""

    def __init__(self, current: str) -> None:
        super().__init__(current)
        self.current = current


def inside(root: Path, relative: str) -> Path:
    """`relative` under `root`, resolved; Refused for absolute paths, `..`, hidden names and
    anything whose real path (links followed) leaves `root`."""
    parts = PurePosixPath(relative).parts
    if (not parts or relative.startswith("/") or "\\" in relative or "\x00" in relative
            or any(part in ("..", ".") or part.startswith(".") for part in parts)):
        raise Refused(relative)
    path = (root / relative).resolve()
    if not path.is_relative_to(root.resolve()):
        raise Refused(relative)
    return path


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def editable(root: Path) -> list[str]:
    """The content files the page can edit, relative to the content folder."""
    resolved = root.resolve()
    found = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        if path.suffix.lower() in EDITABLE and path.is_file() and not any(p.startswith(".") for p in path.relative_to(root).parts) \
                and path.resolve().is_relative_to(resolved):
            found.append(relative)
    return found


def read(root: Path, relative: str) -> tuple[str, str]:
    """The file's text and the hash a save must name."""
    path = _editable(root, relative)
    data = path.read_bytes()
    if len(data) > MAX_FILE_BYTES:
        raise Refused(relative)
    return data.decode("utf-8", errors="replace"), digest(data)


def _editable(root: Path, relative: str) -> Path:
    """The content file at `relative`, if it is one the desk may show and save."""
    path = inside(root, relative)
    if path.suffix.lower() not in EDITABLE or not path.is_file():
        raise Refused(relative)
    return path


def backup_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.bak")


def save(root: Path, relative: str, text: str, base: str) -> str:
    """Write `text` over the file the page read as `base` (its hash); the replaced file is kept
    as .名称.bak beside it. Conflict when the file on disk is no longer `base`."""
    path = _editable(root, relative)
    current = digest(path.read_bytes())
    if current != base:
        raise Conflict(current)
    data = text.encode("utf-8")
    shutil.copy2(path, backup_path(path))
    with atomic_target(path) as temporary:
        temporary.write_bytes(data)
    return digest(data)


FIGURE_FIELDS = ("label", "value", "unit", "year", "kind", "goal", "change", "rank", "remark", "source")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def set_field(text: str, line: int, column: int, key: str, value: str) -> str:
    """The YAML text with `key` of the mapping that starts at (line, column) set to `value`
    (removed when empty), comments and everything else kept as written."""
    lines = text.splitlines(keepends=True)
    indent = column - 1
    end = line
    while end < len(lines):  # the mapping's lines: up to the first line indented less
        stripped = lines[end].lstrip(" ")
        if stripped.strip() and not stripped.startswith("#") and len(lines[end]) - len(stripped) < indent:
            break
        end += 1
    pattern = re.compile(rf"^(\s*(?:-\s+)?){re.escape(key)}:(\s*)([^#\r\n]*?)(\s+#[^\r\n]*)?(\r?\n)?$")
    scalar = value if _NUMBER.fullmatch(value) else json.dumps(value, ensure_ascii=False)
    for index in range(line - 1, end):
        match = pattern.match(lines[index])
        if match and len(match[1]) == indent:
            if not value:
                if match[1].strip():  # the key after the list's dash: keep the dash for the next key
                    raise ValueError(key)
                del lines[index]
            else:
                lines[index] = f"{match[1]}{key}: {scalar}{match[4] or ''}{match[5] or ''}"
            return "".join(lines)
    if value:
        last = end
        while last > line and (not lines[last - 1].strip() or lines[last - 1].lstrip().startswith("#")):
            last -= 1
        newline = "\r\n" if lines[line - 1].endswith("\r\n") else "\n"
        if last == len(lines) and lines and not lines[-1].endswith("\n"):
            lines[-1] += newline
        lines.insert(last, f"{' ' * indent}{key}: {scalar}{newline}")
    return "".join(lines)
