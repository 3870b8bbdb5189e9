"""How to cite the project and a chapter: a sentence and BibTeX (the repository's ``CITATION.cff``
says the same for citation tools)."""

from __future__ import annotations

import re

AUTHORS = "baimo contributors"
TITLE = "百模 baimo: the economics of China's large-model industry, read from Chinese-language news articles"
LICENCE_NOTE = "Figures, tables and text under CC BY 4.0; code under the MIT licence"
_BIBTEX_SPECIAL = re.compile(r"([&%$#_{}])")


def _escape(text: str) -> str:
    return _BIBTEX_SPECIAL.sub(r"\\\1", text)


def _key(*parts: str) -> str:
    return "_".join(re.sub(r"[^A-Za-z0-9]+", "", p) for p in parts if p)


def project(date: str) -> dict[str, str]:
    """The project as a whole, as of ``date`` (``YYYY-MM-DD``; may be empty)."""
    year = date[:4]
    fields = [
        ("author", "{" + AUTHORS + "}"),
        ("title", _escape(TITLE)),
        ("year", year),
        ("note", _escape(f"Version of {date}. {LICENCE_NOTE}") if date else _escape(LICENCE_NOTE)),
    ]
    return {
        "text": f"{AUTHORS} ({year or 'n.d.'}). {TITLE}." + (f" Version of {date}." if date else ""),
        "bibtex": _bibtex("misc", _key("baimo", year), fields),
    }


def chapter(name: str, title: str, date: str) -> dict[str, str]:
    """One chapter (``01_price_war``, its ``# NN · Title``), as of ``date``."""
    year = date[:4]
    number = name.split("_", 1)[0]
    fields = [
        ("author", "{" + AUTHORS + "}"),
        ("title", _escape(title)),
        ("booktitle", _escape(TITLE)),
        ("chapter", number),
        ("year", year),
        ("note", _escape(f"Last updated {date}. {LICENCE_NOTE}") if date else _escape(LICENCE_NOTE)),
    ]
    return {
        "text": f"{AUTHORS} ({year or 'n.d.'}). “{title}”. In {TITLE}, chapter {number}."
        + (f" Last updated {date}." if date else ""),
        "bibtex": _bibtex("misc", _key("baimo", name, year), fields),
    }


def _bibtex(kind: str, key: str, fields: list[tuple[str, str]]) -> str:
    width = max(len(k) for k, _ in fields)
    body = ",\n".join(f"  {k.ljust(width)} = {{{v}}}" for k, v in fields if v)
    return f"@{kind}{{{key},\n{body}\n}}"
