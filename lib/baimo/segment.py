"""Segmentation: cleaned simplified Chinese text → tokens, with the project's domain glossary kept whole.

jieba (pinned in pyproject.toml) does the cutting, through a *private* ``jieba.Tokenizer`` built
once per process (``_tokenizer``, cached), so a notebook's own ``jieba.cut`` keeps jieba's stock
dictionary. The glossary ``data/userdict.tsv`` (term, category, company, aliases, group, gloss_en;
where its terms come from: ``data/NAMES_SOURCES.md``) is loaded into it:

* terms made only of CJK characters go into jieba's dictionary with a high frequency
  (``TERM_FREQ``), so the Viterbi route keeps them whole;
* terms with anything else in them — Latin letters, digits, hyphens, dots, spaces ("AI Agent",
  "Qwen-Long", "DeepSeek-V2", "B端") — are protected: before cutting, each occurrence is replaced
  by a letters-only placeholder that jieba cannot split, and after cutting the placeholder is put
  back as the glossary term. jieba splits on spaces and at hyphens, so this is the only way such
  terms come out as one token. A Latin/digit end of a term only matches at a Latin/digit boundary
  ("token" does not match inside "tokens"), and a space next to a CJK character may be present or
  not ("混元 turbo" / "混元turbo", "C 端" / "C端"): the token is always the glossary spelling.

Names are also kept whole by rules rather than rows (``_NamePatterns``), the same way (a
placeholder, then the name as the text writes it): a model family of the table with version,
tier and size parts (Qwen2.5-Max, GLM-3 Turbo, 豆包Pro 32k, Kimi k1.5 — not one row per version),
a company's cloud unit (腾讯云, 百度智能云), a transliterated name with a middle dot (拉里·埃里森)
and a Chinese name after a title (局长孙东表示). Where a rule and a glossary term overlap, the
leftmost, then the longest, wins; a rule never cuts a longer CJK term (阿里云智能集团).
``name_kind`` says what a rule-made token is, for ``baimo.names`` and ``themes.cooccurrence``.

``tokenize(text, backend="rjieba")`` cuts with rjieba (jieba's algorithm in Rust, ~25x faster)
instead, with the same glossary handling; it disagrees with jieba on a small share of tokens (it
keeps "GPT-4" or "20-25" whole), bounded by a test on the seeds. It is opt-in (``baimo corpus
build --tokenizer rjieba``), and the dataset's ``meta.json`` records which backend cut the tokens.

``tokenize`` returns every non-blank token; ``terms`` keeps content words only (no stopwords,
punctuation, numbers or the mask character 〓). ``glossary()`` is the dictionary as a DataFrame,
for labelling figures; ``stopwords()`` the stop list from ``data/stopwords.txt``.
"""

from __future__ import annotations

import functools
import io
import logging
import re
import unicodedata

import jieba
import pandas as pd

from baimo import paths
from baimo.jieba_route import RouteTokenizer
from baimo.text import CJK, MASK, is_cjk

# outlet: media, kept apart from companies; cloud: cloud units and model platforms; org: governments,
# exchanges, universities, institutes; project: national programmes, data sets, named build-outs
CATEGORIES = ("company", "cloud", "outlet", "org", "product", "model", "chip", "project", "person", "term")
GLOSSARY_COLUMNS = ["term", "category", "company", "aliases", "group", "gloss_en"]
TERM_FREQ = 200_000  # ~ jieba's most frequent content words; enough to beat any split of a term
# jieba dictionary words that swallow a glossary term where the seeds use it ("逻辑推理" hides
# 推理, "融资额" hides 融资). They are taken out of the private dictionary so the term is counted;
# the test over the seed sentences is what finds them. Proper names such as 阿里巴巴 stay.
SPLIT_COMPOUNDS = ("逻辑推理", "融资额")
_JIEBA_TAG = {
    "company": "nt",
    "cloud": "nt",
    "outlet": "nt",
    "org": "nt",
    "product": "nz",
    "model": "nz",
    "chip": "nz",
    "project": "nz",
    "person": "nr",
    "term": "n",
}
BACKENDS = ("jieba", "rjieba")

