"""baimo.quantities: table-driven tests.

(a) SEED holds every sentence of the cleaned seed text (``baimo.clean``) that contains a digit or a
Chinese numeral (214 sentences; [] where nothing should come out), extracted with years=True.
SEED_CHROME holds the numeric lines of the raw seeds that the cleaner drops as page chrome. Both
tables are in tests/data/quantities_seed.json; the in-context tests require every one of their
sentences in the documents they came from, and every quantity of a cleaned document in a SEED sentence.

Recall: numeric claims found / numeric claims identified (calendar years not counted):

    000  62 / 65   missed: 全面免费 and 能力免费开放 (zero prices with no price word or amount
                   next to them); 月〓〓.94亿人 (the digit is lost to mojibake: unreadable, by design)
    001  63 / 63
    002  27 / 28   missed: 造价都以亿美元为单位 (an order of magnitude, not an amount)
    003  13 / 14   missed: AI领域的一年进步 (一 after 的 is read as "a", not as a duration)
    004  31 / 31
    all 196 / 201, plus 29 calendar years with years=True;
    chrome lines 12 / 13 (missed: 进球超25球; 球 is not a classifier), plus 1 year.

Partly right: in 001 文心大模型的日均调用量超15亿,相较5月披露的2亿,增长7.5倍,相较一年前首次披露的
5000万次, 15亿 and 2亿 get per=day but 5000万次 does not (the 7.5倍 clause stops the rate).
每家能产生50亿美元 has no "per company". Vague counts without a magnitude (几个项目, 这几年,
几个百分点) are not counted as claims and are not extracted.

(b) CONSTRUCTED: forms of the spec the seeds lack, each labelled "constructed".
(c) NEGATIVE: dates, model names, versions, ordinals, names with numerals, 〓-adjacent digits.
"""

from __future__ import annotations

import csv
import json
import math
import random
import re
from itertools import pairwise
from pathlib import Path

import opencc
import pytest

from baimo import clean, corpus
from baimo.quantities import PERS, QUALIFIERS, UNITS, Quantity, extract, find, has

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
DATA = Path(__file__).resolve().parent / "data"
REAL_PAGES = Path(__file__).resolve().parent / "fixtures" / "real_pages"


def _expected(rows):
    """Rows (surface, value or (low, high), unit, per, qualifier[, carried]) as _actual writes them."""
    out = []
    for surface, value, unit, per, qualifier, *carried in rows:
        low, high = value if isinstance(value, tuple) else (value, value)
        out.append((surface, float(low), float(high), unit, per, qualifier, bool(carried and carried[0])))
    return out


def _actual(qs: list[Quantity]):
    return [(q.surface, q.low, q.high, q.unit, q.per, q.qualifier, q.carried) for q in qs]


def _assert_same(actual, expected):
    assert [a[0] for a in actual] == [e[0] for e in expected], "surfaces differ"
    for a, e in zip(actual, expected, strict=True):
        assert a[1] == pytest.approx(e[1], rel=1e-9), (a, e)
        assert a[2] == pytest.approx(e[2], rel=1e-9), (a, e)
        assert a[3:] == e[3:], (a, e)


# ---------------------------------------------------------------------------------------------
# (a) Every numeric sentence of the seeds, from tests/data/quantities_seed.json: (doc_id, sentence,
# [(surface, value or (low, high), unit, per, qualifier), …]), extracted with years=True. SEED_CHROME:
# lines of the raw seeds that baimo.clean drops as page chrome (sidebars, forum furniture, related
# articles); still real text, and good cases: EUR/GBP amounts, 年薪, dates, versions, forum counts.


def _seed_table(name: str) -> list[tuple[str, str, list[tuple]]]:
    entries = json.loads((DATA / "quantities_seed.json").read_text(encoding="utf-8"))[name]
    return [
        (
            e["doc"],
            e["sentence"],
            [
                (surface, tuple(value) if isinstance(value, list) else value, *rest)
                for surface, value, *rest in e["quantities"]
            ],
        )
        for e in entries
    ]


SEED = _seed_table("seed")
SEED_CHROME = _seed_table("chrome")
DOCS = ("000", "001", "002", "003", "004")
# SEED_CHROME lines that are not verbatim in _approx_clean's text: their mojibake was repaired by hand.
CHROME_REPAIRED_BY_HAND = {"宇树科技加速冲刺科创板IPO,人形机器人龙头估值飙至120亿元"}

ALL_SEED = [(d, s, r, f"{d}-{i:03d}") for i, (d, s, r) in enumerate(SEED)] + [
    (d, s, r, f"{d}-chrome-{i:02d}") for i, (d, s, r) in enumerate(SEED_CHROME)
]


