"""Validate the loaded YAML into model objects, reporting every problem with its place.

Nothing past this module sees a raw YAML value: the rest of the program works
on `model.Edition`.
"""
from __future__ import annotations

import difflib
import hashlib
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

from . import formula, model, tablenumbers
from .errors import NAME_MAX, Report, Where, locate, quoted
from .conventions import check_conventions
from .figures import check_figures, resolver
from .images import image_problem
from .punctuation import ATTACHMENT_LABEL, CC_END, NOTE_BRACKETS, PRINT_DATE_END, RECIPIENT_END, check_marks, without_added
from .load import INVALID, KIND_NAMES, Node, load_yaml
from .text import Text, make_text

KEY_LIKE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")  # how the content's own keys are written

MAIN_FILE = "edition.yaml"
FONT_ROLES = ("xiaobiaosong", "fangsong", "heiti", "kaiti", "songti", "latin", "latin_bold", "latin_sans", "fallback")
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg"}

EDITION_KEYS = {  # key -> required
    "output": False, "issuer": True, "mark": True, "number": True, "title": True,
    "recipients": False, "body": True, "attachments": False, "date": True, "cc": False,
    "printer": True, "print_date": True, "copy_number": False, "secrecy": False,
    "urgency": False, "signers": False, "seal": False, "note": False, "fonts": False,
    "figures": False, "revision": False, "status": False, "format": False, "attendance": False,
    "signature": False, "sections": False,
}
SIGNATURE_KEYS = {"title": True, "name": True, "stamp": False}
FORMATS = {"文件": "文件", "file": "文件", "信函": "信函", "letter": "信函", "纪要": "纪要", "minutes": "纪要",
           "命令": "命令", "令": "命令", "order": "命令"}
URGENCIES = ("特急", "加急")  # GB/T 9704-2012 §7.2.3
ATTENDANCE = ("出席", "请假", "列席")
STATUSES = {"draft": "draft", "草稿": "draft", "征求意见稿": "draft", "final": "final", "定稿": "final"}
ATTACHMENT_KEYS = {"title": True, "panel": False, "body": False, "sections": False}
PANEL_KEYS = {"title": True, "figures": True}
FIGURE_ROW_KEYS = {"figures": True}
CHART_KEYS = {"chart": True, "figures": False}
TABLE_KEYS = {"table": True, "header": True, "rows": True, "widths": False, "align": False, "merge_first": False,
              "landscape": False, "total": False}
ALIGNMENTS = {"left": "left", "左": "left", "center": "center", "中": "center", "居中": "center",
              "right": "right", "右": "right", "decimal": "decimal", "小数点": "decimal"}
MAX_TABLE_COLUMNS = 8  # 四号 cells of at least 19 mm in the 156 mm 版心
MAX_TABLE_ROWS = 2000
IMAGE_KEYS = {"image": True, "caption": False, "width": False}
PAGE_BREAK_KEYS = {"page_break": True}
IMAGE_WIDTH = 156  # mm: the 版心's width, and an image's default width
REGISTRY_KEYS = {"figures": True}
FIGURE_KEYS = {
    "id": True, "label": True, "aliases": False, "value": False, "formula": False, "precision": False, "unit": True,
    "year": True, "kind": True, "goal": False, "change": False, "rank": False, "remark": False, "source": False,
}  # value or formula (with its precision): checked in `figure`
FIGURE_KINDS = {"actual": False, "实际": False, "target": True, "目标": True}
FIGURE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
ROW_MAX = 3
# A figure's value: any quantity of a report in a sensible unit, and within the 28 digits
# decimal arithmetic keeps exact (a share is actual × 100 / goal to 0.1).
MAX_FIGURE = Decimal(10) ** 15
MAX_DECIMALS = 6
# Fields printed on one line in a fixed place: (most characters, what to write). With these the
# line stays inside the 版心 (the 成文日期 2 em from the right, 签发人 two names to a row…).
SHORT_FIELDS = {
    "revision": (20, "稿次，如“第3稿”"), "date": (20, "日期，如“2023年2月6日”"),
    "print_date": (20, "日期，如“2023年2月6日”"), "copy_number": (10, "六位份号，如“000001”"),
    "secrecy": (20, "密级和保密期限，如“机密★1年”"),
    "signers": (8, "签发人的姓名"),
}
GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")  # 23,003: kept as typed when printed
# A heading number typed by hand: 一、 （一） (一) 1. 1． 1、 （1） (1) 第一，
HAND_NUMBER = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、](?!\d)"
                         r"|第[一二三四五六七八九十]+[，、])")
NEGATIVE_CHANGE = re.compile(r"(?P<verb>同比增长|比增长|增长|同比增|比增|增|^)-(?=\d)")
NEGATIVE_WORDS = {"同比增长": "同比下降", "比增长": "比下降", "增长": "下降", "同比增": "同比降", "比增": "比降",
                  "增": "降", "": "下降"}
MAX_CHART_BARS = 12  # 34 pt a bar: twelve and the legend fill 17 of a page's 22 lines
MAX_PANEL_FIGURES = 12  # four rows of three cards
OUTPUT_FROM_TITLE = 60  # characters of the title that name the PDF when there is no output:
MAX_COPIES = 999  # copies for one unit: the 份号 has six digits for the whole distribution
MAX_HEADING = 100  # characters of a heading or a paragraph's lead: four lines
SECTION_KEYS = {"id": False, "heading": True, "editorial": False, "body": False, "sections": False}
LEAD_KEYS = {"lead": True, "text": True}
FONT_KEYS = {"file": True, "face": False}
UNIT_KEYS = {"name": True, "copies": False}


