"""What an article states about itself: its title, outlet, author and publication date.

One reader for ``baimo add`` and ``corpus build --src`` (through ``sources.article_metadata``,
which reads the file): ``read_metadata`` takes each field from, in this order, what the caller
gives (``baimo add``'s options), the file's ``key: value`` header, a saved page's metadata
(``sources.html_metadata``) and the article's own lines — datelines, 来源 lines, bylines and
reporter lines (``line_metadata``) — and says where each value came from (``Stated.origin``).
A value that is stated but cannot be taken is a ``problem``, never a guess: a date this tool
cannot read ("发布于 3小时前"), an outlet that is not an outlet's name (``outlet_problem``:
``sp20240720``, ``点击数:``, ``科技日报点击数:``).

The line recognisers are the cleaning rules' too: ``clean.remove_chrome`` drops the lines they
recognise, each counted by its kind (``chrome_line``, through ``sources``), and every date is read
by one parser (``parse_date``). This module reads no files: it sits above ``sources``, which does.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from baimo.text import CJK, TONE_MARKS, opencc


def _t2s():
    return opencc("t2s")


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
# Metadata an article states in its own lines
#
# ``line_metadata`` reads one line: a byline ("作者丨潘心怡", "文 | 某某财经,作者 | 李四", "本文来源:深网
# 作者:潘某", "(来源:某某基金)"), a reporter line ("科技日报记者 孙八", "◎本报记者 赵六 钱 七", "記者陳一/台北報導",
# "經濟日報 編譯周九/綜合外電") or a dateline ("2024-08-15 16:44 来源:A5专栏", "2024年05月22日 09:15 新浪财经",
# "2024061911:26", "发布时间|2023-11-23"). Lines are matched in simplified script without pinyin
# annotations, and values are returned as the line writes them.
# The chrome rule asks the same recognisers, through ``chrome_line``, to drop those lines, record
# what they state and count each by its kind (``byline`` and ``dateline`` read its normalised lines).

#: clean.PINYIN_ANNOTATION (this stage is above clean): "(chuàng)" after a CJK character.
PINYIN_ANNOTATION = re.compile(
    rf"(?<=[{CJK}])\((?=[a-zü{TONE_MARKS} ]*[{TONE_MARKS}])"
    rf"[a-zü{TONE_MARKS}]+(?: [a-zü{TONE_MARKS}]+)*\)"
)
_KEYS = "特约作者|作者|撰文|文|编辑|责编|责任编辑|主编|出品|本文来源|信息来源|来源|策划"
#: A byline: "作者丨潘心怡", "编辑|薛芳", "来源：定焦", "(来源:某某基金)" (the field it fills: ``BYLINE_FIELDS``).
BYLINE = re.compile(rf"^(?:[-*•·]|(?P<open>[(（]))?\s*(?P<key>{_KEYS})\s*[丨|｜:：]\s*(?P<value>.+?)\s*(?(open)[)）])$")
BYLINE_FIELDS = {
    **dict.fromkeys(["特约作者", "作者", "撰文", "文"], "author"),
    **dict.fromkeys(["编辑", "责编", "责任编辑", "主编"], "editor"),
    **dict.fromkeys(["出品", "策划"], "producer"),
    **dict.fromkeys(["本文来源", "信息来源", "来源"], "source"),
}
# Where a byline names a second field ("文 | 某某财经,作者 | 李四", "本文来源:深网 作者:潘某").
_NEXT_KEY = re.compile(rf"[,，;；]?\s+(?=(?:{_KEYS})\s*[丨|｜:：])|[,，;；]\s*(?=(?:{_KEYS})\s*[丨|｜:：])")
_NAME = r"[^\s\d/／∕:：|丨,，。、()（）-]"
#: A reporter line: an outlet (or 本报) and 记者/编译, then the names, a "/台北报导" and a dateline.
REPORTER = re.compile(
    rf"^[◎●•·]?\s*(?:(?P<outlet>{_NAME}{{0,8}}(?:报|社|网|台|刊|新闻|通|志))\s*)?(?:特约|实习|首席)?(?:记者|编译)\s*"
    rf"(?P<names>{_NAME}{{2,4}}(?:\s+{_NAME}{{1,4}}){{0,3}})\s*(?:[/／∕]\s*{_NAME}{{2,8}})?"
    r"(?:\s*(?P<date>20\d\d-\d{1,2}-\d{1,2}(?:\s*\d{1,2}:\d\d(?::\d\d)?)?))?$"
)
_TIME = r"(?:\s*(?:上午|下午|凌晨|早上|中午|晚上|AM|PM)?\s*\d{1,2}:\d\d(?::\d\d)?)"
#: The date a dateline states, as written: "2024-08-15 16:44", "2024年05月22日 09:15", "2024/8/15",
#: "2024 年 12 月 18 日 下午 6:38", or run together with its time, "2024061911:26".
STATED_DATE = re.compile(
    r"(?<!\d)(?P<date>(?:(?P<y>20\d\d)\s*(?:[-/.]|年)\s*(?P<m>\d{1,2})\s*(?:[-/.]|月)\s*(?P<d>\d{1,2})(?:\s*日)?"
    r"|(?P<cy>20\d\d)(?P<cm>0[1-9]|1[0-2])(?P<cd>[0-2]\d|3[01])(?=\d{1,2}:\d\d))" + _TIME + r"?)(?!\d)"
)
#: A line that announces a date ("发布时间：…", "时间|…"): if no date this tool reads follows, the
#: date is stated but unreadable ("发布于 3小时前", "發布於 12月18日05:58").
DATELINE = re.compile(
    r"^[-*•·]?\s*(?:(?:发布|发表|更新)(?:于|时间|日期)|(?:日期|时间)(?=\s*[:：|｜丨]))\s*[:：|｜丨]?\s*(?P<rest>.*)$"
)
#: A reprint notice, naming where the text first appeared: "本文来自微信公众号“定焦”（ID：dingjiaoone），作者：
#: 黎明，36氪经授权发布。", "本文转载自某某财经".
REPRINT = re.compile(
    r"^本文(?:来自于?|转载自|转自|来源于|原载于|经授权转载自)\s*(?:微信公众号|公众号)?\s*[:：]?\s*"
    r"(?P<q>[“\"「『《])?(?P<source>[^“”\"「」『』《》,，。;；:：()（）\s]{1,20})(?(q)[”\"」』》])"
)
#: Discuz forum pages: the post starts after the "发表于 … | 阅读模式" line, which carries its date.
FORUM_POST_START = re.compile(r"^发表于.*阅读模式$")
_SOURCE = re.compile(r"来源\s*[:：丨|｜]\s*(?P<v>[^\s|｜丨,，;；()（）]+)")
_PROSE = re.compile(r"[，。！？；、,!?;]")
_SPACES = re.compile(r"\s+")
#: A few names, each ended by a space or a separator, before the date a line ends with (``_dateline``).
_NAMES_THEN_DATE = re.compile(r"^(?:[^\s·|｜丨/，。,;；:：]{1,12}\s*[\s·|｜丨/]\s*){1,4}$")


@dataclass(frozen=True)
class LineMetadata:
    kind: str  # "byline", "reporter" or "dateline"
    fields: dict  # date (as written), source (an outlet's name), author, editor, producer


def line_metadata(line: str) -> LineMetadata | None:
    """What a line states about the article, if it is a byline, a reporter line or a dateline
    (values as the line writes them, annotations dropped); None for any other line."""
    written = _SPACES.sub(" ", PINYIN_ANNOTATION.sub("", line)).strip()
    simple = _t2s().convert(written)
    return _line_metadata(simple, written if len(simple) == len(written) else simple)


def _line_metadata(simple: str, written: str) -> LineMetadata | None:
    flat = _SPACES.sub("", simple)
    if len(flat) <= 40 and (m := BYLINE.match(simple)):
        return LineMetadata("byline", _byline_fields(simple, written, m))
    if len(flat) <= 40 and (m := REPORTER.match(simple)):
        fields = {"author": " ".join(_names(written[m.start("names") : m.end("names")]))}
        outlet = m["outlet"] and written[m.start("outlet") : m.end("outlet")]
        if outlet and not m["outlet"].startswith("本"):  # 本报记者: "this paper's reporter"
            fields["source"] = outlet
        if m["date"]:
            fields["date"] = written[m.start("date") : m.end("date")]
        return LineMetadata("reporter", fields)
    dated = _dateline(simple, written)
    return LineMetadata("dateline", dated) if dated else None


def _byline_fields(simple: str, written: str, m: re.Match) -> dict:
    """Every field a byline line names: each ``key|value`` segment, and "文 | A B" as outlet A, author B."""
    cuts = [m.start("key"), *(c.end() for c in _NEXT_KEY.finditer(simple, m.start("value"))), len(simple)]
    end = m.end("value")
    segments = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        seg = BYLINE.match(simple[a : min(b, end)].strip(" ,，;；"))
        if seg:
            offset = a + (len(simple[a:]) - len(simple[a:].lstrip(" ,，;；")))
            value = written[offset + seg.start("value") : offset + seg.end("value")].strip().rstrip("?？")
            segments.append((seg["key"], value))
    fields: dict[str, str] = {}
    keys = {k for k, _ in segments}
    for key, value in segments:
        field = BYLINE_FIELDS[key]
        tokens = value.split()
        if key == "文" and ("作者" in keys or len(tokens) == 2):  # "文 | 定焦 黎明": the outlet, then the writer
            fields.setdefault("source", tokens[0])
            if len(tokens) == 2:
                fields.setdefault("author", tokens[1])
            continue
        if field == "source":
            value = re.split(r"[\s|｜丨,，;；()（）]|我来投稿", value)[0]
        fields.setdefault(field, value)
    return fields


def _names(value: str) -> list[str]:
    """Names on a reporter line, a name set apart in two ("赵六 钱 七") joined again."""
    out: list[str] = []
    for token in value.split():
        if len(token) == 1 and out and len(out[-1]) == 1:
            out[-1] += token
        else:
            out.append(token)
    return out


def _announced(simple: str, found: re.Match) -> bool:
    """Whether the line announces the date ``found`` states: "发布于:2025-01-19", "发布时间|2023-11-23"."""
    if _SPACES.sub("", simple).startswith(("发布于", "-发布于", "发表于")):
        return True
    lead = DATELINE.match(simple)
    return bool(lead) and found.start() == lead.start("rest")


def _dateline(simple: str, written: str) -> dict | None:
    found = STATED_DATE.search(simple)
    if not found:
        return None
    flat = _SPACES.sub("", simple)
    first = found.start() == len(simple) - len(simple.lstrip(" -*•·"))
    rest = simple[found.end() :].strip()
    # names, then the date and its time, ending the line: "定焦·2024年07月05日 09:15" (36氪's author line),
    # "原创 潘某 深网腾讯新闻 2024-12-20 08:00" (WeChat's); the names are not read (account, writer or tag?)
    signed = not rest and ":" in found["date"] and bool(_NAMES_THEN_DATE.match(simple[: found.start()]))
    announced = _announced(simple, found)
    if not (announced or (len(flat) < 60 and ("来源" in flat or signed or (first and not _PROSE.search(rest))))):
        return None
    fields = {"date": written[found.start("date") : found.end("date")]}
    source = _SOURCE.search(simple)
    if source:
        value = written[source.start("v") : source.end("v")]
        fields["source"] = value.split("我来投稿")[0] if "我来投稿" in source["v"] else value
    elif first and rest:
        after = _line_metadata(rest, written[found.end() :].strip())  # "2024-09-16 10:00 經濟日報 編譯周九"
        if after and after.kind != "dateline":
            fields.update({k: v for k, v in after.fields.items() if k != "date"})
        elif not announced and len(rest) <= 20 and not re.search(r"\s|[:：]", rest) and re.search(r"\D", rest):
            fields["source"] = written[found.end() :].strip()  # "2024年05月22日 09:15 新浪财经"
    return fields


def stated_date_value(written: str) -> str | None:
    """A date as a dateline writes it (``STATED_DATE``) normalised to YYYY-MM-DD; None if no such day."""
    m = STATED_DATE.search(written)
    if not m:
        return None
    try:
        return _calendar_date(m["y"] or m["cy"], m["m"] or m["cm"], m["d"] or m["cd"])
    except ValueError:
        return None


def byline(norm: str) -> tuple[str, str] | None:
    """(field, value) when the chrome rule's normalised line is a byline or a reporter line
    ("作者丨潘心怡" → author, 潘心怡), else None. The field is ``author``, ``editor``, ``producer`` or
    ``source`` (the first the line names)."""
    if len(norm) > 40 or not (BYLINE.match(norm) or REPORTER.match(norm)):
        return None
    found = _line_metadata(norm, norm)
    return next(iter(found.fields.items()), None) if found and found.kind != "dateline" else None


def dateline(line: str, norm: str) -> tuple[str, str | None] | None:
    """(date as the line writes it, outlet it names or None) when the line is a dateline: a date
    after 发布于/发表于/发布时间/时间| …, or on a short line that starts with the date or names a
    来源 ("2024-08-15 16:44 来源:A5专栏", "2024年05月22日 09:15 新浪财经"); else None."""
    if not STATED_DATE.search(norm):
        return None
    simple = _SPACES.sub(" ", _t2s().convert(PINYIN_ANNOTATION.sub("", line))).strip()
    found = _dateline(simple, simple)
    return (found["date"], found.get("source")) if found else None


#: Byline keys that say where the text comes from rather than who made it: a source line.
_SOURCE_KEYS = ("本文来源", "信息来源")
_MAY_CREDIT = re.compile(rf"^(?:[-*•·]|[(（])?(?:{_KEYS})|记者|编译")


def chrome_line(line: str, norm: str) -> tuple[str, dict[str, str]] | None:
    """The chrome rule's reading of a line that states metadata (``line_metadata``, values in
    simplified script): (kind, fields), the kind being the line's in the cleaning audit — ``byline``
    ("作者丨潘心怡", "编辑|薛芳", "- 来源:24直播网"), ``source_line`` (where the text comes from: "本文来源:深网
    作者:潘某", "(来源:某某基金)"), ``credit_line`` (a reporter line: "科技日报记者 孙八"), ``dateline`` (a date
    announced, "发布于:2025-01-19 06:30:50", or with its outlet or writer, "2024-08-15 16:44 来源:A5专栏") or
    ``timestamp`` (a date and time alone: "2024061911:26", "定焦·2024年07月05日 09:15"). None for any other line.
    ``norm``: the chrome rule's form of the line (simplified, no spaces), to pass over most lines unconverted."""
    if not (STATED_DATE.search(norm) or (len(norm) <= 40 and _MAY_CREDIT.search(norm))):
        return None
    simple = _SPACES.sub(" ", _t2s().convert(PINYIN_ANNOTATION.sub("", line))).strip()
    found = _line_metadata(simple, simple)
    if found is None:
        return None
    if found.kind == "reporter":
        return "credit_line", found.fields
    if found.kind == "byline":
        m = BYLINE.match(simple)
        return ("source_line" if m["open"] or m["key"] in _SOURCE_KEYS else "byline"), found.fields
    announced = _announced(simple, STATED_DATE.search(simple))
    return ("dateline" if announced or len(found.fields) > 1 else "timestamp"), found.fields


