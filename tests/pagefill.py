"""How full a document's pages are, read from its page plans: the grid lines left empty at each
page's foot, which pages end a part, and the body lines that share a page with the 落款."""
from __future__ import annotations

import math
from dataclasses import dataclass

from briefing import api, geometry
from briefing.metrics import FontMetrics
from briefing.pageplan import lay_out
from briefing.pageplan.items import Box, PagePlan, Picture, TextLine, Turned

FURNITURE = {"页码", "征求意见稿", "抄送机关", "印发机关", "印发日期"}
CLOSING = {"发文机关署名", "成文日期"}


@dataclass(frozen=True)
class PageFill:
    number: int
    used: int  # grid lines down to the lowest thing of the flow
    part_end: bool  # the last page of the notice or of an attachment (or blank, or the 版记's)
    closing_body: int | None  # body lines on the page of the 署名 and date
    closing_rows: bool = False  # and rows of a table on it

    @property
    def empty(self) -> int:
        return geometry.GRID.lines - self.used


def _lowest_line(item) -> int:
    """The grid line (from 1) on which an item ends."""
    grid = geometry.GRID
    if isinstance(item, TextLine):
        run = item.runs[0]
        return round((grid.top - grid.drop(run.size) - run.y) / grid.pitch) + 1 if run.size == geometry.BODY_SIZE \
            else math.ceil((grid.top - run.y) / grid.pitch - 0.01)
    bottom = item.y if isinstance(item, (Box, Picture)) else min(item.y1, item.y2)
    return math.ceil((grid.top - bottom) / grid.pitch - 0.01)


def _flows(page: PagePlan) -> bool:
    """Does the page carry on a flow (not only a 版记, or nothing)?"""
    return any(isinstance(item, TextLine) and item.runs and item.role not in FURNITURE for item in page.items)


def page_fill(pages: list[PagePlan]) -> list[PageFill]:
    result = []
    for index, page in enumerate(pages):
        flow = [item for item in page.items if not isinstance(item, Turned)
                and not (isinstance(item, TextLine) and (item.role in FURNITURE or not item.runs))]
        imprint = any(isinstance(item, TextLine) and item.role == "印发机关" for item in page.items)
        following = pages[index + 1] if index + 1 < len(pages) else None
        part_end = (following is None or page.blank or imprint or not _flows(following)
                    or any(isinstance(i, Turned) for i in (*page.items, *following.items))
                    or any(isinstance(i, TextLine) and i.role == "附件" for i in following.items))
        texts = [item for item in flow if isinstance(item, TextLine)]
        if imprint:  # the 版记's rules sit at the foot: measure the text above them
            flow = texts
        used = max((_lowest_line(item) for item in flow), default=0)
        signed = any(t.role in CLOSING for t in texts)
        closing = sum(1 for t in texts if t.role == "正文") if signed else None
        rows = signed and any(t.role == "表格" for t in texts)
        result.append(PageFill(page.number, min(used, geometry.GRID.lines), part_end, closing, rows))
    return result


def plans_of(folder) -> list[PagePlan]:
    """The page plans of a content folder, as the build lays it out."""
    checked = api.check(folder)
    return lay_out(checked.document, FontMetrics.of(checked.fonts)).pages
