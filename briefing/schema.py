"""JSON Schemas (draft 2020-12) of the content files, for editors that speak the YAML language
server (completion, hover help, red squiggles). Built from the validator's own key tables, so
the keys and which of them are required cannot disagree with `briefing check`; each key's type
and its Chinese description are given here."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from . import validate as v
from .formula import MAX_LENGTH, MAX_PRECISION

Schema = dict[str, Any]
DRAFT = "https://json-schema.org/draft/2020-12/schema"
TEXT: Schema = {"type": ["string", "number"]}  # a YAML scalar written as text (2023 is a number in YAML)
TEXTS: Schema = {"anyOf": [TEXT, {"type": "array", "items": TEXT}]}
FILE: Schema = {"type": "string", "description": "文件名，相对于内容文件夹（可在 assets/ 中）"}
IDS: Schema = {"type": "array", "items": {"type": "string"}, "description": "指标编号（figures.yaml 中的 id）"}
UNITS: Schema = {"anyOf": [TEXT, {"type": "array", "items": {"anyOf": [TEXT, {"$ref": "#/$defs/unit"}]}}]}


def _object(keys: dict[str, bool], properties: dict[str, Schema], what: str) -> Schema:
    """An object of exactly the validator's keys, those it requires required."""
    if set(properties) != set(keys):
        raise AssertionError(f"schema and validator disagree on {what}: {set(properties) ^ set(keys)}")
    return {"type": "object", "description": what, "properties": properties,
            "required": [key for key, required in keys.items() if required], "additionalProperties": False}


def _described(schema: Schema, text: str) -> Schema:
    return {**schema, "description": text}


def _enum(values, text: str) -> Schema:
    return {"enum": sorted(values), "description": text}


DEFS: dict[str, Schema] = {
    "unit": _object(v.UNIT_KEYS, {"name": _described(TEXT, "收文单位名称"),
                                  "copies": {"type": "integer", "minimum": 1, "maximum": v.MAX_COPIES,
                                             "description": "分发的份数"}}, "收文单位（带份数）"),
    "paragraph": _described(TEXT, "一个段落；{{指标}} 引用登记表中的数字，{待定：…} 是待填写的内容，"
                                  "{不断行：…} 中的文字不在行中断开"),
    "lead": _object(v.LEAD_KEYS, {"lead": _described(TEXT, "段首的小标题句（自动编号）"),
                                  "text": _described(TEXT, "小标题句后的正文")}, "带小标题的段落"),
    "figure_row": _object(v.FIGURE_ROW_KEYS, {"figures": _described(IDS, "一至三张指标卡")}, "一行指标卡"),
    "chart": _object(v.CHART_KEYS, {"chart": _described(TEXT, "图题"), "figures": IDS}, "实际对目标的图表"),
    "table": _object(v.TABLE_KEYS, {
        "table": _described(TEXT, "表题"),
        "header": {"anyOf": [{"type": "array", "items": TEXT},
                             {"type": "array", "items": {"type": "array", "items": TEXT}}],
                   "description": "表头：各栏标题；两行表头写成两个列表"},
        "rows": {"type": "array", "items": {"type": "array", "items": TEXT}, "description": "各行，每行各格"},
        "widths": {"type": "array", "items": {"type": "number", "exclusiveMinimum": 0},
                   "description": "各栏的相对宽度（不写时按内容定宽）"},
        "align": {"type": "array", "items": {"enum": sorted(v.ALIGNMENTS)},
                  "description": "各栏的对齐方式（不写时数字栏按小数点对齐，其余左对齐）"},
        "merge_first": {"type": "boolean", "description": "第一栏相同的相邻行合并"},
        "landscape": {"type": "boolean", "description": "横排（另起页，表头朝左）；不写时竖排放不下才横排"},
        "total": _described(TEXT, "合计行第一栏的文字（如“合计”）：数字栏自动相加，小数位数与各行相同")}, "表格"),
    "image": _object(v.IMAGE_KEYS, {"image": _described(FILE, "PNG 或 JPEG 图片"),
                                    "caption": _described(TEXT, "图题"),
                                    "width": {"type": "number", "minimum": 10, "maximum": v.IMAGE_WIDTH,
                                              "description": "在版心中的宽度（毫米）"}}, "图片"),
}
DEFS["page_break"] = _object(v.PAGE_BREAK_KEYS, {"page_break": {"const": True, "description": "在这里分页：后面的内容另起一页"}},
                             "分页")
