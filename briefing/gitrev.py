"""A content folder as it was at a git revision (HEAD~1, a tag), exported to a temporary folder."""
from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from .errors import ContentError, Where, display_path


@contextmanager
def content_at(spec: str, content: Path):
    """Yield (folder, name): `spec` itself if it is a folder, else `content` at git revision `spec`."""
    if Path(spec).is_dir():
        yield Path(spec), _name(Path(spec))
        return
    folder = content.resolve()
    if not folder.is_dir():
        raise ContentError.one(None, f"“{spec}”不是文件夹；作为 git 版本时要比较的内容文件夹“{content}”不存在。",
                               "在仓库根目录运行，或用 --content 写明内容文件夹。")
    top = Path(_git(["rev-parse", "--show-toplevel"], folder, spec).decode().strip())
    relative = folder.relative_to(top).as_posix()
    paths = [relative]
    if _git(["ls-tree", "--name-only", spec, "assets"], top, spec).strip():
        paths.append("assets")  # seals live there
    archive = _git(["archive", "--format=tar", spec, "--", *paths], top, spec)
    with tempfile.TemporaryDirectory(prefix="briefing-rev-") as temporary:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(temporary, filter="data")
        name = f"{relative}@{spec}"
        try:
            yield Path(temporary) / relative, name
        except ContentError as exc:  # name its files by the revision, not by the temporary folder
            raise ContentError([replace(p, where=_renamed(p.where, Path(temporary), spec))
                                for p in exc.problems]) from None


def _name(folder: Path) -> str:
    """A folder as the user knows it: relative to the working folder, else its last two parts
    (a diff printed or filed says nothing of the machine's paths)."""
    shown = display_path(folder)
    return shown if not Path(shown).is_absolute() else "/".join(folder.resolve().parts[-2:])


def _renamed(where: Where | None, temporary: Path, spec: str) -> Where | None:
    """A file of the exported revision named as git names it: HEAD~1:content/edition.yaml."""
    if where is None or not where.file.is_relative_to(temporary):
        return where
    return replace(where, file=Path(f"{spec}:{where.file.relative_to(temporary).as_posix()}"))


def _git(arguments: list[str], cwd: Path, spec: str) -> bytes:
    try:
        done = subprocess.run(["git", *arguments], cwd=cwd, capture_output=True, check=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        stderr = exc.stderr if isinstance(exc, subprocess.CalledProcessError) else None
        detail = stderr.decode(errors="replace").strip() if stderr else str(exc)
        raise ContentError.one(None, f"“{spec}”既不是文件夹，也无法作为 git 版本读取：{detail}",
                               "写内容文件夹的路径，或 git 版本名，如 HEAD~1、v1.0（需在 git 仓库中）。") from None
    return done.stdout
