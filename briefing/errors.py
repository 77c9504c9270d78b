"""Problems found in content: where they are, what is wrong, how to fix it."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import memo

NAME_MAX = 255  # bytes in one file name on the file systems offices use (ext4, NTFS, APFS)


@dataclass(frozen=True)
class Where:
    """A place in a content file: 1-based line and column, and the YAML path."""

    file: Path
    line: int
    column: int
    path: str = ""

    def child(self, key: str | int) -> str:
        if isinstance(key, int):
            return f"{self.path}[{key}]"
        return f"{self.path}.{key}" if self.path else key

    def __str__(self) -> str:
        location = f"{display_path(self.file)}:{self.line}:{self.column}"
        return f"{location}（{self.path}）" if self.path else location


def locate(where: Where, needle: str, span: int = 200) -> Where:
    """The first place at or after `where` where `needle` is written.

    A folded YAML text spans several lines but its node knows only its first;
    this finds the line a problem inside the text is really on.
    """
    try:
        stat = where.file.stat()
        lines = _lines(where.file, stat.st_size, stat.st_mtime_ns)
    except OSError:
        return where
    for number in range(where.line, min(len(lines), where.line + span) + 1):
        column = lines[number - 1].find(needle)
        if column >= 0:
            return Where(where.file, number, column + 1, where.path)
    return where


@memo.kept("located files")
def _lines(path: Path, size: int, modified: int) -> tuple[str, ...]:
    """A content file's lines, read again when its size or time changes (the warnings of a
    450-page edition are located in a few files: 1160 reads, 0.04 s)."""
    return tuple(path.read_text(encoding="utf-8").splitlines())


def quoted(text: str) -> str:
    """A YAML value written in quotes, as a hint shows it: single quotes around a double one."""
    return f"'{text}'" if '"' in text else f'"{text}"'


def display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


@dataclass(frozen=True)
class Problem:
    """One error or warning found in the content: where, what, and how to fix it."""

    where: Where | None
    message: str
    hint: str = ""
    warning: bool = False

    def __str__(self) -> str:
        kind = "警告" if self.warning else "错误"
        head = f"{kind} {self.where}：{self.message}" if self.where else f"{kind}：{self.message}"
        return f"{head}\n    修改建议：{self.hint}" if self.hint else head


class ContentError(Exception):
    """The content cannot be built; carries every problem found, not only the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    @classmethod
    def one(cls, where: Where | None, message: str, hint: str = "") -> "ContentError":
        """The error of a single problem (an output, a layout limit, a PDF to check)."""
        return cls([Problem(where, message, hint)])

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not p.warning]


class LayoutFault(ContentError):
    """A build stopped by its own post-condition (text placed outside the 版心): refused
    like a content error, but a fault of the layout, which the fuzz tests look for."""


class Report:
    """Collects problems while a stage runs, so the user sees all of them at once."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def error(self, where: Where | None, message: str, hint: str = "") -> None:
        self.problems.append(Problem(where, message, hint))

    def warn(self, where: Where | None, message: str, hint: str = "") -> None:
        self.problems.append(Problem(where, message, hint, warning=True))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not p.warning]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.warning]

    def raise_if_errors(self) -> None:
        if self.errors:
            raise ContentError(self.errors + self.warnings)
