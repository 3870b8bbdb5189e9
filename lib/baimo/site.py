"""The reader site: ``site/`` opens from disk (relative links only, nothing from the network).

``render()`` writes

- ``index.html``: the project in two paragraphs, a card per notebook (title, its one-paragraph
  answer, figure thumbnails, run date, status), a figure gallery and the list of articles;
- ``notebooks/<name>.html``: every executed notebook, all rendered by one nbconvert exporter
  (template ``templates/notebook``, extending nbconvert's ``lab`` cells), code hidden behind a
  per-cell "show code" toggle, a table of contents, prev/next links, an anchor ``fig-<name>`` per
  figure and ``check-…``/``anchor-…`` anchors for tagged cells;
- ``articles/<doc_id>.html``: the cleaned text, every sentence a fact quotes highlighted and
  tagged with its fact ids (anchors ``s-<sent>`` per sentence, ``F-…`` per fact), theme colours
  in the margin, the raw text below;
- ``sources/<notebook>/<figure>.html``: each value a figure draws with its fact, reference or
  assumption, each fact linking to its highlighted sentence; ``sources/index.html`` lists every
  fact, reference and assumption with the figures that use it;
- ``figures/``: copies of the figure files, ``assets/``: CSS and favicon.

Everything is written into a temporary directory next to ``out`` and swapped in at the end, so a
failure never leaves half a site. Article text is always HTML-escaped (jinja autoescape).
"""
from __future__ import annotations

import csv
import dataclasses
import html
import json
import os
import re
import shutil
import time
import warnings
from collections import defaultdict
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import unquote, urlsplit

from baimo import fileops, paths, provenance, sources

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATUS_LABELS = {"ran": "ran", "skipped": "up to date", "failed": "failed", "executed": "executed", "missing": "not executed"}
MAX_ROWS = 2000  # rows of a figure CSV shown on its sources page (the CSV itself has them all)

_QUESTION = "**Question.**"
_ANSWER = "**What the evidence says.**"
_ANCHOR_TAG = re.compile(r"(?:check|anchor)-[A-Za-z0-9_.:-]+")
_SAVE_CALL = re.compile(r"save_figure\(\s*[^,()]+,\s*(?:name\s*=\s*)?[\"']([a-z0-9_]+)[\"']")
_SAVE_NAME_KW = re.compile(r"save_figure\([^)]*?\bname\s*=\s*[\"']([a-z0-9_]+)[\"']", re.S)
_FIGURE_REPR = re.compile(r"^\{'id': '([^']+)'")
_HEADING = re.compile(r"<h([1-4])\b[^>]*\bid=\"([^\"]+)\"[^>]*>(.*?)</h\1>", re.S)
_REMOTE_SCRIPT = re.compile(r"<script\b[^>]*\bsrc\s*=\s*[\"']?(?:https?:)?//[^>]*>\s*</script>", re.I)
_REMOTE_LINK = re.compile(r"<link\b[^>]*\bhref\s*=\s*[\"']?(?:https?:)?//[^>]*>", re.I)
_LINKABLE = re.compile(r"[A-Za-z][A-Za-z0-9_.]*-[A-Za-z0-9_.:-]+")
_IPYNB_HREF = re.compile(r"href=\"([^\"#]*?)([^\"/#]+)\.ipynb(#[^\"]*)?\"")


# ---------------------------------------------------------------------------------------------
# Inputs

def _markdown(md: str) -> str:
    """Markdown of a notebook's summary → inline-safe HTML (no scripts, no images)."""
    import bleach
    from nbconvert.filters import markdown2html

    out = markdown2html(md)
    return bleach.clean(out, tags={"p", "a", "code", "strong", "em", "b", "i", "sub", "sup", "br"},
                        attributes={"a": ["href", "title"]}, strip=True)


def notebook_summary(nb) -> dict:
    """Title, question and answer from the notebook's first markdown cell (``# NN · Title``)."""
    first = next((c for c in nb.cells if c.cell_type == "markdown"), None)
    source = first.source if first is not None else ""
    m = re.search(r"^#\s+(.+?)\s*#*\s*$", source, re.M)
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", source)]

    def after(label: str) -> str:
        for p in paragraphs:
            if p.startswith(label):
                return p[len(label):].strip()
        return ""

    return {"title": m[1].strip() if m else "", "question": after(_QUESTION), "answer": after(_ANSWER)}


def _read_table(loader, columns: list[str], seeds_dir: Path | None):
    import pandas as pd

    try:
        df = loader(seeds_dir)
    except FileNotFoundError:
        return pd.DataFrame(columns=columns)
    df = df.reset_index(drop=True)
    for c in columns:
        if c not in df.columns:
            df[c] = ""
    return df


