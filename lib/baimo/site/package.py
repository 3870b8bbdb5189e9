"""Every figure's data to download: ``datapackage.json`` (Frictionless Data: each table's columns,
their types and units, its sources and licence) and ``data/baimo-data.zip`` (the descriptor, every
figure's CSV, the licences). The zip is byte-for-byte the same for the same figures."""

from __future__ import annotations

import io
import json
import re
import zipfile

from baimo import provenance
from baimo.site.catalog import Catalog
from baimo.site.figures import Figure
from baimo.site.inputs import Inputs
from baimo.site.writer import Output

ARCHIVE = "data/baimo-data.zip"
DESCRIPTOR = "datapackage.json"
LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
README = """baimo: the data behind every figure

Each CSV is the data one figure draws, one row per drawn value (or value left out: shown = False),
with a source_id column naming where the value comes from: a fact (F-...) quoted verbatim from an
article, a reference (R-...) to an outside source, an assumption (A-...), or an article (its doc_id).
datapackage.json (Frictionless Data) describes each table's columns, units and sources.

Licence: CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/); credit "baimo contributors".
The quotes in the tables are short excerpts of the articles, whose text belongs to their publishers.
"""
_ZIP_DATE = (2024, 1, 1, 0, 0, 0)

#: Column name → (description, unit), first match wins. Units are what a reader needs to read the
#: number; "" when the column is text or a plain count of its own rows.
COLUMNS: list[tuple[str, str, str]] = [
    (r"^source_id$", "where the value comes from: fact, reference or assumption ids, or an article's doc_id "
     "(';' between several)", ""),
    (r"^shown$", "whether the chart draws the row (False: counted in the chart's note, kept here)", ""),
    (r"^(doc_id|doc_a|doc_b)$", "an article of the corpus (doc_id)", ""),
    (r"(^|_)fact_id$", "a fact of seeds/facts.csv", ""),
    (r"^value_text$", "the label the chart writes at the value", ""),
    (r"^quote$", "a verbatim quote from the article", ""),
    (r"cny_per_usd$", "exchange rate used for the conversion", "CNY per USD"),
    (r"cny_per_gpu_hour", "cost per GPU-hour", "CNY per GPU-hour"),
    (r"usd_per_gpu_hour", "cost per GPU-hour", "USD per GPU-hour"),
    (r"gpu_hours", "GPU time", "GPU-hours"),
    (r"100m_cny", "amount", "100 million CNY (亿元)"),
    (r"100m_usd", "amount", "100 million USD"),
    (r"usd_bn", "amount", "billion USD"),
    (r"cny_per_month", "price a month", "CNY per month"),
    (r"cny_per_year", "amount a year", "CNY per year"),
    (r"usd_per_year", "amount a year", "USD per year"),
    (r"(^|_)usd$", "amount", "USD"),
    (r"(^|_)cny$|^cost_cny$", "amount", "CNY"),
    (r"_tn$", "amount", "trillion (of the row's unit)"),
    (r"percent|_pct$", "share or rate", "percent"),
    (r"^(share|share_of_.*)$", "share", "fraction (0–1)"),
    (r"^cosine$", "cosine similarity of word counts", "0–1"),
    (r"(^|_)year(_low|_high)?$|^base_year$", "year", "year"),
    (r"^days|_days$", "duration", "days"),
    (r"gpus$", "number of GPUs", "GPUs"),
    (r"^tokens$", "training tokens", "tokens"),
    (r"^n_chars$", "characters after cleaning", "characters"),
    (r"sentences$", "number of sentences", "sentences"),
    (r"^(hits|occurrences|edits|count|claims|mentions|implied_deals)$", "a count", "count"),
    (r"^(low|high|price|value|fact_low|fact_high|claimed_low|claimed_high|computed_low|computed_high|computed)$",
     "the value, in the row's unit column when it has one", "see the unit column"),
    (r"^unit$", "the unit of the row's values", ""),
    (r"^per$", "what the unit is per (a rate)", ""),
    (r"^qualifier$", "the article's hedge: over, about, up to …", ""),
]  # fmt: skip


