"""What every chapter's analysis shares: how an article is named on a chart."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from baimo.facts import short_outlet as outlet

__all__ = ["Titles", "article_labels", "count_words", "outlet", "short_id"]


@dataclass
class Titles:
    """A figure's finding, in both languages (computed from the data it draws)."""

    zh: str
    en: str

    def kw(self, subtitle_zh: str = "", subtitle_en: str = "") -> dict[str, str]:
        """``ch.save(chart, name, **titles.kw(subtitle_zh, subtitle_en))``."""
        return {"title_zh": self.zh, "title_en": self.en, "subtitle_zh": subtitle_zh, "subtitle_en": subtitle_en}


def short_id(doc_id: str) -> str:
    """An article's number ("004" of "004_2ce58a2ea71ab375"; "1234" in a large corpus)."""
    return str(doc_id).split("_")[0]


def article_labels(docs: pd.DataFrame) -> dict[str, str]:
    """doc_id → "004 定焦 2024-07*": number, outlet, date (* = inferred from the text)."""
    return {
        d: f"{short_id(d)} {outlet(o)} {p}{'' if b == 'stated' else '*'}"
        for d, o, p, b in zip(docs.doc_id, docs.outlet, docs.published, docs.date_basis, strict=True)
    }


def count_words(n: int) -> tuple[str, str]:
    """ "五篇" / "five articles" for a count, spelled out to ten: titles say what the data has."""
    zh = "零一两三四五六七八九十"
    en = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
    if n <= 10:
        return f"{zh[n]}篇", f"{en[n]} article{'s' if n != 1 else ''}"
    return f"{n}篇", f"{n} articles"