def forum_post_date(line: str, norm: str) -> str | None:
    """On a forum's "发表于 … | 阅读模式" line (where the post starts): its date, or "" when the line
    states none this tool reads ("发表于 3小时前"); None on any other line."""
    if not FORUM_POST_START.match(norm):
        return None
    found = STATED_DATE.search(line) or STATED_DATE.search(norm)
    return found.group("date") if found else ""


def leading_date(line: str) -> tuple[str, int] | None:
    """(date, where the text after it starts) when a line starts with an ISO date and goes on with
    other text: the " date 2024-12-16 " a stored page puts before its first line, or a date glued
    to the first paragraph. The rest of the line is not metadata (often it is the article's first
    paragraph); only the caller knows whether the line is the first."""
    m = re.match(r"\s*(?:date\s+)?(20\d\d-\d{1,2}-\d{1,2})\s+(?=\S)", line)
    if not m or (not line.lstrip().startswith("date") and len(line) - m.end() < 40):
        return None
    return m[1], m.end()


# ---------------------------------------------------------------------------------------------
# An outlet must look like an outlet

_LABELS = (
    "点击",
    "阅读",
    "浏览",
    "评论",
    "分享",
    "收藏",
    "字号",
    "打印",
    "人气",
    "热度",
    "编辑",
    "作者",
    "时间",
    "日期",
)


