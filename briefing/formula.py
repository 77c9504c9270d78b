"""Figures computed from other figures (figures.yaml `formula`): a small arithmetic language that
is parsed and computed here, never run as code.

    formula: rice-2024 - rice-2023               a difference   (also + * /)
    formula: sum(wheat, corn, soybean)           a sum
    formula: farmland / farmland-goal            a ratio
    formula: percent(farmland, farmland-goal)    a ÷ b × 100
    formula: growth(rice-2024, rice-2023)        (a − b) ÷ b × 100

Operators + - * / (also × ÷) with the usual precedence, parentheses and decimal constants.
An id may contain “-”, so an operator is written with spaces around it. The result is rounded
(half up) to the figure's `precision`; a computed figure may be used in another formula, where
it counts at its printed value, as a reader checking the sums would count it.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal, DecimalException, localcontext

from .errors import Report, Where, locate
from .model import Figure

FUNCTIONS = {"sum": "求和", "percent": "百分比", "growth": "增长率"}
MAX_LENGTH = 200  # characters of a formula
MAX_PRECISION = 6
_TOKEN = re.compile(r"\s*(?:(?P<number>\d+(?:\.\d+)?)(?![A-Za-z0-9_-])|(?P<name>[A-Za-z0-9][A-Za-z0-9_-]*)"
                    r"|(?P<mark>[-+*/×÷(),]))")


class FormulaError(Exception):
    def __init__(self, message: str, hint: str, token: str = ""):
        super().__init__(message)
        self.message, self.hint, self.token = message, hint, token


@dataclass(frozen=True)
class Number:
    """A number written in a formula."""

    value: Decimal


@dataclass(frozen=True)
class Ref:
    """A formula's reference to another figure, by its id."""

    id: str


@dataclass(frozen=True)
class Apply:
    """An operator (+ - * /) or a function (sum, percent, growth) and what it applies to."""

    name: str
    args: tuple["Term", ...]
    typed: str  # as written, for a message (“farmland-goal - 2.5”)


Term = Number | Ref | Apply
HINT = ("写法如 a + b、a - b、a / b、sum(a, b, c)、percent(a, b)、growth(a, b)；"
        "a、b 是指标编号或数字，运算符两边各空一格（编号中可以有 -）。")


def parse(text: str) -> Term:
    """The formula's tree; FormulaError naming the token where it goes wrong."""
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"公式太长（{len(text)} 字符，最多 {MAX_LENGTH}）。", "把中间结果登记为另一个指标，再引用它。")
    tokens, spans, at = [], [], 0
    while at < len(text.rstrip()):
        match = _TOKEN.match(text, at)
        if match is None:
            bad = text[at:].strip()[:1]
            raise FormulaError(f"公式中有不能识别的字符“{bad}”。", HINT, bad)
        tokens.append(match.group().strip())
        spans.append((match.end() - len(tokens[-1]), match.end()))
        at = match.end()
    parser = _Parser(tokens, spans, text)
    tree = parser.expression()
    if parser.at < len(tokens):
        raise FormulaError(f"公式在“{tokens[parser.at]}”处多出了内容。", HINT, tokens[parser.at])
    return tree


class _Parser:
    """expression := term (('+'|'-') term)*;  term := factor (('*'|'/') factor)*;
    factor := number | id | function '(' expression (',' expression)* ')' | '(' expression ')'"""

    def __init__(self, tokens: list[str], spans: list[tuple[int, int]], text: str):
        self.tokens, self.spans, self.text, self.at = tokens, spans, text, 0
        self.depth = 0

    def typed(self, start: int) -> str:
        """The formula as written from token `start` to the last one taken."""
        return self.text[self.spans[start][0]:self.spans[self.at - 1][1]]

    def peek(self) -> str:
        return self.tokens[self.at] if self.at < len(self.tokens) else ""

    def take(self, expected: str | None = None) -> str:
        token = self.peek()
        if not token or (expected is not None and token != expected):
            where = f"在“{token}”处" if token else "在末尾"
            raise FormulaError(f"公式{where}不完整，应为“{expected or '指标编号或数字'}”。", HINT, token)
        self.at += 1
        return token

    def expression(self) -> Term:
        return self.chain(self.term, {"+": "+", "-": "-"})

    def term(self) -> Term:
        return self.chain(self.factor, {"*": "*", "×": "*", "/": "/", "÷": "/"})

    def chain(self, operand, operators: dict[str, str]) -> Term:
        start, left = self.at, operand()
        while self.peek() in operators:
            operator = operators[self.take()]
            left = Apply(operator, (left, operand()), self.typed(start))
        return left

    def factor(self) -> Term:
        self.depth += 1
        if self.depth > 50:  # (a limit far beyond any real formula, so the recursion is bounded)
            raise FormulaError("公式的括号嵌套太深。", HINT)
        try:
            token, start = self.take(), self.at
            if token == "(":
                inner = self.expression()
                self.take(")")
                return inner
            if token in FUNCTIONS and self.peek() == "(":
                self.take("(")
                args = [self.expression()]
                while self.peek() == ",":
                    self.take(",")
                    args.append(self.expression())
                self.take(")")
                wanted = 2 if token != "sum" else len(args)
                if len(args) != wanted or not args:
                    raise FormulaError(f"{token}（{FUNCTIONS[token]}）要两个参数，这里写了 {len(args)} 个。", HINT, token)
                return Apply(token, tuple(args), self.typed(start - 1))
            if re.fullmatch(r"\d+(?:\.\d+)?", token):
                return Number(Decimal(token))
            if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]*", token):
                return Ref(token)
            raise FormulaError(f"公式在“{token}”处应为指标编号、数字或“(”。", HINT, token)
        finally:
            self.depth -= 1


