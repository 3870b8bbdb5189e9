"""Numeric quantities in cleaned (simplified) Chinese news text.

``extract(text, *, years=False) -> list[Quantity]`` finds amounts of money, percentages, token
counts, multiples, counts, durations and so on, and returns them in text order with exact offsets.
``find(text_or_quantities, value, unit=None)`` answers "is ``value`` one of the quantities in this
quote?" for a facts verifier.

A hand-written parser (standard library only): a regex finds the start of a number, and the code
around it reads what follows (magnitude, unit, range, qualifier, rate) and what precedes it
(qualifier words, ordinal 第, model names).

Quantity fields
---------------
``surface``  exact substring ``text[start:end]``: the number with its unit, and any qualifier word
             or rate word written right next to it (``超过6万亿美元``, ``每月20-25美元``,
             ``0.0008元/千tokens``, ``200 元左右``).
``low``, ``high``  floats, fully scaled (1600亿元 → 1.6e11); equal for a point value; ``low < high``
             for a range (``35至45亿美元`` → 3.5e9, 4.5e9; the unit and scale written on the second
             end apply to both) or a vague amount (``几千万`` → 2e7, 9e7; ``大几百万`` → 5e6, 9e6).
             A minus sign counts (``同比-5%`` → -5).
``unit``     one of ``UNITS`` or None (a scaled number written without a unit, ``6170万``).
``per``      one of ``PERS`` or None.
``qualifier`` one of ``QUALIFIERS`` or None.

Units
-----
money        ``CNY`` (元 人民币 块钱 毛 = 0.1 角 分钱 = 0.01 厘 = 0.001 ¥), ``USD`` (美元 美金 $),
             ``EUR`` (欧元 欧 €), ``GBP`` (英镑 镑 £), ``JPY`` (日元), ``HKD`` (港元 港币)
``percent``   value as written: 97% → 97; 三成 → 30; 百分之五十 → 50; 三分之一 → 33.33…;
             一半 / 半数 → 50; ‰ → value / 10
``percentage_points``  个百分点
``tokens``    tokens / token / 词元; ``32K tokens`` → 32000
``times``     倍 (增长7.5倍 → 7.5); 翻一番 → 2, 翻两番 → 4
``parameters`` 参数 (1750亿参数), or a bare ``175B`` / ``7B`` / ``350M`` / ``1T`` not inside a model name
``gpus``      卡 (万卡集群 → 1e4), and 张 when GPU/卡/芯片 follows within a few characters
``count``     classifiers 人 家 个 款 项 份 位 名 次 起 座 台 件 条 篇 部 种 类 张 步 单 户 场 轮 只
             (a small Chinese numeral takes only 个 家 款 项 份 位 名 次 种 类 张 步 条 台 件 篇 部 人,
             so 语惊四座 stays a phrase), and Chinese 两大/三大 (两大派别 → 2)
``age``       岁
``points``    分 after an Arabic number (豆瓣评分5.4分)
durations    ``years`` ``quarters`` ``months`` ``weeks`` ``days`` ``hours`` ``minutes`` ``seconds``
             (三年, 24个月, 两三个月, 一年半 = 1.5, 半小时 = 0.5). Plural on purpose: ``year`` is a
             calendar year.
``year``      a calendar year written on its own (``到2026年``, ``2017年-2025年`` as a range), only
             with ``years=True``, and never when a month or a part of the year follows (2024年5月,
             2024年年初, 2024年底, 2024年度, 2024 年过半).
None         a number with a magnitude but no unit (``估值过200亿``, ``6170万``).

Rates (``per``)
---------------
``thousand_tokens`` ``ten_thousand_tokens`` ``million_tokens`` ``day`` ``week`` ``month``
``quarter`` ``year`` ``hour``. Written after the amount (``元/千tokens``, ``20美元每月``), or before
it: ``每月`` / ``每个月`` / ``每季度`` / ``每年`` / ``每天`` / ``每百万tokens`` / ``日均`` / ``月均`` /
``年均`` / ``包月`` / ``年薪`` / ``年收入`` / ``年产值`` …. A rate written before the amount applies to
the first money / count / tokens / gpus / unitless quantity after it in the same sentence and to the
other quantities of that quantity's clause (a list such as ``8 毛、5 毛和免费``); a percentage or
multiple met first uses the rate up. A 每…/…均 rate also carries into the following clauses of the
sentence while they hold only quantities of the same unit and no duration, percentage, multiple,
year or other rate (``每百万tokens输入1元,输出2元``; but not into ``半个多月只花了 1.11 元``).
Percentages, multiples, durations and years never get a rate.

Qualifiers
----------
``over``   超过 超出 超 逾 过 突破 破 上(万/亿) 高于 大于 多于 不止 至少 不少于 不低于 以上 之上 多 余 出头 +
``under``  不足 不到 低于 少于 小于 未满 以下 之下
``about``  约 大约 约为 近 接近 将近 大概 差不多 左右 上下; vague amounts (几 数 两三 十几)
``up_to``  至多 最高 最多 不超过 没有超过 没超过 未超过 以内 之内

Not quantities: dates (2024年5月, 5月21日, 12月中旬, 2024-08-15, 1-7月, Q4, 第一季度), ordinals
(第一, 第3), model names and versions (GPT-4, Qwen2.5-72B, pro-32k, o1, V2, A100, 可灵1.6版本,
AI 1.0), numbers without magnitude or unit (前20, 快递100), and any digits touching the mojibake
marker ``〓`` (``〓.94亿`` is not 0.94亿 or 94亿). ``免费`` is a zero price only where it is a price:
listed after a money amount (``8 毛、5 毛和免费``) or after 降到/降至/降为/变为/改为.

Known gaps: Chinese numerals with an elided unit (一万五 = 15000), Arabic-Chinese hybrids beyond
``1.5万``/``3千万`` (2万5千), fractions written with a slash (1/3), context lengths (128k), vague
amounts without a magnitude (几个, 这几年: dropped on purpose), 免费 where no price word or money
amount stands next to it (全面免费), rates per anything but time and tokens (每家 50亿美元 has no
rate), units the text leaves implicit (``研发成本就高达167亿`` stays unit None), and 一 read as the
article "a" rather than as one (``AI领域的一年进步`` is skipped, ``经过一年`` is 1 year).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Iterable

__all__ = ["Quantity", "extract", "find", "has", "UNITS", "PERS", "QUALIFIERS", "MONEY", "DURATIONS",
           "LOST"]

UNITS = frozenset({
    "CNY", "USD", "EUR", "GBP", "JPY", "HKD", "percent", "percentage_points", "tokens", "times",
    "parameters", "gpus", "count", "age", "points", "years", "quarters", "months", "weeks", "days",
    "hours", "minutes", "seconds", "year",
})
PERS = frozenset({
    "thousand_tokens", "ten_thousand_tokens", "million_tokens", "day", "week", "month", "quarter",
    "year", "hour",
})
QUALIFIERS = frozenset({"over", "under", "about", "up_to"})
LOST = "〓\ufffd"  # where mojibake repair lost characters

MONEY = frozenset({"CNY", "USD", "EUR", "GBP", "JPY", "HKD"})
DURATIONS = frozenset({"years", "quarters", "months", "weeks", "days", "hours", "minutes", "seconds"})
_RATE_TAKERS = MONEY | {"tokens", "count", "gpus", "parameters", None}
_RATE_BLOCKERS = frozenset({"percent", "percentage_points", "times"})


@dataclass(frozen=True)
class Quantity:
    surface: str
    start: int
    end: int
    low: float
    high: float
    unit: str | None
    per: str | None = None
    qualifier: str | None = None

    @property
    def is_range(self) -> bool:
        return self.low != self.high


# ---------------------------------------------------------------------------------------------
# Characters

_FULLWIDTH = {0xFF10 + i: 0x30 + i for i in range(10)}
_FULLWIDTH.update({0xFF21 + i: 0x41 + i for i in range(26)})
_FULLWIDTH.update({0xFF41 + i: 0x61 + i for i in range(26)})
_FULLWIDTH.update({0xFF0E: ord("."), 0xFF05: ord("%"), 0xFF0D: ord("-"), 0xFF5E: ord("~"),
                   0xFF0F: ord("/"), 0x3000: ord(" "), 0xFFE5: ord("¥"), 0xFF04: ord("$"),
                   0x2014: ord("-"), 0x2013: ord("-"), 0x2212: ord("-"), 0x301C: ord("~")})

_CN_DIGIT = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
             "七": 7, "八": 8, "九": 9, "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6,
             "柒": 7, "捌": 8, "玖": 9}
_CN_SMALL = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_CN_BIG = {"万": 10**4, "亿": 10**8}
_D = "".join(_CN_DIGIT)
_CN_RUN = rf"[{_D}十拾百佰千仟万亿几数]+(?:点[{_D}]+[万亿]*)?"
_AR = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d.])|\d+(?:\.\d+)?"

_CORE = re.compile(rf"(?P<yiban>一半|半数)|(?P<ar>{_AR})|(?P<cn>{_CN_RUN})|(?P<half>半)")

_SP = r"[ \t]*"
_MAG = {"万亿": 10**12, "千亿": 10**11, "百亿": 10**10, "十亿": 10**9, "千万": 10**7,
        "百万": 10**6, "十万": 10**5, "亿": 10**8, "万": 10**4, "千": 1000, "百": 100}
_MAG_RE = re.compile(_SP + r"(?P<duo>[多余])?" + _SP
                     + r"(?P<mag>万亿|千亿|百亿|十亿|千万|百万|十万|亿|万|千(?![克米瓦焦兆帕伏赫])|百(?![分]))"
                     + r"(?P<duo2>[多余](?![少数样种么]))?")
_DUO_RE = re.compile(_SP + r"[多余](?![少数样种么元])")

_SENTENCE_END = "。！？!?；;\n"
_CLAUSE_END = _SENTENCE_END + ",，：:"

# 175B / 7B as a parameter count only when a parameter word or punctuation follows (not 3M公司).
_PARAM_AHEAD = r"(?=[ \t]*(?:个?参数|的?大?模型|规模|级别|[,，。、;；)）]|$))"
# (pattern, unit, scale, kind). Tried in order at the position after the number (and magnitude).
_U = [
    (r"元人民币|人民币", "CNY", 1, "money"),
    (r"美元|美金", "USD", 1, "money"),
    (r"欧元", "EUR", 1, "money"),
    (r"英镑", "GBP", 1, "money"),
    (r"日元", "JPY", 1, "money"),
    (r"港元|港币", "HKD", 1, "money"),
    (r"元(?![宇年素旦首老帅件器宝])", "CNY", 1, "money"),
    (r"(?:张|块)(?=[^。！？；;\n]{0,15}?(?:GPU|卡|芯片|显卡|[AH]\d{2,3}))", "gpus", 1, "gpus"),
    (r"块钱|块(?![A-Za-z\u4e00-\u9fff])", "CNY", 1, "money"),
    (r"毛钱|毛(?![利病发衣巾笔毯绒细])", "CNY", Decimal("0.1"), "money"),
    (r"角钱|角(?![\u4e00-\u9fff])", "CNY", Decimal("0.1"), "money"),
    (r"分钱", "CNY", Decimal("0.01"), "money"),
    (r"厘钱|厘(?![米清定])", "CNY", Decimal("0.001"), "money"),
    (r"欧(?![洲盟美式亚])", "EUR", 1, "money"),
    (r"镑", "GBP", 1, "money"),
    (r"%", "percent", 1, "percent"),
    (r"‰", "percent", Decimal("0.1"), "percent"),
    (r"个百分点|百分点", "percentage_points", 1, "pp"),
    (r"倍", "times", 1, "times"),
    (r"成(?![为了功本长交立熟员果就绩品型年人都不效像色分])", "percent", 10, "cheng"),
    (r"个?(?:[Tt]okens?|TOKENS?|词元)", "tokens", 1, "tokens"),
    (r"个?参数", "parameters", 1, "params"),
    (r"[Kk][ \t]?(?:[Tt]okens?|TOKENS?)", "tokens", 10**3, "suffix"),
    (r"M[ \t]?(?:[Tt]okens?|TOKENS?)", "tokens", 10**6, "suffix"),
    (r"B[ \t]?(?:[Tt]okens?|TOKENS?)", "tokens", 10**9, "suffix"),
    (r"T[ \t]?(?:[Tt]okens?|TOKENS?)", "tokens", 10**12, "suffix"),
    (r"[Bb]" + _PARAM_AHEAD, "parameters", 10**9, "suffix"),
    (r"M" + _PARAM_AHEAD, "parameters", 10**6, "suffix"),
    (r"T" + _PARAM_AHEAD, "parameters", 10**12, "suffix"),
    (r"卡(?![片车通路住顿拉尔])", "gpus", 1, "gpus"),
    (r"岁(?!月)", "age", 1, "age"),
    # durations: 个/多 may stand between the number and the time word (半个多月, 一个多月)
    (r"(?P<ge>个)?(?P<tduo>多)?(?:小时|钟头)", "hours", 1, "dur"),
    (r"(?P<ge>个)?(?P<tduo>多)?(?:星期|礼拜)(?![一二三四五六日天])", "weeks", 1, "dur"),
    (r"(?P<ge>个)(?P<tduo>多)?月", "months", 1, "dur"),
    (r"(?P<ge>个)(?P<tduo>多)?季度", "quarters", 1, "dur"),
    (r"分钟", "minutes", 1, "dur"),
    (r"秒钟?", "seconds", 1, "dur"),
    (r"周(?![年边末期刊报岁一二三四五六日天内])", "weeks", 1, "dur"),
    (r"天(?![然气津猫堂鹅使])", "days", 1, "dur"),
    (r"年(?![级代薪费收营产利化均度龄纪报会终货轻份头])", "years", 1, "dur"),
    (r"分(?![之钟别析享成为布配散红类期支拆钱厘点数割子手工])", "points", 1, "points"),
    (r"个|人(?![工民类才士群])|家(?![庭乡居具电])|款(?!项)|项(?!目)|份(?!额)|位(?!置)"
     r"|名(?![字称单义气片额])|次|起(?![来步点码])|座|台|件|条(?!件)|篇|部(?![门分署])|种|类"
     r"|张|步|单(?![位元独一纯次])|户|场(?![景合])|轮|只(?![是有能要需用剩花占不])",
     "count", 1, "count"),
    (r"大(?=[\u4e00-\u9fff])", "count", 1, "da"),
]
_UNITS = [(re.compile(p), u, Decimal(s), k) for p, u, s, k in _U]
# Classifiers a small Chinese numeral may take (Arabic numbers take all of them).
_CN_CLASSIFIER = re.compile(r"[个家款项份位名次种类张步条台件篇部人]")
_PREFIX_CURRENCY = re.compile(r"(?P<c>US\$|HK\$|\$|¥|€|£|RMB|CNY|USD|EUR|GBP|HKD|人民币|美元)[ \t]*$")
_PREFIX_CURRENCY_UNIT = {"US$": "USD", "$": "USD", "USD": "USD", "美元": "USD", "HK$": "HKD",
                         "HKD": "HKD", "¥": "CNY", "RMB": "CNY", "CNY": "CNY", "人民币": "CNY",
                         "€": "EUR", "EUR": "EUR", "£": "GBP", "GBP": "GBP"}

# Qualifier words written before the number, with optional filler words between.
_PRE_QUAL = re.compile(
    r"(?P<q>没有超过|没超过|未超过|不超过|至多|最高|最多|不少于|不低于|至少|超过|超出|高于|大于|多于|不止|逾|突破|超|破|过|上"
    r"|不足|不到|低于|少于|小于|未满|大约|约为|约合|约|将近|接近|近乎|近|大概|差不多)"
    r"(?P<f>了|达到|达|到|为|是|有|增长了?|下降了?|提高了?|提升了?|降低了?)?" + _SP + r"$"
)
_PRE_QUAL_KIND = {
    "没有超过": "up_to", "没超过": "up_to", "未超过": "up_to",  # negated 超过: at most
    "不超过": "up_to", "至多": "up_to", "最高": "up_to", "最多": "up_to",
    "不少于": "over", "不低于": "over", "至少": "over", "超过": "over", "超出": "over",
    "高于": "over", "大于": "over", "多于": "over", "不止": "over", "逾": "over", "突破": "over",
    "超": "over", "破": "over", "过": "over", "上": "over",
    "不足": "under", "不到": "under", "低于": "under", "少于": "under", "小于": "under",
    "未满": "under",
    "大约": "about", "约为": "about", "约合": "about", "约": "about", "将近": "about",
    "接近": "about", "近乎": "about", "近": "about", "大概": "about", "差不多": "about",
}
# Characters that, right before a one-character qualifier, make it part of another word.
_NOT_QUAL_BEFORE = {
    "过": set("经通不没错越度难路看想说去来用跑走讲听问试见熬渡跨转放略翻信胜好一穿透闪滤改做读"),
    "近": set("最附邻亲靠就逼贴新"),
    "约": set("签合预违制节条契公婚履特邀赴缔隐"),
    "超": set("赶高"),
    "破": set("打突攻爆击冲"),
    "上": set("以之加再马向往北南东西线早晚网"),
    "最高": set(),
}
_SUF_QUAL = re.compile(_SP + r"(?P<q>以上|之上|以下|之下|左右|上下(?![游班文级])|以内|之内|出头|开外"
                       r"|\+(?![\d+]))")
_SUF_QUAL_KIND = {"+": "over", "以上": "over", "之上": "over", "出头": "over", "开外": "over", "以下": "under",
                  "之下": "under", "左右": "about", "上下": "about", "以内": "up_to", "之内": "up_to"}

_TOKEN_WORD = r"(?:[Tt]okens?|TOKENS?|词元)"
_PER_TIME = {"月": "month", "季度": "quarter", "季": "quarter", "年": "year", "天": "day",
             "日": "day", "小时": "hour", "周": "week", "星期": "week"}
_PER_TOKENS = {"百万": "million_tokens", "1百万": "million_tokens", "一百万": "million_tokens",
               "100万": "million_tokens", "1M": "million_tokens", "M": "million_tokens",
               "千": "thousand_tokens", "一千": "thousand_tokens", "1千": "thousand_tokens",
               "1000": "thousand_tokens", "1K": "thousand_tokens", "K": "thousand_tokens",
               "1k": "thousand_tokens", "k": "thousand_tokens", "万": "ten_thousand_tokens",
               "1万": "ten_thousand_tokens", "一万": "ten_thousand_tokens"}
_TOKEN_N = r"(?P<n>100万|1百万|一百万|百万|1000|1千|一千|千|1万|一万|万|1[ \t]?[MKk]|[MKk])"
_TIME_W = r"(?P<t>季度|小时|星期|月|季|年|天|日|周)"
# Rate written before the amount (每月 …, 每百万tokens …).
_PER_PREFIX = re.compile(
    r"每" + _SP + r"(?:一|个)?" + _SP + r"(?:" + _TOKEN_N + _SP + r"(?:个)?" + _SP + _TOKEN_WORD
    + r"|" + _TIME_W + r"(?!经济|报|刊))"
    r"|(?<![\d〇零一二两三四五六七八九十几今去明前后全本当近往该每上下次同])(?:(?P<avg>[日月年])均"
    r"|(?P<noun>包月|包年|年薪|月薪|年费|月费|年收入|年营收|年产值|年利润|年化收入|年销售额|月收入))"
)
# Rate written right after the amount (元/千tokens, 美元每月, 万年薪).
_PER_SUFFIX = re.compile(
    _SP + r"(?:/|每)" + _SP + r"(?:个)?" + _SP
    + r"(?:" + _TOKEN_N + _SP + r"(?:个)?" + _SP + _TOKEN_WORD + r"|" + _TIME_W + r")"
)
_PER_NOUN_SUFFIX = re.compile(_SP + r"(?P<t>[年月])(?=薪|费|收入)")
_TOKEN_MASK = re.compile(r"/" + _SP + _TOKEN_N + _SP + r"(?:个)?" + _SP + _TOKEN_WORD)

# After 2024年: a month or a part of the year makes it a date.
_DATE_AFTER_YEAR = re.compile(
    _SP + r"(?:(?:\d{1,2}|[一二三四五六七八九十]{1,3})" + _SP + r"(?:-" + _SP + r"\d{1,2}" + _SP
    + r")?月|年初|年中|年底|年末|年终|年度|年前|年后|底|初|末|度|过半|[上下]半年|[上下]旬|第|Q\d|[一二三四]季度|前三季度"
    r"|[春夏秋冬])"
)
_DATE_AFTER_SHORT_YEAR = re.compile(_SP + r"(?:[上下]半年|底|初|中|末|\d{1,2}" + _SP + r"月|第|Q\d)")
_MONTH_TAIL = re.compile(
    _SP + r"月(?:份)?(?:" + _SP + r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})" + _SP + r"[日号])?")
_RANGE_SEP = re.compile(_SP + r"(?:[-~]|至(?![多少今])|到)" + _SP)
_LIST_JOIN = re.compile(_SP + r"(?:、|和|与|及|以及|或)" + _SP)
_FREE = re.compile(r"免费")
_NOT_BEFORE_DA = set("扩增放加巨最很强较更太重宏远伟庞长高壮")  # 扩大几十倍 is not 大几十
_DOUBLINGS = re.compile(r"翻了?" + _SP + r"(?P<n>[一两二三四五1-5])" + _SP + r"番")
# A "-" right before a number is a minus sign after these (not after 2024, 10%, 3亿 …: a range).
_MINUS_AFTER = re.compile(
    rf"[ \t,，:：;；(（]|[\u4e00-\u9fff](?<![{_D}万亿千百十元年月日天周个家次人款项份倍成点毛角分厘镑欧金币卡张岁钟])")
_FREE_PRICE_BEFORE = re.compile(r"(?:降到|降至|降为|降价至|变为|变成|改为|调整为|调至)了?" + _SP + r"$")
_MODEL_LEFT = re.compile(r"([A-Za-z][A-Za-z0-9_.\-]*)( ?)$")
_OK_LEFT_WORDS = re.compile(r"(?:[Tt]okens?|TOKENS?|RMB|USD|CNY|EUR|GBP|HKD|US)$")


@dataclass
class _Item:
    """One number with what follows it, before qualifiers and rates are settled."""

    start: int
    end: int
    lo: Decimal
    hi: Decimal
    unit: str | None = None
    kind: str | None = None
    mag: bool = False  # a magnitude (万, 亿 …) was written
    over: bool = False  # 多 / 余
    vague: bool = False  # 几 / 数 / 两三
    date: bool = False
    calendar_year: bool = False
    bare_ok: bool = False  # may stand without a unit
    inherit: bool = False  # bare number that may take its unit from a following list item
    range_only: bool = False  # bare small Chinese numeral: only the low end of a range


# ---------------------------------------------------------------------------------------------
# Chinese numerals

def _cn_value(run: str, pick: int) -> Decimal:
    """Value of a Chinese numeral; ``pick`` 0 reads vague digits low, 1 high."""
    if "点" in run:
        head, _, tail = run.partition("点")
        mags = ""
        while tail and tail[-1] in _CN_BIG:
            mags = tail[-1] + mags
            tail = tail[:-1]
        frac = Decimal("0." + "".join(str(_CN_DIGIT[c]) for c in tail))
        base = _cn_value(head, pick) + frac
        for c in mags:
            base *= _CN_BIG[c]
        return base
    if "亿" in run:
        i = run.rindex("亿")
        return (_cn_value(run[:i], pick) if run[:i] else Decimal(1)) * 10**8 + (
            _cn_value(run[i + 1:], pick) if run[i + 1:] else 0)
    if "万" in run:
        i = run.index("万")
        return (_cn_value(run[:i], pick) if run[:i] else Decimal(1)) * 10**4 + (
            _cn_value(run[i + 1:], pick) if run[i + 1:] else 0)
    total = Decimal(0)
    num: Decimal | None = None
    i = 0
    while i < len(run):
        c = run[i]
        if c in _CN_DIGIT:
            d = _CN_DIGIT[c]
            nxt = run[i + 1] if i + 1 < len(run) else ""
            if nxt in _CN_DIGIT and _CN_DIGIT[nxt] == d + 1:  # 两三, 七八: an approximate pair
                num = Decimal(d if pick == 0 else d + 1)
                i += 2
                continue
            num = Decimal(d)
        elif c in ("几", "数"):
            num = Decimal(2 if pick == 0 else 9)
        elif c in _CN_SMALL:
            total += (num if num is not None else 1) * _CN_SMALL[c]
            num = None
        i += 1
    return total + (num if num is not None else 0)


def _cn_valid(run: str) -> bool:
    """Structural check: digits and units alternate sensibly (rejects 零一万, 一二, 万万)."""
    core = run.partition("点")[0]
    if not core or core[0] in "零〇":
        return False
    digits_run = 0
    prev = ""
    for c in core:
        if c in "零〇":  # 一千零五
            digits_run = 0
            prev = c
            continue
        if c in _CN_DIGIT or c in "几数":
            digits_run += 1
            if digits_run > 2:
                return False
            if digits_run == 2:
                if prev in "几数" or c in "几数":
                    return False
                if _CN_DIGIT[c] != _CN_DIGIT[prev] + 1:
                    return False
        else:
            digits_run = 0
            if prev and prev == c:
                return False
        prev = c
    return True


def _cn_year(run: str) -> int | None:
    """二〇二四 → 2024 (four plain digits, no units)."""
    if len(run) == 4 and all(c in _CN_DIGIT and c != "两" for c in run):
        return int("".join(str(_CN_DIGIT[c]) for c in run))
    return None


# ---------------------------------------------------------------------------------------------
# The parser

class _Parser:
    def __init__(self, text: str, years: bool):
        self.text = text
        self.s = text.translate(_FULLWIDTH)
        self.years = years
        self.masked: list[tuple[int, int]] = []
        self.consumed: list[tuple[int, int]] = []  # rate words read as written after an amount
        # (start, end, per, kind) of rates written before amounts; kind "every" (每月, 日均) or
        # "noun" (年收入, 包月)
        self.markers: list[tuple[int, int, str, str]] = []
        for m in _PER_PREFIX.finditer(self.s):
            if m.group("n"):
                per = _PER_TOKENS[m.group("n").replace(" ", "").replace("\t", "")]
            elif m.group("t"):
                per = _PER_TIME[m.group("t")]
            elif m.group("avg"):
                per = _PER_TIME[m.group("avg")]
            else:
                per = {"月": "month", "年": "year"}[m.group("noun")[1] if m.group("noun")[0] == "包"
                                                     else m.group("noun")[0]]
            self.markers.append((m.start(), m.end(), per, "noun" if m.group("noun") else "every"))
            self.masked.append((m.start(), m.end()))  # 每百万tokens, 每一年: not amounts
        for m in _TOKEN_MASK.finditer(self.s):
            self.masked.append((m.start(), m.end()))

    # -- helpers ---------------------------------------------------------------------------
    def _lost_near(self, a: int, b: int) -> bool:
        s = self.s
        left = s[a - 1] if a >= 1 else ""
        left2 = s[a - 2] if a >= 2 else ""
        right = s[b] if b < len(s) else ""
        right2 = s[b + 1] if b + 1 < len(s) else ""
        def lost(c: str) -> bool:
            return c != "" and c in LOST

        return (lost(left) or (left != "" and left in ".,，" and lost(left2))
                or lost(right) or (right == "." and lost(right2)))

    def _in_mask(self, pos: int) -> int | None:
        for a, b in self.masked:
            if a <= pos < b:
                return b
        return None

    def _left(self, pos: int, n: int = 12) -> str:
        return self.s[max(0, pos - n):pos]

    # -- one number -------------------------------------------------------------------------
    def _core(self, m: re.Match) -> tuple[Decimal, Decimal, dict] | None:
        """Value of the number itself and facts about how it is written."""
        info = {"cn": False, "small": False, "mag_first": False, "one": False, "vague": False,
                "int": False, "year": None, "half": False, "pure_ji": False}
        if m.group("yiban"):
            return None
        if m.group("ar"):
            raw = m.group("ar")
            v = Decimal(raw.replace(",", ""))
            info["int"] = "." not in raw and "," not in raw
            if info["int"] and len(raw) == 4 and 1800 <= int(raw) <= 2100:
                info["year"] = int(raw)
            return v, v, info
        if m.group("half"):
            if self._left(m.start(), 1) in ("上", "下", "前", "后", "大", "多"):
                return None  # 上半年, 下半年: a part of the year
            info["half"] = True
            return Decimal("0.5"), Decimal("0.5"), info
        run = m.group("cn")
        info["cn"] = True
        y = _cn_year(run)
        if y is not None:
            info["year"] = y
            return Decimal(y), Decimal(y), info
        if not _cn_valid(run):
            return None
        lo, hi = _cn_value(run, 0), _cn_value(run, 1)
        core = run.partition("点")[0]
        info["vague"] = lo != hi
        info["small"] = not any(c in "万亿" for c in run)
        info["mag_first"] = core[0] in "百佰千仟万亿"
        info["one"] = lo == hi == 1 and core in ("一", "壹")
        info["pure_ji"] = core in ("几", "数")
        return lo, hi, info

    def _item(self, m: re.Match, floor: int = 0) -> tuple[_Item | None, int]:
        """Read a number and its magnitude/unit. Returns (item or None, position to resume)."""
        s = self.s
        a, b = m.start(), m.end()
        parsed = self._core(m)
        if parsed is None:
            return None, b
        lo, hi, info = parsed
        it = _Item(a, b, lo, hi, vague=info["vague"])
        pos = b

        # Calendar year: 2024年 (and what follows decides whether it is a date).
        if info["year"] is not None and re.match(_SP + "年", s[pos:]):
            ye = pos + re.match(_SP + "年", s[pos:]).end()
            it.end = ye
            it.calendar_year = True
            it.unit = "year"
            if _DATE_AFTER_YEAR.match(s, ye):
                it.date = True
            return it, ye
        if info["year"] is not None and info["cn"]:
            return None, b

        # Month / day of a date: 5月, 12月中旬, 5月21日.
        if not info.get("vague") and lo == hi and lo == lo.to_integral() and 1 <= lo <= 12:
            mt = _MONTH_TAIL.match(s, pos)
            if mt and not re.match(_SP + r"(?:多|余)?" + _SP + "个", s[pos:]):
                it.date = True
                it.end = mt.end()
                return it, mt.end()

        # Short year: 24年上半年.
        if m.group("ar") and info["int"] and len(m.group("ar")) == 2:
            ym = re.match(_SP + "年", s[pos:])
            if ym and _DATE_AFTER_SHORT_YEAR.match(s, pos + ym.end()):
                it.date = True
                it.end = pos + ym.end()
                return it, it.end

        # 多 / magnitude / 多
        scale = Decimal(1)
        mm = _MAG_RE.match(s, pos)
        if mm and not info["half"]:
            scale = Decimal(_MAG[mm.group("mag")])
            it.mag = True
            it.over = bool(mm.group("duo") or mm.group("duo2"))
            pos = mm.end()
        else:
            dm = _DUO_RE.match(s, pos)
            if dm:
                it.over = True
                pos = dm.end()
        if info["cn"] and it.mag:
            info["small"] = False  # 一百多万
        if info["cn"] and not info["small"]:
            it.mag = True

        # Fraction: 三分之一, 百分之五十 (the number read so far is the denominator).
        fm = re.match(_SP + r"分之" + _SP, s[pos:])
        if fm and not it.mag and not info["half"]:
            m2 = _CORE.match(s, pos + fm.end())
            if m2 and (m2.group("ar") or m2.group("cn")):
                p2 = self._core(m2)
                if p2 is not None and lo > 0:
                    n_lo, n_hi, _ = p2
                    it.lo, it.hi = n_lo * 100 / lo, n_hi * 100 / lo
                    it.vague = it.vague or n_lo != n_hi
                    it.unit, it.kind, it.end = "percent", "percent", m2.end()
                    return it, m2.end()
            return None, b

        # Model names, versions and codes written with Latin letters.
        if m.group("ar"):
            lm = _MODEL_LEFT.search(self._left(a, 30))
            if lm and not _OK_LEFT_WORDS.search(lm.group(1)):
                return None, self._skip_alnum(b)
            if a >= 1 and s[a - 1] == ".":
                return None, b

        # Unit
        ws = re.match(_SP, s[pos:]).end()
        unit_m = None
        for rx, unit, uscale, kind in _UNITS:
            um = rx.match(s, pos + ws)
            if not um:
                continue
            if kind == "suffix" and (ws or it.mag or not m.group("ar")):
                continue
            if kind == "points" and (info["cn"] or info["half"]):
                continue
            if kind == "da" and not (info["cn"] and info["small"] and not info["one"]
                                     and not info["vague"]):
                continue
            if kind == "dur" and "ge" in rx.groupindex:
                ge = um.group("ge")
                if unit in ("months", "quarters") and not ge and not info["half"]:
                    continue
            if info["half"] and kind != "dur":
                continue
            unit_m = (um, unit, uscale, kind)
            break
        if m.group("ar") and not unit_m:
            # digits glued to Latin letters that are not a unit: 5G, 3D, 32k
            if pos < len(s) and re.match(r"[A-Za-z]", s[pos]):
                return None, self._skip_alnum(pos)
        if unit_m:
            um, unit, uscale, kind = unit_m
            # Restrictions for Chinese numerals, which double as ordinary words.
            if info["cn"]:
                left = self._left(a, 2)
                if info["one"] and kind not in ("money", "percent", "cheng", "times", "dur"):
                    unit_m = None
                elif info["one"] and (left.endswith("的") or left.endswith("重要")):
                    unit_m = None  # 重要的一年, 的一天: "a year", not a duration claim
                elif info["pure_ji"]:
                    unit_m = None  # 几个, 几年: too vague to be a claim
                elif info["mag_first"] and kind not in ("gpus", "times", "tokens", "params") \
                        and not self._pre_qual(a) and not it.over:
                    unit_m = None  # 以亿美元为单位, 百家号; but 超过亿元, 上万张, 万卡, 百余家
                elif info["small"] and kind == "count" and not _CN_CLASSIFIER.match(um.group()):
                    unit_m = None  # 语惊四座, 两轮换
        if unit_m:
            um, unit, uscale, kind = unit_m
            it.unit, it.kind = unit, kind
            scale *= uscale
            pos = um.end()
            if kind == "times" and re.match(r"多(?![少数样元种家个位项次方么])", s[pos:]):
                it.over = True  # 3倍多
                pos += 1
            if kind == "dur":
                if "tduo" in um.re.groupindex and um.group("tduo"):
                    it.over = True
                if s.startswith("半", pos) and not info["half"]:
                    it.lo += Decimal("0.5")
                    it.hi += Decimal("0.5")
                    pos += 1
                dm = re.match(r"多(?![少数样元种家个位项次方么])", s[pos:])
                if dm:
                    it.over = True
                    pos += 1
            if kind in ("params", "suffix") and s.startswith("参数", pos):
                pos += 2
            if unit == "CNY" and kind == "money" and s.startswith("人民币", pos):
                pos += 3
        elif m.group("ar") and (cm := _PREFIX_CURRENCY.search(self._left(a, 6))) and (
                a - (len(self._left(a, 6)) - cm.start()) >= floor):
            # ¥100, $20, RMB 5亿, 人民币100亿
            it.unit, it.kind = _PREFIX_CURRENCY_UNIT[cm.group("c")], "money"
            it.start = a - (len(self._left(a, 6)) - cm.start())
            unit_m = (None, it.unit, Decimal(1), "money")
        else:
            if info["half"]:
                return None, b
            if info["cn"]:
                # a bare Chinese numeral needs 万/亿 (五千万), and one that starts with its
                # magnitude (万, 亿, 千万) needs a qualifier (过亿)
                if info["pure_ji"] or (info["mag_first"] and not self._pre_qual(a)):
                    return None, b
                if info["small"]:
                    it.range_only = True  # 两 in 两到三年; never a quantity on its own
                    it.inherit = True
                else:
                    it.bare_ok = True
            elif it.mag:
                it.bare_ok = True
            else:
                it.inherit = True
        it.lo *= scale
        it.hi *= scale
        it.end = pos if (unit_m or it.mag) else b
        return it, it.end

    def _skip_alnum(self, pos: int) -> int:
        s = self.s
        while pos < len(s) and re.match(r"[A-Za-z0-9._\-]", s[pos]):
            pos += 1
        return pos

    def _pre_qual(self, a: int) -> tuple[str, int] | None:
        """Qualifier written before position ``a``: (kind, start of the qualifier word)."""
        left = self._left(a, 10)
        qm = _PRE_QUAL.search(left)
        if not qm:
            return None
        q = qm.group("q")
        qstart = a - len(left) + qm.start("q")
        before = self.s[qstart - 1] if qstart >= 1 else ""
        if q in _NOT_QUAL_BEFORE and before in _NOT_QUAL_BEFORE[q]:
            return None
        if q in ("上", "破", "过") and qm.group("f"):
            return None
        if q == "上" and not (a < len(self.s) and self.s[a] in "十百千万亿"):
            return None
        if q == "上" and before == "之":
            return None
        return _PRE_QUAL_KIND[q], qstart

    def _ordinal(self, a: int) -> bool:
        left = self._left(a, 4).rstrip(" \t")
        return left.endswith("第") or left.endswith("No.") or left.endswith("#") or left.endswith("初")

    # -- main loop --------------------------------------------------------------------------
    def parse(self) -> list[Quantity]:
        s = self.s
        items: list[tuple[_Item, _Item | None]] = []
        pos = 0
        while True:
            m = _CORE.search(s, pos)
            if not m:
                break
            skip = self._in_mask(m.start())
            if skip is not None:
                pos = skip
                continue
            if self._lost_near(m.start(), m.end()) or self._ordinal(m.start()):
                pos = m.end()
                # also step over the digits' unit so "第3家" / "〓.94亿" leave nothing behind
                mm = _MAG_RE.match(s, pos)
                if mm:
                    pos = mm.end()
                continue
            if m.group("yiban"):
                it = _Item(m.start(), m.end(), Decimal(50), Decimal(50), "percent", "percent")
                items.append((it, None))
                pos = m.end()
                continue
            it, nxt = self._item(m, pos)
            if it is None:
                pos = max(nxt, m.end())
                continue
            if it.date and not it.calendar_year:
                pos = max(nxt, m.end())
                continue
            # Range: 35至45亿美元, 67%-97%, 2017年-2025年
            it2 = None
            rm = _RANGE_SEP.match(s, it.end if it.calendar_year or it.unit else m.end())
            if it.mag and not it.unit:
                rm = _RANGE_SEP.match(s, it.end)
            if rm and not it.date:
                m2 = _CORE.match(s, rm.end())
                if m2 and (m2.group("ar") or m2.group("cn")) and not self._lost_near(m2.start(), m2.end()):
                    cand, nxt2 = self._item(m2)
                    if cand is not None and not cand.date and self._range_ok(it, cand):
                        it2 = cand
                        nxt = max(nxt2, cand.end)
                    elif cand is not None and cand.date and it.inherit:
                        # 1-7月: a range of months
                        pos = max(nxt2, cand.end)
                        continue
            if it.calendar_year and it.date:
                pos = max(nxt, m.end())
                continue
            items.append((it, it2))
            pos = max(nxt, m.end())
        return self._finish(items)

    def _range_ok(self, a: _Item, b: _Item) -> bool:
        if a.calendar_year or b.calendar_year:
            # 2017年-2025年, 2017-2025年
            a_year = a.calendar_year or (a.inherit and not a.range_only and a.lo == a.lo.to_integral()
                                         and 1800 <= a.lo <= 2100)
            return a_year and b.calendar_year and a.lo < b.lo
        if b.unit is None and not b.mag:
            return False
        if a.unit is not None and a.unit != b.unit:
            return False
        return self._range_low(a, b) < b.hi

    def _range_low(self, a: _Item, b: _Item) -> Decimal:
        """Low end of the range a–b: the first number takes what it lacks from the second one
        (35至45亿美元: 亿 and 美元; 60万亿到100万亿tokens: nothing)."""
        if a.calendar_year or a.unit is not None:
            return a.lo
        if not a.mag:
            core = self._core_value_at(b.start)
            return a.lo * (b.lo / core) if core else a.lo
        if b.unit is not None:
            return a.lo * next(u[2] for u in _UNITS if u[1] == b.unit)
        return a.lo

    # -- assembling -------------------------------------------------------------------------
    def _finish(self, items: list[tuple[_Item, _Item | None]]) -> list[Quantity]:
        s = self.s
        prelim: list[dict] = []
        for it, it2 in items:
            if it2 is not None and it2.calendar_year:
                it.calendar_year = True
            if it2 is not None:
                lo, hi = self._range_low(it, it2), it2.hi
                unit, kind = it2.unit, it2.kind
                end = it2.end
                vague = it.vague or it2.vague
                over = it2.over
                inherit = False
                bare_ok = True
            else:
                lo, hi = it.lo, it.hi
                unit, kind, end = it.unit, it.kind, it.end
                vague, over = it.vague, it.over
                inherit = it.inherit
                bare_ok = it.bare_ok or unit is not None
            if it.calendar_year:
                if not self.years:
                    continue
                unit, kind = "year", "year"
            prelim.append({"start": it.start, "end": end, "lo": lo, "hi": hi, "unit": unit,
                           "kind": kind, "vague": vague, "over": over, "inherit": inherit,
                           "bare_ok": bare_ok, "range_only": it.range_only and it2 is None,
                           "range": it2 is not None,
                           "mag": it.mag if it2 is None else it2.mag})

        # Bare Arabic numbers in a list take the unit of the item that closes the list: 5、10和20万元
        for i in range(len(prelim) - 1, -1, -1):
            p = prelim[i]
            if not p["inherit"] or p["range_only"]:
                continue
            if i + 1 < len(prelim):
                nx = prelim[i + 1]
                jm = _LIST_JOIN.match(s, p["end"])
                if jm and jm.end() == nx["start"] and nx["unit"] is not None and nx["kind"] not in (
                        "year", "dur") and (nx["bare_ok"] or nx["unit"]):
                    nv = self._core_value_at(nx["start"])
                    if nv:
                        factor = nx["lo"] / nv
                        if nx["lo"] != nx["hi"]:
                            continue
                        p["lo"] = p["lo"] * factor
                        p["hi"] = p["hi"] * factor
                        p["unit"], p["kind"], p["inherit"] = nx["unit"], nx["kind"], False
                        p["bare_ok"] = True
                        continue
        prelim = [p for p in prelim if p["bare_ok"] and not p["inherit"]]

        out: list[dict] = []
        for p in prelim:
            start, end = p["start"], p["end"]
            if (start >= 1 and s[start - 1] == "-" and (start == 1 or _MINUS_AFTER.match(s[start - 2]))
                    and p["kind"] not in ("year", "dur", "count")):
                # 同比-5%, 从-3%到5% (a range keeps its high end)
                p["lo"], p["hi"] = (-p["lo"], p["hi"]) if p["range"] else (-p["hi"], -p["lo"])
                start -= 1
            qual = None
            pq = self._pre_qual(start)
            if pq:
                qual, start = pq
            sq = _SUF_QUAL.match(s, end)
            if sq:
                qual = qual or _SUF_QUAL_KIND[sq.group("q")]
                end = sq.end()
            if qual is None and p["over"]:
                qual = "over"
            if qual is None and p["vague"]:
                qual = "about"
            if (p["vague"] and s[p["start"] - 1:p["start"]] == "大" and p["lo"] != p["hi"]
                    and s[p["start"] - 2:p["start"] - 1] not in _NOT_BEFORE_DA):
                # 大几百万: the upper part of the vague range
                p["lo"] = p["lo"] + (p["hi"] - p["lo"]) * 3 / 7
                start = min(start, p["start"] - 1)
            per = None
            if p["kind"] not in ("percent", "cheng", "pp", "times", "dur", "year", "age", "points"):
                ps = _PER_SUFFIX.match(s, end)
                if ps:
                    self.consumed.append((ps.start(), ps.end()))
                    per = (_PER_TOKENS[ps.group("n").replace(" ", "").replace("\t", "")]
                           if ps.group("n") else _PER_TIME[ps.group("t")])
                    end = ps.end()
                else:
                    pn = _PER_NOUN_SUFFIX.match(s, end)
                    if pn:
                        per = _PER_TIME[pn.group("t")]
            out.append({**p, "start": start, "end": end, "qual": qual, "per": per})

        self._assign_rates(out)
        out.extend(self._free(out))
        for m in _DOUBLINGS.finditer(s):
            n = _CN_DIGIT.get(m.group("n")) or int(m.group("n"))
            out.append({"start": m.start(), "end": m.end(), "lo": Decimal(2**n),
                        "hi": Decimal(2**n), "unit": "times", "kind": "times", "qual": None,
                        "per": None})
        out.sort(key=lambda d: (d["start"], d["end"]))
        kept: list[dict] = []
        for d in out:  # a qualifier word never reaches into the amount before
            if kept and d["start"] < kept[-1]["end"]:
                d["start"] = kept[-1]["end"]
            if d["start"] < d["end"]:
                kept.append(d)
        out = kept
        result = []
        for d in out:
            result.append(Quantity(self.text[d["start"]:d["end"]], d["start"], d["end"],
                                   float(d["lo"]), float(d["hi"]), d["unit"], d["per"], d["qual"]))
        return result

    def _core_value_at(self, start: int) -> Decimal:
        m = _CORE.search(self.s, start)
        p = self._core(m) if m else None
        return p[0] if p else Decimal(0)

    def _bounds(self, pos: int, ends: str) -> tuple[int, int]:
        s = self.s
        a = pos
        while a > 0 and s[a - 1] not in ends:
            a -= 1
        b = pos
        while b < len(s) and s[b] not in ends:
            b += 1
        return a, b

    def _assign_rates(self, out: list[dict]) -> None:
        """A rate written before amounts goes to the first amount after it in the sentence and to
        the amounts of that amount's clause (a list). A 每/均 rate also carries on into later
        clauses of the sentence (输入1元,输出2元) while they hold only amounts of the same unit
        and no duration, percentage, multiple, year or other rate."""
        def takes(d: dict) -> bool:
            return d["unit"] in _RATE_TAKERS and d["kind"] != "year" and not d.get("fromfree")

        for mstart, mend, per, kind in self.markers:
            if any(a <= mstart < b for a, b in self.consumed):
                continue  # 20美元每月: already the rate of the amount before it
            _, sent_end = self._bounds(mend, _SENTENCE_END)
            after = [d for d in out if mend <= d["start"] < sent_end and not d.get("fromfree")]
            first = None
            for d in after:
                if d["unit"] in _RATE_BLOCKERS:
                    break
                if takes(d):
                    first = d
                    break
            if first is None:
                continue
            _, clause_end = self._bounds(first["start"], _CLAUSE_END)
            for d in after:
                if first["start"] <= d["start"] < clause_end and d["per"] is None and takes(d):
                    d["per"] = per
            if kind == "every":
                other_markers = [a for a, _, _, _ in self.markers if clause_end <= a < sent_end]
                pos = clause_end
                while pos < sent_end:
                    c_end = self._bounds(pos + 1, _CLAUSE_END)[1]
                    inside = [d for d in after if pos <= d["start"] < c_end]
                    if any(pos <= a < c_end for a in other_markers) or any(
                            not takes(d) or d["unit"] != first["unit"] or d["per"] is not None
                            for d in inside):
                        break
                    for d in inside:
                        d["per"] = per
                    pos = c_end
            gap = self.s[mend:first["start"]]
            if self.s[mstart] == "每" and not gap.strip(" \t") and first["per"] == per:
                first["start"] = mstart  # 每月20美元: the rate word is part of the surface

    def _free(self, out: list[dict]) -> list[dict]:
        """免费 as a zero price: after a money amount in a list, or after 降到/降至 …."""
        s = self.s
        found = []
        for m in _FREE.finditer(s):
            unit = per = None
            jm = re.search(r"(?:、|和|或|及|以及|与)" + _SP + "$", s[max(0, m.start() - 4):m.start()])
            if jm:
                join_start = m.start() - (len(s[max(0, m.start() - 4):m.start()]) - jm.start())
                prev = [d for d in out if d["end"] <= join_start and s[d["end"]:join_start].strip(" \t") == ""]
                if prev and prev[-1]["unit"] in MONEY:
                    unit, per = prev[-1]["unit"], prev[-1]["per"]
            if unit is None and _FREE_PRICE_BEFORE.search(s[max(0, m.start() - 6):m.start()]):
                unit = "CNY"
                # a rate written earlier in the sentence applies to this price as well
                a, _ = self._bounds(m.start(), _SENTENCE_END)
                for mstart, mend, p, _ in self.markers:
                    if a <= mstart and mend <= m.start():
                        per = p
            if unit is None:
                continue
            found.append({"start": m.start(), "end": m.end(), "lo": Decimal(0), "hi": Decimal(0),
                          "unit": unit, "kind": "money", "qual": None, "per": per, "fromfree": True})
        return found


# ---------------------------------------------------------------------------------------------
# Public API

def extract(text: str, *, years: bool = False) -> list[Quantity]:
    """All quantities in ``text`` in order; calendar years only with ``years=True``."""
    return _Parser(text, years).parse()


def find(text: str | Iterable[Quantity], value: float, unit: str | None = None, *,
         years: bool = False, rel_tol: float = 1e-9) -> list[Quantity]:
    """Quantities in ``text`` (a string, or quantities already extracted) whose ``low`` or
    ``high`` equals ``value`` within ``rel_tol``, restricted to ``unit`` when given."""
    qs = extract(text, years=years) if isinstance(text, str) else list(text)
    return [q for q in qs
            if (unit is None or q.unit == unit)
            and (math.isclose(q.low, value, rel_tol=rel_tol, abs_tol=0.0)
                 or math.isclose(q.high, value, rel_tol=rel_tol, abs_tol=0.0))]


def has(text: str | Iterable[Quantity], value: float, unit: str | None = None, *,
        years: bool = False, rel_tol: float = 1e-9) -> bool:
    """True when ``find`` finds anything."""
    return bool(find(text, value, unit, years=years, rel_tol=rel_tol))
