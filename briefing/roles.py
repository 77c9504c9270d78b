"""The roles a printed string carries from composition to the page: the font role it is set
in and the GB/T 9704 element it belongs to (GB/T 33476's marking of the elements)."""
from __future__ import annotations

from typing import Literal, NamedTuple, get_args

from .errors import Where

FontRole = Literal["xiaobiaosong", "fangsong", "heiti", "kaiti", "songti"]
Element = Literal["份号", "密级和保密期限", "紧急程度", "发文机关标志", "发文字号", "签发人", "标题", "主送机关", "正文",
                  "附件说明", "出席人员", "发文机关署名", "成文日期", "附注", "附件", "图表", "表格", "抄送机关", "印发机关",
                  "印发日期", "页码", "征求意见稿"]
ELEMENTS: tuple[Element, ...] = get_args(Element)


class Printed(NamedTuple):
    """A string the document prints, with its font role and element: what the glyph preflight
    checks, so it must list everything the layout sets."""

    text: str
    font: FontRole
    element: Element
    where: Where