@pytest.mark.parametrize(("doc", "sentence", "rows"), [r[:3] for r in ALL_SEED], ids=[r[3] for r in ALL_SEED])
def test_seed_sentence(doc, sentence, rows):
    qs = extract(sentence, years=True)
    _assert_same(_actual(qs), _expected(rows))
    for q in qs:
        assert sentence[q.start : q.end] == q.surface


@pytest.mark.parametrize(("doc", "sentence", "rows"), [r[:3] for r in ALL_SEED], ids=[r[3] for r in ALL_SEED])
def test_seed_sentence_without_years(doc, sentence, rows):
    """The default leaves calendar years out and changes nothing else."""
    _assert_same(_actual(extract(sentence)), [e for e in _expected(rows) if e[3] != "year"])


def _raw(doc: str) -> str:
    return next(SEEDS.glob(f"{doc}_*.txt")).read_text(encoding="utf-8")


def _approx_clean(raw: str) -> str:
    """The raw seed simplified with its page chrome kept: pinyin annotations dropped, OpenCC t2s,
    著 → 着 outside 显著/著名 (what SEED_CHROME was taken from)."""
    tones = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
    text = re.sub(rf"\((?=[a-zü{tones} ]*[{tones}])[a-zü{tones} ]+\)", "", raw)
    text = opencc.OpenCC("t2s").convert(text).replace("\xa0", " ")
    return re.sub(r"(?<![显])著(?!名|作)", "着", text)


def _check_in_context(text: str, table: list) -> list[str]:
    """Each table sentence found verbatim in ``text`` gets, inside its span, exactly what it gets
    alone: rates, ranges, lists and qualifiers do not leak across sentence boundaries. Returns the
    table sentences that are not in ``text``."""
    qs = extract(text, years=True)
    for q in qs:
        assert text[q.start : q.end] == q.surface
        assert q.low <= q.high
    for a, b in pairwise(qs):
        assert a.end <= b.start
    missing = []
    for sentence, rows in table:
        if sentence not in text:
            missing.append(sentence)
            continue
        a = text.index(sentence)
        inside = [q for q in qs if a <= q.start and q.end <= a + len(sentence)]
        _assert_same(_actual(inside), _expected(rows))
    return missing


def test_seed_tables_cover_every_document():
    assert sorted({d for d, _, _ in SEED}) == list(DOCS)
    assert sorted(p.name[:3] for p in SEEDS.glob("*.txt")) == list(DOCS)
    assert sorted({d for d, _, _ in SEED_CHROME}) == ["000", "001", "002"]


@pytest.mark.parametrize("doc", DOCS)
def test_seed_documents_in_context(doc):
    """Whole cleaned documents (baimo.clean, where SEED was taken from): every SEED sentence of the
    document is in it, and every quantity found in the document lies inside a SEED sentence (so a
    table that lost sentences, or a cleaner that changed them, fails here)."""
    text = clean.clean(_raw(doc), evidence=corpus.seed_evidence()).text
    table = [(s, r) for d, s, r in SEED if d == doc]
    missing = _check_in_context(text, table)
    assert not missing, f"{len(missing)} of {len(table)} SEED sentences are not in the cleaned text: {missing}"
    spans = [(text.index(s), text.index(s) + len(s)) for s, _ in table]
    outside = [q.surface for q in extract(text, years=True) if not any(a <= q.start and q.end <= b for a, b in spans)]
    assert not outside, f"quantities of the cleaned text that no SEED sentence holds: {outside}"


@pytest.mark.parametrize("doc", ["000", "001", "002"])
def test_seed_chrome_in_context(doc):
    """The raw documents with their chrome, simplified, for the SEED_CHROME lines: every line is
    there but those repaired by hand."""
    text = _approx_clean(_raw(doc))
    table = [(s, r) for d, s, r in SEED_CHROME if d == doc]
    assert _check_in_context(text, table) == [s for s, _ in table if s in CHROME_REPAIRED_BY_HAND]


# ---------------------------------------------------------------------------------------------
# (b) Constructed cases for forms the seeds lack (each labelled "constructed").

