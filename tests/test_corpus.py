"""The seed articles, the script check, sentence splitting, dataset schemas and the cache (reading
manifests and files: test_sources)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys

import pytest

from baimo import corpus, paths, sources
from conftest import SEED_IDS, broken_copy

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


# ---- the manifest's rows and the articles ------------------------------------------------------------


def test_inferred_dates_have_their_evidence_in_the_text(raw):
    assert "今年9月" in clean_text(raw["001"]) and "11月12日" in raw["001"]
    assert "12月中旬" in clean_text(raw["003"]) and "30億元" in raw["003"]
    assert raw["004"].startswith("2024过半")


def clean_text(s):
    from baimo import clean

    return clean.clean(s).text


def test_wrong_script_in_manifest_fails_naming_the_file(tmp_path):
    manifest = broken_copy(tmp_path, lambda L: L.__setitem__(4, L[4].replace(",traditional,", ",simplified,")))
    with pytest.raises(
        sources.CorpusError, match=r"003_6cb7593ecb247ef0.txt: manifest says script=simplified but \d+\.\d% of its CJK"
    ):
        corpus.build_seed_dataset(tmp_path / "corpus", seeds_dir=manifest.parent)
    assert not (tmp_path / "corpus").exists()


# ---- sentences -----------------------------------------------------------------------------


def test_split_sentences_on_real_text(text):
    t = text["002"]
    spans = corpus.split_sentences(t)
    first = t[spans[0][1] : spans[0][2]]
    assert (
        first == "近日,摩根士丹利发布报告称,中国AI正在面临更大的变现问题,文中直接指出AI应用先行者业绩不及预期,"
        "金山办公和万兴科技在推出AI产品后收入增长令人失望。"
    )
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
    assert {"text", "n_chars", "chrome_chars", "pinyin_removed", "mojibake_repaired", "mojibake_masked"} <= set(
        docs.columns
    )
    assert (docs.n_chars == docs.text.str.len()).all()
    sents = corpus.sentences()
    assert list(sents.columns) == ["doc_id", "para", "sent", "start", "end", "text"]
    toks = corpus.tokens()
    assert list(toks.columns) == ["doc_id", "sent", "pos", "token"]
    assert sents.groupby("doc_id").size().to_dict() == docs.set_index("doc_id").n_sentences.to_dict()


def test_sentence_offsets_point_into_the_text(docs):
    sents = corpus.sentences()
    for row in sents.itertuples():
        assert docs.text[row.doc_id][row.start : row.end] == row.text


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
    """A scratch copy of the project; drop the submit-ad chrome rule and the dataset must change
    (not the coupon-ad rule: two rules catch that line, coupon_ad and pre_body_label)."""
    root = tmp_path / "proj"
    shutil.copytree(paths.PACKAGE, root / "lib" / "baimo", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(paths.SEEDS, root / "seeds")
    shutil.copy(paths.LOCK, root / "uv.lock")
    script = (
        "from baimo import corpus; import json; d = corpus.build_seed_dataset();"
        "t = corpus.load().set_index('doc_id').text['000_556574f2cf34673c'];"
        "print(json.dumps([json.load(open(d / 'meta.json'))['content_key'], '申请创业报道' in t]))"
    )
    env = {**os.environ, "PYTHONPATH": str(root / "lib"), "BAIMO_ROOT": str(root)}

    def run():
        return json.loads(
            subprocess.run([sys.executable, "-c", script], env=env, check=True, capture_output=True, text=True).stdout
        )

    key1, kept1 = run()
    assert not kept1
    clean_py = root / "lib" / "baimo" / "clean.py"
    clean_py.write_text(
        clean_py.read_text(encoding="utf-8").replace(
            '("submit_ad", re.compile(r"申请创业报道|点击此处|我来投稿|撤稿纠错")),', ""
        ),
        encoding="utf-8",
    )
    key2, kept2 = run()
    assert key2 != key1 and kept2
