"""Drafts of other offices for `briefing import`, each made by the tests themselves: text as
pasted from a web page, Markdown, DOCX written by python-docx (with Word's heading styles, a
red mark, merged table cells, a picture), DOCX written by LibreOffice from text, and a
content folder of ours to write as DOCX and read back. `expected` is what the importer must
recognise; `sentences` are the body's sentences, to be found in the built PDF in order."""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, RGBColor
from PIL import Image


@dataclass
class Sample:
    name: str
    origin: str  # how the draft was made
    make: Callable[[Path], Path]  # writes the draft into a folder, returns its path
    expected: dict  # edition.yaml keys → value the import must find
    sentences: list[str] = field(default_factory=list)  # body sentences, in order
    sections: int = 0  # headings that must become sections
    leads: int = 0  # numbered run-in sentences that must become leads
    tables: int = 0
    images: int = 0
    attachments: int = 0
    table: dict | None = None  # the first table as it must be written


def text_file(name: str, text: str, encoding: str = "utf-8") -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(text.encode(encoding))
        return path
    return make


# 1. A notice as pasted from a county government's web page: the page's own lines around it,
#    ASCII punctuation, a date as 2024-03-15, two attachments listed and appended.
WEB_NOTICE = """\
首页 > 政务公开 > 通知公告
【字体：大 中 小】 打印本页 关闭窗口
青川县农业农村局文件
青农发〔2024〕12号
青川县农业农村局关于做好2024年春季农作物病虫害防控工作的通知
各乡镇人民政府,县直有关单位:
为切实做好今年春季农作物病虫害防控工作,保障粮食和重要农产品稳定安全供给,现将有关事项通知如下。
一、总体要求
坚持"预防为主、综合防治"的方针,突出重大病虫害监测预警和统防统治,确保危害损失率控制在5%以内。
二、重点任务
(一)加强监测预警。各乡镇要落实专人开展系统调查,每周一报送监测数据。
(二)推进统防统治。县农业农村局安排专项资金80万元,扶持专业化服务组织开展统防统治。
三、工作要求
各单位要高度重视,明确责任分工,确保各项措施落到实处。
附件:1.2024年春季主要病虫害防控技术要点
2.病虫害监测数据报送表
青川县农业农村局
2024-03-15
(联系人:赵红梅,电话:0839-7202136)
附件1
2024年春季主要病虫害防控技术要点
小麦条锈病发生时,每亩用15%三唑酮可湿性粉剂60克兑水喷雾。
附件2
病虫害监测数据报送表
各乡镇每周一上午十点前报送上周监测数据。
抄送:县委办公室,县政府办公室。
青川县农业农村局办公室 2024年3月15日印发
版权所有:青川县人民政府 技术支持:县大数据中心
"""

# 2. A 函 in plain text as copied out of a PDF (its page number too), with a line broken
#    title and no 版记.
LETTER = """\
江州市滨河区卫生健康局
滨卫函〔2024〕7号
江州市滨河区卫生健康局关于商请支持
开展学生视力筛查工作的函
区教育局：
为落实儿童青少年近视防控工作要求，我局拟于2024年4月至5月对全区中小学生开展视力筛查。
特商请贵局协调各中小学校安排筛查场地和时间，并通知学生家长配合。
特此函商，请予支持。
江州市滨河区卫生健康局
2024年3月20日
— 1 —
"""

# A notice copied out of a PDF: every line of the page a line of text.
WRAPPED = """\
枫林县教育局关于做好2024年中小学暑期安全教育工作的通知
各乡镇中心学校，县直各学校：
暑假即将来临，为切实保障广大中小学生度过一个安全、健康、
快乐的假期，有效预防溺水、交通、消防等安全事故发生，现
将有关事项通知如下。
一、开展放假前安全教育
各学校要在放假前组织开展一次专题安全教育，重点讲清防溺
水“六不准”要求，并通过家长会、致家长一封信等方式，提
醒家长切实履行监护责任。
二、落实假期值班制度
各学校要严格落实假期值班和领导带班制度，确保通讯畅通，
遇有突发情况及时处置并报告。
枫林县教育局
2024年7月5日
"""

# An order: no title, no 主送, signed by the mayor.
ORDER = """\
江州市人民政府令
第5号
《江州市城市绿化管理办法》已经2024年4月2日市人民政府第18次常务会议通过，现予公布，自2024年6月1日起施行。
市长　陈建国
2024年4月10日
"""

