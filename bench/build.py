"""Benchmark the build against the naive baseline, in one run, on the real notebooks.

(a) naive: for each notebook, `papermill` then `jupyter nbconvert --to html`, one after another
(b) `baimo build --force`            (c) `baimo build` with nothing changed
(d) after editing one notebook        (e) after editing one fact row
All variants run on a scratch copy of the project (seeds/ and notebooks/) with the same warm corpus
dataset, so the repo's figures/ and site/ are never touched. Prints seconds and the ratio to (a).
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def timed(cmd: list[str], env: dict, cwd: Path) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, env=env, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def main() -> int:
    scratch = Path(tempfile.mkdtemp(prefix="baimo-bench-"))
    shutil.copytree(ROOT / "seeds", scratch / "seeds")
    shutil.copytree(ROOT / "notebooks", scratch / "notebooks")
    env = {**os.environ, "BAIMO_ROOT": str(scratch), "PYTHONHASHSEED": "0", "MPLBACKEND": "Agg"}
    nbs = sorted((scratch / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    py = str(BIN / "python")
    subprocess.run(
        [py, "-m", "baimo", "corpus", "build"], env=env, check=True, stdout=subprocess.DEVNULL
    )  # warm corpus

    def naive() -> float:
        t0 = time.perf_counter()
        for nb in nbs:
            out = scratch / "naive" / nb.name
            out.parent.mkdir(parents=True, exist_ok=True)
            e = {**env, "BAIMO_FIGURES_DIR": str(scratch / "naive" / nb.stem), "BAIMO_NOTEBOOK": nb.stem}
            subprocess.run(
                [str(BIN / "papermill"), str(nb), str(out), "--cwd", str(nb.parent), "-k", "python3"],
                env=e,
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            subprocess.run(
                [str(BIN / "jupyter"), "nbconvert", "--to", "html", str(out)],
                env=e,
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        return time.perf_counter() - t0

    build = [py, "-m", "baimo", "build", "--out", str(scratch / "out")]
    rows = [("(a) naive papermill + nbconvert, one by one", naive())]
    rows.append(("(b) baimo build --force", timed(build + ["--force"], env, ROOT)))
    rows.append(("(c) baimo build, nothing changed", timed(build, env, ROOT)))
    nb = nbformat.read(nbs[0], as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("Edited for the benchmark."))
    nbformat.write(nb, nbs[0])
    rows.append((f"(d) after editing {nbs[0].stem}", timed(build, env, ROOT)))
    facts_csv = scratch / "seeds" / "facts.csv"
    if facts_csv.exists():
        table = list(csv.DictReader(facts_csv.open(encoding="utf-8")))
        table[0]["note"] = (table[0]["note"] + " (benchmark edit)").strip()
        with facts_csv.open("w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=list(table[0]), lineterminator="\n")
            w.writeheader()
            w.writerows(table)
        rows.append((f"(e) after editing fact {table[0]['fact_id']} ({table[0]['theme']})", timed(build, env, ROOT)))
    base = rows[0][1]
    print(f"{len(nbs)} notebooks, {os.cpu_count()} cores")
    print(f"{'variant':<58}{'seconds':>9}{'ratio':>8}")
    for name, sec in rows:
        print(f"{name:<58}{sec:>9.2f}{sec / base:>7.2f}x")
    shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
