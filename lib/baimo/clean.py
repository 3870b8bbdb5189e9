"""Cleaning: raw article text → simplified, readable text, through ordered, named rules.

Each rule is a function ``text -> (text, [Change])``. ``clean`` runs them in ``RULES`` order and
keeps an audit: per rule, how many things it changed and where (offsets into that rule's input).
Order matters: the mojibake repair needs the pinyin annotations that the next rule removes,
and chrome is recognised on the raw lines before anything else touches them.

Cleaning reads nothing but its arguments: what bylines and datelines look like comes from
``baimo.sources``, and the annotator readings the mojibake repair may use besides the article's
own are passed in (``evidence``; the corpus passes the seed articles', ``corpus.seed_evidence``).
"""

from __future__ import annotations

import bisect
import difflib
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from baimo import mojibake, sources
from baimo.text import (
    CJK,
    CJK_CHAR,
    CJK_PUNCT,
    T2S_FIXES,
    TONE_MARKS,
    columns,
    opencc,
    regional_convert,
    regional_vocabulary,
)

# ---------------------------------------------------------------------------------------------
# Shared character classes
# A pinyin annotation: "(chuàng)" right after a CJK character. Only parentheses whose content is
# pinyin letters *with at least one tone mark* count, so "(daotmt)", "(OpenCSG)" or "second(s)" stay.
PINYIN_ANNOTATION = re.compile(
    rf"(?<=[{CJK}])\((?=[a-zü{TONE_MARKS} ]*[{TONE_MARKS}])[a-zü{TONE_MARKS}]+(?: [a-zü{TONE_MARKS}]+)*\)"
)


@dataclass(frozen=True)
class Change:
    """One edit made by a rule: ``before`` at [start, end) of the rule's input became ``after``."""

    rule: str
    start: int
    end: int
    before: str
    after: str
    kind: str = ""  # rule-specific label, e.g. "breadcrumb", "repaired", "masked"


@dataclass
class Cleaned:
    text: str
    changes: list[Change] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)  # bylines, stated dates, sources

    def counts(self) -> dict[str, int]:
        """Number of changes per rule, every rule present (0 when it changed nothing)."""
        out = {name: 0 for name, _ in RULES}
        for ch in self.changes:
            out[ch.rule] += 1
        return out

    def kinds(self, rule: str) -> dict[str, int]:
        out: dict[str, int] = {}
        for ch in self.changes:
            if ch.rule == rule:
                out[ch.kind] = out.get(ch.kind, 0) + 1
        return out

    def removed_chars(self, rule: str) -> int:
        return sum(len(c.before) - len(c.after) for c in self.changes if c.rule == rule)


# ---------------------------------------------------------------------------------------------
# Rule 0: hard wraps — text copied from a fixed-width layout (wire copy, plain-text mirrors) has a
# line break every N columns, inside words. Such a text has many lines of (nearly) one width, none
# much wider, most of them ending without sentence punctuation; a line of that width continues on
# the next line when the gap between them is the usual one after a wrapped line.

_SENTENCE_END = "。！？!?…」』”\"'）)】:：;；"
WRAP_MIN_LINES = 4  # fewer lines of one width is no evidence of a fixed wrap
WRAP_MIN_WIDTH = 16  # narrower lines are lists and captions, not wrapped prose
WRAP_MAX_WIDTH = 160  # wider lines are paragraphs: nobody wraps text that wide


def _wrap_width(widths: list[int], ends_open: list[bool]) -> int | None:
    """The wrap width, or None when the lines do not look wrapped at a fixed width: at least
    ``WRAP_MIN_LINES`` lines within 2 of it, no line wider but the first (a dateline before wire
    copy) and a tenth of the others, and most of them ending without sentence punctuation."""
    count = Counter(widths)
    rest = sorted(widths[1:])
    best = None
    for w in sorted(x for x in count if WRAP_MIN_WIDTH <= x <= WRAP_MAX_WIDTH):
        n_full = count[w] + count[w - 1] + count[w - 2]
        if n_full < WRAP_MIN_LINES or len(rest) - bisect.bisect_right(rest, w) > len(widths) // 10:
            continue
        full = [k for k, x in enumerate(widths) if w - 2 <= x <= w]
        if sum(ends_open[k] for k in full) >= 0.6 * n_full and (best is None or n_full > best[0]):
            best = (n_full, w)
    return best[1] if best else None


