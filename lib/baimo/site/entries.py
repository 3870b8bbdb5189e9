"""The executed notebooks: one ``NotebookEntry`` each (title, answer, run status, its figures in the
order its cells saved them), from ``build/executed`` and the build's results."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import nbformat

from baimo.site import values
from baimo.site.figures import Figure, FigureView, view

STATUS_LABELS = {
    "ran": "ran",
    "skipped": "up to date",
    "failed": "failed",
    "executed": "executed",
    "missing": "not executed",
}

_QUESTION = "**Question.**"
_ANSWER = "**What the evidence says.**"
_TITLE = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.M)
_ANCHOR_TAG = re.compile(r"(?:check|anchor)-[A-Za-z0-9_.:-]+")
_SAVE_CALL = re.compile(r"save_figure\(\s*[^,()]+,\s*(?:name\s*=\s*)?[\"']([a-z0-9_]+)[\"']")
_SAVE_NAME_KW = re.compile(r"save_figure\([^)]*?\bname\s*=\s*[\"']([a-z0-9_]+)[\"']", re.S)
_FIGURE_REPR = re.compile(r"^\{'id': '([^']+)'")


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"(\u4e00-\u9fff])")
_WORDS = re.compile(r"[a-z][a-z0-9-]{3,}|[\u4e00-\u9fff]{2,}")
_COMMON = {"that", "this", "with", "from", "than", "their", "they", "what", "when", "where", "which", "most", "more"}
_FIGURE_LINK = re.compile(r"\(#fig-([a-z0-9_]+)\)")


def first_sentence(md: str) -> str:
    """The first sentence of a chapter's answer (Markdown): its finding in one line."""
    text = " ".join(md.split())
    return _SENTENCE_END.split(text, maxsplit=1)[0] if text else ""


def finding_figure(answer: str, finding: str, figures: list[FigureView]) -> FigureView | None:
    """The figure that shows a chapter's finding: one its answer links to, else the one whose
    title shares most words with the finding (then with the answer's next sentence, counting
    half), else its first figure."""
    by_name = {f.name: f for f in figures}
    linked = [by_name[n] for n in _FIGURE_LINK.findall(answer) if n in by_name]
    if linked or not figures:
        return linked[0] if linked else None
    rest = " ".join(answer.split())[len(finding) :]
    first, second = (set(_WORDS.findall(t.lower())) - _COMMON for t in (finding, first_sentence(rest)))

    def overlap(f: FigureView) -> int:
        title = set(_WORDS.findall(f"{f.title_en} {f.title_zh}".lower()))
        return 2 * len(first & title) + len(second & title)

    best = max(figures, key=overlap)  # the first of the best: figures are in page order
    return best if overlap(best) else figures[0]


def notebook_summary(nb) -> dict:
    """Title, question and answer from the notebook's first markdown cell (``# NN · Title``)."""
    first = next((c for c in nb.cells if c.cell_type == "markdown"), None)
    source = first.source if first is not None else ""
    m = _TITLE.search(source)
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", source)]

    def after(label: str) -> str:
        for p in paragraphs:
            if p.startswith(label):
                return p[len(label) :].strip()
        return ""

    return {"title": m[1].strip() if m else "", "question": after(_QUESTION), "answer": after(_ANSWER)}


@dataclasses.dataclass
class Run:
    """What the build said about a notebook."""

    status: str
    seconds: float | None
    run_date: str
    error: str


def normalise_results(results) -> dict[str, Run]:
    """The build's results (dicts or ``build.Result``) by notebook name."""
    out = {}
    for r in results or []:
        if dataclasses.is_dataclass(r):
            r = dataclasses.asdict(r)
        r = dict(r)
        name = Path(str(r.get("notebook") or r.get("name") or "")).stem
        if not name:
            continue
        date = next((r[k] for k in ("run_date", "date", "finished", "ended", "started") if r.get(k)), None)
        seconds = float(r["seconds"]) if r.get("seconds") is not None else None
        out[name] = Run(str(r.get("status") or "ran"), seconds, values.date(date), str(r.get("error") or ""))
    return out


@dataclasses.dataclass
class NotebookEntry:
    """One notebook: its card on the index and its page."""

    name: str
    nb: nbformat.NotebookNode | None  # None: no executed copy, a card without a page
    title: str
    question: str
    answer: str
    status: str
    status_label: str
    run_date: str
    seconds: float | None
    error: str
    note: str
    placed: list[str]  # figures a cell saved, in cell order
    figures: list[FigureView] = dataclasses.field(default_factory=list)  # seen from notebooks/
    index_figures: list[FigureView] = dataclasses.field(default_factory=list)  # seen from the site root
    updated: str = ""  # YYYY-MM-DD: the last commit that changed the chapter or what it read ("" without git)
    finding: str = ""  # the answer's first sentence (Markdown)
    finding_figure: FigureView | None = None  # the figure that shows it, seen from the site root

    @property
    def has_page(self) -> bool:
        return self.nb is not None


