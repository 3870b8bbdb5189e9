"""Building ``Quantity``s from what the reader found: a range's two ends become one amount, bare
numbers in a list take the unit that closes it (5、10和20万元), then each amount gets its sign,
qualifier (超过 …, … 左右, 多, 几) and rate (元/千tokens, 每月 …); 免费 and 翻一番 are added.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from .lexicon import (
    CLAUSE_END,
    CURRENCY_STATED,
    CURRENCY_WORD_UNIT,
    DOUBLINGS,
    FREE,
    FREE_PRICE_BEFORE,
    LIST_JOIN,
    LIST_JOIN_BEFORE,
    MINUS_AFTER,
    MONEY,
    MONEY_WORD,
    NOT_BEFORE_DA,
    PER_TIME,
    QUALIFIER_AFTER,
    QUALIFIER_AFTER_KIND,
    QUALIFIER_BEFORE_KIND,
    QUALIFIER_BEFORE_OF,
    RATE_AFTER,
    RATE_BLOCKERS,
    RATE_NOUN_AFTER,
    RATE_TAKERS,
    SENTENCE_END,
    per_tokens,
)
from .number import left_of, qualifier_before
from .numerals import CN_DIGIT, value_at
from .reader import Mention, RateWord, range_low


@dataclass(frozen=True)
class Quantity:
    """One numeric mention (the fields are described in the package's docstring)."""

    surface: str
    start: int
    end: int
    low: float
    high: float
    unit: str | None
    per: str | None = None
    qualifier: str | None = None
    carried: bool = False  # the unit is the currency the sentence states earlier (利润200亿)

    @property
    def is_range(self) -> bool:
        return self.low != self.high


@dataclass
class Amount:
    """One quantity being assembled: a mention's value and unit, then its sign, qualifier and rate
    (offsets into the normalised text, values as ``Decimal``)."""

    start: int
    end: int
    low: Decimal
    high: Decimal
    unit: str | None
    kind: str | None  # the reading's kind; "year" for a calendar year
    vague: bool = False
    over: bool = False
    inherit: bool = False  # a bare number that may take its unit from the list item after it
    bare_ok: bool = False  # may stand without a unit
    range_only: bool = False  # a bare small Chinese numeral (两): never a quantity on its own
    is_range: bool = False
    qualifier: str | None = None
    per: str | None = None
    carried: bool = False


def assemble(text: str, s: str, mentions: list[Mention], rates: list[RateWord], *, years: bool) -> list[Quantity]:
    """The quantities of ``text`` (``s`` is its normalised copy) from the reader's mentions and
    the rate words written before amounts; calendar years only with ``years``."""
    amounts = _amounts(s, mentions, years)
    _units_from_list_end(s, amounts)
    amounts = [amount for amount in amounts if amount.bare_ok and not amount.inherit]
    rates_after: list[tuple[int, int]] = []  # rate words read as written after an amount
    for amount in amounts:
        number_start = amount.start
        _sign(s, amount)
        _qualify(s, amount, number_start)
        _rate_after(s, amount, rates_after)
    _carry_currency(s, amounts)
    _rates_before(s, amounts, rates, rates_after)
    amounts.extend(_zero_prices(s, amounts, rates))
    amounts.extend(_doublings(s))
    amounts.sort(key=lambda amount: (amount.start, amount.end))
    return [
        Quantity(
            text[amount.start : amount.end],
            amount.start,
            amount.end,
            float(amount.low),
            float(amount.high),
            amount.unit,
            amount.per,
            amount.qualifier,
            amount.carried,
        )
        for amount in _without_overlaps(amounts)
    ]


def _amounts(s: str, mentions: list[Mention], years: bool) -> list[Amount]:
    """One amount per mention: a range takes its unit, kind and end from its second end."""
    amounts = []
    for mention in mentions:
        first, second = mention.first, mention.range_end
        if second is not None and second.calendar_year:
            first = replace(first, calendar_year=True)
        if second is not None:
            amount = Amount(
                first.start,
                second.end,
                range_low(s, first, second),
                second.high,
                second.unit,
                second.kind,
                vague=first.vague or second.vague,
                over=second.over,
                bare_ok=True,
            )
        else:
            amount = Amount(
                first.start,
                first.end,
                first.low,
                first.high,
                first.unit,
                first.kind,
                vague=first.vague,
                over=first.over,
                inherit=first.inherit,
                bare_ok=first.bare_ok or first.unit is not None,
            )
        if first.calendar_year:
            if not years:
                continue
            amount.unit, amount.kind = "year", "year"
        amount.range_only = first.range_only and second is None
        amount.is_range = second is not None
        amounts.append(amount)
    return amounts


def _units_from_list_end(s: str, amounts: list[Amount]) -> None:
    """Bare Arabic numbers in a list take the unit of the item that closes the list: 5、10和20万元."""
    for i in range(len(amounts) - 2, -1, -1):
        amount, following = amounts[i], amounts[i + 1]
        if not amount.inherit or amount.range_only:
            continue
        join = LIST_JOIN.match(s, amount.end)
        if not (
            join
            and join.end() == following.start
            and following.unit is not None
            and following.kind not in ("year", "dur")
            and (following.bare_ok or following.unit)
        ):
            continue
        written = value_at(s, following.start)
        if not written:
            continue
        factor = following.low / written
        if following.low != following.high:
            continue
        amount.low = amount.low * factor
        amount.high = amount.high * factor
        amount.unit, amount.kind, amount.inherit = following.unit, following.kind, False
        amount.bare_ok = True


def _sign(s: str, amount: Amount) -> None:
    """同比-5%, 从-3%到5%: a minus sign (a range keeps its high end)."""
    start = amount.start
    if (
        start >= 1
        and s[start - 1] == "-"
        and (start == 1 or MINUS_AFTER.match(s[start - 2]))
        and amount.kind not in ("year", "dur", "count")
    ):
        amount.low, amount.high = (-amount.low, amount.high) if amount.is_range else (-amount.high, -amount.low)
        amount.start -= 1


def _qualify(s: str, amount: Amount, number_start: int) -> None:
    """A qualifier word before (超过) or after (左右) the amount, else 多 (over) or a vague
    numeral (about); 大几百万 (大 before ``number_start``) reads the upper part of a vague range."""
    before = qualifier_before(s, amount.start)
    if before:
        amount.qualifier, amount.start = before
    after = QUALIFIER_AFTER.match(s, amount.end)
    if after:
        amount.qualifier = amount.qualifier or QUALIFIER_AFTER_KIND[after.group("q")]
        amount.end = after.end()
    if (
        amount.qualifier is None
        and amount.kind == "percent"
        and (of := QUALIFIER_BEFORE_OF.search(left_of(s, amount.start, 24)))
    ):
        amount.qualifier = QUALIFIER_BEFORE_KIND[of.group("q")]  # 约为GPT-4价格的1/400: not in the surface
    if amount.qualifier is None and amount.over:
        amount.qualifier = "over"
    if amount.qualifier is None and amount.vague:
        amount.qualifier = "about"
    if (
        amount.vague
        and s[number_start - 1 : number_start] == "大"
        and amount.low != amount.high
        and s[number_start - 2 : number_start - 1] not in NOT_BEFORE_DA
    ):
        amount.low = amount.low + (amount.high - amount.low) * 3 / 7
        amount.start = min(amount.start, number_start - 1)


def _rate_after(s: str, amount: Amount, rates_after: list[tuple[int, int]]) -> None:
    """A rate written right after the amount (元/千tokens, 美元每月, 万年薪); its span goes to
    ``rates_after``."""
    if amount.kind in ("percent", "cheng", "pp", "times", "dur", "year", "age", "points"):
        return
    rate_match = RATE_AFTER.match(s, amount.end)
    if rate_match:
        rates_after.append((rate_match.start(), rate_match.end()))
        amount.per = per_tokens(rate_match.group("n")) if rate_match.group("n") else PER_TIME[rate_match.group("t")]
        amount.end = rate_match.end()
        return
    noun_match = RATE_NOUN_AFTER.match(s, amount.end)
    if noun_match:
        amount.per = PER_TIME[noun_match.group("t")]


def _bounds(s: str, pos: int, ends: str) -> tuple[int, int]:
    """The span around ``pos`` between two of the characters ``ends`` (a sentence, a clause)."""
    a = pos
    while a > 0 and s[a - 1] not in ends:
        a -= 1
    b = pos
    while b < len(s) and s[b] not in ends:
        b += 1
    return a, b


def _takes_rate(amount: Amount) -> bool:
    return amount.unit in RATE_TAKERS and amount.kind != "year"


def _rates_before(s: str, amounts: list[Amount], rates: list[RateWord], rates_after: list[tuple[int, int]]) -> None:
    """A rate written before amounts goes to the first amount after it in the sentence and to
    the amounts of that amount's clause (a list). A 每/均 rate also carries on into later
    clauses of the sentence (输入1元,输出2元) while they hold only amounts of the same unit
    and no duration, percentage, multiple, year or other rate."""
    for rate in rates:
        if any(a <= rate.start < b for a, b in rates_after):
            continue  # 20美元每月: already the rate of the amount before it
        _, sentence_end = _bounds(s, rate.end, SENTENCE_END)
        after = [amount for amount in amounts if rate.end <= amount.start < sentence_end]
        first = _first_taker(after)
        if first is None:
            continue
        _, clause_end = _bounds(s, first.start, CLAUSE_END)
        for amount in after:
            if first.start <= amount.start < clause_end and amount.per is None and _takes_rate(amount):
                amount.per = rate.per
        if rate.carries_on:
            _carry_on(s, rate, rates, first, after, clause_end, sentence_end)
        gap = s[rate.end : first.start]
        glued = s[rate.start] == "每" and not gap.strip(" \t") and first.per == rate.per
        if glued:
            first.start = rate.start  # 每月20美元: the rate word is part of the surface
        before = qualifier_before(s, rate.start) if s[rate.start] == "每" and first.per == rate.per else None
        if before and first.qualifier is None:
            first.qualifier = before[0]  # 最高每天可盈利47.5万美元
            if glued:
                first.start = before[1]


def _first_taker(after: list[Amount]) -> Amount | None:
    """The first amount that takes a rate, unless a percentage or multiple comes first."""
    for amount in after:
        if amount.unit in RATE_BLOCKERS:
            return None
        if _takes_rate(amount):
            return amount
    return None


def _carry_on(
    s: str,
    rate: RateWord,
    rates: list[RateWord],
    first: Amount,
    after: list[Amount],
    clause_end: int,
    sentence_end: int,
) -> None:
    """每百万tokens输入1元,输出2元: the rate reaches the following clauses of the sentence while
    they hold only amounts like ``first`` that have no rate and no other rate word."""
    other_rates = [other.start for other in rates if clause_end <= other.start < sentence_end]
    pos = clause_end
    while pos < sentence_end:
        clause_end_here = _bounds(s, pos + 1, CLAUSE_END)[1]
        inside = [amount for amount in after if pos <= amount.start < clause_end_here]
        if any(pos <= a < clause_end_here for a in other_rates) or any(
            not _takes_rate(amount) or amount.unit != first.unit or amount.per is not None for amount in inside
        ):
            break
        for amount in inside:
            amount.per = rate.per
        pos = clause_end_here


def _carry_currency(s: str, amounts: list[Amount]) -> None:
    """An amount without a unit, after a money word of its clause (利润, 投入 …), takes the one
    currency its sentence states before it, in money amounts (营收1000亿元) or in words (以人民币计),
    when the sentence names no other currency; marked ``carried``."""
    for amount in amounts:
        if amount.unit is not None or amount.kind == "year":
            continue
        sentence_start, sentence_end = _bounds(s, amount.start, SENTENCE_END)
        clause_start, _ = _bounds(s, amount.start, CLAUSE_END)
        if not MONEY_WORD.search(s, clause_start, amount.start):
            continue
        earlier = [other for other in amounts if sentence_start <= other.start < amount.start and other.unit in MONEY]
        stated = [CURRENCY_WORD_UNIT[m.group("c")] for m in CURRENCY_STATED.finditer(s, sentence_start, amount.start)]
        everywhere = {
            other.unit for other in amounts if sentence_start <= other.start < sentence_end and other.unit in MONEY
        }
        currencies = {other.unit for other in earlier} | set(stated)
        if len(currencies) == 1 and everywhere <= currencies:
            amount.unit, amount.kind, amount.carried = currencies.pop(), "money", True


def _zero_prices(s: str, amounts: list[Amount], rates: list[RateWord]) -> list[Amount]:
    """免费 as a zero price: after a money amount in a list, or after 降到/降至 …."""
    found = []
    for free_match in FREE.finditer(s):
        unit = per = None
        left = s[max(0, free_match.start() - 4) : free_match.start()]
        join = LIST_JOIN_BEFORE.search(left)
        if join:
            join_start = free_match.start() - (len(left) - join.start())
            before = [
                amount
                for amount in amounts
                if amount.end <= join_start and s[amount.end : join_start].strip(" \t") == ""
            ]
            if before and before[-1].unit in MONEY:
                unit, per = before[-1].unit, before[-1].per
        if unit is None and FREE_PRICE_BEFORE.search(s[max(0, free_match.start() - 6) : free_match.start()]):
            unit = "CNY"
            # a rate written earlier in the sentence applies to this price as well
            sentence_start, _ = _bounds(s, free_match.start(), SENTENCE_END)
            for rate in rates:
                if sentence_start <= rate.start and rate.end <= free_match.start():
                    per = rate.per
        if unit is not None:
            found.append(Amount(free_match.start(), free_match.end(), Decimal(0), Decimal(0), unit, "money", per=per))
    return found


def _doublings(s: str) -> list[Amount]:
    """翻一番 → 2 times, 翻两番 → 4 times."""
    found = []
    for doubling in DOUBLINGS.finditer(s):
        n = CN_DIGIT.get(doubling.group("n")) or int(doubling.group("n"))
        found.append(Amount(doubling.start(), doubling.end(), Decimal(2**n), Decimal(2**n), "times", "times"))
    return found


def _without_overlaps(amounts: list[Amount]) -> list[Amount]:
    """A qualifier word never reaches into the amount before; an amount left empty is dropped."""
    kept: list[Amount] = []
    for amount in amounts:
        if kept and amount.start < kept[-1].end:
            amount.start = kept[-1].end
        if amount.start < amount.end:
            kept.append(amount)
    return kept
