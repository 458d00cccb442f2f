"""The 2021 format (国办公开办函〔2021〕30号), declared once.

Every code, official label, cell kind, table layout and balance equation of
FORMAT.md sections 2, 3 and 5.2 is here and nowhere else.
"""

from __future__ import annotations

from .spec import (
    Axis,
    Choice,
    ColumnSpec,
    Equation,
    Kind,
    MetaField,
    ProseField,
    ReportFormat,
    RowSpec,
    TableSpec,
)

SECTIONS = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)

LEVELS = (
    Choice("national", "国务院部门", "State Council department"),
    Choice("provincial", "省级", "provincial"),
    Choice("municipal", "设区的市级", "municipal (city with districts)"),
    Choice("county", "县级", "county"),
    Choice("township", "乡镇（街道）级", "township (sub-district)"),
)

ORG_KINDS = (
    Choice("government", "人民政府", "people's government (government-wide report)"),
    Choice("office", "人民政府办公厅（室）", "general office of a government"),
    Choice("department", "政府部门", "government department"),
    Choice("dispatched", "派出机关/开发区管委会", "dispatched organ / development zone committee"),
    Choice("other", "其他", "other"),
)

METADATA = (
    MetaField("org_name", "机关名称", "name of the organ", Kind.TEXT, True, "填写全称，如：宁波市海曙区人民政府办公室"),
    MetaField("year", "报告年度", "report year", Kind.YEAR, True, "四位数字，如：2022"),
    MetaField("level", "机关层级", "level", Kind.CHOICE, True, "从下拉列表中选择", LEVELS),
    MetaField("org_kind", "机关类别", "kind of organ", Kind.CHOICE, True, "从下拉列表中选择", ORG_KINDS),
    MetaField("credit_code", "统一社会信用代码", "unified social credit code", Kind.CREDIT_CODE, False, "18位，选填"),
    MetaField("region_code", "行政区划代码", "administrative division code", Kind.REGION_CODE, False, "6位数字，选填"),
    MetaField("publish_date", "发布日期", "date of publication", Kind.DATE, False, "选填，如：2023-01-20"),
    MetaField("website", "报告发布网址", "where the report is published", Kind.URL, False, "选填"),
)

_ART20_1 = "第二十条第（一）项"
_ART20_5 = "第二十条第（五）项"
_ART20_6 = "第二十条第（六）项"
_ART20_8 = "第二十条第（八）项"
_DOCS = ("issued", "repealed", "in_force")

TABLE_2 = TableSpec(
    id="t2",
    number="二",
    title=SECTIONS[1],
    title_en="II. Information disclosed on the organ's own initiative",
    sheet="主动公开",
    corner="信息内容",
    sectioned=True,
    columns=(
        ColumnSpec("issued", "本年制发件数", "issued this year"),
        ColumnSpec("repealed", "本年废止件数", "repealed this year"),
        ColumnSpec("in_force", "现行有效件数", "in force"),
        ColumnSpec("decisions", "本年处理决定数量", "decisions this year"),
        ColumnSpec("amount", "本年收费金额（单位：万元）", "fees charged this year (10,000 yuan)", Kind.AMOUNT),
    ),
    rows=(
        RowSpec("2.1.1", "规章", "rules (规章)", (_ART20_1,), _DOCS),
        RowSpec("2.1.2", "行政规范性文件", "normative documents", (_ART20_1,), _DOCS),
        RowSpec("2.5.1", "行政许可", "administrative licensing", (_ART20_5,), ("decisions",)),
        RowSpec("2.6.1", "行政处罚", "administrative penalties", (_ART20_6,), ("decisions",)),
        RowSpec("2.6.2", "行政强制", "administrative coercion", (_ART20_6,), ("decisions",)),
        RowSpec("2.8.1", "行政事业性收费", "administrative fees", (_ART20_8,), ("amount",)),
    ),
)

_RESULTS = "三、本年度办理结果"
_WITHHELD = "（三）不予公开"
_UNABLE = "（四）无法提供"
_NOT_HANDLED = "（五）不予处理"
_OTHER = "（六）其他处理"

