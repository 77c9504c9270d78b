"""Documents with tables as other offices write them (not the seed): a 函 with a 7- and an
8-column table, a 报告 with a 15-row 任务分解表, a wide statistics table. Used by the tests and
by tests/tools/table_pages.py, which measures their pages."""
from __future__ import annotations

from pathlib import Path

from samples import write_content

TOWNS = ["城关镇", "青溪镇", "白沙乡", "云雾山乡", "石门镇", "金坑乡", "双河镇", "龙潭街道", "桃源乡", "黄竹镇",
         "新塘镇", "梅岭乡"]
ORGANS = ["县发展和改革局", "县财政局", "县农业农村局", "县自然资源和规划局", "县住房和城乡建设局", "县交通运输局",
          "县水利局", "县生态环境分局", "县文化广电旅游体育局", "县卫生健康局", "县市场监督管理局", "县乡村振兴服务中心"]


def letter_tables() -> list[dict]:
    """A project list (7 columns) and a funding table (8 columns), many short cells."""
    projects = {"table": "表1　2024年第一批县级衔接资金项目安排情况", "header": [
        "序号", "项目名称", "实施单位", "建设地点", "开工时间", "完工时间", "安排资金（万元）"], "rows": [
        [str(n + 1), f"{TOWNS[n % 12]}{kind}", ORGANS[(3 * n) % 12], f"{TOWNS[n % 12]}{n % 5 + 1}个村",
         f"2024年{n % 4 + 3}月", f"2024年{n % 3 + 10}月", f"{(n * 173) % 900 + 35}.{n % 10}"]
        for n, kind in enumerate(["产业路硬化工程", "茶叶加工厂改造", "高标准农田建设", "人饮工程提升改造",
                                  "冷链仓储设施建设", "农村污水管网延伸", "乡村旅游步道", "光伏帮扶电站",
                                  "食用菌大棚", "小型水库除险加固", "电商服务站点", "村级组织活动场所",
                                  "易地搬迁后续产业", "高山蔬菜基地", "河道生态修复", "畜禽粪污资源化利用"])]}
    funding = {"table": "表2　各乡镇衔接资金分配及执行进度", "header": [
        "乡镇（街道）", "上年结转（万元）", "本年下达（万元）", "合计（万元）", "已拨付（万元）", "拨付进度", "项目个数",
        "责任单位"], "rows": [
        [town, f"{(n * 41) % 300 + 12}.{n % 10}0", f"{(n * 97) % 800 + 150}.50", f"{(n * 138) % 1100 + 162}.00",
         f"{(n * 71) % 600 + 90}.25", f"{(n * 7) % 60 + 35}.{n % 10}%", str(n % 6 + 2), ORGANS[n % 12]]
        for n, town in enumerate(TOWNS)]}
    return [projects, funding]


def letter(folder: Path) -> Path:
    return write_content(
        folder, format="信函", issuer="青溪县财政局", mark="青溪县财政局", number="青财函〔2024〕23号",
        title="青溪县财政局关于报送2024年第一批衔接资金项目安排及执行情况的函", recipients=["市财政局"],
        body=["根据《关于做好2024年财政衔接推进乡村振兴补助资金管理工作的通知》要求，现将我县2024年第一批"
              "衔接资金项目安排及执行情况函告如下。", letter_tables()[0],
              "截至6月底，各乡镇共拨付资金4236.75万元，总体拨付进度为61.3%，具体情况见表2。", letter_tables()[1],
              "下一步，我局将会同各乡镇加快项目实施和资金拨付进度，确保9月底前拨付进度达到90%以上。",
              "特此函告。"],
        cc=["县农业农村局", "县乡村振兴服务中心"], printer="青溪县财政局办公室", print_date="2024年7月3日",
        date="2024年7月2日")


