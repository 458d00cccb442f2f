"""Every rule, once: code, severity, summary, rationale and message, in Chinese and English.

Codes are stable and never reused.  Families: S structure, C codes, V cell
values, B balance (generated from the format's equations), W plausibility,
X across reports or against prose.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ..format import CURRENT, ReportFormat


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    summary: str
    summary_en: str
    rationale: str
    rationale_en: str
    # The message body after "where (what)："; {placeholders} come from the finding's params.
    message: str
    message_en: str

    @property
    def family(self) -> str:
        return self.code[0]

    def text(self, lang: str) -> tuple[str, str, str]:
        """(summary, rationale, message template) in ``lang``."""
        if lang == "en":
            return self.summary_en, self.rationale_en, self.message_en
        return self.summary, self.rationale, self.message


E, W = Severity.ERROR, Severity.WARNING

_STATIC: tuple[Rule, ...] = (
    # --- S: structure ------------------------------------------------------------------
    Rule(
        "S01",
        E,
        "文件无法作为 Excel 工作簿（.xlsx）打开",
        "The file cannot be opened as an Excel workbook (.xlsx)",
        "只有 .xlsx 工作簿能按代码读取；旧版 .xls、WPS .et、加密或损坏的文件须先另存为 .xlsx。",
        "Only .xlsx workbooks can be read by codes; save other files as .xlsx first.",
        "无法打开“{file}”：{detail}",
        "'{file}' cannot be opened: {detail}",
    ),
    Rule(
        "S02",
        E,
        "不是年度报告模板：找不到任何代码",
        "Not a report workbook: no codes found",
        "report-check 按 A 列的代码读取数据；没有代码的工作簿无法可靠读取。",
        "report-check reads cells by the codes in column A; a workbook without them cannot be read reliably.",
        "“{file}”：{detail}",
        "'{file}': {detail}",
    ),
    Rule(
        "S03",
        E,
        "缺少一张统计表",
        "A statistical table is missing",
        "找不到一张表的任何行代码时，只报告一次，不再逐项报告其代码和勾稽关系。",
        "When none of a table's row codes is found, that is reported once instead of once per code.",
        "找不到{table}（{title}）：没有哪个工作表的 A 列含有这张表的行代码。"
        "请从模板复制“{sheet}”工作表，或恢复被删除的行代码。",
        "{table} ({title}) was not found: no sheet has its row codes in column A. "
        "Copy the sheet '{sheet}' from the template, or restore the deleted row codes.",
    ),
    Rule(
        "S04",
        E,
        "统计表缺少“栏目代码”行",
        "A table has no column-code row",
        "各列由“栏目代码”行中的代码确定；没有这一行就无法知道哪一列是什么。",
        "Columns are found by the codes in the 栏目代码 row; without it no column can be identified.",
        "找不到{table}的“栏目代码”行（A 列为“栏目代码”、其右各列为列代码的那一行）。请从模板中恢复这一行。",
        "the column-code row of {table} (the row with 栏目代码 in column A) is missing. Restore it from the template.",
    ),
    Rule(
        "S05",
        E,
        "使用了 2019 年试行格式的栏目",
        "Uses items of the earlier (2019) format",
        "2021 年及以后的年度报告须使用国办公开办函〔2021〕30号的格式。",
        "Reports for 2021 onwards must use the format of 国办公开办函〔2021〕30号.",
        "“{actual}”是 2019 年试行格式（国办公开办函〔2019〕60号）的栏目，2021 年及以后的年度报告不再使用。"
        "请改用 2021 年格式的模板填写。",
        "'{actual}' belongs to the earlier 2019 format, which reports for 2021 onwards no longer use. "
        "Fill in the 2021 template instead.",
    ),
    Rule(
        "S06",
        W,
        "填有数据的工作表被隐藏",
        "A sheet with data is hidden",
        "隐藏的工作表中的数据照样读取，但审核的人在 Excel 中看不到它，容易漏看或误以为没填。",
        "Data on a hidden sheet is read all the same, but whoever reviews the workbook in Excel does not see it.",
        "工作表“{actual}”是隐藏的，其中的数据已按代码读取。请确认这是要报送的表格，并取消隐藏。",
        "the sheet '{actual}' is hidden; its data was read by codes. Make sure it is the table to submit, and "
        "unhide it.",
    ),
    # --- C: codes ----------------------------------------------------------------------
    Rule(
        "S07",
        W,
        "同一张表有两份",
        "A table's sheet is there twice",
        "复制工作表（保留一份草稿）后，同一张表的代码出现在两个工作表里；只读取其中一份，另一份应当删除。"
        "两份内容不同时不能确定哪一份是要报送的，是错误。",
        "A copied sheet (a draft kept) holds the same table's codes again; one is read and the other should go. "
        "When the two differ it cannot be told which one is meant: an error.",
        "工作表“{actual}”是“{expected}”的副本（同一张表的代码又出现了一遍）{detail}。请删除不用的那一份。",
        "the sheet '{actual}' is a copy of '{expected}' (the same table's codes again){detail}. Delete the one "
        "not meant to be sent.",
    ),
    Rule(
        "C01",
        E,
        "缺少代码",
        "A code is missing",
        "每个代码都必须出现一次，否则对应的数据无法读取。",
        "Every code must be present once, or its data cannot be read.",
        "找不到{axis}代码 {code}，这一{axis}的数据无法读取。"
        "请从模板中恢复这一{axis}（A 列或“栏目代码”行中的代码不要删除或修改）。",
        "{axis} code {code} is missing, so its data cannot be read. Restore the {axis} from the template "
        "(do not delete or edit the codes in column A or in the 栏目代码 row).",
    ),
    Rule(
        "C02",
        E,
        "代码重复",
        "A code appears more than once",
        "同一代码出现多次时无法确定哪一处是要报告的数据。",
        "When a code appears twice it is not known which of its cells holds the data.",
        "代码 {code} 出现了 {actual} 次（{cells}），只能出现一次。请删除多余的{axis}，或改正其代码。",
        "code {code} appears {actual} times ({cells}); it must appear once. "
        "Delete the extra {axis} or correct its code.",
    ),
    Rule(
        "C03",
        E,
        "未知代码",
        "Unknown code",
        "格式中没有的代码说明行或列被改动或新增，这些数据不会被读取。",
        "A code the format does not have means a row or column was edited or added; its data is not read.",
        "“{code}”不是 2021 年格式中的{axis}代码，这一{axis}的数据不会被读取。请改回模板中的代码，或删除这一{axis}。",
        "'{code}' is not a {axis} code of the 2021 format, so its data is not read. "
        "Restore the template's code or delete the {axis}.",
    ),
    Rule(
        "C04",
        E,
        "代码放错了位置",
        "A code stands in the wrong table",
        "行代码只能出现在它所属的表中。",
        "A row code may only stand in its own table.",
        "代码 {code} 属于{expected}，不应出现在这里（{actual}）。请把这一行移回{expected}。",
        "code {code} belongs to {expected} and may not stand here ({actual}). Move the row back.",
    ),
    Rule(
        "C05",
        E,
        "名称与代码不符",
        "Label does not match its code",
        "代码与名称对不上时，数据很可能填在了错误的行或列。名称按全半角、空格、序号和常见写法规范后比较。",
        "When label and code disagree the data was probably entered in the wrong row or column. "
        "Labels are compared after normalising width, spaces, numbering and known variants.",
        "代码 {code} 应为“{expected}”，但这里的名称是“{actual}”，数据可能填错了位置。请核对后改正代码或名称。",
        "code {code} should be '{expected}' but the label here is '{actual}': the data may be in the wrong "
        "place. Check it and correct the code or the label.",
    ),
    # --- V: cell values ----------------------------------------------------------------
    Rule(
        "C06",
        E,
        "填有数字的行没有代码",
        "A row with numbers has no code",
        "在表格中间插入的行没有代码，report-check 不读它，但模板的合计公式把它算了进去，合计就对不上。",
        "A row inserted inside a table has no code, so it is not read, but the template's totals count it.",
        "第 {detail} 行（“{actual}”）填有数字 {expected}，但 A 列没有代码；合计公式把它算在内，而 report-check 不读它。"
        "请把这些数字填到对应代码的行里，然后删除这一行。",
        "row {detail} ('{actual}') holds the numbers {expected} but has no code in column A; the totals count it, "
        "report-check does not read it. Move the numbers to the row with the right code and delete this row.",
    ),
    Rule(
        "S08",
        E,
        "找不到一张统计表（按官方栏目）",
        "A statistical table is not found (by its official labels)",
        "没有代码的报告（公开的文本、网页、Word 文件或自编表格）按官方栏目名称识别各表；找不到的表无法核对。",
        "A report without codes (a published text, page, Word file or own spreadsheet) is read by the official "
        "labels; a table not found cannot be checked.",
        "找不到{table}（{title}）：没有哪一行的栏目名称是这张表的。请确认报告中有这张表，且栏目名称与官方格式一致。",
        "{table} ({title}) was not found: no row bears its official labels. Make sure the report has the table, "
        "with the official wording.",
    ),
    Rule(
        "S09",
        W,
        "报告中找不到机关名称或年度",
        "The report does not state its organ or year",
        "公开的报告和自编表格没有“基本信息”，机关名称和年度从标题读出；读不出时，批量检查无法按单位和年度核对它。",
        "A published report or an own layout has no 基本信息: the organ and year are read from its title; "
        "without them a batch cannot tell its unit or year.",
        "没有从报告的标题中读出{detail}。请确认标题写明“×××{expected}年政府信息公开工作年度报告”。",
        "the report's title gives no {detail}. Make sure the title reads '<organ> <year>年政府信息公开工作年度报告'.",
    ),
    Rule(
        "C07",
        E,
        "找不到一行（按官方栏目）",
        "A row is not found (by its official label)",
        "按栏目名称读取时，表中缺少的一行无法核对，它所在的勾稽关系也无从计算。",
        "Read by labels, a row that is not found cannot be checked, nor the equations it is part of.",
        "{table}中找不到“{actual}”这一行（或它的栏目名称与官方格式不同，或它没有数字）。请按官方格式补上这一行。",
        "{table} has no row '{actual}' (or its label differs from the official one, or it has no numbers). Add "
        "the row as the format has it.",
    ),
    Rule(
        "C08",
        E,
        "一行的数字无法对应到栏目",
        "A row's numbers cannot be placed in its columns",
        "一行的数字个数与这一行的栏目数不同、表头又不在它们上方时，无法确定哪个数字属于哪一栏，不能猜。",
        "When a row has another number of values than columns, and no header stands above them, it cannot be "
        "told which value is which column: no guess is made.",
        "“{actual}”这一行有 {detail} 个数字（{expected}），而这一行应有 {count} 栏，无法确定各数字属于哪一栏。"
        "请按官方格式每栏填一个数字（没有的填 0）。",
        "the row '{actual}' has {detail} values ({expected}) where it has {count} columns; which value is which "
        "column cannot be told. Write one number in each column (0 for none).",
    ),
    Rule(
        "V01",
        E,
        "单元格为空",
        "Blank cell",
        "按官方做法，没有发生的事项填 0；空白无法与漏填区分。使用 --blank-as-zero 时空白按 0 计算并降为警告。",
        "The official practice is to write 0; a blank cannot be told from a cell left out. "
        "With --blank-as-zero, blanks count as 0 and this is a warning.",
        "单元格为空。{hint}",
        "the cell is blank. {hint}",
    ),
    Rule(
        "V02",
        E,
        "不是数字",
        "Not a number",
        "统计单元格只能填写阿拉伯数字。",
        "Table cells hold numbers only.",
        "“{actual}”不是数字。{hint}",
        "'{actual}' is not a number. {hint}",
    ),
    Rule(
        "V03",
        E,
        "负数",
        "Negative number",
        "件数和金额不能为负。",
        "Counts and amounts cannot be negative.",
        "“{actual}”是负数，这里只能填 0 或正数。",
        "'{actual}' is negative; write 0 or a positive number.",
    ),
    Rule(
        "V04",
        E,
        "件数不是整数",
        "Count is not a whole number",
        "件数只能是整数。",
        "Counts are whole numbers.",
        "“{actual}”不是整数，件数请填写整数。",
        "'{actual}' is not a whole number; counts are whole numbers.",
    ),
    Rule(
        "V05",
        W,
        "数字写法不规范（全角、空格或单位）",
        "Number written with full-width digits, spaces or a unit",
        "全角数字、空格和“件”“项”等单位可以识别，但其他程序未必能读，应只填数字。",
        "Full-width digits, spaces and units are read, but other programs may not; write the number alone.",
        "“{actual}”按 {value} 读取。请只填写半角阿拉伯数字：{value}。",
        "'{actual}' was read as {value}. Write the number alone: {value}.",
    ),
    Rule(
        "V06",
        W,
        "金额超过 4 位小数",
        "Amount has more than 4 decimal places",
        "金额单位为万元，4 位小数即精确到 1 元。",
        "The amount is in 万元 (10,000 yuan); 4 decimal places is one yuan.",
        "金额 {actual} 万元有 {detail} 位小数，超过 1 元的精度。请四舍五入到 4 位小数。",
        "the amount {actual} has {detail} decimal places, finer than one yuan. Round it to 4 places.",
    ),
    Rule(
        "V07",
        W,
        "金额过大，可能按“元”填写",
        "Amount very large: probably entered in yuan",
        "金额单位为万元；100 万万元（100 亿元）以上多半是按元填写的。",
        "The unit is 万元; 10^6 万元 (10 billion yuan) or more was probably entered in yuan.",
        "金额 {actual} 万元即 {detail} 元，可能误按“元”填写。单位是万元，请核对。",
        "the amount {actual} 万元 is {detail} yuan; it was probably entered in yuan. The unit is 万元.",
    ),
    Rule(
        "V08",
        W,
        "公式没有保存计算结果，已重新计算",
        "Formula saved without its value; recomputed",
        "不计算公式的程序保存的文件中，公式没有数值；report-check 按公式计算，结果可能与 Excel 不同。",
        "Programs that do not calculate save formulas without values; report-check computes them itself.",
        "本表有 {count} 个公式没有保存计算结果（{detail}），已由 report-check 按公式计算。"
        "文件可能由不计算公式的程序保存，请用 Excel 或 WPS 打开并保存一次。",
        "{count} formulas on this sheet were saved without values ({detail}) and were computed by "
        "report-check. Open and save the file once in Excel or WPS.",
    ),
    Rule(
        "V09",
        E,
        "得不到数值（Excel 错误值或无法计算的公式）",
        "No value (an Excel error or a formula that cannot be computed)",
        "错误值和无法计算的公式没有数值可查。",
        "Error values and formulas that cannot be computed have no value to check.",
        "得不到数值：{detail}。请改为填写数字。",
        "no value: {detail}. Write the number instead.",
    ),
    Rule(
        "V10",
        E,
        "必填的基本信息为空",
        "Required information is blank",
        "机关名称、报告年度、机关层级和机关类别是检查和生成报告所必需的。",
        "Name, year, level and kind of organ are needed to check and to write the report.",
        "必填项为空。{hint}",
        "this field is required. {hint}",
    ),
    Rule(
        "V11",
        E,
        "报告年度无效",
        "Invalid report year",
        "2021 年格式适用于 2021 年及以后的报告，年度不能晚于今年。",
        "The 2021 format governs reports for 2021 onwards; the year cannot be in the future.",
        "“{actual}”不是有效的报告年度：应为 2021 至 {expected} 之间的四位年份。{hint}",
        "'{actual}' is not a valid report year: write a year from 2021 to {expected}. {hint}",
    ),
    Rule(
        "V12",
        E,
        "不在可选列表中",
        "Not one of the allowed values",
        "机关层级和机关类别决定适用的期限和合理性检查，只能取列表中的值。",
        "Level and kind of organ decide deadlines and plausibility checks; only listed values are allowed.",
        "“{actual}”不是可选值。请从下拉列表中选择：{expected}。",
        "'{actual}' is not allowed. Choose one of: {expected}.",
    ),
    Rule(
        "V13",
        E,
        "统一社会信用代码无效",
        "Invalid unified social credit code",
        "统一社会信用代码为 18 位，最后一位是 GB 32100-2015 规定的校验码。",
        "The code has 18 characters; the last is the check character of GB 32100-2015.",
        "统一社会信用代码“{actual}”无效：{detail}。请按单位证书核对。",
        "the credit code '{actual}' is invalid: {detail}. Check it against the certificate.",
    ),
    Rule(
        "V14",
        E,
        "行政区划代码无效",
        "Invalid administrative division code",
        "行政区划代码为 GB/T 2260 规定的 6 位数字。",
        "The division code is 6 digits (GB/T 2260).",
        "行政区划代码“{actual}”无效：应为 6 位数字，如 330203。",
        "the division code '{actual}' is invalid: write 6 digits, e.g. 330203.",
    ),
    Rule(
        "V15",
        E,
        "发布日期无法识别",
        "Date not recognised",
        "日期可以是 Excel 日期，或 2023-01-20、2023年1月20日 这样的文字。",
        "A date is an Excel date or text such as 2023-01-20 or 2023年1月20日.",
        "“{actual}”不是日期。请写成 2023-01-20 或 2023年1月20日。",
        "'{actual}' is not a date. Write it as 2023-01-20.",
    ),
    # --- W: plausibility -----------------------------------------------------------------
    Rule(
        "V16",
        W,
        "文字中有控制字符",
        "Text holds control characters",
        "从其他系统复制的文字可能带有不可见的控制字符；Word 和 Excel 文件无法保存它们，生成报告时会被删除。",
        "Text pasted from other systems can carry invisible control characters, which Office files cannot "
        "hold; they are removed from the outputs.",
        "文字中有 {detail} 个不可见的控制字符（多半是从其他系统复制时带入的），"
        "生成的文件中会删除它们。请检查这段文字。",
        "the text holds {detail} invisible control characters (probably pasted from another system); they are "
        "removed from the outputs. Please check the text.",
    ),
    Rule(
        "V17",
        E,
        "件数大得不合理",
        "Count implausibly large",
        "十亿件以上的件数不可能是真实的统计，多半是误填（如粘贴了身份证号或金额）。",
        "A count of a billion or more cannot be real: usually a pasted ID number or amount.",
        "“{actual}”作为件数大得不合理（10 亿以上）。请核对后重新填写。",
        "'{actual}' is implausibly large for a count (a billion or more). Please check it.",
    ),
    Rule(
        "V18",
        W,
        "数字存成了文本",
        "Number stored as text",
        "WPS 和 Excel 的“文本型数字”（先设成文本格式再输入，或输入时前面带 ' ）看起来是数，但合计公式不计入它："
        "合计少算，表格就不平衡。它使合计算错时是错误，并说明少算在哪里；这时由它引起的勾稽关系错误不再另报。",
        "A number typed into a text-formatted cell (or after a ') looks like a number, but SUM leaves it out, so "
        "the totals come out short. It is an error when it made a total wrong, and says which; the balance "
        "errors it caused are then not reported separately.",
        "“{actual}”是文本格式的数字，Excel 的合计公式不计入它{detail}。请把单元格格式改为“数值”后重新输入"
        "（或点单元格旁的提示，选“转换为数字”）。",
        "'{actual}' is a number stored as text, which Excel's SUM leaves out{detail}. Format the cell as a "
        "number and type it again (or use the cell's warning: Convert to Number).",
    ),
    Rule(
        "V19",
        E,
        "“一、总体情况”为空",
        "Section I (overall situation) is empty",
        "《条例》第五十条要求年度报告说明政府信息公开工作的总体情况；只填了基本信息的模板不能算作年度报告。",
        "The report must state the overall situation of the year's work; a template with only its basic "
        "information filled is not a report.",
        "“一、总体情况”为空。请在“正文”工作表中写明本年度政府信息公开工作的总体情况（主动公开、依申请公开、"
        "政府信息管理、平台建设、监督保障等）。",
        "section I (overall situation) is empty. Write the year's overall situation (proactive disclosure, "
        "requests, information management, platforms, oversight) in the text sheet.",
    ),
    Rule(
        "W01",
        W,
        "现行有效件数小于本年制发件数",
        "Fewer documents in force than issued this year",
        "本年制发且仍然有效的文件计入现行有效件数，所以现行有效件数通常不小于本年制发件数。",
        "Documents issued this year and still in force are counted as in force.",
        "现行有效件数 {actual} 小于本年制发件数 {expected}。本年制发的文件应计入现行有效件数，请核对。",
        "{actual} in force is fewer than {expected} issued this year. Documents issued this year "
        "count as in force; please check.",
    ),
    Rule(
        "W02",
        W,
        "县级、乡镇级机关填报了规章",
        "Rules (规章) reported by a county or township organ",
        "县级和乡镇级机关没有规章制定权，所填多半应属“行政规范性文件”。",
        "County and township organs cannot make 规章; the figure probably belongs to normative documents.",
        "规章填了 {actual}，但机关层级是“{expected}”：县级、乡镇级机关无权制定规章。"
        "请核对是否应填在“行政规范性文件”一行。",
        "{actual} rules (规章) reported, but the level is '{expected}', which cannot make them. "
        "Check whether they belong to normative documents.",
    ),
    Rule(
        "W03",
        W,
        "发布日期晚于法定期限",
        "Published after the legal deadline",
        "《条例》第四十九条：政府部门于次年 1 月 31 日前、县级以上地方人民政府于次年 3 月 31 日前公布年度报告。",
        "Article 49: departments publish by 31 January of the following year, governments by 31 March.",
        "发布日期 {actual} 晚于《条例》第四十九条规定的期限 {expected}。",
        "the report was published on {actual}, after the deadline of {expected} (Article 49).",
    ),
    Rule(
        "W04",
        W,
        "“存在的主要问题及改进情况”为空",
        "Section V is empty",
        "第五部分应如实说明存在的问题和改进措施，空白或只写“无”不符合要求。",
        "Section V must state the problems found and what is done about them.",
        "“五、存在的主要问题及改进情况”{detail}。请如实说明存在的问题和改进情况。",
        "section V {detail}. State the main problems and the improvements made.",
    ),
    Rule(
        "W05",
        W,
        "没有说明信息处理费",
        "Information processing fees not mentioned",
        "第六部分应说明按《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）收取信息处理费的情况，"
        "未收取的也要写明；表二中的“行政事业性收费”是另一回事。",
        "Section VI states the information processing fees charged under 国办函〔2020〕109号, even when none "
        "were; the administrative fees of table II are a different thing.",
        "“六、其他需要报告的事项”没有提到信息处理费。请写明本年度收取信息处理费的情况，"
        "未收取的写“本年度未收取信息处理费”。",
        "section VI does not mention information processing fees (信息处理费). State them, or write "
        "本年度未收取信息处理费 if none were charged.",
    ),
    Rule(
        "W06",
        W,
        "复议后起诉多于行政复议",
        "More suits after reconsideration than reconsiderations",
        "复议后起诉的案件先经过行政复议；跨年度时可能多于本年复议数，仅作提示。",
        "Suits after reconsideration went through reconsideration first; across years this can happen.",
        "复议后起诉总计 {actual} 件，多于行政复议总计 {expected} 件。跨年度的案件可能如此，请核对。",
        "{actual} suits after reconsideration but {expected} reconsiderations; possible across years, please check.",
    ),
    Rule(
        "W07",
        W,
        "统一社会信用代码不以 11 开头",
        "Credit code does not start with 11",
        "机关的统一社会信用代码通常以 11（机关）开头。",
        "The credit codes of organs of state normally start with 11.",
        "统一社会信用代码“{actual}”不以 11 开头；行政机关的代码通常以 11 开头，请核对。",
        "the credit code '{actual}' does not start with 11, as organs' codes normally do; please check.",
    ),
    Rule(
        "W08",
        W,
        "三张统计表全部为 0",
        "All three tables are zero",
        "模板的输入格预填 0；表二、表三、表四全部仍为 0，多半是还没有填写数字。",
        "The template's inputs start at 0; all of tables II, III and IV still at 0 usually means the figures "
        "have not been filled in yet.",
        "表二、表三、表四的数字全部为 0，像是模板预填的 0 都还没有改动。请填写本年度的实际数字；如确实全部为 0，"
        "请在正文中说明。",
        "every figure of tables II, III and IV is 0, as the template starts: fill in the year's figures, or "
        "say in the text that there were none.",
    ),
    # --- X: across reports (batch) -------------------------------------------------------------
    Rule(
        "X01",
        W,
        "单位不在名单中",
        "Unit not on the roster",
        "汇总时按名单核对报送单位；不在名单中的多半是名称写法不同或报错了单位。",
        "Submissions are matched to the roster by credit code or name; an unknown unit usually means a "
        "different spelling or a wrong sender.",
        "“{actual}”不在报送名单中（按统一社会信用代码或机关名称核对）。请核对机关名称，或把该单位加入名单。",
        "'{actual}' is not on the roster (matched by credit code or name). Check the name, or add the unit.",
    ),
    Rule(
        "X02",
        W,
        "同一单位提交了多份",
        "Unit submitted more than once",
        "同一单位（同一统一社会信用代码或机关名称）只应报送一份年度报告。",
        "Each unit (credit code or name) submits one report.",
        "“{actual}”共提交了 {detail} 份：{cells}。以最后保存的“{expected}”为准，其余不计入合计；"
        "如不对请删除多余的文件。",
        "'{actual}' submitted {detail} workbooks: {cells}. The last saved, '{expected}', counts and the others are "
        "left out of the totals; if that is wrong, remove the extra files.",
    ),
    Rule(
        "X03",
        W,
        "报告年度与其他单位不同",
        "Report year differs from the others",
        "同一批报送的年度报告应是同一年度；不同的多半是沿用了往年的文件。",
        "One collection is for one year; a different year usually means last year's file was sent.",
        "报告年度为 {actual}，而本批其他单位为 {expected}。请核对是否报错了年度或文件。",
        "the report year is {actual} while the others are {expected}. Check the year or the file.",
    ),
    Rule(
        "X04",
        W,
        "两个单位使用同一统一社会信用代码",
        "Two units use the same credit code",
        "统一社会信用代码一个单位一个；名称不同的两份报送填了同一代码，多半是照抄了别的单位的表。两份都照常检查、都计入合计。",
        "A credit code belongs to one unit; two submissions with different names and one code usually mean a copied "
        "form. Both are checked and both count in the totals.",
        "统一社会信用代码 {actual} 也出现在“{detail}”的报送（{cells}）中。请核对本单位的统一社会信用代码。",
        "the credit code {actual} is also in the submission of '{detail}' ({cells}). Check this unit's credit code.",
    ),
    Rule(
        "X05",
        W,
        "机关名称与名单不一致",
        "Name differs from the roster",
        "按名单核对时，名称写法不同（简称、少写了上级名称）但能唯一对应的，按同一单位对应，并提示核对名称。",
        "A name written otherwise than on the roster (a short form) that matches one unit only is taken as that "
        "unit, with this reminder to check the name.",
        "机关名称“{actual}”与名单中的“{expected}”不一致，已按同一单位对应。请核对名称是否写全、写对。",
        "the name '{actual}' differs from '{expected}' on the roster; it was taken as that unit. Check the name.",
    ),
    Rule(
        "X10",
        W,
        "上年结转与上年报告不衔接",
        "Carried over does not match last year's report",
        "本年“二、上年结转”应等于上年报告的“四、结转下年度继续办理”，逐列核对。",
        "This year's 'carried over' equals last year's 'carried forward', column by column.",
        "“{detail}”列：本年上年结转为 {actual}，上年报告（{cells}）的结转下年度为 {expected}。请核对。",
        "column '{detail}': carried over this year is {actual} but last year's report ({cells}) carried "
        "forward {expected}. Please check.",
    ),
    Rule(
        "X11",
        W,
        "现行有效件数与上年不衔接",
        "Documents in force do not follow from last year",
        "现行有效件数通常等于上年现行有效件数加本年制发、减本年废止；集中清理文件后会不同，所以只是警告。",
        "In force this year is normally last year's in force plus issued minus repealed; a clean-up of "
        "documents breaks it, hence only a warning.",
        "现行有效 {actual} 件，而上年现行有效 {detail} 件 ＋ 本年制发 − 本年废止 = {expected} 件（上年：{cells}）。"
        "如本年集中清理过文件可忽略。",
        "{actual} in force, but last year's {detail} + issued − repealed = {expected} (last year: {cells}). "
        "Ignore this after a clean-up of documents.",
    ),
    Rule(
        "X20",
        W,
        "正文中的数字与统计表不一致",
        "A number in the text differs from the tables",
        "正文常写“收到申请 N 件、上年结转、办结、结转下年度、行政复议、行政诉讼、规范性文件 N 件”，"
        "这些数字应与表二、表三、表四一致；不一致时，往往是正文或表格有一处没有改。",
        "Texts state the requests received, carried over, answered and carried forward, the reconsiderations, "
        "suits and normative documents; they should agree with tables 二, 三, 四: when they do not, one of the two "
        "was not updated.",
        "正文写“{actual}”，而{detail}为 {expected}（{cells}）。请核对正文和表格，改正错的一处。",
        "the text says '{actual}', but {detail} is {expected} ({cells}). Check the text and the table and correct "
        "the wrong one.",
    ),
    Rule(
        "X21",
        W,
        "正文中的年份不是报告年度",
        "A year in the text is not the report's",
        "以“2021年，……”开头的句子、统计期限“2021年1月1日至2021年12月31日”出现在 2022 年度的报告里，"
        "多半是照抄上年报告时没有改。",
        "A sentence opening with another year, or a statistical period of another year, in this year's report "
        "is usually left over from last year's report.",
        "正文写“{actual}”，其中的年份 {detail} 不是报告年度 {expected}。请确认是否照抄了其他年度的报告。",
        "the text says '{actual}'; the year {detail} is not the report's year {expected}. Check that it was not "
        "copied from another year's report.",
    ),
)


# Why a file cannot be used (S01, S02): the reason codes of UnusableInput, in Chinese and English.
UNUSABLE_REASONS: dict[str, tuple[str, str]] = {
    "missing": ("文件不存在", "the file does not exist"),
    "not_a_file": (
        "这是一个文件夹，不是文件。要检查其中的全部报表，请用：report-check batch 文件夹 -o 输出文件夹",
        "this is a folder, not a file. To check every workbook in it: report-check batch FOLDER -o OUTDIR",
    ),
    "unreadable": ("无法读取（{detail}）", "it cannot be read ({detail})"),
    "empty": (
        "文件是空的（0 字节），可能没有保存完整或传送失败。请重新保存后再报送",
        "the file is empty (0 bytes): probably not saved completely or not transferred. Save and send it again",
    ),
    "ole2": (
        "这是旧版 Office 格式的文件，但读不出工作表：可能是 Word 文档（.doc）、损坏的 .xls 或 WPS 专有格式。"
        "请在 Excel 或 WPS 中打开报表，“另存为”Excel 工作簿（.xlsx）",
        "this is an old-style Office file but no sheet can be read from it: a Word document (.doc), a damaged "
        ".xls or a WPS file. Open the report in Excel or WPS and save it as an Excel workbook (.xlsx)",
    ),
    "not_spreadsheet": (
        "这不是报表工作簿，是一个 {detail} 文件。请报送填好的年度报告模板（Excel 工作簿 .xlsx）；"
        "压缩包请先解压，Word 或 PDF 版的报告请另附填好的模板",
        "this is a {detail} file, not a report workbook. Send the filled template (an Excel workbook, .xlsx); "
        "unpack archives first, and send the template beside a Word or PDF report",
    ),
    "wps_et": (
        "这是 WPS 表格的专有格式（.et），无法读取。请在 WPS 中打开，“另存为”Excel 工作簿（.xlsx）后再报送",
        "this is WPS Spreadsheets' own format (.et), which cannot be read. Open it in WPS and save it as an "
        "Excel workbook (.xlsx)",
    ),
    "not_zip": (
        "这不是 Excel 工作簿（.xlsx），可能是别的文件改了扩展名，或者文件已损坏。请在 Excel 或 WPS 中另存为 .xlsx",
        "this is not an Excel workbook (.xlsx): another kind of file renamed, or a damaged one. "
        "Save it as .xlsx in Excel or WPS",
    ),
    "ods": (
        "这是 OpenDocument 表格（.ods）。请另存为 Excel 工作簿（.xlsx）",
        "this is an OpenDocument spreadsheet (.ods). Save it as an Excel workbook (.xlsx)",
    ),
    "not_workbook": (
        "这是一个压缩包或其他 Office 文件，不是 Excel 工作簿",
        "this is a zip archive or another Office file, not an Excel workbook",
    ),
    "encrypted": (
        "工作簿设有打开密码（已加密），无法读取。请在 Excel 或 WPS 中打开，取消“用密码进行加密”后另存为 .xlsx",
        "the workbook is encrypted with a password. Open it in Excel or WPS, remove the password and save it as .xlsx",
    ),
    "csv": (
        "这是文本文件（如 CSV），不是 Excel 工作簿。请把数据填入 report-check 模板后另存为 .xlsx",
        "this is a text file (such as CSV), not an Excel workbook. Fill the data into the report-check template "
        "and save it as .xlsx",
    ),
    "lock_file": (
        "这是 Excel 或 WPS 打开“{detail}”时生成的临时锁定文件，不是报表。请检查“{detail}”本身；关闭 Excel 或 WPS 后"
        "这个文件会自动消失",
        "this is the lock file Excel or WPS makes while '{detail}' is open, not a report. Check '{detail}' "
        "itself; the lock file goes away when Excel or WPS is closed",
    ),
    "csv_encoding": (
        "CSV 文件既不是 UTF-8 也不是 GBK 编码。请在 Excel 或 WPS 中另存为“CSV UTF-8”或 .xlsx",
        "the CSV file is neither UTF-8 nor GBK. Save it again as 'CSV UTF-8' or .xlsx in Excel or WPS",
    ),
    "roster_empty": (
        "名单中没有找到单位。第一行应为表头“机关名称”和/或“统一社会信用代码”，其下每行一个单位",
        "no units were found in the roster. Its first row should be the header 机关名称 and/or 统一社会信用代码, "
        "with one unit a row below it",
    ),
    "too_large": (
        "文件太大（{detail}），不像年度报告工作簿（模板约 20 KB）。请确认文件，或删除其中无关的内容、图片",
        "the file is too large ({detail}) for a report workbook (the template is about 20 KB). Check the file, "
        "or remove unrelated content and pictures",
    ),
    "inflates": (
        "文件解压后过大（{detail}），可能是损坏或恶意构造的文件，已拒绝读取",
        "the file inflates to too much data ({detail}): damaged or crafted; it was not read",
    ),
    "sheet_too_large": (
        "有一个工作表过大（{detail}），可能含有大量无关的行列。请删除多余的行列后另存",
        "a sheet is too large ({detail}): it probably holds many unrelated rows or columns. Delete them and save again",
    ),
    "too_many_cells": (
        "工作簿中的单元格过多（{detail}），不像年度报告工作簿。请删除多余的内容后另存",
        "the workbook holds too many cells ({detail}) for a report. Delete the extra content and save again",
    ),
    "timeout": (
        "读取和检查用时超过 {detail} 秒，已停止。文件可能损坏或含有大量无关内容",
        "reading and checking took more than {detail} seconds and was stopped: the file may be damaged or hold "
        "much unrelated content",
    ),
    "damaged": ("文件已损坏，无法读取（{detail}）", "the file is damaged and cannot be read ({detail})"),
    "no_codes": (
        "工作簿的 A 列中找不到任何代码，也没有按官方栏目排列的统计表，这不是年度报告。"
        "请用 report-check template 生成模板，把数据填入模板后再检查",
        "column A holds none of the codes and no table bears the official labels: this is not a report. "
        "Make a template with 'report-check template', fill it in and check it again",
    ),
    "image_pdf": (
        "这个 PDF 只有图片，没有文字层（扫描件），无法读取其中的表格。请找到报告的网页、Word 或带文字的 PDF 版本",
        "this PDF holds only images, no text layer (a scan): its tables cannot be read. Find the report's page, "
        "Word file or a PDF with text",
    ),
    "needs_office": (
        "读取 {detail} 文件需要 LibreOffice（本机没有安装）。请在 Word 或 WPS 中另存为 .docx 后再检查",
        "reading a {detail} file needs LibreOffice, which is not installed here. Save it as .docx in Word or WPS "
        "and check that",
    ),
    "no_tables": (
        "找不到年度报告的统计表（表二、表三、表四的官方栏目）。若这是只有链接的网页，请下载其中的报告文件再检查；"
        "若是复制下来的文字，表格的各格之间应以制表符或两个以上的空格分开",
        "none of the report's tables (the official labels of tables 二, 三, 四) is in it. If this is a page that "
        "only links the report, download the report and check that; in text copied from a page, a table's cells "
        "must be separated by tabs or by two or more spaces",
    ),
    "earlier_format": (
        "这是 2019 年试行格式（国办公开办函〔2019〕60号）的报表（含“{detail}”），且没有代码。"
        "2021 年及以后的年度报告请用 report-check template 生成的 2021 年格式模板填写",
        "this is a table in the earlier 2019 format (it has '{detail}') and has no codes. "
        "Reports for 2021 onwards are filled in the 2021 template made by 'report-check template'",
    ),
}


def _balance_rules(fmt: ReportFormat) -> tuple[Rule, ...]:
    return tuple(
        Rule(
            eq.code,
            E,
            eq.summary,
            eq.summary_en,
            eq.rationale,
            eq.rationale_en,
            "{detail}，相差 {diff}。请核对这些单元格：{cells}。",
            "{detail}, a difference of {diff}. Check these cells: {cells}.",
        )
        for eq in fmt.equations
    )


def all_rules(fmt: ReportFormat = CURRENT) -> dict[str, Rule]:
    rules = {rule.code: rule for rule in _STATIC + _balance_rules(fmt)}
    order = {"S": 0, "C": 1, "V": 2, "B": 3, "W": 4, "X": 5}
    return dict(sorted(rules.items(), key=lambda item: (order[item[0][0]], item[0])))


RULES = all_rules()