def join_wrapped_lines(text: str) -> tuple[str, list[Change]]:
    """Join the lines of a hard-wrapped text inside its paragraphs: no space between CJK
    characters, one space between two Latin words; paragraph breaks (a longer gap, or a short
    line) stay. Width is measured both in characters and in display columns (``text.columns``:
    a wide character is two), whichever shows the fixed width."""
    lines = text.split("\n")
    filled = [k for k, line in enumerate(lines) if line.strip()]
    if len(filled) < WRAP_MIN_LINES:
        return text, []
    stripped = [lines[k].rstrip() for k in filled]  # an indent is part of a wrapped line's width
    ends_open = [s[-1] not in _SENTENCE_END for s in stripped]
    found = []
    by_chars = [len(s) for s in stripped]
    # a line too long to be a wrapped one is not measured in columns (most lines of most texts)
    by_columns = [columns(s) if n <= WRAP_MAX_WIDTH else 2 * n for s, n in zip(stripped, by_chars, strict=True)]
    for widths in (by_chars, by_columns):
        w = _wrap_width(widths, ends_open)
        if w is not None:
            found.append((sum(x >= w - 2 for x in widths), widths, w))
    if not found:
        return text, []
    _, widths, w = max(found, key=lambda f: f[0])
    gaps = [filled[t + 1] - filled[t] - 1 for t in range(len(filled) - 1)]
    # a full line; or an open one nearly so (a paragraph's first line, where the site indents)
    full = [x >= w - 2 or (ends_open[t] and x >= 0.85 * w) for t, x in enumerate(widths)]
    wrap_gap = max(
        set(g for t, g in enumerate(gaps) if full[t]),
        key=lambda g: sum(1 for t, x in enumerate(gaps) if full[t] and x == g),
    )
    longer_gaps = any(g > wrap_gap for g in gaps)
    join = [full[t] and gaps[t] == wrap_gap and (ends_open[t] or longer_gaps) for t in range(len(gaps))]
    latin = len(CJK_CHAR.findall(text)) < 0.3 * len(text.strip())
    return _join_lines(text, lines, filled, join, latin=latin)


def _join_lines(text, lines, filled, join, *, latin: bool) -> tuple[str, list[Change]]:
    """The text with the line breaks ``join`` marks removed. The glue is one space where the break
    had white space next to Latin letters or digits (two words), or, in Latin text (``latin``,
    wrapped at spaces), between two words; nothing elsewhere (CJK text wrapped at any character,
    words cut in two included)."""
    offsets = [0]
    for line in lines[:-1]:
        offsets.append(offsets[-1] + len(line) + 1)
    out, changes = [], []
    pos = 0
    for t, k in enumerate(filled[:-1]):
        if not join[t]:
            continue
        nxt = filled[t + 1]
        left, right = lines[k].rstrip(), lines[nxt].lstrip()
        start = offsets[k] + len(left)
        end = offsets[nxt] + len(lines[nxt]) - len(right)
        spaced = bool(re.search(r"[^\n]", text[start:end]))  # white space at the break, not only newlines
        words = [bool(re.match(r"[A-Za-z0-9]", c)) for c in (left[-1:], right[:1])]
        glue = " " if (spaced and any(words)) or (latin and all(words)) else ""
        out.append(text[pos:start] + glue)
        changes.append(Change("wrap", start, end, text[start:end], glue, "joined"))
        pos = end
    out.append(text[pos:])
    return "".join(out), changes


