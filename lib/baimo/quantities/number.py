"""One number and what is written with it: a date it belongs to (2024年5月, 5月21日), its
magnitude (万, 亿, 多), a fraction (三分之一), its unit (美元, %, 个月, 7B …) or a currency before it
(¥100), and whether it is part of a model name or too vague to count.

``read_number(s, number_match)`` reads one number of the normalised text ``s``; the reader walks
the text and puts numbers together into ranges.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .lexicon import (
    CHENG_TENTH,
    CN_CLASSIFIER,
    CODE_CHAR,
    DATE_AFTER_SHORT_YEAR,
    DATE_AFTER_YEAR,
    FRACTION,
    HK_DOLLAR_CONTEXT,
    LATIN,
    MODEL_LEFT,
    MONTH_TAIL,
    MONTHS_COUNTED,
    MORE_AFTER_UNIT,
    NOT_QUALIFIER_AFTER,
    OK_LEFT_WORDS,
    ONE_COUNTED,
    PREFIX_CURRENCY,
    PREFIX_CURRENCY_UNIT,
    QUALIFIER_BEFORE,
    QUALIFIER_BEFORE_KIND,
    SENTENCE_END,
    SLASH_CHAIN,
    SLASH_DATE_AFTER,
    SLASH_DENOMINATOR,
    SLASH_FRACTION_AFTER,
    SLASH_FRACTION_BEFORE,
    UNIT_RULES,
    YEAR_WORD,
    UnitRule,
)
from .numerals import CN_DIGIT, MAGNITUDE, MAGNITUDES, MORE, NUMBER, SPACE, ZHAO, Numeral, read_numeral


@dataclass
class Reading:
    """One number with what follows it, before qualifiers and rates are settled."""

    start: int
    end: int
    low: Decimal
    high: Decimal
    unit: str | None = None
    kind: str | None = None  # the UnitRule kind (money, dur, count …), "year" for a calendar year
    magnitude: bool = False  # a magnitude (万, 亿 …) was written
    over: bool = False  # 多 / 余
    vague: bool = False  # 几 / 数 / 两三
    date: bool = False
    calendar_year: bool = False
    bare_ok: bool = False  # may stand without a unit
    inherit: bool = False  # bare number that may take its unit from a following list item
    range_only: bool = False  # bare small Chinese numeral: only the low end of a range


@dataclass(frozen=True)
class UnitMatch:
    """A unit rule that matched after a number (``match`` is None for a currency written before
    the number, ¥100)."""

    match: re.Match | None
    unit: str
    scale: Decimal
    kind: str


# Skip one number: (None, the position to go on from). Read one: (the reading, that position).
Read = tuple[Reading | None, int]


def left_of(s: str, pos: int, n: int = 12) -> str:
    return s[max(0, pos - n) : pos]


def qualifier_before(s: str, a: int) -> tuple[str, int] | None:
    """Qualifier written before position ``a``: (kind, start of the qualifier word)."""
    left = left_of(s, a, 10)
    qualifier_match = QUALIFIER_BEFORE.search(left)
    if not qualifier_match:
        return None
    word = qualifier_match.group("q")
    word_start = a - len(left) + qualifier_match.start("q")
    before = s[word_start - 1] if word_start >= 1 else ""
    if word in NOT_QUALIFIER_AFTER and before in NOT_QUALIFIER_AFTER[word]:
        return None
    if word in ("上", "破", "过") and qualifier_match.group("f"):
        return None
    if word == "上" and not (a < len(s) and s[a] in "十百千万亿"):
        return None
    if word == "上" and before == "之":
        return None
    return QUALIFIER_BEFORE_KIND[word], word_start


def skip_code(s: str, pos: int) -> int:
    """The end of the letters, digits, dots and dashes from ``pos`` (Qwen2.5-72B, 5G)."""
    while pos < len(s) and CODE_CHAR.match(s[pos]):
        pos += 1
    return pos


def read_number(s: str, number_match: re.Match, floor: int = 0) -> Read:
    """Read a number and its magnitude/unit; a currency before it counts from ``floor`` on."""
    a, b = number_match.start(), number_match.end()
    numeral = read_numeral(s, number_match)
    if numeral is None:
        return None, b
    reading = Reading(a, b, numeral.low, numeral.high, vague=numeral.vague)
    date = _date(s, number_match, numeral, reading)
    if date is not None:
        return date
    scale, pos = _magnitude(s, b, numeral, reading)
    if (
        not reading.magnitude
        and number_match.group("ar")
        and (zhao := ZHAO.match(s, b))
        and PREFIX_CURRENCY.search(left_of(s, a, 6))
    ):
        scale, pos, reading.magnitude = Decimal(10**12), zhao.end(), True  # 新台币19.7兆
    small = numeral.small and not reading.magnitude  # 一百多万 is not small
    if numeral.chinese and not small:
        reading.magnitude = True
    fraction = _fraction(s, pos, b, numeral, reading)
    if fraction is not None:
        return fraction
    if number_match.group("ar"):
        model = _model_name(s, a, b)
        if model is not None:
            return model
        if not reading.magnitude and s.startswith("/", b):
            return _slash_fraction(s, a, b, numeral, reading)
    unit_match = _unit(s, pos, number_match, numeral, reading, small)
    if number_match.group("ar") and not unit_match and pos < len(s) and LATIN.match(s[pos]):
        return None, skip_code(s, pos)  # digits glued to Latin letters that are not a unit: 5G, 3D, 32k
    if unit_match and numeral.chinese and not _chinese_takes(s, a, numeral, reading, unit_match, small):
        unit_match = None
    if unit_match:
        scale *= unit_match.scale
        pos = _after_unit(s, pos, numeral, reading, unit_match)
    elif number_match.group("ar") and (currency := _currency_before(s, a, floor)):
        unit_match = currency
        reading.unit, reading.kind, reading.start = currency.unit, "money", currency_start(s, a)
    elif not _bare(s, a, numeral, reading, small):
        return None, b
    reading.low *= scale
    reading.high *= scale
    reading.end = pos if (unit_match or reading.magnitude) else b
    return reading, reading.end


def _date(s: str, number_match: re.Match, numeral: Numeral, reading: Reading) -> Read | None:
    """A calendar year (2024年; a date when a month or part of the year follows), a month or
    day (5月, 12月中旬, 5月21日), a short year (24年上半年); None when the number is none."""
    pos = number_match.end()
    year_word = YEAR_WORD.match(s, pos)
    if numeral.year is not None and year_word:
        reading.end = year_word.end()
        reading.calendar_year = True
        reading.unit = "year"
        if DATE_AFTER_YEAR.match(s, year_word.end()):
            reading.date = True
        return reading, year_word.end()
    if numeral.year is not None and numeral.chinese:
        return None, pos
    low = numeral.low
    if not numeral.vague and low == numeral.high and low == low.to_integral() and 1 <= low <= 12:
        month_tail = MONTH_TAIL.match(s, pos)
        if month_tail and not MONTHS_COUNTED.match(s, pos):
            reading.date = True
            reading.end = month_tail.end()
            return reading, month_tail.end()
    arabic = number_match.group("ar")
    if (
        arabic
        and numeral.integer
        and len(arabic) == 2
        and year_word
        and DATE_AFTER_SHORT_YEAR.match(s, year_word.end())
    ):
        reading.date = True
        reading.end = year_word.end()
        return reading, reading.end
    return None


def _magnitude(s: str, pos: int, numeral: Numeral, reading: Reading) -> tuple[Decimal, int]:
    """多 / magnitude / 多 at ``pos``, after the number: (the magnitude's scale, the position after)."""
    magnitude_match = MAGNITUDE.match(s, pos)
    if magnitude_match and not numeral.half:
        reading.magnitude = True
        reading.over = bool(magnitude_match.group("duo") or magnitude_match.group("duo2"))
        return Decimal(MAGNITUDES[magnitude_match.group("mag")]), magnitude_match.end()
    more_match = MORE.match(s, pos)
    if more_match:
        reading.over = True
        pos = more_match.end()
    return Decimal(1), pos


def _fraction(s: str, pos: int, b: int, numeral: Numeral, reading: Reading) -> Read | None:
    """三分之一, 百分之五十 as a percentage (the number read so far is the denominator);
    None when no 分之 follows."""
    fraction_match = FRACTION.match(s, pos)
    if not fraction_match or reading.magnitude or numeral.half:
        return None
    numerator_match = NUMBER.match(s, fraction_match.end())
    if numerator_match and (numerator_match.group("ar") or numerator_match.group("cn")):
        numerator = read_numeral(s, numerator_match)
        if numerator is not None and numeral.low > 0:
            reading.low, reading.high = numerator.low * 100 / numeral.low, numerator.high * 100 / numeral.low
            reading.vague = reading.vague or numerator.low != numerator.high
            reading.unit, reading.kind, reading.end = "percent", "percent", numerator_match.end()
            return reading, numerator_match.end()
    return None, b


def _slash_fraction(s: str, a: int, b: int, numeral: Numeral, reading: Reading) -> Read:
    """1/400 as a percentage (0.25); (None, the end of the slashes) for what only looks like one:
    a date (2025/1/28, 1/28 15:23, 1/20就职), 24/7, 16:9-style ratios, 2024/2025."""
    chain = SLASH_CHAIN.match(s, b)
    if chain is None:
        return None, b + 1  # a slash before no digits: 4/费
    end = chain.end()
    denominator = SLASH_DENOMINATOR.match(s, b)
    if (
        not numeral.integer
        or s[a - 1 : a] in ("/", ".")
        or not denominator
        or denominator.end() != end
        or SLASH_DATE_AFTER.match(s, end)
    ):
        return None, end
    numerator, under = numeral.low, Decimal(denominator.group("d"))
    if not 0 < numerator < under or (numeral.year and 1800 <= under <= 2100):
        return None, end
    if (
        numerator <= 12
        and under <= 31
        and not (SLASH_FRACTION_BEFORE.search(left_of(s, a, 3)) or SLASH_FRACTION_AFTER.match(s, end))
    ):
        return None, end  # 1/20: as likely a date as a fraction without 的, 约, 仅 … around it
    reading.low = reading.high = numerator * 100 / under
    reading.unit, reading.kind, reading.end = "percent", "percent", end
    return reading, end


def _model_name(s: str, a: int, b: int) -> Read | None:
    """Digits in a model name, version or code written with Latin letters (GPT-4, V2) or after
    a dot; None when they are not."""
    left_word = MODEL_LEFT.search(left_of(s, a, 30))
    if left_word and not OK_LEFT_WORDS.search(left_word.group(1)):
        return None, skip_code(s, b)
    if a >= 1 and s[a - 1] == ".":
        return None, b
    return None


def _unit(
    s: str, pos: int, number_match: re.Match, numeral: Numeral, reading: Reading, small: bool
) -> UnitMatch | None:
    """The first unit rule that matches at ``pos`` (spaces allowed) and fits the number."""
    spaces = re.match(SPACE, s[pos:]).end()
    for rule in UNIT_RULES:
        rule_match = rule.pattern.match(s, pos + spaces)
        if rule_match and _fits(rule, rule_match, number_match, numeral, reading, small, spaces):
            return UnitMatch(rule_match, rule.unit, rule.scale, rule.kind)
    return None


def _fits(
    rule: UnitRule,
    rule_match: re.Match,
    number_match: re.Match,
    numeral: Numeral,
    reading: Reading,
    small: bool,
    spaces: int,
) -> bool:
    """Whether a unit rule that matched may follow this number."""
    kind = rule.kind
    if kind == "suffix" and (spaces or reading.magnitude or not number_match.group("ar")):
        return False  # 7B, 32K tokens: glued to Arabic digits
    if kind == "points" and (numeral.chinese or numeral.half):
        return False
    if kind == "da" and not (numeral.chinese and small and not numeral.one and not numeral.vague):
        return False
    if (
        kind == "dur"
        and "ge" in rule.pattern.groupindex
        and rule.unit in ("months", "quarters")
        and not rule_match.group("ge")
        and not numeral.half
    ):
        return False
    return not (numeral.half and kind != "dur")


def _chinese_takes(s: str, a: int, numeral: Numeral, reading: Reading, unit_match: UnitMatch, small: bool) -> bool:
    """Whether a Chinese numeral, which doubles as an ordinary word, takes this unit."""
    left = left_of(s, a, 3)
    kind = unit_match.kind
    if numeral.one and kind == "count" and ONE_COUNTED.search(left):
        return True  # 1token对应一个汉字: an equivalence, so 一个 is one, not "a"
    if numeral.one and kind not in ("money", "percent", "cheng", "times", "dur", "bytes"):
        return False
    if numeral.one and (left.endswith("的") or left.endswith("重要")):
        return False  # 重要的一年, 的一天: "a year", not a duration claim
    if numeral.only_vague:
        return False  # 几个, 几年: too vague to be a claim
    if (
        numeral.magnitude_first
        and kind not in ("gpus", "times", "tokens", "params")
        and not qualifier_before(s, a)
        and not reading.over
    ):
        return False  # 以亿美元为单位, 百家号; but 超过亿元, 上万张, 万卡, 百余家
    # 语惊四座, 两轮换: a small Chinese numeral takes only some classifiers
    return not (small and kind == "count" and not CN_CLASSIFIER.match(unit_match.match.group()))


def _after_unit(s: str, pos: int, numeral: Numeral, reading: Reading, unit_match: UnitMatch) -> int:
    """Take the unit and what may follow it (3倍多, 一年半, 一个多月, 175B参数, 元人民币);
    returns the position after all of it."""
    kind = unit_match.kind
    reading.unit, reading.kind = unit_match.unit, kind
    pos = unit_match.match.end()
    if kind == "cheng" and not reading.vague and (tenth := CHENG_TENTH.match(s, pos)):
        reading.low += Decimal(CN_DIGIT[tenth.group()]) / 10  # 九成九 = 9.9 成 = 99%
        reading.high += Decimal(CN_DIGIT[tenth.group()]) / 10
        pos += 1
    if kind == "times" and MORE_AFTER_UNIT.match(s, pos):
        reading.over = True  # 3倍多
        pos += 1
    if kind == "dur":
        if "tduo" in unit_match.match.re.groupindex and unit_match.match.group("tduo"):
            reading.over = True
        if s.startswith("半", pos) and not numeral.half:
            reading.low += Decimal("0.5")
            reading.high += Decimal("0.5")
            pos += 1
        if MORE_AFTER_UNIT.match(s, pos):
            reading.over = True
            pos += 1
    if kind in ("params", "suffix") and s.startswith("参数", pos):
        pos += 2
    if unit_match.unit == "CNY" and kind == "money" and s.startswith("人民币", pos):
        pos += 3
    return pos


def _currency_before(s: str, a: int, floor: int) -> UnitMatch | None:
    """¥100, $20, RMB 5亿, 人民币100亿: a currency written right before the digits, at or
    after ``floor``."""
    currency_match = PREFIX_CURRENCY.search(left_of(s, a, 6))
    if not currency_match or currency_start(s, a) < floor:
        return None
    unit = PREFIX_CURRENCY_UNIT[currency_match.group("c")]
    if currency_match.group("c") == "$" and HK_DOLLAR_CONTEXT.search(s, sentence_start(s, a), a):
        unit = "HKD"
    return UnitMatch(None, unit, Decimal(1), "money")


def sentence_start(s: str, pos: int) -> int:
    """Where the sentence holding ``pos`` starts."""
    while pos > 0 and s[pos - 1] not in SENTENCE_END:
        pos -= 1
    return pos


def _bare(s: str, a: int, numeral: Numeral, reading: Reading, small: bool) -> bool:
    """A number without a unit: whether it may stand (marking how), False when it is dropped."""
    if numeral.half:
        return False
    if numeral.chinese:
        # a bare Chinese numeral needs 万/亿 (五千万), and one that starts with its
        # magnitude (万, 亿, 千万) needs a qualifier (过亿)
        if numeral.only_vague or (numeral.magnitude_first and not qualifier_before(s, a)):
            return False
        if small:
            reading.range_only = True  # 两 in 两到三年; never a quantity on its own
            reading.inherit = True
        else:
            reading.bare_ok = True
    elif reading.magnitude:
        reading.bare_ok = True
    else:
        reading.inherit = True
    return True


def currency_start(s: str, a: int) -> int:
    """Where a currency written before the digits at ``a`` starts (it must be there)."""
    left = left_of(s, a, 6)
    return a - (len(left) - PREFIX_CURRENCY.search(left).start())
