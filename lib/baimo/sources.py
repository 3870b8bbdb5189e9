"""Reading articles: manifest rows, any encoding, saved web pages to text, the metadata they state.

One reader for ``baimo add`` and for building a corpus: ``read_manifest`` validates the manifest,
``read_article`` decodes a file (UTF-8 with or without BOM, UTF-16, GB18030, Big5; a saved web
page becomes its main text), ``read_header`` reads a ``key: value`` header at the top of a file,
``html_metadata`` reads what a saved page says about itself, and ``article_metadata`` puts them
together with what the article's own lines state (``baimo.metadata``): title, outlet, author and
date, each with where it came from. The line recognisers (``chrome_line``, ``byline``,
``dateline``, ``forum_post_date``) and the one date parser (``parse_date``) live in
``baimo.metadata`` and are named here too, for the cleaning rules, which drop the lines they recognise.
Everything here only reads; bad input raises ``CorpusError`` naming the file (and line).
"""

from __future__ import annotations

import csv
import functools
import re
from pathlib import Path

import charset_normalizer
import pandas as pd

from baimo import cache, paths
from baimo import text as text_module

# The line recognisers and the one date parser, named here for the cleaning rules (and the manifest).
from baimo.metadata import DATE, Metadata, read_metadata
from baimo.metadata import byline as byline
from baimo.metadata import chrome_line as chrome_line
from baimo.metadata import dateline as dateline
from baimo.metadata import forum_post_date as forum_post_date
from baimo.metadata import parse_date as parse_date

MANIFEST_COLUMNS = ["doc_id", "file", "title", "outlet", "author", "published", "date_basis", "script", "url", "notes"]
REQUIRED = ["doc_id", "file", "title", "outlet", "published", "date_basis", "script"]
DATE_BASES = {"stated", "repost", "inferred"}
SCRIPTS = {"traditional", "simplified"}


class CorpusError(ValueError):
    """Bad input: the message names the file (and line) and says what is wrong."""


# ---------------------------------------------------------------------------------------------
# Manifest


def read_manifest(path: Path | None = None, *, seeds_dir: Path | None = None) -> pd.DataFrame:
    """Read and validate the manifest; a bad row fails with ``manifest.csv:LINE: reason``."""
    path = Path(path or paths.MANIFEST)
    seeds_dir = Path(seeds_dir or path.parent)
    if not path.exists():
        raise CorpusError(f"{path}: manifest not found")
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in MANIFEST_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise CorpusError(f"{path}:1: header lacks column(s) {', '.join(missing)}")
        rows, seen = [], {}
        for row in reader:
            line = reader.line_num
            where = f"{path}:{line}"
            if None in row or any(v is None for v in row.values()):
                raise CorpusError(f"{where}: wrong number of fields (expected {len(reader.fieldnames)})")
            row = {k: v.strip() for k, v in row.items()}
            empty = [c for c in REQUIRED if not row[c]]
            if empty:
                raise CorpusError(f"{where}: required field(s) empty: {', '.join(empty)}")
            if row["doc_id"] in seen:
                raise CorpusError(f"{where}: doc_id {row['doc_id']} repeats line {seen[row['doc_id']]}")
            seen[row["doc_id"]] = line
            if Path(row["file"]).stem != row["doc_id"]:
                raise CorpusError(f"{where}: doc_id {row['doc_id']} is not the stem of file {row['file']}")
            if not (seeds_dir / row["file"]).is_file():
                raise CorpusError(f"{where}: file {row['file']} does not exist in {seeds_dir}")
            try:
                row["published"] = parse_date(row["published"])
            except ValueError as exc:
                raise CorpusError(f"{where}: {exc}") from None
            if row["date_basis"] not in DATE_BASES:
                raise CorpusError(f"{where}: date_basis {row['date_basis']!r} is not one of {sorted(DATE_BASES)}")
            if row["script"] not in SCRIPTS:
                raise CorpusError(f"{where}: script {row['script']!r} is not one of {sorted(SCRIPTS)}")
            rows.append(row)
    if not rows:
        raise CorpusError(f"{path}: manifest has no rows")
    return pd.DataFrame(rows, columns=MANIFEST_COLUMNS)


