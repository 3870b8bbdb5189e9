"""baimo.segment: glossary terms come out whole in the real cleaned seed sentences; stopwords; terms().

The glossary is checked against ``baimo.corpus.sentences()`` — the cleaned, simplified seed
sentences — so a term that no longer occurs there (the dictionary drifted from the corpus) fails,
and so does a term that the tokenizer cuts in any sentence where it stands on its own.
"""

from __future__ import annotations

import re

import jieba
import pytest

from baimo import corpus, paths, segment

GLOSSARY = segment.glossary()
TERMS = list(GLOSSARY.term)
_ALNUM = re.compile(r"[A-Za-z0-9]")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def sentences() -> list[str]:
    return list(corpus.sentences().text)


def _pattern(term: str) -> re.Pattern:
    """``term`` as it may appear in cleaned text: the cleaner keeps a space between CJK and Latin
    ("B 端", "AI 搜索"), so one optional space is allowed at such a seam; a Latin/digit end must
    not run on into more Latin/digits ("token" is not in "tokens")."""
    out = ""
    for i, c in enumerate(term):
        if i and term[i - 1] != " " and c != " " and bool(_CJK.match(term[i - 1])) != bool(_CJK.match(c)):
            out += " ?"
        out += re.escape(c)
    if _ALNUM.match(term[0]):
        out = r"(?<![A-Za-z0-9])" + out
    if _ALNUM.match(term[-1]):
        out += r"(?![A-Za-z0-9])"
    return re.compile(out)


PATTERNS = {term: _pattern(term) for term in TERMS}


def occurrences(term: str, text: str) -> list[tuple[int, int]]:
    return [m.span() for m in PATTERNS[term].finditer(text)]


# Where the characters of a term occur across a word boundary they are not the term
# (金融|资源 is not 融资): such contexts are listed here, and nothing else is excused.
NOT_THE_TERM = {"融资": ["金融资源"]}
LONGER = {term: [t for t in TERMS if len(t) > len(term) and term in t] for term in TERMS}


def standalone(term: str, text: str) -> int:
    """Occurrences of ``term`` not inside an occurrence of a longer glossary term
    (字节 inside 字节跳动, 大模型 inside 通用大模型 are the longer term's)."""
    if term.replace(" ", "")[:1] not in text:
        return 0
    longer = [span for t in LONGER[term] for span in occurrences(t, text)]
    longer += [m.span() for ctx in NOT_THE_TERM.get(term, []) for m in re.finditer(re.escape(ctx), text)]
    return sum(1 for s, e in occurrences(term, text) if not any(ls <= s and e <= le for ls, le in longer))


def test_glossary_frame():
    assert list(GLOSSARY.columns) == ["term", "category", "gloss_en"]
    assert set(GLOSSARY.category) <= set(segment.CATEGORIES)
    assert set(GLOSSARY.category) == set(segment.CATEGORIES), "every category has terms"
    assert GLOSSARY.term.is_unique
    assert GLOSSARY.gloss_en.str.strip().astype(bool).all()
    assert not GLOSSARY.gloss_en.str.contains(r"[\u4e00-\u9fff]").any(), "glosses are English"
    header = paths.USERDICT.read_text(encoding="utf-8").splitlines()[0]
    assert header == "term\tcategory\tgloss_en"


@pytest.mark.parametrize("term", TERMS)
def test_term_whole_in_seed_sentences(term, sentences):
    hits = [(s, n) for s in sentences if (n := standalone(term, s))]
    assert hits, f"glossary term {term!r} occurs in no cleaned seed sentence: drop it from userdict.tsv"
    for sentence, n in hits:
        tokens = segment.tokenize(sentence)
        assert tokens.count(term) >= n, f"{term!r} cut in: {sentence}\n→ {' | '.join(tokens)}"


@pytest.mark.parametrize("term", [t for t in TERMS if " " in t])
def test_spaced_terms_whole(term):
    assert segment.tokenize(f"大家都在谈{term},但{term}还没有落地。").count(term) == 2
    # alone, and between ASCII brackets
    assert segment.tokenize(f"{term}") == [term]
    assert segment.tokenize(f"({term})")[1] == term