_ALNUM = "A-Za-z0-9"
_BLANK = "[ \t\u00a0\u3000]"  # spaces inside a line only: a term never spans a line break
_NUMBER = re.compile(r"[+\-−]?(?:\d+(?:[.,]\d+)*|\d*\.\d+)[%‰]?|[0-9.,%‰+\-−]*\d[0-9.,%‰+\-−]*")
# Placeholder: letters only (jieba keeps a run of Latin letters as one token); the index is
# spelled in lower-case letters between two markers that no real text is going to contain.
_PH_OPEN, _PH_CLOSE = "Zqbm", "Xmbq"
_PLACEHOLDER = re.compile(f"{_PH_OPEN}([a-z]+){_PH_CLOSE}")


class GlossaryError(ValueError):
    """userdict.tsv is malformed: the message names the line."""


# ---------------------------------------------------------------------------------------------
# Data files


@functools.cache
def _glossary_table() -> tuple[tuple[str, ...], ...]:
    """Every row of the names table (``GLOSSARY_COLUMNS``), validated; a bad line names itself."""
    path = paths.USERDICT
    rows: list[tuple[str, ...]] = []
    seen: dict[str, int] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        header = fh.readline().rstrip("\r\n").split("\t")
        if header != GLOSSARY_COLUMNS:
            raise GlossaryError(f"{path}:1: header must be {'<TAB>'.join(GLOSSARY_COLUMNS)}, got {header}")
        for lineno, line in enumerate(fh, 2):
            line = line.rstrip("\r\n")
            if not line.strip() or line.startswith("#"):
                continue
            fields = tuple(f.strip() for f in line.split("\t"))
            if len(fields) != len(GLOSSARY_COLUMNS):
                raise GlossaryError(
                    f"{path}:{lineno}: expected {len(GLOSSARY_COLUMNS)} tab-separated fields "
                    f"({', '.join(GLOSSARY_COLUMNS)}), got {len(fields)}"
                )
            term, category, gloss = fields[0], fields[1], fields[-1]
            if not term or not gloss:
                raise GlossaryError(f"{path}:{lineno}: empty term or gloss")
            if category not in CATEGORIES:
                raise GlossaryError(f"{path}:{lineno}: category {category!r} is not one of {', '.join(CATEGORIES)}")
            if term in seen:
                raise GlossaryError(f"{path}:{lineno}: term {term!r} repeats line {seen[term]}")
            seen[term] = lineno
            rows.append(fields)
    return tuple(rows)


def _glossary_rows() -> tuple[tuple[str, str, str], ...]:
    """(term, category, gloss_en) of every row: what segmentation needs."""
    return tuple((r[0], r[1], r[-1]) for r in _glossary_table())


def glossary() -> pd.DataFrame:
    """The names table (term, category, company, aliases, group, gloss_en), in file order."""
    return pd.DataFrame(list(_glossary_table()), columns=GLOSSARY_COLUMNS)


@functools.cache
def stopwords() -> frozenset[str]:
    """The stop list: stopwords-iso's Chinese list (MIT) plus this project's domain additions."""
    words = set()
    for line in paths.STOPWORDS.read_text(encoding="utf-8").splitlines():
        word = line.strip()
        if word and not word.startswith("#"):
            words.add(word)
    return frozenset(words)


# ---------------------------------------------------------------------------------------------
# The tokenizer


def _is_cjk_only(term: str) -> bool:
    return all(is_cjk(c) for c in term)


