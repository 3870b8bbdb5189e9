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

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from baimo import mojibake, sources
from baimo.text import CJK, CJK_PUNCT, TONE_MARKS, opencc

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
# Rule 1: site chrome and unrelated text
#
# Chrome is recognised line by line on a *normalised view* of each raw line (pinyin annotations
# dropped, simplified, spaces removed) so one simplified pattern list serves every script.

# Bylines and datelines are recognised by ``sources.byline``/``sources.dateline`` (the reading
# stage, which ``baimo add`` asks too). Lines that are site furniture wherever they occur:
_CHROME_LINES: list[tuple[str, re.Pattern[str]]] = [
    ("coupon_ad", re.compile(r"优惠券|先领券|领券")),
    ("submit_ad", re.compile(r"申请创业报道|点击此处|我来投稿|撤稿纠错")),
    ("login_prompt", re.compile(r"^(找回密码|立即注册|QQ登录|只需一步,?快速开始|登录\|?立即注册)$")),
    ("reprint_notice", re.compile(r"谢绝.*转载|未经授权.*转载|版权所有|ICP备")),
    ("original_tag", re.compile(r"^.{1,12}(\([A-Za-z0-9_]+\))?原创$")),
    ("image_credit", re.compile(r"^\*?题图.*来源于|^图片来源[:：]")),
    (
        "app_prompt",
        re.compile(
            r"^打开.{0,8}(APP|App|app|客户端|新闻).{0,6}查看更多"
            r"|^(分享到|扫一扫|点击关注|关注我们)"
        ),
    ),
]
# A line that starts the end-of-article furniture: everything from it on is dropped.
_TAIL_MARKERS = re.compile(
    r"^(相关文章|相关标签|编辑推荐|相关阅读|推荐阅读|标签[:：]?|回复|使用道具举报|本版积分规则)$|^-\|"
)
_FORUM_FOOTER = ("回复", "使用道具举报", "本版积分规则")  # tail markers of a forum page's footer
_BREADCRUMB = re.compile(r"^\d{1,2}\.\S{1,12}$")


def _t2s():
    return opencc("t2s")


def _normalised(line: str) -> str:
    """The form chrome patterns are written against: no annotations, simplified, no spaces."""
    bare = PINYIN_ANNOTATION.sub("", line)
    return re.sub(r"\s+", "", _t2s().convert(bare))


def _normalised_lines(lines: list[str]) -> list[str]:
    """``_normalised`` of each line, with one OpenCC call for the whole text (a call per line
    cost more than the conversion; no dictionary phrase spans a line break, so it is the same)."""
    bare = [PINYIN_ANNOTATION.sub("", line) for line in lines]
    converted = _t2s().convert("\n".join(bare)).split("\n")
    if len(converted) != len(lines):
        converted = [_t2s().convert(b) for b in bare]
    return [_LINE_SPACES.sub("", c) for c in converted]


def _norm_title(s: str) -> str:
    return re.sub(r"[\s\"'“”?？!！,，.。:：]", "", _normalised(s))


def remove_chrome(text: str, *, title: str | None = None) -> tuple[str, list[Change], dict[str, str]]:
    """Drop site furniture: breadcrumbs, login prompts, forum header/footer, ads, tag lines,
    related-article lists, unrelated headline lists, copyright lines and repeated title lines.
    Bylines and stated dates are moved into metadata instead of the body."""
    changes: list[Change] = []
    meta: dict[str, str] = {}
    lines = text.split("\n")
    offsets = []
    pos = 0
    for line in lines:
        offsets.append(pos)
        pos += len(line) + 1
    norm = _normalised_lines(lines)
    drop: dict[int, str] = {}

    # Forum header: everything up to and including the "发表于 … 阅读模式" line.
    for i, n in enumerate(norm):
        posted = sources.forum_post_date(lines[i], n)
        if posted is not None:
            if posted:  # "" when the line states no date this tool reads ("发表于 3小时前")
                meta.setdefault("stated_date", posted)
            for j in range(i + 1):
                if norm[j]:
                    drop[j] = "forum_header"
            break

    # Breadcrumbs: a run of short numbered items at the very top.
    i = 0
    while i < len(lines) and (not norm[i] or _BREADCRUMB.match(norm[i])):
        i += 1
    if i and any(_BREADCRUMB.match(n) for n in norm[:i]) and sum(bool(_BREADCRUMB.match(n)) for n in norm[:i]) >= 2:
        for j in range(i):
            if norm[j]:
                drop.setdefault(j, "breadcrumb")

    title_key = _norm_title(title) if title else None
    body_started = False
    for i, n in enumerate(norm):
        if i in drop or not n:
            continue
        if body_started and _TAIL_MARKERS.match(n):
            for j in range(i, len(lines)):
                if norm[j]:
                    drop.setdefault(j, "forum_footer" if n in _FORUM_FOOTER else "related_links")
            break
        raw = lines[i].strip()
        stated = sources.byline(n)
        if stated:
            meta.setdefault(*stated)
            drop[i] = "byline"
            continue
        dated = sources.dateline(raw, n)
        if dated:
            date, source = dated
            meta.setdefault("stated_date", date)
            if source:
                meta.setdefault("source", source)
            drop[i] = "dateline"
            continue
        if title_key and (_norm_title(raw).startswith(title_key) and len(_norm_title(raw)) <= len(title_key) + 12):
            if "图片来源" in n:
                meta.setdefault("image_credit", n.split("图片来源", 1)[1].lstrip(":："))
            drop[i] = "title_line"
            continue
        for kind, pattern in _CHROME_LINES:
            if pattern.search(n):
                drop[i] = kind
                break
        else:
            body_started = True

    kept = []
    for i, line in enumerate(lines):
        if i in drop:
            changes.append(Change("chrome", offsets[i], offsets[i] + len(line), line, "", drop[i]))
        else:
            kept.append(line)
    return "\n".join(kept), changes, meta


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
    "显著",
    "土著",
    "著名",
    "著作",
    "著称",
    "昭著",
    "卓著",
    "名著",
    "专著",
    "原著",
    "巨著",
    "编著",
    "论著",
    "遗著",
    "译著",
    "合著",
    "新著",
    "拙著",
    "著述",
    "著录",
    "著者",
    "著书",
    "著有",
    "大著",
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


def to_simplified(text: str) -> tuple[str, list[Change]]:
    converted = _t2s().convert(text)
    if len(converted) != len(text):  # t2s is character-for-character for this corpus; be safe
        return converted, [Change("t2s", 0, len(text), text, converted, "document")]
    changes = [
        Change("t2s", i, j, text[i:j], converted[i:j], "characters") for i, j in _differing_runs(text, converted)
    ]
    return converted, changes


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
    manifest's value (after checking it against the measurement).

    ``evidence``: annotator readings from other articles of the same site for the mojibake repair
    (the corpus and ``baimo add`` pass the seed articles', ``corpus.seed_evidence()``). The default,
    None, uses the text's own annotations only: a fragment whose proof needs a reading attested in
    another article is masked instead of repaired, never guessed.
    """
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if traditional is None:
        traditional = measure_script(text)[0] == "traditional"
    result = Cleaned(text)
    body, changes, meta = remove_chrome(text, title=title)
    result.changes += changes
    result.metadata = meta
    for name, rule in RULES[1:]:
        if name in ("t2s", "zhe") and not traditional:
            continue
        body, changes = rule(body, evidence) if name == "mojibake" else rule(body)
        result.changes += changes
    result.text = body
    return result
