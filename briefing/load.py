"""Load YAML safely, keeping the file, line, column and YAML path of every value.

Only plain YAML data is accepted (strings, numbers, booleans, null, lists,
mappings); any tag such as `!!python/object` is refused. Scalars are kept
as the text the user typed, so figures stay exact decimals.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
import re
import unicodedata
from typing import Callable, Mapping, Union

import yaml

from . import memo
from .errors import Problem, Report, Where, quoted

# LibYAML's parser when PyYAML has it (its wheels do): ten times faster than the pure-Python one.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

STANDARD_TAGS = {f"tag:yaml.org,2002:{kind}": kind for kind in ("str", "int", "float", "bool", "null")}  # tag -> kind


@dataclass
class Node:
    """A YAML value and where it was written.

    `value` is a str (scalars keep their source text), a list of Nodes or a dict
    of key -> Node; `kind` says which YAML type a scalar resolved to.
    """

    value: Union[str, list["Node"], dict[str, "Node"], None]
    where: Where
    kind: str  # "str", "int", "float", "bool", "null", "list", "map" or INVALID
    # A mapping's keys: line and column of each (a Where is made only for a message: making one
    # for every key took a tenth of parsing a long edition).
    key_at: dict[str, tuple[int, int]] = field(default_factory=dict)
    parsed: int | bool | None = None  # an int's or bool's value by YAML's rules (0x10, yes, TRUE)

    @property
    def mapping(self) -> dict[str, "Node"]:
        """A map's entries (empty for any other kind)."""
        return self.value if isinstance(self.value, dict) else {}

    @property
    def elements(self) -> list["Node"]:
        """A list's items (empty for any other kind)."""
        return self.value if isinstance(self.value, list) else []

    def key_where(self, key: str) -> Where:
        """Where a mapping's key was written."""
        line, column = self.key_at[key]
        return Where(self.where.file, line, column, self.where.child(key))

    @property
    def integer(self) -> int | None:
        """An int's value (None for any other kind; a bool is not an int here)."""
        return self.parsed if self.kind == "int" and isinstance(self.parsed, int) else None


INVALID = "invalid"  # a value already reported (a tag, a control character): checked no further
KIND_NAMES = {"str": "文本", "int": "整数", "float": "小数", "bool": "是/否", "null": "空值",
              "list": "列表", "map": "键值表", INVALID: "有错的值"}


# Limits on one content file, so a careless or hostile file fails fast (README, 限制).
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_NODES = 50_000  # values in one file, counting every expansion of an alias (*name)
MAX_CHARACTERS = 2_000_000  # characters of text in one file, aliases expanded

# Characters that never belong in a document. C0/C1 controls (tab and line ends aside) and
# DEL are invisible or break readers; bidi embeddings and overrides reorder what is shown.
_FORBIDDEN = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069]")
# Line ends that Word and WPS put in copied text (manual line break U+000B, form feed, NEL,
# line and paragraph separators): YAML would take some as line breaks and refuse others.
# Inside Chinese text a line end is no space; they become a space, which `text.clean` drops
# next to Han characters, as it does a YAML line break.
_SOFT_BREAKS = str.maketrans({"\x0b": " ", "\x0c": " ", "\x85": " ", "\u2028": " ", "\u2029": " "})
# Typographic spaces (no-break, en, em, thin, hair, narrow no-break, math, Ogham): a plain
# space; zero-width characters: nothing. The ideographic space U+3000 is kept (a deliberate gap).
_ODD_SPACES = {**{code: " " for code in (0xa0, 0x1680, *range(0x2000, 0x200b), 0x202f, 0x205f)},
               **{code: None for code in (0x200b, 0x2060, 0xfeff)}}
_SCALAR_CLEANING = str.maketrans({**_SOFT_BREAKS, **_ODD_SPACES})


def _replacer(table: Mapping[int, str | None]) -> Callable[[str], str]:
    """`str.translate` with `table`, skipped when none of its characters occur (translating
    with a dict looks up every character: most of the time spent reading a long edition)."""
    finder = re.compile("[" + "".join(re.escape(chr(char)) for char in table) + "]")
    return lambda text: text.translate(table) if finder.search(text) else text


_replace_soft_breaks = _replacer(_SOFT_BREAKS)
_clean_scalar = _replacer(_SCALAR_CLEANING)

TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
# A node that begins with a tag (after its anchor and a comment, if any): no plain value can begin with "!".
EXPLICIT_TAG = re.compile(r"(?:&\S+(?:\s+#.*)?\s+)?(!\S*)")
_CONSTRUCTOR = yaml.constructor.SafeConstructor()


