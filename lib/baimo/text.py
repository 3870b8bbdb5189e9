"""Character classes and width rules every text stage shares, defined once.

``CJK`` is the class of Han characters (Extension A, the Unified block, Compatibility
Ideographs); ``CJK_PUNCT`` the CJK and full-width punctuation; ``MASK`` the character a
character that cannot be recovered becomes (〓, the geta mark: "a glyph that could not be set");
``opencc`` the converters, and the regional vocabulary of Taiwan and Hong Kong text
(``regional_vocabulary``, ``regional_convert``) with what t2s gets wrong in any (``T2S_FIXES``).
"""

from __future__ import annotations

import functools
import re
import unicodedata

#: Han characters, as a regex class body: ``f"[{CJK}]"``.
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
#: CJK and full-width punctuation (、。「」…, full-width ！？（）, curly quotes, the em dash, ·).
CJK_PUNCT = "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2018-\u201f\u2026\u2014\u00b7"
#: A character that could not be recovered (mojibake nobody can prove).
MASK = "\u3013"
#: Pinyin tone marks (ü alone is not one: "lü" without a tone is plain Latin to most rules).
TONE_MARKS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"

CJK_CHAR = re.compile(f"[{CJK}]")


def is_cjk(ch: str) -> bool:
    return bool(CJK_CHAR.fullmatch(ch))


def columns(text: str) -> int:
    """Display width: a wide or full-width character (CJK) counts two columns, others one."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


@functools.cache
def opencc(config: str):
    """One OpenCC converter per configuration and process (``t2s``, ``tw2sp`` …): building one
    loads its dictionaries, which takes longer than converting an article."""
    import opencc as _opencc  # noqa: PLC0415 - OpenCC loads its data on import; only text stages need it

    return _opencc.OpenCC(config)


# Regional vocabulary. A traditional text written in Taiwan or Hong Kong uses words that t2s keeps
# (晶片, 伺服器, 資料中心 → 资料中心, 人工智慧, 網路 → 网路); OpenCC's phrase-level configuration
# tw2sp turns them into the mainland words. It is not for every traditional text: the seeds are
# mainland articles in traditional script, where tw2sp would turn 资料 (materials) into 数据 and
# 小程序 into 小进程. So a text gets it only when it uses words no mainland text uses (the markers,
# in t2s form) or names Hong Kong things; Hong Kong text first has its own variant characters
# normalised (hk2t: 衞 → 衛). hk2sp, OpenCC's Hong Kong phrase configuration, was measured too: on
# the Hong Kong pages it leaves 晶片, 技術堆疊 (Hong Kong shares Taiwan's IT words), so tw2sp it is.
TAIWAN_MARKERS = re.compile(
    "晶片|伺服器|资料中心|人工智慧|网路|网际网路|软体|硬体|辉达|执行长|智慧型|矽谷|川普|祖克柏|那斯达克|记忆体|演算法|释出|数位"
)
HONGKONG_MARKERS = re.compile("港元|港股|本港|港府|特首|港交所|港人")
REGION_CONFIGS = {"taiwan": ("tw2sp",), "hongkong": ("hk2t", "tw2sp")}
# Words the phrase dictionaries map that are not regional usage (TWPhrasesRev's computing terms:
# 核心 → 内核, 執行 → 运行, 程序 → 进程, 建立 → 创建 …): they keep their t2s form.
_NOT_REGIONAL = re.compile("核心|執行(?!長)|程序|建立|線上|即時|通訊|互動|查詢|低階|開啟|資料來源")
# Taiwan and Hong Kong words the dictionaries lack, in traditional form, with the mainland word.
REGIONAL_WORDS = {
    "國內生產毛額": "国内生产总值",
    "川普": "特朗普",
    "祖克柏": "扎克伯格",
    "那斯達克": "纳斯达克",
    "史丹福": "斯坦福",
    "南韓": "韩国",
    "財務長": "首席财务官",
    "創辦人": "创始人",
    "客製化": "定制化",
}
# What t2s gets wrong in any traditional text, with the right simplified form: names it changes
# (鉅亨網 is 钜亨网, not 巨亨网) and variant characters it leaves (衞 騐 繙; 疊代 is 迭代).
T2S_FIXES = {"鉅亨": "钜亨", "衞": "卫", "騐": "验", "繙": "翻", "疊代": "迭代"}
_FIXED_WORDS = {**REGIONAL_WORDS, **T2S_FIXES}
_FIXED = re.compile("|".join(_FIXED_WORDS))
_PROTECT = 0xF0000  # placeholders (plane 15, private use): OpenCC passes them through untouched


def regional_vocabulary(text: str) -> str | None:
    """``hongkong`` when a traditional text (pinyin annotations removed) names Hong Kong things
    (``HONGKONG_MARKERS``), else ``taiwan`` when it uses Taiwan words (``TAIWAN_MARKERS``, which
    Hong Kong text shares: 晶片, 伺服器), None for a text with neither (mainland text in any script)."""
    simple = opencc("t2s").convert(text)
    if HONGKONG_MARKERS.search(simple):
        return "hongkong"
    return "taiwan" if TAIWAN_MARKERS.search(simple) else None


def regional_convert(text: str, region: str) -> str:
    """``text`` simplified with the region's phrase conversion (``REGION_CONFIGS``), the words of
    ``_NOT_REGIONAL`` in their t2s form and ``REGIONAL_WORDS``, ``T2S_FIXES`` in theirs."""
    kept: list[str] = []

    def hold(word: str) -> str:
        kept.append(word)
        return chr(_PROTECT + len(kept) - 1)

    held = _NOT_REGIONAL.sub(lambda m: hold(opencc("t2s").convert(m.group())), text)
    held = _FIXED.sub(lambda m: hold(_FIXED_WORDS[m.group()]), held)
    for config in REGION_CONFIGS[region]:
        held = opencc(config).convert(held)
    return re.sub("[\U000f0000-\U000ffffd]", lambda m: kept[ord(m.group()) - _PROTECT], held)
