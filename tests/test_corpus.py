"""Manifest validation, reading encodings, sentence splitting, dataset schemas and the cache."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from baimo import corpus, paths, sources
from conftest import SEED_IDS

SHARED_SEEDS = paths.ROOT.parent / "shared" / "seeds"
# SHA-256 of ../shared/seeds/*.txt as handed to the project: the copies must never change.
SEED_SHA256 = {
    "000_556574f2cf34673c": "cf0fde9a48c4b2c8acca5a0c4d53a0f1b0aa9ca81c61dafabb08090d7a632237",
    "001_22442d4731984c15": "1630f39fd64315eb854a0dd0eba6f19acb1ca4c7f2a1ddc7b1479401669925af",
    "002_a6c80c997dc4fe08": "b5341d4b7f492369b7e51f9184a92a88497b679ab43632bed884f7e4268074f1",
    "003_6cb7593ecb247ef0": "4d0cdff933851e3bb3a7df03d13794954310689c009943f309566d41504691f8",
    "004_2ce58a2ea71ab375": "5aa37a734d6d8957efbbc4f0f639f301155763f19a552c6bc45e1964ad6a3fa5",
}


def test_seeds_are_byte_identical_copies():
    for d in SEED_IDS:
        ours = hashlib.sha256((paths.SEEDS / f"{d}.txt").read_bytes()).hexdigest()
        if SHARED_SEEDS.exists():
            assert ours == hashlib.sha256((SHARED_SEEDS / f"{d}.txt").read_bytes()).hexdigest()
        assert ours == SEED_SHA256[d]


# ---- manifest ------------------------------------------------------------------------------

def test_manifest_reads_and_dates_match_the_issue():
    m = sources.read_manifest().set_index("doc_id")
    assert list(m.index) == SEED_IDS
    assert m.loc["000_556574f2cf34673c", ["published", "date_basis"]].tolist() == ["2024-08-15", "stated"]
    assert m.loc["001_22442d4731984c15", ["published", "date_basis"]].tolist() == ["2024-12", "inferred"]
    assert "2025-01-19" in m.loc["001_22442d4731984c15", "notes"]
    assert m.loc["002_a6c80c997dc4fe08", "published"] == "2024-09-16"
    assert m.loc["003_6cb7593ecb247ef0", ["published", "date_basis"]].tolist() == ["2024-12", "inferred"]
    assert m.loc["004_2ce58a2ea71ab375", ["published", "date_basis"]].tolist() == ["2024-07", "inferred"]


def test_inferred_dates_have_their_evidence_in_the_text(raw):
    assert "今年9月" in clean_text(raw["001"]) and "11月12日" in raw["001"]
    assert "12月中旬" in clean_text(raw["003"]) and "30億元" in raw["003"]
    assert raw["004"].startswith("2024过半")


def clean_text(s):
    from baimo import clean

    return clean.clean(s).text


def broken_copy(tmp_path: Path, edit) -> Path:
    seeds = tmp_path / "seeds"
    shutil.copytree(paths.SEEDS, seeds, ignore=shutil.ignore_patterns("*.csv"))
    lines = paths.MANIFEST.read_text(encoding="utf-8").splitlines()
    edit(lines)
    (seeds / "manifest.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return seeds / "manifest.csv"


@pytest.mark.parametrize("edit,message", [
    (lambda L: L.__setitem__(3, L[3].replace(",2024-09-16,", ",,")), r"manifest.csv:4: required field\(s\) empty: published"),
    (lambda L: L.__setitem__(2, L[2].replace("001_22442d4731984c15.txt", "001_missing.txt")), r"manifest.csv:3: doc_id 001_22442d4731984c15 is not the stem"),
    (lambda L: L.__setitem__(5, L[5].replace("004_2ce58a2ea71ab375,004_2ce58a2ea71ab375.txt", "004_x,004_x.txt")), r"manifest.csv:6: file 004_x.txt does not exist"),
    (lambda L: L.__setitem__(1, L[1].replace("2024-08-15", "2024-13-01")), r"manifest.csv:2: .*month must be in 1..12"),
    (lambda L: L.__setitem__(1, L[1].replace("2024-08-15", "15/08/2024")), r"manifest.csv:2: published '15/08/2024' is not YYYY-MM-DD"),
    (lambda L: L.__setitem__(4, L[4].replace(",inferred,", ",guessed,")), r"manifest.csv:5: date_basis 'guessed'"),
    (lambda L: L.__setitem__(5, L[5].replace(",simplified,", ",cyrillic,")), r"manifest.csv:6: script 'cyrillic'"),
    (lambda L: L.append(L[1]), r"manifest.csv:7: doc_id 000_556574f2cf34673c repeats line 2"),
    (lambda L: L.__setitem__(0, L[0].replace(",notes", "")), r"manifest.csv:1: header lacks column\(s\) notes"),
])
def test_bad_manifest_rows_name_the_line(tmp_path, edit, message):
    manifest = broken_copy(tmp_path, edit)
    with pytest.raises(sources.CorpusError, match=message):
        sources.read_manifest(manifest)


def test_wrong_script_in_manifest_fails_naming_the_file(tmp_path):
    manifest = broken_copy(tmp_path, lambda L: L.__setitem__(4, L[4].replace(",traditional,", ",simplified,")))
    with pytest.raises(sources.CorpusError, match=r"003_6cb7593ecb247ef0.txt: manifest says script=simplified but \d+\.\d% of its CJK"):
        corpus.build_seed_dataset(tmp_path / "corpus", seeds_dir=manifest.parent)
    assert not (tmp_path / "corpus").exists()


# ---- reading encodings ---------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "gb18030", "big5"])
def test_read_article_decodes_the_seed_in_other_encodings(tmp_path, raw, encoding):
    text = raw["002"] if encoding != "big5" else clean_text(raw["003"])  # Big5 holds traditional text
    if encoding == "big5":
        from baimo import clean
        text = clean.PINYIN_ANNOTATION.sub("", raw["003"]).replace("\u3013", "")
        text = text.encode("big5", errors="ignore").decode("big5")
    f = tmp_path / "a.txt"
    f.write_bytes(text.encode(encoding))
    assert sources.read_article(f) == text


def _generated_articles(indices: set[int]) -> dict[int, str]:
    """Articles of bench/make_corpus.py's seed-0 corpus: recombined real seed paragraphs."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_corpus", paths.ROOT / "bench" / "make_corpus.py")
    make_corpus = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_corpus)
    gen = make_corpus.Generator(0, 0.1)
    out = {}
    for i in range(max(indices) + 1):
        _, text = gen.article(i, int(gen.rng.lognormvariate(0, 0.6) * 850) + 200)
        if i in indices:
            out[i] = text
    return out