#: 来源 values that name no outlet: "来源：网络" (from the web), "网友投稿" (sent in by a reader).
_NO_OUTLET = re.compile(r"(?:互联)?网络(?:转载|整理)?|(?:网友|读者|用户)?投稿|网友|综合|转载")


def outlet_problem(value: str) -> str | None:
    """Why ``value`` (a 来源 field, a site name) is not an outlet's name, or None when it may be one:
    a code ("sp20240720"), a counter or field label ("点击数:"), text glued to one ("科技日报点击数:"),
    a web address, a date, a sentence, or a word for where a text came from ("网络", "网友投稿")."""
    simple = _t2s().convert(value).strip()
    label = next((w for w in _LABELS if w in simple), None)
    if label:
        glued = simple.split(label)[0]
        what = f"{label}{simple.split(label, 1)[1]}".strip()
        return f"is text glued to a label ({what})" if glued else "is a counter or field label"
    if simple.endswith((":", "：")):
        return "is a label (it ends in a colon)"
    if re.search(r"https?://|www\.", simple):
        return "is a web address"
    if STATED_DATE.search(simple) or re.fullmatch(r"[\d\s:：/.-]+", simple):
        return "is a date or a number"
    if not re.search(f"[{CJK}]", simple) and len(re.findall(r"\d", simple)) >= 4:
        return "looks like a code (a CMS's, an article's)"
    if len(simple) > 30 or re.search(r"[。，！？；]", simple):
        return "is a sentence, not a name"
    if _NO_OUTLET.fullmatch(simple):
        return "says where from, not who (the web, readers)"
    return None