# 3. A 纪要 in Markdown, with its attendance.
MINUTES_MD = """\
# 临河镇2024年第2次防汛工作会议纪要

各村（社区），镇直各单位：

4月8日，镇党委副书记、镇长孙立新主持召开防汛工作会议，研究部署今年防汛备汛工作。纪要如下。

## 一、关于隐患排查

会议要求，各村4月20日前完成河道、山塘、危旧房屋的全面排查。

## 二、关于物资储备

会议明确，镇应急办牵头补充编织袋5000条、救生衣200件。

出席：孙立新，周海燕，钱国华
列席：各村党支部书记

临河镇人民政府
2024年4月9日
"""


def _picture() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (320, 180), (40, 110, 170)).save(out, "PNG")
    return out.getvalue()


def styled_report(folder: Path) -> Path:
    """A 报告 as an office's Word template writes it: red 标志, title in 22 pt centred,
    headings in Word's Heading 1/2 styles (numbers by the template, not typed), a table with
    merged cells and a picture with its caption."""
    document = docx.Document()
    mark = document.add_paragraph()
    mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = mark.add_run("云溪县统计局文件")
    run.font.size, run.font.color.rgb = Pt(36), RGBColor(0xE0, 0x10, 0x10)
    document.add_paragraph("云统字〔2024〕3号").alignment = WD_ALIGN_PARAGRAPH.CENTER
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run("云溪县统计局关于2023年全县经济运行情况的报告").font.size = Pt(22)
    document.add_paragraph("县人民政府：")
    document.add_paragraph("现将2023年全县经济运行情况报告如下。")
    document.add_heading("总体情况", level=1)
    document.add_paragraph("2023年，全县地区生产总值完成156.8亿元，同比增长6.2%。")
    document.add_heading("分产业情况", level=2)
    document.add_paragraph("第一产业增加值28.4亿元，第二产业增加值61.7亿元，第三产业增加值66.7亿元。")
    document.add_paragraph("表1　2023年主要指标完成情况")
    table = document.add_table(rows=4, cols=3)
    for r, row in enumerate([["类别", "指标", "完成值"], ["产业", "第一产业增加值", "28.4亿元"],
                             ["", "第二产业增加值", "61.7亿元"], ["投资", "固定资产投资", "45.2亿元"]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    table.cell(1, 0).merge(table.cell(2, 0))
    table.cell(1, 0).text = "产业"
    document.add_picture(io.BytesIO(_picture()))
    document.add_paragraph("图1　2023年各季度增长情况")
    document.add_heading("下一步工作", level=1)
    document.add_paragraph("一是加强统计监测。二是提高数据质量。")
    document.add_paragraph("特此报告。")
    document.add_paragraph("云溪县统计局")
    document.add_paragraph("2024年1月25日")
    path = folder / "统计报告.docx"
    document.save(str(path))
    return path


def minutes_docx(folder: Path) -> Path:
    """A 纪要 typed in Word without styles: typed numbers, run-in leads, attendance lines."""
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "内部资料　注意保存"
    for line in ["东岭区城市管理局会议纪要", "第5期", "东岭区城市管理局2024年第5次局长办公会议纪要",
                 "4月12日，局长何建平主持召开局长办公会议，研究以下事项。纪要如下。",
                 "一、关于背街小巷整治。会议同意第二批12条背街小巷整治方案，由市容科牵头组织实施。",
                 "二、关于环卫车辆更新。会议原则同意更新环卫作业车辆6台，由计财科按程序办理采购。",
                 "出席：何建平、罗小兰、唐志刚", "请假：魏宁（外出学习）", "列席：办公室、市容科、计财科负责人",
                 "东岭区城市管理局", "2024年4月13日",
                 "抄送：区政府办公室。", "东岭区城市管理局办公室　　2024年4月13日印发"]:
        document.add_paragraph(line)
    path = folder / "局长办公会议纪要.docx"
    document.save(str(path))
    return path


# For LibreOffice: a 请示 with 签发人, typed in a text editor and saved by Writer as DOCX.
REQUEST = """\
南坪市交通运输局文件
南交〔2024〕21号　　签发人：龚志远
南坪市交通运输局关于申请农村公路危桥改造补助资金的请示
市人民政府：
我市现有农村公路四、五类危桥17座，严重影响群众出行安全。
一、基本情况
经定期检测，17座危桥均建成于2000年以前，主要病害为主梁开裂和墩台冲刷。
二、资金需求
危桥改造总投资约3400万元，已落实省级补助1200万元，尚有缺口2200万元。
妥否，请批示。
南坪市交通运输局
2024年5月6日
（联系人：邓丽，电话：0817-2221905）
"""


def libreoffice_docx(text: str, name: str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        import subprocess
        source = folder / f"{name}.txt"
        source.write_text(text, encoding="utf-8")
        profile = (folder / "lo-profile").as_uri()
        subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--infilter=Text (encoded):UTF8",
                        "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(folder), str(source)],
                       check=True, capture_output=True, timeout=180)
        source.unlink()
        return folder / f"{name}.docx"
    return make


def sentences_of(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[。；])", text) if s.strip()]


SAMPLES = [
    Sample("网页通知", "网页上复制的纯文本（含网页说明文字、英文标点、2024-03-15 式日期、两个附件）",
           text_file("网页通知.txt", WEB_NOTICE),
           {"mark": "青川县农业农村局文件", "number": "青农发〔2024〕12号", "issuer": "青川县农业农村局",
            "title": "青川县农业农村局关于做好2024年春季农作物病虫害防控工作的通知",
            "recipients": ["各乡镇人民政府", "县直有关单位"], "date": "2024年3月15日",
            "note": "联系人：赵红梅，电话：0839-7202136", "cc": ["县委办公室", "县政府办公室"],
            "printer": "青川县农业农村局办公室", "print_date": "2024年3月15日"},
           sentences_of("为切实做好今年春季农作物病虫害防控工作，保障粮食和重要农产品稳定安全供给，现将有关事项通知如下。"
                        "县农业农村局安排专项资金80万元，扶持专业化服务组织开展统防统治。"
                        "各单位要高度重视，明确责任分工，确保各项措施落到实处。"
                        "小麦条锈病发生时，每亩用15%三唑酮可湿性粉剂60克兑水喷雾。"
                        "各乡镇每周一上午十点前报送上周监测数据。"),
           sections=3, leads=2, attachments=2),
    Sample("函", "纯文本，标题分两行，无版记", text_file("商请函.txt", LETTER, "gb18030"),
           {"format": "信函", "mark": "江州市滨河区卫生健康局", "number": "滨卫函〔2024〕7号",
            "title": ["江州市滨河区卫生健康局关于商请支持", "开展学生视力筛查工作的函"], "recipients": ["区教育局"],
            "issuer": "江州市滨河区卫生健康局", "date": "2024年3月20日"},
           sentences_of("为落实儿童青少年近视防控工作要求，我局拟于2024年4月至5月对全区中小学生开展视力筛查。"
                        "特商请贵局协调各中小学校安排筛查场地和时间，并通知学生家长配合。特此函商，请予支持。")),
    Sample("暑期通知", "从 PDF 复制的纯文本（每行折断）", text_file("暑期通知.txt", WRAPPED),
           {"title": "枫林县教育局关于做好2024年中小学暑期安全教育工作的通知", "recipients": ["各乡镇中心学校", "县直各学校"],
            "issuer": "枫林县教育局", "date": "2024年7月5日",
            "body": ["暑假即将来临，为切实保障广大中小学生度过一个安全、健康、快乐的假期，有效预防溺水、交通、消防等"
                     "安全事故发生，现将有关事项通知如下。"]},
           sentences_of("各学校要在放假前组织开展一次专题安全教育，重点讲清防溺水“六不准”要求，并通过家长会、致家长一封信等"
                        "方式，提醒家长切实履行监护责任。各学校要严格落实假期值班和领导带班制度，确保通讯畅通，遇有突发情况及时处置并报告。"),
           sections=2),
    Sample("政府令", "纯文本，命令格式（令号、签发人职务和姓名）", text_file("政府令.txt", ORDER),
           {"format": "命令", "mark": "江州市人民政府令", "number": "第5号", "signature": {"title": "市长", "name": "陈建国"},
            "date": "2024年4月10日"},
           sentences_of("《江州市城市绿化管理办法》已经2024年4月2日市人民政府第18次常务会议通过，现予公布，自2024年6月1日起施行。")),
    Sample("防汛纪要", "Markdown（# 标题、## 各级标题）", text_file("防汛纪要.md", MINUTES_MD),
           {"format": "纪要", "title": "临河镇2024年第2次防汛工作会议纪要", "recipients": ["各村（社区）", "镇直各单位"],
            "attendance": {"出席": ["孙立新", "周海燕", "钱国华"], "列席": ["各村党支部书记"]},
            "issuer": "临河镇人民政府", "date": "2024年4月9日"},
           sentences_of("会议要求，各村4月20日前完成河道、山塘、危旧房屋的全面排查。"
                        "会议明确，镇应急办牵头补充编织袋5000条、救生衣200件。"), sections=2),
    Sample("统计报告", "python-docx：红色标志、22 磅居中标题、Word 标题样式、合并单元格的表格、图片",
           styled_report,
           {"mark": "云溪县统计局文件", "number": "云统字〔2024〕3号", "title": "云溪县统计局关于2023年全县经济运行情况的报告",
            "recipients": ["县人民政府"], "issuer": "云溪县统计局", "date": "2024年1月25日"},
           sentences_of("2023年，全县地区生产总值完成156.8亿元，同比增长6.2%。一是加强统计监测。二是提高数据质量。特此报告。"),
           sections=3, tables=1, images=1,
           table={"table": "表1　2023年主要指标完成情况", "header": ["类别", "指标", "完成值"],
                  "rows": [["产业", "第一产业增加值", "28.4亿元"], ["", "第二产业增加值", "61.7亿元"],
                           ["投资", "固定资产投资", "45.2亿元"]], "merge_first": True}),
    Sample("办公会议纪要", "python-docx，无样式：手写编号的小标题句、出席名单、版记", minutes_docx,
           {"format": "纪要", "mark": "东岭区城市管理局会议纪要", "number": "第5期",
            "attendance": {"出席": ["何建平", "罗小兰", "唐志刚"], "请假": ["魏宁（外出学习）"],
                           "列席": ["办公室", "市容科", "计财科负责人"]},
            "cc": ["区政府办公室"], "printer": "东岭区城市管理局办公室", "print_date": "2024年4月13日",
            "date": "2024年4月13日"},
           sentences_of("会议同意第二批12条背街小巷整治方案，由市容科牵头组织实施。"
                        "会议原则同意更新环卫作业车辆6台，由计财科按程序办理采购。"), leads=2),
    Sample("危桥请示", "LibreOffice 从纯文本另存的 DOCX（含签发人、附注）", libreoffice_docx(REQUEST, "危桥请示"),
           {"mark": "南坪市交通运输局文件", "number": "南交〔2024〕21号", "signers": ["龚志远"],
            "recipients": ["市人民政府"], "date": "2024年5月6日", "note": "联系人：邓丽，电话：0817-2221905"},
           sentences_of("经定期检测，17座危桥均建成于2000年以前，主要病害为主梁开裂和墩台冲刷。"
                        "危桥改造总投资约3400万元，已落实省级补助1200万元，尚有缺口2200万元。妥否，请批示。"),
           sections=2),
]


if __name__ == "__main__":  # the measurements: python tests/drafts.py (each draft imported, built, checked)
    import sys
    import tempfile

    import yaml

    from briefing import api
    from briefing.conformance import measure
    from briefing.importer import REPORT, import_draft
    from briefing.text import clean
    from test_pdf import pdf_text

    for sample in SAMPLES:
        with tempfile.TemporaryDirectory() as work:
            folder = Path(work)
            result = import_draft(sample.make(folder), folder / "c")
            edition = yaml.safe_load((folder / "c" / "edition.yaml").read_text("utf-8"))
            right = [k for k, v in sample.expected.items() if clean(str(edition.get(k))) == clean(str(v))]
            api.build(folder / "c", folder / "c.pdf")
            text, kept = pdf_text(folder / "c.pdf"), 0
            kept = sum(re.sub(r"\s+", "", s).replace("“", "").replace("”", "") in text for s in sample.sentences)
            failed = [c.name for c in measure(folder / "c.pdf") if c.failed]
            report = (folder / "c" / REPORT).read_text("utf-8")
            print(f"{sample.name}（{sample.origin}）：要素 {len(right)}/{len(sample.expected)} 正确，"
                  f"认出 {len(result.found)} 项，待补充 {len(result.missing)} 项；正文句子 {kept}/{len(sample.sentences)}；"
                  f"报告：未放入 {report.count('未放入')} 段，删去 {report.count(' 删去')} 处，推测 {report.count('推测')} 处；"
                  f"check --pdf 不合格：{failed or '无'}", file=sys.stdout)
