"""导入报告.txt: for every paragraph of the source, where it went, what was guessed, and what
was left out, quoted in full (so nothing of the source is lost without a word)."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Notes:
    unit: str  # 段 or 行: what the source's numbers count
    lines: list[tuple[int, str]] = field(default_factory=list)  # (source number, text)
    first: dict[str, int] = field(default_factory=dict)  # element → the source number it was found at
    missing: list[str] = field(default_factory=list)  # elements the source lacks, now {待定：…}
    found: list[str] = field(default_factory=list)  # elements recognised, in the source's order
    extra: list[str] = field(default_factory=list)  # other lines for the report's head

    def at(self, number: int) -> str:
        return f"第{number}{self.unit}"

    def placed(self, number: int, where: str, detail: str = "") -> None:
        self.lines.append((number, f"{self.at(number)} → {where}" + (f"（{detail}）" if detail else "")))

    def element(self, number: int, name: str, detail: str = "") -> None:
        self.first.setdefault(name, number)
        self.found = sorted(self.first, key=lambda found: self.first[found])
        self.placed(number, name, detail)

    def guessed(self, number: int, what: str) -> None:
        self.lines.append((number, f"{self.at(number)} 推测：{what}，请核对"))

    def dropped(self, number: int, why: str, text: str) -> None:
        self.lines.append((number, f"{self.at(number)} 未放入（{why}）：{text}"))

    def removed(self, number: int, what: str, text: str) -> None:
        self.lines.append((number, f"{self.at(number)} 删去{what}：{text}"))

    def lack(self, name: str, placeholder: str) -> None:
        self.missing.append(f"{name}：原文没有，写成 {placeholder}")

    def text(self, source: str, folder: str) -> str:
        head = [f"导入报告：{source} → {folder}", "",
                "识别出的要素：" + ("、".join(self.found) or "无"), ""]
        head += self.extra + ([""] if self.extra else [])
        if self.missing:
            head += ["待补充（内容中写成 {待定：…}，草稿中照印，briefing check 逐条列出）："]
            head += [f"  {line}" for line in self.missing] + [""]
        head += [f"逐{self.unit}去向（{self.unit}号为原文件中的顺序号）："]
        body = [text for _, text in sorted(self.lines, key=lambda line: line[0])]
        return "\n".join(head + body) + "\n"
