"""The build: run exactly the notebooks whose inputs changed, in parallel, and keep outputs safe.

For every notebook a content key is made of its source and parameters, the library's code and
data, the lock file, and *what the notebook read the last time it ran* (the rows of the facts
tables it asked for, the corpus, any file — recorded through ``baimo.cache.record_read``).
Unchanged key and outputs present → skipped. Otherwise it runs in its own process under
papermill, writing figures into a staging directory that replaces ``figures/<notebook>/`` only
when the notebook succeeds: a failing notebook keeps its old figures and the others still finish.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from tqdm import tqdm

from baimo import cache, corpus, fileops, paths, provenance, raster

# papermill, nbconvert and the site are imported where they are used: `baimo build` with nothing
# to do should not wait for them (0.4 s of a 1 s no-op)

# ---------------------------------------------------------------------------------------------
# Where things go


@dataclass(frozen=True)
class Layout:
    """Output locations of one build: the repo's (default) or everything under ``--out DIR``."""

    figures: Path
    site: Path
    executed: Path
    logs: Path
    state: Path
    staging: Path

    @classmethod
    def default(cls) -> Layout:
        return cls(
            paths.FIGURES,
            paths.SITE,
            paths.EXECUTED,
            paths.BUILD / "logs",
            paths.BUILD / "state",
            paths.BUILD / "staging",
        )

    @classmethod
    def under(cls, out: Path) -> Layout:
        out = Path(out).resolve()
        return cls(out / "figures", out / "site", out / "executed", out / "logs", out / "state", out / "staging")


# ---------------------------------------------------------------------------------------------
# Keys and plans


#: The notebooks the build runs: ``NN_name.ipynb`` (two digits, "_", a lower-case slug).
NOTEBOOK_FILE = re.compile(r"[0-9]{2}_[a-z0-9_]+\.ipynb")


def misnamed(notebooks_dir: Path | None = None) -> list[Path]:
    """Notebooks in the directory that the build will not run, because of their names."""
    return sorted(
        p for p in Path(notebooks_dir or paths.NOTEBOOKS).glob("*.ipynb") if not NOTEBOOK_FILE.fullmatch(p.name)
    )


def notebooks(only: list[str] | None = None, notebooks_dir: Path | None = None) -> list[Path]:
    found = sorted(p for p in Path(notebooks_dir or paths.NOTEBOOKS).glob("*.ipynb") if NOTEBOOK_FILE.fullmatch(p.name))
    if only:
        names = {Path(n).stem for n in only}
        unknown = names - {p.stem for p in found}
        if unknown:
            raise SystemExit(
                f"unknown notebook(s): {', '.join(sorted(unknown))}; have {', '.join(p.stem for p in found)}"
            )
        found = [p for p in found if p.stem in names]
    return found


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def components(nb: Path, parameters: dict, reads: list[dict], library: list[Path]) -> dict[str, str]:
    """Named parts of a notebook's key, so a re-run can say which part changed."""
    parts = {
        "notebook": _sha(nb.read_bytes()),
        "parameters": _sha(json.dumps(parameters, sort_keys=True).encode()),
        "library": cache.content_key(library),
    }
    for r in reads:
        name = f"{r['kind']}:{_short(r['path'])}" + (
            "" if not r.get("select") else ":" + json.dumps(r["select"], sort_keys=True, ensure_ascii=False)
        )
        parts[name] = cache.read_key(r)
    return parts


def _short(p: str) -> str:
    try:
        return Path(p).relative_to(paths.ROOT).as_posix()
    except ValueError:
        return p


def describe_changes(changed: list[str]) -> str:
    """The parts of a key that changed, one entry per file: the row selections a chapter made in
    a table are counted, not listed ("table:seeds/facts.csv (+3 row selections)")."""
    selections: dict[str, int] = {}
    for part in changed:
        base, sep, _select = part.partition(":{")
        selections[base] = selections.get(base, 0) + bool(sep)
    return ", ".join(f"{b} (+{n} row selection{'s' * (n > 1)})" if n else b for b, n in selections.items())


def key_of(parts: dict[str, str]) -> str:
    return _sha(json.dumps(parts, sort_keys=True).encode())


@dataclass
class Plan:
    notebook: Path
    reason: str | None  # None: up to date, skip
    state: dict = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.notebook.stem


