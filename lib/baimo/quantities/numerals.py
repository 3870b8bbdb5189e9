"""Numbers as written: Arabic digits (with thousands commas), Chinese numerals (一千零五, 三点五亿,
两三, 几十), the magnitudes 万/亿/千万 … that follow a number, and full-width normalisation.

Values are ``Decimal`` so that 1600亿 and 0.0008 scale exactly; ``Numeral`` records how the number
is written, which the reader needs to tell a quantity from an ordinary word (一, 几, 万 …).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

# Full-width digits, Latin letters and signs, and dashes, mapped one character to one character
# (so offsets into the normalised text are offsets into the original).
FULLWIDTH = {0xFF10 + i: 0x30 + i for i in range(10)}
FULLWIDTH.update({0xFF21 + i: 0x41 + i for i in range(26)})
FULLWIDTH.update({0xFF41 + i: 0x61 + i for i in range(26)})
FULLWIDTH.update(
    {
        0xFF0E: ord("."),
        0xFF05: ord("%"),
        0xFF0D: ord("-"),
        0xFF5E: ord("~"),
        0xFF0F: ord("/"),
        0x3000: ord(" "),
        0xFFE5: ord("¥"),
        0xFF04: ord("$"),
        0x2014: ord("-"),
        0x2013: ord("-"),
        0x2212: ord("-"),
        0x301C: ord("~"),
        0xFE52: ord("."),  # ﹒ small full stop: a decimal point in full-width typesetting (３﹒５萬)
        0xFE6A: ord("%"),  # ﹪ small percent sign
        0xFE63: ord("-"),  # ﹣ small hyphen-minus
    }
)
# Traditional forms of the characters a number is read with (numerals, magnitudes, classifiers,
# currencies), so that text OpenCC has not simplified reads the same: 萬 億 個 兩 點 幣 ….
FULLWIDTH.update(
    {
        ord(t): ord(s)
        for t, s in zip(
            "萬億個兩點幣張塊項條種類場輪戶隻歲週鐘時圓", "万亿个两点币张块项条种类场轮户只岁周钟时元", strict=True
        )
    }
)
#: A full-width or small comma between digits, followed by three digits: a thousands separator
#: (１，０００ → 1,000); elsewhere it is the clause comma and stays.
_WIDE_THOUSANDS = re.compile(r"(?<=\d)[，﹐](?=\d{3}(?!\d))")

CN_DIGIT = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "壹": 1,
    "贰": 2,
    "叁": 3,
    "肆": 4,
    "伍": 5,
    "陆": 6,
    "柒": 7,
    "捌": 8,
    "玖": 9,
}
CN_SMALL = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
#: 廿 (20) and 卅 (30), as Taiwan and Hong Kong papers write them (百分之廿六, 七百廿亿).
CN_TENS = {"廿": 20, "卅": 30}
CN_BIG = {"万": 10**4, "亿": 10**8}
#: The Chinese digit characters, as a regex class body.
CN_DIGITS = "".join(CN_DIGIT)
CN_RUN = rf"[{CN_DIGITS}十拾百佰千仟廿卅万亿几数]+(?:点[{CN_DIGITS}]+[万亿]*)?"
# What may follow a decimal point written as 点 or with a space after it (19点7兆, 47. 5万): a
# magnitude or a unit, so that 3点5分 (a time) and a numbered list ("1. 5G") stay apart.
_DECIMAL_AHEAD = r"(?=[ \t]*(?:[万亿兆千百%‰倍元]|美元|港元|欧元|日元|英镑|个百分点))"
ARABIC = (
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d.])"
    rf"|\d+点\d+{_DECIMAL_AHEAD}"
    rf"|(?<=[^\s\d.,])\d+\.[ ]\d+{_DECIMAL_AHEAD}"
    r"|\d+(?:\.\d+)?"
)

#: The start of a number: 一半/半数 (50%), Arabic digits, a run of Chinese numerals, or 半.
NUMBER = re.compile(rf"(?P<yiban>一半|半数)|(?P<ar>{ARABIC})|(?P<cn>{CN_RUN})|(?P<half>半)")

#: Spaces or tabs a writer may leave between a number and what belongs to it.
SPACE = r"[ \t]*"
MAGNITUDES = {
    "兆": 10**12,
    "万亿": 10**12,
    "千亿": 10**11,
    "百亿": 10**10,
    "十亿": 10**9,
    "千万": 10**7,
    "百万": 10**6,
    "十万": 10**5,
    "亿": 10**8,
    "万": 10**4,
    "千": 1000,
    "百": 100,
}
# 兆 is 10^12 (Taiwan, Hong Kong: 3兆美元, 100兆Token) only before money or tokens; in mainland
# writing 兆 before 字节/瓦/赫/像素 … is mega, so a 兆 before anything else is no magnitude …
_ZHAO_UNIT = (
    r"[ \t]*[多余]?[ \t]*(?:元|美元|美金|港元|港币|新台币|台币|人民币|欧元|英镑|日元"
    r"|个?[ \t]?(?:[Tt]okens?|TOKENS?|词元))"
)
# … or as the first end of a range whose second end has it (60兆到100兆个词元)
_ZHAO_AHEAD = rf"(?={_ZHAO_UNIT}|[ \t]*(?:到|至|-|~)[ \t]*[\d.{CN_DIGITS}十百千]+[ \t]*兆{_ZHAO_UNIT})"
#: 兆 after a number with a currency before it (新台币19.7兆): 10^12 too.
ZHAO = re.compile(SPACE + "兆")
#: A magnitude after a number, with 多/余 ("more than") before or after it.
MAGNITUDE = re.compile(
    SPACE
    + r"(?P<duo>[多余])?"
    + SPACE
    + r"(?P<mag>万亿|千亿|百亿|十亿|千万|百万|十万|亿|万|千(?![克米瓦焦兆帕伏赫])|百(?![分])|兆"
    + _ZHAO_AHEAD
    + ")"
    + r"(?P<duo2>[多余](?![少数样种么]))?"
)
#: 多/余 right after a number without a magnitude (40多个, 300余人).
MORE = re.compile(SPACE + r"[多余](?![少数样种么元])")


@dataclass(frozen=True)
class Numeral:
    """The value of one written number and how it is written."""

    low: Decimal
    high: Decimal  # above ``low`` for a vague numeral (几十, 两三)
    chinese: bool = False  # written in Chinese numerals
    small: bool = False  # Chinese, without 万/亿 (五, 十二, 三百)
    magnitude_first: bool = False  # Chinese, starting with its magnitude (万, 亿, 千万, 百余)
    one: bool = False  # exactly 一 / 壹
    vague: bool = False  # 几, 数, 两三: low < high
    integer: bool = False  # Arabic digits without a decimal point or commas
    year: int | None = None  # four digits that could be a calendar year (2024, 二〇二四)
    half: bool = False  # 半
    only_vague: bool = False  # 几 or 数 alone


def normalise(text: str) -> str:
    """Full-width and small-form digits, letters and signs as ASCII (﹒ and ． as a decimal point,
    ％ ﹪ as %, a ， between digits before three more as a thousands comma) and the traditional
    forms of number characters as simplified, character for character: offsets into the result
    are offsets into ``text``."""
    return _WIDE_THOUSANDS.sub(",", text.translate(FULLWIDTH))


def cn_value(run: str, pick: int) -> Decimal:
    """Value of a Chinese numeral; ``pick`` 0 reads vague digits low, 1 high."""
    if "点" in run:
        return _cn_decimal(run, pick)
    if "亿" in run:
        i = run.rindex("亿")
        return (cn_value(run[:i], pick) if run[:i] else Decimal(1)) * 10**8 + (
            cn_value(run[i + 1 :], pick) if run[i + 1 :] else 0
        )
    if "万" in run:
        i = run.index("万")
        return (cn_value(run[:i], pick) if run[:i] else Decimal(1)) * 10**4 + (
            cn_value(run[i + 1 :], pick) if run[i + 1 :] else 0
        )
    return _cn_below_ten_thousand(run, pick)


def _cn_decimal(run: str, pick: int) -> Decimal:
    """三点五, 三点五亿: the digits after 点 are the fraction, a 万/亿 after them scales all."""
    head, _, tail = run.partition("点")
    magnitudes = ""
    while tail and tail[-1] in CN_BIG:
        magnitudes = tail[-1] + magnitudes
        tail = tail[:-1]
    fraction = Decimal("0." + "".join(str(CN_DIGIT[c]) for c in tail))
    value = cn_value(head, pick) + fraction
    for c in magnitudes:
        value *= CN_BIG[c]
    return value


def _cn_below_ten_thousand(run: str, pick: int) -> Decimal:
    """一千零五, 三百, 十二, 两三, 几十 (no 万/亿)."""
    total = Decimal(0)
    digit: Decimal | None = None
    i = 0
    while i < len(run):
        c = run[i]
        if c in CN_DIGIT:
            d = CN_DIGIT[c]
            following = run[i + 1] if i + 1 < len(run) else ""
            if following in CN_DIGIT and CN_DIGIT[following] == d + 1:  # 两三, 七八: an approximate pair
                digit = Decimal(d if pick == 0 else d + 1)
                i += 2
                continue
            digit = Decimal(d)
        elif c in ("几", "数"):
            digit = Decimal(2 if pick == 0 else 9)
        elif c in CN_SMALL:
            total += (digit if digit is not None else 1) * CN_SMALL[c]
            digit = None
        elif c in CN_TENS:
            total += CN_TENS[c]
            digit = None
        i += 1
    return total + (digit if digit is not None else 0)


def cn_valid(run: str) -> bool:
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
        if c in CN_TENS:  # 廿六, 七百廿; never after a digit (二廿)
            if prev and (prev in CN_DIGIT or prev in "几数" or prev in CN_TENS):
                return False
            digits_run = 0
            prev = c
            continue
        if c in CN_DIGIT or c in "几数":
            digits_run += 1
            if digits_run > 2:
                return False
            if digits_run == 2:
                if prev in "几数" or c in "几数":
                    return False
                if CN_DIGIT[c] != CN_DIGIT[prev] + 1:
                    return False
        else:
            digits_run = 0
            if prev and prev == c:
                return False
        prev = c
    return True


_DIGIT_STRING = re.compile(
    rf"(?P<d>[{CN_DIGITS.replace('两', '')}]{{3,}})(?P<m>[万亿]*)(?:点(?P<f>[{CN_DIGITS}]+))?(?P<m2>[万亿]*)"
)


def digit_string(run: str) -> Decimal | None:
    """三四九亿 → 349亿: three or more Chinese digits read one by one, as Taiwan papers write
    them, only with a magnitude after them (三四五线 is a list, 二〇二四 a year); None otherwise."""
    match = _DIGIT_STRING.fullmatch(run)
    if not match or match.group("d")[0] in "零〇" or not (match.group("m") or match.group("m2")):
        return None
    if match.group("m") and match.group("f"):
        return None  # 三四九亿点五: ill-formed
    value = Decimal("".join(str(CN_DIGIT[c]) for c in match.group("d")))
    if match.group("f"):
        value += Decimal("0." + "".join(str(CN_DIGIT[c]) for c in match.group("f")))
    for c in match.group("m") + match.group("m2"):
        value *= CN_BIG[c]
    return value


def cn_year(run: str) -> int | None:
    """二〇二四 → 2024 (four plain digits, no units)."""
    if len(run) == 4 and all(c in CN_DIGIT and c != "两" for c in run):
        return int("".join(str(CN_DIGIT[c]) for c in run))
    return None


def read_numeral(s: str, number_match: re.Match) -> Numeral | None:
    """The value of the number ``NUMBER`` matched in ``s`` and how it is written; None for 一半
    (read on its own), for 半 in 上半年/下半年 and for an ill-formed Chinese numeral."""
    if number_match.group("yiban"):
        return None
    if number_match.group("ar"):
        return _arabic(number_match.group("ar"))
    if number_match.group("half"):
        start = number_match.start()
        if s[max(0, start - 1) : start] in ("上", "下", "前", "后", "大", "多"):
            return None  # 上半年, 下半年: a part of the year
        return Numeral(Decimal("0.5"), Decimal("0.5"), half=True)
    return _chinese(number_match.group("cn"))


def _arabic(raw: str) -> Numeral:
    value = Decimal(raw.replace(",", "").replace("点", ".").replace(" ", ""))
    integer = raw.isdigit()
    year = int(raw) if integer and len(raw) == 4 and 1800 <= int(raw) <= 2100 else None
    return Numeral(value, value, integer=integer, year=year)


def _chinese(run: str) -> Numeral | None:
    year = cn_year(run)
    if year is not None:
        return Numeral(Decimal(year), Decimal(year), chinese=True, year=year)
    digits = digit_string(run)
    if digits is not None:
        return Numeral(digits, digits, chinese=True)
    if not cn_valid(run):
        return None
    low, high = cn_value(run, 0), cn_value(run, 1)
    core = run.partition("点")[0]
    return Numeral(
        low,
        high,
        chinese=True,
        small=not any(c in "万亿" for c in run),
        magnitude_first=core[0] in "百佰千仟万亿",
        one=low == high == 1 and core in ("一", "壹"),
        vague=low != high,
        only_vague=core in ("几", "数"),
    )


def value_at(s: str, start: int) -> Decimal:
    """Value (low end) of the first number at or after ``start``; 0 when there is none."""
    number_match = NUMBER.search(s, start)
    numeral = read_numeral(s, number_match) if number_match else None
    return numeral.low if numeral else Decimal(0)
