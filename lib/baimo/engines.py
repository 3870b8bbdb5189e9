"""The scalable corpus build: every article under a directory → a partitioned corpus dataset.

``build(src, out, engine="local" | "dask", ...)`` (``python -m baimo corpus build --src DIR --out
DIR``) reads every article file under ``src`` by the same rules as ``seeds/`` (any supported
encoding, saved web pages too; metadata from ``src/manifest.csv`` when it lists the file, else from
the file itself by the reader ``baimo add`` uses, ``sources.article_metadata``: its header, a page's
metadata, datelines, 来源 and byline lines), runs clean → segment → quantities with the same per-document
function as the seed dataset (``corpus.document_columns``) and writes the same layout:
``documents/ sentences/ tokens/ changes/ quantities/`` each ``part-NNNNN.parquet``, plus
``meta.json``, which ``corpus.load(corpus_dir=…)`` and the notebooks' ``corpus_dir`` read as they
read the seed dataset.

How it scales
-------------
* **Partitions.** Articles are sorted by doc_id and cut into partitions of about
  ``partition_mb`` MB of raw text (default 1 MB, less for small corpora: ``auto_partition_mb``).
  A partition is the unit of work, of output (one part file per table, rows sorted by doc_id,
  sentence, position) and of resumption. The plan depends only on the files, so every engine
  writes byte-identical part files.
* **Bounded memory.** A worker holds one partition at a time (its raw text, rows and one
  Arrow table per table); the driver holds only the list of files and hands out at most two
  partitions per worker. Peak memory depends on ``partition_mb`` and the number of workers,
  not on the size of the corpus.
* **Engines.** ``local``: a pool of worker processes on this machine (``workers``, default
  all cores; ``workers=1`` runs in the calling process). ``dask``: the same ``build_partition``
  mapped over the partitions with ``dask.distributed`` — on a ``LocalCluster`` of ``workers``
  processes, or on the cluster at ``scheduler`` (``tcp://host:8786``), whose workers must have
  ``baimo`` installed and see ``src`` and ``out`` at the same paths.
* **Resumable.** Each finished partition leaves a marker ``_partitions/part-NNNNN.json`` with its
  key: the SHA-256 of its files' bytes and metadata, the library (code, data, lock, the seed
  articles the mojibake repair uses as evidence) and the options. A rerun skips partitions whose
  marker matches and rebuilds the rest; ``meta.json`` is removed when a build starts and written
  last, so an unfinished dataset is never read as a finished one.
* **Tokenizer.** ``jieba`` (default) or the opt-in ``rjieba`` (``segment.tokenize(backend=…)``);
  ``meta.json`` records which one produced the tokens.
"""

from __future__ import annotations

import concurrent.futures as cf
import csv
import difflib
import hashlib
import importlib.metadata as md
import json
import logging
import multiprocessing as mp
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
from tqdm import tqdm

from baimo import cache, clean, corpus, fileops, mojibake, paths, segment, sources

ENGINES = ("local", "dask")
TOKENIZERS = ("jieba", "rjieba")
PARTITION_MB = 1.0  # raw MB per partition at most: a few seconds of work, a few hundred articles
MIN_PARTITIONS = 32  # smaller corpora get smaller partitions (down to 50 kB), so workers share the work
MARKERS = "_partitions"
WINDOW = 2  # partitions in flight per worker (one running, one queued)
ARTICLE_SUFFIXES = (".txt", *sources.HTML_SUFFIXES)  # text files and saved web pages, as `baimo add` takes


@dataclass(frozen=True, slots=True)
class Article:
    doc_id: str
    file: str  # POSIX path relative to src
    size: int
    sha256: str
    row: tuple[tuple[str, str], ...] | None  # its manifest row, or None: metadata in the header


@dataclass(frozen=True)
class Partition:
    index: int
    src: str
    out: str
    articles: tuple[Article, ...]
    tokenizer: str
    skip_invalid: bool
    key: str

    @property
    def name(self) -> str:
        return f"part-{self.index:05d}"

    @property
    def nbytes(self) -> int:
        return sum(a.size for a in self.articles)