# ---------------------------------------------------------------------------------------------
# One article's metadata

FIELDS = ("title", "outlet", "author", "published")
REQUIRED = ("title", "outlet", "published")
FIELD_NAMES = {"title": "title", "outlet": "outlet", "author": "author", "published": "publication date"}
#: A wire service's header glued to the first paragraph: "《經濟通通訊社１６日專電》".
WIRE = re.compile(
    r"^《(?P<outlet>[^《》\s]{2,10}?)通讯社(?:驻\S{1,3}?记者(?P<author>[^\d\s０-９]{2,4}?))?[\d０-９]{1,2}日"
)


@dataclass(frozen=True)
class Stated:
    value: str
    origin: str  # where it was read: "--outlet", "the header", "the page's og:site_name", a quoted line


@dataclass
class Metadata:
    """Title, outlet, author and publication date (``stated``, each with its origin); the header's
    other keys (date_basis, script, url, notes); ``problems``: a field stated in a form this tool
    does not take, and why; ``body``: the article's text (header left out, a saved page as text)."""

    stated: dict[str, Stated] = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)
    header: dict[str, str] = field(default_factory=dict)
    body: str = ""

    def get(self, name: str) -> str:
        return self.stated[name].value if name in self.stated else self.header.get(name, "")

    def missing(self) -> list[str]:
        return [f for f in REQUIRED if f not in self.stated]

    def refusal(self, how: Mapping[str, str]) -> str | None:
        """Why the article cannot be taken as it stands, saying how to give each missing field
        (``how``: field → e.g. "--outlet '…'"); None when title, outlet and date are all there."""
        plain = [f for f in self.missing() if f not in self.problems]
        parts = [
            f"{self.problems[f]}; give the {FIELD_NAMES[f].split()[-1]} with {how[f]}"
            for f in self.missing()
            if f in self.problems
        ]
        if plain:
            names = ", ".join(FIELD_NAMES[f] for f in plain)
            parts.insert(0, f"the file does not state its {names}; give {' '.join(how[f] for f in plain)}")
        return "; ".join(parts) or None

    def origins(self, skip: tuple[str, ...] = ()) -> str:
        """Where each field came from ("outlet from the text: “来源：定焦”"), those in ``skip`` left out."""
        return "; ".join(
            f"{FIELD_NAMES[f].split()[-1]} from {s.origin}"
            for f, s in self.stated.items()
            if not s.origin.startswith(skip)
        )