def task_table() -> dict:
    tasks = ["完善县域商业体系建设规划，推进乡镇商贸中心改造提升", "建设县级物流配送中心，整合快递末端网点",
             "开展农产品产地冷藏保鲜设施建设", "培育农村电商带头人200名以上", "推动连锁便利店向行政村延伸",
             "组织开展“消费促进月”系列活动", "加强农村市场食品安全监管", "推进农贸市场标准化改造6个",
             "落实县域商业建设行动中央财政资金绩效管理", "建立重点商贸流通企业联系制度",
             "开展供销社基层网点改造", "推动邮政快递进村入户全覆盖", "建设县级农产品公共品牌",
             "开展家政服务进社区试点", "做好商贸流通领域安全生产检查"]
    return {"table": "表1　2024年县域商业体系建设任务分解表", "header": ["序号", "任务", "牵头单位", "配合单位", "完成时限"],
            "rows": [[str(n + 1), task, ORGANS[(n * 5) % 12], "、".join(ORGANS[(n + k) % 12] for k in (1, 4)),
                      f"2024年{n % 6 + 6}月底前"] for n, task in enumerate(tasks)]}


def report(folder: Path) -> Path:
    body = ["今年以来，县商务局深入贯彻落实县域商业体系建设行动部署，围绕补齐农村商业设施短板、提升流通效率，"
            "统筹推进各项工作。现将有关情况报告如下。" * 2, task_table(),
            "各牵头单位要按照任务分解表明确的时限抓好落实，每季度末向县商务局报送进展情况。" * 3]
    return write_content(folder, issuer="青溪县商务局", mark="青溪县商务局文件", number="青商〔2024〕9号",
                         title="青溪县商务局关于2024年县域商业体系建设工作进展情况的报告",
                         recipients=["县人民政府"], body=body, cc=["县发展和改革局"], printer="青溪县商务局办公室",
                         print_date="2024年7月9日", date="2024年7月8日")


def statistics_table(rows: int = 12) -> dict:
    header = ["地区", "地区生产总值（亿元）", "增速", "规上工业增加值增速", "固定资产投资增速", "社会消费品零售总额（亿元）",
              "一般公共预算收入（万元）", "城镇居民人均可支配收入（元）"]
    return {"table": "表1　2024年上半年各乡镇主要经济指标", "header": header, "rows": [
        [town, f"{(n * 13) % 40 + 8}.{n % 10}{(n * 3) % 10}", f"{(n * 3) % 9 + 2}.{n % 10}%", f"{(n * 5) % 14 - 3}.{n % 10}%",
         f"{(n * 7) % 20 - 6}.{(n * 3) % 10}%", f"{(n * 11) % 25 + 3}.{n % 10}{n % 7}", f"{(n * 3571) % 90000 + 12000:,}",
         f"{(n * 977) % 9000 + 38000:,}"] for n, town in enumerate((TOWNS * 2)[:rows])]}


def statistics(folder: Path) -> Path:
    return write_content(folder, issuer="青溪县统计局", mark="青溪县统计局文件", number="青统〔2024〕4号",
                         title="青溪县统计局关于2024年上半年全县经济运行情况的报告", recipients=["县人民政府"],
                         body=["上半年，全县经济运行总体平稳、稳中有进。各乡镇主要指标如下。", statistics_table(),
                               "下半年，要继续抓好稳增长各项政策落实。"],
                         cc=["县发展和改革局"], printer="青溪县统计局办公室", print_date="2024年7月20日",
                         date="2024年7月19日")