# ---------------------------------------------------------------------------------------------
# Rule 1: site chrome and unrelated text
#
# Chrome is recognised line by line on a *normalised view* of each raw line (pinyin annotations
# dropped, simplified, spaces removed) so one simplified pattern list serves every script.
# Lines that state metadata (bylines, source and reporter lines, datelines, timestamps) are
# recognised by ``sources.chrome_line``, the recognisers ``baimo add`` reads metadata with
# (``baimo.metadata``), which also give each its kind. Lines that are site furniture wherever they occur:
_CHROME_LINES: list[tuple[str, re.Pattern[str]]] = [
    ("coupon_ad", re.compile(r"优惠券|先领券|领券")),
    ("submit_ad", re.compile(r"申请创业报道|点击此处|我来投稿|撤稿纠错")),
    ("login_prompt", re.compile(r"^(找回密码|立即注册|QQ登录|只需一步,?快速开始|登录\|?立即注册)$")),
    ("reprint_notice", re.compile(r"谢绝.*转载|未经授权.*转载|版权所有|ICP备")),
    ("original_tag", re.compile(r"^.{1,12}(\([A-Za-z0-9_]+\))?原创$")),
    ("image_credit", re.compile(r"^\*?题图.*来源于|^图片来源[:：]")),
    (
        "app_prompt",
        re.compile(r"^打开.{0,8}(APP|App|app|客户端|新闻).{0,6}查看更多|^(分享到|扫一扫|点击关注|关注我们)"),
    ),
]
# Lines that are site furniture wherever they occur, by kind (patterns on the normalised line;
# each kind is counted in the audit). Written from the patterns of 30 sites (tests/data/real_pages.md).
_SENTENCE_PUNCT = "。，,；;！!？?"
_FURNITURE_PATTERNS = {
    "app_prompt": (
        r"^打开APP$|尽在.{1,12}(APP|App|客户端)$|^.{1,10}(APP|App|app|客户端)$|(APP|App)让.{1,20}$"
        r"|^打开.{1,10}查看.{0,6}$|^(微信)?扫一扫|^关注该公众号$|关注我们$|^\+?关注$|^[0-9A-Za-z][^，。]{0,6}关注$|^阅读原文$|^点击下方.{0,8}关注"
    ),
    "browser_notice": r"^.{0,30}((更新|升级)(您的)?浏览器|浏览器版本(较旧|过低|太旧)).{0,40}$",
    "copyright": r"(?i)^.{0,80}(copyright|©|allrightsreserved|著作权所有|ICP[备证]|公网安备|poweredby)",
    "disclaimer": r"^.{0,8}声明[:：].{4,}",
    "related_links": r"^相关(内容|新闻|阅读|文章)[:：《].{1,50}$",
    "reprint_notice": r"^.{0,20}本文(来自|转载自|经).{0,40}(授权|发布|转载)|转载请(注明|联系)|经授权发布",
    "ad": r"(?i)^广告(更多内容请?继续往下阅读)?$|^-?advertisement-?|spot_img$|^◤.{1,30}◢$|继续往下阅读$",
    "caption": (
        r"^图片$|^(图源|图片来源|照片来源|资料图|封面来源|头图|题图)[:：｜|丨]|^图[/／]|^▲|^示意图|^\[caption|\[/caption\]$"
        r"|^.{0,60}([（(](路透|路透社|美联社|法新社?|新华社|视觉中国|中新社|资料图片?|示意图)[)）]|[-—]{2,}头图[:：].*)$"
    ),
    "word_count": r"^本文共\d+字|^阅读(约|需)?\d+分钟$|^\d+小时前/阅读约?\d+分钟$",
    "section_label": r"^(提要|导语|摘要|导读|正在阅读[:：]?)$",
    "subheading_marks": r"^[＊*]{1,2}[^＊*]{2,40}[＊*]{1,2}$",
    "column_tag": r"^\?{2,}.{1,8}$",
    "tag_line": r"^(文章)?(标签|关键词)[:：].{1,40}$",
    "counter": (
        r"^\d{1,4}$|^(分享至?|评论|点赞|收藏|转发|举报|返回列表)$|^(阅读|在看|浏览|点击数?|人气)[:：(（]?\d*(\.\d+)?[万千kK]?[)）]?$"
        r"|^查看[:：]?\d+\|回复[:：]?\d+$|^(本日|今日)人气[:：]?\d+|^\[复制链接\]$|^[（(][a-z]{1,4}/[a-z]{1,4}[)）]$"
    ),
    "source_line": (
        r"^本文来源[:：]"
        r"|^[（(]来源[:：][^)）]{1,20}[)）]$|(?i:^[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,6}$)|^[A-Za-z]{2,12}新闻$"
    ),
    "credit_line": (
        r"^[◎●]?(本报|本刊|特约|实习)?记者.{1,12}$|^.{2,8}记者.{2,12}$|^记者.{1,8}[/／].{1,6}(报导|报道)$"
        r"|^.{0,8}编译.{1,6}([/／]综合外电)?$|^(策划|记者|摄像|摄影|视频|剪辑|制作|监制|校对|审核|统筹|主编|撰文|撰稿)[:：丨|].{1,20}$"
        r"|^.{2,10}(联合)?出品$|^新华社.{0,8}分社$|^中国经济信息社$"
    ),
    "login_prompt": r"^您需要登录后才可以|^(用户名|密码|自动登录)$",
}
_FURNITURE_LINES = [(kind, re.compile(pattern)) for kind, pattern in _FURNITURE_PATTERNS.items()]
# The end-of-article furniture: a line that starts it, everything from it on goes.
_TAIL_MARKERS = re.compile(
    r"^(相关文章|相关标签|编辑推荐|相关阅读|推荐阅读|标签[:：]?|回复|使用道具举报|本版积分规则"
    r"|【?往下看更多】?|相关新闻|延伸阅读|猜你喜欢|热门推荐|更多新闻)$|^-\|"
)
_FORUM_FOOTER = ("回复", "使用道具举报", "本版积分规则")  # tail markers of a forum page's footer
_BREADCRUMB = re.compile(r"^\d{1,2}\.\S{1,12}$")
# A breadcrumb path: "首页 > 科技 > 正文", "您所在的位置:首页 > …", "热门资讯> 正文".
_PATH_HOME = re.compile(r"^(您?(现在)?所在的?位置[:：]?)")
_PATH_SEP = re.compile(r">|›|»|＞|&gt;")
_SPAM_WORDS = re.compile(
    r"(?i)av|无码|一区|二区|三区|成人|人妻|久久|在线观看|高清免费|影院|精品|日韩|欧美|国产|伦|magnet|伊人"
)
# What a disclaimer says; a line that says two of these things is one (a paragraph may quote one).
_DISCLAIMER = re.compile(
    r"观点仅代表|仅代表.{0,8}(观点|立场)|不代表.{0,16}(观点|立场)|不构成.{0,6}投资建议|风险自担|提供信息存储空间服务|如有侵权"
)
_HTML_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>")
_URL = re.compile(r"https?://")
# A date or time and the words that go with one on a bare timestamp line.
_TIMESTAMP_PARTS = re.compile(
    r"(?i)20\d\d\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}日?|20\d{6}|\d{1,2}月\d{1,2}日|\d{1,2}:\d\d(:\d\d)?"
    r"|星期.|周[一二三四五六日天]|上午|下午|凌晨|晚上|\d+(小时|分钟|天)前|阅读约?\(?\d+\)?(分钟)?|^date"
    r"|发布于|发表于|发布时间|更新时间|发表|发布|时间|日期|分类[:：]\S{1,6}|[|/·:：\-,，()（）]"
)
_HAS_DATE = re.compile(r"20\d\d\s*[-/.年]\s*\d{1,2}|20\d{6}|\d{1,2}月\d{1,2}日|\d{1,2}:\d\d|\d+(小时|分钟|天)前")
# A dateline or wire header glued before the first words of the body, on the raw line:
# " date 2024-12-16 …", "2024-08-15 16:44 …", "【明報文章】…", "《經濟通通訊社１６日專電》…".
_DATELINE_PREFIX = re.compile(
    r"^\s*(?:date\s+)?(?P<date>20\d\d-\d{1,2}-\d{1,2})(?:\s+\d{1,2}:\d\d(?::\d\d)?)?\s+"
    r"|^\s*[【《\[][^】》\]\n]{1,40}(?:电|電|讯|訊|文章|報導|报道)[】》\]]"
)
_QUOTE = re.compile(  # a live stock quote or its delay notice glued inside a sentence (Hong Kong sites)
    r"(?<=\.HK\))\s*[+-]\d+\.\d+\s*\([+-]\d+\.\d+%\)(?:\s*沽空\s*\$[\d.]+[億亿萬万]?;?\s*比率\s*[\d.]+%)?\s*"
    r"|\([a-z]{1,4}/[a-z]{1,4}\)\s*\(港股[報报][價价]延[遲迟][^)]*\)"
)