TABLE_3 = TableSpec(
    id="t3",
    number="三",
    title=SECTIONS[2],
    title_en="III. Requests received and handled",
    sheet="依申请公开",
    header="申请人情况",
    corner="（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
    columns=(
        ColumnSpec("natural", "自然人", "natural persons"),
        ColumnSpec("commercial", "商业企业", "commercial enterprises", group="法人或其他组织"),
        ColumnSpec("research", "科研机构", "research institutions", group="法人或其他组织"),
        ColumnSpec("ngo", "社会公益组织", "public-interest organisations", group="法人或其他组织"),
        ColumnSpec("legal", "法律服务机构", "legal service organisations", group="法人或其他组织"),
        ColumnSpec("other", "其他", "other organisations", group="法人或其他组织"),
        ColumnSpec("total", "总计", "total"),
    ),
    rows=(
        RowSpec("3.1", "一、本年新收政府信息公开申请数量", "I. new requests this year"),
        RowSpec("3.2", "二、上年结转政府信息公开申请数量", "II. carried over from last year"),
        RowSpec("3.3.1", "（一）予以公开", "(1) disclosed", (_RESULTS,)),
        RowSpec(
            "3.3.2",
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            "(2) partly disclosed",
            (_RESULTS,),
        ),
        RowSpec("3.3.3.1", "1.属于国家秘密", "(3) withheld: 1. state secret", (_RESULTS, _WITHHELD)),
        RowSpec(
            "3.3.3.2",
            "2.其他法律行政法规禁止公开",
            "(3) withheld: 2. barred by other laws",
            (_RESULTS, _WITHHELD),
        ),
        RowSpec(
            "3.3.3.3",
            "3.危及“三安全一稳定”",
            "(3) withheld: 3. endangers security or stability",
            (_RESULTS, _WITHHELD),
        ),
        RowSpec(
            "3.3.3.4",
            "4.保护第三方合法权益",
            "(3) withheld: 4. third-party rights",
            (_RESULTS, _WITHHELD),
        ),
        RowSpec(
            "3.3.3.5",
            "5.属于三类内部事务信息",
            "(3) withheld: 5. internal affairs",
            (_RESULTS, _WITHHELD),
        ),
        RowSpec(
            "3.3.3.6",
            "6.属于四类过程性信息",
            "(3) withheld: 6. process information",
            (_RESULTS, _WITHHELD),
        ),
        RowSpec(
            "3.3.3.7",
            "7.属于行政执法案卷",
            "(3) withheld: 7. enforcement case files",
            (_RESULTS, _WITHHELD),
        ),
        RowSpec(
            "3.3.3.8",
            "8.属于行政查询事项",
            "(3) withheld: 8. administrative enquiry matters",
            (_RESULTS, _WITHHELD),
        ),
        RowSpec(
            "3.3.4.1",
            "1.本机关不掌握相关政府信息",
            "(4) unable: 1. not held by this organ",
            (_RESULTS, _UNABLE),
        ),
        RowSpec(
            "3.3.4.2",
            "2.没有现成信息需要另行制作",
            "(4) unable: 2. would need to be created",
            (_RESULTS, _UNABLE),
        ),
        RowSpec(
            "3.3.4.3",
            "3.补正后申请内容仍不明确",
            "(4) unable: 3. still unclear after amendment",
            (_RESULTS, _UNABLE),
        ),
        RowSpec(
            "3.3.5.1",
            "1.信访举报投诉类申请",
            "(5) not handled: 1. petitions and complaints",
            (_RESULTS, _NOT_HANDLED),
        ),
        RowSpec("3.3.5.2", "2.重复申请", "(5) not handled: 2. repeated request", (_RESULTS, _NOT_HANDLED)),
        RowSpec(
            "3.3.5.3",
            "3.要求提供公开出版物",
            "(5) not handled: 3. published material",
            (_RESULTS, _NOT_HANDLED),
        ),
        RowSpec(
            "3.3.5.4",
            "4.无正当理由大量反复申请",
            "(5) not handled: 4. mass repeated requests",
            (_RESULTS, _NOT_HANDLED),
        ),
        RowSpec(
            "3.3.5.5",
            "5.要求行政机关确认或重新出具已获取信息",
            "(5) not handled: 5. confirm or reissue information held",
            (_RESULTS, _NOT_HANDLED),
        ),
        RowSpec(
            "3.3.6.1",
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            "(6) other: 1. applicant did not amend in time",
            (_RESULTS, _OTHER),
        ),
        RowSpec(
            "3.3.6.2",
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            "(6) other: 2. applicant did not pay the fee in time",
            (_RESULTS, _OTHER),
        ),
        RowSpec("3.3.6.3", "3.其他", "(6) other: 3. other", (_RESULTS, _OTHER)),
        RowSpec("3.3.7", "（七）总计", "(7) total handled", (_RESULTS,)),
        RowSpec("3.4", "四、结转下年度继续办理", "IV. carried over to next year"),
    ),
)

