"""The scalable corpus build (baimo.engines) on small generated corpora: header metadata, the same
dataset as the seed build, local and dask engines writing identical files, resumption after a
kill, bounded memory, the opt-in rjieba tokenizer, and 00_corpus run against a generated corpus."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
import signal
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pandas as pd
import pytest

from baimo import add, corpus, engines, paths, segment, sources

BENCH = paths.ROOT / "bench"


def _load_generator():
    spec = importlib.util.spec_from_file_location("make_corpus", BENCH / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_corpus = _load_generator()


def part_hashes(out: Path) -> dict[str, str]:
    return {
        p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.glob("*/part-*.parquet"))
    }


def tables(out: Path) -> dict[str, pd.DataFrame]:
    return {t: corpus.read_table(t, out) for t in corpus.TABLES}


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """40 synthetic articles (~0.1 MB): headers and a manifest, both scripts, four encodings."""
    src = tmp_path_factory.mktemp("gen") / "src"
    stats = make_corpus.generate(src, articles=40, seed=7, mean_chars=500, manifest_share=0.2)
    assert stats["manifest"] and stats["header"] and stats["traditional"] and stats["simplified"]
    return src


@pytest.fixture(scope="module")
def local_build(generated, tmp_path_factory):
    """The reference: --engine local, two worker processes, several partitions."""
    out = tmp_path_factory.mktemp("local") / "dataset"
    result = engines.build(generated, out, engine="local", workers=2, partition_mb=0.02, progress=False)
    assert result.partitions >= 4 and result.built == result.partitions
    return out


def test_discover_mixes_manifest_and_headers_and_refuses_duplicate_ids(generated, tmp_path):
    arts = engines.discover(generated)
    assert [a.doc_id for a in arts] == sorted(a.doc_id for a in arts) and len(arts) == 40
    listed = {
        r["doc_id"] for r in sources.read_manifest(generated / "manifest.csv", seeds_dir=generated).to_dict("records")
    }
    assert {a.doc_id for a in arts if a.row is not None} == listed
    assert all("/" in a.file for a in arts)  # one subdirectory per year: found recursively
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for d in "ab":
        (tmp_path / d / "same.txt").write_text("title: t\noutlet: o\npublished: 2024-01\n\n正文。", encoding="utf-8")
    with pytest.raises(sources.CorpusError, match=r"b/same\.txt: doc_id same .* also the doc_id of a/same\.txt"):
        engines.discover(tmp_path)


def test_plan_cuts_by_size_in_doc_id_order():
    arts = [engines.Article(f"d{i}", f"d{i}.txt", 400_000, "", None) for i in range(7)]
    parts = engines.plan(arts, partition_mb=1)
    assert [[a.doc_id for a in p] for p in parts] == [["d0", "d1"], ["d2", "d3"], ["d4", "d5"], ["d6"]]


# ---- the dataset ---------------------------------------------------------------------------


def test_seed_sources_give_the_seed_dataset_byte_for_byte(seed_dataset, tmp_path):
    out = tmp_path / "seeds"
    result = engines.build(paths.SEEDS, out, workers=1, partition_mb=100, progress=False)
    assert result.documents == 5 and result.partitions == 1
    assert part_hashes(out) == part_hashes(seed_dataset)
    meta = json.loads((out / "meta.json").read_text())
    assert meta["tokenizer"] == "jieba" and meta["engine"] == "local" and meta["metadata"] == "manifest"


def test_quantities_table_in_the_seed_dataset(seed_dataset):
    q = corpus.quantities()
    assert list(q.columns) == list(corpus.SCHEMAS["quantities"])
    docs = corpus.load().set_index("doc_id")
    sents = corpus.sentences().set_index(["doc_id", "sent"])
    for row in q.sample(50, random_state=0).itertuples():
        assert docs.text[row.doc_id][row.start : row.end] == row.surface
        s = sents.loc[(row.doc_id, row.sent)]
        assert s.start <= row.start < row.end <= s.end
    assert ((q.surface == "8 毛") & (q.low == 0.8) & (q.unit == "CNY") & (q.per == "million_tokens")).any()


def test_generated_dataset_reads_like_the_seed_dataset(local_build, seed_dataset):
    t = tables(local_build)
    docs = t["documents"]
    assert list(corpus.load().columns) == list(docs.columns)
    for name, schema in corpus.SCHEMAS.items():
        assert dict(t[name].dtypes.astype(str)) == {c: str(pd.Series(dtype=d).dtype) for c, d in schema.items()}, name
    assert len(docs) == 40 and docs.doc_id.is_monotonic_increasing and docs.doc_id.is_unique
    assert (t["tokens"].groupby("doc_id", sort=False).ngroup().diff().fillna(0) >= 0).all()  # sorted across parts
    assert (docs.n_chars == docs.text.str.len()).all()
    # the cleaner had work to do: chrome, pinyin, traditional script
    assert docs.chrome_lines.sum() > 40 and docs.pinyin_removed.sum() > 0 and docs.t2s_spans.sum() > 0
    assert set(docs.script) == {"traditional", "simplified"}
    assert not docs.text.str.contains(r"\((?:[a-z]*[āáǎàēéěèīíǐìōóǒòūúǔù])").any()
    assert docs.notes.str.contains("synthetic").all()
    q = t["quantities"].merge(docs[["doc_id", "text"]], on="doc_id")
    spans = zip(q.text, q.start, q.end, q.surface, strict=True)
    assert len(q) and all(text[s:e] == surface for text, s, e, surface in spans)
    meta = json.loads((local_build / "meta.json").read_text())
    assert meta["documents"] == 40 and meta["metadata"] == "file+manifest" and len(meta["content_key"]) == 64


def test_dask_engine_writes_identical_files(local_build, generated, tmp_path):
    """On a scheduler given by address (an in-process cluster here, to keep the test fast; the
    benchmark runs the default: a LocalCluster of worker processes)."""
    from distributed import LocalCluster

    out = tmp_path / "dask"
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        result = engines.build(
            generated, out, engine="dask", scheduler=cluster.scheduler_address, partition_mb=0.02, progress=False
        )
    assert result.built == result.partitions >= 4
    assert part_hashes(out) == part_hashes(local_build)
    for name, df in tables(out).items():
        pd.testing.assert_frame_equal(df, tables(local_build)[name])
    meta_l, meta_d = (json.loads((d / "meta.json").read_text()) for d in (local_build, out))
    assert meta_d.pop("engine") == "dask" and meta_l.pop("engine") == "local" and meta_l == meta_d


def test_cli_builds_on_a_running_scheduler_with_worker_processes(local_build, generated, tmp_path):
    """The researcher's cluster case: a scheduler already running elsewhere, workers in their own
    processes (spawned: nothing inherited from the caller), the command line given its address."""
    from distributed import LocalCluster

    out = tmp_path / "dask-cli"
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "baimo",
                "corpus",
                "build",
                "--src",
                str(generated),
                "--out",
                str(out),
                "--engine",
                "dask",
                "--scheduler",
                cluster.scheduler_address,
                "--partition-mb",
                "0.02",
            ],
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert proc.returncode == 0, proc.stderr[-2000:]
        assert len(cluster.scheduler_info["workers"]) == 1  # the cluster outlives the build
    assert part_hashes(out) == part_hashes(local_build)
    assert json.loads((out / "meta.json").read_text())["engine"] == "dask"


# ---- resumption ----------------------------------------------------------------------------


def test_killed_build_resumes_from_finished_partitions(local_build, generated, tmp_path):
    out = tmp_path / "resumed"
    cmd = [
        sys.executable,
        "-m",
        "baimo",
        "corpus",
        "build",
        "--src",
        str(generated),
        "--out",
        str(out),
        "--workers",
        "1",
        "--partition-mb",
        "0.01",
        "--no-progress",
    ]
    proc = subprocess.Popen(
        cmd, cwd=paths.ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    markers = out / engines.MARKERS
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None and len(list(markers.glob("part-*.json"))) < 2:
        time.sleep(0.05)
    assert proc.poll() is None, f"build ended before it could be interrupted: {proc.stderr.read().decode()}"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert not (out / "meta.json").exists()
    with pytest.raises(sources.CorpusError, match="not a corpus dataset"):
        corpus.load(out)
    finished = {p.name: p.stat().st_mtime_ns for p in markers.glob("part-*.json")}
    result = engines.build(generated, out, workers=1, partition_mb=0.01, progress=False)
    assert result.skipped >= len(finished) >= 2 and result.built == result.partitions - result.skipped > 0
    assert {p.name: p.stat().st_mtime_ns for p in markers.glob("part-*.json") if p.name in finished} == finished
    for name, df in tables(out).items():
        pd.testing.assert_frame_equal(df, tables(local_build)[name])
    # a rerun with nothing changed does nothing; a changed article redoes its partition only
    again = engines.build(generated, out, workers=1, partition_mb=0.01, progress=False)
    assert again.built == 0 and again.skipped == again.partitions
    victim = next(p for p in sorted(generated.rglob("*.txt")) if p.read_bytes().startswith(b"title:"))
    original = victim.read_bytes()
    try:
        victim.write_bytes(original.replace("。".encode(), "！".encode(), 1))
        changed = engines.build(generated, out, workers=1, partition_mb=0.01, progress=False)
        assert changed.built == 1 and changed.skipped == changed.partitions - 1
    finally:
        victim.write_bytes(original)


def test_out_must_be_new_or_a_dataset(generated, tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(sources.CorpusError, match="not a corpus dataset; give a new or empty directory"):
        engines.build(generated, tmp_path, workers=1, progress=False)
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


# ---- memory --------------------------------------------------------------------------------


def test_memory_does_not_grow_with_the_corpus(tmp_path):
    """Python allocations during a build peak at what one partition needs: a corpus made of four
    copies of a small one peaks about where the small one does (one worker, in this process;
    rjieba, whose allocations tracemalloc does not see, keeps the traced run fast)."""
    one = tmp_path / "one"
    make_corpus.generate(one, articles=6, seed=3, mean_chars=300, manifest_share=0)
    for k in (1, 4):
        for c in range(k):
            for f in one.rglob("*.txt"):
                copy = tmp_path / f"x{k}" / f"c{c}" / f"{c}{f.name}"
                copy.parent.mkdir(parents=True, exist_ok=True)
                copy.write_bytes(f.read_bytes())
    engines.build(
        tmp_path / "x1", tmp_path / "warm", workers=1, partition_mb=0.004, progress=False, tokenizer="rjieba"
    )  # loads the tokenizer, OpenCC, the seed evidence
    peaks = {}
    for k in (1, 4):
        tracemalloc.start()
        try:
            engines.build(
                tmp_path / f"x{k}",
                tmp_path / f"out{k}",
                workers=1,
                partition_mb=0.004,
                progress=False,
                tokenizer="rjieba",
            )
            peaks[k] = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert peaks[4] < 1.3 * peaks[1], peaks  # rows held for the whole corpus would make it ~4x


def test_local_driver_keeps_a_bounded_window(monkeypatch):
    """The local engine hands out at most WINDOW partitions per worker at a time."""
    import concurrent.futures as cf

    in_flight, most = set(), [0]

    class Pool:
        def __init__(self, *a, **k):
            pass

        def submit(self, fn, *args):
            fut = cf.Future()
            if fn is engines.build_partition:
                in_flight.add(fut)
                most[0] = max(most[0], len(in_flight))
                fut.set_result({"partition": args[0]})
            return fut

        def shutdown(self, **k):
            pass

    def wait(pending, return_when):
        done = {next(iter(pending))}
        in_flight.difference_update(done)
        return done, set(pending) - done

    monkeypatch.setattr(cf, "ProcessPoolExecutor", Pool)
    monkeypatch.setattr(cf, "wait", wait)
    seen = []
    engines._Local(3, "jieba").run(list(range(50)), lambda m: seen.append(m["partition"]))
    assert sorted(seen) == list(range(50)) and most[0] == engines.WINDOW * 3


# ---- the fast tokenizer --------------------------------------------------------------------


def test_rjieba_disagrees_on_few_seed_tokens():
    sents = corpus.sentences().text
    assert engines.tokenizer_disagreement(sents) < 0.005  # measured 0.10%
    # the glossary handling is the same: terms whole, split compounds split
    fast = segment.tokenize("通义千问降价97%,AI Agent和DeepSeek-V2的逻辑推理,融资额达到30亿元", backend="rjieba")
    assert {"通义千问", "AI Agent", "DeepSeek-V2", "推理", "融资"} <= set(fast)
    assert not {"逻辑推理", "融资额"} & set(fast)


def test_rjieba_build_is_recorded_in_meta(generated, tmp_path, capsys):
    out = tmp_path / "fast"
    engines.build(generated, out, workers=1, tokenizer="rjieba", partition_mb=0.05, progress=True)
    meta = json.loads((out / "meta.json").read_text())
    assert meta["tokenizer"] == "rjieba" and meta["rjieba"]
    err = capsys.readouterr().err
    assert "docs/s" in err and "B/s" in err  # the progress bar: rate, docs/s (and ETA while running)


def test_skip_invalid_lists_rejected_articles(generated, tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for f in sorted(p for p in generated.rglob("*.txt") if p.read_bytes().startswith(b"title:"))[:3]:
        (src / f.name).write_bytes(f.read_bytes())
    (src / "bare.txt").write_text("没有元数据的文章。" * 20, encoding="utf-8")
    missing = (
        "bare.txt: the file does not state its title, outlet, publication date; give `title: …` `outlet: …` "
        "`published: YYYY-MM-DD` in a header at the top of the file (`key: value` lines, then a blank line), "
        "or in the file's row of manifest.csv"
    )
    with pytest.raises(sources.CorpusError, match=re.escape(missing)):
        engines.build(src, tmp_path / "strict", workers=1, progress=False)
    result = engines.build(src, tmp_path / "lenient", workers=1, progress=False, skip_invalid=True)
    assert result.documents == 3 and result.rejected == 1
    rejected = pd.read_csv(tmp_path / "lenient" / "rejected.csv")
    assert rejected.doc_id.tolist() == ["bare"] and rejected.reason[0].endswith(missing)


def test_src_takes_the_files_add_takes_with_the_same_metadata(tmp_path):
    """The real-page fixtures (a text file with its title in a header; saved pages as they are) built
    with --skip-invalid: the build takes exactly the files `baimo add` takes, with the metadata add
    reads, and rejects the others saying what they lack."""
    fixtures = paths.ROOT / "tests" / "fixtures" / "real_pages"
    src = tmp_path / "src"
    src.mkdir()
    rows, refused = {}, {}
    for spec in sorted(fixtures.glob("*.expected.json")):
        expected = json.loads(spec.read_text(encoding="utf-8"))
        source = fixtures / expected["fixture"]
        f = src / source.name.replace(".big5", "")
        if source.suffix == ".html":
            f.write_bytes(source.read_bytes())
        else:
            title = expected["metadata"].get("title", source.stem)
            f.write_text(f"title: {title}\n\n" + source.read_text(encoding="utf-8"), encoding="utf-8")
        try:
            rows[f.stem] = add.prepare(f).row
        except add.AddError as exc:
            refused[f.stem] = str(exc).split("; give")[0].removeprefix(f"{f}: ")
    result = engines.build(src, tmp_path / "out", workers=1, progress=False, skip_invalid=True)
    assert (result.documents, result.rejected) == (len(rows), len(refused)) and len(rows) >= 7
    rejected = pd.read_csv(tmp_path / "out" / "rejected.csv").set_index("doc_id")
    assert {d: r.split("; give")[0].split(": ", 1)[1] for d, r in rejected.reason.items()} == refused
    docs = corpus.load(tmp_path / "out").set_index("doc_id")
    for doc_id, row in rows.items():
        for field in ("title", "outlet", "author", "published", "date_basis"):
            assert docs.loc[doc_id, field] == row[field], (doc_id, field)
    assert "sina_page" in rows and docs.loc["sina_page", "outlet"] == "新浪财经"  # a saved page, as add takes it
    assert json.loads((tmp_path / "out" / "meta.json").read_text())["metadata"] == "file"


def test_cli_without_options_builds_the_seed_dataset(seed_dataset, capsys):
    from baimo import cli

    assert cli.main(["corpus", "build"]) == 0
    assert f"corpus dataset at {paths.CORPUS}" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        cli.main(["corpus", "build", "--engine", "dask"])  # engine options need --src


# ---- the notebook on a generated corpus ----------------------------------------------------


def test_00_corpus_runs_on_a_generated_corpus(local_build, tmp_path):
    import papermill

    def snapshot():  # where the notebook would write if it ignored BAIMO_FIGURES_DIR
        d = paths.FIGURES / "00_corpus"
        return {
            p.relative_to(d).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(d.rglob("*"))
            if p.is_file()
        }

    before = snapshot()
    env = {"BAIMO_FIGURES_DIR": str(tmp_path / "figures"), "BAIMO_NOTEBOOK": "00_corpus", "MPLBACKEND": "Agg"}
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        papermill.execute_notebook(
            str(paths.NOTEBOOKS / "00_corpus.ipynb"),
            str(tmp_path / "00_corpus.ipynb"),
            parameters={"corpus_dir": str(local_build)},
            kernel_name="python3",
            cwd=str(paths.NOTEBOOKS),
            progress_bar=False,
        )
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    assert snapshot() == before, "the notebook wrote into figures/"
    written = sorted(p.name for p in (tmp_path / "figures").rglob("*.csv"))
    assert "article_lengths.csv" in written
    lengths = pd.read_csv(next((tmp_path / "figures").rglob("article_lengths.csv")))
    docs = corpus.load(local_build)
    # every article in the data, the 12 longest drawn (the figure says how many it leaves out)
    assert set(lengths.doc_id) == set(docs.doc_id) and lengths.shown.sum() == 12
