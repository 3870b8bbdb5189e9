"""Benchmark the scalable corpus build on a generated (synthetic) corpus, in one run.

On a ``--mb`` (default 50) MB corpus from ``bench/make_corpus.py``:
(a) baseline: one plain process looping over the files: read, clean, ``jieba.lcut`` each
    sentence, extract quantities (no output written);
(b) ``baimo corpus build --engine local`` with ``--workers`` (default 2) workers;
(c) ``baimo corpus build --engine dask`` on a LocalCluster of as many workers;
(d) (b) with the opt-in fast tokenizer, ``--tokenizer rjieba``.
Each variant runs as its own command; the table gives wall seconds, MB/s of raw input, the ratio
to (a), and peak RSS summed over the command's whole process tree (driver, workers, dask
scheduler and nannies; sampled every 0.2 s with psutil). Then (b) and (c) again at ``--flat``
sizes (default 25 and 100 MB) to show the peak does not grow with the corpus.
Checks that (b) and (c) wrote byte-identical part files.

    .venv/bin/python bench/corpus.py                    # the full run (~15-20 min on 2 cores)
    .venv/bin/python bench/corpus.py --mb 5 --flat 2,10  # a quick look
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

from baimo import sources

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
sys.path.insert(0, str(Path(__file__).resolve().parent))


def baseline(src: Path) -> None:
    """(a): the plain single-process loop, same stages, stock jieba.lcut, nothing written."""
    import jieba

    from baimo import corpus, quantities

    rows = {}
    if (src / "manifest.csv").exists():
        rows = {r["file"]: r for r in sources.read_manifest(src / "manifest.csv", seeds_dir=src).to_dict("records")}
    n_tokens = n_quantities = 0
    for path in sorted(src.rglob("*.txt")):
        rel = path.relative_to(src).as_posix()
        if rel in rows:
            doc = corpus.clean_document(rows[rel], src)
        else:
            row, body = sources.split_header(sources.read_article(path, raw=True), path, file=rel)
            doc = corpus.clean_document(row, src, raw=body)
        text = doc.cleaned.text
        for _, start, end in corpus.split_sentences(text):
            n_tokens += len(jieba.lcut(text[start:end]))
            n_quantities += len(quantities.extract(text[start:end], years=True))
    print(f"{n_tokens} tokens, {n_quantities} quantities", file=sys.stderr)


def run(cmd: list[str], env: dict | None = None) -> tuple[float, int, float]:
    """Wall seconds, peak RSS (bytes) summed over the process tree of ``cmd``, and the CPU
    seconds (user + system) of that whole tree."""
    cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        # cheap enough not to slow the run (a few ms of CPU per second): the process list is
        # refreshed every second, RSS read every 0.2 s
        nonlocal peak
        root = psutil.Process(proc.pid)
        procs, listed = [root], 0.0
        while not stop.is_set():
            if time.monotonic() - listed > 1.0:
                try:
                    procs = [root, *root.children(recursive=True)]
                except psutil.NoSuchProcess:
                    break
                listed = time.monotonic()
            total = 0
            for p in procs:
                with contextlib.suppress(psutil.NoSuchProcess):  # a worker may exit between listing and reading
                    total += p.memory_info().rss
            peak = max(peak, total)
            stop.wait(0.2)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    _, err = proc.communicate()
    seconds = time.perf_counter() - t0
    stop.set()
    thread.join()
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{err.decode(errors='replace')[-3000:]}")
    cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return seconds, peak, (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)


def build_cmd(src: Path, out: Path, engine: str, workers: int, *extra: str) -> list[str]:
    return [
        PY,
        "-m",
        "baimo",
        "corpus",
        "build",
        "--src",
        str(src),
        "--out",
        str(out),
        "--engine",
        engine,
        "--workers",
        str(workers),
        "--no-progress",
        *extra,
    ]


def part_hashes(out: Path) -> dict[str, str]:
    return {
        p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.glob("*/part-*.parquet"))
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=50)
    ap.add_argument("--flat", default="25,100", help="other corpus sizes (MB) for the peak-memory check; '' for none")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="run (a)-(d) this many times, keep each one's fastest "
        "(on a shared machine, other load only ever slows a run down)",
    )
    ap.add_argument("--baseline", type=Path, help=argparse.SUPPRESS)  # internal: run (a) on this dir
    args = ap.parse_args()
    if args.baseline:
        baseline(args.baseline)
        return 0

    from make_corpus import generate

    scratch = Path(tempfile.mkdtemp(prefix="baimo-bench-corpus-"))
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    w = args.workers
    try:
        t = time.perf_counter()
        src = scratch / f"src-{args.mb:g}"
        stats = generate(src, mb=args.mb)
        mb = stats["bytes"] / 1e6
        print(
            f"generated {stats['articles']:,} synthetic articles, {mb:.1f} MB in {time.perf_counter() - t:.0f} s "
            f"({stats.get('traditional', 0)} traditional, {stats.get('manifest', 0)} in a manifest); "
            f"{os.cpu_count()} cores",
            flush=True,
        )
        rows = []

        def variant(name: str, cmd: list[str], out: Path | None = None) -> None:
            best = None
            for _ in range(args.repeat):
                if out is not None:
                    shutil.rmtree(out, ignore_errors=True)  # a fresh build each time, not a resumed one
                load = os.getloadavg()[0]
                seconds, peak, cpu = run(cmd, env)
                print(
                    f"  {name}: {seconds:.1f} s, {cpu:.0f} CPU s, peak {peak / 1e9:.2f} GB "
                    f"(load average before {load:.1f})",
                    flush=True,
                )
                best = (seconds, peak, cpu) if best is None or seconds < best[0] else best
            rows.append((name, *best))

        variant("(a) baseline: 1 process, clean + jieba.lcut + extract", [PY, __file__, "--baseline", str(src)])
        variant(f"(b) --engine local, {w} workers", build_cmd(src, scratch / "b", "local", w), scratch / "b")
        variant(f"(c) --engine dask, LocalCluster of {w}", build_cmd(src, scratch / "c", "dask", w), scratch / "c")
        variant(
            f"(d) --engine local, {w} workers, --tokenizer rjieba",
            build_cmd(src, scratch / "d", "local", w, "--tokenizer", "rjieba"),
            scratch / "d",
        )
        hb, hc = part_hashes(scratch / "b"), part_hashes(scratch / "c")
        identical = hb == hc

        from baimo import corpus, engines

        sents = corpus.sentences(scratch / "b")
        sample = sents[sents.doc_id.isin(sorted(sents.doc_id.unique())[:300])].text
        disagreement = engines.tokenizer_disagreement(sample)

        flat = {args.mb: {"local": rows[1][2], "dask": rows[2][2]}}
        for size in [float(x) for x in args.flat.split(",") if x.strip()]:
            s = scratch / f"src-{size:g}"
            generate(s, mb=size)
            flat[size] = {}
            for engine in ("local", "dask"):
                out = scratch / f"flat-{engine}-{size:g}"
                load = os.getloadavg()[0]
                seconds, peak, _ = run(build_cmd(s, out, engine, w), env)
                flat[size][engine] = peak
                print(
                    f"  {size:g} MB --engine {engine}: {seconds:.1f} s ({size / seconds:.2f} MB/s), "
                    f"peak {peak / 1e9:.2f} GB "
                    f"(load average before {load:.1f})",
                    flush=True,
                )
                shutil.rmtree(out, ignore_errors=True)
            shutil.rmtree(s, ignore_errors=True)

        base = rows[0][1]
        print()
        print(f"Corpus build on {mb:.1f} MB ({stats['articles']:,} synthetic articles), {os.cpu_count()} cores")
        print("| variant | seconds | MB/s | vs (a) | CPU s, all processes | peak RSS, all processes |")
        print("|---|---:|---:|---:|---:|---:|")
        for name, seconds, peak, cpu in rows:
            print(
                f"| {name} | {seconds:.1f} | {mb / seconds:.2f} | {base / seconds:.2f}x | {cpu:.0f} "
                f"| {peak / 1e9:.2f} GB |"
            )
        print()
        print(f"(b) and (c) part files byte-identical: {'yes' if identical else 'NO'} ({len(hb)} files)")
        print(f"rjieba vs jieba: {disagreement:.3%} of jieba's tokens differ (sentences of 300 generated articles)")
        if len(flat) > 1:
            print()
            print("| corpus | (b) local peak RSS | (c) dask peak RSS |")
            print("|---:|---:|---:|")
            for size in sorted(flat):
                print(f"| {size:g} MB | {flat[size]['local'] / 1e9:.2f} GB | {flat[size]['dask'] / 1e9:.2f} GB |")
            for engine in ("local", "dask"):
                peaks = [flat[s][engine] for s in flat]
                print(
                    f"{engine}: peak RSS spread {max(peaks) / min(peaks) - 1:+.0%} from smallest to largest "
                    "(target within 20%)"
                )
        print(
            f"targets: (b) >= 1.8x -> {base / rows[1][1]:.2f}x; (c) >= 1.6x -> {base / rows[2][1]:.2f}x; "
            f"peak <= 1.5 GB -> {max(r[2] for r in rows[1:]) / 1e9:.2f} GB"
        )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