def load_yaml(path: Path, report: Report) -> Node | None:
    """Parse one YAML file into a Node tree; syntax errors go to `report`."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            report.error(Where(path, 1, 1), f"文件太大（{size // 1024} KB，上限 {MAX_FILE_BYTES // 1024 // 1024} MB）。",
                         "内容文件只写文字；较长的附件请拆成几个文件，用 include 引用。")
            return None
        data = path.read_bytes()
    except FileNotFoundError:
        report.error(Where(path, 1, 1), "文件不存在。", "检查文件名和所在文件夹。")
        return None
    except OSError as exc:
        report.error(Where(path, 1, 1), f"文件无法读取（{exc.strerror}）。", "检查文件是否存在、是否有读取权限。")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _line_column(data, exc.start)
        report.error(Where(path, line, column), f"文件不是 UTF-8 编码：这一行第 {column} 个字节无法按 UTF-8 读取。",
                     "用编辑器把文件另存为 UTF-8 编码（记事本：另存为 → 编码选 UTF-8）。")
        return None
    root, problems = _parse(path, text)
    report.problems.extend(problems)
    return root


def _line_column(data: str | bytes, offset: int) -> tuple[int, int]:
    """1-based line and column of an offset into a file's text or bytes."""
    newline = b"\n" if isinstance(data, bytes) else "\n"
    return data.count(newline, 0, offset) + 1, offset - (data.rfind(newline, 0, offset) + 1) + 1  # type: ignore[arg-type]


def _forbidden_characters(path: Path, text: str, report: Report) -> bool:
    """Report every control or bidi character typed in the file; True when there were any."""
    if not _FORBIDDEN.search(text):  # (one scan of the text, not one a line: the usual case)
        return False
    found = False
    for number, line in enumerate(text.split("\n"), 1):  # (splitlines() also splits at U+000B…)
        for match in _FORBIDDEN.finditer(line):
            found = True
            report.error(Where(path, number, match.start() + 1), f"文中有不可见的控制字符 {char_name(match.group())}。",
                         "删除这个字符（常见于从网页或其他文档复制的文字），或重新输入这段文字。")
    return found


