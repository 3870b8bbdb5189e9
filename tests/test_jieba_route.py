"""baimo.jieba_route: the faster route search gives jieba's tokens, and jieba's route, exactly.

Compared with ``jieba.Tokenizer`` on the real cleaned seed sentences (with jieba's stock
dictionary and with the project's glossary loaded), on the raw seed text (chrome, pinyin,
traditional script and mojibake included), and on scrambled text that hits the branches real text
rarely does (characters no word starts with, long runs for the HMM).
"""

from __future__ import annotations

import io
import logging
import random

import jieba
import pytest

from baimo import corpus, paths, segment
from baimo.jieba_route import RouteTokenizer


def _pair(userdict: str | None = None, deleted: tuple[str, ...] = ()):
    """(jieba's tokenizer, the route tokenizer), both loaded with the same dictionary."""
    logger = jieba.default_logger
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        pair = []
        for cls in (jieba.Tokenizer, RouteTokenizer):
            tk = cls()
            tk.initialize()
            if userdict:
                tk.load_userdict(io.StringIO(userdict))
            for w in deleted:
                tk.del_word(w)
            pair.append(tk)
        return pair
    finally:
        logger.setLevel(level)


@pytest.fixture(scope="module")
def stock():
    return _pair()


@pytest.fixture(scope="module")
def glossary_loaded():
    g = segment.glossary()
    lines = "".join(f"{t} {segment.TERM_FREQ} n\n" for t in g.term if not any(c.isascii() for c in t))
    return _pair(lines, segment.SPLIT_COMPOUNDS)


@pytest.fixture(scope="module")
def seed_sentences():
    return list(corpus.sentences().text)


@pytest.fixture(scope="module")
def raw_seed_lines():
    return [line for p in sorted(paths.SEEDS.glob("*.txt")) for line in p.read_text(encoding="utf-8").splitlines()]


def _scrambled(sentences: list[str], n: int = 400) -> list[str]:
    rng = random.Random(20261125)
    chars = [c for s in sentences for c in s]
    return ["".join(rng.choice(chars) for _ in range(rng.randint(1, 120))) for _ in range(n)]


@pytest.mark.parametrize("which", ["stock", "glossary_loaded"])
def test_same_tokens_as_jieba_on_the_seeds(which, request, seed_sentences, raw_seed_lines):
    jb, fast = request.getfixturevalue(which)
    texts = seed_sentences + raw_seed_lines + _scrambled(seed_sentences)
    different = [t for t in texts if jb.lcut(t) != fast.lcut(t)]
    assert not different, f"{len(different)} of {len(texts)} texts cut differently, e.g. {different[:3]}"
    assert sum(len(fast.lcut(t)) for t in seed_sentences) > 10_000


def test_same_route_and_probabilities_as_jieba(stock, seed_sentences):
    # not only the same tokens: the same end and the same float at every position
    jb, fast = stock
    for s in seed_sentences[:300] + _scrambled(seed_sentences, 100):
        route: dict = {}
        jb.calc(s, jb.get_DAG(s), route)
        prob, end = fast.best_route(s)
        assert end[:-1] == [route[i][1] for i in range(len(s))]
        assert prob == [route[i][0] for i in range(len(s) + 1)]  # exact floats


def test_a_tie_goes_to_the_longer_word_as_in_jieba(tmp_path):
    # 甲|乙丙 and 甲乙|丙 score A+B and B+A: the same float. jieba's max() over (probability, end)
    # picks the larger end, i.e. the longer first word.
    dictionary = tmp_path / "dict.txt"
    dictionary.write_text("甲 10 n\n丙 10 n\n甲乙 20 n\n乙丙 20 n\n", encoding="utf-8")
    cut = []
    for cls in (jieba.Tokenizer, RouteTokenizer):
        tk = cls(dictionary=str(dictionary))
        tk.tmp_dir = str(tmp_path)
        cut.append(tk.lcut("甲乙丙"))
    assert cut[0] == cut[1] == ["甲乙", "丙"]


def test_dictionary_changes_after_first_use_are_seen(seed_sentences):
    jb, fast = _pair()
    s = next(t for t in seed_sentences if "大模型" in t)
    assert fast.lcut(s) == jb.lcut(s)  # builds the table
    for tk in (jb, fast):
        tk.add_word("大模型价格", 10**7)
        tk.del_word("大模型")
    s2 = s + "大模型价格"
    assert fast.lcut(s2) == jb.lcut(s2)
    assert "大模型价格" in fast.lcut(s2) and "大模型" not in fast.lcut(s2)


def test_segment_uses_it_and_cuts_as_a_plain_jieba_tokenizer_would(glossary_loaded, seed_sentences):
    assert isinstance(segment._tokenizer().jieba, RouteTokenizer)
    jb, _ = glossary_loaded
    # a sentence without Latin glossary terms: segment.tokenize is jieba's cut minus blanks
    plain = [s for s in seed_sentences if s.isascii() is False and segment._tokenizer()._protect(s) == s][:200]
    assert plain
    for s in plain:
        assert segment.tokenize(s) == [t for t in jb.lcut(s) if t.strip()]
