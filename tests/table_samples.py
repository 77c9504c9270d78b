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


DOCUMENTS = {"letter": letter, "report": report, "statistics": statistics}