def contacts_letter(folder: Path) -> Path:
    """A 函 from another bureau with an 8-column contacts table (organ names, people, titles,
    telephone numbers, dates) and a 7-column road list (place names, dates with 前): the kind of
    tables whose cells broke inside names and dates with equal or number-led column widths."""
    roads = {"table": "表1　2025年汛后水毁道路修复计划表", "header": [
        "乡镇（街道）", "道路名称", "起止桩号", "长度（公里）", "损毁情况", "修复等级", "计划完成时间"], "rows": [
        ["青龙镇", "柏树湾至鹰嘴岩村道", "K2+150—K6+700", "4.55", "路基冲毁无护坡", "重大", "11月20日前"],
        ["青龙镇", "沙坝至石笋溪乡道", "K0+000—K3+880", "3.88", "边坡塌方", "较大", "11月25日前"],
        ["桂花乡", "桂花环库公路", "K10+300—K15+020", "4.72", "挡墙垮塌", "重大", "11月18日前"],
        ["桂花乡", "枫木岭至茶园村道", "K1+060—K2+740", "1.68", "路面沉陷", "一般", "12月5日前"],
        ["白马街道", "马鞍山隧道连接线", "K4+500—K9+150", "4.65", "排水沟淤塞损毁", "较大", "12月10日前"]]}
    people = {"table": "表2　修复工作联络人员表", "header": [
        "序号", "单位", "工作职责", "联络员", "职务", "办公电话", "手机号码", "完成时限"], "rows": [
        ["1", "县交通运输局", "统筹调度修复项目和资金", "钟国庆", "科长", "0831-7712036", "13881727706", "12月30日"],
        ["2", "县公安局交通管理大队", "施工路段交通组织和安全管控", "覃雪梅", "副大队长", "0831-7718110",
         "13990917342", "12月20日"],
        ["3", "县自然资源和规划局", "地质灾害隐患点复核和监测预警", "司马文辉", "副局长", "0831-7725561",
         "18608318825", "12月15日"],
        ["4", "县应急管理局", "应急抢险物资和队伍调度", "蒲晓", "科长", "0831-7730098", "15183190217", "12月25日"],
        ["5", "各县（市、区）人民政府", "辖区道路巡查和群众宣传引导", "各县（市、区）交通运输局局长", "—", "—", "—",
         "12月30日"]]}
    return write_content(
        folder, format="信函", issuer="翠屏县交通运输局", mark="翠屏县交通运输局", number="翠交函〔2025〕61号",
        title="翠屏县交通运输局关于商请配合做好汛后水毁道路修复工作的函",
        recipients=["县公安局交通管理大队", "县自然资源和规划局", "县应急管理局", "各乡镇人民政府（街道办事处）"],
        body=["今年汛期，我县遭受多轮强降雨袭击，部分农村公路水毁严重。为尽快恢复群众正常出行，现将修复计划函告如下。",
              roads, "为加强协调配合，请各单位确定一名联络员，联络人员见表2。", people, "特此函商，请予支持。"],
        cc=["县人民政府办公室"], printer="翠屏县交通运输局办公室", print_date="2025年10月16日", date="2025年10月15日")


def leads_report(folder: Path) -> Path:
    """A 报告 whose task table names lead organs (long names, a joint one) and deadlines."""
    leads = ["县城乡供排水有限责任公司", "各乡镇人民政府", "县发展和改革局", "县卫生健康局", "县人力资源和社会保障局",
             "县财政局", "县自然资源和规划局", "县大数据发展中心", "黔川市生态环境局南溪分局", "县水利局"]
    tasks = ["城乡供水一体化工程通水运行", "乡镇污水处理设施提标改造", "农村饮水安全巩固提升",
             "饮用水水源地保护区规范化建设", "枯水期水质全覆盖检测", "村级管水员培训", "供水工程确权登记颁证",
             "智慧水务平台二期建设", "水源地环境问题排查整治", "小型水库除险加固"]
    table = {"table": "表1　2025年第四季度城乡供水重点任务分解表", "header": ["序号", "重点任务", "牵头单位", "投资（万元）", "完成时限"],
             "rows": [[str(n + 1), task, lead, f"{(n * 739) % 5000 + 40:,}", f"{11 + n % 2}月{(n * 7) % 28 + 1}日前"]
                      for n, (task, lead) in enumerate(zip(tasks, leads))]}
    return write_content(folder, issuer="南溪县人民政府", mark="南溪县人民政府文件", number="南府〔2025〕52号",
                         title="南溪县人民政府关于第四季度城乡供水保障工作的报告", recipients=["黔川市人民政府"],
                         body=["现将我县第四季度城乡供水保障重点任务报告如下。", table, "特此报告。"],
                         printer="南溪县人民政府办公室", print_date="2025年10月9日", date="2025年10月9日")


DOCUMENTS = {"letter": letter, "report": report, "statistics": statistics, "contacts": contacts_letter,
             "leads": leads_report}