def read_metadata(
    text: str,
    *,
    header: Mapping[str, str] | None = None,
    page: Mapping[str, str] | None = None,
    given: Mapping[str, str] | None = None,
) -> Metadata:
    """An article's metadata: each field from ``given`` (already checked), else the ``header``
    (``sources.read_header``), else the saved ``page`` (``sources.html_metadata``), else the lines
    of ``text`` (the article's text). The outlet of a page whose site name differs from the 来源
    its text states is "site (repost of source)"; a page's author that is in fact an outlet is
    not taken as the author."""
    given = {k: v.strip() for k, v in (given or {}).items() if v and v.strip()}
    header, page = dict(header or {}), dict(page or {})
    meta = Metadata(header=header)
    for name in FIELDS:
        if name in given:
            meta.stated[name] = Stated(given[name], f"--{name}")
        elif header.get(name):
            meta.stated[name] = Stated(header[name], "the header")
    if all(name in meta.stated for name in FIELDS):
        return meta
    found = _read_lines(text)
    if "title" not in meta.stated and page.get("title"):
        meta.stated["title"] = Stated(page["title"], "the page's title")
    if "published" not in meta.stated:
        page_date = parse_date(page.get("published", ""), loose=True)
        if page_date:
            meta.stated["published"] = Stated(page_date, f"the page's metadata ({page['published']})")
        elif "published" in found.stated:
            meta.stated["published"] = found.stated["published"]
        elif found.unreadable:
            meta.problems["published"] = f"the text states a date this tool cannot read: {found.unreadable!r}"
    sources = [s for s in found.sources if not outlet_problem(s.value)]
    if "outlet" not in meta.stated:
        _outlet(meta, page.get("outlet", ""), sources, [s for s in found.sources if s not in sources])
    if "author" not in meta.stated:
        outlets = {_t2s().convert(s.value) for s in [*found.sources, Stated(page.get("outlet", ""), "")] if s.value}
        for author in (Stated(page.get("author", ""), "the page's author metadata"), found.stated.get("author")):
            if author and author.value and _t2s().convert(author.value) not in outlets:
                meta.stated["author"] = author
                break
    meta.stated = {name: meta.stated[name] for name in FIELDS if name in meta.stated}
    return meta


