"""Titles broken between words (issue 11 §1): forty titles of other offices, the real fonts
and the full 版心 width; and a property over generated titles."""
import pytest
from hypothesis import given, strategies as st

from briefing import geometry
from briefing.fonts import FontSet
from briefing.pageplan import TITLE, TITLE_MAX_WIDTH
from briefing.metrics import FontMetrics
from briefing.typeset import NO_END, NO_START, Run, TitleTooLong, balance_lines
from briefing.words import word_ends

METRICS = FontMetrics(FontSet({}))

# (title, names the edition knows, spans that must not be split). The spans are words of
# jieba's dictionary or names in quotes; a compound it does not know as one word (非物质|文化遗产,
# 道路|运输) may break between its parts, which are words.
TITLES = [
    ("福州市科学技术局关于印发《福州市2022年科技工作总结及2023年工作思路》的通知", ["福州市科学技术局"], ["科学技术局", "2022年", "2023年"]),
    ("江州市滨河区教育局关于做好2024年秋季学期开学工作的通知", ["江州市滨河区教育局"], ["滨河区", "教育局", "2024年", "秋季学期"]),
    ("某某县人民政府办公室关于调整县防汛抗旱指挥部成员的通知", ["某某县人民政府办公室"], ["人民政府", "防汛抗旱", "指挥部"]),
    ("国务院办公厅关于印发新一代人工智能发展规划的通知", ["国务院办公厅"], ["人工智能", "新一代"]),
    ("关于进一步加强中小学校园安全管理工作的意见", [], ["中小学", "校园", "安全", "管理"]),
    ("关于推进科技创新平台建设的实施意见", [], ["科技", "创新", "平台"]),
    ("江州市人民政府关于2023年度全市国民经济和社会发展计划执行情况的报告", ["江州市人民政府"], ["国民经济", "2023年度", "执行情况"]),
    ("滨河区财政局关于申请追加2024年义务教育阶段学生营养改善计划资金的请示", ["滨河区财政局"], ["义务教育", "营养改善", "2024年"]),
    ("江州市人民政府关于同意设立江州高新技术产业开发区的批复", ["江州市人民政府"], ["高新技术", "产业", "开发区"]),
    ("江州市科学技术局关于商请提供2023年度科技统计数据的函", ["江州市科学技术局"], ["科学技术局", "统计数据", "2023年度"]),
    ("关于印发《江州市科技型中小企业培育实施方案（2024—2026年）》的通知", [], ["科技型", "中小企业", "实施方案"]),
    ("江州市农业农村局关于做好2024年春季农业生产和农村人居环境整治工作的通知", ["江州市农业农村局"], ["农业农村局", "春季", "人居环境"]),
    ("中共江州市委办公室 江州市人民政府办公室关于加强基层治理体系和治理能力现代化建设的实施意见", [], ["基层治理", "治理能力", "现代化"]),
    ("关于表彰2023年度全市安全生产工作先进集体和先进个人的决定", [], ["安全生产", "先进集体", "先进个人"]),
    ("江州市卫生健康委员会关于开展2024年全市医疗机构依法执业专项监督检查的通知", ["江州市卫生健康委员会"], ["卫生健康委员会", "医疗机构", "依法执业"]),
    ("关于转发省科技厅《关于组织申报2024年度省级重点研发计划项目的通知》的通知", [], ["科技厅", "重点研发", "项目"]),
    ("江州市生态环境局关于印发《江州市大气污染防治攻坚行动方案》的通知", ["江州市生态环境局"], ["生态环境局", "大气污染", "攻坚", "行动方案"]),
    ("关于成立江州市数字经济发展工作领导小组的通知", [], ["数字经济", "领导小组"]),
    ("关于公布第三批江州市非物质文化遗产代表性项目名录的通知", [], ["文化遗产", "代表性", "名录"]),
    ("江州市住房和城乡建设局关于进一步规范房地产开发企业资质管理的通知", ["江州市住房和城乡建设局"], ["房地产", "开发企业", "资质"]),
    ("关于下达2024年第一批中央财政衔接推进乡村振兴补助资金的通知", [], ["中央财政", "乡村振兴", "补助资金"]),
    ("江州市市场监督管理局关于开展食品安全“守护”行动的通知", ["江州市市场监督管理局"], ["市场监督管理局", "食品安全"]),
    ("关于征求《江州市城市更新条例（草案）》意见的函", [], ["城市更新", "条例"]),
    ("江州市交通运输局关于2023年度道路运输企业质量信誉考核结果的通报", ["江州市交通运输局"], ["交通运输局", "道路", "质量信誉"]),
    ("关于印发江州市促进民营经济高质量发展若干措施的通知", [], ["民营经济", "高质量", "若干措施"]),
    ("江州市人力资源和社会保障局关于调整全市最低工资标准的通知", ["江州市人力资源和社会保障局"], ["最低工资", "社会保障局"]),
    ("关于做好2024年普通高校毕业生就业创业工作的通知", [], ["毕业生", "就业创业", "2024年"]),
    ("江州市应急管理局关于切实做好汛期安全防范工作的紧急通知", ["江州市应急管理局"], ["应急管理局", "安全防范", "紧急通知"]),
    ("关于对全市政务服务“一网通办”情况进行督查的通知", [], ["政务服务", "一网通办", "督查"]),
    ("江州市统计局关于开展第五次全国经济普查清查工作的通知", ["江州市统计局"], ["经济普查", "第五次"]),
    ("关于江州市2023年国有资产管理情况的综合报告", [], ["国有资产", "综合报告", "2023年"]),
    ("江州市水利局关于申请2024年小型水库除险加固项目资金的请示", ["江州市水利局"], ["水库", "除险", "加固", "项目资金"]),
    ("关于同意江州经济技术开发区扩区调整方案的批复", [], ["经济技术开发区", "方案"]),
    ("江州市商务局关于组织企业参加第136届中国进出口商品交易会的通知", ["江州市商务局"], ["进出口", "交易会", "136届"]),
    ("关于印发《江州市公共数据资源开发利用管理办法（试行）》的通知", [], ["公共数据", "开发利用", "管理办法"]),
    ("江州市文化和旅游局关于做好2024年元旦春节期间文化和旅游市场安全工作的通知", ["江州市文化和旅游局"], ["元旦", "春节", "旅游市场"]),
    ("关于进一步优化营商环境降低市场主体制度性交易成本的实施意见", [], ["营商环境", "市场主体", "交易成本"]),
    ("江州市医疗保障局关于将部分医疗服务项目纳入基本医疗保险支付范围的通知", ["江州市医疗保障局"], ["医疗保障局", "医疗服务", "基本医疗保险"]),
    ("关于开展2024年“质量月”活动的通知", [], ["质量月", "2024年"]),
    ("江州市民政局关于开展养老机构安全隐患排查整治专项行动的通知", ["江州市民政局"], ["养老机构", "安全隐患", "专项行动"]),
]