@dataclass
class BuildResult:
    out: Path
    partitions: int
    built: int
    skipped: int  # finished by an earlier (interrupted) run
    documents: int
    rejected: int
    nbytes: int
    seconds: float

    def summary(self) -> str:
        mb = self.nbytes / 1e6
        return (
            f"corpus dataset at {self.out}: {self.documents:,} documents in {self.partitions} partitions "
            f"({self.built} built, {self.skipped} already done"
            + (f", {self.rejected} articles rejected: see rejected.csv" if self.rejected else "")
            + f"); {mb:,.1f} MB in {self.seconds:,.1f} s"
        )


# ---------------------------------------------------------------------------------------------
# Finding the articles and planning partitions


def _sha256(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def discover(src: Path | str) -> list[Article]:
    """Every article under ``src`` (``*.txt``, ``*.html`` and ``*.htm``, recursively, hidden paths
    skipped, plus any file a ``manifest.csv`` at its top lists), sorted by doc_id. Raises
    ``CorpusError`` on a bad manifest or two files with the same doc_id."""
    src = Path(src)
    if not src.is_dir():
        raise sources.CorpusError(f"{src}: --src is not a directory")
    rows: dict[str, dict] = {}
    if (src / "manifest.csv").is_file():
        for row in sources.read_manifest(src / "manifest.csv", seeds_dir=src).to_dict("records"):
            rows[Path(row["file"]).as_posix()] = row
    files = {
        p.relative_to(src).as_posix()
        for p in src.rglob("*")
        if p.suffix.lower() in ARTICLE_SUFFIXES
        and p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(src).parts)
    }
    files |= set(rows)
    seen: dict[str, str] = {}
    out = []
    for rel in sorted(files):
        row = rows.get(rel)
        doc_id = row["doc_id"] if row else Path(rel).stem
        if doc_id in seen:
            raise sources.CorpusError(
                f"{src / rel}: doc_id {doc_id} (the file's stem) is also the doc_id of "
                f"{seen[doc_id]}; rename one of them"
            )
        seen[doc_id] = rel
        path = src / rel
        out.append(
            Article(
                doc_id,
                rel,
                path.stat().st_size,
                _sha256(path),
                tuple((k, str(v)) for k, v in row.items()) if row else None,
            )
        )
    return sorted(out, key=lambda a: a.doc_id)


def auto_partition_mb(total_bytes: int) -> float:
    """``PARTITION_MB``, or less for a corpus too small to make ``MIN_PARTITIONS`` of them. Depends
    on the corpus only (not on the workers), so every engine plans the same partitions."""
    return min(PARTITION_MB, max(0.05, total_bytes / 1e6 / MIN_PARTITIONS))


def plan(articles: Iterable[Article], partition_mb: float | None = None) -> list[list[Article]]:
    """Consecutive runs of articles (in doc_id order) of about ``partition_mb`` MB each
    (default: ``auto_partition_mb``)."""
    articles = list(articles)
    if partition_mb is None:
        partition_mb = auto_partition_mb(sum(a.size for a in articles))
    limit = max(1, int(partition_mb * 1e6))
    parts: list[list[Article]] = [[]]
    size = 0
    for a in articles:
        if parts[-1] and size + a.size > limit:
            parts.append([])
            size = 0
        parts[-1].append(a)
        size += a.size
    return [p for p in parts if p]


def library_key() -> str:
    """What every partition depends on besides its own files: code, data, lock, format, and the
    seed articles (the mojibake repair reads their pinyin readings as evidence)."""
    return cache.content_key([*cache.library_inputs(), *sorted(paths.SEEDS.glob("*.txt"))], extra=corpus.FORMAT_VERSION)


def _partition_key(articles: list[Article], lib: str, tokenizer: str, skip_invalid: bool) -> str:
    h = hashlib.sha256(json.dumps([lib, tokenizer, skip_invalid], sort_keys=True).encode())
    for a in articles:
        h.update(json.dumps([a.doc_id, a.file, a.sha256, a.row], ensure_ascii=False).encode() + b"\n")
    return h.hexdigest()