# ---------------------------------------------------------------------------------------------
# Metadata in the file's own header

HEADER_KEYS = ("title", "outlet", "author", "published", "date_basis", "script", "url", "notes")
HEADER_REQUIRED = ("title", "outlet", "published")
_HEADER_LINE = re.compile(r"([a-z_]+)[ \t]*[:：][ \t]*(.*)")


def read_header(text: str, path: Path | str) -> tuple[dict[str, str], str]:
    """The ``key: value`` header at the top of an article (keys in ``HEADER_KEYS``, ended by one
    blank line), its values checked, and the text after it; ``({}, text)`` when the first line is
    not a header line. A header need not be complete: ``baimo.metadata`` takes what it lacks from
    the article itself."""
    lines = text.split("\n")
    row: dict[str, str] = {}
    i = 0
    while i < len(lines) and lines[i].strip():
        m = _HEADER_LINE.fullmatch(lines[i].strip().lstrip("\ufeff"))
        if not m or m[1] not in HEADER_KEYS:
            if i == 0:
                return {}, text
            raise CorpusError(
                f"{path}:{i + 1}: header line {lines[i].strip()[:40]!r} is not `key: value` with a key "
                f"in {', '.join(HEADER_KEYS)} (end the header with a blank line)"
            )
        if m[1] in row:
            raise CorpusError(f"{path}:{i + 1}: header key {m[1]} repeats")
        row[m[1]] = m[2].strip()
        i += 1
    if not row:
        return {}, text
    if i == len(lines):
        raise CorpusError(f"{path}: header is not followed by a blank line and the article")
    if row.get("published"):
        try:
            row["published"] = parse_date(row["published"])
        except ValueError as exc:
            raise CorpusError(f"{path}: {exc}") from None
    if row.get("date_basis") and row["date_basis"] not in DATE_BASES:
        raise CorpusError(f"{path}: date_basis {row['date_basis']!r} is not one of {sorted(DATE_BASES)}")
    if row.get("script") and row["script"] not in SCRIPTS:
        raise CorpusError(f"{path}: script {row['script']!r} is not one of {sorted(SCRIPTS)}")
    return {k: v for k, v in row.items() if v}, "\n".join(lines[i + 1 :])


def split_header(
    text: str, path: Path | str, *, doc_id: str | None = None, file: str | None = None
) -> tuple[dict, str]:
    """A manifest row (``MANIFEST_COLUMNS``) from a complete header, and the body after it.

    The header is ``key: value`` lines ended by one blank line (``read_header``)::

        title: 大模型价格战的下半场
        outlet: 36氪
        published: 2024-08-15

        正文……

    ``title``, ``outlet`` and ``published`` are required; ``date_basis`` defaults to ``stated``;
    a missing ``script`` is left empty (measured by the corpus). ``doc_id`` is the file's stem.
    """
    path = Path(path)
    row, body = read_header(text, path)
    if not row:
        raise CorpusError(
            f"{path}: no metadata: the file has no header (`title: …` lines, then a blank line) and no manifest row"
        )
    missing = [k for k in HEADER_REQUIRED if not row.get(k)]
    if missing:
        raise CorpusError(f"{path}: header lacks {', '.join(missing)}")
    out = {c: row.get(c, "") for c in MANIFEST_COLUMNS}
    out["date_basis"] = out["date_basis"] or "stated"
    out["doc_id"] = doc_id or path.stem
    out["file"] = file or path.name
    return out, body


# ---------------------------------------------------------------------------------------------
# Reading raw articles

