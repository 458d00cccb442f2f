"""The sample report: the 2022 report of 宁波市海曙区人民政府办公室, as published (FORMAT.md section 9).

The basis of the example workbook, of the test baseline and of generated
benchmark submissions.  Figures and prose are the published ones; page-break
artefacts of the published text are joined.
"""

from __future__ import annotations

from .format import CURRENT, ReportFormat
from .model import Metadata, Number, Values

_T3_COLUMNS = ("natural", "commercial", "research", "ngo", "legal", "other", "total")
# Table 三 as published, row by row in the column order above; rows not listed are all zero.
_T3: dict[str, tuple[int, ...]] = {
    "3.1": (37, 5, 0, 0, 0, 0, 42),
    "3.2": (1, 0, 0, 0, 0, 0, 1),
    "3.3.1": (13, 0, 0, 0, 0, 0, 13),
    "3.3.2": (7, 1, 0, 0, 0, 0, 8),
    "3.3.3.7": (1, 0, 0, 0, 0, 0, 1),
    "3.3.4.1": (12, 4, 0, 0, 0, 0, 16),
    "3.3.5.1": (1, 0, 0, 0, 0, 0, 1),
    "3.3.7": (34, 5, 0, 0, 0, 0, 39),
    "3.4": (4, 0, 0, 0, 0, 0, 4),
}
_T2: dict[tuple[str, str], Number] = {
    ("2.1.2", "issued"): 10,
    ("2.1.2", "in_force"): 102,
}
_T4_COLUMNS = ("upheld", "corrected", "other", "pending", "total")
_T4: dict[str, tuple[int, ...]] = {
    "4.1": (1, 0, 0, 1, 2),
    "4.2": (1, 0, 0, 0, 1),
}

PREAMBLE = (
    "本年度报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与政务公"
    "开办公室关于印发中华人民共和国政府信息公开工作年度报告格式的通知》（国办公开办函〔2021〕30号）"
    "相关要求编制而成。本年度报告所列数据统计期限从2022年1月1日至2022年12月31日。报告电子版"
    "可以通过海曙区人民政府门户网站下载（www.haishu.gov.cn）。"
)
S1 = (
    "2022年，海曙区政府办公室坚持以人民为中心深化政务公开，全面认真执行《条例》，以改革助公开、以公开"
    "促服务、以服务惠民众，不断提升政策发布、解读、回应质量，不断提高政府信息依申请公开办理实效，不断夯实"
    "政务公开工作基础。经验做法《宁波市海曙区三项举措持续提升基层政务公开质效》被浙江省作为基层政务公开标"
    "准化规范化典型案例录用。\n"
    "（一）主动公开情况。一是围绕“重大项目”推进政府信息公开。10个重大建设项目实现从批准服务、批准结果"
    "到施工、竣工等环节全生命周期公开，按月公开2022年度8个民生实事项目工作进展情况，助力重大项目透明"
    "、有序推进。二是围绕“疫情防控”推进政府信息公开。利用海曙发布、政府门户网站、政府信息公开平台“常态"
    "化疫情防控”专题等渠道发布疫苗接种、疫情防控举措、政策等信息 280 余条。三是围绕“决策预公开”推"
    "进政府信息公开。制定出台《海曙区人民政府 2022 年度重大行政决策事项目录》，强化重大行政决策事项"
    "意见征集，通过政府信息公开平台预公开重大决策草案 10 余件，100%公示意见采纳情况。\n"
    "（二）依申请公开情况。主动加强与申请人沟通，扎实推进依申请公开“闭环”办理，一年来，区本级收到政府信"
    "息公开申请 42 件，上年转结 1 件，办结 39 件，转下年度继续办理 4 件。\n"
    "（三）政府信息管理情况。一方面严格信息公开审查机制。制定出台《海曙区政府信息公开审查机制》，按照“谁"
    "公开、谁审查、谁负责”原则，强化政府信息公开发布审查，确保依法、及时、准确。另一方面强化任务分解落实"
    "。制定出台《2022 年海曙区政务公开工作任务分解》，围绕省、市工作要点，持续抓好落实，着力提升重点"
    "领域信息公开质量、提高政务公开服务水平。\n"
    "（四）平台建设情况。一是集约政府网站建设。进一步规范设置“政府信息公开”专栏，加快促进平台数据、服务"
    "、应用融合，优化栏目页面设置和检索功能，方便社会公众快速准确获取信息。二是推进政务公开专区建设。依托"
    "区行政服务中心建成 24 小时政务公开体验区，配置政务服务一体机、电脑、打印机等设备，为群众提供 2"
    "4 小时政务服务。同时，在村（社区）层面，共设有 275 个政务公开查阅点（村级政务公开专区）。三是"
    "强化政务新媒体管理。压实各运维单位主体责任，落实稿件“三审三校”制度，严防内容表述错误。督促各单位严"
    "格按照规定时限更新内容，经省政务新媒体管理平台评测，我区政务新媒体指数稳步上升。\n"
    "（五）监督保障情况。开展 2022 年全区政务公开工作培训班，加强全区政务公开队伍建设，提升政务公开"
    "工作质量和水平。深化联合监督机制，通过大数据、宣传网信等部门进行联合监管，进一步规范信息发布、栏目更"
    "新、网民留言办理。"
)
S5 = (
    "回顾一年来的政务公开工作，虽取得了一些成绩，但对照新时代政务公开工作面临的新形势、新任务、新要求和人"
    "民群众期盼，仍有一些不足：一是政府信息公开的质量有待提高；二是信息获取方式便民化有待提高；三是政务公"
    "开向基层延伸有待提高。\n"
    "针对上述问题，2023年将重点做好以下三方面：一是进一步提升政务公开质量水平。强化政府信息公开主阵地"
    "建设，不断提升各重点领域信息公开质量，提供高效匹配的政府信息。二是推进政务公开与政务服务深度融合。依"
    "托大数据治理平台定向精准推送政务服务信息，以“一件事”标准化为重点，推进政务服务与政务公开深度融合，"
    "进一步便民利民。三是推动政务公开向乡村（社区）延伸。围绕乡镇（街道）、村（社区）群众关心关注，推动基"
    "层小微权力行使、办事全过程等方面“一件事”集成公开，进一步加强政务公开查阅点（村级政务公开专区）建设"
    "。"
)
S6 = "信息收费情况：0。"


def haishu_2022(fmt: ReportFormat = CURRENT) -> Values:
    """The sample report as typed values."""
    numbers: dict[tuple[str, str, str], Number] = {}
    for table in fmt.tables:
        for row, column in table.cells():
            numbers[(table.id, row.code, column.code)] = 0
    for (row_code, column_code), value in _T2.items():
        numbers[("t2", row_code, column_code)] = value
    for row_code, row_values in _T3.items():
        for column_code, value in zip(_T3_COLUMNS, row_values, strict=True):
            numbers[("t3", row_code, column_code)] = value
    for row_code, row_values in _T4.items():
        for column_code, value in zip(_T4_COLUMNS, row_values, strict=True):
            numbers[("t4", row_code, column_code)] = value
    metadata = Metadata(
        org_name="宁波市海曙区人民政府办公室",
        year=2022,
        level="county",
        org_kind="office",
        region_code="330203",
        website="www.haishu.gov.cn",
    )
    return Values(metadata, numbers, {"preamble": PREAMBLE, "s1": S1, "s5": S5, "s6": S6})