def load_figures(figures_root: Path) -> list[dict]:
    """Figure descriptions: ``figures/index.json`` if present, else every ``*/<name>.json``."""
    figures_root = Path(figures_root)
    index = figures_root / "index.json"
    records = []
    if index.exists():
        records = json.loads(index.read_text(encoding="utf-8")).get("figures", [])
    else:
        for p in sorted(figures_root.glob("*/*.json")):
            try:
                rec = json.loads(p.read_text(encoding="utf-8"))
            except json.JSONDecodeError:
                continue
            if isinstance(rec, dict) and {"id", "name", "notebook", "files"} <= rec.keys():
                records.append(rec)
    out = []
    for rec in records:
        rec = dict(rec)
        files = rec.get("files", {})
        own = figures_root / files.get("json", "")
        if files.get("json") and own.is_file():  # the per-figure description fills what the index leaves out
            try:
                rec = {**json.loads(own.read_text(encoding="utf-8")), **rec}
            except json.JSONDecodeError:
                pass
        if "id" not in rec:
            continue
        rec.setdefault("notebook", rec["id"].rsplit("/", 1)[0])
        rec.setdefault("name", rec["id"].rsplit("/", 1)[-1])
        rec.setdefault("title_zh", rec["name"])
        rec.setdefault("title_en", "")
        files = rec.get("files", {})
        if not files.get("csv") or not (figures_root / files["csv"]).exists():
            warnings.warn(f"figure {rec.get('id')}: CSV {files.get('csv')} missing under {figures_root}; left out of the site")
            continue
        out.append(rec)
    return out


def _normalise_results(results) -> dict[str, dict]:
    out = {}
    for r in results or []:
        if dataclasses.is_dataclass(r):
            r = dataclasses.asdict(r)
        r = dict(r)
        name = str(r.get("notebook") or r.get("name") or "")
        name = Path(name).stem
        if not name:
            continue
        date = next((r[k] for k in ("run_date", "date", "finished", "ended", "started") if r.get(k)), None)
        out[name] = {
            "status": str(r.get("status") or "ran"),
            "seconds": float(r["seconds"]) if r.get("seconds") is not None else None,
            "run_date": _format_date(date),
            "error": str(r.get("error") or ""),
        }
    return out


def _format_date(value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, (int, float)):
        value = datetime.fromtimestamp(value, tz=timezone.utc)
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(timezone.utc)
            return value.strftime("%Y-%m-%d %H:%M UTC")
        return value.strftime("%Y-%m-%d %H:%M")
    return str(value)


def _number(x) -> str:
    try:
        x = float(x)
    except (TypeError, ValueError):
        return str(x or "")
    if x != x:  # NaN
        return ""
    if x.is_integer() and abs(x) < 1e18:
        return f"{int(x):,}"
    return f"{x:,.6g}"


def _value(row: dict) -> str:
    low, high = _number(row.get("low")), _number(row.get("high"))
    v = low if low == high or not high else f"{low}–{high}"
    unit = row.get("unit") or ""
    unit = "" if unit == "none" else unit
    per = f" per {row['per'].replace('_', ' ')}" if row.get("per") else ""
    qual = f" ({row['qualifier']})" if row.get("qualifier") else ""
    return f"{v} {unit}{per}{qual}".replace("  ", " ").strip()


def _str(v) -> str:
    if v is None:
        return ""
    try:
        if v != v:  # NaN / NA
            return ""
    except (TypeError, ValueError):
        pass
    return str(v)


# ---------------------------------------------------------------------------------------------
# Facts → sentences

@dataclasses.dataclass
class Highlights:
    by_sentence: dict  # (doc_id, sent) -> {"facts": [...], "anchor_facts": [...]}
    marks: dict  # doc_id -> [(start, end)] character spans of quotes
    located: dict  # fact_id -> (doc_id, first sent)
    unmatched: dict  # doc_id -> [fact rows whose quote was not found]


def locate_quotes(docs, sents, facts_df) -> Highlights:
    """Find each fact's quote in its article; the sentences it overlaps are highlighted.

    The quote is searched in the cleaned text, so a quote inside one sentence highlights that
    sentence and a quote spanning several highlights them all; the fact's anchor goes on the first.
    """
    texts = dict(zip(docs.doc_id, docs.text))
    by_doc = {d: g.sort_values("start") for d, g in sents.groupby("doc_id")}
    hl = Highlights(defaultdict(lambda: {"facts": [], "anchor_facts": []}), defaultdict(list), {}, defaultdict(list))
    for row in facts_df.to_dict("records"):
        fid, doc, quote = _str(row.get("fact_id")), _str(row.get("doc_id")), _str(row.get("quote"))
        if not fid or doc not in texts:
            continue
        pos = texts[doc].find(quote) if quote else -1
        hit = []
        if pos >= 0:
            end = pos + len(quote)
            g = by_doc.get(doc)
            if g is not None:
                hit = [int(s) for s, a, b in zip(g.sent, g.start, g.end) if a < end and b > pos]
        if not hit:
            hl.unmatched[doc].append(row)
            continue
        hl.marks[doc].append((pos, pos + len(quote)))
        hl.located[fid] = (doc, hit[0])
        for i, s in enumerate(hit):
            entry = hl.by_sentence[(doc, s)]
            entry["facts"].append(fid)
            if i == 0:
                entry["anchor_facts"].append(fid)
    return hl