def column(name: str) -> tuple[str, str]:
    """(description, unit) of a figure CSV's column."""
    for pattern, description, unit in COLUMNS:
        if re.search(pattern, name):
            return description, unit
    return name.replace("_", " "), ""


def field_type(values: list[str]) -> str:
    """The Table Schema type every non-empty value of a column fits: boolean, integer, number, string."""
    present = [v for v in values if v != ""]
    if not present:
        return "string"
    if all(v in ("True", "False") for v in present):
        return "boolean"
    if all(re.fullmatch(r"-?\d+", v) for v in present):
        return "integer"
    try:
        [float(v) for v in present]
    except ValueError:
        return "string"
    return "number" if not any(v.lower() in ("nan", "inf", "-inf") for v in present) else "string"


def resource(fig: Figure, catalog: Catalog) -> dict:
    fields = []
    for c in fig.columns:
        description, unit = column(c)
        field = {"name": c, "type": field_type([r.get(c) or "" for r in fig.rows]), "description": description}
        if unit:
            field["unit"] = unit
        fields.append(field)
    return {
        "name": re.sub(r"[^a-z0-9._-]", "-", fig.id.lower().replace("/", "-")),
        "path": f"figures/{fig.files['csv']}",
        "profile": "tabular-data-resource",
        "title": fig.title_en or fig.title_zh,
        "description": " ".join(
            x for x in (f"{fig.title_zh}.", fig.subtitle_en, f"Drawn in chapter {fig.notebook}.") if x
        ),
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": {"fields": fields},
        "sources": sources(fig, catalog),
        "licenses": [LICENCE],
    }


def sources(fig: Figure, catalog: Catalog) -> list[dict]:
    """The articles and outside sources behind a figure's values (a fact counts as its article)."""
    out: dict[str, dict] = {}
    for sid in fig.source_ids:
        e = catalog.entry(sid)
        if e.kind in ("fact", "article"):
            doc = e.doc_id if e.kind == "fact" else e.id
            title = catalog.docs.get(doc, {}).get("title", doc) if doc in catalog.docs else doc
            out.setdefault(doc, {"title": f"{title} ({e.outlet}, {e.published})", "path": provenance.href(doc)})
        elif e.kind == "reference":
            source = {"title": ", ".join(x for x in (e.source_title, e.source_publisher, e.source_date) if x)}
            if e.source_url:
                source["path"] = e.source_url
            out.setdefault(e.source_url or e.id, source)
    return list(out.values())


def descriptor(data: Inputs, version: str) -> dict:
    return {
        "profile": "tabular-data-package",
        "name": "baimo-figures",
        "title": "百模 baimo: the data behind every figure",
        "description": "One table per figure of the baimo chapters: the values drawn, each with the "
        "source_id of the fact, reference, assumption or article it comes from.",
        "version": version or "0.0.0",
        "licenses": [LICENCE],
        "contributors": [{"title": "baimo contributors", "role": "author"}],
        "resources": [resource(data.figures[f.id], data.catalog) for f in data.gallery],
    }


def write_data_package(out: Output, data: Inputs, version: str = "") -> dict:
    """``datapackage.json`` at the site root (beside ``figures/``) and the zip; what the index says of them."""
    desc = descriptor(data, version.replace("-", ".") if version else "")
    text = json.dumps(desc, ensure_ascii=False, indent=1) + "\n"
    out.write_bytes(DESCRIPTOR, text.encode("utf-8"))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        entries = [(DESCRIPTOR, text.encode("utf-8")), ("README.txt", README.encode("utf-8"))]
        for r in desc["resources"]:
            entries.append((r["path"], (data.figures_root / r["path"].removeprefix("figures/")).read_bytes()))
        for name, content in entries:
            info = zipfile.ZipInfo(name, _ZIP_DATE)
            info.compress_type, info.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            z.writestr(info, content)
    out.write_bytes(ARCHIVE, buf.getvalue())
    return {
        "zip": ARCHIVE,
        "descriptor": DESCRIPTOR,
        "tables": len(desc["resources"]),
        "bytes": len(buf.getvalue()),
    }
