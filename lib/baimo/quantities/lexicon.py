"""The words around a number, as data: units and currencies, qualifiers (超过, 左右 …), rate words
(每月, 元/千tokens, 年薪), and the contexts that make a number a date, a model name or a minus sign.

Every regex here is matched in the full-width-normalised text (``numerals.normalise``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from baimo.text import MASK

from .numerals import CN_DIGITS, SPACE

# ---------------------------------------------------------------------------------------------
# Vocabularies of Quantity fields

UNITS = frozenset(
    {
        "CNY",
        "USD",
        "EUR",
        "GBP",
        "JPY",
        "HKD",
        "TWD",
        "percent",
        "percentage_points",
        "tokens",
        "times",
        "parameters",
        "gpus",
        "bytes",
        "count",
        "age",
        "points",
        "years",
        "quarters",
        "months",
        "weeks",
        "days",
        "hours",
        "minutes",
        "seconds",
        "year",
    }
)
PERS = frozenset(
    {
        "thousand_tokens",
        "ten_thousand_tokens",
        "million_tokens",
        "day",
        "week",
        "month",
        "quarter",
        "year",
        "hour",
    }
)
QUALIFIERS = frozenset({"over", "under", "about", "up_to"})
LOST = MASK + "\ufffd"  # where mojibake repair lost characters

MONEY = frozenset({"CNY", "USD", "EUR", "GBP", "JPY", "HKD", "TWD"})
DURATIONS = frozenset({"years", "quarters", "months", "weeks", "days", "hours", "minutes", "seconds"})
#: Units a rate written before the amount (每月, 日均) attaches to; None is a unitless amount.
RATE_TAKERS = MONEY | {"tokens", "count", "gpus", "parameters", "bytes", None}
#: Units that use up a rate written before them: the rate then goes to nothing after.
RATE_BLOCKERS = frozenset({"percent", "percentage_points", "times"})

# The basic Han block only (not ``baimo.text.CJK``, which adds Extension A and the compatibility
# ideographs): these lookaheads were written, and are tested, against this block.
HAN = "\u4e00-\u9fff"

SENTENCE_END = "。！？!?；;\n"
CLAUSE_END = SENTENCE_END + ",，：:"

# ---------------------------------------------------------------------------------------------
# Units


@dataclass(frozen=True)
class UnitRule:
    """One way of writing a unit after a number."""

    pattern: re.Pattern
    unit: str  # one of UNITS
    scale: Decimal  # 毛 = 0.1 元, ‰ = 0.1 %, K tokens = 1000 tokens …
    kind: str  # how the reader treats it: money, percent, dur, count, suffix (7B, 32K tokens) …


# 175B / 7B as a parameter count only when a parameter word or punctuation follows (not 3M公司).
_PARAM_AHEAD = r"(?=[ \t]*(?:个?参数|的?大?模型|规模|级别|[,，。、;；)）]|$))"
# (pattern, unit, scale, kind). Tried in order at the position after the number (and magnitude).
_BYTES_AHEAD = r"(?![A-Za-z])"
_UNIT_TABLE = [
    (r"元人民币|人民币", "CNY", 1, "money"),
    (r"元?新台币|台币|新台元", "TWD", 1, "money"),
    (r"美元|美金", "USD", 1, "money"),
    (r"欧元", "EUR", 1, "money"),
    (r"英镑", "GBP", 1, "money"),
    (r"日元", "JPY", 1, "money"),
    (r"港元|港币", "HKD", 1, "money"),
    (r"元(?![宇年素旦首老帅件器宝])", "CNY", 1, "money"),
    (r"(?:张|块)(?=[^。！？；;\n]{0,15}?(?:GPU|卡|芯片|晶片|显卡|[AH]\d{2,3}))", "gpus", 1, "gpus"),
    # 个 is a GPU count only with the chip right after it (5万个被禁晶片), not 个 in general
    (r"个(?![月季小星])(?=[^,，。！？；;\n]{0,4}?(?:GPU|芯片|晶片|显卡|加速卡|[AH]\d{2,3}))", "gpus", 1, "gpus"),
    (rf"块钱|块(?![A-Za-z{HAN}])", "CNY", 1, "money"),
    (r"毛钱|毛(?![利病发衣巾笔毯绒细])", "CNY", Decimal("0.1"), "money"),
    (rf"角钱|角(?![{HAN}])", "CNY", Decimal("0.1"), "money"),
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
    # data sizes in bytes, decimal (SI) prefixes as news and vendors write them: 1 PB = 10^15 B
    (r"[Kk]B" + _BYTES_AHEAD + "|千字节", "bytes", 10**3, "bytes"),
    (r"MB" + _BYTES_AHEAD + "|兆字节", "bytes", 10**6, "bytes"),
    (r"GB" + _BYTES_AHEAD + "|吉字节", "bytes", 10**9, "bytes"),
    (r"TB" + _BYTES_AHEAD + "|太字节", "bytes", 10**12, "bytes"),
    (r"PB" + _BYTES_AHEAD + "|拍字节", "bytes", 10**15, "bytes"),
    (r"EB" + _BYTES_AHEAD + "|艾字节", "bytes", 10**18, "bytes"),
    (r"ZB" + _BYTES_AHEAD + "|泽字节", "bytes", 10**21, "bytes"),
    (r"KiB" + _BYTES_AHEAD, "bytes", 2**10, "bytes"),
    (r"MiB" + _BYTES_AHEAD, "bytes", 2**20, "bytes"),
    (r"GiB" + _BYTES_AHEAD, "bytes", 2**30, "bytes"),
    (r"TiB" + _BYTES_AHEAD, "bytes", 2**40, "bytes"),
    (r"PiB" + _BYTES_AHEAD, "bytes", 2**50, "bytes"),
    (r"字节(?!跳动)|[Bb]ytes?" + _BYTES_AHEAD, "bytes", 1, "bytes"),
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
    (
        r"个|人(?![工民类才士群])|家(?![庭乡居具电])|款(?!项)|项(?!目)|份(?!额)|位(?!置)"
        r"|名(?![字称单义气片额])|次|起(?![来步点码])|座|台|件|条(?!件)|篇|部(?![门分署])|种|类"
        r"|张|步|单(?![位元独一纯次])|户|场(?![景合])|轮|只(?![是有能要需用剩花占不])"
        r"|本(?![地土身质届次期月年周日轮季文人来着科])",
        "count",
        1,
        "count",
    ),
    (rf"大(?=[{HAN}])", "count", 1, "da"),
]
UNIT_RULES = [UnitRule(re.compile(p), u, Decimal(s), k) for p, u, s, k in _UNIT_TABLE]


def first_scale(unit: str) -> Decimal:
    """The scale of the first rule written for ``unit``."""
    return next(rule.scale for rule in UNIT_RULES if rule.unit == unit)


# Classifiers a small Chinese numeral may take (Arabic numbers take all of them).
#: 一 before a classifier is the article "a" (一个问题) except after an equivalence verb.
ONE_COUNTED = re.compile(r"(?:对应|相当于|等于)[ \t]*$")
CN_CLASSIFIER = re.compile(r"[个家款项份位名次种类张步条台件篇部人本]")
PREFIX_CURRENCY = re.compile(
    r"(?P<c>US\$|HK\$|NT\$|\$|¥|€|£|RMB|CNY|USD|EUR|GBP|HKD|TWD|NTD|人民币|美元|新台币)[ \t]*$"
)
#: On a Hong Kong stock quote (沽空 short-selling turnover, a .HK code, 港股 …) a bare $ is HK$.
HK_DOLLAR_CONTEXT = re.compile(r"沽空|港股|港交所|恒指|恒生|\.HK(?![A-Za-z])|港元|港币")
PREFIX_CURRENCY_UNIT = {
    "US$": "USD",
    "$": "USD",
    "USD": "USD",
    "美元": "USD",
    "HK$": "HKD",
    "HKD": "HKD",
    "NT$": "TWD",
    "TWD": "TWD",
    "NTD": "TWD",
    "新台币": "TWD",
    "¥": "CNY",
    "RMB": "CNY",
    "CNY": "CNY",
    "人民币": "CNY",
    "€": "EUR",
    "EUR": "EUR",
    "£": "GBP",
    "GBP": "GBP",
}
#: The digit after 成 that adds tenths of 10% (九成九 = 99%), not a numeral going on (三成五十)
#: or one with its own unit (三成五家, 两成一年).
CHENG_TENTH = re.compile(rf"[一二三四五六七八九](?![{CN_DIGITS}十百千万亿成个家年月天倍元岁人项款位名次种类])")
#: 多 after 倍 or a duration (3倍多, 一个月多), not the start of 多少/多数/多元 ….
MORE_AFTER_UNIT = re.compile(r"多(?![少数样元种家个位项次方么])")

# ---------------------------------------------------------------------------------------------
# Qualifiers

# Qualifier words written before the number, with optional filler words between.
QUALIFIER_BEFORE = re.compile(
    r"(?P<q>没有超过|没超过|未超过|不超过|至多|最高|最多|不少于|不低于|至少|超过|超出|高于|大于|多于|不止|逾|突破|超|破|过|上"
    r"|不足|不到|低于|少于|小于|未满|大约|约为|约合|约|将近|接近|近乎|近|大概|差不多)"
    r"(?P<f>了|达到|达|到|为|是|有|增长了?|下降了?|提高了?|提升了?|降低了?)?" + SPACE + r"$"
)
QUALIFIER_BEFORE_KIND = {
    "没有超过": "up_to",
    "没超过": "up_to",
    "未超过": "up_to",  # negated 超过: at most
    "不超过": "up_to",
    "至多": "up_to",
    "最高": "up_to",
    "最多": "up_to",
    "不少于": "over",
    "不低于": "over",
    "至少": "over",
    "超过": "over",
    "超出": "over",
    "高于": "over",
    "大于": "over",
    "多于": "over",
    "不止": "over",
    "逾": "over",
    "突破": "over",
    "超": "over",
    "破": "over",
    "过": "over",
    "上": "over",
    "不足": "under",
    "不到": "under",
    "低于": "under",
    "少于": "under",
    "小于": "under",
    "未满": "under",
    "大约": "about",
    "约为": "about",
    "约合": "about",
    "约": "about",
    "将近": "about",
    "接近": "about",
    "近乎": "about",
    "近": "about",
    "大概": "about",
    "差不多": "about",
}
# A qualifier over "X的" before a share (约为GPT-4价格的1/400, 接近去年的一半): the words of
# QUALIFIER_BEFORE of two characters or more but those of comparison (高于训练的78% compares with
# another share; it does not bound this one), then up to 12 characters or names (GPT-4) without
# another number or a clause break, then 的.
QUALIFIER_BEFORE_OF = re.compile(
    r"(?P<q>没有超过|没超过|未超过|不超过|至多|最多|至少|不止|不足|不到|大约|约为|约合|将近|接近|近乎|大概|差不多)"
    r"(?:为|是|占|达到?|相当于)?(?:[A-Za-z][A-Za-z0-9.\-]*|[^\dA-Za-z\s,，。；;：:、!?！？〓]){1,12}的" + SPACE + r"$"
)
# Characters that, right before a one-character qualifier, make it part of another word.
NOT_QUALIFIER_AFTER = {
    "过": set("经通不没错越度难路看想说去来用跑走讲听问试见熬渡跨转放略翻信胜好一穿透闪滤改做读"),
    "近": set("最附邻亲靠就逼贴新"),
    "约": set("签合预违制节条契公婚履特邀赴缔隐"),
    "超": set("赶高"),
    "破": set("打突攻爆击冲"),
    "上": set("以之加再马向往北南东西线早晚网"),
    "最高": set(),
}
QUALIFIER_AFTER = re.compile(
    SPACE + r"(?P<q>以上|之上|以下|之下|左右|上下(?![游班文级])|以内|之内|出头|开外"
    r"|\+(?![\d+]))"
)
QUALIFIER_AFTER_KIND = {
    "+": "over",
    "以上": "over",
    "之上": "over",
    "出头": "over",
    "开外": "over",
    "以下": "under",
    "之下": "under",
    "左右": "about",
    "上下": "about",
    "以内": "up_to",
    "之内": "up_to",
}

# ---------------------------------------------------------------------------------------------
# Rates

_TOKEN_WORD = r"(?:[Tt]okens?|TOKENS?|词元)"
PER_TIME = {
    "月": "month",
    "季度": "quarter",
    "季": "quarter",
    "年": "year",
    "天": "day",
    "日": "day",
    "小时": "hour",
    "周": "week",
    "星期": "week",
}
PER_TOKENS = {
    "百万": "million_tokens",
    "1百万": "million_tokens",
    "一百万": "million_tokens",
    "100万": "million_tokens",
    "1M": "million_tokens",
    "M": "million_tokens",
    "千": "thousand_tokens",
    "一千": "thousand_tokens",
    "1千": "thousand_tokens",
    "1000": "thousand_tokens",
    "1K": "thousand_tokens",
    "K": "thousand_tokens",
    "1k": "thousand_tokens",
    "k": "thousand_tokens",
    "万": "ten_thousand_tokens",
    "1万": "ten_thousand_tokens",
    "一万": "ten_thousand_tokens",
}
PER_NOUN = {"月": "month", "年": "year"}  # 包月 年薪 …: the time word of a rate noun
_TOKEN_N = r"(?P<n>100万|1百万|一百万|百万|1000|1千|一千|千|1万|一万|万|1[ \t]?[MKk]|[MKk])"
_TIME_W = r"(?P<t>季度|小时|星期|月|季|年|天|日|周)"
# Rate written before the amount (每月 …, 每百万tokens …).
RATE_BEFORE = re.compile(
    r"每"
    + SPACE
    + r"(?:一|个)?"
    + SPACE
    + r"(?:"
    + _TOKEN_N
    + SPACE
    + r"(?:个)?"
    + SPACE
    + _TOKEN_WORD
    + r"|"
    + _TIME_W
    + r"(?!经济|报|刊))"
    r"|(?<![\d〇零一二两三四五六七八九十几今去明前后全本当近往该每上下次同])(?:(?P<avg>[日月年])均"
    r"|(?P<noun>包月|包年|年薪|月薪|年费|月费|年收入|年营收|年产值|年利润|年化收入|年销售额|月收入))"
    # the unit first, without 每, before a price word: 千tokens输入价格仅为3厘, 百万tokens的价格
    r"|(?<![\d.〇零一二两三四五六七八九十百千万亿几数每/])"
    r"(?P<unit_first>100万|1百万|一百万|百万|1000|1千|一千|千|1万|一万|万|1[ \t]?[MKk])"
    + SPACE
    + r"(?:个)?"
    + SPACE
    + _TOKEN_WORD
    + r"(?=[ \t]*的?[ \t]*(?:输入|输出|推理|价格|定价|售价|收费|费用|成本|价))"
)
# Rate written right after the amount (元/千tokens, 美元每月, 万年薪).
RATE_AFTER = re.compile(
    SPACE
    + r"(?:/|每)"
    + SPACE
    + r"(?:个)?"
    + SPACE
    + r"(?:"
    + _TOKEN_N
    + SPACE
    + r"(?:个)?"
    + SPACE
    + _TOKEN_WORD
    + r"|"
    + _TIME_W
    + r")"
)
RATE_NOUN_AFTER = re.compile(SPACE + r"(?P<t>[年月])(?=薪|费|收入)")
PER_TOKENS_SPAN = re.compile(r"/" + SPACE + _TOKEN_N + SPACE + r"(?:个)?" + SPACE + _TOKEN_WORD)


def per_tokens(written: str) -> str:
    """The per of a token count written in a rate (千, 1 M, 100万)."""
    return PER_TOKENS[written.replace(" ", "").replace("\t", "")]


# ---------------------------------------------------------------------------------------------
# Dates, ranges, lists, signs, names

# After 2024年: a month or a part of the year makes it a date.
DATE_AFTER_YEAR = re.compile(
    SPACE
    + r"(?:(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
    + SPACE
    + r"(?:-"
    + SPACE
    + r"\d{1,2}"
    + SPACE
    + r")?月|年初|年中|年底|年末|年终|年度|年前|年后|底|初|末|度|过半|[上下]半年|[上下]旬|第|Q\d|[一二三四]季度"
    r"|前三季度|[春夏秋冬])"
)
DATE_AFTER_SHORT_YEAR = re.compile(SPACE + r"(?:[上下]半年|底|初|中|末|\d{1,2}" + SPACE + r"月|第|Q\d)")
YEAR_WORD = re.compile(SPACE + "年")
MONTH_TAIL = re.compile(
    SPACE + r"月(?:份)?(?:" + SPACE + r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})" + SPACE + r"[日号])?"
)
#: 5个月, 3多个月: a count of months, not the month 5月.
MONTHS_COUNTED = re.compile(SPACE + r"(?:多|余)?" + SPACE + "个")
FRACTION = re.compile(SPACE + r"分之" + SPACE)
# 1/400: a fraction written with a slash (the numerator is read first). A chain of slashes is a
# date (2025/1/28); a clock time, 日/号/起/前 … or Latin letters after it (1/20就职, 1/2B) are no
# fraction; a small pair (1/20) is one only with 的/约/仅 … before it or 的/左右 … after it.
SLASH_CHAIN = re.compile(r"(?:/\d+(?:\.\d+)?)+")
SLASH_DENOMINATOR = re.compile(r"/(?P<d>[1-9]\d*)(?![\d.])")
SLASH_DATE_AFTER = re.compile(r"[ \t]*(?:\d|[A-Za-z]|日|号|起|前|后|至|到|开|晚|早|上午|下午|周|星期|[(（]|-)")
SLASH_FRACTION_BEFORE = re.compile(r"(?:的|为|是|约|仅|只有|占|达|近|了)[ \t]*$")
SLASH_FRACTION_AFTER = re.compile(r"[ \t]*(?:的|左右|以上|以下|之多|上下)")
# A currency the sentence states for its amounts (以人民币计, 按美元计算), and words that make an
# amount without a unit one of money (营收, 利润, 投入 …): together with the sentence's money amounts
# they let a later bare amount take the sentence's one currency (营收1000亿元,利润200亿).
CURRENCY_STATED = re.compile(
    r"(?:以|按照|按|用)(?P<c>人民币|美元|美金|港元|港币|欧元|日元|英镑|新台币|台币)(?:计算|计价|结算|计)"
)
CURRENCY_WORD_UNIT = {
    "人民币": "CNY",
    "美元": "USD",
    "美金": "USD",
    "港元": "HKD",
    "港币": "HKD",
    "欧元": "EUR",
    "日元": "JPY",
    "英镑": "GBP",
    "新台币": "TWD",
    "台币": "TWD",
}
MONEY_WORD = re.compile(
    r"营收|收入|营业额|销售额|交易额|成交额|利润|净利|毛利|亏损|净亏|盈利|收益|创收|投入|投资|融资|募资|出资|估值"
    r"|市值|成本|开支|支出|花费|耗资|费用|价格|售价|定价|预算|资金|金额|市场规模|薪酬|奖金|补贴|罚款|赔偿|收购|贷款"
    r"|债务|负债|资产|现金|分红|回购|损失|身价|票房|GMV"
)
RANGE_SEPARATOR = re.compile(SPACE + r"(?:[-~]|至(?![多少今])|到)" + SPACE)
LIST_JOIN = re.compile(SPACE + r"(?:、|和|与|及|以及|或)" + SPACE)
LIST_JOIN_BEFORE = re.compile(r"(?:、|和|或|及|以及|与)" + SPACE + "$")
FREE = re.compile(r"免费")
FREE_PRICE_BEFORE = re.compile(r"(?:降到|降至|降为|降价至|变为|变成|改为|调整为|调至)了?" + SPACE + r"$")
NOT_BEFORE_DA = set("扩增放加巨最很强较更太重宏远伟庞长高壮")  # 扩大几十倍 is not 大几十
DOUBLINGS = re.compile(r"翻了?" + SPACE + r"(?P<n>[一两二三四五1-5])" + SPACE + r"番")
# A "-" right before a number is a minus sign after these (not after 2024, 10%, 3亿 …: a range).
MINUS_AFTER = re.compile(
    rf"[ \t,，:：;；(（]|[{HAN}](?<![{CN_DIGITS}万亿千百十元年月日天周个家次人款项份倍成点毛角分厘镑欧金币卡张岁钟])"
)
MODEL_LEFT = re.compile(r"([A-Za-z][A-Za-z0-9_.\-]*)( ?)$")
OK_LEFT_WORDS = re.compile(r"(?:[Tt]okens?|TOKENS?|RMB|USD|CNY|EUR|GBP|HKD|US)$")
LATIN = re.compile(r"[A-Za-z]")
CODE_CHAR = re.compile(r"[A-Za-z0-9._\-]")