def load_edition(folder: Path) -> tuple[model.Edition, Report]:
    """Load and validate the content folder. Raises ContentError listing every error."""
    report = Report()
    if not folder.is_dir():
        report.error(None, f"内容文件夹“{folder}”不存在。",
                     "在命令中写明内容文件夹，例如 briefing build content。")
        report.raise_if_errors()
    main = folder / MAIN_FILE
    if main.is_file() and not _inside(main.resolve(), folder.resolve()):
        report.error(Where(main, 1, 1, ""), f"{MAIN_FILE} 是指向内容文件夹以外的链接。",
                     f"把真正的 {MAIN_FILE} 复制进内容文件夹；内容文件都要放在内容文件夹或 assets/ 中。")
        report.raise_if_errors()
    if not main.is_file():
        report.error(Where(main, 1, 1, ""), f"内容文件夹中没有 {MAIN_FILE}。",
                     f"每个版本的主文件都叫 {MAIN_FILE}，格式见 README。")
        report.raise_if_errors()
    root = load_yaml(main, report)
    edition = _Validator(folder, report).edition(root, main) if root is not None else None
    if edition is not None:  # independent of the errors found so far: reported with them
        check_marks(edition, report)
    report.raise_if_errors()
    assert edition is not None
    check_figures(edition, report)
    report.raise_if_errors()
    for text in edition.texts():
        for placeholder in text.placeholders:
            if edition.status == "final":
                report.error(text.where, f"定稿中还有待定内容“{placeholder}”。",
                             "把 {待定：…} 换成正式内容；尚未定稿时把 status 改为 draft。")
            else:
                report.warn(text.where, f"待定内容“{placeholder}”尚未填写。",
                            "定稿前把 {待定：…} 换成正式内容。")
    report.raise_if_errors()
    return edition, report