DEFS["body"] = {"type": "array", "description": "正文：段落和图表等的列表", "items": {"anyOf": [
    {"$ref": "#/$defs/paragraph"}, {"$ref": "#/$defs/lead"}, {"$ref": "#/$defs/figure_row"},
    {"$ref": "#/$defs/chart"}, {"$ref": "#/$defs/table"}, {"$ref": "#/$defs/image"}, {"$ref": "#/$defs/page_break"}]}}
DEFS["section"] = _object(v.SECTION_KEYS, {
    "id": _described(TEXT, "章节编号，供指标的 source 引用"),
    "heading": _described(TEXT, "标题（编号自动生成，不要手写）"),
    "editorial": {"type": "boolean", "description": "该标题是编辑补拟的"},
    "body": {"$ref": "#/$defs/body"},
    "sections": {"$ref": "#/$defs/sections"}}, "章节")
DEFS["sections"] = {"type": "array", "description": "下级章节，或 {include: 文件}", "items": {"anyOf": [
    {"$ref": "#/$defs/section"},
    {"type": "object", "properties": {"include": FILE}, "required": ["include"], "additionalProperties": False}]}}


EXAMPLES: dict[str, Any] = {  # what an office writes, shown by the editor beside each key
    "output": "2023年工作总结和工作思路", "issuer": "福州市科学技术局", "mark": "福州市科学技术局文件",
    "number": "榕科〔2023〕1号", "title": "福州市科学技术局关于印发2022年科技工作总结及2023年工作思路的通知",
    "recipients": ["各县（市）区科技局", {"name": "市财政局", "copies": 2}],
    "body": ["现将《……》印发给你们，请认真组织学习。"], "attachments": ["attachment.yaml"],
    "date": "2023年2月6日", "cc": ["市委办公厅"], "printer": "福州市科学技术局办公室", "print_date": "2023年2月6日",
    "copy_number": "000001", "secrecy": "内部", "urgency": "特急", "signers": ["张三"], "seal": "assets/seal.png",
    "note": "联系人：王敏，电话：0591-87654321", "fonts": {"fangsong": "fonts/仿宋.ttf"}, "figures": "figures.yaml",
    "revision": "第3稿", "status": "draft", "format": "文件", "attendance": {"出席": ["王明（局长）"]},
    "signature": {"title": "市长", "name": "陈建国", "stamp": "signature.png"},
    "sections": [{"heading": "基本情况", "body": ["截至2024年3月底，……"]}],
}


def edition_schema() -> Schema:
    properties: dict[str, Schema] = {
        "output": _described(TEXT, "输出文件名（不含扩展名），默认用标题"),
        "issuer": _described(TEXTS, "发文机关；联合行文写成列表，主办机关在前"),
        "mark": _described(TEXTS, "发文机关标志（红头）；联合行文写成机关名称的列表"),
        "number": _described(TEXT, "发文字号，如 榕科〔2023〕1号；纪要写期号，命令写令号"),
        "title": _described(TEXTS, "标题；写成列表时每项一行，照写的回行"),
        "recipients": _described(UNITS, "主送机关"),
        "body": {"$ref": "#/$defs/body", "description": "通知正文：段落、指标卡、图表、表格、图片"},
        "sections": {"$ref": "#/$defs/sections", "description": "正文中带标题（一、（一）1.（1））的部分，排在 body 之后"},
        "attachments": {"type": "array", "items": FILE, "description": "附件文件"},
        "date": _described(TEXT, "成文日期，如 2023年2月6日"),
        "cc": _described(UNITS, "抄送机关"),
        "printer": _described(TEXT, "印发机关"),
        "print_date": _described(TEXT, "印发日期"),
        "copy_number": _described(TEXT, "份号（六位）"),
        "secrecy": _described(TEXT, "密级和保密期限"),
        "urgency": {"enum": list(v.URGENCIES), "description": "紧急程度：特急或加急（GB/T 9704 7.2.3）"},
        "signers": _described(TEXTS, "签发人（上行文）"),
        "seal": {"anyOf": [FILE, {"type": "array", "items": FILE}], "description": "印章图片；联合行文每个机关一个"},
        "note": _described(TEXT, "附注（自动加圆括号）"),
        "fonts": {"type": "object", "description": "自选字体：角色 → 文件（或 {file, face}）",
                  "additionalProperties": {"anyOf": [FILE, _object(v.FONT_KEYS, {
                      "file": FILE, "face": {"type": "integer", "minimum": 0, "maximum": 255}}, "字体文件和序号")]}},
        "figures": _described(FILE, "指标登记表，如 figures.yaml"),
        "revision": _described(TEXT, "稿次，如 第3稿"),
        "status": _enum(v.STATUSES, "draft 草稿（每页印征求意见稿）或 final 定稿"),
        "format": _enum(v.FORMATS, "公文格式：文件、信函、命令、纪要"),
        "attendance": _object({key: False for key in v.ATTENDANCE}, {key: _described(TEXTS, f"{key}人员")
                                                                     for key in v.ATTENDANCE}, "纪要的出席人员名单"),
        "signature": _object(v.SIGNATURE_KEYS, {"title": _described(TEXT, "签发人职务"),
                                                "name": _described(TEXT, "签发人姓名"),
                                                "stamp": _described(FILE, "签名章图片")}, "命令的签发人签名"),
    }
    for key, example in EXAMPLES.items():
        properties[key] = {**properties[key], "examples": [example]}
    schema = _object(v.EDITION_KEYS, properties, "briefing 主文件 edition.yaml")
    # 主送机关: required but in an order (命令), where it must not be written.
    schema["if"] = {"properties": {"format": {"enum": ["命令", "令", "order"]}}, "required": ["format"]}
    schema["else"] = {"required": ["recipients"]}
    return _document(schema)