def set_title(title, names):
    return [line.text for line in balance_lines([Run(title, "xiaobiaosong")], TITLE, METRICS, TITLE_MAX_WIDTH,
                                                names=tuple(names))]


@pytest.mark.parametrize("title, names, whole", TITLES, ids=[t[0][:12] for t in TITLES])
def test_forty_titles_keep_words_whole(title, names, whole):
    lines = set_title(title, names)
    assert "".join(lines) == title
    fewest = -(-METRICS.width(title, METRICS.cjk_font("xiaobiaosong", "文"), 22) // TITLE_MAX_WIDTH)
    assert len(lines) <= max(2, fewest + 1)
    for joint in range(1, len(lines)):
        before, after = "".join(lines[:joint]), "".join(lines[joint:])
        for span in [*whole, *names]:
            start = title.find(span)
            assert not start < len(before) < start + len(span), f"{span} split: {lines}"
        assert lines[joint][0] not in NO_START and lines[joint - 1][-1] not in NO_END
        assert not (before[-1].isdigit() and not after[0].isdigit()), lines  # 2023 | 年


def test_title_lines_use_the_full_width():
    assert TITLE_MAX_WIDTH == geometry.WIDTH
    assert len(set_title("关于进一步加强中小学校园安全管理的意见", [])) == 1  # 19 characters: one line
    assert len(set_title("关于进一步加强中小学校园安全管理工作的意见", [])) == 2  # 21: two


@st.composite
def titles(draw):
    words = ["关于", "印发", "进一步", "加强", "推进", "全市", "科技", "创新", "平台", "建设", "工作", "实施", "方案",
             "中小学", "校园", "安全", "管理", "生态环境", "保护", "数字经济", "高质量", "发展", "乡村振兴", "专项",
             "行动", "2024年", "第一批", "重点", "项目", "资金", "营商环境", "优化", "意见", "的", "和", "通知"]
    body = "".join(draw(st.lists(st.sampled_from(words), min_size=8, max_size=30)))
    return draw(st.sampled_from(["江州市人民政府", "滨河区教育局", ""])) + body + draw(st.sampled_from(["的通知", "的意见", "的报告"]))


@given(titles())
def test_generated_titles_break_only_between_words(title):
    """No break inside a segmenter word of two or more characters, unless no title of at
    most six lines keeps every word whole."""
    try:
        lines = [line.text for line in balance_lines([Run(title, "xiaobiaosong")], TITLE, METRICS,
                                                     TITLE_MAX_WIDTH, split_words=False)]
    except TitleTooLong:
        return  # (such a title is set with a word split, or refused when too long)
    ends = word_ends(title)
    offset = 0
    for line in lines[:-1]:
        offset += len(line)
        assert offset in ends, (lines, title[offset - 2:offset + 2])


def test_a_title_given_as_lines_is_set_as_given(tmp_path):
    import pdfplumber
    from briefing import api
    from samples import write_content
    lines = ["江州市滨河区教育局关于做好", "2024年秋季学期开学工作的通知"]
    folder = write_content(tmp_path / "c", title=lines)
    built = api.build(folder, tmp_path / "out.pdf")
    with pdfplumber.open(str(built.path)) as pdf:
        words = pdf.pages[0].extract_text(x_tolerance=5).replace(" ", "").split("\n")
    assert all(line in words for line in lines)
    assert api.check(folder).document.edition.title.value == "".join(lines)


def test_a_given_title_line_too_long_is_refused_with_its_line(tmp_path):
    from briefing.errors import ContentError
    from briefing import api
    from samples import write_content
    folder = write_content(tmp_path / "c", title=["江州市滨河区教育局关于做好2024年秋季学期开学工作的通知", "（试行）"])
    with pytest.raises(ContentError) as caught:
        api.verify(folder)
    (problem,) = caught.value.errors
    text = (folder / "edition.yaml").read_text(encoding="utf-8").split("\n")
    assert "太长" in problem.message and "江州市滨河区教育局关于做好2024" in text[problem.where.line - 1]