def _t2s():
    return opencc("t2s")


def _normalised(line: str) -> str:
    """The form chrome patterns are written against: no annotations, simplified, no spaces."""
    return _normalised_lines([line])[0]


def _normalised_lines(lines: list[str]) -> list[str]:
    """``_normalised`` of each line, with one OpenCC call for the whole text (a call per line
    cost more than the conversion; no dictionary phrase spans a line break, so it is the same).
    The full-width bar ｜ reads as | (bylines write both: "文｜黎明")."""
    bare = [PINYIN_ANNOTATION.sub("", line) for line in lines]
    converted = _t2s().convert("\n".join(bare)).split("\n")
    if len(converted) != len(lines):
        converted = [_t2s().convert(b) for b in bare]
    return [_LINE_SPACES.sub("", c).replace("｜", "|") for c in converted]


def _norm_title(s: str) -> str:
    return re.sub(r"[\s\"'“”?？!！,，.。:：]", "", _normalised(s))


def _path_breadcrumb(n: str) -> bool:
    """A breadcrumb path of short items: "首页>科技>正文", "您所在的位置:首页>…", "热门资讯>正文"."""
    rest = _PATH_HOME.sub("", n)
    items = _PATH_SEP.split(rest)
    if len(items) < 2 or any(c in n for c in _SENTENCE_PUNCT) or not all(1 <= len(x) <= 16 for x in items):
        return False
    return rest != n or len(items) >= 3 or items[-1].startswith("正文") or items[0] in ("首页", "主页")


def _menu_row(raw: str, *, before_body: bool) -> bool:
    """A site menu as a row of short space-separated words ("每日明報 要聞 港聞 經濟 …")."""
    words = raw.split()
    if len(words) < (3 if before_body else 4) or any(c in raw for c in _SENTENCE_PUNCT + "、：:"):
        return False
    cjk = sum(1 for c in raw if "\u4e00" <= c <= "\u9fff")
    return all(len(w) <= 8 for w in words) and cjk >= 0.6 * sum(map(len, words))


