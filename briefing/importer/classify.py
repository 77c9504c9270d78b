"""Which of a draft's paragraphs is which 公文 element: the 版头 lines at the top, the title,
the 主送 line ending in a colon, the closing (附件说明, 署名, 成文日期, 附注) after the body,
the 版记 lines, and each attachment (附件N, its title and text). Wording decides first;
a word processor's styles, sizes, alignment and colour decide between the candidates."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..text import CJK, FIGURE_REF, NOT_A_FIGURE, PLACEHOLDER
from . import elements as el
from .dates import is_blank_date, normal_date
from .notes import Notes
from .source import Block, Draft, Para, Picture, Table
from .wordfile import FURNITURE

# Characters the content may not hold (README, 限制): control and bidi-control characters.
FORBIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
SENTENCE_END_ALL = el.SENTENCE_END + "；"
ASCII_QUOTED = re.compile(rf'"([^"\n]*[{CJK}][^"\n]*)"')
TITLE_STYLES = ("公文标题", "title", "标题")
MAX_TITLE = 100  # 6 lines of 18 (README 限制): longer, a first line is prose, not a title
MAX_TITLE_LINE = 40  # a title's next line, broken by hand
MAX_ISSUER = 40
SIGNATURE = re.compile(r"^(\S{1,10})[\s\u3000]+(\S{2,4})$")  # 市长　陈建国


@dataclass
class Part:
    """The main text or an attachment: its title lines and its body material in order."""

    title: list[str]
    blocks: list[Block]
    number: int = 0  # the source paragraph of its label (附件N) or title


@dataclass
class Parsed:
    fields: dict[str, object] = field(default_factory=dict)  # edition.yaml keys, in the order met
    main: Part = field(default_factory=lambda: Part([], []))
    attachments: list[Part] = field(default_factory=list)
    noted: list[str] = field(default_factory=list)  # titles the 附件说明 lists
    seals: list[Picture] = field(default_factory=list)  # pictures on the 署名 and date


def classify(draft: Draft, notes: Notes) -> Parsed:
    blocks = _cleaned(draft, notes)
    parsed = Parsed()
    blocks = _imprint(blocks, parsed, notes)
    start = _head(blocks, parsed, notes)
    start = _title(blocks, start, parsed, notes)
    start = _recipients(blocks, start, parsed, notes)
    main, attachments = _split_attachments(blocks[start:])
    parsed.main.blocks = _closing(main, parsed, notes)
    parsed.attachments = [_attachment(part, notes) for part in attachments]
    return parsed


def _cleaned(draft: Draft, notes: Notes) -> list[Block]:
    """The draft without page numbers and web page furniture, its text free of characters
    the content refuses and of accidental markup (a {{…}} or {待定：…} is the draft's text)."""
    for number, marks in draft.removed.items():
        notes.removed(number, "Markdown 标记", " ".join(marks))
    for first, lines in draft.joined.items():
        for number in lines:
            notes.placed(number, f"接在第{first}{notes.unit}之后，同一段（原文按版面折行）")
    result: list[Block] = []
    for block in draft.blocks:
        if isinstance(block, Para):
            block.text = _safe(block.text, block.number, notes).strip()
            if not block.text.strip():
                continue
            line = block.text.strip()
            if block.style == FURNITURE:
                notes.dropped(block.number, "页眉或页脚中的文字", line)
                continue
            if el.PAGE_NUMBER.match(line):
                notes.dropped(block.number, "页码，由程序生成", line)
                continue
            if el.WEB_FURNITURE.search(line):
                notes.dropped(block.number, "网页上的说明文字，不是公文内容", line)
                continue
        elif isinstance(block, Table):
            block.rows = [[_safe(cell, block.number, notes) for cell in row] for row in block.rows]
        result.append(block)
    return result


def _safe(text: str, number: int, notes: Notes) -> str:
    """`text` as the content may hold it: without forbidden characters, with no accidental
    markup, Chinese quotation marks for ASCII ones typed in pairs around Chinese text."""
    if text.count('"') % 2 == 0 and ASCII_QUOTED.search(text):
        notes.removed(number, "英文引号（成对的 \" 改为中文引号“”）", text)
        text = ASCII_QUOTED.sub(lambda m: f"“{m.group(1)}”", text)
    bad = FORBIDDEN.findall(text)
    if bad:
        notes.removed(number, "控制字符", "、".join(f"U+{ord(c):04X}" for c in sorted(set(bad))))
        text = FORBIDDEN.sub("", text)
    if any(p.search(text) for p in (FIGURE_REF, NOT_A_FIGURE, PLACEHOLDER)):
        notes.removed(number, "花括号（改为全角，以免被当作指标引用或待定内容）", text)
        text = text.replace("{", "｛").replace("}", "｝")
    return text


def _paras(blocks: list[Block]) -> list[Para]:
    return [b for b in blocks if isinstance(b, Para)]


def _imprint(blocks: list[Block], parsed: Parsed, notes: Notes) -> list[Block]:
    """The 版记 lines (抄送, 印发机关 and 印发日期) wherever they stand: out of the flow."""
    kept: list[Block] = []
    for block in blocks:
        if isinstance(block, Para) and "\n" not in block.text:
            line = block.text.strip()
            cc, printed = el.CC.match(line), el.PRINTED.match(line)
            sent = el.RECIPIENTS_LINE.match(line)
            if sent and el.names(sent.group("names")):  # a 主送 moved to the 版记 (§7.3.2)
                parsed.fields["recipients"] = el.names(sent.group("names"))
                notes.element(block.number, "主送机关", "删去“主送：”")
                continue
            if cc and el.names(cc.group("names")):
                parsed.fields["cc"] = el.names(cc.group("names"))
                notes.element(block.number, "抄送机关", "删去“抄送：”")
                continue
            if printed and _dateline(printed.group("date")) and len(printed.group("printer")) <= MAX_ISSUER:
                parsed.fields["printer"] = printed.group("printer").strip()
                _date(parsed, "print_date", printed.group("date"), block.number, notes, "印发日期")
                notes.element(block.number, "印发机关", "删去“印发”，由程序加上")
                continue
        kept.append(block)
    return kept


def _date(parsed: Parsed, key: str, text: str, number: int, notes: Notes, name: str) -> None:
    date = normal_date(text)
    if date is None:  # an unfilled date (××××年×月×日): the draft's own words, to be filled in
        parsed.fields[key] = f"{{待定：{text.strip()}}}"
        notes.element(number, name, "尚未填写，写成待定内容")
        return
    parsed.fields[key] = date
    notes.element(number, name, f"“{text.strip()}”写成 {date}" if date != text.strip() else "")


def _head(blocks: list[Block], parsed: Parsed, notes: Notes) -> int:
    """The 版头 at the top: 份号, 密级, 紧急程度, 发文机关标志, 发文字号 and 签发人, 期号."""
    index = 0
    while index < len(blocks):
        block = blocks[index]
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if not isinstance(block, Para) or not _head_line(block, following, parsed, notes):
            break
        index += 1
        if block.red and parsed.fields.get("mark") == block.text.strip():
            index = _joint_mark(blocks, index, parsed, notes)
    return index


def _joint_mark(blocks: list[Block], index: int, parsed: Parsed, notes: Notes) -> int:
    """The red lines after a red mark's first: a joint mark's other organs and its “文件”
    (§7.2.4), written as the list of organs."""
    lines = [str(parsed.fields["mark"])]
    while index < len(blocks):
        block = blocks[index]
        if not (isinstance(block, Para) and block.red):
            break
        lines.append(block.text.strip())
        notes.element(block.number, "发文机关标志", "联合行文")
        index += 1
    organs = [line.removesuffix("文件") for line in lines if line != "文件" and line.removesuffix("文件")]
    if len(lines) > 1:
        parsed.fields["mark"] = organs if len(organs) > 1 else organs[0] + "文件"
    return index


def _head_line(block: Para, following: Block | None, parsed: Parsed, notes: Notes) -> bool:
    """One line of the 版头; its parts (份号, 密级, 紧急程度, 发文字号, 签发人) may share it,
    apart by tabs or wide spaces (a letter's 份号 left and 发文字号 right)."""
    line = block.text.strip()
    tokens = [t.strip() for t in re.split(r"[\t\u3000 ]{2,}|\t", line) if t.strip()]
    if all(_head_token(token, parsed) for token in tokens):
        for token in tokens:
            _head_part(token, block.number, parsed, notes)
        return True
    if el.ISSUE.match(line) and "mark" in parsed.fields:
        parsed.fields["number"] = re.sub(r"\s", "", line)
        notes.element(block.number, "期号" if str(parsed.fields["mark"]).endswith("纪要") else "令号")
        return True
    if "mark" not in parsed.fields and _is_mark(block, following):
        parsed.fields["mark"] = line
        notes.element(block.number, "发文机关标志")
        return True
    return False


def _head_token(token: str, parsed: Parsed) -> bool:
    return bool(el.COPY_NUMBER.match(token) or el.SECRECY.match(token) or el.URGENCY.match(token)
                or el.NUMBER.match(token) or el.BLANK_NUMBER.match(token) and "number" not in parsed.fields
                or el.SIGNERS.match(token) or el.NUMBER_WITH_SIGNERS.match(token))


def _head_part(token: str, number: int, parsed: Parsed, notes: Notes) -> None:
    for key, name, pattern in (("copy_number", "份号", el.COPY_NUMBER), ("secrecy", "密级和保密期限", el.SECRECY),
                               ("urgency", "紧急程度", el.URGENCY)):
        if pattern.match(token):
            parsed.fields[key] = el.COPY_NUMBER.sub(r"\1", token)
            notes.element(number, name)
            return
    typed, signers = el.NUMBER.match(token), el.SIGNERS.match(token) or el.NUMBER_WITH_SIGNERS.match(token)
    if typed:
        parsed.fields["number"] = el.normal_number(typed)
        written = re.sub(r"\s", "", typed.group())
        notes.element(number, "发文字号", f"“{written}”写成 {parsed.fields['number']}"
                      if written != parsed.fields["number"] else "")
    elif el.BLANK_NUMBER.match(token):
        parsed.fields["number"] = f"{{待定：{token}}}"
        notes.element(number, "发文字号", "尚未填写，写成待定内容")
    if signers:
        parsed.fields["signers"] = el.names(signers.group("names"))
        notes.element(number, "签发人", "删去“签发人：”")


def _is_mark(block: Para, following: Block | None) -> bool:
    """The 发文机关标志: red, or in the 版头's text box, or a line ending in 文件/纪要/令
    with the title or the 发文字号 after it (else it is the title itself), or an organ's
    name over a 发文字号 (a letter's)."""
    line = block.text.strip()
    if block.red or block.boxed:
        return True
    after = following.text.strip() if isinstance(following, Para) else ""
    numbered = bool(el.NUMBER.match(after) or el.BLANK_NUMBER.match(after) or el.ISSUE.match(after))
    if el.is_mark(line):
        return numbered or _is_title(following, True)
    return numbered and len(line) <= MAX_ISSUER and not any(c in line for c in "，。：:,；")


def _is_title(block: Block | None, first: bool) -> bool:
    """Could be (a line of) the title: a title-styled paragraph, or a plain one without a
    sentence's end, a colon's or a heading's number; the first line as long as a title may be."""
    if not isinstance(block, Para):
        return False
    if block.style.lower() in TITLE_STYLES:
        return True
    text = block.text.strip()
    if block.level or el.heading_number(text) or el.ATTACHMENT_LABEL.match(text) or text.endswith(("：", ":")):
        return False
    limit = MAX_TITLE if first else MAX_TITLE_LINE
    return not any(c in text for c in SENTENCE_END_ALL) and all(len(line) <= limit for line in text.split("\n"))


def _title(blocks: list[Block], start: int, parsed: Parsed, notes: Notes) -> int:
    """The title: the first paragraph after the 版头 (a styled, centred or short line), with
    the lines after it that continue it (a title broken over several lines)."""
    lines: list[str] = []
    index, by_style = start, False
    while index < len(blocks) and _is_title(blocks[index], not lines):
        block = blocks[index]
        assert isinstance(block, Para)
        styled = block.style.lower() in TITLE_STYLES
        if lines and (el.TITLE_END.search(lines[-1]) or styled != by_style
                      or not (styled or block.centred or len(block.text) <= 20)):
            break
        by_style = styled  # a title in a title style goes on only in that style
        lines += [line.strip() for line in block.text.split("\n") if line.strip()]
        notes.element(block.number, "标题")
        index += 1
    if lines:
        parsed.fields["title"] = lines if len(lines) > 1 else lines[0]
    return index


def _recipients(blocks: list[Block], start: int, parsed: Parsed, notes: Notes) -> int:
    if start < len(blocks) and isinstance(blocks[start], Para):
        block = blocks[start]
        assert isinstance(block, Para)
        line = block.text.strip()
        if (line.endswith(("：", ":")) and len(line) <= 150 and not any(c in line for c in SENTENCE_END_ALL)
                and el.heading_number(line) is None and not el.ATTACHMENT_NOTE.match(line)):
            moved = parsed.fields.get("recipients")  # (a 主送 line of the 版记 goes on after these)
            parsed.fields["recipients"] = el.names(line.rstrip("：:")) + (moved if isinstance(moved, list) else [])
            notes.element(block.number, "主送机关", f"删去冒号“{line[-1]}”，由程序加上")
            return start + 1
    return start


def _split_attachments(blocks: list[Block]) -> tuple[list[Block], list[list[Block]]]:
    """The main text, and each attachment from its label (附件、附件2) on: a label standing
    alone on its line after the text's date (or, without a date, followed by a title)."""
    dated = next((i for i, b in enumerate(blocks) if _dateline(_text(b))), None)
    after = dated if dated is not None else len(blocks)
    labels = [i for i, b in enumerate(blocks) if isinstance(b, Para) and (
        (el.ATTACHMENT_LABEL.match(b.text.strip()) or b.style == "附件标识")
        and (i > after or i + 1 < len(blocks) and _is_title(blocks[i + 1], True))
        or el.ATTACHMENT_TITLED.match(b.text.strip()) and i > after)]
    if not labels:
        return blocks, []
    return blocks[:labels[0]], [blocks[a:b] for a, b in zip(labels, labels[1:] + [len(blocks)])]


def _text(block: Block) -> str:
    return block.text if isinstance(block, Para) else ""


def _dateline(text: str) -> bool:
    line = text.strip()
    return normal_date(line) is not None or is_blank_date(line)


def _closing(blocks: list[Block], parsed: Parsed, notes: Notes) -> list[Block]:
    """Take the closing off the end of the main text: 附注 after the date, the date, the
    署名 (or an order's signer) above it, the 附件说明 above that, the seals on them; the
    纪要's attendance lines wherever they are."""
    kept: list[Block] = []
    for block in blocks:
        match = el.ATTENDANCE.match(block.text.strip()) if isinstance(block, Para) else None
        if match:
            attendance = parsed.fields.setdefault("attendance", {})
            assert isinstance(attendance, dict)
            attendance[match.group("kind")] = el.names(match.group("names"))
            notes.element(block.number, f"{match.group('kind')}人员", "名单按顿号、逗号分开")
        else:
            kept.append(block)
    lines = [i for i, b in enumerate(kept) if isinstance(b, Para)][-4:]  # the closing's last lines at most
    date_at = next((i for i in reversed(lines) if _dateline(_text(kept[i]))), None)
    if date_at is None:
        return _attachment_note(kept, parsed, notes)
    for block in kept[date_at + 1:]:  # after the date: 附注 (in brackets), seals, or not a closing after all
        note = el.NOTE.match(block.text.strip()) if isinstance(block, Para) else None
        if note and "note" not in parsed.fields:
            parsed.fields["note"] = note.group("note")
            brackets = note.group()[0] + note.group()[-1]
            notes.element(block.number, "附注", f"删去圆括号“{brackets}”，由程序加上")
        elif not isinstance(block, Picture):
            return _attachment_note(kept, parsed, notes)
    date_block = kept[date_at]
    assert isinstance(date_block, Para)
    _date(parsed, "date", date_block.text, date_block.number, notes, "成文日期")
    issuers: list[Para] = []
    index = date_at
    while index > 0 and len(issuers) < 3:
        block = kept[index - 1]
        if isinstance(block, Picture):  # a seal or signature stamp over the 署名
            index -= 1
            continue
        if not (isinstance(block, Para) and _signature_line(block.text)):
            break
        issuers.insert(0, block)
        index -= 1
    parsed.seals = [b for b in kept[index:] if isinstance(b, Picture)]
    for seal in parsed.seals:
        notes.guessed(seal.number, "落款处的图片作为印章（命令为签名章）")
    order = str(parsed.fields.get("mark", "")).endswith("令")
    signed = SIGNATURE.match(issuers[-1].text.strip()) if issuers and order else None
    if signed or issuers and order and len(issuers[-1].text.strip()) <= 10:
        # an order is signed by its signer, 职务 and 姓名 (§7.3.5.3), not by the organ; with a
        # signature stamp only the 职务 is printed
        title, name = signed.groups() if signed else (issuers[-1].text.strip(), "{待定：签发人姓名}")
        parsed.fields["signature"] = {"title": title, "name": name}
        notes.element(issuers[-1].number, "签发人职务和姓名" if signed else "签发人职务")
        issuers.pop()
    if issuers:
        parsed.fields["issuer"] = [b.text.strip() for b in issuers] if len(issuers) > 1 else issuers[0].text.strip()
        for block in issuers:
            notes.element(block.number, "发文机关署名")
    return _attachment_note(kept[:index], parsed, notes)


def _signature_line(text: str) -> bool:
    line = text.strip()
    return (0 < len(line) <= MAX_ISSUER and not any(c in line for c in "，。；：:,") and el.heading_number(line) is None
            and not _dateline(line))


def _attachment_note(blocks: list[Block], parsed: Parsed, notes: Notes) -> list[Block]:
    """附件说明 at the end of the text: 附件：1.标题 and the numbered lines under it."""
    for index in range(len(blocks) - 1, -1, -1):
        block = blocks[index]
        match = el.ATTACHMENT_NOTE.match(block.text.strip()) if isinstance(block, Para) else None
        if not match:
            continue
        following = blocks[index + 1:]
        numbered = [b for b in following if isinstance(b, Para) and re.match(r"^\d+\s*[.．、]", b.text.strip())]
        if len(numbered) != len(following) or not match.group("first").strip():
            return blocks
        parsed.noted = [re.sub(r"^\d+\s*[.．、]\s*", "", line).rstrip("。") for line in
                        [match.group("first").strip()] + [b.text.strip() for b in numbered]]
        for b in [block, *numbered]:
            notes.element(b.number, "附件说明", "由程序按附件标题生成，删去“附件：”和序号")
        return blocks[:index]
    return blocks


def _attachment(blocks: list[Block], notes: Notes) -> Part:
    label = blocks[0]
    assert isinstance(label, Para)
    titled = el.ATTACHMENT_TITLED.match(label.text.strip())
    title: list[str] = [titled.group("title").strip()] if titled else []
    notes.element(label.number, "附件标识", "由程序生成" + (f"，其后“{title[0]}”作附件标题" if titled else ""))
    index = 1
    while not titled and index < len(blocks) and _is_title(blocks[index], not title) and len(title) < 3:
        block = blocks[index]
        assert isinstance(block, Para)
        if title and el.TITLE_END.search(title[-1]):
            break
        title += [line.strip() for line in block.text.split("\n") if line.strip()]
        notes.placed(block.number, f"附件{label.text.strip().removeprefix('附件').strip('：: ') or ''}的标题")
        index += 1
        if block.style.lower() in TITLE_STYLES:
            break
    return Part(title, blocks[index:], label.number)


__all__ = ["classify", "Parsed", "Part", "Picture"]