def term_pattern(term: str, *, plural: bool = False) -> str:
    """Regex for one term as real text writes it: exact characters, flexible spacing at CJK/non-CJK
    seams ("B 端" for B端), and no match inside a longer Latin/digit run ("ToB" not in "tobacco").
    ``plural`` lets a Latin-final term take an s (token → tokens). Shared with ``baimo.themes``."""
    out = []
    for i, c in enumerate(term):
        prev = term[i - 1] if i else ""
        if c == " ":
            nxt = term[i + 1] if i + 1 < len(term) else ""
            cjk_side = is_cjk(prev) or is_cjk(nxt)
            out.append(f"{_BLANK}*" if cjk_side else f"{_BLANK}+")
            continue
        if prev and prev != " " and is_cjk(prev) != is_cjk(c):
            out.append(f"{_BLANK}?")  # "C 端", "混元turbo": the cleaner keeps a space next to Latin
        out.append(re.escape(c))
    pattern = "".join(out)
    if re.match(f"[{_ALNUM}]", term[0]):
        pattern = f"(?<![{_ALNUM}])" + pattern
    if re.match(f"[{_ALNUM}]", term[-1]):
        pattern += ("s?" if plural and re.match("[A-Za-z]", term[-1]) else "") + f"(?![{_ALNUM}])"
    return pattern


def _spell(i: int) -> str:
    letters = ""
    while True:
        i, r = divmod(i, 26)
        letters = chr(ord("a") + r) + letters
        if not i:
            return letters


# ---------------------------------------------------------------------------------------------
# Name patterns: names kept whole without a row of their own

# A model name is a family from the table (a model, product or chip, or a company written in
# Latin letters: Qwen, 豆包, GPT-4, 昇腾, OpenAI) and one to six version, tier and size parts:
# Qwen2.5-Max, GLM-3 Turbo, GLM-3Turbo, Doubao-pro-32k, 豆包Pro 32k, Kimi k1.5, DeepSeek V3.1,
# Qwen3-235B-A22B-2507, OpenAI o1. Latin families match in any case (hunyuan-turbo is Hunyuan's).
FAMILY_CATEGORIES = ("model", "product", "chip")
_TIER = (
    "(?i:max|plus|pro|turbo|lite|speed|standard|long|large|flash|codex|opus|sonnet|haiku|mini|nano|air|"
    "ultra|vision|chat|instruct|coder|omni|preview|tiny|base|reasoner|thinking|exp|vl|x)(?![A-Za-z])"
)
_NUM = r"\d+(?:\.\d+)*"
_VER = rf"{_NUM}(?:[A-Za-z](?![A-Za-z]))?"  # 2.5, 4o, 4V, and 3 before an attached tier (3Turbo)
_LVER = rf"[A-Za-z]{_NUM}(?:[A-Za-z](?![A-Za-z]))?"  # V3, R1, k1.5, X2, o1
_SIZE = r"A?\d+(?:\.\d+)?[kKbBmM](?![A-Za-z])"  # 32k, 256k, 8B, A22B
_HYPHEN_PART = rf"-(?:{_SIZE}|\d{{4}}(?!\d)|{_VER}|{_LVER}|{_TIER})"
# after a space: a tier, a size, a dotted version, v/k/o/r and digits, or one or two digits
_SPACE_PART = rf"{_BLANK}(?:{_TIER}|{_SIZE}|\d+\.\d+|[vVkKoOrR]{_NUM}(?![A-Za-z])|\d{{1,2}}(?![\d.]))"
_MORE_PARTS = rf"(?:{_HYPHEN_PART}|{_SPACE_PART}|(?<=\d){_TIER}){{0,5}}"
# The name ends at a Latin/digit boundary, and a number in it is not a count or date (Kimi 2个).
_NAME_END = r"(?![A-Za-z0-9])(?!\.\d)(?!(?<=[0-9])[万亿千百十年月日号个元倍次%％])"
# Standing alone, a tier joined to a context size is a model too (豆包通用模型pro-32k).
_TIER_SIZE = rf"(?<![A-Za-z0-9-])(?i:pro|lite|max|plus|turbo|standard|mini|air|flash|speed)-\d+[kK]{_NAME_END}"