def char_name(char: str) -> str:
    """U+202E (RIGHT-TO-LEFT OVERRIDE): how a message names an invisible character."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f"（{name}）" if name else "")


@memo.kept("parsed YAML files")
def _parse(path: Path, text: str) -> tuple[Node | None, tuple[Problem, ...]]:
    """Parse a file's text, with the problems found. Cached by content, so watch mode
    re-parses only the files that changed; the trees are never modified after this."""
    report = Report()
    return _parse_into(path, text, report), tuple(report.problems)


def _parse_into(path: Path, text: str, report: Report) -> Node | None:
    if _forbidden_characters(path, text, report):
        return None
    text = _replace_soft_breaks(text)  # one character for one: columns stay right
    try:
        root = yaml.compose(text, Loader=LOADER)
    except yaml.MarkedYAMLError as exc:
        # An unclosed bracket or quote is reported where it was opened, not where the file ran out.
        opened = exc.context and ("flow" in exc.context or "quoted" in exc.context)
        mark = (exc.context_mark if opened else None) or exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        lines = text.splitlines()
        for earlier in range(line, max(0, line - 4), -1):  # a key typed with a full-width colon
            if earlier <= len(lines) and FULL_WIDTH_KEY.match(lines[earlier - 1]):
                report.error(Where(path, earlier, lines[earlier - 1].index("：") + 1),
                             "YAML 语法错误：键名后面用了全角冒号“：”。",
                             "键名后面要用半角冒号“:”加一个空格，例如“title: 标题”。")
                return None
        slip = INDICATOR_VALUE.match(lines[line - 1]) if line <= len(lines) else None
        if slip:  # `unit: %`, `- @某人`: a character YAML reserves, typed at the start of a text
            key, value = slip["key"].strip(), slip["value"].split(" #")[0].rstrip()
            report.error(Where(path, line, slip.start("value") + 1),
                         f"YAML 语法错误：值“{value}”以“{value[0]}”开头，YAML 把这个符号当作特殊记号，不能直接写在值的开头。",
                         f"给这个值加引号：{key + ' ' if key else ''}{quoted(value)}。")
            return None
        problem = str(exc.problem or exc.context)
        report.error(Where(path, line, column),
                     f"YAML 语法错误：{SYNTAX_PROBLEMS.get(problem, problem)}。", syntax_hint(lines, line))
        return None
    except yaml.YAMLError as exc:  # the reader's: a character YAML does not allow
        line, column = _line_column(text, getattr(exc, "position", 0) or 0)
        character = getattr(exc, "character", "")
        named = char_name(character) if isinstance(character, str) and character else "不能使用的字符"
        report.error(Where(path, line, column), f"文中有 YAML 不允许的字符 {named}。", "删除这个字符。")
        return None
    if root is None:
        report.error(Where(path, 1, 1), "文件是空的。", "按 README 中的格式填写内容。")
        return None
    try:
        return _Converter(path, report, text).convert(root, "")
    except _TooLarge as exc:
        report.error(exc.where, "内容展开后太大：别名（*名称）引用得太多或层层嵌套"
                                f"（上限 {MAX_NODES} 项、{MAX_CHARACTERS} 字）。",
                     "少用锚点和别名（&名称、*名称），把内容直接写出来。")
        return None


FULL_WIDTH_KEY = re.compile(r"^\s*(- )?[A-Za-z_]+\s*：")
# A value (after "key: " or "- ") beginning with a character YAML reserves for its own
# syntax (directive, reserved, alias, anchor): typed as text, it must be quoted.
INDICATOR_VALUE = re.compile(r"^(?P<key>\s*(?:- +)*(?:[^\s#'\"-][^:#]*: +)?(?:- +)*)(?P<value>[%@`*&].*)$")
MAPPING_VALUE = "这里不能出现“: ”（半角冒号加空格在 YAML 中分隔键和值；文中的冒号请用全角“：”，或给整段文本加引号）"
SYNTAX_PROBLEMS = {  # LibYAML's wording, then PyYAML's where it differs
    "could not find expected ':'": "缺少冒号“:”（或上一行的引号、括号没有配对）",
    "mapping values are not allowed in this context": MAPPING_VALUE,
    "mapping values are not allowed here": MAPPING_VALUE,
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


class _TooLarge(Exception):
    def __init__(self, where: Where):
        self.where = where


class _Converter:
    """YAML's node graph to a tree of Nodes: tags checked, scalars cleaned and typed once,
    aliases expanded within the file's budget and never into themselves."""

    def __init__(self, path: Path, report: Report, text: str):
        self.path = path
        self.report = report
        self.text = text  # what was parsed: where a node begins tells whether a tag was typed
        self.nodes = 0
        self.characters = 0
        self.open: set[int] = set()  # the YAML nodes being converted: an alias to one is a cycle

    def convert(self, node: yaml.Node, yaml_path: str) -> Node:
        mark = node.start_mark
        where = Where(self.path, mark.line + 1, mark.column + 1, yaml_path)
        self.nodes += 1
        if self.nodes > MAX_NODES or self.characters > MAX_CHARACTERS:
            raise _TooLarge(where)
        if id(node) in self.open:
            self.report.error(where, "别名（*名称）引用了包含它自己的内容（循环引用）。", "删除这个别名，把内容直接写出来。")
            return Node(None, where, INVALID)
        typed = EXPLICIT_TAG.match(self.text, mark.index)
        if typed:  # any tag, even a standard one: !!int 标题 is no number
            self.unsupported_tag(typed[1], where)
            return Node(None, where, INVALID)
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, where)
        self.open.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                return self.mapping(node, where)
            return Node([self.convert(item, where.child(i)) for i, item in enumerate(node.value)], where, "list")
        finally:
            self.open.discard(id(node))

    def mapping(self, node: yaml.MappingNode, where: Where) -> Node:
        items: dict[str, Node] = {}
        key_at: dict[str, tuple[int, int]] = {}
        for key_node, value_node in node.value:
            line, column = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in STANDARD_TAGS:
                self.report.error(Where(self.path, line, column, where.path), "键名只能是普通的文字。",
                                  "改成“键: 值”的形式，键名不加标签、引号外不加括号。")
                continue
            key = str(key_node.value)
            path = where.child(key)
            if key in items:
                self.report.error(Where(self.path, line, column, path),
                                  f"键“{key}”重复出现（第一次在第 {key_at[key][0]} 行）。", "删除或合并其中一个。")
                continue
            key_at[key] = line, column
            items[key] = self.convert(value_node, path)
        return Node(items, where, "map", key_at)

    def scalar(self, node: yaml.ScalarNode, where: Where) -> Node:
        if node.tag == TIMESTAMP_TAG:
            self.report.error(where, f"日期“{node.value}”要写成中文格式。",
                              f"写成“{_chinese_date(node.value)}”（公文的日期用阿拉伯数字和年月日）。")
            return Node(None, where, INVALID)
        kind = STANDARD_TAGS.get(node.tag)
        if kind is None:
            self.unsupported_tag(node.tag, where)
            return Node(None, where, INVALID)
        value = str(node.value)
        self.characters += len(value)
        # The file has none typed (_forbidden_characters): only a double-quoted text's escape
        # such as "\u202e" makes one, so only those are searched.
        escaped = _FORBIDDEN.search(value) if node.style == '"' else None
        if escaped:
            self.report.error(where, f"文中有不可见的控制字符 {char_name(escaped.group())}。", "删除这个字符。")
            return Node(None, where, INVALID)
        parsed: int | bool | None = None
        if kind == "int":
            parsed = _CONSTRUCTOR.construct_yaml_int(node)
        elif kind == "bool":
            parsed = _CONSTRUCTOR.construct_yaml_bool(node)
        return Node(_clean_scalar(value), where, kind, parsed=parsed)

    def unsupported_tag(self, tag: str, where: Where) -> None:
        shown = "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag
        self.report.error(where, f"不支持的 YAML 标签“{shown}”：内容文件只能写普通的文本、数字、列表和键值表。",
                          "删除以“!”开头的标签；如果这是正文，请给整段文字加引号。")


def _chinese_date(iso: str) -> str:
    match = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", str(iso))
    return f"{match[1]}年{int(match[2])}月{int(match[3])}日" if match else "2023年2月6日"
