"""Links and anchors: the link check, and the rewrites that make a notebook's links work in the site
(``.ipynb`` → page, a summary's links seen from the index, repository files → their page or text)."""

from __future__ import annotations

import dataclasses
import posixpath
import warnings
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import unquote, urlsplit

from baimo import fileops
from baimo.site import markup
from baimo.site.markup import Edit, Tag

_URL_ATTRS = ("href", "src")
_ID_ATTRS = ("id", "name")


@dataclasses.dataclass
class PageLinks:
    ids: set[str]
    links: list[tuple[str, str, str]]  # (tag, attribute, url)

    @classmethod
    def of(cls, found: markup.Scan) -> PageLinks:
        ids = {v for t in found.tags for k, v in t.attrs if k in _ID_ATTRS and v is not None}
        links = [(t.name, k, v) for t in found.tags for k, v in t.attrs if k in _URL_ATTRS and v is not None]
        return cls(ids, links)


def page_links(page: Path) -> PageLinks:
    """Element ids (and names) and href/src urls of a page."""
    return PageLinks.of(markup.scan(Path(page).read_text(encoding="utf-8")))


def _internal(url: str) -> bool:
    """A link to a file of the site (no scheme, not protocol-relative)."""
    return not (urlsplit(url).scheme or url.startswith("//"))


def broken_links(site: Path, scans: Mapping[Path, markup.Scan] | None = None) -> list[str]:
    """Every relative href/src in the site's pages that names a missing file or anchor.

    ``scans`` (page → its scan, from the render that wrote it) spares parsing those pages again.
    """
    site = Path(site)
    root = site.resolve()
    parsed = {p.resolve(): PageLinks.of(s) for p, s in (scans or {}).items()}
    resolved: dict[tuple[Path, str], Path] = {}

    def get(p: Path) -> PageLinks:
        if p not in parsed:
            parsed[p] = page_links(p)
        return parsed[p]

    problems = []
    for written in sorted(site.rglob("*.html")):
        page = written.resolve()
        for tag, attr, url in get(page).links:
            if not _internal(url):
                continue  # data:, http(s):, mailto: — not internal
            parts = urlsplit(url)
            if not parts.path:
                target = page
            else:  # many pages link the same files: resolve each once
                key = (page.parent, parts.path)
                if key not in resolved:
                    resolved[key] = (page.parent / unquote(parts.path)).resolve()
                target = resolved[key]
            problem = _check(target, parts.fragment, root, get)
            if problem:
                problems.append(f"{page.relative_to(root)}: {tag}[{attr}]={url}: {problem}")
    return problems


def _check(target: Path, fragment: str, root: Path, get) -> str:
    """Why a link to ``target#fragment`` is broken ("" when it is not)."""
    if not target.exists() or not (target == root or root in target.parents):
        return "no such file in the site"
    if target.is_dir():
        target = target / "index.html"
        if not target.exists():
            return "directory without index.html"
    if fragment and target.suffix == ".html" and not {fragment, unquote(fragment)} & get(target).ids:
        return f"no anchor #{unquote(fragment)} in {target.relative_to(root)}"
    return ""


def ipynb_to_page(tag: Tag, known: set[str]) -> Tag | None:
    """A link to a notebook of the site (``…/NN_name.ipynb#x``) → its page (``NN_name.html#x``)."""
    href = tag.get("href")
    path, hash_, fragment = (href or "").partition("#")
    stem = path.rsplit("/", 1)[-1].removesuffix(".ipynb")
    if not path.endswith(".ipynb") or not stem or stem not in known:
        return None
    return _set(tag, "href", f"{stem}.html{hash_}{fragment}")


def rebase_card_links(fragment: str, known: set[str], own: str | None = None) -> str:
    """Links in a notebook's summary, written relative to notebooks/, as seen from the index.
    A bare ``#anchor`` points into the notebook the summary comes from."""
    found = markup.scan(fragment)
    edits = []
    for t in found.tags:
        url = t.get("href")
        new = _rebased(url, known, own) if url is not None else None
        if new is not None:
            edits.append(Edit(t, _set(t, "href", new)))
    return markup.splice(fragment, found, edits)[0]


def _rebased(url: str, known: set[str], own: str | None) -> str | None:
    parts = urlsplit(url)
    if url.startswith("#") and own and len(url) > 1:
        return f"notebooks/{own}.html{url}"
    if parts.scheme or url.startswith(("#", "//")) or not parts.path:
        return None
    stem = parts.path.rsplit("/", 1)[-1]
    if stem.endswith(".ipynb") and stem[:-6] in known:
        path = f"notebooks/{stem[:-6]}.html"
    else:
        path = posixpath.normpath(f"notebooks/{parts.path}")
    return path + (f"#{parts.fragment}" if parts.fragment else "")


def repo_link_target(href: str, doc_ids: set[str]) -> str | None:
    """A repository file a notebook links to that has a page in the site (path from the site root)."""
    base = urlsplit(href).path.rsplit("/", 1)[-1]
    if base in ("facts.csv", "references.csv", "assumptions.csv"):
        return f"sources/index.html#{base[:-4]}"
    if base.endswith(".txt") and base[:-4] in doc_ids:
        return f"articles/{base[:-4]}.html"
    return None


def delink_repo_paths(site: Path, doc_ids: set[str], scans: dict[Path, markup.Scan]) -> None:
    """Notebook links to repository files outside the site: map the known ones, unlink the rest.

    Reads the index and the notebook pages with their scans in ``scans`` and updates those."""
    for page in [site / "index.html", *sorted((site / "notebooks").glob("*.html"))]:
        text = page.read_text(encoding="utf-8")
        found = scans.get(page) or markup.scan(text)
        edits = [Edit(t, new) for t in found.tags if t.name == "a" and (new := _repo_link(t, page, site, doc_ids))]
        if edits:
            text, scans[page] = markup.splice(text, found, edits)
            fileops.write_atomic(page, text)


def _repo_link(tag: Tag, page: Path, site: Path, doc_ids: set[str]) -> Tag | None:
    url = tag.get("href")
    if url is None:
        return None
    parts = urlsplit(url)
    if parts.scheme or url.startswith(("//", "#")) or not parts.path or (page.parent / unquote(parts.path)).exists():
        return None
    target = repo_link_target(url, doc_ids)
    if target:
        return _set(tag, "href", "../" * (len(page.relative_to(site).parts) - 1) + target)
    warnings.warn(
        f"site/{page.relative_to(site).as_posix()}: link {url} is not part of the site; shown as text", stacklevel=3
    )
    return _replace(tag, "href", [("class", "repo-link"), ("title", f"{url} (in the repository, not in the site)")])


def _set(tag: Tag, key: str, value: str) -> Tag:
    return _replace(tag, key, [(key, value)])


def _replace(tag: Tag, key: str, attrs: list[tuple[str, str | None]]) -> Tag:
    """``tag`` with its attribute ``key`` replaced by ``attrs``, in the same place."""
    new = []
    for k, v in tag.attrs:
        new += attrs if k == key else [(k, v)]
    return tag.with_attrs(new)