def plan(
    nbs: list[Path],
    layout: Layout,
    *,
    force: bool = False,
    parameters: dict | None = None,
    library: list[Path] | None = None,
) -> list[Plan]:
    library = library or cache.library_inputs()
    out = []
    for nb in nbs:
        fileops.restore_interrupted_swap(layout.figures / nb.stem)
        state_file = layout.state / f"{nb.stem}.json"
        try:
            state = json.loads(state_file.read_text(encoding="utf-8"))
        except (FileNotFoundError, json.JSONDecodeError):
            state = {}
        reason = None
        if force:
            reason = "--force"
        elif not state:
            reason = "never built here"
        else:
            now = components(nb, parameters or {}, state.get("reads", []), library)
            changed = sorted(
                k for k in set(now) | set(state.get("components", {})) if now.get(k) != state["components"].get(k)
            )
            if changed:
                reason = "changed: " + describe_changes(changed)
            elif not (layout.executed / nb.name).exists():
                reason = "executed copy missing"
            elif state.get("figures") and not all((layout.figures / nb.stem / f).exists() for f in state["figures"]):
                reason = "figures missing"
        if reason is None:
            tampered = tampered_figures(layout.figures, nb.stem)
            if tampered:
                reason = "figure files differ from figures/index.json: " + ", ".join(tampered)
        out.append(Plan(nb, reason, state))
    return out


def tampered_figures(figures_root: Path, notebook: str | None = None) -> list[str]:
    """Figure files (relative to the figures root) whose bytes differ from the SHA-256 that
    ``index.json`` records, or that are missing; only the build writes these files."""
    try:
        index = json.loads((figures_root / "index.json").read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return []
    bad = []
    for f in index.get("figures", []):
        if notebook is not None and f["notebook"] != notebook:
            continue
        for ext, digest in sorted(f.get("sha256", {}).items()):
            path = figures_root / f["files"][ext]
            if not path.exists() or _sha(path.read_bytes()) != digest:
                bad.append(f["files"][ext])
    return bad


# ---------------------------------------------------------------------------------------------
# Running one notebook (in a worker process)


@dataclass
class Result:
    notebook: str
    status: str  # "ran" | "skipped" | "failed"
    seconds: float = 0.0
    figures: int = 0
    error: str = ""
    executed: Path | None = None
    reason: str = ""


_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_FRAME = re.compile(r"^Cell In\[(?P<n>\d+)\], line (?P<line>\d+)")
_ARROW = re.compile(r"^-+> ?(?P<line>\d+)\s?(?P<code>.*)$")


def last_notebook_line(traceback: list[str]) -> str:
    """The deepest frame of notebook code in an IPython traceback: "[3] line 2: return 1/x"."""
    found = ""
    for frame in traceback:
        lines = _ANSI.sub("", frame).splitlines()
        m = _FRAME.match(lines[0]) if lines else None
        if not m:
            continue
        code = next((a["code"].strip() for a in map(_ARROW.match, lines[1:]) if a), "")
        found = f"[{m['n']}] line {m['line']}: {code}"
    return found


def failure_summary(executed: Path, fallback: str) -> str:
    """The failing cell as JupyterLab shows it in the executed copy (its execution count ``[n]``
    and first line), the exception, the deepest line of notebook code in the traceback, and the
    copy to open."""
    try:
        nb = nbformat.read(executed, as_version=4)
    except Exception:  # the kernel may have died before the copy was written
        return f"{fallback} (no executed copy at {executed})"
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            if o.get("output_type") == "error":
                first = next((line.strip() for line in cell.source.splitlines() if line.strip()), "")
                where = f"cell [{cell.get('execution_count') or ' '}] `{first[:80]}`"
                deepest = last_notebook_line(o.get("traceback", []))
                at = f" — at {deepest}" if deepest else ""
                return f"{where}: {o['ename']}: {o['evalue']}{at} (open {executed})"
    return f"{fallback} (open {executed})"


def worker(nb: str, executed: str, parameters_json: str) -> int:
    """Entry point of the worker process: papermill, retrying once if the kernel fails to start."""
    import papermill as pm  # noqa: PLC0415 - see the imports above
    from papermill.exceptions import PapermillExecutionError  # noqa: PLC0415

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stdout)
    for attempt in (1, 2):
        try:
            pm.execute_notebook(
                nb,
                executed,
                parameters=json.loads(parameters_json),
                kernel_name="python3",
                cwd=str(Path(nb).parent),
                progress_bar=False,
                log_output=True,
                # saved once at the end (and, on an error, with the failing cell): saving the whole
                # notebook, figures inline, after every cell was a third of a chapter's run
                request_save_on_cell_execute=False,
            )
            figures = os.environ.get("BAIMO_FIGURES_DIR")
            if figures and (made := raster.complete(Path(figures))):
                print(f"rasterised after the kernel stopped: {', '.join(made)}", flush=True)
            return 0
        except PapermillExecutionError as exc:
            print("Traceback (notebook):", *(_ANSI.sub("", t) for t in exc.traceback), sep="\n", flush=True)
            print(f"FAILED: {exc.ename}: {exc.evalue}", flush=True)
            return 1
        except Exception as exc:  # kernel start-up and transport errors: try once more
            print(f"kernel error on attempt {attempt}: {type(exc).__name__}: {exc}", flush=True)
            if attempt == 2:
                return 2
    return 2