class _Validator:
    def __init__(self, folder: Path, report: Report):
        self.folder = folder.resolve()
        self.report = report
        self.section_ids: dict[str, Where] = {}
        self.including: list[Path] = []
        self.sources: dict[Path, str] = {}  # file -> SHA-256 of the bytes read
        self.figures: dict[str, model.Figure] = {}
        self.broken_figures: set[str] = set()  # ids of figures with errors of their own
        self.formulas: dict[str, tuple[formula.Term, Where]] = {}  # computed figures, parsed
        self.registry_unread = False  # figures.yaml has an error that left no figure to read
        self.resolve = resolver(self.figures)  # sees figures as they are registered

    # --- generic shapes -------------------------------------------------

    def fields(self, node: Node, keys: dict[str, bool], what: str) -> dict[str, Node] | None:
        if node.kind != "map":
            self.wrong_type(node, f"{what}应当是键值表（“键: 值”的形式）")
            return None
        meant: set[str] = set()  # required keys misspelt: the slip is one error, at the misspelling
        for key in node.mapping:
            if key not in keys:
                close = difflib.get_close_matches(key, list(keys), n=1, cutoff=0.6)
                missing = bool(close) and keys[close[0]] and close[0] not in node.mapping
                hint = (f"您是不是想写“{close[0]}”？" + ("这是必填的键，现在缺少它。" if missing else "")
                        if close else f"{what}可用的键：{'、'.join(keys)}。")
                self.report.error(node.key_where(key), f"未知的键“{key}”。", hint)
                meant.update(close if missing else ())
        for key, required in keys.items():
            if required and key not in node.mapping and key not in meant:
                self.report.error(node.where, f"{what}缺少必填的键“{key}”。",
                                  f"添加一行“{key}: …”。")
        return node.mapping

    def wrong_type(self, node: Node, expected: str) -> None:
        if node.kind == INVALID:  # its cause is reported already: once is enough
            return
        self.report.error(node.where, f"{expected}，这里写的是{KIND_NAMES[node.kind]}。",
                          "对照 README 中的内容格式修改。")

    def colon_slip(self, node: Node, keys: dict[str, bool] | frozenset[str] = frozenset()) -> bool:
        """Report a text that YAML read as a mapping because of a half-width colon and a space
        (`- 联系人: 韩喆`): a single entry with a key that is not one of `keys` and a plain value."""
        if node.kind != "map" or len(node.mapping) != 1:
            return False
        (key, value), = node.mapping.items()
        if key in keys or value.kind in ("list", "map", INVALID) or KEY_LIKE.fullmatch(key):
            return False  # (a key like ours, misspelt — page_brake — is an unknown key, not a slip)
        typed = f"{key}: {value.value if value.value is not None else ''}".rstrip()
        self.report.error(node.where, f"“{typed}”被读成了“键: 值”：半角冒号“:”后面跟着空格，YAML 就把“{key}”当成了键名。",
                          f"把冒号改成全角“：”（{key}：{value.value or ''}），或给整段文字加引号：{quoted(typed)}。")
        return True

    def text(self, node: Node | None) -> Text | None:
        if node is None:
            return None
        if node.kind in ("list", "map", "null", "bool", INVALID):
            if not self.colon_slip(node):
                self.wrong_type(node, "这里应当是一段文本")
            return None
        text = make_text(str(node.value), node.where, self.resolve)
        if not text.value:
            self.report.error(node.where, "文本为空。", "填写内容，或删除这一项。")
            return None
        return text

    def texts(self, node: Node | None) -> tuple[Text, ...]:
        return tuple(t for t in (self.text(item) for item in _one_or_many(node)) if t is not None)

    def title(self, node: Node | None) -> tuple[Text | None, tuple[Text, ...]]:
        """A title, and its lines when the writer gives it as a list of lines to be set as given."""
        if node is None or node.kind != "list":
            return self.text(node), ()
        lines = self.texts(node)
        if len(lines) != len(node.elements) or not lines:
            return None, ()
        return make_text("".join(line.value for line in lines), node.where, self.resolve), lines

    def units(self, node: Node | None) -> list[tuple[Text, int]]:
        """主送/抄送 units: “- 单位名” or “- {name: 单位名, copies: 3}” (copies for distribution)."""
        units = []
        for item in _one_or_many(node):
            name: Node | None = item
            copies: Node | None = None
            if self.colon_slip(item, UNIT_KEYS):
                continue
            if item.kind == "map":
                f = self.fields(item, UNIT_KEYS, "收文单位") or {}
                name, copies = f.get("name"), f.get("copies")
            text = self.text(name)
            count = copies.integer if copies is not None else 1
            if copies is not None and not (count is not None and 1 <= count <= MAX_COPIES):
                self.report.error(copies.where, f"copies 应当是 1 至 {MAX_COPIES} 的整数（分发的份数），这里写的是“{copies.value}”。",
                                  "写阿拉伯数字，例如 copies: 3。")
            elif text is not None and count is not None:
                units.append((text, count))
        return units

    def named_units(self, node: Node | None, end: tuple[re.Pattern, str]) -> list[tuple[Text, int]]:
        """主送 or 抄送 units without a closing mark typed after the last (the tool adds it)."""
        named = ((without_added(text, end, self.report), copies) for text, copies in self.units(node))
        return [(text, copies) for text, copies in named if text is not None]

    def items(self, node: Node | None, expected: str) -> list[Node]:
        """The items of a list value; a missing value is an empty list, any other type an error."""
        if node is None:
            return []
        if node.kind != "list":
            self.wrong_type(node, expected)
            return []
        return node.elements

    def file(self, node: Node | None, allowed: set[str] | None = None) -> Path | None:
        """A file named relative to the content folder, which must exist inside it."""
        if node is None or self.text(node) is None:
            return None
        path = (self.folder / str(node.value).strip()).resolve()
        if not _inside(path, self.folder):
            self.report.error(node.where, f"文件“{node.value}”不在内容文件夹或 assets/ 中。",
                              "把文件放进内容文件夹或 assets/，再写相对路径。")
            return None
        if not _is_file(path):
            self.report.error(node.where, f"引用的文件“{node.value}”不存在。",
                              "检查文件名（区分大小写）和相对内容文件夹的路径。")
            return None
        if allowed is not None and path.suffix.lower() not in allowed:
            self.report.error(node.where, f"文件“{node.value}”的类型不受支持。",
                              f"请使用 {'、'.join(sorted(allowed))} 文件。")
            return None
        return path

    # --- the edition ----------------------------------------------------

    def edition(self, root: Node, main: Path) -> model.Edition | None:
        f = self.fields(root, EDITION_KEYS, "主文件")
        if f is None:
            return None
        self.registry(f.get("figures"))  # first: the prose refers to it
        title, title_lines = self.title(f.get("title"))
        recipients = self.named_units(f.get("recipients"), RECIPIENT_END)
        cc = self.named_units(f.get("cc"), CC_END)
        attachments = self.attachments(f.get("attachments"))
        output = self.text(f.get("output"))
        issuers = self.texts(f.get("issuer"))
        issuer = issuers[0] if issuers else None
        mark_organs = self.texts(f.get("mark")) if f.get("mark") is not None and f["mark"].kind == "list" else ()
        mark = (make_text("".join(t.value for t in mark_organs) + "文件", f["mark"].where, self.resolve) if mark_organs
                else self.text(f.get("mark")))
        number = self.text(f.get("number"))
        seals = self.seals(f.get("seal"), len(issuers))
        date = self.short(self.text(f.get("date")), "date")
        printer = self.text(f.get("printer"))
        print_date = self.short(without_added(self.text(f.get("print_date")), PRINT_DATE_END, self.report),
                                "print_date")
        body = self.body(f.get("body"))
        sections = self.sections(f.get("sections"))  # the text's own headings: 一、（一）1.（1）
        self.no_closing_break(body, sections)
        form = self.format(f.get("format"))  # (read once: the checks below and the Edition use it)
        check_conventions(date, print_date, number if form in ("文件", "信函") else None, self.report)  # 第3期, 第5号
        signature = self.signature(f.get("signature"))
        if form == "命令" and signature is None and "signature" not in f:
            self.report.error(root.where, "命令格式要有签发人的职务和签名章（signature）。",
                              "添加 signature: {title: 市长, name: 张三, stamp: sign.png}（stamp 可省略）。")
        if form != "命令" and "signature" in f:
            self.report.error(f["signature"].where, "signature（签发人职务和签名章）只用于命令格式。",
                              "加上 format: 命令，或删去 signature。")
        if form == "命令" and "recipients" in f:
            self.report.error(f["recipients"].where, "命令格式不写主送机关（GB/T 9704 第 10.2 条：令号下空二行即排正文）。",
                              "删去 recipients；需要分发时把收文单位写在 cc 中。")
        if form != "命令" and not recipients and "recipients" not in f:
            self.report.error(root.where, "主文件缺少必填的键“recipients”。", "添加一行“recipients: …”。")
        if f.get("attendance") is not None and form != "纪要":
            self.report.error(f["attendance"].where, "出席人员名单（attendance）只用于纪要格式。",
                              "加上 format: 纪要，或删去 attendance。")
        if (issuer is None or mark is None or number is None or title is None or date is None or printer is None
                or print_date is None):
            return None  # a required field missing or wrong: reported
        edition = model.Edition(
            folder=self.folder,
            output=self.output_name(output, title),
            issuer=issuer,
            mark=mark,
            number=number,
            title=title,
            title_lines=title_lines,
            recipients=tuple(name for name, _ in recipients),
            body=body,
            sections=sections,
            attachments=attachments,
            date=date,
            cc=tuple(name for name, _ in cc),
            printer=printer,
            print_date=print_date,
            copy_number=self.short(self.text(f.get("copy_number")), "copy_number"),
            secrecy=self.short(self.text(f.get("secrecy")), "secrecy"),
            urgency=self.urgency(self.text(f.get("urgency"))),
            signers=tuple(t for t in (self.short(t, "signers") for t in self.texts(f.get("signers"))) if t),
            seal=seals[0] if seals else None,
            co_issuers=issuers[1:],
            co_seals=seals[1:],
            mark_organs=mark_organs,
            note=without_added(self.text(f.get("note")), NOTE_BRACKETS, self.report),
            fonts=self.fonts(f.get("fonts")),
            figures=self.figures,
            revision=self.short(self.text(f.get("revision")), "revision"),
            status=self.status(f.get("status")),
            format=form,
            attendance=self.attendance(f.get("attendance")),
            signature=signature,
            distribution=(*recipients, *cc),
            sources=tuple(sorted({**self.sources, **self.hashed(main.resolve())}.items())),  # last
        )
        for figure in self.figures.values():  # (a missing section file has been reported already)
            if figure.source is not None and figure.source not in self.section_ids and not self.report.errors:
                self.report.error(figure.where, f"指标 {figure.id} 的 source“{figure.source}”不是任何章节的 id。",
                                  "source 写陈述该指标的章节 id（见各章节的 id: 行），或删除 source。")
        return edition

    def source(self, path: Path | None) -> Path | None:
        """Note a file the edition is made from, hashed as it is read now."""
        if path is not None:
            self.sources.update(self.hashed(path))
        return path

    @staticmethod
    def hashed(path: Path) -> dict[Path, str]:
        return {path: hashlib.sha256(path.read_bytes()).hexdigest()}

    def short(self, text: Text | None, key: str) -> Text | None:
        """A field printed on one line in a fixed place: refused when longer than it can be."""
        limit, example = SHORT_FIELDS[key]
        if text is not None and len(text.value) > limit:
            self.report.error(text.where, f"{key} 太长（{len(text.value)} 字，最多 {limit} 字）：它排在固定位置的一行里。",
                              f"只写{example}。")
            return None
        return text

    def urgency(self, text: Text | None) -> Text | None:
        """紧急程度: GB/T 9704 §7.2.3 allows 特急 and 加急 (特提 and 平急 are for telegrams only)."""
        if text is None or text.placeholders or text.value.strip() in URGENCIES:
            return text
        telegram = text.value in ("特提", "平急")
        self.report.error(text.where, f"紧急程度“{text.value}”无效：公文的紧急程度只有“特急”和“加急”"
                                      f"{'（“特提”“平急”只用于电报）' if telegram else ''}。",
                          "写 urgency: 特急（最急）或 urgency: 加急；不紧急的公文删除 urgency。")
        return None

    def status(self, node: Node | None) -> str:
        if node is None or node.kind == INVALID:
            return "draft"
        if str(node.value) not in STATUSES:
            self.report.error(node.where, f"status“{node.value}”无效。",
                              "写 draft（草稿，每页印“征求意见稿”）或 final（定稿，不允许有待定内容）。")
            return "draft"
        return STATUSES[str(node.value)]

    def format(self, node: Node | None) -> str:
        if node is None or node.kind == INVALID:
            return "文件"
        if str(node.value).strip() not in FORMATS:
            self.report.error(node.where, f"format“{node.value}”无效。",
                              "写 文件（默认）、信函、命令 或 纪要（GB/T 9704 第 10 条的格式）。")
            return "文件"
        return FORMATS[str(node.value).strip()]

    def signature(self, node: Node | None) -> model.Signature | None:
        if node is None:
            return None
        f = self.fields(node, SIGNATURE_KEYS, "签发人签名")
        if f is None:
            return None
        title, name = self.text(f.get("title")), self.text(f.get("name"))
        stamp = self.source(self.image(f.get("stamp"))) if "stamp" in f else None
        return model.Signature(title, name, stamp) if title and name else None

    def attendance(self, node: Node | None) -> tuple[tuple[str, tuple[Text, ...]], ...]:
        """纪要's 出席, 请假 and 列席 lists, in that order (§10.3)."""
        if node is None:
            return ()
        f = self.fields(node, {key: False for key in ATTENDANCE}, "出席人员名单")
        if f is None:
            return ()
        return tuple((key, self.texts(f[key])) for key in ATTENDANCE if key in f and self.texts(f[key]))

    def output_name(self, output: Text | None, title: Text | None) -> str:
        name = output.value if output else title.value[:OUTPUT_FROM_TITLE] if title else "briefing"
        for bad in '/\\:*?"<>|':
            name = name.replace(bad, "_")
        if output and len(f"{name}.pdf".encode("utf-8")) > NAME_MAX:
            self.report.error(output.where, f"output 文件名太长（上限 {NAME_MAX} 字节，约 80 个汉字）。",
                              "写一个短一些的文件名。")
        return name.lstrip(".") or "briefing"

    def image(self, node: Node | None) -> Path | None:
        path = self.file(node, IMAGE_SUFFIXES)
        problem = image_problem(path) if path is not None else None
        if problem and node is not None:
            self.report.error(node.where, f"图片“{node.value}”不能使用：{problem}。",
                              "换用 4000×4000 像素以内的完整 PNG 或 JPEG 图片（印章 1000×1000 像素左右即可，较大的照片请先缩小）。")
            return None
        return path

    def seals(self, node: Node | None, organs: int) -> tuple[Path, ...]:
        """The seal, or for a joint document one seal per issuing organ, in the same order."""
        if node is None:
            return ()
        if node.kind != "list":
            if organs > 1:
                self.report.error(node.where, f"联合行文有 {organs} 个发文机关，加盖印章时每个机关一枚印章。",
                                  "把 seal 写成列表，按 issuer 的顺序每个机关一个印章图片。")
                return ()
            seal = self.source(self.image(node))
            return (seal,) if seal is not None else ()
        seals = tuple(self.source(self.image(item)) for item in node.elements)
        if len(seals) != organs:
            self.report.error(node.where, f"seal 列了 {len(seals)} 个印章，issuer 有 {organs} 个发文机关。",
                              "按 issuer 的顺序，每个发文机关一个印章图片。")
            return ()
        return tuple(s for s in seals if s is not None) if all(seals) else ()

    def attachments(self, node: Node | None) -> tuple[model.Attachment, ...]:
        result = []
        for item in self.items(node, "attachments 应当是附件文件名的列表"):
            path = self.file(item, {".yaml", ".yml"})
            root = self.include(path, item)
            if root is None:
                continue
            f = self.fields(root, ATTACHMENT_KEYS, "附件文件")
            if f is not None:
                title, title_lines = self.title(f.get("title"))
                title = without_added(title, ATTACHMENT_LABEL, self.report)
                attachment_body, sections = self.body(f.get("body")), self.sections(f.get("sections"))
                panel = self.panel(f.get("panel"))
                if title is not None:  # (else reported)
                    result.append(model.Attachment(title, attachment_body, sections, panel, title_lines))
            self.including.pop()
        return tuple(result)

    def include(self, path: Path | None, node: Node) -> Node | None:
        """Load an included file; pushes it on the include stack when it loads."""
        if path is None:
            return None
        if path in self.including:
            self.report.error(node.where, f"文件“{node.value}”引用了它自己（循环引用）。",
                              "删除这一处引用。")
            return None
        root = load_yaml(path, self.report)
        if root is not None:
            self.including.append(path)
            self.source(path)
        return root

    def body(self, node: Node | None, level: int = 1) -> tuple[model.BodyItem, ...]:
        """`level`: the heading level its leads are numbered at (一、 at 1, 1. at 3)."""
        items: list[model.BodyItem] = []
        # Body items named by their first key: (keys, what they are called, their reader).
        readers = {"chart": (CHART_KEYS, "图表", self.chart), "image": (IMAGE_KEYS, "图片", self.body_image),
                   "table": (TABLE_KEYS, "表格", self.table), "page_break": (PAGE_BREAK_KEYS, "分页", self.page_break)}
        for item in self.items(node, "body 应当是段落的列表（每段以“- ”开头）"):
            kind = next((key for key in readers if key in item.mapping), None)
            if kind is not None:
                keys, what, read = readers[kind]
                f = self.fields(item, keys, what)
                made = read(f, item) if f is not None else None
                if made is not None:
                    items.append(made)
            elif item.kind == "map" and "figures" in item.mapping:
                f = self.fields(item, FIGURE_ROW_KEYS, "指标卡")
                stating = next((i for i in reversed(items) if not isinstance(i, model.FigureRow)), None)
                row = self.figure_row(f["figures"], item, stating) if f else None
                if row is not None:
                    items.append(row)
            elif self.colon_slip(item, LEAD_KEYS):
                continue
            elif item.kind == "map":
                f = self.fields(item, LEAD_KEYS, "带小标题的段落")
                if f is not None:
                    lead, text = self.unnumbered(self.text(f.get("lead")), level), self.text(f.get("text"))
                    if lead and text:
                        items.append(model.Paragraph(text, lead))
            else:
                text = self.text(item)
                if text:
                    items.append(model.Paragraph(text))
        return tuple(items)

    # --- figures --------------------------------------------------------

    def registry(self, node: Node | None) -> None:
        """Read figures.yaml into self.figures."""
        if node is None:
            return
        path = self.file(node, {".yaml", ".yml"})
        root = self.include(path, node)
        if root is None:  # reported; the figures it would register are not reported again as unknown
            self.registry_unread = True
            return
        f = self.fields(root, REGISTRY_KEYS, "指标登记表")
        self.registry_unread = not f or "figures" not in f
        for item in self.items(f.get("figures") if f else None, "figures 应当是指标的列表"):
            figure = self.figure(item)
            if figure is None:  # reported; its references are not reported again as unknown
                if "id" in item.mapping:
                    self.broken_figures.add(str(item.mapping["id"].value))
                continue
            if figure.id in self.figures:
                first = self.figures[figure.id].where
                self.report.error(item.where, f"指标编号“{figure.id}”重复（第一次在第 {first.line} 行）。",
                                  "每个指标的 id 只能登记一次。")
            else:
                self.figures[figure.id] = figure
        self.including.pop()
        formula.compute(self.figures, self.formulas, self.broken_figures, self.report)
        for figure in self.figures.values():
            goal = self.figures.get(figure.goal) if figure.goal else None
            if figure.goal and (goal is None or not goal.target):
                self.report.error(figure.where, f"指标 {figure.id} 的 goal“{figure.goal}”不是登记过的目标指标。",
                                  "goal 写对应目标指标的 id（它的 kind 为 target）。")
            elif goal is not None and goal.value <= 0:
                self.report.error(goal.where, f"目标指标 {goal.id} 的值是 {goal.value}，不能用来计算完成比例。",
                                  f"目标值应大于 0；或删除指标 {figure.id} 的 goal。")

    def figure(self, node: Node) -> model.Figure | None:
        f = self.fields(node, FIGURE_KEYS, "指标")
        if f is None or not all(key in f for key, required in FIGURE_KEYS.items() if required):
            return None
        ident = str(f["id"].value)
        if not FIGURE_ID.fullmatch(ident):
            self.report.error(f["id"].where, f"指标编号“{ident}”只能由英文字母、数字、- 和 _ 组成。",
                              "例如 rd-spending、high-tech-firms。")
            return None
        computed = self.computed(ident, f) if "formula" in f else None
        if "formula" in f and computed is None:
            return None  # (reported)
        if computed is None and "precision" in f:
            self.report.error(f["precision"].where, f"指标 {ident} 没有 formula，precision 只用于计算的指标。",
                              "删去 precision；value 照原文写，印出时保持原样。")
        if computed is None and "value" not in f:
            self.report.error(node.where, f"指标 {ident} 既没有 value 也没有 formula。",
                              "写 value: 数值，或 formula: 公式（如 sum(a, b)）和 precision: 小数位数。")
        value = Decimal(0) if computed else self.decimal(f["value"]) if "value" in f else None
        kind = str(f["kind"].value)
        if kind not in FIGURE_KINDS:
            self.report.error(f["kind"].where, f"kind“{kind}”无效。", "写 actual（实际）或 target（目标）。")
        label, unit, year = (self.text(f.get(key)) for key in ("label", "unit", "year"))
        rank, remark = (self.text(f.get(key)) for key in ("rank", "remark"))
        change = self.change(f.get("change"))
        if value is None or kind not in FIGURE_KINDS or label is None or unit is None or year is None:
            return None

        def optional(key: str) -> str | None:
            return str(f[key].value).strip() if key in f and f[key].kind != "null" else None

        return model.Figure(
            ident, label.value, value, unit.value, year.value, FIGURE_KINDS[kind], node.where,
            aliases=tuple(t.value for t in self.texts(f.get("aliases"))), goal=optional("goal"),
            change=change.value if change else None, rank=rank.value if rank else None,
            remark=remark.value if remark else None, source=optional("source"),
            grouped="value" in f and "," in str(f["value"].value),  # (a comma passed `decimal` only as grouping)
            formula=computed[0] if computed else None, precision=computed[1] if computed else None)

    def computed(self, ident: str, f: dict[str, Node]) -> tuple[str, int] | None:
        """A computed figure's formula as typed and its precision, the formula parsed into
        self.formulas (its value comes when every figure is read); None when it is wrong (reported)."""
        typed = str(f["formula"].value).strip()
        where = f["formula"].where
        if "value" in f:
            self.report.error(f["value"].where, f"指标 {ident} 同时写了 value 和 formula。",
                              "计算的指标只写 formula，数值由程序算出；照原文的数字写 value，删去 formula。")
            return None
        precision = f["precision"].integer if "precision" in f else None
        if precision is None or not 0 <= precision <= formula.MAX_PRECISION:
            self.report.error(f["precision"].where if "precision" in f else where,
                              f"计算的指标 {ident} 要写 precision：结果保留几位小数（0 至 {formula.MAX_PRECISION}）。",
                              "例如 precision: 1 印出 91.9，precision: 0 印出 92。")
            return None
        try:
            self.formulas[ident] = (formula.parse(typed), where)
        except formula.FormulaError as problem:
            self.report.error(locate(where, problem.token) if problem.token else where,
                              f"指标 {ident} 的公式“{typed}”有误：{problem.message}", problem.hint)
            return None
        return typed, precision

    def change(self, node: Node | None) -> Text | None:
        """比增14.2% as typed; a number is a change in per cent (-3.5 → 下降3.5%); a minus typed
        with an ASCII hyphen is written out (比增-3.5% → 比降3.5%, -3.5% → 下降3.5%, 增速-1% → 增速负1%)."""
        if node is not None and node.kind in ("int", "float"):
            value = self.decimal(node)
            if value is None:
                return None
            words = "持平" if value == 0 else f"增长{value}%" if value > 0 else f"下降{-value}%"
            return make_text(words, node.where)
        text = self.text(node)
        if text is None:
            return None
        written = NEGATIVE_CHANGE.sub(lambda m: NEGATIVE_WORDS[m["verb"]], text.value)
        written = re.sub(r"-(?=\d)", "负", written)  # any other minus (no font here has U+2212)
        return make_text(written, text.where)

    def decimal(self, node: Node) -> Decimal | None:
        if node.kind == INVALID:
            return None
        typed = str(node.value).strip()
        try:
            value = Decimal(typed.replace(",", "") if GROUPED.fullmatch(typed) else typed)
        except InvalidOperation:
            value = None
        if node.kind not in ("int", "float", "str") or value is None or not value.is_finite():
            self.report.error(node.where, f"value“{node.value}”不是数字。",
                              "写阿拉伯数字，如 257.4 或 23,003（千位分隔符要三位一组）；不要带单位，单位写在 unit 中。")
            return None
        if abs(value) >= MAX_FIGURE or value.normalize().as_tuple().exponent < -MAX_DECIMALS:  # type: ignore[operator]
            self.report.error(node.where, f"数值“{node.value}”超出范围：绝对值应小于 1000 万亿，小数最多 {MAX_DECIMALS} 位。",
                              "写原文中的数字；很大的数换用较大的单位（如“亿元”），很小的数换用较小的单位。")
            return None
        return value

    def figure_ids(self, node: Node, what: str) -> tuple[str, ...]:
        ids = []
        for item in self.items(node, f"{what}应当是指标编号的列表，例如 [rd-spending, rd-intensity]"):
            ident = str(item.value)
            if item.kind == INVALID or ident in self.broken_figures or self.registry_unread:
                continue
            if ident in self.figures:
                ids.append(ident)
                continue
            close = difflib.get_close_matches(ident, list(self.figures), n=1, cutoff=0.6)
            self.report.error(item.where, f"指标“{ident}”没有登记。",
                              f"您是不是想写“{close[0]}”？" if close else "先在 figures.yaml 中登记它。")
        return tuple(ids)

    def figure_row(self, node: Node, item: Node, previous: model.BodyItem | None) -> model.FigureRow | None:
        ids = self.figure_ids(node, "指标卡的 figures ")
        if not 1 <= len(ids) <= ROW_MAX:
            if ids:
                self.report.error(node.where, f"一行指标卡放了 {len(ids)} 个指标。",
                                  f"每行 1 至 {ROW_MAX} 个；多的分成两行（再写一项 figures）。")
            return None
        stated = {name for text in _paragraph_texts(previous) for name, _ in text.refs}
        for ident in ids:
            if ident not in stated:
                self.report.error(item.where, f"指标卡“{self.figures[ident].label}”前面的段落没有写这个指标。",
                                  f"指标卡紧跟在陈述该指标的段落之后：把它移到含 {{{{{ident}}}}} 的段落后面。")
        return model.FigureRow(ids, item.where)

    def chart(self, f: dict[str, Node], item: Node) -> model.Chart | None:
        caption = self.text(f.get("chart"))
        if "figures" in f:
            ids = self.figure_ids(f["figures"], "图表的 figures ")
        else:
            ids = tuple(name for name, figure in self.figures.items() if figure.goal)
        for ident in ids:
            if not self.figures[ident].goal:
                self.report.error(item.where, f"指标 {ident} 没有 goal（对应的目标），不能画入“实际对目标”图。",
                                  "在 figures.yaml 中为它写 goal，或从图表的 figures 中删去。")
        if not ids and not self.registry_unread:
            self.report.error(item.where, "图表没有可画的指标。", "在 figures.yaml 中给实际指标写上 goal。")
        if len(ids) > MAX_CHART_BARS:
            self.report.error(item.where, f"图表画了 {len(ids)} 个指标，一张图最多 {MAX_CHART_BARS} 个（要排进一页）。",
                              "用 figures: [...] 选出最重要的几个，或分成两张图。")
            return None
        return model.Chart(caption, ids, item.where) if caption and ids else None

    def body_image(self, f: dict[str, Node], item: Node) -> model.Image | None:
        path = self.source(self.image(f.get("image")))
        caption = self.text(f.get("caption")) if "caption" in f else None
        width: float = IMAGE_WIDTH
        node = f.get("width")
        if node is not None:
            try:
                width = float(str(node.value).removesuffix("mm").strip())
            except ValueError:
                width = 0
            if not 10 <= width <= IMAGE_WIDTH:
                self.report.error(node.where, f"width 应当是 10 至 {IMAGE_WIDTH} 之间的毫米数（图片在版心中的宽度）。",
                                  "例如 width: 120。")
                return None
        return model.Image(path, caption, width, item.where) if path is not None else None

    def table(self, f: dict[str, Node], item: Node) -> model.Table | None:
        caption = self.text(f.get("table"))
        header_node = f.get("header")
        header_rows = (self.items(header_node, "header 应当是表头各栏的列表")
                       if header_node is not None else [])
        if header_rows and all(row.kind == "list" for row in header_rows):  # two header rows
            header = tuple(self.cells(row) for row in header_rows)
        else:
            header = (self.cells(header_node),) if header_node is not None else ()
        rows = tuple(self.cells(row) for row in self.items(f.get("rows"), "rows 应当是表格各行的列表"))
        columns = len(header[0]) if header else 0
        problems = [n for n, row in enumerate((*header, *rows)) if len(row) != columns]
        if not 1 <= columns <= MAX_TABLE_COLUMNS:
            self.report.error(item.where, f"表格有 {columns} 栏，应为 1 至 {MAX_TABLE_COLUMNS} 栏。",
                              "header 写出各栏的标题，如 header: [任务, 主要内容, 牵头单位]。")
            return None
        if problems:
            bad = (*header, *rows)[problems[0]]
            where = bad[0].where if bad else item.where
            self.report.error(where, f"表格的这一行有 {len(bad)} 格，表头有 {columns} 栏。",
                              "每行的格数与表头相同；空格写 \"\"。")
            return None
        if not rows or len(rows) > MAX_TABLE_ROWS:
            self.report.error(item.where, f"表格应有 1 至 {MAX_TABLE_ROWS} 行。", "在 rows 中逐行写出各格。")
            return None
        widths = self.numbers(f.get("widths"), columns, "widths")  # None: fitted to the content
        values = [[cell.value for cell in row] for row in rows]
        heads = [" ".join(row[column].value for row in header) for column in range(columns)]
        self.serials(caption, heads, rows)
        align = self.alignments(f.get("align"), [list(column) for column in zip(*values)], heads)
        total = self.total(f.get("total"), header, values)
        merge, landscape = f.get("merge_first"), f.get("landscape")
        if caption is None or align is None or total is None:
            return None
        return model.Table(caption, header, rows, widths, align, merge is not None and merge.parsed is True,
                           item.where, None if landscape is None else landscape.parsed is True, total)

    def serials(self, caption: Text | None, heads: list[str], rows: tuple[tuple[Text, ...], ...]) -> None:
        """A 序号 column that skips or repeats a number (a row deleted or inserted, the rest not
        renumbered): warned at the row."""
        for column, head in enumerate(heads):
            numbers = tablenumbers.serials(head, [row[column].value for row in rows])
            gap = tablenumbers.serial_break(numbers) if numbers is not None else None
            if gap is not None:
                row, expected = gap
                where = rows[row][column].where
                self.report.warn(where, f"表格{f'“{caption.value}”' if caption else ''}的“{head.strip()}”栏第 {row + 1} 行"
                                        f"是 {rows[row][column].value}，按顺序应为 {expected}：序号不连续。",
                                 f"删除或插入一行后，把“{head.strip()}”栏从 1 起依次重新编号。")

    def total(self, node: Node | None, header: tuple[tuple[Text, ...], ...],
              rows: list[list[str]]) -> tuple[Text, ...] | None:
        """The 合计 row: the label in the first column, the sum of each column of numbers that
        add up (not percentages or rates) with the precision of its inputs; () without `total`."""
        if node is None:
            return ()
        label = self.text(node)
        if label is None:
            return None
        sums = [tablenumbers.total(cells) if tablenumbers.summable([row[column].value for row in header], cells)
                else None for column, cells in enumerate(zip(*rows)) if column]
        if not any(value is not None for value in sums):
            self.report.error(node.where, "合计行没有可以相加的栏：除第一栏外，没有一栏全是数字"
                                          "（百分比、序号和表头写着“率”“比重”“增速”“进度”等的栏不相加）。",
                              "把这些栏中不是数字的格改成数字，空格写 \"\" 或“—”；或删除 total。")
            return None
        return (label, *(make_text(value or "", node.where, self.resolve) for value in sums))

    def page_break(self, f: dict[str, Node], item: Node) -> model.PageBreak | None:
        if f["page_break"].parsed is not True:
            self.report.error(f["page_break"].where, "page_break 只能写 true（在这里分页）。",
                              "写“- page_break: true”，或删除这一项。")
            return None
        return model.PageBreak(item.where)

    def cells(self, node: Node | None) -> tuple[Text, ...]:
        """A row's cells: text (with figure references); an empty cell is written \"\"."""
        cells = []
        for cell in self.items(node, "表格的一行应当是各格的列表，如 [科创走廊, 新增载体, \"{待定：单位}\"]"):
            if cell.kind in ("str", "int", "float") and not str(cell.value).strip():
                cells.append(make_text("", cell.where, self.resolve))
                continue
            text = self.text(cell)
            if text is None:
                return ()
            cells.append(text)
        return tuple(cells)

    def numbers(self, node: Node | None, count: int, key: str) -> tuple[float, ...] | None:
        if node is None:
            return None
        values = self.items(node, f"{key} 应当是数字的列表")
        try:
            numbers = tuple(float(str(v.value)) for v in values)
        except ValueError:
            numbers = ()
        if len(numbers) != count or any(not 0 < n < 100 for n in numbers):
            self.report.error(node.where, f"{key} 应当是 {count} 个正数（各栏的相对宽度）。",
                              f"例如 {key}: [{', '.join(['2'] * count)}]。")
            return None
        return numbers

    def alignments(self, node: Node | None, columns: list[list[str]], heads: list[str]) -> tuple[str, ...] | None:
        """The alignment written for each column; by default numbers on the decimal point (a
        序号 column centred), text left."""
        count = len(columns)
        if node is None:
            return tuple(("center" if tablenumbers.ordinal(head) else "decimal") if tablenumbers.numeric(cells)
                         else "left" for cells, head in zip(columns, heads))
        values = [str(v.value).strip() for v in self.items(node, "align 应当是各栏对齐方式的列表")]
        if len(values) != count or any(v not in ALIGNMENTS for v in values):
            self.report.error(node.where, f"align 应当是 {count} 个对齐方式。",
                              "每栏写 left（左）、center（居中）、right（右）或 decimal（数字按小数点对齐）。")
            return None
        return tuple(ALIGNMENTS[v] for v in values)

    def panel(self, node: Node | None) -> model.Panel | None:
        if node is None:
            return None
        f = self.fields(node, PANEL_KEYS, "主要指标面板")
        if f is None or "figures" not in f:
            return None
        title, ids = self.text(f.get("title")), self.figure_ids(f["figures"], "面板的 figures ")
        if len(ids) > MAX_PANEL_FIGURES:
            self.report.error(f["figures"].where, f"主要指标面板放了 {len(ids)} 个指标，最多 {MAX_PANEL_FIGURES} 个（要排进一页）。",
                              "只留最重要的几个，其余写在正文的指标卡中。")
            return None
        return model.Panel(title, ids) if title and ids else None

    def no_closing_break(self, body: tuple[model.BodyItem, ...], sections: tuple[model.Section, ...]) -> None:
        """The notice's text may not end in a page break: the 落款 keeps two lines of it (§7.3.5.5)."""
        last = body[-1] if body and not sections else None
        while sections:
            last = sections[-1].body[-1] if sections[-1].body and not sections[-1].sections else last
            sections = sections[-1].sections
        if isinstance(last, model.PageBreak):
            self.report.error(last.where, "正文最后不能分页：落款（署名、成文日期）要和正文至少两行排在同一页"
                              "（GB/T 9704 第 7.3.5.5 条）。", "删除这一项 page_break。")

    def sections(self, node: Node | None, level: int = 1) -> tuple[model.Section, ...]:
        sections = (self.section(item, level) for item in self.items(node, "sections 应当是章节的列表"))
        return tuple(s for s in sections if s is not None)

    def section(self, node: Node, level: int) -> model.Section | None:
        if node.kind == "map" and set(node.mapping) == {"include"}:
            path = self.file(node.mapping["include"], {".yaml", ".yml"})
            root = self.include(path, node.mapping["include"])
            if root is None:
                return None
            try:
                return self.section(root, level)
            finally:
                self.including.pop()
        f = self.fields(node, SECTION_KEYS, "章节")
        if f is None:
            return None
        if "id" in f:
            self.section_id(f["id"])
        editorial = f.get("editorial")
        if editorial is not None and editorial.kind != "bool":
            self.wrong_type(editorial, "editorial 应当是 true 或 false")
        heading = self.unnumbered(self.text(f.get("heading")), level)
        body, sections = self.body(f.get("body"), level + 1), self.sections(f.get("sections"), level + 1)
        if heading is None:
            return None
        return model.Section(heading, editorial is not None and editorial.parsed is True, body, sections,
                             str(f["id"].value) if "id" in f else None)

    def unnumbered(self, text: Text | None, level: int) -> Text | None:
        """Headings and leads are numbered by the program: a number typed before one would print
        twice. At the third level the number is “1.”: a text starting with a digit after it
        reads as a decimal (“1.5月底前” as 1.5)."""
        if text is not None and len(text.value) > MAX_HEADING:  # (one kept with what follows must fit a page)
            self.report.error(text.where, f"标题太长（{len(text.value)} 字，最多 {MAX_HEADING} 字）。",
                              "标题只写这一部分的主题；要说明的内容写在下面的段落中。")
            return None
        typed = HAND_NUMBER.match(text.value) if text is not None else None
        if typed and text is not None:
            self.report.error(text.where, f"标题前手写了编号“{typed.group()}”，程序还会自动编号，会印成两个编号。",
                              f"删除“{typed.group()}”，编号（一、（一）1.（1））由程序按层级生成。")
            return None
        if text is not None and level == 3 and text.value[:1].isdigit():
            self.report.warn(text.where, f"“{text.value[:8]}”以数字开头，接在三级编号“1.”“2.”……之后会读成小数。",
                             "改写开头，如“5月底前完成”写成“在5月底前完成”，或把数字移到句中。")
        return text

    def section_id(self, node: Node) -> None:
        key = str(node.value)
        if key in self.section_ids:
            first = self.section_ids[key]
            self.report.error(node.where, f"章节编号 id“{key}”重复（第一次在 {first}）。",
                              "每个 id 只能用一次，请改成不同的名字。")
        else:
            self.section_ids[key] = node.where

    def fonts(self, node: Node | None) -> dict[str, model.FontChoice]:
        if node is None:
            return {}
        f = self.fields(node, dict.fromkeys(FONT_ROLES, False), "fonts")
        choices = {}
        for role, value in (f or {}).items():
            if role not in FONT_ROLES:
                continue
            if value.kind == "map":
                spec = self.fields(value, FONT_KEYS, "字体设置")
                if spec is None or "file" not in spec:
                    continue
                path_node, face_node = spec["file"], spec.get("face")
            else:
                path_node, face_node = value, None
            face = 0
            if face_node is not None:
                index = face_node.integer
                if index is None or not 0 <= index < 256:
                    self.wrong_type(face_node, "face 应当是从 0 开始的整数（字体集合中的序号）")
                else:
                    face = index
            path = self.font_file(path_node)
            if path is not None:
                choices[role] = model.FontChoice(path, face, value.where)
        return choices

    def font_file(self, node: Node) -> Path | None:
        # Fonts may live anywhere (an office's licensed fonts are not in the repository).
        if self.text(node) is None:
            return None
        path = Path(str(node.value)).expanduser()
        path = path if path.is_absolute() else self.folder / path
        if not _is_file(path):
            self.report.error(node.where, f"字体文件“{node.value}”不存在。",
                              "写字体文件的完整路径，或相对内容文件夹的路径。")
            return None
        if path.suffix.lower() not in {".ttf", ".ttc", ".otf", ".otc"}:
            self.report.error(node.where, f"“{node.value}”不是字体文件。",
                              "请使用 .ttf、.ttc 或 .otf 字体文件。")
            return None
        return path


def _is_file(path: Path) -> bool:
    """Is there a file at `path`? False for a name the file system refuses (too long, a NUL)."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def _inside(path: Path, folder: Path) -> bool:
    """The one rule for every content file, links resolved: in the content folder or assets/."""
    return path.is_relative_to(folder) or path.is_relative_to(folder.parent / "assets")


def _one_or_many(node: Node | None) -> list[Node]:
    """The items of a list, or a single value as a list of one (“recipients: 某单位”)."""
    if node is None:
        return []
    return node.elements if node.kind == "list" else [node]


def _paragraph_texts(item: model.BodyItem | None) -> tuple[Text, ...]:
    if not isinstance(item, model.Paragraph):
        return ()
    return (item.text,) if item.lead is None else (item.lead, item.text)
