"""Segmentation: cleaned simplified Chinese text → tokens, with the project's domain glossary kept whole.

jieba (pinned in pyproject.toml) does the cutting, through a *private* ``jieba.Tokenizer`` built
once per process (``_tokenizer``, cached), so a notebook's own ``jieba.cut`` keeps jieba's stock
dictionary. The glossary ``data/userdict.tsv`` (term, category, gloss_en) is loaded into it:

* terms made only of CJK characters go into jieba's dictionary with a high frequency
  (``TERM_FREQ``), so the Viterbi route keeps them whole;
* terms with anything else in them — Latin letters, digits, hyphens, dots, spaces ("AI Agent",
  "Qwen-Long", "DeepSeek-V2", "B端") — are protected: before cutting, each occurrence is replaced
  by a letters-only placeholder that jieba cannot split, and after cutting the placeholder is put
  back as the glossary term. jieba splits on spaces and at hyphens, so this is the only way such
  terms come out as one token. A Latin/digit end of a term only matches at a Latin/digit boundary
  ("token" does not match inside "tokens"), and a space next to a CJK character may be present or
  not ("混元 turbo" / "混元turbo", "C 端" / "C端"): the token is always the glossary spelling.

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
from baimo.text import CJK_CHAR, MASK

CATEGORIES = ("company", "outlet", "product", "model", "person", "term")  # outlet: media, kept apart from companies
GLOSSARY_COLUMNS = ["term", "category", "company", "aliases", "group", "gloss_en"]
TERM_FREQ = 200_000  # ~ jieba's most frequent content words; enough to beat any split of a term
# jieba dictionary words that swallow a glossary term where the seeds use it ("逻辑推理" hides
# 推理, "融资额" hides 融资). They are taken out of the private dictionary so the term is counted;
# the test over the seed sentences is what finds them. Proper names such as 阿里巴巴 stay.
SPLIT_COMPOUNDS = ("逻辑推理", "融资额")
_JIEBA_TAG = {"company": "nt", "outlet": "nt", "product": "nz", "model": "nz", "person": "nr", "term": "n"}
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
    return all(CJK_CHAR.fullmatch(c) for c in term)


def term_pattern(term: str, *, plural: bool = False) -> str:
    """Regex for one term as real text writes it: exact characters, flexible spacing at CJK/non-CJK
    seams ("B 端" for B端), and no match inside a longer Latin/digit run ("ToB" not in "tobacco").
    ``plural`` lets a Latin-final term take an s (token → tokens). Shared with ``baimo.themes``."""
    out = []
    for i, c in enumerate(term):
        prev = term[i - 1] if i else ""
        if c == " ":
            nxt = term[i + 1] if i + 1 < len(term) else ""
            cjk_side = bool(CJK_CHAR.match(prev) or CJK_CHAR.match(nxt))
            out.append(f"{_BLANK}*" if cjk_side else f"{_BLANK}+")
            continue
        if prev and prev != " " and bool(CJK_CHAR.match(prev)) != bool(CJK_CHAR.match(c)):
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


class _Segmenter:
    """A private jieba tokenizer plus the protection table for non-CJK glossary terms."""

    def __init__(self, backend: str = "jieba") -> None:
        rows = _glossary_rows()
        cjk_terms = [(t, c) for t, c, _ in rows if _is_cjk_only(t)]
        self.protected = sorted((t for t, _, _ in rows if not _is_cjk_only(t)), key=len, reverse=True)
        self.placeholder = {t: f"{_PH_OPEN}{_spell(i)}{_PH_CLOSE}" for i, t in enumerate(self.protected)}
        self.restore = {ph: t for t, ph in self.placeholder.items()}
        self.protect_re = None
        if self.protected:
            # The leading lookahead on the terms' first characters lets the regex engine skip
            # every other position cheaply (40x faster than trying each alternative everywhere).
            first = "".join(sorted({re.escape(t[0]) for t in self.protected}))
            alternatives = "|".join(f"({term_pattern(t)})" for t in self.protected)
            self.protect_re = re.compile(f"(?=[{first}])(?:{alternatives})")
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
            for word in SPLIT_COMPOUNDS:
                tk.del_word(word)
        finally:
            logger.setLevel(level)
        self.jieba = tk

    def _protect(self, text: str) -> str:
        if self.protect_re is None:
            return text

        def sub(m: re.Match) -> str:
            # group index → term (groups are in self.protected order)
            return f" {self.placeholder[self.protected[m.lastindex - 1]]} "

        return self.protect_re.sub(sub, text)

    def tokenize(self, text: str) -> list[str]:
        protected = self._protect(text)
        if _PH_OPEN not in protected:  # most sentences: no glossary term to put back
            return [tok for tok in self.jieba.cut(protected) if tok.strip()]
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
                out.append(self.restore.get(m.group(), m.group()))
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