@dataclass
class Running:
    plan: Plan
    proc: subprocess.Popen
    started: float
    staging: Path
    reads: Path
    log: Path
    pre: dict[str, str]


def _start(p: Plan, layout: Layout, parameters: dict, env_extra: dict[str, str], library: list[Path]) -> Running:
    staging = layout.staging / p.name
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    reads = layout.staging / f"{p.name}.reads"
    reads.unlink(missing_ok=True)
    layout.executed.mkdir(parents=True, exist_ok=True)
    layout.logs.mkdir(parents=True, exist_ok=True)
    log = layout.logs / f"{p.name}.log"
    env = {
        **os.environ,
        **env_extra,
        "BAIMO_FIGURES_DIR": str(staging),
        "BAIMO_NOTEBOOK": p.name,
        "BAIMO_READS": str(reads),
        "PYTHONHASHSEED": "0",
    }
    executed = layout.executed / f".{p.notebook.name}.partial"
    with log.open("w", encoding="utf-8") as fh:
        proc = subprocess.Popen(
            [sys.executable, "-m", "baimo.build", "--worker", str(p.notebook), str(executed), json.dumps(parameters)],
            stdout=fh,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=str(p.notebook.parent),
        )
    # The notebook and library as they were when the run *started*: an edit made while it runs
    # must make the next build run it again.
    pre = components(p.notebook, parameters, [], library)
    return Running(p, proc, time.perf_counter(), staging, reads, log, pre)


def _finish(r: Running, layout: Layout, parameters: dict, library: list[Path]) -> Result:
    name = r.plan.name
    seconds = time.perf_counter() - r.started
    partial = layout.executed / f".{r.plan.notebook.name}.partial"
    executed = layout.executed / r.plan.notebook.name
    if r.proc.returncode != 0:
        # Keep the failed copy next to the good one for inspection; the good one stays.
        failed_copy = layout.executed / f"{r.plan.name}.failed.ipynb"
        if partial.exists():
            os.replace(partial, failed_copy)
        tail = r.log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-1:] or ["no output"]
        error = failure_summary(failed_copy, tail[0])
        with r.log.open("a", encoding="utf-8") as fh:
            fh.write(f"\nFAILED {name}: {error}\n")
        shutil.rmtree(r.staging, ignore_errors=True)
        return Result(
            name, "failed", seconds, error=f"{error}; log {r.log}", executed=failed_copy, reason=r.plan.reason or ""
        )
    os.replace(partial, executed)
    (layout.executed / f"{r.plan.name}.failed.ipynb").unlink(missing_ok=True)
    figures = sorted(f.name for f in r.staging.iterdir())
    fileops.swap_dir(r.staging, layout.figures / name)
    reads = cache.read_records(r.reads)
    r.reads.unlink(missing_ok=True)
    parts = {**components(r.plan.notebook, parameters, reads, library), **r.pre}
    state = {"key": key_of(parts), "components": parts, "reads": reads, "figures": figures}
    fileops.write_atomic(
        layout.state / f"{name}.json", json.dumps(state, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    )
    return Result(
        name,
        "ran",
        seconds,
        figures=sum(f.endswith(".csv") for f in figures),
        executed=executed,
        reason=r.plan.reason or "",
    )


class Progress:
    """A tqdm bar of chapters (on a terminal only) and one line per event (CI logs too)."""

    def __init__(self, total: int):
        self.t0 = time.perf_counter()
        self.bar = tqdm(total=total, unit="chapter", desc="build", disable=None, leave=False, file=sys.stderr)

    def show(self, running: list[Running]) -> None:
        self.bar.set_postfix_str(", ".join(f"{r.plan.name} {time.perf_counter() - r.started:.0f}s" for r in running))

    def event(self, text: str, *, done: bool = False) -> None:
        tqdm.write(f"[{time.perf_counter() - self.t0:5.1f}s] {text}", file=sys.stdout)
        if done:
            self.bar.update(1)

    def close(self) -> None:
        self.bar.close()


def execute(
    plans: list[Plan],
    layout: Layout,
    *,
    jobs: int,
    parameters: dict,
    library: list[Path],
    env_extra: dict[str, str] | None = None,
) -> list[Result]:
    todo = [p for p in plans if p.reason]
    results = {p.name: Result(p.name, "skipped") for p in plans if not p.reason}
    progress = Progress(len(todo))
    queue, running = list(todo), []
    while queue or running:
        while queue and len(running) < jobs:
            p = queue.pop(0)
            progress.event(f"start {p.name} ({p.reason})")
            running.append(_start(p, layout, parameters, env_extra or {}, library))
        time.sleep(0.1)
        for r in [r for r in running if r.proc.poll() is not None]:
            running.remove(r)
            res = _finish(r, layout, parameters, library)
            results[res.notebook] = res
            progress.event(
                f"{res.status:<6} {res.notebook} in {res.seconds:.1f}s"
                + (f" — {res.error}" if res.error else f", {res.figures} figures"),
                done=True,
            )
        progress.show(running)
    progress.close()
    return [results[p.name] for p in plans]


# ---------------------------------------------------------------------------------------------
# The figure index and the README table


def figure_records(figures_root: Path | None = None) -> list[dict]:
    root = Path(figures_root or paths.FIGURES)
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(root.glob("*/*.json"))]


