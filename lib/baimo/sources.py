"""Reading articles: manifest rows, any encoding, saved web pages to text, metadata stated in the text.

One reader for ``baimo add`` and for building a corpus: ``read_manifest`` validates the manifest,
``read_article`` decodes a file (UTF-8 with or without BOM, UTF-16, GB18030, Big5; a saved web
page becomes its main text), ``split_header`` reads a ``key: value`` header at the top of a file,
``html_metadata`` reads what a saved page says about itself. The metadata an article states in its
own lines is recognised here too, for the cleaning rules (which drop those lines) and for ``baimo
add`` alike: bylines (``byline``), datelines (``dateline``, ``forum_post_date``), the date a text
states (``stated_date``), and every date is read by one parser (``parse_date``).
Everything here only reads; bad input raises ``CorpusError`` naming the file (and line).
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import charset_normalizer
import pandas as pd

from baimo import cache, paths
from baimo import text as text_module

MANIFEST_COLUMNS = ["doc_id", "file", "title", "outlet", "author", "published", "date_basis", "script", "url", "notes"]
REQUIRED = ["doc_id", "file", "title", "outlet", "published", "date_basis", "script"]
DATE_BASES = {"stated", "repost", "inferred"}
SCRIPTS = {"traditional", "simplified"}


class CorpusError(ValueError):
    """Bad input: the message names the file (and line) and says what is wrong."""


# ---------------------------------------------------------------------------------------------
# Dates

_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?")
#: A date as pages and datelines write it: ISO, slashes, dots or 年月日, the day optional.
DATE = re.compile(
    r"(?P<y>20\d\d)\s*(?:[-/.]|年)\s*(?P<m>\d{1,2})\s*(?:(?:[-/.]|月)\s*(?P<d>\d{1,2})\s*日?|月)?(?![\d])"
)
_TIME_AFTER_DATE = re.compile(r"(?:[T\s]+\d{1,2}:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?\s*")


def parse_date(value: str, *, loose: bool = False) -> str | None:
    """A date, normalised to YYYY-MM-DD (or YYYY-MM when only the month is known).

    Strict (the default: the manifest and file headers): only ``YYYY-MM-DD`` or ``YYYY-MM``;
    anything else, or a day that does not exist (2024-13, 2024-02-30), raises ValueError saying
    why, for the caller to report with its file and line.

    ``loose`` (a dateline, a page's metadata, ``baimo add --published``): also slashes, dots and
    年月日 forms, with or without a time after the date ("2024/08/15 16:44", "2024年8月",
    "2024-08-15T16:44:00+08:00"); returns None for anything else (15/08/2024, 3小时前, 2024) and
    for a day that does not exist.
    """
    if loose:
        s = (value or "").strip()
        m = DATE.match(s)
        if not m or not _TIME_AFTER_DATE.fullmatch(s[m.end() :]):
            return None
        try:
            return _calendar_date(m["y"], m["m"], m["d"])
        except ValueError:
            return None
    m = _ISO_DATE.fullmatch(value.strip())
    if not m:
        raise ValueError(f"published {value!r} is not YYYY-MM-DD or YYYY-MM")
    return _calendar_date(m[1], m[2], m[3])


def _calendar_date(year: str, month: str, day: str | None) -> str:
    y, mo, d = int(year), int(month), int(day or 1)
    date(y, mo, d)  # raises on 2024-13 or 2024-02-30
    return f"{y:04d}-{mo:02d}" + (f"-{d:02d}" if day else "")


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


def split_header(
    text: str, path: Path | str, *, doc_id: str | None = None, file: str | None = None
) -> tuple[dict, str]:
    """Metadata from the header at the top of an article, and the body after it.

    The header is ``key: value`` lines (keys in ``HEADER_KEYS``) ended by one blank line::

        title: 大模型价格战的下半场
        outlet: 36氪
        published: 2024-08-15

        正文……

    ``title``, ``outlet`` and ``published`` are required; ``date_basis`` defaults to ``stated``;
    a missing ``script`` is measured from the text (``clean.traditional_ratio``). ``doc_id`` is the
    file's stem. Returns a manifest row (``MANIFEST_COLUMNS``) and the body text.
    """
    path = Path(path)
    lines = text.split("\n")
    row: dict[str, str] = {}
    i = 0
    while i < len(lines) and lines[i].strip():
        m = _HEADER_LINE.fullmatch(lines[i].strip().lstrip("\ufeff"))
        if not m or m[1] not in HEADER_KEYS:
            if i == 0:
                raise CorpusError(
                    f"{path}: no metadata: the file has no header (`title: …` lines, then a blank line) "
                    "and no manifest row"
                )
            raise CorpusError(
                f"{path}:{i + 1}: header line {lines[i].strip()[:40]!r} is not `key: value` with a key "
                f"in {', '.join(HEADER_KEYS)} (end the header with a blank line)"
            )
        if m[1] in row:
            raise CorpusError(f"{path}:{i + 1}: header key {m[1]} repeats")
        row[m[1]] = m[2].strip()
        i += 1
    if i == len(lines):
        raise CorpusError(f"{path}: header is not followed by a blank line and the article")
    missing = [k for k in HEADER_REQUIRED if not row.get(k)]
    if missing:
        raise CorpusError(f"{path}: header lacks {', '.join(missing)}")
    try:
        row["published"] = parse_date(row["published"])
    except ValueError as exc:
        raise CorpusError(f"{path}: {exc}") from None
    row.setdefault("date_basis", "stated")
    if row["date_basis"] not in DATE_BASES:
        raise CorpusError(f"{path}: date_basis {row['date_basis']!r} is not one of {sorted(DATE_BASES)}")
    if row.get("script") and row["script"] not in SCRIPTS:
        raise CorpusError(f"{path}: script {row['script']!r} is not one of {sorted(SCRIPTS)}")
    out = {c: row.get(c, "") for c in MANIFEST_COLUMNS}
    out["doc_id"] = doc_id or path.stem
    out["file"] = file or path.name
    return out, "\n".join(lines[i + 1 :])


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
    or Big5. A saved web page (``.html``/``.htm``) becomes its text (``html_to_text``) unless ``raw``.

    Refuses, naming the file, an empty, binary or truncated file and bytes that decode in none of them.
    """
    data = Path(path).read_bytes()
    cache.record_read("file", path)
    text = _decode(Path(path), data)
    if len(_CONTROL.findall(text)) > max(2, len(text) // 100):
        raise CorpusError(f"{path}: binary file (control characters in the text); {_SAVE_AS_TEXT}")
    if not raw and Path(path).suffix.lower() in HTML_SUFFIXES:
        return html_to_text(text)
    return text


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


def html_metadata(html: str) -> dict[str, str]:
    """What a saved page states about itself: title (first <h1>, else og:title, else <title> without
    the site's suffix), site name, author, and publication date (meta tags or <time datetime>)."""
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

    out = {}
    h1 = next((h.get_text(" ", strip=True) for h in soup.find_all("h1") if h.get_text(strip=True)), "")
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    out["title"] = h1 or meta("og:title", "twitter:title") or re.split(r"\s*[_|｜—–-]\s*(?=[^_|｜—–-]*$)", title)[0]
    out["outlet"] = meta("og:site_name", "application-name")
    out["author"] = meta("author", "article:author", "byline")
    time_el = soup.find("time", attrs={"datetime": True})
    out["published"] = meta(
        "article:published_time",
        "pubdate",
        "publishdate",
        "publish_date",
        "og:release_date",
        "datePublished",
        "weibo:article:create_at",
    ) or (time_el["datetime"] if time_el else "")
    return {k: v for k, v in out.items() if v}


# ---------------------------------------------------------------------------------------------
# Metadata an article states in its own lines
#
# Recognised on a line's *normalised* form (``clean``'s chrome rule: pinyin annotations dropped,
# simplified, spaces removed), so one simplified pattern list serves every script; ``line`` is the
# line as written, where a date keeps its spaces ("2024-08-15 16:44").

#: A byline: "作者丨潘心怡", "编辑|薛芳", "来源：定焦" (the field it fills: ``BYLINE_FIELDS``).
BYLINE = re.compile(r"^[-*•]?(?P<key>特约作者|作者|编辑|责编|责任编辑|出品|来源|文|撰文|策划)[丨|:：]\s*(?P<value>.+)$")
BYLINE_FIELDS = {
    "特约作者": "author",
    "作者": "author",
    "撰文": "author",
    "文": "author",
    "编辑": "editor",
    "责编": "editor",
    "责任编辑": "editor",
    "出品": "producer",
    "来源": "source",
    "策划": "producer",
}
#: The date a dateline states, as written: "2024-08-15 16:44", "2024-9-16 14:03:18".
STATED_DATE = re.compile(r"(?P<date>20\d\d-\d{1,2}-\d{1,2}(?: \d{1,2}:\d\d(?::\d\d)?)?)")
#: The outlet a dateline names after 来源 ("2024-08-15 16:44 来源:A5专栏 我来投稿").
SOURCE = re.compile(r"来源[:：](\S+?)(?:我来投稿|$)")
#: Discuz forum pages: the post starts after the "发表于 … | 阅读模式" line, which carries its date.
FORUM_POST_START = re.compile(r"^发表于.*阅读模式$")
# A line that announces a date ("发布时间：…"): if no date this tool reads follows, ``baimo add``
# refuses rather than guess ("发布于 3小时前", "发表于 08-15 16:44").
DATELINE = re.compile(
    r"^[-*•·]?\s*(发布于|发表于|发布时间|发表时间|发布日期|更新时间|更新于|日期|时间)\s*[:：]?\s*(?P<rest>.*)$"
)


def byline(norm: str) -> tuple[str, str] | None:
    """(field, value) when the normalised line is a short byline ("作者丨潘心怡" → author, 潘心怡),
    else None. The field is ``author``, ``editor``, ``producer`` or ``source``."""
    m = BYLINE.match(norm)
    if not m or len(norm) > 40:
        return None
    return BYLINE_FIELDS[m["key"]], m["value"].rstrip("?")


def dateline(line: str, norm: str) -> tuple[str, str | None] | None:
    """(date as the line writes it, outlet named after 来源 or None) when the line is a dateline:
    a date after 发布于/发表于, or on a short line that starts with the year or names a 来源;
    else None."""
    found = STATED_DATE.search(norm)
    if not found:
        return None
    announced = norm.startswith(("发布于", "-发布于", "发表于"))
    if not (announced or (len(norm) < 60 and ("来源" in norm or norm.startswith("20")))):
        return None
    source = SOURCE.search(norm)
    return (STATED_DATE.search(line) or found).group("date"), source.group(1) if source else None


def forum_post_date(line: str, norm: str) -> str | None:
    """The date on a forum's "发表于 … | 阅读模式" line (where the post starts), None on any other line."""
    if not FORUM_POST_START.match(norm):
        return None
    return (STATED_DATE.search(line) or STATED_DATE.search(norm)).group("date")


@dataclass
class StatedDate:
    value: str | None  # normalised date, or None when the line's date is unreadable
    line: str


def stated_date(text: str, *, dateline_date: str | None = None) -> StatedDate | None:
    """The date ``text`` states, with the line that states it.

    ``dateline_date`` is the date of the article's dateline as the cleaning rules found it (the
    ``stated_date`` that ``clean.remove_chrome`` records, recognised by ``dateline`` and
    ``forum_post_date``; only the chrome rule knows where the article ends, so a date in a
    related-articles list after it does not count). Without one, a line announcing a date
    (``DATELINE``: 发布时间, 日期 …) in any form ``parse_date`` reads loosely; such a line whose
    date it cannot read gives ``StatedDate(None, line)``. None when the text states no date.
    """
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if dateline_date is not None:
        line = next((s for s in lines if dateline_date in s), dateline_date)
        return StatedDate(parse_date(dateline_date.split()[0], loose=True), line)
    unreadable = None
    for line in lines:
        simple = re.sub(r"\s+", " ", text_module.opencc("t2s").convert(line))
        m = DATELINE.match(simple)
        if not m or len(simple) > 80:
            continue
        found = DATE.search(m["rest"])
        value = parse_date(found.group(), loose=True) if found else None
        if value:
            return StatedDate(value, line)
        unreadable = unreadable or StatedDate(None, line)
    return unreadable
