"""The content folder's data from the classified draft: edition.yaml's keys in the order a
writer reads them, one file per attachment, and {待定：…} wherever the draft lacks a required
element (never a value made up). A guess from the draft's own words (the issuer named in the
title) is written as a placeholder holding the guess, so the draft prints it and check lists it."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .classify import Parsed
from .notes import Notes
from .structure import PICTURE_SUFFIXES, Structurer, picture_problem

ORDER = ("format", "issuer", "mark", "number", "signers", "copy_number", "secrecy", "urgency", "title", "recipients",
         "body", "sections", "attachments", "attendance", "signature", "date", "seal", "note", "cc", "printer", "print_date",
         "status")
ISSUER_IN_TITLE = re.compile(r"^(?P<issuer>.{2,30}?)关于")
MARK_WORDS = re.compile(r"(?:会议纪要|纪要|文件|命令|令)$")


@dataclass
class Folder:
    edition: dict
    attachments: dict[str, dict] = field(default_factory=dict)  # file name → data
    pictures: dict[str, bytes] = field(default_factory=dict)  # file name → bytes
    texts: dict[str, str] = field(default_factory=dict)  # other files (suggestions): name → text


def placeholder(text: str) -> str:
    return f"{{待定：{text}}}"


def assemble(parsed: Parsed, notes: Notes) -> Folder:
    fields = dict(parsed.fields)
    folder = Folder({})
    structurer = Structurer(notes, folder.pictures)
    body, sections = structurer.part(parsed.main.blocks, "正文")
    fields["body"] = body if body or sections else [placeholder("正文")]
    if sections:
        fields["sections"] = sections
    if not body and not sections:
        notes.lack("正文", placeholder("正文"))
    _attachments(parsed, notes, structurer, folder, fields)
    _seals(parsed, notes, folder, fields)
    form = _format(fields)
    if form != "文件":
        fields["format"] = form
    _required(fields, form, notes)
    fields["status"] = "draft"
    folder.edition = {key: fields[key] for key in ORDER if key in fields}
    return folder


def _format(fields: dict) -> str:
    """文件, or the format the mark, number or title names (GB/T 9704 §10)."""
    mark, title, number = ("" if isinstance(fields.get(k), list) else str(fields.get(k, ""))
                           for k in ("mark", "title", "number"))
    if mark.endswith("纪要") or title.endswith("纪要") or "attendance" in fields:
        return "纪要"
    if mark.endswith("令"):
        return "命令"
    if "函〔" in number or title.endswith("的函") or title.endswith("复函"):
        return "信函"
    return "文件"


def _required(fields: dict, form: str, notes: Notes) -> None:
    title = fields.get("title")
    title_text = "".join(title) if isinstance(title, list) else str(title or "")
    mark = "" if isinstance(fields.get("mark"), list) else str(fields.get("mark", ""))
    if "issuer" not in fields:
        named = MARK_WORDS.sub("", mark) if mark else None
        found = ISSUER_IN_TITLE.match(title_text)
        guess = named or (found.group("issuer") if found else None)
        fields["issuer"] = placeholder(guess or "发文机关")
        notes.lack("发文机关署名", fields["issuer"] + ("（括号中是从标志或标题推测的）" if guess else ""))
    issuer = str(fields["issuer"] if not isinstance(fields["issuer"], list) else fields["issuer"][0])
    issuer = issuer.removeprefix("{待定：").removesuffix("}")
    defaults = {
        "mark": {"文件": f"{issuer}文件", "信函": issuer, "纪要": f"{issuer}会议纪要", "命令": f"{issuer}令"}[form],
        "number": {"纪要": "第×期", "命令": "第×号"}.get(form, "机关代字〔年份〕序号号"),
        "title": "标题",
        "date": "成文日期",
        "printer": "印发机关",
        "print_date": "印发日期",
    }
    if form != "命令":
        defaults["recipients"] = "主送机关"
    else:
        fields.pop("recipients", None)
        fields.setdefault("signature", {"title": placeholder("签发人职务"), "name": placeholder("签发人姓名")})
    names = {"mark": "发文机关标志", "number": "发文字号", "title": "标题", "recipients": "主送机关", "date": "成文日期",
             "printer": "印发机关", "print_date": "印发日期"}
    for key, text in defaults.items():
        if key not in fields:
            fields[key] = placeholder(text) if key != "recipients" else [placeholder(text)]
            notes.lack(names[key], placeholder(text))


def _attachments(parsed: Parsed, notes: Notes, structurer: Structurer, folder: Folder, fields: dict) -> None:
    """Each attachment as 附件N.yaml; titles the 附件说明 lists and the draft does not hold
    become attachments with a placeholder for their text."""
    count = max(len(parsed.attachments), len(parsed.noted))
    for index in range(count):
        name = f"附件{index + 1}.yaml"
        noted = parsed.noted[index] if index < len(parsed.noted) else None
        if index < len(parsed.attachments):
            part = parsed.attachments[index]
            body, sections = structurer.part(part.blocks, f"附件{index + 1}")
            title: object = part.title if len(part.title) > 1 else (part.title[0] if part.title else None)
            if title is None:
                title = placeholder(noted or "附件标题")
                notes.guessed(part.number, f"附件{index + 1}没有标题，写成 {title}")
            elif noted and noted != "".join(part.title):
                notes.guessed(part.number, f"附件说明写的是“{noted}”，与附件标题不同；附件说明由程序按附件标题生成")
        else:
            title, body, sections = noted, [placeholder("附件正文")], []
            notes.lack(f"附件{index + 1}的正文", placeholder("附件正文") + f"（附件说明列出了“{noted}”，原文中没有这个附件）")
        data: dict = {"title": title, "body": body}
        if sections:
            data["sections"] = sections
        folder.attachments[name] = data
    if count:
        fields["attachments"] = list(folder.attachments)


def _seals(parsed: Parsed, notes: Notes, folder: Folder, fields: dict) -> None:
    """The pictures on the closing as seals (an order's as its signature stamp)."""
    files: list[str] = []
    for picture in parsed.seals:
        suffix = PICTURE_SUFFIXES.get(picture.suffix)
        problem = "只能使用 PNG 和 JPEG 图片" if suffix is None else picture_problem(picture.data, suffix)
        if problem:
            notes.dropped(picture.number, f"印章图片不能使用：{problem}", f"{picture.suffix} 图片，{len(picture.data)} 字节")
            continue
        name = f"images/印章{len(files) + 1}{suffix}"
        folder.pictures[name] = picture.data
        files.append(name)
    signature = fields.get("signature")
    if files and isinstance(signature, dict):
        signature["stamp"] = files[0]
    elif files:
        issuers = fields.get("issuer")
        if not isinstance(issuers, list):
            fields["seal"] = files[0]
        elif len(files) == len(issuers):
            fields["seal"] = files
        else:  # a joint document takes one seal an organ (§7.3.5.1)
            notes.guessed(parsed.seals[0].number, f"印章 {len(files)} 枚、发文机关 {len(issuers)} 个，对不上，"
                                                  f"没有写 seal（图片在 images/ 中）")