# Transliterated foreign names joined by a middle dot (拉里·埃里森, 萨姆·奥尔特曼): both sides are
# runs of the characters Chinese spells foreign names with, so a run stops at 创始人 or 表示.
_TRANSLIT = (
    "阿埃艾爱安昂奥澳巴拜班邦鲍贝本比彼毕宾波伯博布查达戴丹道德登迪蒂丁杜顿多厄恩法范菲费芬"
    "弗福盖甘冈高戈格根古哈海汉豪赫亨胡华霍基吉加贾杰金卡凯坎康柯科克肯库奎拉莱赖兰朗劳勒雷蕾"
    "里利莉林琳卢鲁路伦罗洛马玛迈麦曼梅门蒙米敏莫姆穆纳奈南尼妮涅纽努诺欧帕潘佩皮普奇齐乔切琼"
    "丘萨塞桑森沙莎山尚什施史斯松苏索塔泰坦汤唐特提图托瓦万旺威韦维温沃乌伍西希谢辛休雅亚扬耶"
    "伊尤约泽扎詹珍朱兹佐尔歇夫赛茨娜琪黛露丝娅珊捷列舍茹瑞"
)
_DOTTED = f"[{_TRANSLIT}]{{1,6}}(?:[·・‧•][{_TRANSLIT}]{{1,8}})+"

# A Chinese name after a title (董事局主席蔡崇信的…, 局长孙东表示): a common surname and one or
# two characters, followed by punctuation or a reporting word. Surnames that are also function
# words or start common words (于 曾 向 和 高 白 …) are left out.
_TITLES = (
    "联合创始人|创始人|创办人|董事局主席|董事会主席|董事长|主席|副总裁|总裁|首席执行官|执行长|首席技术官|"
    "首席科学家|首席战略官|总经理|负责人|院长|局长|部长|会长|教授|研究员|分析师|合伙人|总监|掌门人|"
    "CEO|CTO|COO|CFO"
)
_SURNAMES = (
    "王李张刘陈杨黄赵周吴徐孙马朱胡郭林罗郑梁谢宋唐许韩冯邓曹彭肖田董袁潘蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵钱严覃"
    "武戴莫孔汤温康施牛樊葛邢齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿焦俞柳甘祝包宁符舒阮柯纪梅童"
    "凌毕季裴霍涂苗盛翁冉骆蓝游辛靳管柴鲍喻祁蒲房滕屈饶牟艾尤穆卓缪简车项连"
)
_AFTER_NAME = (
    f"(?:表示|称|说|认为|指出|透露|坦言|介绍|强调|预计|预测|提到|直言|解释|告诉|回应|宣布|接受|举例|补充|"
    f"分析|谈到|表态|承认|此前|近日|日前|今年|去年|[的和与及在也则就还等对向跟同为从将已曾又更再都却便被把给让]|"
    f"[^{CJK}]|$)"
)
_TITLED = (
    rf"(?:{_TITLES}){_BLANK}?(?P<name>[{_SURNAMES}][{CJK}](?={_AFTER_NAME})|[{_SURNAMES}][{CJK}]{{2}}(?={_AFTER_NAME}))"
)


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def _first(words, *, any_case: bool = False) -> str:
    """A lookahead on the words' first characters: the regex engine skips other positions cheaply."""
    chars = {w[0] for w in words} | ({w[0].swapcase() for w in words} if any_case else set())
    return f"(?=[{''.join(re.escape(c) for c in sorted(chars))}])"


