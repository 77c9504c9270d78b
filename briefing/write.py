"""Write outputs safely: never over an input, never half-written, with the user's permissions.

A failed or interrupted build leaves the previous file as it was; the temporary file
carries the writer's process id, so the next build can remove one a killed build left.
"""
from __future__ import annotations

import errno
import os
import re
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

from .errors import NAME_MAX, ContentError, display_path

_PART = re.compile(r"\.(?P<stem>.*)-(?P<pid>\d+)-[^-]*\.part")


def guard_output(target: Path, inputs: Iterable[Path], folders: Iterable[Path], suffix: str,
                 force: bool = False) -> None:
    """Refuse, before any work, an output that is an input or lies in an input folder,
    has another suffix than `suffix` (unless forced), or cannot be written there."""
    resolved = target.resolve()
    shown = display_path(target)
    for path in inputs:
        if resolved == path.resolve():
            raise ContentError.one(None, f"输出文件“{shown}”是生成时要读取的文件，写入会覆盖它。",
                                   f"用 -o 指定另一个文件名，例如 -o dist/文件名{suffix}。")
    for folder in folders:
        if resolved == folder.resolve() or resolved.is_relative_to(folder.resolve()):
            raise ContentError.one(None, f"输出位置“{shown}”在内容、字体或素材文件夹“{display_path(folder)}”里。",
                                   f"把输出写到别处，例如 -o dist/文件名{suffix}。")
    if suffix and resolved.suffix.lower() != suffix and not force:
        raise ContentError.one(None, f"输出文件“{shown}”的扩展名不是 {suffix}。",
                               f"把文件名改成以 {suffix} 结尾；确实要用这个名字时加 --force。")
    if len(resolved.name.encode("utf-8")) > NAME_MAX:
        raise ContentError.one(None, f"输出文件名太长（{len(resolved.name.encode('utf-8'))} 字节，上限 {NAME_MAX}）。",
                               "用 -o 或内容中的 output: 指定一个短一些的文件名。")
    if suffix and resolved.is_dir():  # (a distribution's output is a folder: suffix "")
        raise ContentError.one(None, f"输出位置“{shown}”是一个文件夹。", f"写出文件名，例如 -o {shown}/文件名{suffix}。")
    _writable_folder(resolved.parent, shown)


def _writable_folder(folder: Path, shown: str) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, probe = tempfile.mkstemp(prefix=".briefing-probe-", dir=folder)
        os.close(handle)
        os.unlink(probe)
    except OSError as exc:
        raise ContentError.one(None, f"无法写入“{shown}”：{os_reason(exc)}。",
                               "换一个可以写入的位置（用 -o 指定），或检查文件夹的权限。") from None


_REASONS = {errno.ENOSPC: "磁盘空间不足", errno.EDQUOT: "超出了磁盘配额", errno.EROFS: "文件系统是只读的",
            errno.EFBIG: "文件超出了文件系统允许的大小", errno.EIO: "磁盘读写出错"}


def os_reason(exc: OSError) -> str:
    """What went wrong with a file, in the user's words."""
    if isinstance(exc, (NotADirectoryError, FileExistsError)):
        return "路径中有一段是文件而不是文件夹"
    if isinstance(exc, PermissionError):
        return "没有写入权限"
    return _REASONS.get(exc.errno or 0) or exc.strerror or str(exc)


def write_failed(target: Path, exc: OSError) -> ContentError:
    """The error of an output that could not be written (a full disk, a removed USB stick…)."""
    return ContentError.one(None, f"无法写入“{display_path(target)}”：{os_reason(exc)}。原有的文件保持不变。",
                            "腾出磁盘空间或换一个可以写入的位置（用 -o 指定），然后再生成一次。")


@contextmanager
def atomic_target(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside `target`; on success it replaces `target` in one step,
    with the previous file's mode (or the umask's for a new file)."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_parts(target.parent)
        handle, temporary = tempfile.mkstemp(prefix=f".{target.stem[:40]}-{os.getpid()}-", suffix=".part",
                                             dir=target.parent)
        os.close(handle)
    except OSError as exc:
        raise write_failed(target, exc) from None
    try:
        yield Path(temporary)
        os.chmod(temporary, _mode_for(target))
        os.replace(temporary, target)
    except OSError as exc:
        if exc.filename not in (None, temporary, str(target)):  # reading an input: not ours to explain
            raise
        raise write_failed(target, exc) from None
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _mode_for(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def remove_stale_parts(folder: Path) -> None:
    """Remove temporary files of ours whose writer is no longer running (a killed build)."""
    for path in folder.glob(".*.part"):
        match = _PART.fullmatch(path.name)
        if match and not _running(int(match["pid"])):
            try:
                path.unlink() if path.is_file() else None
            except OSError:
                pass


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True