def _link_row(n: str) -> bool:
    """Footer links in a row: "新浪简介|AboutSina|广告服务|联系我们"."""
    items = n.split("|")
    return len(items) >= 4 and all(0 < len(x) <= 24 for x in items) and not any(c in n for c in "。！？")


def _spam(n: str) -> bool:
    """Keyword stuffing injected into mirror pages: separated items, three or more spam words."""
    return (
        len(re.split(r"[|,，_\-]", n)) >= 3 and len(_SPAM_WORDS.findall(n)) >= 3 and not any(c in n for c in "。！？")
    )


def _html_fragment(raw: str) -> bool:
    """A line of leftover tags with (almost) no text: '• <blockquote id="ab12c"></blockquote>'."""
    return bool(_HTML_TAG.search(raw)) and len(re.sub(r"[\s•·*\-]", "", _HTML_TAG.sub("", raw))) <= 2


def _timestamp(n: str) -> bool:
    """A bare date or time, with at most a few words that go with one ("2024061911:26",
    "2024年05月22日09:15新浪财经", "10小时前/阅读约10分钟", "时间|2024-09-16")."""
    if len(n) > 48 or not _HAS_DATE.search(n) or any(c in n for c in "。！？，,、"):
        return False
    return len(_TIMESTAMP_PARTS.sub("", n)) <= 12


def _dateline_prefix(raw: str) -> tuple[int, str | None] | None:
    """(end, date) of a dateline or wire header glued before body text on one line, when what
    follows it is body text (long, with punctuation); None otherwise."""
    end, date = 0, None
    while m := _DATELINE_PREFIX.match(raw[end:]):
        date = date or m["date"]
        end += m.end()
    rest = raw[end:]
    if not end or len(rest.strip()) < 20 or not any(c in rest for c in "，,。"):
        return None
    return end, date


def _line_kind(raw: str, n: str, *, before_body: bool, previous: tuple[str, str], following: str) -> str | None:
    """The furniture kind of a line by the rules that read it and its neighbours (``previous``: the
    last non-empty line's normalised text and the kind it was given; ``following``: the next
    non-empty line's normalised text)."""
    prev_n, prev_kind = previous
    if n == prev_n and len(n) <= 100:
        return "duplicate"
    if prev_kind == "section_label" and len(n) <= 60:
        return "standfirst"  # the summary under 提要/导语
    if prev_kind == "title_line" and before_body and len(n) <= 40 and sources.byline(following):
        return "standfirst"  # a one-line summary between the title and the byline
    for kind, pattern in _FURNITURE_LINES:
        if pattern.search(n):
            return kind
    checks = [
        ("disclaimer", lambda: len(n) <= 200 and len(_DISCLAIMER.findall(n)) >= 2),
        ("breadcrumb", lambda: _path_breadcrumb(n)),
        ("nav_menu", lambda: _menu_row(raw, before_body=before_body)),
        ("spam", lambda: _spam(n)),
        ("link_row", lambda: _link_row(n)),
        ("html_fragment", lambda: _html_fragment(raw)),
        ("timestamp", lambda: _timestamp(n)),
        ("sidebar", lambda: before_body and bool(_URL.search(n))),
        ("pre_body_label", lambda: before_body and len(n) <= 24 and not any(c in n for c in _SENTENCE_PUNCT)),
    ]
    return next((kind for kind, hit in checks if hit()), None)


