"""A content folder as it was at a git revision (HEAD~1, a tag), exported to a temporary folder."""
from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from contextlib import contextmanager
from pathlib import Path

from .errors import ContentError


@contextmanager
def content_at(spec: str, content: Path):
    """Yield (folder, name): `spec` itself if it is a folder, else `content` at git revision `spec`."""
    if Path(spec).is_dir():
        yield Path(spec), spec
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
        yield Path(temporary) / relative, f"{relative}@{spec}"


def _git(arguments: list[str], cwd: Path, spec: str) -> bytes:
    try:
        done = subprocess.run(["git", *arguments], cwd=cwd, capture_output=True, check=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        stderr = exc.stderr if isinstance(exc, subprocess.CalledProcessError) else None
        detail = stderr.decode(errors="replace").strip() if stderr else str(exc)
        raise ContentError.one(None, f"“{spec}”既不是文件夹，也无法作为 git 版本读取：{detail}",
                               "写内容文件夹的路径，或 git 版本名，如 HEAD~1、v1.0（需在 git 仓库中）。") from None
    return done.stdout
