"""Runner: execute notebooks with papermill and swap their figures into place.

Each notebook writes its figures into a staging directory (``BAIMO_FIGURES_DIR``); only when the
notebook succeeds does the staging directory replace ``figures/<notebook>/``, so a failing
notebook never destroys the figures it made last time.
"""
from __future__ import annotations

import os
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from baimo import paths


@dataclass
class Result:
    notebook: str
    status: str  # "ran" | "failed"
    seconds: float
    figures: int = 0
    error: str = ""
    executed: Path | None = None


def notebooks(only: list[str] | None = None) -> list[Path]:
    found = sorted(paths.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    if only:
        names = {Path(n).stem for n in only}
        unknown = names - {p.stem for p in found}
        if unknown:
            raise SystemExit(f"unknown notebook(s): {', '.join(sorted(unknown))}; have {', '.join(p.stem for p in found)}")
        found = [p for p in found if p.stem in names]
    return found


def failure_summary(exc: BaseException, executed: Path) -> str:
    """Name the cell, the exception and the executed copy to open."""
    import nbformat

    cell = "?"
    try:
        nb = nbformat.read(executed, as_version=4)
        code_cells = [c for c in nb.cells if c.cell_type == "code"]
        for i, c in enumerate(code_cells, 1):
            if any(o.get("output_type") == "error" for o in c.get("outputs", [])):
                cell = str(i)
                err = next(o for o in c.outputs if o.get("output_type") == "error")
                return f"code cell {cell}: {err['ename']}: {err['evalue']} (open {executed})"
    except Exception:  # the executed copy may not exist if the kernel never started
        pass
    return f"{type(exc).__name__}: {str(exc).strip().splitlines()[-1] if str(exc).strip() else ''} (open {executed})"


def run_notebook(nb: Path, *, figures_root: Path, parameters: dict | None = None) -> Result:
    import papermill as pm

    name = nb.stem
    executed = paths.EXECUTED / nb.name
    executed.parent.mkdir(parents=True, exist_ok=True)
    staging = paths.BUILD / "staging" / name
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    env_before = {k: os.environ.get(k) for k in ("BAIMO_FIGURES_DIR", "BAIMO_NOTEBOOK")}
    os.environ.update(BAIMO_FIGURES_DIR=str(staging), BAIMO_NOTEBOOK=name)
    t0 = time.perf_counter()
    try:
        pm.execute_notebook(
            str(nb), str(executed), parameters=parameters or {}, kernel_name="python3",
            cwd=str(paths.NOTEBOOKS), progress_bar=False, log_output=False,
        )
    except Exception as exc:  # papermill raises PapermillExecutionError with the cell's traceback
        return Result(name, "failed", time.perf_counter() - t0, error=failure_summary(exc, executed), executed=executed)
    finally:
        for k, v in env_before.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    target = figures_root / name
    old = target.with_name(f".{name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    figures_root.mkdir(parents=True, exist_ok=True)
    shutil.move(str(staging), str(target))
    shutil.rmtree(old, ignore_errors=True)
    n = len(list(target.glob("*.csv")))
    return Result(name, "ran", time.perf_counter() - t0, figures=n, executed=executed)


def build(only: list[str] | None = None, *, figures_root: Path | None = None) -> list[Result]:
    from baimo import corpus

    figures_root = Path(figures_root or paths.FIGURES)
    t0 = time.perf_counter()
    corpus.build_seed_dataset()
    print(f"corpus dataset ready at {paths.CORPUS} ({time.perf_counter() - t0:.1f}s)", flush=True)
    results = []
    todo = notebooks(only)
    for i, nb in enumerate(todo, 1):
        print(f"[{i}/{len(todo)}] running {nb.name} …", flush=True)
        r = run_notebook(nb, figures_root=figures_root)
        results.append(r)
        print(f"[{i}/{len(todo)}] {r.notebook}: {r.status} in {r.seconds:.1f}s" + (f" — {r.error}" if r.error else f", {r.figures} figures"), flush=True)
    if figures_root == paths.FIGURES and not any(r.status == "failed" for r in results):
        update_readme()
    print(f"{'notebook':<22}{'status':<8}{'seconds':>8}{'figures':>9}")
    for r in results:
        print(f"{r.notebook:<22}{r.status:<8}{r.seconds:>8.1f}{r.figures:>9}")
    return results


def main(argv: list[str] | None = None) -> int:
    import argparse

    ap = argparse.ArgumentParser(prog="python -m baimo build", description="Execute the notebooks and refresh figures/.")
    ap.add_argument("--only", nargs="+", metavar="NAME", help="run only these notebooks (e.g. 00_corpus)")
    ap.add_argument("--out", type=Path, help="figures root to write (default: the repo's figures/)")
    args = ap.parse_args(argv)
    results = build(args.only, figures_root=args.out)
    failed = [r for r in results if r.status == "failed"]
    for r in failed:
        print(f"FAILED {r.notebook}: {r.error}", file=sys.stderr)
    return 1 if failed else 0


# ---------------------------------------------------------------------------------------------
# The README's figure table (regenerated by the build, checked by a test)

README_START = "<!-- figures:start (generated by `python -m baimo build`; do not edit) -->"
README_END = "<!-- figures:end -->"


def figure_records(figures_root: Path | None = None) -> list[dict]:
    import json

    root = Path(figures_root or paths.FIGURES)
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(root.glob("*/*.json"))]


def figure_table(figures_root: Path | None = None) -> str:
    rows = ["| figure | notebook | 标题 | title | data |", "|---|---|---|---|---|"]
    for r in figure_records(figures_root):
        png, csv = r["files"]["png"], r["files"]["csv"]
        rows.append(f"| [{r['name']}](figures/{png}) | [{r['notebook']}](notebooks/{r['notebook']}.ipynb) "
                    f"| {r['title_zh']} | {r['title_en']} | [csv](figures/{csv}) |")
    return "\n".join(rows)


def update_readme(readme: Path | None = None) -> bool:
    """Rewrite the figure table between the README's markers; True when it changed."""
    readme = Path(readme or paths.ROOT / "README.md")
    text = readme.read_text(encoding="utf-8")
    head, sep, rest = text.partition(README_START)
    _, sep2, tail = rest.partition(README_END)
    if not (sep and sep2):
        raise ValueError(f"{readme}: figure table markers not found")
    new = f"{head}{README_START}\n{figure_table()}\n{README_END}{tail}"
    if new != text:
        readme.write_text(new, encoding="utf-8")
    return new != text
