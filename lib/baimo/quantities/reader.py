"""Finding the mentions of numbers in a text: the walk from number to number (stepping over rate
words, ordinals, digits touching lost characters), ranges (35至45亿美元, 2017年-2025年), and the
rate words written before amounts (每月, 日均, 年薪).

``Reader(s, masked).mentions()`` walks the normalised text ``s`` and returns ``Mention``s in text
order (each number read by ``number.read_number``); qualifiers, rates and signs are settled
afterwards (``assemble``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .lexicon import LOST, PER_NOUN, PER_TIME, PER_TOKENS_SPAN, RANGE_SEPARATOR, RATE_BEFORE, first_scale, per_tokens
from .number import Reading, left_of, read_number
from .numerals import MAGNITUDE, NUMBER, value_at


@dataclass(frozen=True)
class RateWord:
    """A rate written before the amounts it applies to: 每月, 每百万tokens, 日均 (``carries_on``:
    it also reaches later clauses of the sentence) or a rate noun such as 年收入, 包月."""

    start: int
    end: int
    per: str  # one of PERS
    carries_on: bool


@dataclass(frozen=True)
class Mention:
    """A number as the text states it: one reading, or the two ends of a range (35至45亿美元)."""

    first: Reading
    range_end: Reading | None = None


def rate_words(s: str) -> list[RateWord]:
    """Every rate written before an amount (每月, 每百万tokens, 日均, 年薪 …), in text order."""
    found = []
    for rate_match in RATE_BEFORE.finditer(s):
        if rate_match.group("n") or rate_match.group("unit_first"):
            per = per_tokens(rate_match.group("n") or rate_match.group("unit_first"))
        elif rate_match.group("t"):
            per = PER_TIME[rate_match.group("t")]
        elif rate_match.group("avg"):
            per = PER_TIME[rate_match.group("avg")]
        else:
            noun = rate_match.group("noun")
            per = PER_NOUN[noun[1] if noun[0] == "包" else noun[0]]
        found.append(RateWord(rate_match.start(), rate_match.end(), per, not rate_match.group("noun")))
    return found


def masked_spans(s: str, rates: list[RateWord]) -> list[tuple[int, int]]:
    """Spans whose numbers are not amounts: rate words (每百万tokens, 每一年) and /千tokens."""
    return [(r.start, r.end) for r in rates] + [(m.start(), m.end()) for m in PER_TOKENS_SPAN.finditer(s)]


def lost_near(s: str, a: int, b: int) -> bool:
    """Digits touching a character mojibake repair lost (〓.94亿, 5〓%)."""
    left = s[a - 1] if a >= 1 else ""
    left2 = s[a - 2] if a >= 2 else ""
    right = s[b] if b < len(s) else ""
    right2 = s[b + 1] if b + 1 < len(s) else ""

    def lost(c: str) -> bool:
        return c != "" and c in LOST

    return (
        lost(left) or (left != "" and left in ".,，" and lost(left2)) or lost(right) or (right == "." and lost(right2))
    )


def is_ordinal(s: str, a: int) -> bool:
    left = left_of(s, a, 4).rstrip(" \t")
    return left.endswith("第") or left.endswith("No.") or left.endswith("#") or left.endswith("初")


def range_low(s: str, first: Reading, second: Reading) -> Decimal:
    """Low end of the range first–second: the first number takes what it lacks from the second
    one (35至45亿美元: 亿 and 美元; 60万亿到100万亿tokens: nothing)."""
    if first.calendar_year or first.unit is not None:
        return first.low
    if not first.magnitude:
        core = value_at(s, second.start)
        return first.low * (second.low / core) if core else first.low
    if second.unit is not None:
        return first.low * first_scale(second.unit)
    return first.low


def range_ok(s: str, first: Reading, second: Reading) -> bool:
    if first.calendar_year or second.calendar_year:
        # 2017年-2025年, 2017-2025年
        first_is_year = first.calendar_year or (
            first.inherit
            and not first.range_only
            and first.low == first.low.to_integral()
            and 1800 <= first.low <= 2100
        )
        return first_is_year and second.calendar_year and first.low < second.low
    if second.unit is None and not second.magnitude:
        return False
    if first.unit is not None and first.unit != second.unit:
        return False
    return range_low(s, first, second) < second.high


class Reader:
    """Reads the numbers of the normalised text ``s``, stepping over ``masked`` spans."""

    def __init__(self, s: str, masked: list[tuple[int, int]]):
        self.s = s
        self.masked = masked

    def _masked_end(self, pos: int) -> int | None:
        for a, b in self.masked:
            if a <= pos < b:
                return b
        return None

    def mentions(self) -> list[Mention]:
        s = self.s
        found: list[Mention] = []
        pos = 0
        while number_match := NUMBER.search(s, pos):
            masked_end = self._masked_end(number_match.start())
            if masked_end is not None:
                pos = masked_end
                continue
            if lost_near(s, number_match.start(), number_match.end()) or is_ordinal(s, number_match.start()):
                pos = number_match.end()
                # also step over the digits' magnitude so "第3家" / "〓.94亿" leave nothing behind
                magnitude_match = MAGNITUDE.match(s, pos)
                if magnitude_match:
                    pos = magnitude_match.end()
                continue
            if number_match.group("yiban"):
                found.append(
                    Mention(
                        Reading(
                            number_match.start(), number_match.end(), Decimal(50), Decimal(50), "percent", "percent"
                        )
                    )
                )
                pos = number_match.end()
                continue
            mention, resume = self._mention(number_match, pos)
            if mention is not None:
                found.append(mention)
            pos = resume
        return found

    def _mention(self, number_match: re.Match, pos: int) -> tuple[Mention | None, int]:
        """The mention that starts with ``number_match`` (None: not a quantity) and where to go on."""
        first, resume = read_number(self.s, number_match, pos)
        if first is None or first.date:
            return None, max(resume, number_match.end())
        range_match = RANGE_SEPARATOR.match(
            self.s, first.end if first.calendar_year or first.unit or first.magnitude else number_match.end()
        )
        if range_match:
            range_end, resume_after = self._range_end(first, range_match.end())
            if range_end is not None:
                return Mention(first, range_end), max(resume_after, number_match.end())
            if resume_after is not None:
                return None, resume_after
        return Mention(first), max(resume, number_match.end())

    def _range_end(self, first: Reading, start: int) -> tuple[Reading | None, int | None]:
        """The second end of a range after the separator (35至45亿美元, 67%-97%, 2017年-2025年):
        (its reading, where to go on); (None, position) drops ``first`` too (1-7月, a range of
        months); (None, None) when there is no second end."""
        second_match = NUMBER.match(self.s, start)
        if not (
            second_match
            and (second_match.group("ar") or second_match.group("cn"))
            and not lost_near(self.s, second_match.start(), second_match.end())
        ):
            return None, None
        second, resume = read_number(self.s, second_match)
        if second is not None and not second.date and range_ok(self.s, first, second):
            return second, max(resume, second.end)
        if second is not None and second.date and first.inherit:
            return None, max(resume, second.end)
        return None, None