def remove_chrome(text: str, *, title: str | None = None) -> tuple[str, list[Change], dict[str, str]]:
    """Drop site furniture, line by line, each line by kind (``_CHROME_LINES``,
    ``_FURNITURE_LINES``, ``_line_kind``): breadcrumbs, menus, login and app prompts, ads,
    disclaimers, copyright lines, footer link rows, bare timestamps, captions and their duplicates,
    sidebars, counters, spam lines, leftover HTML, the forum header/footer, related-article lists
    (``_TAIL_MARKERS``: everything after), repeated title lines. Bylines and stated dates are moved
    into metadata instead of the body. A dateline glued before the body (``_dateline_prefix``) and a
    stock quote glued inside a sentence (``_QUOTE``) are cut out of the line, which stays."""
    lines = text.split("\n")
    offsets = [0]
    for line in lines[:-1]:
        offsets.append(offsets[-1] + len(line) + 1)
    norm = _normalised_lines(lines)
    meta: dict[str, str] = {}
    drop = _header_furniture(lines, norm, meta)
    cuts: dict[int, list[tuple[int, int, str]]] = {}
    title_key = _norm_title(title) if title else None
    body_started = False
    previous = ("", "")
    following = [""] * len(norm)  # the next non-empty line's normalised text, for each line
    for i in range(len(norm) - 2, -1, -1):
        following[i] = norm[i + 1] or following[i + 1]
    for i, n in enumerate(norm):
        if i in drop or not n:
            previous = (n, drop[i]) if n else previous
            continue
        if body_started and _TAIL_MARKERS.match(n):
            for j in range(i, len(lines)):
                if norm[j]:
                    drop.setdefault(j, "forum_footer" if n in _FORUM_FOOTER else "related_links")
            break
        raw = lines[i].strip()
        kind = _stated_line(lines[i], raw, n, meta, cuts, i)
        key = _norm_title(raw) if kind is None and title_key else ""
        if key.startswith(title_key or "\0") and len(key) <= len(title_key) + 12:
            if "图片来源" in n:
                meta.setdefault("image_credit", n.split("图片来源", 1)[1].lstrip(":："))
            kind = "title_line"
        if kind is None:
            kind = next((k for k, pattern in _CHROME_LINES if pattern.search(n)), None)
        if kind is None:
            kind = _line_kind(raw, n, before_body=not body_started, previous=previous, following=following[i])
        previous = (n, kind or "")
        if kind == "":  # a line whose dateline prefix was cut: the rest is body
            body_started = True
        elif kind:
            drop[i] = kind
        else:
            body_started = True
            cuts.setdefault(i, []).extend((m.start(), m.end(), "stock_quote") for m in _QUOTE.finditer(lines[i]))
    return _apply_line_edits(lines, offsets, drop, cuts) + (meta,)


def _header_furniture(lines: list[str], norm: list[str], meta: dict[str, str]) -> dict[int, str]:
    """Lines dropped before reading line by line: a forum's header (everything up to and including
    its "发表于 … 阅读模式" line) and a run of numbered breadcrumbs at the very top."""
    drop: dict[int, str] = {}
    for i, n in enumerate(norm):
        posted = sources.forum_post_date(lines[i], n)
        if posted is not None:
            if posted:  # "" when the line states no date this tool reads ("发表于 3小时前")
                meta.setdefault("stated_date", posted)
            drop.update((j, "forum_header") for j in range(i + 1) if norm[j])
            break
    i = 0
    while i < len(lines) and (not norm[i] or _BREADCRUMB.match(norm[i])):
        i += 1
    if sum(bool(_BREADCRUMB.match(n)) for n in norm[:i]) >= 2:
        for j in range(i):
            if norm[j]:
                drop.setdefault(j, "breadcrumb")
    return drop


def _stated_line(line: str, raw: str, n: str, meta: dict[str, str], cuts: dict, i: int) -> str | None:
    """A line that states metadata: "" when a dateline glued to body text is cut from it (the line
    stays), the line's kind (``sources.chrome_line``: byline, source_line, credit_line, dateline,
    timestamp) when the whole line goes (what it states into ``meta``), else None."""
    prefix = _dateline_prefix(line)
    if prefix:
        end, date = prefix
        cuts[i] = [(0, end, "dateline_prefix")]
        if date:
            meta.setdefault("stated_date", date)
        return ""
    stated = sources.chrome_line(raw, n)
    if not stated:
        return None
    kind, fields = stated
    for name, value in fields.items():
        meta.setdefault("stated_date" if name == "date" else name, value)
    return kind


def _apply_line_edits(lines, offsets, drop, cuts) -> tuple[str, list[Change]]:
    """The text without the dropped lines and the cut spans, and a Change for each."""
    changes: list[Change] = []
    kept = []
    for i, line in enumerate(lines):
        if i in drop:
            changes.append(Change("chrome", offsets[i], offsets[i] + len(line), line, "", drop[i]))
            continue
        for start, end, kind in sorted(cuts.get(i, []), reverse=True):
            changes.append(Change("chrome", offsets[i] + start, offsets[i] + end, line[start:end], "", kind))
            line = line[:start] + line[end:]
        kept.append(line)
    changes.sort(key=lambda c: c.start)
    return "\n".join(kept), changes


# ---------------------------------------------------------------------------------------------
# Rule 2: mojibake (a one-byte shift in a GBK byte stream) — see baimo.mojibake for the proof.


def repair_mojibake(text: str, evidence: mojibake.Evidence | None = None) -> tuple[str, list[Change]]:
    """Undo what the bytes prove of a one-byte GBK shift, mask the rest. ``evidence``: readings
    the site's annotator gives in other articles (a reading seen in one article is evidence for
    the same site's annotation in another); the text's own annotations always count."""
    repaired, fragments = mojibake.repair_mojibake(text, evidence=evidence)
    return repaired, [Change("mojibake", f.start, f.end, f.original, f.replacement, f.status) for f in fragments]