class _NamePatterns:
    """The name rules above, with the families and companies of one names table.

    ``spans(text)`` finds (start, end) of every name the rules keep whole, except where a longer
    CJK glossary term covers it (阿里云智能集团 is a term; the cloud rule does not cut 阿里云 out
    of it); ``kind(token)`` says what a rule-made token is: (category, table term it is built on)."""

    def __init__(self, rows) -> None:
        fam = [t for t, c, _ in rows if c in FAMILY_CATEGORIES or (c == "company" and not _is_cjk_only(t))]
        latin = [t for t in fam if re.match(f"[{_ALNUM}]", t) and not any(is_cjk(ch) for ch in t)]
        cjk = [t for t in fam if _is_cjk_only(t)]
        self.family = {}
        for t, _, _ in rows:  # a spelling in any case names the first row with it
            self.family.setdefault(t.lower(), t)
        lat_d = _alternation(t for t in latin if t[-1].isdigit())
        lat_a = _alternation(t for t in latin if not t[-1].isdigit())
        parts = rf"(?:{_HYPHEN_PART}|{_SPACE_PART})"
        cjk_first = rf"(?:{_TIER}|{_LVER}|\d+\.\d+|\d+[A-Za-z](?![A-Za-z]))"
        self.model = re.compile(
            _first(fam, any_case=True)
            + rf"(?:(?<![{_ALNUM}])(?P<lat>(?i:{lat_a}))(?:{_VER}|{parts}){_MORE_PARTS}{_NAME_END}"
            rf"|(?<![{_ALNUM}])(?P<latd>(?i:{lat_d})){parts}{_MORE_PARTS}{_NAME_END}"
            rf"|(?P<cjk>{_alternation(cjk)})(?:{cjk_first}|{parts}){_MORE_PARTS}{_NAME_END})"
        )
        companies = [t for t, c, _ in rows if c == "company" and _is_cjk_only(t) and not t.endswith("云")]
        self.cloud = re.compile(_first(companies) + rf"(?P<co>{_alternation(companies)})(?:智能)?云(?!端)")
        # (rule, a character the text must hold for the rule to be tried at all)
        self.rules = [
            (self.model, ""),
            (re.compile(_TIER_SIZE), "-"),
            (self.cloud, "云"),
            (re.compile(_DOTTED), "·・‧•"),
            (re.compile(_first(_TITLES.split("|")) + _TITLED), ""),
        ]
        longer = sorted((t for t, _, _ in rows if _is_cjk_only(t)), key=len, reverse=True)
        self.cjk_terms = re.compile(_alternation(longer)) if longer else None
        self.longest = max((len(t) for t in longer), default=0)

    def _covered(self, text: str, start: int, end: int) -> bool:
        """True if a CJK glossary term longer than text[start:end] covers it."""
        if self.cjk_terms is None:
            return False
        lo = max(0, end - self.longest)
        for i in range(lo, start + 1):
            m = self.cjk_terms.match(text, i)
            if m and m.end() >= end and m.end() - i > end - start:
                return True
        return False

    def spans(self, text: str) -> list[tuple[int, int]]:
        found = []
        for rule, needs in self.rules:
            if needs and not any(c in text for c in needs):
                continue
            for m in rule.finditer(text):
                s, e = m.span("name") if "name" in rule.groupindex else m.span()
                if not self._covered(text, s, e):
                    found.append((s, e))
        return found

    def kind(self, token: str) -> tuple[str, str] | None:
        """(category, term of the table it is built on, "" if none) for a token a rule made."""
        m = self.model.fullmatch(token)
        if m:
            family = m.group("lat") or m.group("latd") or m.group("cjk")
            return "model", self.family.get(family.lower(), family)
        if re.fullmatch(_TIER_SIZE, token):
            return "model", ""
        m = self.cloud.fullmatch(token)
        if m:
            return "cloud", m.group("co")
        if re.fullmatch(_DOTTED, token):
            return "person", ""
        return None


def _by_first_character(terms: list[str]) -> tuple[re.Pattern[str] | None, list[str]]:
    """One regex matching every term as ``term_pattern`` writes it, and the terms in the order of
    its groups (a match's ``lastindex`` names its term). The alternatives are grouped under their
    first character, in ``terms``' order within a group: at any position only one group can match,
    so the matches are those of the plain alternation, and the regex engine tries one group instead
    of every term (the plain alternation was a third of the tokenizer's own time)."""
    if not terms:
        return None, []
    groups: dict[str, list[str]] = {}
    for t in terms:
        groups.setdefault(t[0], []).append(t)
    branches, order = [], []
    for first, members in groups.items():
        head = re.escape(first)
        guard = f"(?<![{_ALNUM}])" if re.match(f"[{_ALNUM}]", first) else ""
        rests = []
        for t in members:
            pattern = term_pattern(t).removeprefix(guard)
            assert pattern.startswith(head), (t, pattern)  # term_pattern writes the first character as is
            rests.append(f"({pattern[len(head) :]})")
            order.append(t)
        branches.append(f"{guard}{head}(?:{'|'.join(rests)})")
    # the lookahead on the first characters lets the engine skip every other position cheaply
    first = "".join(sorted(re.escape(c) for c in groups))
    return re.compile(f"(?=[{first}])(?:{'|'.join(branches)})"), order