def figure_index(figures_root: Path) -> dict:
    """Per figure: id, titles, notebook, files, the ids in its source_id column, SHA-256 of each file."""
    out = []
    for r in figure_records(figures_root):
        csv_path = figures_root / r["files"]["csv"]
        with csv_path.open(encoding="utf-8", newline="") as fh:
            ids = sorted({i for row in csv.DictReader(fh) for i in provenance.split_ids(row.get("source_id", ""))})
        out.append(
            {
                "id": r["id"],
                "title_zh": r["title_zh"],
                "title_en": r["title_en"],
                "notebook": r["notebook"],
                "files": r["files"],
                "source_ids": ids,
                "sha256": {ext: _sha((figures_root / rel).read_bytes()) for ext, rel in sorted(r["files"].items())},
            }
        )
    return {"figures": out}


README_START = "<!-- figures:start (generated by `python -m baimo build`; do not edit) -->"
README_END = "<!-- figures:end -->"


def figure_table(figures_root: Path | None = None) -> str:
    rows = ["| figure | notebook | 标题 | title | data |", "|---|---|---|---|---|"]
    for r in figure_records(figures_root):
        png, csv = r["files"]["png"], r["files"]["csv"]
        rows.append(
            f"| [{r['name']}](figures/{png}) | [{r['notebook']}](notebooks/{r['notebook']}.ipynb) "
            f"| {r['title_zh']} | {r['title_en']} | [csv](figures/{csv}) |"
        )
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
        fileops.write_atomic(readme, new)
    return new != text


# ---------------------------------------------------------------------------------------------
# The whole build


def build(
    only: list[str] | None = None,
    *,
    out: Path | None = None,
    force: bool = False,
    jobs: int | None = None,
    dry_run: bool = False,
    notebooks_dir: Path | None = None,
    parameters: dict | None = None,
    library: list[Path] | None = None,
    site: bool = True,
    env_extra: dict[str, str] | None = None,
) -> list[Result]:
    layout = Layout.under(out) if out else Layout.default()
    parameters = parameters or {}
    library = library or cache.library_inputs()
    jobs = max(1, jobs or os.cpu_count() or 1)
    nbs = notebooks(only, notebooks_dir)
    for p in misnamed(notebooks_dir):
        print(
            f"warning: {p} is not run by the build: chapter files are named NN_name.ipynb "
            "(two digits, '_', lower-case letters, digits and '_'), e.g. 07_data_prices.ipynb",
            file=sys.stderr,
        )
    plans = plan(nbs, layout, force=force, parameters=parameters, library=library)
    if dry_run:
        for p in plans:
            print(f"{'run ' if p.reason else 'skip'} {p.name}: {p.reason or 'up to date'}")
        return [Result(p.name, "would run" if p.reason else "skipped", reason=p.reason or "") for p in plans]
    with fileops.project_lock("baimo build"):
        return _build_locked(
            plans, layout, jobs=jobs, parameters=parameters, library=library, site=site, env_extra=env_extra
        )