_MARKUP = re.compile(r"</?(?:p|br|div|span|strong|em|b|i|a)\b[^<>\n]{0,200}?/?>", re.IGNORECASE)


def remove_markup(text: str) -> tuple[str, list[Change]]:
    """Stray HTML tags left in saved text (the mojibake repair restores the '<' of a '</p>')."""
    changes = [Change("markup", m.start(), m.end(), m.group(), "", "html_tag") for m in _MARKUP.finditer(text)]
    return _MARKUP.sub("", text), changes


# ---------------------------------------------------------------------------------------------
# Rule 3: pinyin annotations "創(chuàng)業(yè)" → "創業"


def remove_pinyin(text: str) -> tuple[str, list[Change]]:
    changes = [
        Change("pinyin", m.start(), m.end(), m.group(), "", "annotation") for m in PINYIN_ANNOTATION.finditer(text)
    ]
    return PINYIN_ANNOTATION.sub("", text), changes


# ---------------------------------------------------------------------------------------------
# Rule 4: traditional → simplified (OpenCC t2s), then 著 → 着 where mainland usage writes 着.

# Words in which 著 is zhù and stays 著 in simplified Chinese; any other 著 after t2s is the
# aspect particle / verb that mainland text writes 着 (随著 → 随着, 意味著 → 意味着).
ZHU_WORDS = (
    *("显著", "土著", "著名", "著作", "著称", "昭著", "卓著", "名著", "专著", "原著", "巨著", "编著"),
    *("论著", "遗著", "译著", "合著", "新著", "拙著", "著述", "著录", "著者", "著书", "著有", "大著"),
)
_ZHU = re.compile("|".join(ZHU_WORDS))


def _code_points(text: str) -> np.ndarray:
    """The code points of ``text`` as a numpy array: one element per character of the str."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")


def _differing_runs(a: str, b: str) -> list[tuple[int, int]]:
    """(start, end) of each maximal run of positions where two equal-length strings differ.
    Compared as arrays: a character loop in Python was most of the cleaning time of a corpus."""
    diff = np.flatnonzero(_code_points(a) != _code_points(b))
    if not diff.size:
        return []
    gaps = np.flatnonzero(np.diff(diff) > 1)
    starts = np.concatenate((diff[:1], diff[gaps + 1]))
    ends = np.concatenate((diff[gaps] + 1, diff[-1:] + 1))
    return list(zip(starts.tolist(), ends.tolist(), strict=True))


TRADITIONAL_THRESHOLD = 0.05  # share of CJK characters t2s changes above which a text is traditional


def measure_script(text: str) -> tuple[str, float]:
    """The script of a raw article, ``traditional`` or ``simplified``, and the ``traditional_ratio``
    it is decided by (pinyin annotations left out: their Latin letters are no script)."""
    ratio = traditional_ratio(PINYIN_ANNOTATION.sub("", text))
    return ("traditional" if ratio > TRADITIONAL_THRESHOLD else "simplified"), ratio


def traditional_ratio(text: str) -> float:
    """Share of CJK characters that OpenCC t2s changes: ~0 for simplified text, >0.1 for traditional."""
    points = _code_points(text)
    cjk_points = points[(points >= 0x4E00) & (points <= 0x9FFF)]
    if not cjk_points.size:
        return 0.0
    cjk = cjk_points.tobytes().decode("utf-32-le")
    converted = _t2s().convert(cjk)
    if len(converted) != len(cjk):  # t2s maps character for character here; be safe
        return sum(a != b for a, b in zip(cjk, converted, strict=True)) / len(cjk)
    return int((_code_points(converted) != cjk_points).sum()) / len(cjk)


def to_simplified(text: str, region: str | None = None) -> tuple[str, list[Change]]:
    """Traditional → simplified: OpenCC t2s, or for a Taiwan/Hong Kong text (``region``, see
    ``regional_vocabulary``) the region's phrase conversion. Changes: kind ``characters`` where
    the text reads as t2s reads it, the region's name where the regional conversion differs."""
    plain = _t2s().convert(text)
    if len(plain) == len(text):
        for name, simple in T2S_FIXES.items():
            plain = _replace_at(plain, text, name, simple)
    converted = regional_convert(text, region) if region else plain
    if len(converted) == len(text) == len(plain):
        return converted, [
            Change("t2s", i, j, text[i:j], converted[i:j], "characters" if converted[i:j] == plain[i:j] else region)
            for i, j in _differing_runs(text, converted)
        ]
    if not region:  # t2s is character-for-character for this corpus; be safe
        return converted, [Change("t2s", 0, len(text), text, converted, "document")]
    changes = []
    for op, i, j, k, m in difflib.SequenceMatcher(None, text, converted, autojunk=False).get_opcodes():
        if op != "equal":
            kind = "characters" if _t2s().convert(text[i:j]) == converted[k:m] else region
            changes.append(Change("t2s", i, j, text[i:j], converted[k:m], kind))
    return converted, changes