def test_gb18030_articles_the_detector_gives_up_on_are_read(tmp_path):
    # charset_normalizer finds no encoding for these three real-text articles (of 6,000 tried):
    # read_article falls back to strict decoding and keeps the reading that looks like Chinese
    import charset_normalizer

    for i, text in _generated_articles({2799, 3288, 4461}).items():
        f = tmp_path / f"{i}.txt"
        f.write_bytes(text.encode("gb18030"))
        assert charset_normalizer.from_bytes(f.read_bytes(), cp_isolation=["gb18030", "big5", "big5hkscs"]).best() is None
        assert sources.read_article(f) == text


def test_byte_soup_that_decodes_as_gb18030_is_refused(tmp_path, raw):
    # valid GB2312 byte pairs drawn at random decode without error (and the detector calls them
    # GB18030), but not one reader would call the result Chinese
    import random

    rng = random.Random(7)
    soup = bytes(b for _ in range(800) for b in (rng.randint(0xB0, 0xF7), rng.randint(0xA1, 0xFE)))
    f = tmp_path / "soup.txt"
    f.write_bytes(soup)
    with pytest.raises(sources.CorpusError, match=r"soup\.txt: the bytes decode as .*GB18030.* but do not read as Chinese "
                                                  r"\(only 5\d% of the characters are common ones\); re-save the file as UTF-8"):
        sources.read_article(f)
    assert sources.common_character_share(raw["002"]) > 0.99
    assert sources.common_character_share("GPT-4o mini") is None


