"""The corpus: manifest → raw bytes (any encoding) → clean → sentences → tokens, as a dataset.

A corpus dataset is a directory with Parquet tables ``documents/``, ``sentences/``, ``tokens/``,
``changes/`` (the cleaning audit) and ``quantities/``, each ``part-*.parquet``, plus ``meta.json``.
The seed dataset lives at ``build/corpus/`` and is rebuilt only when its content key changes; any
other dataset (a large corpus built by ``baimo corpus build --src DIR --out DIR``, see
``baimo.engines``) is read from where it is, with the same layout.

An article's metadata comes from a manifest row or, for a file no manifest lists, from a header
at the top of the file itself (``split_header``): ``key: value`` lines, then one blank line.
"""

from __future__ import annotations

import functools
import importlib.metadata as md
import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from baimo import cache, clean, fileops, mojibake, paths, segment
from baimo import quantities as qty
from baimo.sources import CorpusError, read_article, read_manifest

TABLES = ("documents", "sentences", "tokens", "changes", "quantities")
FORMAT_VERSION = cache.CORPUS_FORMAT


# ---------------------------------------------------------------------------------------------
# Sentences

_SENTENCE_END = re.compile(r"[。！？!?]+[”’」』）)\"]*")


def split_sentences(text: str) -> list[tuple[int, int, int]]:
    """(paragraph number, start, end) for each sentence; paragraphs are lines of ``text``."""
    out = []
    pos = 0
    for para, line in enumerate(text.split("\n")):
        start = 0
        for m in _SENTENCE_END.finditer(line):
            if line[start : m.end()].strip():
                out.append((para, pos + start, pos + m.end()))
            start = m.end()
        if line[start:].strip():
            out.append((para, pos + start, pos + len(line)))
        pos += len(line) + 1
    return out


# ---------------------------------------------------------------------------------------------
# The mojibake repair's evidence: what the site's annotator reads, across the seed articles


def seed_evidence(seeds_dir: Path | None = None) -> mojibake.Evidence:
    """The pinyin readings the site's annotator gives anywhere in the seed articles (``X(reading)``
    in their raw text), which the mojibake repair of any article may use to pin hidden bytes
    (``clean.clean(evidence=…)``). Read once per directory and process; a seed that cannot be
    read contributes nothing."""
    return _seed_evidence(str(seeds_dir or paths.SEEDS))


@functools.lru_cache(maxsize=4)
def _seed_evidence(directory: str) -> mojibake.Evidence:
    def text(f: Path) -> str:  # seeds added by `baimo add` may be GB18030, Big5, UTF-16 …
        try:
            return read_article(f, raw=True)
        except CorpusError:
            return ""

    return mojibake.Evidence.from_texts(text(f) for f in sorted(Path(directory).glob("*.txt")))


# ---------------------------------------------------------------------------------------------
# Building one document

MIN_CHARS = 50  # a text that cleans down to fewer characters is not an article (``baimo add`` refuses it too)


@dataclass
class Document:
    row: dict
    cleaned: clean.Cleaned


def clean_document(
    row: dict, seeds_dir: Path, *, raw: str | None = None, evidence: mojibake.Evidence | None = None
) -> Document:
    """Read (unless ``raw`` is given: the text after a header), check the script, clean.
    An empty ``row["script"]`` (a header without one) takes the measured script. ``evidence``
    is what the mojibake repair may use besides the article's own annotations (default: the seed
    articles' readings, ``seed_evidence()``)."""
    path = seeds_dir / row["file"]
    if raw is None:
        raw = read_article(path)
    measured, ratio = clean.measure_script(raw)
    if not row["script"]:
        row = {**row, "script": measured}
    if measured != row["script"]:
        raise CorpusError(
            f"{path}: manifest says script={row['script']} but {ratio:.1%} of its CJK characters "
            f"change under OpenCC t2s (threshold {clean.TRADITIONAL_THRESHOLD:.0%}): fix the manifest row"
        )
    cleaned = clean.clean(
        raw,
        title=row["title"],
        traditional=row["script"] == "traditional",
        evidence=seed_evidence() if evidence is None else evidence,
    )
    if len(cleaned.text) < MIN_CHARS:
        raise CorpusError(f"{path}: cleans down to {len(cleaned.text)} characters; is it an article?")
    return Document(row, cleaned)