# ---------------------------------------------------------------------------------------------
# One partition (runs in a worker process, local or dask)


#: How to give each field a file must state, when it does not (in a header, or a manifest row).
HOW = {"title": "`title: …`", "outlet": "`outlet: …`", "published": "`published: YYYY-MM-DD`"}


def file_row(path: Path, doc_id: str, file: str) -> tuple[dict, str]:
    """The manifest row of an article the manifest does not list, and its text: its metadata read
    by ``sources.article_metadata`` (the reader ``baimo add`` uses: header, a saved page's metadata,
    datelines, 来源 and byline lines). Raises ``CorpusError`` naming the file, saying what is
    missing or unusable and how to give it (a header at the top: ``key: value`` lines, then a blank
    line; or a row in manifest.csv)."""
    meta = sources.article_metadata(path)
    refusal = meta.refusal(HOW)
    if refusal:
        raise sources.CorpusError(
            f"{path}: {refusal} in a header at the top of the file (`key: value` lines, then a blank line), "
            "or in the file's row of manifest.csv"
        )
    row = {c: meta.header.get(c, "") for c in sources.MANIFEST_COLUMNS}
    row.update({f: meta.get(f) for f in ("title", "outlet", "author", "published")}, doc_id=doc_id, file=file)
    row["date_basis"] = row["date_basis"] or "stated"
    read = meta.origins(skip=("the header",))
    row["notes"] = row["notes"] or (f"Metadata read from the file: {read}." if read else "")
    return row, meta.body


def _document(a: Article, src: Path, evidence: mojibake.Evidence) -> corpus.Document:
    if a.row is not None:
        return corpus.clean_document(dict(a.row), src, evidence=evidence)
    row, body = file_row(src / a.file, a.doc_id, a.file)
    return corpus.clean_document(row, src, raw=body, evidence=evidence)


def _part_files(out: Path, name: str) -> list[Path]:
    return [out / t / f"{name}.parquet" for t in corpus.TABLES]


def _arrow_table(table: str, columns: dict[str, list]):
    """Columns → the Arrow table ``corpus.frame`` + ``Table.from_pandas`` would give (same types,
    same pandas metadata, so the same file bytes as the seed build), without the DataFrame."""
    schema = _schema(
        table,
        tuple((k, type(v[0]).__name__ if v else "") for k, v in columns.items()),
        tuple(v[0] if v else None for v in columns.values()),
    )
    return pa.table([pa.array(columns.get(f.name, []), type=f.type) for f in schema], schema=schema)


_SCHEMAS: dict = {}


def _schema(table: str, signature: tuple, first: tuple):
    """The Arrow schema (with pandas metadata) of ``table`` for columns of these names and Python
    types, derived from a one-row frame once per process."""
    key = (table, signature)
    if key not in _SCHEMAS:
        sample = {name: ([value] if kind else []) for (name, kind), value in zip(signature, first, strict=True)}
        _SCHEMAS[key] = pa.Schema.from_pandas(corpus.frame(table, sample), preserve_index=False)
    return _SCHEMAS[key]


def build_partition(part: Partition) -> dict:
    """Clean, segment and extract one partition's articles; write one part file per table
    (atomically: temp name, then rename) and then the completion marker. Returns the marker.
    The mojibake repair's evidence is the seed articles' readings, read once per worker
    process (``_warm`` loads it when the worker starts)."""
    t0 = time.perf_counter()
    src, out = Path(part.src), Path(part.out)
    evidence = corpus.seed_evidence()
    columns: dict[str, dict[str, list]] = {t: {} for t in corpus.TABLES}
    rejected = []
    for a in part.articles:
        try:
            doc = _document(a, src, evidence)
        except sources.CorpusError as exc:
            if not part.skip_invalid:
                raise
            rejected.append({"doc_id": a.doc_id, "file": a.file, "reason": str(exc)})
            continue
        corpus.extend_columns(columns, corpus.document_columns(doc, tokenizer=part.tokenizer))
    rows_written = {}
    n_docs = len(columns["documents"].get("doc_id", ()))
    for table, final in zip(corpus.TABLES, _part_files(out, part.name), strict=True):
        if not n_docs:  # every article rejected: the partition has no rows
            final.unlink(missing_ok=True)
            rows_written[table] = 0
            continue
        arrow = _arrow_table(table, columns.pop(table))
        fileops.write_atomic(final, corpus.parquet_bytes(arrow))
        rows_written[table] = arrow.num_rows
        del arrow
    marker = {
        "partition": part.index,
        "key": part.key,
        "documents": n_docs,
        "articles": len(part.articles),
        "bytes": part.nbytes,
        "rows": rows_written,
        "rejected": rejected,
        "seconds": round(time.perf_counter() - t0, 3),
    }
    fileops.write_atomic(out / MARKERS / f"{part.name}.json", json.dumps(marker, ensure_ascii=False, indent=1) + "\n")
    return marker


