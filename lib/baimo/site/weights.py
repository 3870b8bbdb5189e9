"""What a page weighs: its HTML and every file it loads (stylesheets, scripts, images, the SVGs its
``<object>`` elements show, the favicon), counted once each, as bytes on disk."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from urllib.parse import unquote, urlsplit

from baimo.site import markup

_LOADED = {"img": "src", "script": "src", "source": "src", "iframe": "src", "embed": "src", "object": "data"}
_LINK_RELS = ("stylesheet", "icon", "preload")


@dataclasses.dataclass
class Weight:
    page: str  # relative to the site root
    html: int  # bytes of the page itself
    total: int  # the page and everything it loads
    files: int  # how many files it loads


def loads(page: Path) -> list[Path]:
    """The site files a page loads (missing ones left out: the link check reports those)."""
    found = markup.scan(page.read_text(encoding="utf-8"))
    urls = []
    for t in found.tags:
        if t.name in _LOADED and t.get(_LOADED[t.name]):
            urls.append(t.get(_LOADED[t.name]))
        elif t.name == "link" and any(r in (t.get("rel") or "").split() for r in _LINK_RELS) and t.get("href"):
            urls.append(t.get("href"))
    files = []
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme or url.startswith("//") or not parts.path:
            continue
        f = (page.parent / unquote(parts.path)).resolve()
        if f.is_file():
            files.append(f)
    return list(dict.fromkeys(files))


def weigh(site: Path) -> list[Weight]:
    """Every HTML page of the site, heaviest (with what it loads) first."""
    site = Path(site)
    out = []
    for page in sorted(site.rglob("*.html")):
        files = loads(page)
        html = page.stat().st_size
        out.append(
            Weight(page.relative_to(site).as_posix(), html, html + sum(f.stat().st_size for f in files), len(files))
        )
    return sorted(out, key=lambda w: -w.total)