class _Segmenter:
    """A private jieba tokenizer plus the protection table for non-CJK glossary terms."""

    def __init__(self, backend: str = "jieba", exclude: frozenset[str] = frozenset()) -> None:
        # ``exclude``: rows left out (a test holds names back to see the patterns find them)
        rows = tuple(r for r in _glossary_rows() if r[0] not in exclude)
        cjk_terms = [(t, c) for t, c, _ in rows if _is_cjk_only(t)]
        self.protected = sorted((t for t, _, _ in rows if not _is_cjk_only(t)), key=len, reverse=True)
        self.placeholder = {t: f"{_PH_OPEN}{_spell(i)}{_PH_CLOSE}" for i, t in enumerate(self.protected)}
        self.restore = {ph: t for t, ph in self.placeholder.items()}
        # a rule-made name that is a glossary term, blanks aside, comes out in the glossary spelling
        self.spelling = {re.sub(r"\s", "", t): t for t, _, _ in rows}
        self.names = _name_patterns() if not exclude else _NamePatterns(rows)
        self.protect_re, self.protect_terms = _by_first_character(self.protected)
        if backend == "rjieba":
            self.jieba = _rjieba(cjk_terms, list(self.restore))
            return
        if backend != "jieba":
            raise ValueError(f"segmentation backend {backend!r} is not one of {', '.join(BACKENDS)}")
        # jieba logs "Building prefix dict ..." at DEBUG through its own stderr handler; quiet it
        # while this tokenizer loads, then put the level back so global jieba users see no change.
        logger = jieba.default_logger
        level = logger.level
        logger.setLevel(logging.WARNING)
        try:
            # jieba's tokenizer with a faster route search, same tokens (see baimo.jieba_route)
            tk = RouteTokenizer()
            tk.initialize()
            lines = [f"{t} {TERM_FREQ} {_JIEBA_TAG[c]}" for t, c in cjk_terms]
            lines += [f"{ph} {TERM_FREQ} x" for ph in self.restore]
            tk.load_userdict(io.StringIO("\n".join(lines) + "\n"))
            # Placeholders are not words of the text: they leave jieba's total frequency (every
            # route's cost) as the stock dictionary plus the glossary's words would have it.
            tk.total -= TERM_FREQ * len(self.restore)
            for word in SPLIT_COMPOUNDS:
                tk.del_word(word)
        finally:
            logger.setLevel(level)
        self.jieba = tk

    def _protect(self, text: str) -> str:
        """``text`` with every glossary term and rule-made name replaced by a placeholder."""
        return self._shield(text)[0]

    def _shield(self, text: str) -> tuple[str, dict[str, str]]:
        """``text`` with every glossary term and rule-made name replaced by a placeholder (leftmost,
        then longest, wins where they overlap), and the placeholders of the rule-made names."""
        spans = []
        if self.protect_re is not None:
            # group index → term (see _by_first_character)
            spans = [(m.start(), m.end(), self.protect_terms[m.lastindex - 1]) for m in self.protect_re.finditer(text)]
        for s, e in self.names.spans(text):
            piece = text[s:e]
            spans.append((s, e, self.spelling.get(re.sub(r"\s", "", piece), " ".join(piece.split()))))
        if not spans:
            return text, {}
        spans.sort(key=lambda x: (x[0], x[0] - x[1]))
        out, pos, made = [], 0, {}
        for s, e, token in spans:
            if s < pos:
                continue
            ph = self.placeholder.get(token)
            if ph is None:
                ph = f"{_PH_OPEN}{_spell(len(self.placeholder) + len(made))}{_PH_CLOSE}"
                made[ph] = token
            out += [text[pos:s], f" {ph} "]
            pos = e
        out.append(text[pos:])
        return "".join(out), made

    def tokenize(self, text: str) -> list[str]:
        protected, made = self._shield(text)
        if _PH_OPEN not in protected:  # most sentences: no glossary term to put back
            return [tok for tok in self.jieba.cut(protected) if tok.strip()]
        restore = {**self.restore, **made} if made else self.restore
        out: list[str] = []
        for tok in self.jieba.cut(protected):
            if not tok.strip():
                continue
            if _PH_OPEN not in tok:
                out.append(tok)
                continue
            # A placeholder may come back glued to a neighbouring Latin run: split it out.
            pos = 0
            for m in _PLACEHOLDER.finditer(tok):
                if m.start() > pos:
                    out.append(tok[pos : m.start()])
                out.append(restore.get(m.group(), m.group()))
                pos = m.end()
            if pos < len(tok):
                out.append(tok[pos:])
        return out