def read_entries(executed_dir: Path, runs: dict[str, Run], by_nb: dict[str, dict[str, Figure]]) -> list[NotebookEntry]:
    """An entry per notebook executed or run: the last good run's copy, a failed copy only when
    there is no good one (the build keeps both)."""
    found = {p.name[: -len(".ipynb")]: p for p in sorted(Path(executed_dir).glob("*.ipynb"))}
    good = {n: p for n, p in found.items() if "." not in n}
    failed = {
        n[: -len(".failed")]: p for n, p in found.items() if n.endswith(".failed") and "." not in n[: -len(".failed")]
    }
    entries = []
    for name in sorted(set(good) | set(failed) | set(runs)):
        figs = by_nb.get(name, {})
        e = _entry(name, good.get(name) or failed.get(name), name in good, runs.get(name), figs)
        order = e.placed + sorted(n for n in figs if n not in e.placed)
        e.figures = [view(figs[n], "../") for n in order]
        e.index_figures = [view(figs[n], "") for n in order]
        entries.append(e)
    return entries


def _entry(name: str, path: Path | None, good: bool, run: Run | None, figs: dict[str, Figure]) -> NotebookEntry:
    nb = nbformat.read(path, as_version=4) if path else None
    summary = notebook_summary(nb) if nb is not None else {"title": "", "question": "", "answer": ""}
    pm = nb.metadata.get("papermill", {}) if nb is not None else {}
    if nb is None:
        status = run.status if run else "missing"
    elif run:
        status = run.status
    else:
        status = "failed" if pm.get("exception") or not good else ("ran" if pm else "executed")
    fresh = run is not None and status != "skipped"  # a skipped run's date and time are the older run's
    run_date = (
        (run.run_date if fresh else "")
        or values.date(pm.get("end_time"))
        or (values.date(path.stat().st_mtime) if path else "")
    )
    seconds = run.seconds if fresh and run.seconds is not None else pm.get("duration")
    note = ""
    if status == "failed" and good:
        note = "The latest run failed; this page shows the last successful run."
    elif status == "failed" and nb is not None:
        note = "This run failed; the page shows the executed copy up to the failing cell."
    placed = place_figures(nb, {n: view(f, "../") for n, f in figs.items()}) if nb is not None else []
    return NotebookEntry(
        name=name,
        nb=nb,
        title=summary["title"] or name,
        question=summary["question"],
        answer=summary["answer"],
        status=status,
        status_label=STATUS_LABELS.get(status, status),
        run_date=run_date,
        seconds=float(seconds) if seconds is not None else None,
        error=run.error if run else "",
        note=note,
        placed=placed,
    )


def place_figures(nb, figs: dict[str, FigureView]) -> list[str]:
    """Attach each figure to the cell that saved it (cell.metadata.baimo); return names in order.

    A cell saved a figure when it displays the image ``save_figure`` shows (tagged with the
    figure's id), when its ``save_figure(fig, "name", …)`` call names it, or when it shows the dict
    ``save_figure`` returns. The page draws the figure from its SVG, so the cell's images and that
    dict are dropped: the PNG is not shipped a second time inside the page.
    """
    order: list[str] = []
    for cell in nb.cells:
        tags = cell.metadata.get("tags", []) or []
        bm = {"anchors": [t for t in tags if _ANCHOR_TAG.fullmatch(t)], "figures": []}
        if cell.cell_type == "code":
            names = _figures_of_cell(cell, figs)
            if any(n in figs for n in names):
                cell.outputs = [o for o in cell.outputs if not any(k.startswith("image/") for k in o.get("data", {}))]
            for n in names:
                if n in figs and n not in order:
                    order.append(n)
                    bm["figures"].append(figs[n])
        if bm["anchors"] or bm["figures"]:
            cell.metadata["baimo"] = bm
    return order


def _figures_of_cell(cell, figs: dict[str, FigureView]) -> list[str]:
    """Names of the figures a code cell saved; drops the outputs showing ``save_figure``'s dict."""
    names = _SAVE_CALL.findall(cell.source) + _SAVE_NAME_KW.findall(cell.source)
    kept = []
    for out in cell.get("outputs", []):
        # save_figure's image: its id under the image's mime type (SVG now, PNG in older runs)
        tagged = next((m["baimo_figure"] for m in out.get("metadata", {}).values() if "baimo_figure" in m), "")
        if tagged and tagged.split("/")[-1] in figs:
            names.append(tagged.split("/")[-1])
        text = out.get("data", {}).get("text/plain", "") if out.get("output_type") == "execute_result" else ""
        m = _FIGURE_REPR.match(text if isinstance(text, str) else "".join(text))
        if m and m[1].split("/")[-1] in figs:
            names.append(m[1].split("/")[-1])
            continue
        kept.append(out)
    cell.outputs = kept
    return names