def refs(term: Term) -> list[str]:
    if isinstance(term, Ref):
        return [term.id]
    return [name for arg in term.args for name in refs(arg)] if isinstance(term, Apply) else []


def compute(figures: dict[str, Figure], formulas: dict[str, tuple[Term, Where]], broken: set[str],
            report: Report) -> None:
    """Give each computed figure its value, in the order they depend on each other; a figure
    that cannot be computed (unknown id, a cycle, a division by zero) is reported and dropped."""
    done: set[str] = set()

    def value(ident: str, chain: tuple[str, ...]) -> bool:
        """Compute `ident` if it is a formula; False when it cannot be (reported once)."""
        if ident not in figures:  # (its own error is reported)
            return False
        if ident in done or ident not in formulas:
            return True
        term, where = formulas[ident]
        if ident in chain:
            cycle = " → ".join((*chain[chain.index(ident):], ident))
            report.error(where, f"指标的公式互相引用，成了循环：{cycle}。", "至少有一个指标要直接写 value。")
            return False
        for name in refs(term):
            if name in broken:
                return False
            if name not in figures:
                close = difflib.get_close_matches(name, list(figures), n=1, cutoff=0.6)
                parts = [p for p in re.split(r"-", name) if p]
                if "-" in name and any(p in figures for p in parts):
                    hint = f"减号两边要各空一格，如 {' - '.join(parts)}。"
                else:
                    hint = f"您是不是想写 {close[0]}？" if close else "先在 figures.yaml 中登记它，或改正编号。"
                report.error(locate(where, name), f"指标 {ident} 的公式引用了不存在的指标“{name}”。", hint)
                return False
            if not value(name, (*chain, ident)):
                return False
        figure = figures[ident]
        try:
            result = _rounded(_evaluate(term, figures), figure.precision or 0)
        except FormulaError as problem:
            report.error(locate(where, problem.token), f"指标 {ident} 的公式{problem.message}", problem.hint)
            return False
        figures[ident] = replace(figure, value=result)
        done.add(ident)
        return True

    for ident in formulas:
        if not value(ident, ()):
            figures.pop(ident, None)
            broken.add(ident)
            done.add(ident)


def _rounded(value: Decimal, places: int) -> Decimal:
    try:
        return value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    except DecimalException:  # more digits than a Decimal holds (28): no real figure is that large
        raise FormulaError(f"的结果 {value:.3E} 太大，无法保留 {places} 位小数。", "检查公式中各指标的数值。") from None


def _evaluate(term: Term, figures: dict[str, Figure]) -> Decimal:
    if isinstance(term, Number):
        return term.value
    if isinstance(term, Ref):
        return figures[term.id].value
    args = [_evaluate(arg, figures) for arg in term.args]
    with localcontext() as context:
        context.prec = 28
        try:
            if term.name in ("+", "sum"):
                return sum(args, Decimal(0))
            if term.name == "-":
                return args[0] - args[1]
            if term.name == "*":
                return args[0] * args[1]
            divisor = args[1]
            if divisor == 0:
                name = _divisor_text(term)
                raise FormulaError(f"除以 0：“{term.typed}”中的除数（{name}）是 0。",
                                   f"检查除数（{name}）的数值，或改写公式。", name)
            if term.name == "/":
                return args[0] / divisor
            if term.name == "percent":
                return args[0] * 100 / divisor
            return (args[0] - divisor) * 100 / divisor  # growth
        except DecimalException:
            raise FormulaError(f"“{term.typed}”的结果超出了可以计算的范围。", "检查公式中各指标的数值。",
                               _divisor_text(term)) from None


def _divisor_text(term: Apply) -> str:
    divisor = term.args[-1]
    return divisor.id if isinstance(divisor, Ref) else str(divisor.value) if isinstance(divisor, Number) \
        else divisor.typed
