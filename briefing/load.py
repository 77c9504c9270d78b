"""Load YAML safely, keeping the file, line, column and YAML path of every value.

Only plain YAML data is accepted (strings, numbers, booleans, null, lists,
mappings); any tag such as `!!python/object` is refused. Scalars are kept
as the text the user typed, so figures stay exact decimals.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
import re
from typing import Union

import yaml

from .errors import Problem, Report, Where

# LibYAML's parser when PyYAML has it (its wheels do): ten times faster than the pure-Python one.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

STANDARD_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null",
}


@dataclass
class Node:
    """A YAML value and where it was written.

    `value` is a str (scalars keep their source text), a list of Nodes or a dict
    of key -> Node; `kind` says which YAML type a scalar resolved to.
    """

    value: Union[str, list["Node"], dict[str, "Node"], None]
    where: Where
    kind: str  # "str", "int", "float", "bool", "null", "list", "map"
    key_where: dict[str, Where] = field(default_factory=dict)  # for mappings


KIND_NAMES = {"str": "文本", "int": "整数", "float": "小数", "bool": "是/否", "null": "空值",
              "list": "列表", "map": "键值表"}


def load_yaml(path: Path, report: Report) -> Node | None:
    """Parse one YAML file into a Node tree; syntax errors go to `report`."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        report.error(Where(path, 1, 1), "文件不存在。", "检查文件名和所在文件夹。")
        return None
    except UnicodeDecodeError as exc:
        report.error(Where(path, 1, 1), f"文件不是 UTF-8 编码（第 {exc.start} 字节）。",
                     "用编辑器把文件另存为 UTF-8 编码。")
        return None
    root, problems = _parse(path, text)
    report.problems.extend(problems)
    return root


@lru_cache(maxsize=256)
def _parse(path: Path, text: str) -> tuple[Node | None, tuple[Problem, ...]]:
    """Parse a file's text, with the problems found. Cached by content, so watch mode
    re-parses only the files that changed; the trees are never modified after this."""
    report = Report()
    return _parse_into(path, text, report), tuple(report.problems)


def _parse_into(path: Path, text: str, report: Report) -> Node | None:
    try:
        root = yaml.compose(text, Loader=LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        lines = text.splitlines()
        for earlier in range(line, max(0, line - 4), -1):  # a key typed with a full-width colon
            if earlier <= len(lines) and FULL_WIDTH_KEY.match(lines[earlier - 1]):
                report.error(Where(path, earlier, lines[earlier - 1].index("：") + 1),
                             "YAML 语法错误：键名后面用了全角冒号“：”。",
                             "键名后面要用半角冒号“:”加一个空格，例如“title: 标题”。")
                return None
        problem = str(exc.problem or exc.context)
        report.error(Where(path, line, column),
                     f"YAML 语法错误：{SYNTAX_PROBLEMS.get(problem, problem)}。", syntax_hint(lines, line))
        return None
    if root is None:
        report.error(Where(path, 1, 1), "文件是空的。", "按 README 中的格式填写内容。")
        return None
    return convert(root, path, "", report)


FULL_WIDTH_KEY = re.compile(r"^\s*(- )?[A-Za-z_]+\s*：")
SYNTAX_PROBLEMS = {  # LibYAML's wording, then PyYAML's where it differs
    "could not find expected ':'": "缺少冒号“:”（或上一行的引号、括号没有配对）",
    "mapping values are not allowed in this context": "这里不能出现“: ”（文本中含有“: ”时请给整段文本加引号）",
    "mapping values are not allowed here": "这里不能出现“: ”（文本中含有“: ”时请给整段文本加引号）",
    "did not find expected ',' or ']'": "方括号“[”没有配对的“]”",
    "expected ',' or ']', but got '<stream end>'": "方括号“[”没有配对的“]”",
    "did not find expected ',' or '}'": "花括号“{”没有配对的“}”",
    "did not find expected key": "缩进不对，或这一行不是“键: 值”的形式",
    "found a tab character that violates indentation": "出现了 Tab 字符",
    "found character '\\t' that cannot start any token": "出现了 Tab 字符",
    "found character that cannot start any token": "这一行的开头有不能使用的字符（如 Tab、@ 或 `）",
    "found unexpected end of stream": "引号没有配对",
}


def syntax_hint(lines: list[str], line: int) -> str:
    nearby = lines[max(0, line - 2):line]
    if any("\t" in item for item in nearby):
        return "YAML 不允许用 Tab 缩进，请改用空格。"
    return "检查这一行及上一行的缩进、冒号和引号是否配对；含有“: ”或“#”的文本请加引号。"


def convert(node: yaml.Node, path: Path, yaml_path: str, report: Report) -> Node:
    where = Where(path, node.start_mark.line + 1, node.start_mark.column + 1, yaml_path)
    if isinstance(node, yaml.MappingNode):
        items: dict[str, Node] = {}
        key_where: dict[str, Where] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            kw = Where(path, key_node.start_mark.line + 1, key_node.start_mark.column + 1,
                       where.child(key))
            if key in items:
                report.error(kw, f"键“{key}”重复出现（第一次在第 {key_where[key].line} 行）。",
                             "删除或合并其中一个。")
                continue
            key_where[key] = kw
            items[key] = convert(value_node, path, where.child(key), report)
        return Node(items, where, "map", key_where)
    if isinstance(node, yaml.SequenceNode):
        return Node([convert(item, path, where.child(i), report) for i, item in enumerate(node.value)],
                    where, "list")
    if node.tag not in STANDARD_TAGS:
        report.error(where, f"不支持的 YAML 标签“{node.tag}”。", "删除标签，只写普通的文本、数字或列表。")
        return Node(str(node.value), where, "str")
    kind = node.tag.rsplit(":", 1)[1]
    return Node(node.value, where, kind)
