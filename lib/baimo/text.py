"""Character classes and width rules every text stage shares, defined once.

``CJK`` is the class of Han characters (Extension A, the Unified block, Compatibility
Ideographs); ``CJK_PUNCT`` the CJK and full-width punctuation; ``MASK`` the character a
character that cannot be recovered becomes (〓, the geta mark: "a glyph that could not be set").
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
