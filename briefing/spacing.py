"""Lines the breaker could only set loose, reported where their paragraph is written.

The line breaker ranks a line spaced wider than LOOSE em above every other preference
(typeset.break_lines), so such a line is left only where no legal break avoids it: a
word that cannot break (a telephone number, an address part) wider than the room left.
`check --pdf` fails a loose line it cannot explain; this tells the writer at build time.
"""
from __future__ import annotations

from .compose import Document, TextBlock
from .errors import Report, Where, locate
from .metrics import FontMetrics
from .pageplan.closing import set_note
from .pageplan.flow import text_lines
from .pageplan.lines import BODY
from .typeset import LOOSE, Line


def check_spacing(document: Document, metrics: FontMetrics, report: Report) -> None:
    """Warn about every loose line of the body, the attachments' text and the 附注, set as the
    layout sets them (the same cached calls: the layout pays nothing more)."""
    blocks = [*document.body, *(block for attachment in document.attachments for block in attachment.blocks)]
    texts: list[tuple[list[Line], Where]] = []
    for block in blocks:
        if isinstance(block, TextBlock):
            texts.append((text_lines(block, metrics, document.people)[0], block.where))
    note = document.closing.note
    if note is not None:  # (as pageplan.closing sets it)
        texts.append((set_note(note, metrics), note.where))
    for lines, where in texts:
        for line in lines:
            if line.stretch > LOOSE * BODY.size:
                report.warn(locate(where, line.text.lstrip()[:4]),
                            f"这一行只能排松：字间加宽 {line.stretch:.1f} pt，超过 {LOOSE} 字"
                            f"（{LOOSE * BODY.size:.1f} pt）：“{line.text}”。",
                            "下一行开头的词不能断开（电话号码、网址、长数字或 {不断行：…} 标出的文字），放不进这一行；"
                            "调整前后的文字（增删几个字或改换词序），让长词落在行首附近。")
