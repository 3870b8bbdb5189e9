"""How much of a chapter's Run All is the chapter, not the kernel and the imports.

For each chapter: papermill runs the chapter, and an *empty chapter* — the same notebook cut after
its set-up cell (parameters, imports, ``Chapter(...)``, the corpus load) — alternated ``--rounds``
times in one run, each in a fresh kernel, with the figures going to a scratch directory that is
emptied before every run (no run reuses another's files). The ``papermill`` command runs with
``--no-request-save-on-cell-execute``, as the build runs papermill (the notebook is written once,
at the end); ``--save-every-cell`` drops that flag, and papermill then writes the whole notebook,
figures inline, after every cell. Prints the median seconds of each and the ratio chapter /
empty. The target the issue sets: every chapter ≤ 2.5× its empty chapter.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def empty_chapter(nb_path: Path, out: Path) -> Path:
    """The chapter cut after the cell that starts it (``chapter.Chapter(``) and the corpus loads."""
    nb = nbformat.read(nb_path, as_version=4)
    cut = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code" and "chapter.Chapter(" in c.source)
    nb.cells = nb.cells[: cut + 1]
    nbformat.write(nb, out)
    return out


def run_once(nb: Path, figures: Path, name: str, save_every_cell: bool) -> float:
    shutil.rmtree(figures, ignore_errors=True)
    figures.mkdir(parents=True)
    env = {**os.environ, "BAIMO_FIGURES_DIR": str(figures), "BAIMO_NOTEBOOK": name, "PYTHONHASHSEED": "0"}
    out = str(figures.parent / f"{nb.stem}.out.ipynb")
    command = [str(BIN / "papermill"), str(nb), out, "--no-progress-bar", "--kernel", "python3"]
    if not save_every_cell:
        command.append("--no-request-save-on-cell-execute")  # as baimo.build runs papermill
    t0 = time.perf_counter()
    subprocess.run(
        command,
        env=env,
        cwd=ROOT / "notebooks",
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=3, help="runs of each, alternated (default 3)")
    ap.add_argument("--only", nargs="*", help="chapters to time (default: all)")
    ap.add_argument(
        "--save-every-cell",
        action="store_true",
        help="papermill's default: write the notebook after every cell (the build writes it once)",
    )
    args = ap.parse_args()
    subprocess.run([str(BIN / "python"), "-m", "baimo", "corpus", "build"], check=True, stdout=subprocess.DEVNULL)
    scratch = Path(tempfile.mkdtemp(prefix="baimo-chapters-"))
    chapters = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    chapters = [c for c in chapters if not args.only or c.stem in args.only]
    print(f"{'chapter':<22}{'chapter s':>10}{'empty s':>9}{'ratio':>7}")
    worst = 0.0
    for nb in chapters:
        empty = empty_chapter(nb, scratch / f"{nb.stem}.empty.ipynb")
        full, bare = [], []
        for _ in range(args.rounds):
            full.append(run_once(nb, scratch / "full" / "figures", nb.stem, args.save_every_cell))
            bare.append(run_once(empty, scratch / "empty" / "figures", nb.stem, args.save_every_cell))
        ratio = statistics.median(full) / statistics.median(bare)
        worst = max(worst, ratio)
        print(f"{nb.stem:<22}{statistics.median(full):>10.2f}{statistics.median(bare):>9.2f}{ratio:>6.2f}×", flush=True)
    shutil.rmtree(scratch, ignore_errors=True)
    print(f"worst {worst:.2f}× (target ≤ 2.5×, stretch 2.0×)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
