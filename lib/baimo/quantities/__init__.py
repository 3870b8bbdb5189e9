"""Numeric quantities in cleaned (simplified) Chinese news text.

``extract(text, *, years=False) -> list[Quantity]`` finds amounts of money, percentages, token
counts, multiples, counts, durations and so on, and returns them in text order with exact offsets.
``find(text_or_quantities, value, unit=None)`` answers "is ``value`` one of the quantities in this
quote?" for a facts verifier.

A hand-written parser (standard library only): a regex finds the start of a number, and the code
around it reads what follows (magnitude, unit, range, qualifier, rate) and what precedes it
(qualifier words, ordinal 第, model names). The package's modules, from the bottom up:
``numerals`` (Arabic and Chinese numerals, 万/亿/兆, full-width digits), ``lexicon`` (units,
currencies, qualifier and rate words, date contexts: data), ``number`` (one number with its
magnitude and unit, or why it is no quantity), ``reader`` (the walk over a text: mentions, ranges,
rate words), ``assemble`` (qualifiers, rates, signs and lists settled into ``Quantity``s).

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
``carried``  True when ``unit`` is not written with the amount but is the one currency its sentence
             states before it (``营收1000亿元,利润200亿`` → 200亿 is CNY, carried; ``以人民币计,…研发投入
             为167亿``). Only for an amount without a unit after a money word of its clause (营收 收入
             利润 投入 投资 融资 估值 市值 成本 支出 价格 …), and only when the sentence names no other
             currency; ``用户2亿`` keeps None.

Numbers as written
------------------
Arabic digits (``1,000``, ``3.5``; ``19点7兆`` and ``47. 5万`` with 点 or a stray space as the
decimal point, before a magnitude or unit), Chinese numerals (一千零五, 三点五亿, 两三, 几十, 廿 = 20
and 卅 = 30: 百分之廿六, 七百廿亿; digit by digit before 万/亿: 三四九亿 = 349亿), magnitudes 万 亿
千万 … and 兆 = 10^12 (Taiwan, Hong Kong) before money or tokens (3兆美元, 100兆Token, 60兆到100兆个
词元, 新台币19.7兆; 兆字节 is 10^6 bytes, 100兆像素 nothing). The text is read in a normalised copy
of the same length: full-width and small-form digits and signs as ASCII (``３﹒５`` → 3.5, ``１０％``,
``﹪``, a ``，`` between digits before three more as a thousands comma) and the traditional forms of
number characters as simplified (萬 億 個 兩 點 幣 …), so ``３﹒５萬個`` is 35000.

Units
-----
money        ``CNY`` (元 人民币 块钱 毛 = 0.1 角 分钱 = 0.01 厘 = 0.001 ¥), ``USD`` (美元 美金 $),
             ``EUR`` (欧元 欧 €), ``GBP`` (英镑 镑 £), ``JPY`` (日元), ``HKD`` (港元 港币 HK$, and a
             bare $ in a sentence about Hong Kong shares: 沽空 $14.94亿, .HK, 港股), ``TWD`` (新台币
             台币 元新台币 NT$)
``percent``   value as written: 97% → 97; 三成 → 30; 九成九 → 99; 百分之五十 → 50; 三分之一 →
             33.33…; 1/400 → 0.25 (a slash fraction below 1; not a date: 2025/1/28, 1/20就职, 24/7);
             一半 / 半数 → 50; ‰ → value / 10
``percentage_points``  个百分点
``tokens``    tokens / token / 词元; ``32K tokens`` → 32000
``times``     倍 (增长7.5倍 → 7.5); 翻一番 → 2, 翻两番 → 4
``parameters`` 参数 (1750亿参数), or a bare ``175B`` / ``7B`` / ``350M`` / ``1T`` not inside a model name
``gpus``      卡 (万卡集群 → 1e4), 张/块 when GPU/卡/芯片/晶片 follows within a few characters, 个
             when the chip follows right after (5万个被禁晶片, 5万个H100)
``bytes``     data sizes in bytes, decimal (SI) prefixes as news and vendors write them: KB = 1e3,
             MB = 1e6, GB = 1e9, TB = 1e12, PB = 1e15 (400PB → 4e17), EB = 1e18, ZB = 1e21; KiB MiB
             GiB TiB PiB are powers of 2; 字节 千字节 兆字节 吉字节 太字节 拍字节 艾字节 (字节跳动 is a name)
``count``     classifiers 人 家 个 款 项 份 位 名 次 起 座 台 件 条 篇 部 种 类 张 步 单 户 场 轮 只 本
             (a small Chinese numeral takes only 个 家 款 项 份 位 名 次 种 类 张 步 条 台 件 篇 部 人 本,
             so 语惊四座 stays a phrase), and Chinese 两大/三大 (两大派别 → 2); 一个 only after an
             equivalence verb (对应一个汉字, 相当于一个), elsewhere it is the article "a"
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
``年均`` / ``包月`` / ``年薪`` / ``年收入`` / ``年产值`` …, or a token count without 每 and without a
number before it, followed by a price word (``千tokens输入价格仅为3厘`` → 0.003 CNY per
thousand_tokens; ``百万tokens的价格``). A rate written before the amount applies to
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

A qualifier also reaches a share over "X的" (``约为GPT-4价格的1/400`` → about; not comparisons:
``远高于训练的78%`` has none) and an amount over the 每 rate word it follows (``最高每天可盈利47.
5万美元`` → up_to); the surface then stays the amount's own.

Not quantities: dates (2024年5月, 5月21日, 12月中旬, 2024-08-15, 1-7月, Q4, 第一季度), ordinals
(第一, 第3), model names and versions (GPT-4, Qwen2.5-72B, pro-32k, o1, V2, A100, 可灵1.6版本,
AI 1.0), numbers without magnitude or unit (前20, 快递100), and any digits touching the mojibake
marker ``〓`` (``〓.94亿`` is not 0.94亿 or 94亿). ``免费`` is a zero price only where it is a price:
listed after a money amount (``8 毛、5 毛和免费``) or after 降到/降至/降为/变为/改为.

Known gaps: Chinese numerals with an elided unit (一万五 = 15000), Arabic-Chinese hybrids beyond
``1.5万``/``3千万`` (2万5千), a small slash pair with nothing around it (``1/20``: a date as likely
as a fraction, skipped), data sizes without B (128G, 1T), context lengths (128k), vague
amounts without a magnitude (几个, 这几年: dropped on purpose), 免费 where no price word or money
amount stands next to it (全面免费), rates per anything but time and tokens (每家 50亿美元 has no
rate), units the text leaves implicit where the sentence states no currency (``研发成本就高达167亿``
stays unit None), 兆 before a word that is neither money nor tokens (skipped), and 一 read as the
article "a" rather than as one (``AI领域的一年进步`` is skipped, ``经过一年`` is 1 year).
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from .assemble import Quantity, assemble
from .lexicon import DURATIONS, LOST, MONEY, PERS, QUALIFIERS, UNITS
from .numerals import normalise
from .reader import Reader, masked_spans, rate_words

__all__ = ["Quantity", "extract", "find", "has", "UNITS", "PERS", "QUALIFIERS", "MONEY", "DURATIONS", "LOST"]


def extract(text: str, *, years: bool = False) -> list[Quantity]:
    """All quantities in ``text`` in order; calendar years only with ``years=True``."""
    s = normalise(text)
    rates = rate_words(s)
    mentions = Reader(s, masked_spans(s, rates)).mentions()
    return assemble(text, s, mentions, rates, years=years)


def find(
    text: str | Iterable[Quantity], value: float, unit: str | None = None, *, years: bool = False, rel_tol: float = 1e-9
) -> list[Quantity]:
    """Quantities in ``text`` (a string, or quantities already extracted) whose ``low`` or
    ``high`` equals ``value`` within ``rel_tol``, restricted to ``unit`` when given."""
    qs = extract(text, years=years) if isinstance(text, str) else list(text)
    return [
        q
        for q in qs
        if (unit is None or q.unit == unit)
        and (
            math.isclose(q.low, value, rel_tol=rel_tol, abs_tol=0.0)
            or math.isclose(q.high, value, rel_tol=rel_tol, abs_tol=0.0)
        )
    ]


def has(
    text: str | Iterable[Quantity], value: float, unit: str | None = None, *, years: bool = False, rel_tol: float = 1e-9
) -> bool:
    """True when ``find`` finds anything."""
    return bool(find(text, value, unit, years=years, rel_tol=rel_tol))