def _audit_columns(c: clean.Cleaned) -> dict[str, int]:
    moj = c.kinds("mojibake")
    return {
        "chrome_lines": c.counts()["chrome"],
        "chrome_chars": c.removed_chars("chrome"),
        "mojibake_repaired": moj.get("repaired", 0),
        "mojibake_partial": moj.get("partial", 0),
        "mojibake_masked": moj.get("masked", 0),
        "mojibake_lost_char": moj.get("lost_char", 0),
        "pinyin_removed": c.counts()["pinyin"],
        "t2s_spans": c.counts()["t2s"],
        "zhe_fixed": c.counts()["zhe"],
        "fullwidth_fixed": c.kinds("width").get("fullwidth", 0),
    }


def document_columns(doc: Document, *, tokenizer: str = "jieba") -> dict[str, dict[str, list]]:
    """What one document contributes to each table (``TABLES``), as columns (name → values).
    ``tokenizer`` picks the segmentation backend (``segment.BACKENDS``); quantities are found per
    sentence (calendar years included, as unit ``year``), with offsets into the document's text.
    Columns rather than rows: a large corpus makes hundreds of thousands of tokens per MB."""
    text = doc.cleaned.text
    doc_id = doc.row["doc_id"]
    sents = split_sentences(text)
    document = {
        **doc.row,
        "text": text,
        "n_chars": len(text),
        "n_sentences": len(sents),
        **_audit_columns(doc.cleaned),
        "stated_metadata": json.dumps(doc.cleaned.metadata, ensure_ascii=False, sort_keys=True),
    }
    sentences: dict[str, list] = {
        "doc_id": [doc_id] * len(sents),
        "para": [],
        "sent": [],
        "start": [],
        "end": [],
        "text": [],
    }
    tok_sent, tok_pos, tok_token = [], [], []
    quantities: dict[str, list] = {
        k: []
        for k in ("doc_id", "sent", "start", "end", "surface", "low", "high", "unit", "per", "qualifier", "carried")
    }
    for i, (para, start, end) in enumerate(sents):
        sentence = text[start:end]
        for k, v in (("para", para), ("sent", i), ("start", start), ("end", end), ("text", sentence)):
            sentences[k].append(v)
        toks = segment.tokenize(sentence, backend=tokenizer)
        tok_sent.extend([i] * len(toks))
        tok_pos.extend(range(len(toks)))
        tok_token.extend(toks)
        for q in qty.extract(sentence, years=True):
            for k, v in (
                ("doc_id", doc_id),
                ("sent", i),
                ("start", start + q.start),
                ("end", start + q.end),
                ("surface", q.surface),
                ("low", q.low),
                ("high", q.high),
                ("unit", q.unit),
                ("per", q.per),
                ("qualifier", q.qualifier),
                ("carried", q.carried),
            ):
                quantities[k].append(v)
    changes = doc.cleaned.changes
    return {
        "documents": {k: [v] for k, v in document.items()},
        "sentences": sentences,
        "tokens": {"doc_id": [doc_id] * len(tok_token), "sent": tok_sent, "pos": tok_pos, "token": tok_token},
        "changes": {
            "doc_id": [doc_id] * len(changes),
            "rule": [c.rule for c in changes],
            "kind": [c.kind for c in changes],
            "start": [c.start for c in changes],
            "end": [c.end for c in changes],
            "before": [c.before for c in changes],
            "after": [c.after for c in changes],
        },
        "quantities": quantities,
    }


def extend_columns(into: dict[str, dict[str, list]], doc_columns: dict[str, dict[str, list]]) -> None:
    """Append one document's ``document_columns`` to the columns gathered so far, per table
    (a table the document has no rows in is left as it is)."""
    for table, cols in doc_columns.items():
        if cols["doc_id"]:
            gathered = into[table]
            for name, values in cols.items():
                gathered.setdefault(name, []).extend(values)


SCHEMAS = {
    "sentences": {
        "doc_id": "string",
        "para": "int32",
        "sent": "int32",
        "start": "int32",
        "end": "int32",
        "text": "string",
    },
    "tokens": {"doc_id": "string", "sent": "int32", "pos": "int32", "token": "string"},
    "changes": {
        "doc_id": "string",
        "rule": "string",
        "kind": "string",
        "start": "int32",
        "end": "int32",
        "before": "string",
        "after": "string",
    },
    "quantities": {
        "doc_id": "string",
        "sent": "int32",
        "start": "int32",
        "end": "int32",
        "surface": "string",
        "low": "float64",
        "high": "float64",
        "unit": "string",
        "per": "string",
        "qualifier": "string",
        "carried": "bool",
    },
}


def frame(table: str, rows: list[dict] | dict[str, list]) -> pd.DataFrame:
    """Rows (a list of dicts, or columns: a dict of lists) → the table's typed DataFrame."""
    df = pd.DataFrame(rows)
    if table in SCHEMAS:
        df = df.reindex(columns=list(SCHEMAS[table])).astype(SCHEMAS[table])
    else:
        df = df.astype({c: "string" for c in df.columns if df[c].dtype == object or str(df[c].dtype) == "str"})
    return df