def _build_locked(
    plans: list[Plan],
    layout: Layout,
    *,
    jobs: int,
    parameters: dict,
    library: list[Path],
    site: bool,
    env_extra: dict[str, str] | None,
) -> list[Result]:
    t0 = time.perf_counter()
    if any(p.reason for p in plans):
        corpus.build_seed_dataset()  # once, before the notebooks start, not once per notebook
    results = execute(plans, layout, jobs=jobs, parameters=parameters, library=library, env_extra=env_extra)
    ran = any(r.status == "ran" for r in results)
    index_path = layout.figures / "index.json"
    if ran or not index_path.exists():
        fileops.write_atomic(
            index_path, json.dumps(figure_index(layout.figures), indent=1, sort_keys=True, ensure_ascii=False) + "\n"
        )
    if layout == Layout.default() and (ran or not (paths.ROOT / "README.md").exists()):
        update_readme()
    if site:
        render_site(layout, results, changed=ran)
    print(f"\n{'notebook':<22}{'status':<9}{'seconds':>8}{'figures':>9}")
    for r in results:
        print(f"{r.notebook:<22}{r.status:<9}{r.seconds:>8.1f}{r.figures:>9}")
    print(
        f"total {time.perf_counter() - t0:.1f}s, {sum(r.status == 'ran' for r in results)} ran, "
        f"{sum(r.status == 'skipped' for r in results)} skipped, {sum(r.status == 'failed' for r in results)} failed"
    )
    return results


def render_site(layout: Layout, results: list[Result], *, changed: bool) -> None:
    if not changed and (layout.site / "index.html").exists():
        return
    from baimo import site  # noqa: PLC0415 - see the imports above

    site.render(
        executed_dir=layout.executed,
        figures_root=layout.figures,
        out=layout.site,
        results=[{"name": r.notebook, "status": r.status, "seconds": r.seconds, "error": r.error} for r in results],
    )


# ---------------------------------------------------------------------------------------------
# A parameter run: one chapter, its own directory under build/runs/, never figures/


def find_notebook(name_or_path: str, notebooks_dir: Path | None = None) -> Path:
    """A chapter by name (``03_compute_spending``) or by path."""
    path = Path(name_or_path)
    if path.suffix == ".ipynb" and path.exists():
        return path.resolve()
    found = {p.stem: p for p in notebooks(notebooks_dir=notebooks_dir)}
    if path.stem in found:
        return found[path.stem]
    raise SystemExit(f"no chapter {name_or_path!r}; the chapters are: {', '.join(found)}")


def run_dir(notebook: Path, parameters: dict) -> Path:
    digest = _sha(json.dumps(parameters, sort_keys=True).encode())[:10]
    return paths.BUILD / "runs" / notebook.stem / digest


def run(notebook: Path, parameters: dict) -> Path:
    """Execute one chapter with ``parameters`` into ``build/runs/<chapter>/<hash>/``: the executed
    notebook, its figures, ``parameters.json`` and ``index.html`` (the run, code hidden). Returns
    the directory; raises ``RuntimeError`` naming the failing cell."""
    import papermill as pm  # noqa: PLC0415 - see the imports above

    declared = pm.inspect_notebook(str(notebook))
    unknown = sorted(set(parameters) - set(declared))
    if unknown:
        raise SystemExit(
            f"{notebook.stem} has no parameter {', '.join(unknown)}; its parameters: {', '.join(declared)}"
        )
    out = run_dir(notebook, parameters)
    shutil.rmtree(out, ignore_errors=True)
    (out / "figures").mkdir(parents=True)
    fileops.write_atomic(out / "parameters.json", json.dumps(parameters, indent=1, sort_keys=True) + "\n")
    executed, log = out / notebook.name, out / "run.log"
    env = {
        **os.environ,
        "BAIMO_FIGURES_DIR": str(out / "figures"),
        "BAIMO_NOTEBOOK": notebook.stem,
        "PYTHONHASHSEED": "0",
    }
    with log.open("w", encoding="utf-8") as fh:
        code = subprocess.run(
            [sys.executable, "-m", "baimo.build", "--worker", str(notebook), str(executed), json.dumps(parameters)],
            stdout=fh,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=str(notebook.parent),
        ).returncode
    if code != 0:
        raise RuntimeError(f"{notebook.stem}: {failure_summary(executed, 'the run failed')}; log {log}")
    _write_run_page(executed, out / "index.html")
    return out


def _write_run_page(executed: Path, page: Path) -> None:
    """The executed chapter as one HTML page, code hidden, figures inline."""
    from nbconvert import HTMLExporter  # noqa: PLC0415 - see the imports above

    body, _ = HTMLExporter(
        exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True
    ).from_notebook_node(nbformat.read(executed, as_version=4))
    fileops.write_atomic(page, body)


if __name__ == "__main__":  # the worker process of a build or a run (not a command: see baimo.cli)
    raise SystemExit(worker(*sys.argv[2:5]) if sys.argv[1:2] == ["--worker"] else 2)