CONSTRUCTED = [
    # Chinese numerals
    ("constructed", "公司用户已达五千万。", [("五千万", 5e7, None, None, None)]),
    ("constructed", "三成企业已经接入大模型。", [("三成", 30, "percent", None, None)]),
    ("constructed", "九成用户不愿付费。", [("九成", 90, "percent", None, None)]),
    ("constructed", "七八成的项目停在试点。", [("七八成", (70, 80), "percent", None, "about")]),
    ("constructed", "融资十二亿元。", [("十二亿元", 1.2e9, "CNY", None, None)]),
    ("constructed", "估值三点五亿元。", [("三点五亿元", 3.5e8, "CNY", None, None)]),
    ("constructed", "市场规模一万亿。", [("一万亿", 1e12, None, None, None)]),
    ("constructed", "月活三亿人。", [("三亿人", 3e8, "count", None, None)]),
    ("constructed", "营收增长了两倍。", [("两倍", 2, "times", None, None)]),
    ("constructed", "三分之一的用户留下。", [("三分之一", 100 / 3, "percent", None, None)]),
    ("constructed", "千分之三的差错。", [("千分之三", 0.3, "percent", None, None)]),
    ("constructed", "数百家公司入局。", [("数百家", (200, 900), "count", None, "about")]),
    ("constructed", "二〇二四年发布。", [("二〇二四年", 2024, "year", None, None)]),
    # full-width digits
    (
        "constructed",
        "营收１２３４万元,增长８％。",
        [("１２３４万元", 1.234e7, "CNY", None, None), ("８％", 8, "percent", None, None)],
    ),
    ("constructed", "价格降至０．５元。", [("０．５元", 0.5, "CNY", None, None)]),
    # spaces
    ("constructed", "融资 10 亿 美元。", [("10 亿 美元", 1e9, "USD", None, None)]),
    # Arabic magnitudes and separators
    ("constructed", "规模达1.5万亿元。", [("1.5万亿元", 1.5e12, "CNY", None, None)]),
    ("constructed", "预算1.2千万。", [("1.2千万", 1.2e7, None, None, None)]),
    ("constructed", "投入1,000万美元。", [("1,000万美元", 1e7, "USD", None, None)]),
    ("constructed", "另有3千家企业。", [("3千家", 3000, "count", None, None)]),
    # ranges
    ("constructed", "毛利率在67%-97%之间。", [("67%-97%", (67, 97), "percent", None, None)]),
    ("constructed", "毛利率在67-97%之间。", [("67-97%", (67, 97), "percent", None, None)]),
    ("constructed", "订阅价20-25美元。", [("20-25美元", (20, 25), "USD", None, None)]),
    ("constructed", "增长3.5%至4%。", [("3.5%至4%", (3.5, 4), "percent", None, None)]),
    ("constructed", "周期两到三年。", [("两到三年", (2, 3), "years", None, None)]),
    ("constructed", "等待5-6个月。", [("5-6个月", (5, 6), "months", None, None)]),
    ("constructed", "两三天就能上线。", [("两三天", (2, 3), "days", None, "about")]),
    ("constructed", "融资3亿~5亿元。", [("3亿~5亿元", (3e8, 5e8), "CNY", None, None)]),
    # currency words
    ("constructed", "融资数十亿人民币。", [("数十亿人民币", (2e9, 9e9), "CNY", None, "about")]),
    ("constructed", "投资100亿元人民币。", [("100亿元人民币", 1e10, "CNY", None, None)]),
    ("constructed", "只要3块钱。", [("3块钱", 3, "CNY", None, None)]),
    ("constructed", "每次调用3厘。", [("3厘", 0.003, "CNY", None, None)]),
    ("constructed", "每千次调用2分钱。", [("2分钱", 0.02, "CNY", None, None)]),
    ("constructed", "转会费3000万欧元。", [("3000万欧元", 3e7, "EUR", None, None)]),
    ("constructed", "报价6000万英镑。", [("6000万英镑", 6e7, "GBP", None, None)]),
    ("constructed", "投资500亿日元。", [("500亿日元", 5e10, "JPY", None, None)]),
    ("constructed", "募资20亿港元。", [("20亿港元", 2e9, "HKD", None, None)]),
    ("constructed", "售价¥99,海外$20。", [("¥99", 99, "CNY", None, None), ("$20", 20, "USD", None, None)]),
    ("constructed", "估值RMB 5亿。", [("RMB 5亿", 5e8, "CNY", None, None)]),
    ("constructed", "人民币100亿的基金。", [("人民币100亿", 1e10, "CNY", None, None)]),
    # rates
    ("constructed", "输入价格0.0008元/千tokens。", [("0.0008元/千tokens", 0.0008, "CNY", "thousand_tokens", None)]),
    (
        "constructed",
        "每百万tokens输入1元,输出2元。",
        [("1元", 1, "CNY", "million_tokens", None), ("2元", 2, "CNY", "million_tokens", None)],
    ),
    ("constructed", "每月20美元。", [("每月20美元", 20, "USD", "month", None)]),
    ("constructed", "谷歌每季度120亿美元。", [("每季度120亿美元", 1.2e10, "USD", "quarter", None)]),
    ("constructed", "订阅20美元/月。", [("20美元/月", 20, "USD", "month", None)]),
    (
        "constructed",
        "订阅20美元每月,另付50美元开通费。",
        [("20美元每月", 20, "USD", "month", None), ("50美元", 50, "USD", None, None)],
    ),
    ("constructed", "输出2元/百万tokens。", [("2元/百万tokens", 2, "CNY", "million_tokens", None)]),
    ("constructed", "每天1亿次调用。", [("每天1亿次", 1e8, "count", "day", None)]),
    ("constructed", "每小时10美元。", [("每小时10美元", 10, "USD", "hour", None)]),
    ("constructed", "年薪300万元。", [("300万元", 3e6, "CNY", "year", None)]),
    ("constructed", "日均调用量5000万次。", [("5000万次", 5e7, "count", "day", None)]),
    ("constructed", "每月增长5%,营收3亿元。", [("5%", 5, "percent", None, None), ("3亿元", 3e8, "CNY", None, None)]),
    (
        "constructed",
        "每月费用为20美元。今年营收3亿元。",
        [("20美元", 20, "USD", "month", None), ("3亿元", 3e8, "CNY", None, None)],
    ),
    (
        "constructed",
        "2017-2025年复合增长率30%。",
        [("2017-2025年", (2017, 2025), "year", None, None), ("30%", 30, "percent", None, None)],
    ),
    (
        "constructed",
        "2024年营收1234万元。",
        [("2024年", 2024, "year", None, None), ("1234万元", 1.234e7, "CNY", None, None)],
    ),
    # lists
    (
        "constructed",
        "价格降到了8毛、5毛和免费。",
        [("8毛", 0.8, "CNY", None, None), ("5毛", 0.5, "CNY", None, None), ("免费", 0, "CNY", None, None)],
    ),
    ("constructed", "输入价格降至免费。", [("免费", 0, "CNY", None, None)]),
    (
        "constructed",
        "三档价格分别为5、10和20万元。",
        [("5", 5e4, "CNY", None, None), ("10", 1e5, "CNY", None, None), ("20万元", 2e5, "CNY", None, None)],
    ),
    # qualifiers
    ("constructed", "营收逾3亿元。", [("逾3亿元", 3e8, "CNY", None, "over")]),
    ("constructed", "用户突破1亿。", [("突破1亿", 1e8, None, None, "over")]),
    ("constructed", "融资上亿元。", [("上亿元", 1e8, "CNY", None, "over")]),
    ("constructed", "投资不超过50亿元。", [("不超过50亿元", 5e9, "CNY", None, "up_to")]),
    ("constructed", "融资没超过3亿元。", [("没超过3亿元", 3e8, "CNY", None, "up_to")]),
    ("constructed", "营收未超过10亿美元。", [("未超过10亿美元", 1e9, "USD", None, "up_to")]),
    ("constructed", "奖金最高100万元。", [("最高100万元", 1e6, "CNY", None, "up_to")]),
    ("constructed", "至多3家。", [("至多3家", 3, "count", None, "up_to")]),
    ("constructed", "至少3家。", [("至少3家", 3, "count", None, "over")]),
    ("constructed", "毛利率低于5%。", [("低于5%", 5, "percent", None, "under")]),
    ("constructed", "占比30%左右。", [("30%左右", 30, "percent", None, "about")]),
    ("constructed", "成本100元上下。", [("100元上下", 100, "CNY", None, "about")]),
    ("constructed", "约合200亿美元。", [("约合200亿美元", 2e10, "USD", None, "about")]),
    ("constructed", "接近一半的用户。", [("接近一半", 50, "percent", None, "about")]),
    ("constructed", "工期3年以内。", [("3年以内", 3, "years", None, "up_to")]),
    ("constructed", "团队300余人。", [("300余人", 300, "count", None, "over")]),
    ("constructed", "提升了5个百分点。", [("5个百分点", 5, "percentage_points", None, None)]),
    # other units
    ("constructed", "175B参数的模型。", [("175B参数", 1.75e11, "parameters", None, None)]),
    ("constructed", "一个70B的模型。", [("70B", 7e10, "parameters", None, None)]),
    ("constructed", "千亿参数大模型。", [("千亿参数", 1e11, "parameters", None, None)]),
    ("constructed", "训练数据1000万tokens。", [("1000万tokens", 1e7, "tokens", None, None)]),
    ("constructed", "采购3块GPU。", [("3块", 3, "gpus", None, None)]),
    ("constructed", "一年半之后。", [("一年半", 1.5, "years", None, None)]),
    ("constructed", "用了一个多月。", [("一个多月", 1, "months", None, "over")]),
    ("constructed", "等了3周。", [("3周", 3, "weeks", None, None)]),
    ("constructed", "坏账率0.5‰。", [("0.5‰", 0.05, "percent", None, None)]),
    ("constructed", "上下文32K tokens。", [("32K tokens", 32000, "tokens", None, None)]),
    ("constructed", "训练了1.5T tokens。", [("1.5T tokens", 1.5e12, "tokens", None, None)]),
    (
        "constructed",
        "营收翻了一番,用户翻两番。",
        [("翻了一番", 2, "times", None, None), ("翻两番", 4, "times", None, None)],
    ),
    ("constructed", "增长了3倍多。", [("3倍多", 3, "times", None, "over")]),
    ("constructed", "百余家公司。", [("百余家", 100, "count", None, "over")]),
    ("constructed", "用户一百多万。", [("一百多万", 1e6, None, None, "over")]),
    ("constructed", "一千零五家。", [("一千零五家", 1005, "count", None, None)]),
    ("constructed", "上千万元的订单。", [("上千万元", 1e7, "CNY", None, "over")]),
    ("constructed", "超过万亿元。", [("超过万亿元", 1e12, "CNY", None, "over")]),
    ("constructed", "下载量10万+。", [("10万+", 1e5, None, None, "over")]),
    ("constructed", "营收同比-5%。", [("-5%", -5, "percent", None, None)]),
    ("constructed", "增速从-3%到5%。", [("-3%到5%", (-3, 5), "percent", None, None)]),
    ("constructed", "净利润为-2亿元。", [("-2亿元", -2e8, "CNY", None, None)]),
    ("constructed", "区间3亿-5亿元。", [("3亿-5亿元", (3e8, 5e8), "CNY", None, None)]),
    ("constructed", "扩大几十倍。", [("几十倍", (20, 90), "times", None, "about")]),
    ("constructed", "十几个项目。", [("十几个", (12, 19), "count", None, "about")]),
    ("constructed", "六七十家。", [("六七十家", (60, 70), "count", None, "about")]),
    ("constructed", "每千tokens 0.008元。", [("每千tokens 0.008元", 0.008, "CNY", "thousand_tokens", None)]),
    ("constructed", "$0.002 / 1K tokens", [("$0.002 / 1K tokens", 0.002, "USD", "thousand_tokens", None)]),
    (
        "constructed",
        "ERNIE 4.0 Turbo每千tokens 0.03元。",
        [("每千tokens 0.03元", 0.03, "CNY", "thousand_tokens", None)],
    ),
]


