"""The 公文 elements one line of a draft can be, by its wording (GB/T 9704 §7): patterns and
the small parsers that take a line apart. Which line is which also depends on where it
stands; that is classify's business."""
from __future__ import annotations

import re

COPY_NUMBER = re.compile(r"^(?:份号[:：]?\s*)?(\d{6})$")
SECRECY = re.compile(r"^(?:绝密|机密|秘密)(?:\s*★\s*\S*)?$|^内部$")
URGENCY = re.compile(r"^(?:特急|加急|特提|平急)$")
# 发文字号 in the forms drafts type it: 榕科〔2023〕1号, 榕科[2023]1号, 榕科（2023）第1号.
NUMBER = re.compile(r"^(?P<code>[^\s〔\[［【（(]{1,20})\s*[〔\[［【（(]\s*(?P<year>\d{4})\s*[〕\]］】）)]\s*第?\s*(?P<serial>\d+)\s*号")
# One not filled in yet (榕科〔2023〕×号): kept as the draft's words, to be filled in.
BLANK_NUMBER = re.compile(r"^[^\s〔\[［【]{1,20}\s*[〔\[［【]\s*[\d×xX]{0,4}\s*[〕\]］】]\s*[\d×xX第]{0,6}\s*号$")
ISSUE = re.compile(r"^第\s*\d+\s*[期号]$")  # 纪要's 期号, 命令's 令号
SIGNERS = re.compile(r"^签发人\s*[:：]\s*(?P<names>.+)$")
NUMBER_WITH_SIGNERS = re.compile(NUMBER.pattern + r"\s*签发人\s*[:：]\s*(?P<names>.+)$")
MARK_END = ("文件", "纪要", "命令", "令")
ATTENDANCE = re.compile(r"^(?P<kind>出席|请假|列席)(?:人员)?\s*[:：]\s*(?P<names>.*)$")
ATTACHMENT_NOTE = re.compile(r"^附件\s*[:：]\s*(?P<first>.*)$")
ATTACHMENT_LABEL = re.compile(r"^附件\s*(?P<n>\d*)\s*[:：]?$")
ATTACHMENT_TITLED = re.compile(r"^附件\s*(?P<n>\d+)\s*[:：]\s*(?P<title>[^。；]{2,80})$")  # 附件2：报送表
NOTE = re.compile(r"^[（(](?P<note>.+)[）)]$")
CC = re.compile(r"^抄送\s*[:：]\s*(?P<names>.*)$")
RECIPIENTS_LINE = re.compile(r"^主送\s*[:：]\s*(?P<names>.*)$")
PRINTED = re.compile(r"^(?P<printer>.+?)\s*(?P<date>[\d×〇○零一二三四五六七八九十]{2,4}\s*年[^年]{1,4}月[^月]{1,5}日"
                     r"|\d{4}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2})\s*印发$")
PAGE_NUMBER = re.compile(r"^[-—－–]\s*\d+\s*[-—－–]$|^\d{1,3}$|^第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?$")
# Text a web page wraps around the document: not the draft's (kept in the report).
WEB_FURNITURE = re.compile(r"浏览器|最佳浏览|版权所有|Copyright|ICP备|打印本页|关闭窗口|【打印】|【关闭】|字体[:：]?\s*\[?大|"
                           r"分享到|扫一扫|责任编辑|网站地图|访问量|相关链接|上一篇|下一篇|^首页\s*[>＞›»]|\S\s*[>＞›»]\s*\S+\s*[>＞›»]")
TITLE_END = re.compile(r"(?:通知|请示|报告|函|纪要|意见|决定|办法|方案|批复|通报|公告|通告|命令|令|规定|细则|要点|总结|"
                       r"计划|议案|决议|公报|条例|规则|答复|复函|安排)$")
SENTENCE_END = "。！？"

# Typed heading numbers, by rank: 第一章 above 第一节 above 一、 above （一） above 1. above （1）.
HEADING_NUMBERS = (
    re.compile(r"^第[一二三四五六七八九十百零〇\d]+[章编]\s*"),
    re.compile(r"^第[一二三四五六七八九十百零〇\d]+节\s*"),
    re.compile(r"^[一二三四五六七八九十百]+\s*[、，．.]\s*"),
    re.compile(r"^[（(]\s*[一二三四五六七八九十百]+\s*[）)]\s*"),
    re.compile(r"^\d{1,2}\s*[.．、](?!\d)\s*"),
    re.compile(r"^[（(]\s*\d{1,2}\s*[）)]\s*"),
)
ARTICLE = re.compile(r"^第[一二三四五六七八九十百零〇\d]+条")  # kept in its paragraph: we print no 第一条


def heading_number(text: str) -> tuple[int, str] | None:
    """(rank, typed number) of a heading or lead's typed number at the start of `text`."""
    for rank, pattern in enumerate(HEADING_NUMBERS):
        match = pattern.match(text)
        if match and len(text) > match.end():
            return rank, match.group()
    return None


def names(text: str) -> list[str]:
    """Units or people listed in one line: split at 、，,；; and spaces, not inside brackets
    (王明（区教育局局长，主持）), the closing mark dropped."""
    result, current, depth = [], "", 0
    for char in text.strip().rstrip("。.；;，,"):
        depth += char in "（("
        depth -= char in "）)" and depth > 0
        if depth == 0 and char in "、，,；; \u3000\t":
            if current.strip():
                result.append(current.strip())
            current = ""
        else:
            current += char
    if current.strip():
        result.append(current.strip())
    return result


def normal_number(match: re.Match) -> str:
    """榕科[2023]第01号 → 榕科〔2023〕1号 (§7.2.5)."""
    return f"{match.group('code')}〔{match.group('year')}〕{int(match.group('serial'))}号"


def is_mark(text: str) -> bool:
    return len(text) <= 40 and text.endswith(MARK_END) and not any(c in text for c in "，。：:")