def _replace_at(converted: str, text: str, name: str, simple: str) -> str:
    """``converted`` (same length as ``text``) with ``simple`` where ``text`` has ``name``."""
    for m in re.finditer(name, text):
        converted = converted[: m.start()] + simple + converted[m.end() :]
    return converted


def fix_zhe(text: str) -> tuple[str, list[Change]]:
    if "著" not in text:
        return text, []
    keep = {m.start() + m.group().index("著") for m in _ZHU.finditer(text)}
    changes = [
        Change("zhe", i, i + 1, "著", "着", text[max(0, i - 2) : i + 2])
        for i in (m.start() for m in re.finditer("著", text))
        if i not in keep
    ]
    chars = list(text)
    for ch in changes:
        chars[ch.start] = "着"
    return "".join(chars), changes


# ---------------------------------------------------------------------------------------------
# Rule 5: width and spaces

_FULLWIDTH = {c: chr(c - 0xFEE0) for c in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]}
# Spaces inside a line; also what the chrome rule's normalised lines drop (_normalised_lines).
_LINE_SPACES = re.compile(r"[ \t\u00a0\u3000\u2002-\u200b]+")
_CJK_SPACE = re.compile(rf"(?<=[{CJK}{CJK_PUNCT}]) (?=[{CJK}{CJK_PUNCT}])")


def normalise_width_and_spaces(text: str) -> tuple[str, list[Change]]:
    """Full-width digits/Latin → ASCII; runs of spaces → one; a space between two CJK characters
    or CJK punctuation goes; spaces next to digits or Latin ("8 毛", "AI Agent") stay."""
    changes: list[Change] = []
    for m in re.finditer("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+", text):
        changes.append(Change("width", m.start(), m.end(), m.group(), m.group().translate(_FULLWIDTH), "fullwidth"))
    text = text.translate(_FULLWIDTH)
    lines = []
    for line in text.split("\n"):
        stripped = _LINE_SPACES.sub(" ", line).strip()
        stripped = _CJK_SPACE.sub("", stripped)
        if stripped:
            lines.append(stripped)
    out = "\n".join(lines)
    if out != text:
        # Whitespace edits are many and tiny; one summary change per line keeps the audit readable.
        n_removed = len(text) - len(out)
        changes.append(Change("width", 0, len(text), "", "", f"whitespace:{n_removed}"))
    return out, changes


# ---------------------------------------------------------------------------------------------

Rule = Callable[..., tuple[str, list[Change]]]
RULES: list[tuple[str, Rule]] = [
    ("wrap", join_wrapped_lines),
    ("chrome", lambda t: remove_chrome(t)[:2]),
    ("mojibake", repair_mojibake),
    ("markup", remove_markup),
    ("pinyin", remove_pinyin),
    ("t2s", to_simplified),
    ("zhe", fix_zhe),
    ("width", normalise_width_and_spaces),
]


def clean(
    text: str, *, title: str | None = None, traditional: bool | None = None, evidence: mojibake.Evidence | None = None
) -> Cleaned:
    """Run every rule in order. ``traditional=None`` measures the script; the corpus passes the
    manifest's value (after checking it against the measurement). A traditional text that uses
    Taiwan or Hong Kong words (``regional_vocabulary``) is converted with its region's phrases,
    and ``metadata["vocabulary"]`` says which.

    ``evidence``: annotator readings from other articles of the same site for the mojibake repair
    (the corpus and ``baimo add`` pass the seed articles', ``corpus.seed_evidence()``). The default,
    None, uses the text's own annotations only: a fragment whose proof needs a reading attested in
    another article is masked instead of repaired, never guessed.
    """
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if traditional is None:
        traditional = measure_script(text)[0] == "traditional"
    result = Cleaned(text)
    body, result.changes = join_wrapped_lines(text)
    body, changes, result.metadata = remove_chrome(body, title=title)
    result.changes += changes
    for name, rule in RULES[2:]:
        if name in ("t2s", "zhe") and not traditional:
            continue
        if name == "t2s":
            region = regional_vocabulary(body)
            if region:
                result.metadata["vocabulary"] = region
            body, changes = to_simplified(body, region)
        else:
            body, changes = rule(body, evidence) if name == "mojibake" else rule(body)
        result.changes += changes
    result.text = body
    return result