def _segments(text: str, offset: int, marks: list[tuple[int, int]]) -> list[dict]:
    """Split a sentence into plain and marked (quoted) pieces; ``offset`` is its start in the doc."""
    end = offset + len(text)
    spans = sorted((max(a, offset) - offset, min(b, end) - offset) for a, b in marks if a < end and b > offset)
    merged: list[list[int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    out, cur = [], 0
    for a, b in merged:
        if a > cur:
            out.append({"text": text[cur:a], "mark": False})
        out.append({"text": text[a:b], "mark": True})
        cur = b
    if cur < len(text):
        out.append({"text": text[cur:], "mark": False})
    return out


def article_paragraphs(text: str, doc_sents, doc_id: str, hl: Highlights) -> list[dict]:
    """Paragraphs (lines of the cleaned text) as gaps and sentences, with theme margin marks."""
    from baimo import themes

    lex = themes.lexicon()
    sents_by_para = defaultdict(list)
    for s in doc_sents.sort_values("start").itertuples(index=False):
        sents_by_para[int(s.para)].append(s)
    marks = hl.marks.get(doc_id, [])
    out, pos = [], 0
    for para, line in enumerate(text.split("\n")):
        start, pos = pos, pos + len(line) + 1
        if not line.strip():
            continue
        items, cur = [], start
        for s in sents_by_para.get(para, []):
            a, b = int(s.start), int(s.end)
            if a > cur:
                items.append({"kind": "gap", "text": text[cur:a]})
            entry = hl.by_sentence.get((doc_id, int(s.sent)), {"facts": [], "anchor_facts": []})
            items.append({
                "kind": "sent", "sent": int(s.sent), "quoted": bool(entry["facts"]),
                "facts": entry["facts"], "anchor_facts": entry["anchor_facts"],
                "segments": _segments(text[a:b], a, marks) if entry["facts"] else [{"text": text[a:b], "mark": False}],
            })
            cur = b
        if cur < start + len(line):
            items.append({"kind": "gap", "text": text[cur:start + len(line)]})
        counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for _, _, term, theme in themes.find_terms(line):
            counts[theme][term] += 1
        margin = [{
            "color": lex[t]["color"],
            "title": f"{lex[t]['label_zh']} {lex[t]['label_en']}: " + ", ".join(f"{k} ×{v}" for k, v in counts[t].items()),
        } for t in lex if t in counts]
        out.append({"n": para, "parts": items, "margin": margin})
    return out


# ---------------------------------------------------------------------------------------------
# Sources

class Sources:
    """Explain a source id (F-/R-/A-/doc_id) and where to link it, relative to the site root."""

    def __init__(self, facts_df, refs_df, assumptions_df, docs, hl: Highlights):
        self.facts = {r["fact_id"]: r for r in facts_df.to_dict("records") if _str(r.get("fact_id"))}
        self.refs = {r["ref_id"]: r for r in refs_df.to_dict("records") if _str(r.get("ref_id"))}
        self.assumptions = {r["assumption_id"]: r for r in assumptions_df.to_dict("records") if _str(r.get("assumption_id"))}
        self.docs = {r["doc_id"]: r for r in docs.to_dict("records")}
        self.hl = hl
        self._cache: dict[str, dict] = {}

    def kind(self, sid: str) -> str:
        if sid in self.facts:
            return "fact"
        if sid in self.refs:
            return "reference"
        if sid in self.assumptions:
            return "assumption"
        if sid in self.docs:
            return "article"
        return "unknown"

    def entry(self, sid: str) -> dict:
        if sid in self._cache:
            return self._cache[sid]
        kind = self.kind(sid)
        e = {"id": sid, "kind": kind, "href": "", "title": ""}
        if kind == "fact":
            r = self.facts[sid]
            doc = _str(r.get("doc_id"))
            d = self.docs.get(doc, {})
            located = sid in self.hl.located
            summary = " · ".join(x for x in (_str(r.get("entity")), _str(r.get("metric")), _str(r.get("period"))) if x)
            e.update(summary=f"{summary}: {_value(r)}", quote=_str(r.get("quote")), doc_id=doc, doc_short=doc[:3],
                     doc_title=_str(d.get("title")), href=f"articles/{doc}.html#{sid}" if located else (f"articles/{doc}.html" if d else ""),
                     title=_str(r.get("quote")))
            if not located:
                e["href"] = ""
        elif kind == "reference":
            r = self.refs[sid]
            summary = " · ".join(x for x in (_str(r.get("entity")), _str(r.get("metric")), _str(r.get("period"))) if x)
            e.update(summary=f"{summary}: {_value(r)}", source_title=_str(r.get("source_title")),
                     source_publisher=_str(r.get("source_publisher")), source_date=_str(r.get("source_date")),
                     source_url=_str(r.get("source_url")) if _str(r.get("source_url")).startswith(("http://", "https://")) else "",
                     note=_str(r.get("note")), href=f"sources/index.html#{sid}",
                     title=f"{_str(r.get('source_title'))}, {_str(r.get('source_publisher'))}")
        elif kind == "assumption":
            r = self.assumptions[sid]
            e.update(name=_str(r.get("name")), value=_number(r.get("value")), unit=_str(r.get("unit")), why=_str(r.get("why")),
                     href=f"sources/index.html#{sid}", title=f"{_str(r.get('name'))} = {_number(r.get('value'))} {_str(r.get('unit'))}")
        elif kind == "article":
            d = self.docs[sid]
            e.update(title=_str(d.get("title")), outlet=_str(d.get("outlet")), published=_str(d.get("published")),
                     href=f"articles/{sid}.html")
        self._cache[sid] = e
        return e


def _read_csv(path: Path) -> tuple[list[str], list[dict]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


# ---------------------------------------------------------------------------------------------
# Notebook pages

def _place_figures(nb, figs: dict[str, dict]) -> list[str]:
    """Attach each figure to the cell that saved it (cell.metadata.baimo); return names in order.

    A cell saved a figure when it displays the image ``save_figure`` shows (tagged with the
    figure's id), when its ``save_figure(fig, "name", …)`` call names it, or when it shows the dict
    ``save_figure`` returns (that output is dropped: the figure bar replaces it).
    """
    order: list[str] = []
    for cell in nb.cells:
        tags = cell.metadata.get("tags", []) or []
        bm = {"anchors": [t for t in tags if _ANCHOR_TAG.fullmatch(t)], "figures": []}
        if cell.cell_type == "code":
            names = _SAVE_CALL.findall(cell.source) + _SAVE_NAME_KW.findall(cell.source)
            kept = []
            for out in cell.get("outputs", []):
                tagged = out.get("metadata", {}).get("image/png", {}).get("baimo_figure", "")  # save_figure's image
                if tagged and tagged.split("/")[-1] in figs:
                    names.append(tagged.split("/")[-1])
                text = out.get("data", {}).get("text/plain", "") if out.get("output_type") == "execute_result" else ""
                m = _FIGURE_REPR.match(text if isinstance(text, str) else "".join(text))
                if m and m[1].split("/")[-1] in figs:
                    names.append(m[1].split("/")[-1])
                    continue
                kept.append(out)
            cell.outputs = kept
            # a build whose kernel does not display figures inline leaves no image: show the saved PNG
            shown = any(k.startswith("image/") for o in kept for k in o.get("data", {}))
            for n in names:
                if n in figs and n not in order:
                    order.append(n)
                    bm["figures"].append({**figs[n], "show_image": not shown})
        if bm["anchors"] or bm["figures"]:
            cell.metadata["baimo"] = bm
    return order


def _toc(body: str) -> list[dict]:
    toc = []
    for level, hid, inner in _HEADING.findall(body):
        inner = re.sub(r"<a class=\"anchor-link\".*?</a>", "", inner, flags=re.S)
        text = html.unescape(re.sub(r"<[^>]+>", "", inner)).strip()
        toc.append({"level": int(level), "id": html.unescape(hid), "text": text})
    return toc


def _clean_notebook_html(body: str, name: str, known: set[str]) -> str:
    for pattern in (_REMOTE_SCRIPT, _REMOTE_LINK):
        for m in pattern.findall(body):
            warnings.warn(f"{name}: removed a remote script/stylesheet from the page: {m[:120]}")
        body = pattern.sub("", body)

    def ipynb(m: re.Match) -> str:
        stem = m[2]
        if stem in known:
            return f'href="{stem}.html{m[3] or ""}"'
        return m[0]

    return _IPYNB_HREF.sub(ipynb, body)


def _repo_link_target(href: str, doc_ids: set[str]) -> str | None:
    """A repository file a notebook links to that has a page in the site (path from the site root)."""
    path = urlsplit(href).path
    base = path.rsplit("/", 1)[-1]
    if base in ("facts.csv", "references.csv", "assumptions.csv"):
        return f"sources/index.html#{base[:-4]}"
    if base.endswith(".txt") and base[:-4] in doc_ids:
        return f"articles/{base[:-4]}.html"
    return None


# nbconvert's HTMLExporter re-parses every finished page with BeautifulSoup's pure-Python
# html.parser only to add img alt text and tabindex="0" to cell inputs and outputs; on pages with
# inline PNGs and DataFrame tables that was half the site's render time. The same two edits, as
# patterns over the markup nbconvert's lab templates emit:
_IMG_NO_ALT = re.compile(r"<img\b(?![^<>]*\balt=)")
_FOCUSABLE = re.compile(r'<div class="((?:[^"<>]*\s)?(?:jp-Cell-inputWrapper|jp-OutputArea-output)(?:\s[^"<>]*)?)"(?![^<>]*\btabindex=)')


def make_focusable(body: str) -> str:
    """What ``HTMLExporter.from_notebook_node`` does after rendering, without re-parsing the page:
    alt text on every image that has none, and ``tabindex="0"`` on each cell's input wrapper and
    each output so keyboard users can reach them."""
    body = _IMG_NO_ALT.sub('<img alt="No description has been provided for this image"', body)
    return _FOCUSABLE.sub(lambda m: f'<div class="{m[1]}" tabindex="0"', body)


def _exporter(**kw):
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class SiteHTMLExporter(HTMLExporter):
        """``HTMLExporter`` without its BeautifulSoup pass (see ``make_focusable``); the filter
        set-up is ``HTMLExporter.from_notebook_node``'s, for the pinned nbconvert."""

        def from_notebook_node(self, nb, resources=None, **kw):
            langinfo = nb.metadata.get("language_info", {})
            lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
            self.register_filter("highlight_code", self.filters.get(
                "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)))
            resources = self._init_resources(resources)
            self.register_filter("filter_data_type", WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources))
            body, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
            return make_focusable(body), resources

    return SiteHTMLExporter(**kw)


def _render_notebooks(entries: list[dict], tmp: Path, env) -> str:
    """Export every notebook with one HTMLExporter; returns the pygments CSS it produced."""
    exporter = _exporter(
        template_name="notebook", extra_template_basedirs=[str(TEMPLATES)],
        exclude_input_prompt=True, exclude_output_prompt=True,
    )
    known = {e["name"] for e in entries if e.get("nb") is not None}
    css = ""
    pages = [e for e in entries if e.get("nb") is not None]
    for i, e in enumerate(pages):
        body, resources = exporter.from_notebook_node(e["nb"], resources={"metadata": {"name": e["name"]}})
        css = css or "\n".join(resources.get("inlining", {}).get("css", []))
        body = _clean_notebook_html(body, e["name"], known)
        unplaced = [f for f in e["figures"] if f["name"] not in e["placed"]]
        page = env.get_template("notebook.html.j2").render(
            root="../", title=e["title"] or e["name"], body=_markup(body), toc=_toc(body),
            figures=e["figures"], unplaced=unplaced, status=e["status"], status_label=e["status_label"],
            run_date=e["run_date"], seconds=e["seconds"], note=e["note"], error=e["error"],
            prev=pages[i - 1] if i > 0 else None, next=pages[i + 1] if i + 1 < len(pages) else None,
        )
        _write(tmp / "notebooks" / f"{e['name']}.html", page)
    return css


def _markup(s: str):
    from markupsafe import Markup

    return Markup(s)


# ---------------------------------------------------------------------------------------------
# Links

_ID_ATTR = re.compile(r'<[a-zA-Z][^<>]*?\s(?:id|name)="([^"]*)"')
_URL_ATTR = re.compile(r'<([a-zA-Z][a-zA-Z0-9]*)\b[^<>]*?\s(href|src)="([^"]*)"')


@dataclasses.dataclass
class PageLinks:
    ids: set[str]
    links: list[tuple[str, str, str]]  # (tag, attribute, url)


def page_links(page: Path) -> PageLinks:
    """Element ids and href/src urls of a page this module wrote (attributes in double quotes)."""
    text = page.read_text(encoding="utf-8")
    ids = {html.unescape(m) for m in _ID_ATTR.findall(text)}
    links = [(t.lower(), a, html.unescape(u)) for t, a, u in _URL_ATTR.findall(text)]
    return PageLinks(ids, links)


def broken_links(site: Path) -> list[str]:
    """Every relative href/src in the site's pages that names a missing file or anchor."""
    site = Path(site)
    root = site.resolve()
    parsed: dict[Path, PageLinks] = {}

    def get(p: Path) -> PageLinks:
        if p not in parsed:
            parsed[p] = page_links(p)
        return parsed[p]

    problems = []
    for page in sorted(site.rglob("*.html")):
        for tag, attr, url in get(page).links:
            parts = urlsplit(url)
            if parts.scheme or url.startswith("//"):
                continue  # data:, http(s):, mailto: — not internal
            target = page.resolve() if not parts.path else (page.parent / unquote(parts.path)).resolve()
            where = f"{page.relative_to(site)}: {tag}[{attr}]={url}"
            if not target.exists() or not (target == root or root in target.parents):
                problems.append(f"{where}: no such file in the site")
                continue
            if target.is_dir():
                target = target / "index.html"
                if not target.exists():
                    problems.append(f"{where}: directory without index.html")
                    continue
            ids = get(target).ids if parts.fragment and target.suffix == ".html" else set()
            if parts.fragment and target.suffix == ".html" and parts.fragment not in ids and unquote(parts.fragment) not in ids:
                problems.append(f"{where}: no anchor #{unquote(parts.fragment)} in {target.relative_to(root)}")
    return problems


def _delink_repo_paths(site: Path, doc_ids: set[str]) -> None:
    """Notebook links to repository files outside the site: map the known ones, unlink the rest."""
    for page in [site / "index.html", *sorted((site / "notebooks").glob("*.html"))]:
        root = "../" * (len(page.relative_to(site).parts) - 1)
        text = page.read_text(encoding="utf-8")
        changed = False

        def fix(m: re.Match) -> str:
            nonlocal changed
            url = html.unescape(m[2])
            parts = urlsplit(url)
            if parts.scheme or url.startswith(("//", "#")) or not parts.path:
                return m[0]
            if (page.parent / unquote(parts.path)).exists():
                return m[0]
            changed = True
            target = _repo_link_target(url, doc_ids)
            if target:
                return f'{m[1]}href="{html.escape(root + target)}"'
            warnings.warn(f"site/{page.relative_to(site).as_posix()}: link {url} is not part of the site; shown as text")
            return f'{m[1]}class="repo-link" title="{html.escape(url)} (in the repository, not in the site)"'

        text = re.sub(r"(<a\b[^>]*?\s)href=\"([^\"]*)\"", fix, text)
        if changed:
            page.write_text(text, encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# Writing

def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _env():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    return Environment(loader=FileSystemLoader(str(TEMPLATES / "site")), autoescape=select_autoescape(["j2", "html"], default=True),
                       undefined=StrictUndefined)


def render(
    *,
    executed_dir: Path | None = None,
    figures_root: Path | None = None,
    out: Path | None = None,
    results: list[dict] | None = None,
    corpus_dir: Path | None = None,
    seeds_dir: Path | None = None,
) -> Path:
    """Write the reader site into ``out`` (default ``site/``) and return it.

    ``executed_dir`` holds the executed ``*.ipynb`` (default ``build/executed``), ``figures_root``
    the figures (default ``figures/``). ``results`` (from the build: notebook name, status
    ran/skipped/failed, seconds, run date; dicts or ``build.Result``) fills the cards; without it
    the run date comes from papermill's metadata or the file's mtime. ``corpus_dir`` and
    ``seeds_dir`` choose the corpus dataset and the seeds (facts, references, assumptions, raw
    articles); by default the seed dataset and ``seeds/``.
    """
    import nbformat

    from baimo import corpus, facts, themes

    executed_dir = Path(executed_dir or paths.EXECUTED)
    figures_root = Path(figures_root or paths.FIGURES)
    out = Path(out or paths.SITE)
    seeds = Path(seeds_dir or paths.SEEDS)
    env = _env()
    lex = themes.lexicon()
    env.globals["themes"] = lex

    # --- inputs
    docs = corpus.load(corpus_dir).sort_values("doc_id").reset_index(drop=True)
    sents = corpus.sentences(corpus_dir)
    facts_df = _read_table(facts.facts, facts.FACT_COLUMNS, seeds_dir)
    refs_df = _read_table(facts.references, facts.REFERENCE_COLUMNS, seeds_dir)
    assumptions_df = _read_table(facts.assumptions, facts.ASSUMPTION_COLUMNS, seeds_dir)
    hl = locate_quotes(docs, sents, facts_df)
    src = Sources(facts_df, refs_df, assumptions_df, docs, hl)
    figures = load_figures(figures_root)
    runs = _normalise_results(results)
    doc_ids = set(docs.doc_id)

    # figure data: the CSV rows and the ids they cite
    figure_rows: dict[str, tuple[list[str], list[dict]]] = {}
    by_nb: dict[str, dict[str, dict]] = defaultdict(dict)
    for f in figures:
        cols, rows = _read_csv(figures_root / f["files"]["csv"])
        figure_rows[f["id"]] = (cols, rows)
        f = {**f, "n_rows": len(rows), "n_ids": len({s for r in rows for s in provenance.split_ids(r.get("source_id", ""))})}
        by_nb[f["notebook"]][f["name"]] = f

    # --- notebooks (read, summarise, place figures)
    entries = []
    found = {p.name[: -len(".ipynb")]: p for p in sorted(executed_dir.glob("*.ipynb"))}
    good = {n: p for n, p in found.items() if "." not in n}
    failed_copies = {n[: -len(".failed")]: p for n, p in found.items() if n.endswith(".failed") and "." not in n[: -len(".failed")]}
    for name in sorted(set(good) | set(failed_copies) | set(runs)):
        run = runs.get(name, {})
        # the last good run's page; a failed copy only when there is no good one (the build keeps both)
        p = good.get(name) or failed_copies.get(name)
        nb = nbformat.read(p, as_version=4) if p else None
        summary = notebook_summary(nb) if nb is not None else {"title": "", "question": "", "answer": ""}
        pm = nb.metadata.get("papermill", {}) if nb is not None else {}
        status = run.get("status") or ("failed" if pm.get("exception") or name not in good else ("ran" if pm else "executed"))
        if nb is None:
            status = run.get("status") or "missing"
        run_date = (run.get("run_date") if status != "skipped" else "") or _format_date(pm.get("end_time")) or (
            _format_date(p.stat().st_mtime) if p else "")
        seconds = run.get("seconds") if run.get("seconds") is not None and status != "skipped" else pm.get("duration")
        note = ""
        if status == "failed" and name in good:
            note = "The latest run failed; this page shows the last successful run."
        elif status == "failed" and nb is not None:
            note = "This run failed; the page shows the executed copy up to the failing cell."
        entries.append({"note": note, 
            "name": name, "nb": nb, "title": summary["title"] or name,
            "answer_html": "", "question": summary["question"], "answer": summary["answer"],
            "status": status, "status_label": STATUS_LABELS.get(status, status), "run_date": run_date,
            "seconds": float(seconds) if seconds is not None else None, "error": run.get("error", ""),
            "placed": _place_figures(nb, {n: _figure_view(f, "../") for n, f in by_nb[name].items()}) if nb is not None else [],
        })

    # figure order: as placed in the notebook, then the rest by name
    for e in entries:
        figs = by_nb.get(e["name"], {})
        order = e["placed"] + sorted(n for n in figs if n not in e["placed"])
        e["figures"] = [_figure_view(figs[n], "../") for n in order]
        e["index_figures"] = [_figure_view(figs[n], "") for n in order]
    orphan_nbs = sorted(set(by_nb) - {e["name"] for e in entries})
    gallery = [f for e in entries for f in e["index_figures"]] + [
        _figure_view(by_nb[n][k], "") for n in orphan_nbs for k in sorted(by_nb[n])]

    # usage: id -> figures that draw on it
    used_by: dict[str, list[dict]] = defaultdict(list)
    for f in gallery:
        rows = figure_rows[f["id"]][1]
        ids = sorted({s for r in rows for s in provenance.split_ids(r.get("source_id", ""))})
        for sid in ids:
            used_by[sid].append(f)
            if src.kind(sid) == "fact":
                doc = _str(src.facts[sid].get("doc_id"))
                if f not in used_by[doc]:
                    used_by[doc].append(f)

    # --- write into a temp dir next to out
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        _write_site(tmp, env, entries, gallery, figure_rows, used_by, docs, sents, hl, src, seeds,
                    facts_df, refs_df, assumptions_df, figures_root, doc_ids)
        for problem in broken_links(tmp):
            warnings.warn(f"site: broken link {problem}")
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    fileops.swap_dir(tmp, out)
    return out


def _figure_view(f: dict, root: str) -> dict:
    """A figure's links as seen from a page ``root`` away from the site root ("" or "../")."""
    files = f["files"]
    return {
        "id": f["id"], "name": f["name"], "notebook": f["notebook"],
        "title_zh": f.get("title_zh", ""), "title_en": f.get("title_en", ""), "files": files,
        "png": f"{root}figures/{files['png']}", "svg": f"{root}figures/{files['svg']}", "csv": f"{root}figures/{files['csv']}",
        "sources": f"{root}sources/{f['id']}.html",
        "anchor": f"{root}notebooks/{f['notebook']}.html#fig-{f['name']}" if root == "" else f"#fig-{f['name']}",
        "sha256": f.get("sha256") or {}, "source": f.get("source", ""),
        "n_rows": f.get("n_rows", 0), "n_ids": f.get("n_ids", len(f.get("source_ids", []))),
    }


def _write_site(tmp, env, entries, gallery, figure_rows, used_by, docs, sents, hl, src, seeds,
                facts_df, refs_df, assumptions_df, figures_root, doc_ids) -> None:
    # assets and figures
    (tmp / "assets").mkdir()
    shutil.copy(TEMPLATES / "static" / "site.css", tmp / "assets" / "site.css")
    shutil.copy(TEMPLATES / "static" / "favicon.svg", tmp / "assets" / "favicon.svg")
    for f in gallery:
        for ext, rel in f["files"].items():
            if (figures_root / rel).exists():
                (tmp / "figures" / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(figures_root / rel, tmp / "figures" / rel)
    if (figures_root / "index.json").exists():
        shutil.copy(figures_root / "index.json", tmp / "figures" / "index.json")

    # notebook pages (one exporter for all)
    css = _render_notebooks(entries, tmp, env)
    lab_css = ""
    for candidate in _lab_static_dirs():
        if (candidate / "index.css").exists():
            lab_css = (candidate / "index.css").read_text(encoding="utf-8") + "\n" + (candidate / "theme-light.css").read_text(encoding="utf-8")
            break
    else:
        warnings.warn(f"nbconvert lab CSS not found (looked in {_lab_static_dirs()}); notebook pages use the site CSS only")
    _write(tmp / "assets" / "notebook.css", "/* nbconvert lab template CSS (light theme) + pygments */\n" + lab_css + "\n" + css + "\n")

    # article pages
    facts_by_doc = defaultdict(list)
    for r in facts_df.to_dict("records"):
        facts_by_doc[_str(r.get("doc_id"))].append(r)
    fact_titles = {fid: f"{_str(r.get('entity'))} · {_str(r.get('metric'))}: {_value(r)}" for fid, r in src.facts.items()}
    sents_by_doc = {d: g for d, g in sents.groupby("doc_id")}
    articles = []
    for d in docs.to_dict("records"):
        doc_id = d["doc_id"]
        try:
            raw = corpus_read(seeds / _str(d.get("file")))
        except Exception as exc:  # a missing or unreadable raw file must not sink the site
            raw = f"(raw text unavailable: {exc})"
        g = sents_by_doc.get(doc_id, sents.iloc[0:0])
        paragraphs = article_paragraphs(d["text"], g, doc_id, hl)
        located = [r for r in facts_by_doc[doc_id] if r["fact_id"] in hl.located]
        doc_view = {k: _str(d.get(k)) for k in ("doc_id", "title", "outlet", "author", "published", "date_basis", "url", "notes", "file")}
        doc_view["n_chars"] = int(d.get("n_chars") or len(d["text"]))
        doc_view["n_sentences"] = int(d.get("n_sentences") or len(g))
        page = env.get_template("article.html.j2").render(
            root="../", title=doc_view["title"], doc=doc_view, paragraphs=paragraphs, raw=raw,
            n_quoted=sum(1 for (dd, _s) in hl.by_sentence if dd == doc_id),
            facts=[{"fact_id": r["fact_id"], "entity": _str(r.get("entity")), "metric": _str(r.get("metric")),
                    "period": _str(r.get("period")), "value": _value(r), "figures": used_by.get(r["fact_id"], [])} for r in located],
            unmatched=[{"fact_id": _str(r.get("fact_id")), "quote": _str(r.get("quote"))} for r in hl.unmatched.get(doc_id, [])],
            fact_titles=fact_titles, figures=used_by.get(doc_id, []),
        )
        _write(tmp / "articles" / f"{doc_id}.html", page)
        articles.append({**doc_view, "short": doc_id[:3], "href": f"articles/{doc_id}.html", "n_facts": len(facts_by_doc[doc_id])})

    # sources: one page per figure, and the index of every fact, reference and assumption
    nb_ids = {p.stem: page_links(p).ids for p in (tmp / "notebooks").glob("*.html")}

    def cell(value: str, notebook: str) -> dict:
        # a value naming an anchor of the figure's notebook page (the audit's check ids) links to it
        if _LINKABLE.fullmatch(value) and value in nb_ids.get(notebook, ()):
            return {"text": value, "href": f"notebooks/{notebook}.html#{value}"}
        return {"text": value, "href": ""}

    for f in gallery:
        cols, rows = figure_rows[f["id"]]
        shown = [c for c in cols if c != "source_id"]
        row_views, ids_seen = [], []
        for r in rows[:MAX_ROWS]:
            ids = provenance.split_ids(r.get("source_id", ""))
            row_views.append({"cells": [cell(r.get(c) or "", f["notebook"]) for c in shown], "sources": [src.entry(s) for s in ids]})
        for r in rows:
            for s in provenance.split_ids(r.get("source_id", "")):
                if s not in ids_seen:
                    ids_seen.append(s)
        order = {"fact": 0, "reference": 1, "assumption": 2, "article": 3, "unknown": 4}
        sources = sorted((src.entry(s) for s in ids_seen), key=lambda e: (order[e["kind"]], e["id"]))
        page = env.get_template("figure_sources.html.j2").render(
            root="../../", title=f["title_zh"], fig=f, columns=shown, rows=row_views, n_rows=len(rows),
            truncated=len(rows) > MAX_ROWS, sources=sources,
        )
        _write(tmp / "sources" / f"{f['id']}.html", page)

    def table_view(df, id_col):
        out = []
        for r in df.to_dict("records"):
            sid = _str(r.get(id_col))
            if not sid:
                continue
            v = {k: _str(val) for k, val in r.items()}
            v.update(id=sid, value=_value(r) if id_col != "assumption_id" else _number(r.get("value")),
                     figures=used_by.get(sid, []), href=src.entry(sid)["href"] if id_col == "fact_id" else "")
            out.append(v)
        return out

    page = env.get_template("sources.html.j2").render(
        root="../", title="Sources", facts=table_view(facts_df, "fact_id"), references=table_view(refs_df, "ref_id"),
        assumptions=table_view(assumptions_df, "assumption_id"),
    )
    _write(tmp / "sources" / "index.html", page)

    # index
    cards = []
    for e in entries:
        cards.append({
            "name": e["name"], "title": e["title"], "href": f"notebooks/{e['name']}.html" if e["nb"] is not None else "",
            "status": e["status"], "status_label": e["status_label"], "run_date": e["run_date"], "seconds": e["seconds"],
            "answer_html": _markup(_rebase_card_links(_markdown(e["answer"]), {x["name"] for x in entries if x["nb"] is not None}, e["name"])) if e["answer"] else "",
            "error": e["error"], "figures": e["index_figures"],
        })
    page = env.get_template("index.html.j2").render(root="", title="baimo", notebooks=cards, figures=gallery, articles=articles)
    _write(tmp / "index.html", page)
    _delink_repo_paths(tmp, doc_ids)


def _rebase_card_links(fragment: str, known: set[str], own: str | None = None) -> str:
    """Links in a notebook's summary, written relative to notebooks/, as seen from the index.
    A bare ``#anchor`` points into the notebook the summary comes from."""
    import posixpath

    def fix(m: re.Match) -> str:
        url = html.unescape(m[1])
        parts = urlsplit(url)
        if url.startswith("#") and own and len(url) > 1:
            return f'href="{html.escape(f"notebooks/{own}.html{url}")}"'
        if parts.scheme or url.startswith(("#", "//")) or not parts.path:
            return m[0]
        stem = parts.path.rsplit("/", 1)[-1]
        if stem.endswith(".ipynb") and stem[:-6] in known:
            path = f"notebooks/{stem[:-6]}.html"
        else:
            path = posixpath.normpath(f"notebooks/{parts.path}")
        return f'href="{html.escape(path + (f"#{parts.fragment}" if parts.fragment else ""))}"'

    return re.sub(r'href="([^"]*)"', fix, fragment)


def corpus_read(path: Path) -> str:
    from baimo import corpus

    return sources.read_article(path)


def _lab_static_dirs() -> list[Path]:
    from jupyter_core.paths import jupyter_path

    return [Path(p) / "lab" / "static" for p in jupyter_path("nbconvert", "templates")]