@pytest.mark.parametrize(
    ("label", "text", "rows"), CONSTRUCTED, ids=[f"constructed-{i:03d}" for i in range(len(CONSTRUCTED))]
)
def test_constructed(label, text, rows):
    assert label == "constructed"
    qs = extract(text, years=True)
    _assert_same(_actual(qs), _expected(rows))
    for q in qs:
        assert text[q.start : q.end] == q.surface


# ---------------------------------------------------------------------------------------------
# (b2) The patterns real pages from other sites write (tests/data/real_pages.md, number section),
# in constructed sentences: one group per pattern. A sixth field True: the unit is carried.

PATTERNS = {
    "full-width and small-form punctuation": [
        ("已经建设高质量数据集超过３﹒５萬個。", [("超过３﹒５萬個", 35000, "count", None, "over")]),
        ("营收１，２３４万元。", [("１，２３４万元", 1.234e7, "CNY", None, None)]),
        (
            "价格０﹒５元,增长３．５％,占比１０﹪。",
            [
                ("０﹒５元", 0.5, "CNY", None, None),
                ("３．５％", 3.5, "percent", None, None),
                ("１０﹪", 10, "percent", None, None),
            ],
        ),
        ("收入１２，增长３，成本５。", []),  # a ， before fewer than three digits is a clause comma
        ("理论上最高每天可盈利47. 5万美元。", [("47. 5万美元", 4.75e5, "USD", "day", "up_to")]),
    ],
    "a rate written unit first": [
        ("千tokens输入价格仅为3厘。", [("3厘", 0.003, "CNY", "thousand_tokens", None)]),
        (
            "百万tokens的价格降到1元,输出2元。",
            [("1元", 1, "CNY", "million_tokens", None), ("2元", 2, "CNY", "million_tokens", None)],
        ),
        ("1M tokens输出价格2美元。", [("2美元", 2, "USD", "million_tokens", None)]),
        ("训练用了1000万tokens的数据。", [("1000万tokens", 1e7, "tokens", None, None)]),
    ],
    "data sizes in bytes": [
        ("总量400PB,单张照片2MB。", [("400PB", 4e17, "bytes", None, None), ("2MB", 2e6, "bytes", None, None)]),
        (
            "显存1.5 TB,缓存3GiB,页面128KB。",
            [
                ("1.5 TB", 1.5e12, "bytes", None, None),
                ("3GiB", 3 * 2**30, "bytes", None, None),
                ("128KB", 1.28e5, "bytes", None, None),
            ],
        ),
        (
            "存储10拍字节数据,文件3兆字节。",
            [("10拍字节", 1e16, "bytes", None, None), ("3兆字节", 3e6, "bytes", None, None)],
        ),
        ("每天处理5EB数据。", [("5EB", 5e18, "bytes", "day", None)]),
        ("字节跳动发布了新模型。", []),
    ],
    "fractions": [
        ("降价后约为GPT-4价格的1/400。", [("1/400", 0.25, "percent", None, "about")]),
        ("约3/4的企业。", [("约3/4", 75, "percent", None, "about")]),
        ("成本仅为1/10。", [("1/10", 10, "percent", None, None)]),
        ("以10分之一的成本。", [("10分之一", 10, "percent", None, None)]),
        ("远高于训练的78%。", [("78%", 78, "percent", None, None)]),  # a comparison, not a bound
        ("发布时间 2025/1/28 15:23", []),
        ("川普1/20就职。", []),
        ("24/7服务。", []),
        ("2024/2025财年。", []),
    ],
    "counts with classifiers": [
        ("相当于五本《新华字典》。", [("五本", 5, "count", None, None)]),
        (
            "卖出5本书、两款产品、3家公司、10个项目。",
            [
                ("5本", 5, "count", None, None),
                ("两款", 2, "count", None, None),
                ("3家", 3, "count", None, None),
                ("10个", 10, "count", None, None),
            ],
        ),
        ("1token通常对应一个汉字。", [("1token", 1, "tokens", None, None), ("一个", 1, "count", None, None)]),
        ("这是一个问题。", []),
        ("第3本书。", []),
        ("DeepSeek拥有5万个H100。", [("5万个", 5e4, "gpus", None, None)]),
        ("已有3个月芯片库存。", [("3个月", 3, "months", None, None)]),
    ],
    "the sentence's currency carried": [
        (
            "营收1000亿元,利润200亿。",
            [("1000亿元", 1e11, "CNY", None, None), ("200亿", 2e10, "CNY", None, None, True)],
        ),
        (
            "以人民币计,投入35至45亿,利润5亿。",
            [("35至45亿", (3.5e9, 4.5e9), "CNY", None, None, True), ("5亿", 5e8, "CNY", None, None, True)],
        ),
        ("按美元计算,OpenAI今年创收35至45亿。", [("35至45亿", (3.5e9, 4.5e9), "USD", None, None, True)]),
        # not carried: no money word, two currencies, another sentence
        ("营收1000亿元,用户2亿。", [("1000亿元", 1e11, "CNY", None, None), ("2亿", 2e8, None, None, None)]),
        (
            "营收10亿美元,成本50亿元,利润200亿。",
            [
                ("10亿美元", 1e9, "USD", None, None),
                ("50亿元", 5e9, "CNY", None, None),
                ("200亿", 2e10, None, None, None),
            ],
        ),
        ("营收1000亿元。利润200亿。", [("1000亿元", 1e11, "CNY", None, None), ("200亿", 2e10, None, None, None)]),
    ],
    "Taiwan and Hong Kong writing": [
        ("全球AI资料中心支出将达 3 兆美元。", [("3 兆美元", 3e12, "USD", None, None)]),
        ("市值达到五兆美元的公司。", [("五兆美元", 5e12, "USD", None, None)]),
        ("需要60兆到100兆个词元。", [("60兆到100兆个词元", (6e13, 1e14), "tokens", None, None)]),
        ("约新台币19.7兆。", [("约新台币19.7兆", 1.97e13, "TWD", None, "about")]),
        ("蒸发大约19点7兆元新台币。", [("大约19点7兆元新台币", 1.97e13, "TWD", None, "about")]),
        ("售价NT$3兆。", [("NT$3兆", 3e12, "TWD", None, None)]),
        ("成本不到2亿台币。", [("不到2亿台币", 2e8, "TWD", None, "under")]),
        ("100兆像素的相机。", []),  # 兆 before anything but money or tokens is mega
        ("营收年增百分之廿六。", [("百分之廿六", 26, "percent", None, None)]),
        ("七百亿至七百廿亿美元。", [("七百亿至七百廿亿美元", (7e10, 7.2e10), "USD", None, None)]),
        ("资本支出高达三四九亿美元。", [("三四九亿美元", 3.49e10, "USD", None, None)]),
        ("一〇五亿元。", [("一〇五亿元", 1.05e10, "CNY", None, None)]),
        ("三四五线城市。", []),
        (
            "超过九成九由云端贡献,八成五的用户。",
            [
                ("超过九成九", 99, "percent", None, "over"),
                ("八成五", 85, "percent", None, None),
            ],
        ),
        ("港股沽空$3亿。", [("$3亿", 3e8, "HKD", None, None)]),
        ("售价$20。", [("$20", 20, "USD", None, None)]),
    ],
}
PATTERN_CASES = [(name, text, rows) for name, cases in PATTERNS.items() for text, rows in cases]