TABLE_4 = TableSpec(
    id="t4",
    number="四",
    title=SECTIONS[3],
    title_en="IV. Administrative reconsideration and litigation",
    sheet="复议诉讼",
    printed_as_one_row=True,
    columns=(
        ColumnSpec("upheld", "结果维持", "upheld"),
        ColumnSpec("corrected", "结果纠正", "corrected"),
        ColumnSpec("other", "其他结果", "other result"),
        ColumnSpec("pending", "尚未审结", "pending"),
        ColumnSpec("total", "总计", "total"),
    ),
    rows=(
        RowSpec("4.1", "行政复议", "administrative reconsideration"),
        RowSpec("4.2", "未经复议直接起诉", "litigation without reconsideration", ("行政诉讼",)),
        RowSpec("4.3", "复议后起诉", "litigation after reconsideration", ("行政诉讼",)),
    ),
)

_T3_RESULTS = tuple(row.code for row in TABLE_3.rows if row.code.startswith("3.3.") and row.code != "3.3.7")


def _sum_of_columns(table: TableSpec) -> tuple[str, ...]:
    return tuple(code for code in table.column_codes if code != "total")


EQUATIONS = (
    Equation(
        code="B1",
        table="t3",
        terms=Axis.ROWS,
        total=("3.3.7", "3.4"),
        parts=("3.1", "3.2"),
        summary="表三每一列：一（本年新收）＋二（上年结转）＝三（七）总计＋四（结转下年度）",
        summary_en="Table III, every column: new + carried over = total handled + carried forward",
        rationale="表头注明的勾稽关系：第一项加第二项之和，等于第三项加第四项之和。",
        rationale_en="The balance printed on the form: items one and two add up to items three and four.",
    ),
    Equation(
        code="B2",
        table="t3",
        terms=Axis.ROWS,
        total=("3.3.7",),
        parts=_T3_RESULTS,
        summary="表三每一列：（七）总计＝（一）至（六）各项之和",
        summary_en="Table III, every column: (7) total = sum of the results (1) to (6)",
        rationale="（七）总计是各办理结果之和；总计填错而 B1 仍成立的报告并不少见，两者都要查。",
        rationale_en="The total handled is the sum of the results; a wrong total can still satisfy B1.",
    ),
    Equation(
        code="B3",
        table="t3",
        terms=Axis.COLUMNS,
        total=("total",),
        parts=_sum_of_columns(TABLE_3),
        summary="表三每一行：总计＝自然人＋五类法人或其他组织之和",
        summary_en="Table III, every row: total = natural persons + the five kinds of organisation",
        rationale="总计列是各类申请人之和；表中没有“法人或其他组织”小计列。",
        rationale_en="The total column is the sum of the applicant columns; the form has no subtotal column.",
    ),
    Equation(
        code="B4",
        table="t4",
        terms=Axis.COLUMNS,
        total=("total",),
        parts=_sum_of_columns(TABLE_4),
        summary="表四每一组：总计＝结果维持＋结果纠正＋其他结果＋尚未审结",
        summary_en="Table IV, every group: total = upheld + corrected + other + pending",
        rationale="复议和诉讼的总计是四种结果之和。",
        rationale_en="Each total is the sum of the four outcomes.",
    ),
)

PROSE = (
    ProseField("preamble", "前言", "preamble", "选填；留空时由 report-check 按基本信息生成惯用的开头段落"),
    ProseField("s1", SECTIONS[0], "I. Overview", "分段填写；以（一）……（五）开头的段落作为二级标题"),
    ProseField("s5", SECTIONS[4], "V. Main problems and improvements"),
    ProseField("s6", SECTIONS[5], "VI. Other matters", "应说明信息处理费收取情况，如：本年度未收取信息处理费"),
)

FORMAT_2021 = ReportFormat(
    version="2021",
    basis="国办公开办函〔2021〕30号",
    sections=SECTIONS,
    metadata=METADATA,
    tables=(TABLE_2, TABLE_3, TABLE_4),
    equations=EQUATIONS,
    prose=PROSE,
    # FORMAT.md section 7: variants seen in real reports, read as the official words.
    label_variants=(
        ("本年新收到", "本年新收"),
        ("上年转结", "上年结转"),
        ("转结下年度", "结转下年度"),
        ("行政法复议", "行政复议"),
        ("政府信息公开工作存在的主要问题", "存在的主要问题"),
    ),
    earlier_format_marks=(
        "本年新制作数量",
        "本年新公开数量",
        "对外公开总数量",
        "上一年项目数量",
        "本年增/减",
        "其他对外管理服务事项",
        "政府集中采购",
        "采购项目数量",
        "采购总金额",
    ),
)