# ---------------------------------------------------------------------------------------------
# Writing and reading a dataset


def parquet_bytes(data: pd.DataFrame | pa.Table) -> bytes:
    """A DataFrame (or an Arrow table already typed like one, see ``engines``) as a Parquet file."""
    table = data if isinstance(data, pa.Table) else pa.Table.from_pandas(data, preserve_index=False)
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd", write_statistics=True)
    return sink.getvalue().to_pybytes()


def write_dataset(frames: dict[str, pd.DataFrame], out: Path, meta: dict) -> Path:
    """Write tables into a sibling temp dir and swap it into place, so readers never see half a dataset."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    for name, df in frames.items():
        (tmp / name).mkdir(parents=True)
        (tmp / name / "part-00000.parquet").write_bytes(parquet_bytes(df))
    (tmp / "meta.json").write_text(
        json.dumps(meta, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    fileops.swap_dir(tmp, out)
    return out


def build_seed_dataset(out: Path | None = None, *, seeds_dir: Path | None = None, force: bool = False) -> Path:
    """Clean, split and segment the seed articles into ``out`` (default ``build/corpus``).

    Skipped when ``out/meta.json`` already records the current content key (unless ``force``).
    """
    out = Path(out or paths.CORPUS)
    seeds_dir = Path(seeds_dir or paths.SEEDS)
    key = cache.seed_corpus_key(seeds_dir)
    if not force and _stored_key(out) == key:
        return out
    manifest = read_manifest(seeds_dir / "manifest.csv", seeds_dir=seeds_dir)
    columns: dict[str, dict[str, list]] = {t: {} for t in TABLES}
    for row in manifest.to_dict("records"):
        extend_columns(columns, document_columns(clean_document(row, seeds_dir)))
    frames = {t: frame(t, columns[t]) for t in TABLES}
    meta = {
        "content_key": key,
        "engine": "local",
        "format": FORMAT_VERSION,
        "baimo": md.version("baimo"),
        "jieba": md.version("jieba"),
        "opencc": md.version("opencc"),
        "tokenizer": "jieba",
        "documents": len(frames["documents"]),
    }
    return write_dataset(frames, out, meta)


def _stored_key(out: Path) -> str | None:
    fileops.restore_interrupted_swap(out)
    try:
        meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None
    if not all((out / t).is_dir() for t in TABLES):
        return None
    return meta.get("content_key")


def dataset_dir(corpus_dir: Path | str | None = None) -> Path:
    """The dataset to read: the seed dataset (built on demand) or an existing one at ``corpus_dir``."""
    if corpus_dir is None:
        return build_seed_dataset()
    d = Path(corpus_dir)
    if not (d / "meta.json").exists():
        raise CorpusError(f"{d}: not a corpus dataset (no meta.json); build one with `python -m baimo corpus build`")
    return d


def read_table(name: str, corpus_dir: Path | str | None = None, columns: list[str] | None = None) -> pd.DataFrame:
    d = dataset_dir(corpus_dir) / name
    if corpus_dir is None:
        cache.record_read("seed_corpus", paths.SEEDS)  # keyed by the seeds, not by build/corpus
    else:
        cache.record_read("corpus", corpus_dir)
    if not d.is_dir():
        raise CorpusError(f"{d}: table {name} missing from the dataset")
    return pd.read_parquet(d, columns=columns)


def load(corpus_dir: Path | str | None = None) -> pd.DataFrame:
    """The documents table: manifest columns, clean simplified ``text``, lengths and audit counts."""
    return read_table("documents", corpus_dir)


def sentences(corpus_dir: Path | str | None = None) -> pd.DataFrame:
    """doc_id, para, sent, start, end (offsets into the document's text), text."""
    return read_table("sentences", corpus_dir)


def tokens(corpus_dir: Path | str | None = None) -> pd.DataFrame:
    return read_table("tokens", corpus_dir)


def changes(corpus_dir: Path | str | None = None) -> pd.DataFrame:
    """The cleaning audit: one row per change any rule made (doc_id, rule, kind, span, before, after)."""
    return read_table("changes", corpus_dir)


def quantities(corpus_dir: Path | str | None = None) -> pd.DataFrame:
    """Numeric mentions (``baimo.quantities.extract`` per sentence, calendar years as unit
    ``year``): doc_id, sent, start, end (offsets into the document's text), surface, low, high,
    unit, per, qualifier, carried (the unit is a currency the sentence states earlier)."""
    return read_table("quantities", corpus_dir)
