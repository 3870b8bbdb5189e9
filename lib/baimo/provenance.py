"""What a figure's ``source_id`` names, and where a reader finds it.

A cell names one id or several separated by ``;``. An id is a fact (``F-…``, a number an article
states, with its verbatim quote), a reference (``R-…``, an outside fact with a citation), an
assumption (``A-…``, a stated choice) or an article (its doc_id, ``003_6cb7593ecb247ef0``).

The site's URL scheme lives here, so charts (which tag every mark with the ids of its row) and
the site (which turns those tags into links) agree: relative to the site's root, a fact links to
its highlighted sentence in the article page, a reference or an assumption to its row on the
sources page, an article to its page.
"""

from __future__ import annotations

KINDS = {"F-": "fact", "R-": "reference", "A-": "assumption"}


def split_ids(value) -> list[str]:
    """``"F-a; R-b"`` → ``["F-a", "R-b"]``; empty or missing → ``[]``."""
    if value is None or (isinstance(value, float) and value != value):
        return []
    return [s.strip() for s in str(value).split(";") if s.strip()]


def kind(source_id: str) -> str:
    """``fact``, ``reference``, ``assumption`` or ``article`` (anything else is read as a doc_id)."""
    return KINDS.get(source_id[:2], "article")


def href(source_id: str, doc_id: str | None = None) -> str:
    """Where a source id is explained, relative to the site root. A fact needs its article's
    ``doc_id``; its anchor is the fact id on the highlighted sentence."""
    k = kind(source_id)
    if k == "fact":
        if not doc_id:
            raise ValueError(f"href({source_id!r}) needs the fact's doc_id")
        return f"articles/{doc_id}.html#{source_id}"
    if k in ("reference", "assumption"):
        return f"sources/index.html#{source_id}"
    return f"articles/{source_id}.html"


MARK_SEPARATOR = "__"


def mark_id(n: int, source_id: str) -> str:
    """The SVG id of the n-th mark of a chart drawing a row with this ``source_id``: ``m3-F-a__R-b``
    (letters, digits, ``-`` and ``_`` only, so it is a valid XML id; unique within the figure)."""
    return f"m{n}-" + MARK_SEPARATOR.join(split_ids(source_id))


def parse_mark_id(gid: str) -> list[str] | None:
    """The source ids a mark's SVG id names, or None when it is not a mark id."""
    head, sep, rest = gid.partition("-")
    if not (sep and head[:1] == "m" and head[1:].isdigit() and rest):
        return None
    return rest.split(MARK_SEPARATOR)