def _outlet(meta: Metadata, site: str, sources: list[Stated], junk: list[Stated]) -> None:
    site = site if site and not outlet_problem(site) else ""
    source = sources[0] if sources else None
    if site and source:
        a, b = _t2s().convert(site), _t2s().convert(source.value)
        if a in b or b in a:
            meta.stated["outlet"] = Stated(site, "the page's site name (og:site_name)")
        else:
            meta.stated["outlet"] = Stated(
                f"{site} (repost of {source.value})", f"the page's site name and {source.origin}"
            )
    elif site or source:
        meta.stated["outlet"] = Stated(site, "the page's site name (og:site_name)") if site else source
    elif junk:
        bad = junk[0]
        meta.problems["outlet"] = (
            f"the file names its outlet as {bad.value!r} ({bad.origin}), which {outlet_problem(bad.value)}, "
            "not an outlet's name"
        )


@dataclass
class _Lines:
    stated: dict[str, Stated] = field(default_factory=dict)
    sources: list[Stated] = field(default_factory=list)  # outlets the lines name, in order
    unreadable: str | None = None  # a line that announces a date this tool cannot read


HEAD_PARAGRAPHS = 2  # dates are read above the article's second paragraph of prose, not in lists below it


def _read_lines(text: str) -> _Lines:
    """What the lines of an article state. Bylines, reporter and source lines count anywhere (the
    first of each wins); dates only in the head: above the second paragraph of prose, so that a
    date in a related-articles list after the article is not taken for the article's."""
    out = _Lines()
    written = [_SPACES.sub(" ", PINYIN_ANNOTATION.sub("", line)).strip() for line in text.split("\n")]
    written = [w for w in written if w]
    simple = _t2s().convert("\n".join(written)).split("\n")
    if len(simple) != len(written) or any(len(a) != len(b) for a, b in zip(simple, written, strict=False)):
        simple = [_t2s().convert(w) for w in written]
        written = [w if len(w) == len(s) else s for w, s in zip(written, simple, strict=True)]
    prose = 0
    for i, (s, w) in enumerate(zip(simple, written, strict=True)):
        head = prose < HEAD_PARAGRAPHS
        quote = f"the text: “{w if len(w) <= 60 else w[:60] + '…'}”"
        if i == 0 and (lead := leading_date(w)):
            value = parse_date(lead[0], loose=True)
            if head and value:
                out.stated.setdefault("published", Stated(value, f"the text: “{w[: lead[1]].strip()}”"))
            s, w = s[lead[1] :], w[lead[1] :]
            if wire := WIRE.match(s):
                quote = f"the text: “{w[: w.find('》') + 1] or w[: wire.end()]}”"
                out.sources.append(Stated(w[wire.start("outlet") : wire.end("outlet")], quote))
                if wire["author"]:
                    out.stated.setdefault("author", Stated(w[wire.start("author") : wire.end("author")], quote))
        flat = _SPACES.sub("", s)
        if len(flat) <= 120 and (reprint := REPRINT.match(s)):
            out.sources.append(Stated(w[reprint.start("source") : reprint.end("source")], quote))
        found = _line_metadata(s, w) if len(flat) <= 80 else None
        if found:
            fields = found.fields
            if head and "date" in fields and (value := stated_date_value(fields["date"])):
                out.stated.setdefault("published", Stated(value, quote))
            if fields.get("source"):
                out.sources.append(Stated(fields["source"], quote))
            if fields.get("author"):
                out.stated.setdefault("author", Stated(fields["author"], quote))
            if found.kind == "dateline" or "date" in fields:
                continue
        if head and len(flat) <= 80 and (announced := DATELINE.match(s)):
            day = DATE.search(announced["rest"])
            value = parse_date(day.group(), loose=True) if day else None
            if value:
                out.stated.setdefault("published", Stated(value, quote))
            elif out.unreadable is None:
                out.unreadable = w
            continue
        if len(flat) >= 40 and _PROSE.search(flat) and not found:
            prose += 1
    return out