def part_schema() -> Schema:
    """An attachment file or an included section file."""
    attachment = _object(v.ATTACHMENT_KEYS, {
        "title": _described(TEXTS, "附件标题（与附件说明一致）"),
        "panel": _object(v.PANEL_KEYS, {"title": _described(TEXT, "面板标题"), "figures": IDS}, "主要指标面板"),
        "body": {"$ref": "#/$defs/body"}, "sections": {"$ref": "#/$defs/sections"}}, "附件文件")
    return _document({"anyOf": [attachment, {"$ref": "#/$defs/section"}], "description": "附件文件或章节文件"})


def figures_schema() -> Schema:
    figure = _object(v.FIGURE_KEYS, {
        "id": {"type": "string", "pattern": "^" + v.FIGURE_ID.pattern + "$", "description": "编号：英文字母、数字、- 和 _"},
        "label": _described(TEXT, "指标名称"), "aliases": _described(TEXTS, "正文中的其他叫法"),
        "value": {"type": ["number", "string"], "description": "数值，照原文写，不带单位（与 formula 二选一）"},
        "formula": {"type": "string", "maxLength": MAX_LENGTH,
                    "description": "由其他指标算出（与 value 二选一）：a + b、a - b、a / b、a * b、sum(a, b, …)、"
                                   "percent(a, b)（a÷b×100）、growth(a, b)（(a−b)÷b×100）；a、b 是指标编号或数字，"
                                   "运算符两边各空一格", "examples": ["percent(farmland, farmland-goal)"]},
        "precision": {"type": "integer", "minimum": 0, "maximum": MAX_PRECISION,
                      "description": "计算结果保留的小数位数（四舍五入），写 formula 时必填"},
        "unit": _described(TEXT, "单位"), "year": _described(TEXT, "所属年份"),
        "kind": _enum(v.FIGURE_KINDS, "actual 实际 或 target 目标"),
        "goal": _described(TEXT, "对应目标的编号"), "change": _described(TEXT, "增减，如 比增14.2%"),
        "rank": _described(TEXT, "排名"), "remark": _described(TEXT, "备注"),
        "source": _described(TEXT, "陈述该指标的章节编号")}, "一个指标")
    figure["oneOf"] = [{"required": ["value"], "not": {"required": ["formula"]}},
                       {"required": ["formula", "precision"], "not": {"required": ["value"]}}]
    return _document(_object(v.REGISTRY_KEYS, {"figures": {"type": "array", "items": figure}}, "指标登记表"))


def _document(schema: Schema) -> Schema:
    return {"$schema": DRAFT, **schema, "$defs": DEFS}


SCHEMAS = {"edition.schema.json": edition_schema, "part.schema.json": part_schema,
           "figures.schema.json": figures_schema}


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, build in SCHEMAS.items():
        path = folder / name
        path.write_text(json.dumps(build(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        written.append(path)
    return written