@pytest.mark.parametrize(
    ("pattern", "text", "rows"),
    PATTERN_CASES,
    ids=[f"{name.split()[0]}-{i:02d}" for i, (name, _, _) in enumerate(PATTERN_CASES)],
)
def test_real_page_pattern(pattern, text, rows):
    qs = extract(text, years=True)
    _assert_same(_actual(qs), _expected(rows))
    for q in qs:
        assert text[q.start : q.end] == q.surface


def _number_cases() -> list[dict]:
    with (REAL_PAGES / "numbers.tsv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


NUMBER_CASES = _number_cases()


@pytest.mark.parametrize("case", NUMBER_CASES, ids=[c["case"] for c in NUMBER_CASES])
def test_real_page_numbers(case):
    """Each row of tests/fixtures/real_pages/numbers.tsv: one quantity overlaps the key, with the
    expected value, unit, per and qualifier."""
    text, key = case["text"], case["key"]
    at = text.index(key)
    hits = [q for q in extract(text) if q.start < at + len(key) and at < q.end]
    assert len(hits) == 1, hits
    q = hits[0]
    assert (q.low, q.high) == (pytest.approx(float(case["low"])), pytest.approx(float(case["high"])))
    assert (q.unit, q.per or "", q.qualifier or "") == (case["unit"], case["per"], case["qualifier"])


# ---------------------------------------------------------------------------------------------
# (c) Negatives: dates, model names, versions, ordinals, 〓-adjacent digits, words that contain
# numerals. Nothing may come out (years=True, so calendar dates are tested too).

NEGATIVE = [
    # dates
    "2024年5月21日发布",
    "2024年6月",
    "5月21日",
    "12月中旬",
    "5 月下旬",
    "6月末",
    "去年1月份",
    "2024-08-15 16:44",
    "2024-9-16 14:03:18",
    "从2024年1-7月",
    "1-7月",
    "到2024年年中",
    "2024年年初",
    "到2024年底",
    "2024 年过半",
    "2024过半",
    "2025财年的第一季度",
    "第二季度",
    "Q4还得冲刺",
    "2025年7月10日",
    "24年上半年",
    "上半年",
    "下半年",
    "周二体检",
    # model names and versions
    "GPT-4",
    "GPT-5",
    "GPT4",
    "Qwen2.5-72B",
    "pro-32k",
    "o1",
    "O1模型",
    "V2",
    "DeepSeek-V2 模型",
    "可灵1.6版本",
    "文心一言 4.0 是付费版",
    "AI 1.0 到 AI 2.0",
    "A100和H100",
    "PaddleOCR 3.1",
    "PaddleOCR3.1版本",
    "WAIC2024",
    "Llama 7B",
    "3M公司",
    "5G和3D",
    "32k上下文",
    "X3.4 Licensed",
    "GMT+8",
    "o3-mini",
    # ordinals, ranks, names
    "第一",
    "第3",
    "第3家",
    "第一梯队",
    "连续第二年下降",
    "第一篇",
    "No.1",
    "前20的超级APP",
    "快递100总经理",
    "360集团",
    "1024发布会",
    "长相思2",
    "飞星二号",
    "24直播网",
    "(1)拿下河北",
    "零一万物",
    "万兴科技",
    "百度千帆",
    "百川智能",
    "通义千问",
    "百模大战",
    "六小虎之一",
    "三国杀",
    "五花八门",
    "一哄而上",
    "一是",
    "十分有限",
    "语惊四座",
    "一成不变",
    "千万不要",
    "万万没想到",
    "以亿美元为单位",
    "亿万富翁",
    "百万富翁",
    "万亿级市场",
    "2023年度报告",
    "2023年Q3营收",
    "180 °大转变",
    "Rank: 8",
    "174314",
    "0.087645 second(s)",
    "几个项目",
    "这几年",
    "几个百分点",
    "重要的一年",
    "上下游",
    # digits touching the mojibake marker
    "〓.94亿人",
    "月活〓.94亿人",
    "月活7〓亿",
    "7.〓4亿",
    "〓0%",
    "5〓%",
    "〓十亿元",
    "〓,000万",
    "月活\ufffd.94亿人",
]


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative(text):
    assert extract(text, years=True) == []


def test_lost_marker_leaves_the_rest():
    text = "不仅因为月活〓.94亿人的抖音为其助力,新一轮的烧钱金额也达到了1.24亿元。"
    assert _actual(extract(text)) == [("1.24亿元", 1.24e8, 1.24e8, "CNY", None, None, False)]
    assert not find(text, 0.94e8) and not find(text, 94e8) and not find(text, 7.94e8)


# ---------------------------------------------------------------------------------------------
# API


def test_quantity_is_frozen_and_vocabularies_hold():
    q = extract("超过6万亿美元")[0]
    with pytest.raises(AttributeError):
        q.low = 1.0  # type: ignore[misc]
    for _, sentence, _ in SEED:
        for q in extract(sentence, years=True):
            assert q.unit is None or q.unit in UNITS
            assert q.per is None or q.per in PERS
            assert q.qualifier is None or q.qualifier in QUALIFIERS
            assert math.isfinite(q.low) and math.isfinite(q.high) and q.low <= q.high


def test_years_only_on_request():
    text = "预计到2026年,渗透率达到20%,2017年-2025年复合增长率达30%。"
    assert [q.unit for q in extract(text)] == ["percent", "percent"]
    years = [q for q in extract(text, years=True) if q.unit == "year"]
    assert [(q.surface, q.low, q.high) for q in years] == [("2026年", 2026, 2026), ("2017年-2025年", 2017, 2025)]


def test_find_matches_low_or_high_within_tolerance():
    quote = "预计OpenAI今年创收35至45亿美元,而其2025年的资本开支预计将达到1600亿元。"
    assert [q.surface for q in find(quote, 1.6e11)] == ["1600亿元"]
    assert [q.surface for q in find(quote, 1.6e11, "CNY")] == ["1600亿元"]
    assert find(quote, 1.6e11, "USD") == []
    assert [q.surface for q in find(quote, 4.5e9)] == ["35至45亿美元"]  # high end of a range
    assert [q.surface for q in find(quote, 3.5e9, "USD")] == ["35至45亿美元"]
    assert find(quote, 4e9) == []  # inside the range is not "one of the quantities"
    assert find(quote, 1.6e11 * (1 + 1e-10))
    assert not find(quote, 1.6e11 * (1 + 1e-6))
    assert not find(quote, 2025)  # a calendar year only with years=True
    assert find(quote, 2025, "year", years=True)
    assert has(quote, 1600e8) and not has(quote, 160e8)
    # already-extracted quantities work too
    qs = extract(quote)
    assert find(qs, 1.6e11) == [qs[1]]


def test_find_zero_price():
    quote = "每百万 token 推理输入量的价格,降到了 8 毛、5 毛和免费。"
    assert [(q.surface, q.per) for q in find(quote, 0.0, "CNY")] == [("免费", "million_tokens")]
    assert [q.surface for q in find(quote, 0.8)] == ["8 毛"]


def test_offsets_survive_full_width_and_lost_characters():
    text = "〓〓营收１２３４万元,〓同比增长８％。"
    for q in extract(text):
        assert text[q.start : q.end] == q.surface
    assert [q.surface for q in extract(text)] == ["１２３４万元", "８％"]


def test_random_strings_keep_the_invariants():
    """Offsets, order, low <= high and no overlap hold on any input (no exceptions either)."""
    rng = random.Random(20240815)
    alphabet = list(
        "0123456789.,-~%万亿千百十一二两三四五几半个月年天元美毛块倍成分之多余超过约近"
        "以上左右至到每/千tokens卡张家人第、和免费降到 翻番+$〓１％兆廿﹒，点本台币PB营收利润人民币"
    )
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 16)))
        qs = extract(text, years=True)
        for q in qs:
            assert text[q.start : q.end] == q.surface and q.surface
            assert q.low <= q.high
        for a, b in pairwise(qs):
            assert a.end <= b.start, (text, a, b)


def test_empty_and_plain_text():
    assert extract("") == []
    assert extract("大模型的商业化之路还很长。") == []
