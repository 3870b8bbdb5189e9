"""Every real-page layout fixture (tests/fixtures/real_pages/*.expected.json, in every encoding it is
saved in) read by ``sources.read_article`` and cleaned by ``clean.clean``: the body paragraphs are
kept whole (a hard-wrapped paragraph joined again), the listed chrome is gone, the Taiwan and Hong
Kong words come out in their mainland form. The metadata, numbers and names the fixtures list
belong to other tests (test_sources, test_add, test_quantities, test_segment)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from baimo import clean, sources

FIXTURES = Path(__file__).parent / "fixtures" / "real_pages"
EXPECTED = sorted(FIXTURES.glob("*.expected.json"))


def cases() -> list[tuple[str, Path, dict]]:
    out = []
    for path in EXPECTED:
        exp = json.loads(path.read_text(encoding="utf-8"))
        for name in [exp["fixture"], *exp.get("encoded_copies", [])]:
            out.append(pytest.param(FIXTURES / name, exp, id=name))
    return out


def flat(text: str) -> str:
    """Compared without whitespace, in simplified script (a chrome line is listed as written)."""
    return re.sub(r"\s+", "", clean._t2s().convert(text)).replace("｜", "|")


@pytest.fixture(scope="module")
def cleaned_cache() -> dict[Path, clean.Cleaned]:
    return {}


def cleaned(path: Path, exp: dict, cache: dict) -> clean.Cleaned:
    if path not in cache:
        title = exp["metadata"].get("title")
        cache[path] = clean.clean(sources.read_article(path), title=title)
    return cache[path]


@pytest.mark.parametrize("path,exp", cases())
def test_every_body_paragraph_is_kept_whole(path, exp, cleaned_cache):
    lines = [flat(line) for line in cleaned(path, exp, cleaned_cache).text.split("\n")]
    lost = [p[:30] for p in exp["body"] if not any(flat(p) in line for line in lines)]
    assert not lost, f"{path.name}: body paragraphs lost or split: {lost}"


@pytest.mark.parametrize("path,exp", cases())
def test_every_listed_chrome_line_is_gone(path, exp, cleaned_cache):
    text = cleaned(path, exp, cleaned_cache).text
    lines = {flat(line) for line in text.split("\n")}
    whole = flat(text)
    for part in exp.get("inline_chrome", []):  # glued inside a body line: gone from the text
        assert flat(part) not in whole, f"{path.name}: inline chrome left: {part!r}"
    for paragraph in exp["body"]:  # a chrome string may also be words of the body (a title, say)
        whole = whole.replace(flat(paragraph), "")
    left = [c for c in exp["chrome"] if flat(c) in lines or (len(flat(c)) >= 8 and flat(c) in whole)]
    assert not left, f"{path.name}: chrome left: {left}"


@pytest.mark.parametrize("path,exp", [c for c in cases() if c.values[1]["script"] in ("taiwan", "hongkong")])
def test_regional_words_come_out_in_mainland_form(path, exp, cleaned_cache):
    c = cleaned(path, exp, cleaned_cache)
    for term in exp["regional_terms"]:
        assert term["t2s_gives"] not in c.text, f"{path.name}: {term['raw']} left as {term['t2s_gives']}"
        assert c.text.count(term["mainland"]) >= term["count"], f"{path.name}: {term['mainland']}"
    for word in ("资料中心", "晶片", "伺服器", "人工智慧", "网路", "国内生产毛额"):
        assert word not in c.text, f"{path.name}: {word}"
    for name in exp.get("names_mangled_by_t2s", []):
        assert name["t2s_gives"] not in c.text


@pytest.mark.parametrize("path,exp", [c for c in cases() if "hard_wrap_width" in c.values[1]])
def test_no_hard_wrap_is_left(path, exp, cleaned_cache):
    c = cleaned(path, exp, cleaned_cache)
    assert c.counts()["wrap"] > 0
    paragraphs = [line for line in c.text.split("\n") if len(line) > 30]
    assert len(paragraphs) == len(exp["body"]), paragraphs


def test_the_mainland_fixtures_get_no_regional_conversion(cleaned_cache):
    """Traditional-script copies of mainland pages (the seeds' own script) keep t2s: no vocabulary."""
    for path in EXPECTED:
        exp = json.loads(path.read_text(encoding="utf-8"))
        if exp["script"] in ("traditional", "simplified"):
            c = cleaned(FIXTURES / exp["fixture"], exp, cleaned_cache)
            assert "vocabulary" not in c.metadata, path.name
