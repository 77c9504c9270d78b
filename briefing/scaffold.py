"""`briefing new`: a small content folder for each format that builds at once, with
{待定：…} placeholders where the writer must fill in."""
from __future__ import annotations

import json
from pathlib import Path

from .errors import ContentError
from .schema import write_schemas

FIGURES = """\
# yaml-language-server: $schema=.schema/figures.schema.json
# 指标登记表：关键数字只在这里写一次，正文用 {{编号}} 引用（见 README“指标”）。
figures:
  - id: done
    label: 已完成项目
    value: 12
    unit: 个
    year: 2024
    kind: actual
    goal: planned
  - id: planned
    label: 计划项目
    value: 15
    unit: 个
    year: 2024
    kind: target
"""

ATTACHMENT = """\
# yaml-language-server: $schema=.schema/part.schema.json
# 附件：标题与通知中的附件说明一致（附件说明由程序生成）。
title: "{待定：附件标题}"
sections:
  - heading: 工作进展
    body:
      - 今年以来，已完成项目{{done}}，计划项目{{planned}}。
      - figures: [done, planned]
  - heading: 下一步安排
    body:
      - "{待定：下一步工作安排}。"
"""

HEAD = """\
# yaml-language-server: $schema=.schema/edition.schema.json
# {kind}：用 briefing build 生成，briefing check 检查。{{待定：…}} 是要填写的内容。
format: {format}
issuer: "{{待定：发文机关}}"
mark: "{mark}"
number: "{number}"
title: "{title}"
"""

TAIL = """\
date: "{待定：2024年1月1日}"
cc:
  - "{待定：抄送机关}"
printer: "{待定：印发机关}"
print_date: "{待定：2024年1月1日}"
status: draft
figures: figures.yaml
"""

FORMATS: dict[str, dict] = {
    "文件": dict(kind="通知", mark="{待定：发文机关}文件", number="{待定：机关代字〔2024〕1号}",
               title="{待定：关于……的通知}", recipients=True, attachments=True,
               body=["为做好{待定：工作名称}，现将有关事项通知如下。"]),
    "信函": dict(kind="函", mark="{待定：发文机关}", number="{待定：机关代字函〔2024〕1号}",
               title="{待定：关于……的函}", recipients=True, attachments=True,
               body=["为做好{待定：工作名称}，特商请贵单位协助。", "特此函商，请予支持。"]),
    "纪要": dict(kind="会议纪要", mark="{待定：发文机关}会议纪要", number="{待定：第1期}",
               title="{待定：……会议纪要}", recipients=True, attachments=True,
               body=["{待定：会议时间、地点、议题}。纪要如下。"],
               extra="attendance:\n  出席: [\"{待定：姓名（职务）}\"]\n  列席: [\"{待定：单位}\"]\n"),
    "命令": dict(kind="令", mark="{待定：发文机关}令", number="{待定：第1号}",
               title="{待定：……令}", recipients=False, attachments=True,
               body=["《{待定：规章名称}》已经{待定：会议}通过，现予公布，自{待定：日期}起施行。"],
               extra="signature:\n  title: \"{待定：职务}\"\n  name: \"{待定：姓名}\"\n"),
}


def new_content(folder: Path, form: str = "文件") -> list[Path]:
    """Write a new content folder; refuses to touch an existing one. Returns the files written."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise ContentError.one(None, f"“{folder}”已经存在且不是空文件夹，不会覆盖。", "换一个新的文件夹名。")
    spec = FORMATS[form]
    edition = HEAD.format(kind=spec["kind"], format=form, mark=spec["mark"], number=spec["number"],
                          title=spec["title"])
    if spec["recipients"]:
        edition += "recipients:\n  - \"{待定：主送机关}\"\n"
    edition += "body:\n" + "".join(f"  - {json.dumps(line, ensure_ascii=False)}\n" for line in spec["body"])
    edition += "# 正文分成几部分、各有标题（一、二、……）时，加 sections:，写法同附件的章节（README“正文中的标题”）。\n"
    if spec["attachments"]:
        edition += "attachments:\n  - attachment.yaml\n"
    edition += spec.get("extra", "") + TAIL
    files = {"edition.yaml": edition, "figures.yaml": FIGURES}
    if spec["attachments"]:
        files["attachment.yaml"] = ATTACHMENT
    folder.mkdir(parents=True, exist_ok=True)
    written = write_schemas(folder / ".schema")  # the editor's completion and checks, by the modelines
    for name, text in files.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