_BOMS = [(b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")]
# File signatures of formats researchers save by mistake instead of text.
_MAGIC = [
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (.docx, .xlsx, .epub are ZIP archives)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0", "an old Word/Excel document"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7z archive"),
    (b"\x7fELF", "a program"),
]
HTML_SUFFIXES = (".html", ".htm")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_SAVE_AS_TEXT = "save the article as text (.txt) or as a web page (.html)"


def read_article(path: Path, *, raw: bool = False) -> str:
    """Decode an article file: UTF-8 (with or without BOM), UTF-16 (with or without BOM), GB18030
    or Big5. A saved web page (``.html``/``.htm``) becomes its text (``html_to_text``), and a text
    file's ``key: value`` header (``read_header``: metadata, not article text) is left out, unless
    ``raw``. Refuses, naming the file, an empty, binary or truncated file and bytes that decode in
    none of them.
    """
    data = Path(path).read_bytes()
    cache.record_read("file", path)
    text = _decode(Path(path), data)
    if len(_CONTROL.findall(text)) > max(2, len(text) // 100):
        raise CorpusError(f"{path}: binary file (control characters in the text); {_SAVE_AS_TEXT}")
    if raw:
        return text
    if Path(path).suffix.lower() in HTML_SUFFIXES:
        return html_to_text(text)
    return read_header(text, path)[1]


PLAUSIBLE_SHARE = 0.9  # Chinese prose: ~99.7% of its characters are common; a misread: ~50%


def common_character_share(text: str) -> float | None:
    """Share of the CJK characters of ``text`` (in simplified form) that are among the 3,755
    common characters of GB 2312 level 1; None without CJK characters. Real Chinese prose scores
    about 0.99; bytes decoded in the wrong Chinese encoding, or byte soup, scatter over the whole
    code table and score about half that."""
    cjk = [c for c in text_module.opencc("t2s").convert(text) if "\u4e00" <= c <= "\u9fff"]
    if not cjk:
        return None
    return sum(1 for c in cjk if _gb2312_level1(c)) / len(cjk)


def _reads_as_chinese(text: str) -> bool:
    share = common_character_share(text)
    return share is None or share >= PLAUSIBLE_SHARE  # no CJK at all: nothing to judge by


@functools.cache
def _gb2312_level1(c: str) -> bool:
    try:
        return 0xB0 <= c.encode("gb2312")[0] <= 0xD7  # rows 16-55: level 1, by frequency of use
    except UnicodeEncodeError:
        return False


def _truncated(path: Path, enc: str, n: int) -> CorpusError:
    return CorpusError(
        f"{path}: the file ends in the middle of a {enc} character ({n} stray byte(s) at the end): "
        "it looks truncated (cut off while saving or copying); save the article again"
    )


def _decode(path: Path, data: bytes) -> str:
    if not data.strip():
        raise CorpusError(f"{path}: file is empty")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise CorpusError(f"{path}: binary file ({what}), not text; {_SAVE_AS_TEXT}")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc)
            except UnicodeDecodeError as exc:
                if exc.end >= len(data) - 1:
                    raise _truncated(path, "UTF-16" if enc == "utf-16" else "UTF-8", len(data) - exc.start) from None
                raise CorpusError(
                    f"{path}: starts with a {enc.upper()} byte-order mark but is not {enc.upper()}; "
                    "re-save the file as UTF-8"
                ) from None
    if b"\0" in data:
        # UTF-16 saved without a byte-order mark: accept only if it reads as text in one byte order.
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            plain = sum(1 for c in text if c.isprintable() or c in "\n\r\t")
            if "\0" not in text and plain >= 0.98 * len(text):
                return text
        raise CorpusError(f"{path}: binary file (NUL bytes and no UTF-16 byte-order mark); save the article as text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data":
            raise _truncated(path, "UTF-8", len(data) - exc.start) from None
    # GB18030 accepts almost any Big5 byte stream, so trying decoders in turn would misread Big5
    # as GB mojibake: let a detector rank the Chinese encodings by how plausible the text is,
    # then confirm with a strict decode.
    best = charset_normalizer.from_bytes(data, cp_isolation=["gb18030", "big5", "big5hkscs"]).best()
    readings: dict[str, str] = {}
    if best is not None:
        try:
            readings[best.encoding] = data.decode(best.encoding)
        except UnicodeDecodeError:
            pass
        else:
            if _reads_as_chinese(readings[best.encoding]):
                return readings[best.encoding]
    # The detector gives up on a few real texts (3 in 6,000 generated GB18030 articles) and takes
    # some byte soup for GB18030: read the bytes strictly in each Chinese encoding and keep the
    # reading that looks most like Chinese, if any does.
    for enc in ("gb18030", "big5hkscs"):
        if enc not in readings:
            try:
                readings[enc] = data.decode(enc)
            except UnicodeDecodeError:
                continue
    if readings:
        enc, text = max(readings.items(), key=lambda r: common_character_share(r[1]) or 0.0)
        if _reads_as_chinese(text):
            return text
    # A file cut off inside a multi-byte character decodes once its last byte or two are gone.
    for n in (1, 2, 3):
        guess = charset_normalizer.from_bytes(data[:-n], cp_isolation=["gb18030", "big5", "big5hkscs"]).best()
        if guess is not None and guess.encoding not in readings:  # the whole file did not decode in it
            try:
                cut = data[:-n].decode(guess.encoding)
            except UnicodeDecodeError:
                continue
            if not _reads_as_chinese(cut):
                continue
            raise _truncated(path, {"gb18030": "GB18030", "big5": "Big5"}.get(guess.encoding, guess.encoding), n)
    if readings:
        raise CorpusError(
            f"{path}: the bytes decode as {' or '.join(n.upper() for n in sorted(readings))} but do not read as "
            f"Chinese (only {common_character_share(text) or 0:.0%} of the characters are common ones); "
            "re-save the file as UTF-8"
        )
    raise CorpusError(f"{path}: bytes are not UTF-8, UTF-16, GB18030 or Big5; re-save the file as UTF-8")


# ---------------------------------------------------------------------------------------------
# Saved web pages → text

# Elements that are never article text.
_DROP_TAGS = [
    *("script", "style", "noscript", "template", "head", "title", "meta", "link", "nav", "aside"),
    *("form", "button", "input", "select", "textarea", "iframe", "object", "embed", "svg"),
    *("canvas", "audio", "video", "map", "dialog"),
]
# Elements whose class or id names them as page furniture (split on - and _: "post_share" → share).
_CHROME_NAMES = {
    *("nav", "navbar", "menu", "breadcrumb", "breadcrumbs", "share", "sharing", "social"),
    *("toolbar", "sidebar", "comment", "comments", "related", "recommend", "recommends", "advert"),
    *("ad", "ads", "login", "download", "copyright", "qrcode", "hot", "hotnews", "ranking"),
}
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_HIDDEN_CLASSES = {"hidden", "hide", "d-none", "sr-only", "visually-hidden"}
_BLOCK = {
    *("p", "div", "section", "article", "main", "header", "footer", "h1", "h2", "h3", "h4", "h5"),
    *("h6", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "figure", "figcaption"),
    *("table", "tr", "hr", "address", "center", "body", "html"),
}
# App promotions and buttons that sites put between paragraphs, as whole lines.
PROMO_LINES = re.compile(
    r"^(打开.{1,12}(查看|阅读|看).{0,8}|.{0,6}(展开|阅读)全文.{0,6}|点击(查看|加载)更多.{0,6}|返回.{1,8}查看更多"
    r"|分享到[:：]?.{0,30}|扫一扫.{0,20}|特别声明[:：].*仅代表.*)$"
)


def _is_chrome(el) -> bool:
    if el.attrs is None:
        return False
    if el.has_attr("hidden") or el.get("aria-hidden") == "true" or _HIDDEN_STYLE.search(el.get("style", "")):
        return True
    classes = el.get("class") or []
    if isinstance(classes, str):
        classes = classes.split()
    if _HIDDEN_CLASSES & set(classes):
        return True
    if el.name in ("header", "footer") and not el.find_parent(["article", "main"]):
        return True  # the page's header and footer; an article's own header keeps its dateline
    words = {w for name in [*classes, el.get("id", "")] for w in re.split(r"[-_\s]+", name.lower()) if w}
    return bool(words & _CHROME_NAMES)


def _link_only(el) -> bool:
    """A block whose text is all links: a menu, a related-articles list, a share button."""
    text = re.sub(r"\s+", "", el.get_text())
    if not text:
        return False
    linked = sum(len(re.sub(r"\s+", "", a.get_text())) for a in el.find_all("a"))
    return linked >= 0.9 * len(text)


def _soup(html: str):
    from bs4 import BeautifulSoup  # noqa: PLC0415 - 50 ms to import; only saved web pages need it

    return BeautifulSoup(html, "html.parser")


def _strip_furniture(soup) -> None:
    """Drop, in place, what is never article text: ``_DROP_TAGS``, hidden elements, elements named as
    furniture (``_is_chrome``) and blocks that are nothing but links."""
    for el in soup.find_all(_DROP_TAGS):
        el.decompose()
    for el in list(soup.find_all(True)):
        if not el.decomposed and _is_chrome(el):
            el.decompose()
    for el in list(soup.find_all(_BLOCK - {"body", "html"})):
        if not el.decomposed and _link_only(el):
            el.decompose()


def _page_lines(root) -> list[str]:
    """The text under ``root`` as a reader sees it, one block per line: inline markup joined,
    ``<br>`` and block elements end a line, table cells spaced, app-promotion lines dropped."""
    from bs4 import Comment, Declaration, Doctype, NavigableString, ProcessingInstruction  # noqa: PLC0415 - as _soup

    lines: list[str] = []
    current: list[str] = []

    def flush() -> None:
        line = re.sub(r"[ \t\r\n\f\v]+", " ", "".join(current)).strip()
        current.clear()
        if line and not PROMO_LINES.match(line.replace(" ", "")):
            lines.append(line)

    def walk(node) -> None:
        for child in node.children:
            if isinstance(child, (Comment, Declaration, Doctype, ProcessingInstruction)):
                continue
            if isinstance(child, NavigableString):
                current.append(str(child))
            elif child.name == "br":
                flush()
            elif child.name in _BLOCK:
                flush()
                walk(child)
                flush()
            elif child.name in ("td", "th"):
                current.append(" ")
                walk(child)
                current.append(" ")
            else:
                walk(child)

    walk(root)
    flush()
    return lines


def _main_content(html: str) -> str:
    """The HTML of the page's main content as readability-lxml finds it (the block with the most
    prose, scored by paragraph length and punctuation, with its sibling paragraphs); "" when it
    finds none."""
    from readability import Document  # noqa: PLC0415 - lxml and its cleaner load on import; only web pages need it

    try:
        return Document(html).summary(html_partial=True)
    except Exception:  # readability raises its own Unparseable, or lxml's errors, on a page it cannot read
        return ""


#: A line of the article's head (between its title and its text) worth keeping for the cleaning
#: rules: one that states a date, an outlet or a byline (the rules read it into metadata and drop it).
_HEAD_LINE = re.compile(r"20\d\d\s*[-/.年]|来源|來源|作者|编辑|編輯|记者|記者|发表于|發表於|发布|發布")
MAIN_SHARE = 0.2  # main content below this share of the page's text (and short): readability missed it


def html_to_text(html: str) -> str:
    """The readable text of a saved web page, one paragraph per line.

    First what is never article text goes: scripts, styles, navigation, forms, hidden elements,
    the page header and footer, elements named as furniture by their class or id (share, comment,
    related, ad …), blocks that are nothing but links, app-promotion lines ("打开网易新闻 查看更多
    图片"). Of what is left, the main content is what readability-lxml picks (sidebars, menus as
    plain divs, comment threads, footers of div-only layouts go), headed by the page's title and
    the lines between it and the text that state a date, outlet or byline (for the cleaning rules
    to read). Where readability finds no main content, the whole page's text is returned and the
    cleaning rules are left to drop its furniture. Inline markup inside a paragraph is joined;
    ``<br>`` and block elements end a line.
    """
    soup = _soup(html)
    _strip_furniture(soup)
    page = _page_lines(soup.body or soup)
    main_soup = _soup(_main_content(str(soup)))
    _strip_furniture(main_soup)
    main = _page_lines(main_soup)
    page_chars, main_chars = (sum(len(x) for x in lines) for lines in (page, main))
    if not main or (main_chars < MAIN_SHARE * page_chars and main_chars < 200):
        return "\n".join(page)
    return "\n".join(_article_head(soup, page, main[0]) + main)


def _article_head(soup, page: list[str], first: str) -> list[str]:
    """The title line (the nearest h1 or h2 above the main content) and the dateline-like lines
    between it and the main content's first line."""
    headings = {re.sub(r"\s+", "", h.get_text()) for h in soup.find_all(["h1", "h2"])} - {""}
    flat = [re.sub(r"\s+", "", line) for line in page]
    end = next((i for i, line in enumerate(flat) if line == re.sub(r"\s+", "", first)), None)
    if end is None:
        return []
    start = next((i for i in range(end - 1, max(-1, end - 13), -1) if flat[i] in headings), None)
    if start is None:
        return []
    return [page[start]] + [line for line in page[start + 1 : end] if len(line) <= 80 and _HEAD_LINE.search(line)]


def looks_like_html(text: str) -> bool:
    return bool(re.match(r"\s*(<!--.*?-->\s*)*<(!doctype\s+html|html[\s>]|head[\s>])", text[:2000], re.I | re.S))


#: What separates the parts of a page's <title>: "标题 - 栏目 - 站名 - Powered by Discuz!", "标题 @ 博客 :: 痞客邦 ::".
_TITLE_PARTS = re.compile(r"\s*(?:[_|｜—–-]|::)\s*|\s+@\s+")
_SITE_SUFFIX = re.compile(r"\s*[_|｜—–-]\s*(?=[^_|｜—–-]*$)")  # the last part of a <title>: the site's name
#: A page whose site name is a platform's names its publisher (the outlet) as an account: WeChat's
#: og:site_name is 微信公众平台 for every account; the account is #js_name, the writer and time in #meta_content.
_PLATFORMS = {"微信公众平台", "微信", "WeChat"}


def html_metadata(html: str) -> dict[str, str]:
    """What a saved page states about itself: title, site name (the outlet), author, and publication date.

    The title is the heading (<h1>, <h2>) the page's <title> starts with, else og:title, else the
    first <h1>, else the <title> without its last part — never a heading that links to the home
    page, nor the site's name (a blog's name in its masthead, a site-wide <title>). The site name
    is og:site_name, else the name of the link to the home page (its text, title or logo's alt)
    when the <title> names it too (a forum, a blog); on a platform (``_PLATFORMS``) the account,
    or none. Date: meta tags, <time datetime>, or the platform's."""
    soup = _soup(html)

    def meta(*names: str) -> str:
        for name in names:
            el = (
                soup.find("meta", attrs={"property": name})
                or soup.find("meta", attrs={"name": name})
                or soup.find("meta", attrs={"itemprop": name})
            )
            if el and el.get("content", "").strip():
                return el["content"].strip()
        return ""

    page_title = soup.title.get_text(" ", strip=True) if soup.title else ""
    parts = [x for x in _TITLE_PARTS.split(page_title) if x]
    home = _home_names(soup)
    headings = [(h.name, h.get_text(" ", strip=True)) for h in soup.find_all(["h1", "h2"]) if not _home_link(h)]
    flat_title = re.sub(r"\s+", "", page_title)
    out = {}
    out["title"] = (
        next((t for _, t in headings if len(t) >= 4 and flat_title.startswith(re.sub(r"\s+", "", t))), "")
        or meta("og:title", "twitter:title")
        or next((t for name, t in headings if name == "h1" and t), "")
        or next((t for t in [_SITE_SUFFIX.split(page_title)[0]] if t not in home), "")
    )
    out["outlet"] = meta("og:site_name", "application-name") or next((x for x in parts[1:] if x in home), "")
    out["author"] = meta("author", "article:author", "byline")
    if re.match(r"https?://", out["author"]):
        out["author"] = ""  # article:author is often the writer's profile page
    time_el = soup.find("time", attrs={"datetime": True})
    out["published"] = meta(
        *("article:published_time", "og:published_time", "pubdate", "publishdate", "publish_date", "publish-date"),
        *("og:release_date", "datePublished", "weibo:article:create_at", "date", "dc.date", "DC.date.issued"),
    ) or (time_el["datetime"] if time_el else "")
    if out["outlet"] in _PLATFORMS or soup.find(id="js_name"):  # the account, or no outlet: the platform is none
        out.update({k: v for k, v in _wechat_account(soup).items() if v or k == "outlet"})
    return {k: v for k, v in out.items() if v}


_HOME = re.compile(r"\.?/|(?:\./)?index\.html?|https?://[^/]+/?")  # a link to the site's home page


def _home_link(el) -> bool:
    return any(_HOME.fullmatch(a["href"].strip()) for a in el.find_all("a", href=True))


def _home_names(soup) -> set[str]:
    """The names the page gives the links to its home page: their text, title and logo's alt."""
    names = set()
    for a in soup.find_all("a", href=True):
        if _HOME.fullmatch(a["href"].strip()):
            names |= {a.get_text(" ", strip=True), a.get("title", "").strip()}
            names |= {img.get("alt", "").strip() for img in a.find_all("img")}
    return names - {""}


def _wechat_account(soup) -> dict[str, str]:
    """A WeChat article's account (its outlet), writer and time, from the meta line above the text:
    "原创 · writer · account · time" (#meta_content; the account is #js_name, the time #publish_time)."""
    account = soup.find(id="js_name") or soup.find(class_="profile_nickname")
    out = {"outlet": account.get_text(" ", strip=True) if account else ""}
    line = soup.find(id="meta_content")
    for el in line.find_all(class_="rich_media_meta_text") if line else []:
        text = el.get_text(" ", strip=True)
        if el.get("id") == "publish_time":
            out["published"] = text
        elif text not in ("", "原创", out["outlet"]) and not DATE.search(text):
            out.setdefault("author", text)
    return out


# ---------------------------------------------------------------------------------------------
# An article's metadata, from every place it may be stated


def article_metadata(
    source: Path | str, *, html: bool | None = None, given: dict[str, str] | None = None, name: str = "text"
) -> Metadata:
    """Title, outlet, author and publication date of an article (``metadata.read_metadata``), each
    with where it came from, and the article's text (``Metadata.body``).

    ``source`` is the article file, or its decoded text (``html``: whether it is a saved web page;
    default: a ``.html``/``.htm`` file, or text that looks like a page). A page's metadata comes from
    its tags (``html_metadata``), a text file's from its ``key: value`` header (``read_header``);
    both, and the lines of the article, are read by the same rules. ``given`` (``baimo add``'s
    options) comes first. ``name`` names the text in errors when ``source`` is not a file.
    """
    if isinstance(source, Path):
        text, where = read_article(source, raw=True), source
        html = source.suffix.lower() in HTML_SUFFIXES if html is None else html
    else:
        text, where = source, name
        html = looks_like_html(text) if html is None else html
    if html:
        body, header, page = html_to_text(text), {}, html_metadata(text)
    else:
        header, body = read_header(text, where)
        page = {}
    meta = read_metadata(body, header=header, page=page, given=given)
    meta.body = body
    return meta