@pytest.mark.parametrize("data,message", [
    (b"", "file is empty"), (b"  \n\n", "file is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    (b"\xff\xfa\x81\x30\xfe\xfe\xfe" * 3, "are not UTF-8, UTF-16, GB18030 or Big5"),
])
def test_read_article_refuses_bad_files(tmp_path, data, message):
    f = tmp_path / "bad.txt"
    f.write_bytes(data)
    with pytest.raises(sources.CorpusError, match=f"bad.txt: .*{message}"):
        sources.read_article(f)


# ---- sentences -----------------------------------------------------------------------------

def test_split_sentences_on_real_text(text):
    t = text["002"]
    spans = corpus.split_sentences(t)
    first = t[spans[0][1]:spans[0][2]]
    assert first == "近日,摩根士丹利发布报告称,中国AI正在面临更大的变现问题,文中直接指出AI应用先行者业绩不及预期,金山办公和万兴科技在推出AI产品后收入增长令人失望。"
    # closing quotes stay with their sentence
    quoted = [t[s:e] for _, s, e in spans if "研发投入。" in t[s:e]]
    assert quoted and all(not q.startswith("”") for q in quoted)
    assert all(t[s:e].strip() for _, s, e in spans)
    # paragraphs are lines
    assert spans[-1][0] == t.count("\n")


# ---- the dataset ---------------------------------------------------------------------------

def test_dataset_layout_and_schemas(seed_dataset):
    meta = json.loads((seed_dataset / "meta.json").read_text())
    assert meta["engine"] == "local" and meta["tokenizer"] == "jieba" and len(meta["content_key"]) == 64
    for t in corpus.TABLES:
        assert list((seed_dataset / t).glob("part-*.parquet")), t
    docs = corpus.load()
    assert set(sources.MANIFEST_COLUMNS) <= set(docs.columns)
    assert {"text", "n_chars", "chrome_chars", "pinyin_removed", "mojibake_repaired", "mojibake_masked"} <= set(docs.columns)
    assert (docs.n_chars == docs.text.str.len()).all()
    sents = corpus.sentences()
    assert list(sents.columns) == ["doc_id", "para", "sent", "start", "end", "text"]
    toks = corpus.tokens()
    assert list(toks.columns) == ["doc_id", "sent", "pos", "token"]
    assert sents.groupby("doc_id").size().to_dict() == docs.set_index("doc_id").n_sentences.to_dict()


def test_sentence_offsets_point_into_the_text(docs):
    sents = corpus.sentences()
    for row in sents.itertuples():
        assert docs.text[row.doc_id][row.start:row.end] == row.text


def test_tokens_rebuild_their_sentences(docs):
    sents = corpus.sentences().set_index(["doc_id", "sent"]).text
    toks = corpus.tokens()
    joined = toks.groupby(["doc_id", "sent"]).token.apply("".join)
    mismatched = [(k, v) for k, v in joined.items() if v.replace(" ", "") != sents[k].replace(" ", "")]
    assert not mismatched[:3]


def test_unknown_corpus_dir_is_a_clear_error(tmp_path):
    with pytest.raises(sources.CorpusError, match="not a corpus dataset.*corpus build"):
        corpus.load(tmp_path)


def test_unchanged_key_does_not_rebuild(seed_dataset):
    part = next((seed_dataset / "documents").glob("part-*.parquet"))
    before = part.stat().st_mtime_ns
    assert corpus.build_seed_dataset() == seed_dataset
    assert part.stat().st_mtime_ns == before


def test_editing_a_cleaning_rule_rebuilds_the_dataset(tmp_path):
    """A scratch copy of the project; drop the coupon-ad chrome rule and the dataset must change."""
    root = tmp_path / "proj"
    shutil.copytree(paths.PACKAGE, root / "lib" / "baimo", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(paths.SEEDS, root / "seeds")
    shutil.copy(paths.LOCK, root / "uv.lock")
    script = (
        "from baimo import corpus; import json; d = corpus.build_seed_dataset();"
        "t = corpus.load().set_index('doc_id').text['000_556574f2cf34673c'];"
        "print(json.dumps([json.load(open(d / 'meta.json'))['content_key'], '优惠券' in t]))"
    )
    env = {**os.environ, "PYTHONPATH": str(root / "lib"), "BAIMO_ROOT": str(root)}
    run = lambda: json.loads(subprocess.run([sys.executable, "-c", script], env=env, check=True, capture_output=True, text=True).stdout)
    key1, coupon1 = run()
    assert not coupon1
    clean_py = root / "lib" / "baimo" / "clean.py"
    clean_py.write_text(clean_py.read_text(encoding="utf-8").replace('("coupon_ad", re.compile(r"优惠券|先领券|领券")),', ""), encoding="utf-8")
    key2, coupon2 = run()
    assert key2 != key1 and coupon2