def _finished(part: Partition) -> dict | None:
    """The partition's marker if an earlier run finished it with the same key and its files are there."""
    out = Path(part.out)
    try:
        marker = json.loads((out / MARKERS / f"{part.name}.json").read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None
    if marker.get("key") != part.key:
        return None
    if marker.get("documents") and not all(f.exists() for f in _part_files(out, part.name)):
        return None
    return marker


# ---------------------------------------------------------------------------------------------
# Engines: run build_partition over the partitions still to do, calling on_done with each marker


def _warm(tokenizer: str) -> None:
    """Load what every partition needs (the tokenizer's dictionary, OpenCC, the seed evidence)."""
    segment.tokenize("预热", backend=tokenizer)
    clean._t2s()
    corpus.seed_evidence()


def _noop() -> None:
    pass


class _Local:
    """A pool of worker processes on this machine. Started before the corpus is listed, so the
    workers load jieba while the driver hashes files, and do not inherit the list of articles."""

    def __init__(self, workers: int, tokenizer: str):
        # fork is fast (workers inherit loaded modules, and jieba if loaded) but unsafe once the
        # process has other threads (a dask client in the caller, say): then spawn.
        method = "fork" if "fork" in mp.get_all_start_methods() and threading.active_count() == 1 else "spawn"
        self.workers = workers
        self.pool = cf.ProcessPoolExecutor(
            max_workers=workers, mp_context=mp.get_context(method), initializer=_warm, initargs=(tokenizer,)
        )
        self.pool.submit(_noop)  # starts the processes now

    def run(self, todo: list[Partition], on_done: Callable[[dict], None]) -> None:
        """At most ``WINDOW`` partitions per worker handed out at a time."""
        queue = iter(todo)
        pending: set[cf.Future] = set()
        while True:
            while len(pending) < WINDOW * self.workers:
                part = next(queue, None)
                if part is None:
                    break
                pending.add(self.pool.submit(build_partition, part))
            if not pending:
                break
            done, pending = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
            for fut in done:
                on_done(fut.result())

    def close(self, failed: bool) -> None:
        self.pool.shutdown(wait=not failed, cancel_futures=failed)


class _Dask:
    """``build_partition`` mapped over the partitions with dask.distributed: on a LocalCluster of
    ``workers`` processes, or on the cluster at ``scheduler``."""

    def __init__(self, workers: int, scheduler: str | None, tokenizer: str):
        import dask  # noqa: PLC0415 - dask and distributed take 0.25 s to import; only --engine dask needs them
        from distributed import Client, LocalCluster  # noqa: PLC0415 - as dask

        self.cluster = None
        if scheduler:
            self.client = Client(scheduler)
        else:
            # one task per worker process at a time (jieba holds the GIL); no statistical profiler
            # sampling the workers' stacks every 10 ms: it costs a few percent of a CPU-bound build
            with dask.config.set({"distributed.worker.profile.enabled": False}):
                self.cluster = LocalCluster(
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                )
            self.client = Client(self.cluster)
        # each worker loads the tokenizer while the driver lists the corpus
        self.warm = [
            self.client.submit(_warm, tokenizer, workers=[w], allow_other_workers=False, pure=False)
            for w in self.client.scheduler_info()["workers"]
        ]

    def run(self, todo: list[Partition], on_done: Callable[[dict], None]) -> None:
        from distributed import as_completed  # noqa: PLC0415 - as in __init__

        futures = self.client.map(build_partition, todo, key=[f"baimo-{p.name}-{p.key[:16]}" for p in todo], pure=False)
        for fut in as_completed(futures):
            on_done(fut.result())

    def close(self, failed: bool) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


class _Bar(tqdm):
    monitor_interval = 0  # no monitor thread: the local engine forks only a single-threaded process


class _Progress:
    """A bar in bytes (MB/s and ETA) with documents and docs/s after it."""

    def __init__(self, total_bytes: int, done_bytes: int, total_docs: int, done_docs: int, enabled: bool):
        self.total_docs, self.docs, self.new_docs = total_docs, done_docs, 0
        self.t0 = time.perf_counter()
        self.bar = _Bar(
            total=total_bytes,
            initial=done_bytes,
            unit="B",
            unit_scale=True,
            unit_divisor=1000,
            desc="corpus build",
            disable=not enabled,
            file=sys.stderr,
            smoothing=0.2,
            dynamic_ncols=True,
        )
        self._postfix()

    def _postfix(self) -> None:
        rate = self.new_docs / max(time.perf_counter() - self.t0, 1e-9)
        self.bar.set_postfix_str(f"{self.docs:,}/{self.total_docs:,} docs, {rate:,.0f} docs/s", refresh=False)

    def update(self, marker: dict) -> None:
        self.docs += marker["articles"]
        self.new_docs += marker["articles"]
        self._postfix()
        self.bar.update(marker["bytes"])

    def close(self) -> None:
        self.bar.close()


# ---------------------------------------------------------------------------------------------
# The build


def _prepare_out(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise sources.CorpusError(f"{out}: --out is a file, not a directory")
    if out.is_dir() and any(out.iterdir()) and not ((out / "meta.json").exists() or (out / MARKERS).is_dir()):
        raise sources.CorpusError(f"{out}: --out exists and is not a corpus dataset; give a new or empty directory")
    for d in (*corpus.TABLES, MARKERS):
        (out / d).mkdir(parents=True, exist_ok=True)
    (out / "meta.json").unlink(missing_ok=True)  # written last: until then the dataset is unfinished


def _remove_stale(out: Path, names: set[str]) -> None:
    """Part files, markers and temp files of partitions the current plan does not have."""
    for d in (*corpus.TABLES, MARKERS):
        for f in (out / d).iterdir():
            stem = f.name.split(".")[0] if not f.name.startswith(".") else None
            if f.name.startswith(".part-") or (f.name.startswith("part-") and stem not in names):
                f.unlink()
    (out / "rejected.csv").unlink(missing_ok=True)


def build(
    src: Path | str,
    out: Path | str,
    *,
    engine: str = "local",
    scheduler: str | None = None,
    workers: int | None = None,
    tokenizer: str = "jieba",
    partition_mb: float | None = None,
    skip_invalid: bool = False,
    force: bool = False,
    progress: bool = True,
) -> BuildResult:
    """Build (or finish building) the corpus dataset for every article under ``src`` into ``out``.

    ``skip_invalid``: an article that fails to read, lacks metadata or cleans to nothing is left
    out and listed in ``out/rejected.csv`` instead of stopping the build (the default stops,
    naming the file; finished partitions are kept, so a rerun after the fix resumes).
    ``force``: rebuild every partition even if an earlier run finished it.
    """
    t0 = time.perf_counter()
    if engine not in ENGINES:
        raise ValueError(f"engine {engine!r} is not one of {', '.join(ENGINES)}")
    if tokenizer not in TOKENIZERS:
        raise ValueError(f"tokenizer {tokenizer!r} is not one of {', '.join(TOKENIZERS)}")
    if scheduler and engine != "dask":
        raise ValueError("--scheduler needs --engine dask")
    workers = int(workers or len(os.sched_getaffinity(0)))
    if workers < 1:
        raise ValueError("--workers must be at least 1")
    src, out = Path(src).resolve(), Path(out).resolve()
    runner = None
    if engine == "local" and workers > 1:
        runner = _Local(workers, tokenizer)
    elif engine == "dask":
        runner = _Dask(workers, scheduler, tokenizer)
    failed = True
    try:
        result = _build(src, out, runner, engine, tokenizer, partition_mb, skip_invalid, force, progress)
        failed = False
    finally:
        if runner is not None:
            runner.close(failed)
    result.seconds = time.perf_counter() - t0
    return result


def _build(
    src: Path,
    out: Path,
    runner,
    engine: str,
    tokenizer: str,
    partition_mb: float | None,
    skip_invalid: bool,
    force: bool,
    progress: bool,
) -> BuildResult:
    articles = [a for a in discover(src) if out not in (src / a.file).parents]
    if not articles:
        raise sources.CorpusError(f"{src}: no article files (*.txt, *.html, *.htm) found")
    lib = library_key()
    parts = [
        Partition(
            i, str(src), str(out), tuple(p), tokenizer, skip_invalid, _partition_key(p, lib, tokenizer, skip_invalid)
        )
        for i, p in enumerate(plan(articles, partition_mb))
    ]
    _prepare_out(out)
    if force:
        for f in (out / MARKERS).glob("part-*.json"):
            f.unlink()
    _remove_stale(out, {p.name for p in parts})
    markers: dict[int, dict] = {}
    for p in parts:
        m = _finished(p)
        if m is not None:
            markers[p.index] = m
    todo = [p for p in parts if p.index not in markers]
    done_bytes = sum(p.nbytes for p in parts if p.index in markers)
    bar = _Progress(
        sum(p.nbytes for p in parts),
        done_bytes,
        len(articles),
        sum(len(p.articles) for p in parts if p.index in markers),
        progress,
    )

    def on_done(marker: dict) -> None:
        markers[marker["partition"]] = marker
        bar.update(marker)

    try:
        if todo and runner is None:
            for part in todo:  # one worker: this process, no pool to start
                on_done(build_partition(part))
        elif todo:
            runner.run(todo, on_done)
    finally:
        bar.close()

    rejected = [r for i in sorted(markers) for r in markers[i]["rejected"]]
    if rejected:
        with (out / "rejected.csv").open("w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=["doc_id", "file", "reason"], lineterminator="\n")
            w.writeheader()
            w.writerows(rejected)
    n_docs = sum(m["documents"] for m in markers.values())
    if not n_docs:
        raise sources.CorpusError(f"{src}: every article was rejected; see {out / 'rejected.csv'}")
    metadata = {"manifest" if a.row is not None else "file" for a in articles}
    meta = {
        "content_key": hashlib.sha256("".join(p.key for p in parts).encode()).hexdigest(),
        "engine": engine,
        "format": corpus.FORMAT_VERSION,
        "tokenizer": tokenizer,
        "baimo": md.version("baimo"),
        "jieba": md.version("jieba"),
        "opencc": md.version("opencc"),
        **({"rjieba": md.version("rjieba")} if tokenizer == "rjieba" else {}),
        "documents": n_docs,
        "partitions": len(parts),
        "rejected": len(rejected),
        "metadata": "+".join(sorted(metadata)),
        "bytes": sum(a.size for a in articles),
    }
    fileops.write_atomic(out / "meta.json", json.dumps(meta, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
    return BuildResult(out, len(parts), len(todo), len(parts) - len(todo), n_docs, len(rejected), meta["bytes"], 0.0)


# ---------------------------------------------------------------------------------------------
# The fast tokenizer's disagreement with jieba


def tokenizer_disagreement(texts: Iterable[str], fast: str = "rjieba") -> float:
    """Share of jieba's tokens that ``fast`` does not produce identically, aligned per text."""
    total = same = 0
    for text in texts:
        a, b = segment.tokenize(text), segment.tokenize(text, backend=fast)
        total += len(a)
        same += sum(block.size for block in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks())
    return 1 - same / total if total else 0.0