@pytest.mark.parametrize("term", ["Qwen-Long", "DeepSeek-V2", "GPT-4", "GPT-5"])
def test_hyphenated_models_whole(term):
    assert term in segment.tokenize(f"阿里的{term}价格直降97%,{term}模型")


def test_latin_term_needs_a_boundary():
    # "token" is a glossary term; "tokens" is another word, not the term plus an "s"
    assert "token" not in segment.tokenize("需要100万亿tokens的数据")
    assert "GPT-4" not in segment.tokenize("GPT-4o是新模型"), "GPT-4 must not be cut out of GPT-4o"


def test_tokenize_drops_only_whitespace():
    text = "百模大战  之后,\n价格战 打响。"
    tokens = segment.tokenize(text)
    assert all(t.strip() for t in tokens)
    assert "".join(tokens) == re.sub(r"\s", "", text)


def test_terms_drops_stopwords_punctuation_numbers_and_mask():
    text = "我们认为,2024年大模型的价格战打了97%的折扣〓,换句话说1.24亿元!算力和变现才是关键。"
    tokens = segment.tokenize(text)
    content = segment.terms(text)
    for word in ("大模型", "价格战", "算力", "变现", "关键"):
        assert word in content
    for gone in ("我们", "认为", "的", "换句话说", ",", "!", "。", "2024", "97%", "1.24", "〓", "和"):
        assert gone in tokens, f"{gone!r} should be a token of the test text"
        assert gone not in content
    stop = segment.stopwords()
    assert not any(t in stop for t in content)


def test_terms_on_corpus_are_content_words(sentences):
    stop = segment.stopwords()
    number = re.compile(r"[\d.,%+\-]+")
    for sentence in sentences:
        for t in segment.terms(sentence):
            assert t not in stop and "〓" not in t and not number.fullmatch(t), (t, sentence)
            assert re.search(r"[\w]", t), (t, sentence)


def test_stopword_source_header():
    text = paths.STOPWORDS.read_text(encoding="utf-8")
    header = [line for line in text.splitlines() if line.startswith("#")]
    joined = "\n".join(header)
    assert "stopwords-iso" in joined and "stopwords-zh" in joined
    assert "0.4.0" in joined and "MIT" in joined
    assert "domain additions" in joined.lower()
    source = (paths.DATA / "STOPWORDS_SOURCE.md").read_text(encoding="utf-8")
    assert "MIT" in source and "stopwords-iso" in source
    stop = segment.stopwords()
    assert len(stop) > 700
    assert not any(w.startswith("#") for w in stop)
    for w in ("的", "我们", "记者", "表示", "认为"):
        assert w in stop


def test_no_glossary_term_is_a_stopword():
    clash = sorted(set(TERMS) & segment.stopwords())
    assert not clash, f"glossary terms in stopwords.txt: {clash}"


def test_jieba_initialised_once_and_private():
    segment.tokenize("大模型价格战")
    first = segment._tokenizer()
    segment.tokenize("百模大战")
    assert segment._tokenizer() is first
    assert segment._tokenizer.cache_info().misses == 1
    # the glossary lives in the private tokenizer only: global jieba keeps its stock dictionary
    assert first.jieba is not jieba.dt
    assert "百模大战" in first.jieba.FREQ
    assert "百模大战" not in jieba.dt.FREQ


def test_jieba_load_is_quiet(capfd):
    level = jieba.default_logger.level
    segment._Segmenter()  # a fresh build, as on first use in a process
    assert "prefix dict" not in capfd.readouterr().err
    assert jieba.default_logger.level == level, "global jieba logging left as it was"


def test_tokenize_whole_corpus_at_once(sentences):
    # one call over the whole cleaned corpus: the same tokens as sentence by sentence
    text = "\n".join(sentences)
    tokens = segment.tokenize(text)
    assert len(text) > 20_000 and len(tokens) > 10_000
    assert [t for t in tokens if t.strip()] == [t for s in sentences for t in segment.tokenize(s) if t.strip()]