def _rjieba(cjk_terms: list[tuple[str, str]], placeholders: list[str]):
    """An rjieba tokenizer with the same glossary entries and removed compounds as the jieba one."""
    import rjieba  # noqa: PLC0415 - 85 ms to import; only the opt-in rjieba backend needs it

    tk = rjieba.Jieba()
    for t, c in cjk_terms:
        tk.add_word(t, TERM_FREQ, _JIEBA_TAG[c])
    for ph in placeholders:
        tk.add_word(ph, TERM_FREQ, "x")
    for word in SPLIT_COMPOUNDS:
        tk.add_word(word, 0, None)  # frequency 0 = jieba's del_word
    return tk


@functools.cache
def _tokenizer() -> _Segmenter:
    """The process-wide segmenter: jieba's dictionary and the glossary are loaded once."""
    return _Segmenter()


@functools.cache
def _fast_tokenizer() -> _Segmenter:
    """The process-wide rjieba segmenter (opt-in)."""
    return _Segmenter("rjieba")


def tokenize(text: str, *, backend: str = "jieba") -> list[str]:
    """Every token of ``text`` except whitespace; glossary terms come out whole, in glossary spelling."""
    if backend == "jieba":
        return _tokenizer().tokenize(text)
    if backend == "rjieba":
        return _fast_tokenizer().tokenize(text)
    raise ValueError(f"segmentation backend {backend!r} is not one of {', '.join(BACKENDS)}")


def _is_punct_or_symbol(tok: str) -> bool:
    return all(unicodedata.category(c)[0] in "PSZC" for c in tok)


def is_content(tok: str) -> bool:
    """True for a content word: not a stopword, punctuation/symbol, number or the mask 〓."""
    if MASK in tok or tok in stopwords():
        return False
    return not (_is_punct_or_symbol(tok) or _NUMBER.fullmatch(tok))


def terms(text: str) -> list[str]:
    """The content words of ``text``, in order (repeats kept): ``tokenize`` minus stopwords,
    punctuation, pure numbers and the mask character."""
    return [t for t in tokenize(text) if is_content(t)]


def name_kind(token: str) -> tuple[str, str] | None:
    """What a name the rules keep whole is: (category, the table term it is built on, or "").

    ("model", "Qwen") for Qwen2.5-Max, ("model", "GPT") for GPT-4-Turbo, ("cloud", "腾讯") for
    腾讯云, ("person", "") for 拉里·埃里森; None for a token no rule makes. A table term may fit a
    rule too (Qwen-Long): its row says more (``baimo.names`` reads the row first). Names after a
    title (局长孙东) are found in context only, so a bare 孙东 gives None."""
    return _name_patterns().kind(token)


@functools.cache
def _name_patterns() -> _NamePatterns:
    """The name rules alone: naming a token needs no jieba dictionary (0.5 s to load)."""
    return _NamePatterns(tuple(_glossary_rows()))
