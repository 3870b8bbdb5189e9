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

import csv
import functools
import json
import os
import re
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from baimo import cache, clean, fileops, paths

MANIFEST_COLUMNS = ["doc_id", "file", "title", "outlet", "author", "published", "date_basis", "script", "url", "notes"]
REQUIRED = ["doc_id", "file", "title", "outlet", "published", "date_basis", "script"]
DATE_BASES = {"stated", "repost", "inferred"}
SCRIPTS = {"traditional", "simplified"}
TABLES = ("documents", "sentences", "tokens", "changes", "quantities")
FORMAT_VERSION = cache.CORPUS_FORMAT


class CorpusError(ValueError):
    """Bad input: the message names the file (and line) and says what is wrong."""


# ---------------------------------------------------------------------------------------------
# Manifest

def parse_published(value: str) -> str:
    """ISO date (YYYY-MM-DD) or month (YYYY-MM); returns it normalised, raises ValueError otherwise."""
    m = re.fullmatch(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?", value.strip())
    if not m:
        raise ValueError(f"published {value!r} is not YYYY-MM-DD or YYYY-MM")
    y, mo, d = int(m[1]), int(m[2]), int(m[3] or 1)
    date(y, mo, d)  # raises on 2024-13 or 2024-02-30
    return f"{y:04d}-{mo:02d}" + (f"-{d:02d}" if m[3] else "")


def read_manifest(path: Path | None = None, *, seeds_dir: Path | None = None) -> pd.DataFrame:
    """Read and validate the manifest; a bad row fails with ``manifest.csv:LINE: reason``."""
    path = Path(path or paths.MANIFEST)
    seeds_dir = Path(seeds_dir or path.parent)
    if not path.exists():
        raise CorpusError(f"{path}: manifest not found")
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in MANIFEST_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise CorpusError(f"{path}:1: header lacks column(s) {', '.join(missing)}")
        rows, seen = [], {}
        for row in reader:
            line = reader.line_num
            where = f"{path}:{line}"
            if None in row or any(v is None for v in row.values()):
                raise CorpusError(f"{where}: wrong number of fields (expected {len(reader.fieldnames)})")
            row = {k: v.strip() for k, v in row.items()}
            empty = [c for c in REQUIRED if not row[c]]
            if empty:
                raise CorpusError(f"{where}: required field(s) empty: {', '.join(empty)}")
            if row["doc_id"] in seen:
                raise CorpusError(f"{where}: doc_id {row['doc_id']} repeats line {seen[row['doc_id']]}")
            seen[row["doc_id"]] = line
            if Path(row["file"]).stem != row["doc_id"]:
                raise CorpusError(f"{where}: doc_id {row['doc_id']} is not the stem of file {row['file']}")
            if not (seeds_dir / row["file"]).is_file():
                raise CorpusError(f"{where}: file {row['file']} does not exist in {seeds_dir}")
            try:
                row["published"] = parse_published(row["published"])
            except ValueError as exc:
                raise CorpusError(f"{where}: {exc}") from None
            if row["date_basis"] not in DATE_BASES:
                raise CorpusError(f"{where}: date_basis {row['date_basis']!r} is not one of {sorted(DATE_BASES)}")
            if row["script"] not in SCRIPTS:
                raise CorpusError(f"{where}: script {row['script']!r} is not one of {sorted(SCRIPTS)}")
            rows.append(row)
    if not rows:
        raise CorpusError(f"{path}: manifest has no rows")
    return pd.DataFrame(rows, columns=MANIFEST_COLUMNS)


# ---------------------------------------------------------------------------------------------
# Metadata in the file's own header

HEADER_KEYS = ("title", "outlet", "author", "published", "date_basis", "script", "url", "notes")
HEADER_REQUIRED = ("title", "outlet", "published")
_HEADER_LINE = re.compile(r"([a-z_]+)[ \t]*[:：][ \t]*(.*)")


def split_header(text: str, path: Path | str, *, doc_id: str | None = None, file: str | None = None) -> tuple[dict, str]:
    """Metadata from the header at the top of an article, and the body after it.

    The header is ``key: value`` lines (keys in ``HEADER_KEYS``) ended by one blank line::

        title: 大模型价格战的下半场
        outlet: 36氪
        published: 2024-08-15

        正文……

    ``title``, ``outlet`` and ``published`` are required; ``date_basis`` defaults to ``stated``;
    a missing ``script`` is measured from the text (``clean.traditional_ratio``). ``doc_id`` is the
    file's stem. Returns a manifest row (``MANIFEST_COLUMNS``) and the body text.
    """
    path = Path(path)
    lines = text.split("\n")
    row: dict[str, str] = {}
    i = 0
    while i < len(lines) and lines[i].strip():
        m = _HEADER_LINE.fullmatch(lines[i].strip().lstrip("\ufeff"))
        if not m or m[1] not in HEADER_KEYS:
            if i == 0:
                raise CorpusError(f"{path}: no metadata: the file has no header (`title: …` lines, then a blank line) "
                                  "and no manifest row")
            raise CorpusError(f"{path}:{i + 1}: header line {lines[i].strip()[:40]!r} is not `key: value` with a key "
                              f"in {', '.join(HEADER_KEYS)} (end the header with a blank line)")
        if m[1] in row:
            raise CorpusError(f"{path}:{i + 1}: header key {m[1]} repeats")
        row[m[1]] = m[2].strip()
        i += 1
    if i == len(lines):
        raise CorpusError(f"{path}: header is not followed by a blank line and the article")
    missing = [k for k in HEADER_REQUIRED if not row.get(k)]
    if missing:
        raise CorpusError(f"{path}: header lacks {', '.join(missing)}")
    try:
        row["published"] = parse_published(row["published"])
    except ValueError as exc:
        raise CorpusError(f"{path}: {exc}") from None
    row.setdefault("date_basis", "stated")
    if row["date_basis"] not in DATE_BASES:
        raise CorpusError(f"{path}: date_basis {row['date_basis']!r} is not one of {sorted(DATE_BASES)}")
    if row.get("script") and row["script"] not in SCRIPTS:
        raise CorpusError(f"{path}: script {row['script']!r} is not one of {sorted(SCRIPTS)}")
    out = {c: row.get(c, "") for c in MANIFEST_COLUMNS}
    out["doc_id"] = doc_id or path.stem
    out["file"] = file or path.name
    return out, "\n".join(lines[i + 1:])


# ---------------------------------------------------------------------------------------------
# Reading raw articles

_BOMS = [(b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")]
# File signatures of formats researchers save by mistake instead of text.
_MAGIC = [
    (b"%PDF", "a PDF document"), (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"), (b"PK\x03\x04", "a ZIP archive (.docx, .xlsx, .epub are ZIP archives)"),
    (b"\x1f\x8b", "a gzip archive"), (b"\xd0\xcf\x11\xe0", "an old Word/Excel document"),
    (b"Rar!", "a RAR archive"), (b"7z\xbc\xaf", "a 7z archive"), (b"\x7fELF", "a program"),
]
HTML_SUFFIXES = (".html", ".htm")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def read_article(path: Path, *, raw: bool = False) -> str:
    """Decode an article file: UTF-8 (with or without BOM), UTF-16 (with or without BOM), GB18030
    or Big5. A saved web page (``.html``/``.htm``) becomes its text (``baimo.add.html_to_text``)
    unless ``raw``.

    Refuses, naming the file, an empty, binary or truncated file and bytes that decode in none of them.
    """
    data = Path(path).read_bytes()
    cache.record_read("file", path)
    text = _decode(Path(path), data)
    if len(_CONTROL.findall(text)) > max(2, len(text) // 100):
        raise CorpusError(f"{path}: binary file (control characters in the text); save the article as text (.txt) or as a web page (.html)")
    if not raw and Path(path).suffix.lower() in HTML_SUFFIXES:
        from baimo.add import html_to_text

        return html_to_text(text)
    return text


PLAUSIBLE_SHARE = 0.9  # Chinese prose: ~99.7% of its characters are common; a misread: ~50%


def common_character_share(text: str) -> float | None:
    """Share of the CJK characters of ``text`` (in simplified form) that are among the 3,755
    common characters of GB 2312 level 1; None without CJK characters. Real Chinese prose scores
    about 0.99; bytes decoded in the wrong Chinese encoding, or byte soup, scatter over the whole
    code table and score about half that."""
    from baimo import clean

    cjk = [c for c in clean._t2s().convert(text) if "\u4e00" <= c <= "\u9fff"]
    if not cjk:
        return None
    return sum(1 for c in cjk if _gb2312_level1(c)) / len(cjk)


def _reads_as_chinese(text: str) -> bool:
    share = common_character_share(text)
    return share is None or share >= PLAUSIBLE_SHARE  # no CJK at all: nothing to judge by


@functools.lru_cache(maxsize=None)
def _gb2312_level1(c: str) -> bool:
    try:
        return 0xB0 <= c.encode("gb2312")[0] <= 0xD7  # rows 16-55: level 1, by frequency of use
    except UnicodeEncodeError:
        return False


def _truncated(path: Path, enc: str, n: int) -> CorpusError:
    return CorpusError(f"{path}: the file ends in the middle of a {enc} character ({n} stray byte(s) at the end): "
                       "it looks truncated (cut off while saving or copying); save the article again")


def _decode(path: Path, data: bytes) -> str:
    if not data.strip():
        raise CorpusError(f"{path}: file is empty")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise CorpusError(f"{path}: binary file ({what}), not text; save the article as text (.txt) or as a web page (.html)")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc)
            except UnicodeDecodeError as exc:
                if exc.end >= len(data) - 1:
                    raise _truncated(path, "UTF-16" if enc == "utf-16" else "UTF-8", len(data) - exc.start) from None
                raise CorpusError(f"{path}: starts with a {enc.upper()} byte-order mark but is not {enc.upper()}; re-save the file as UTF-8") from None
    if b"\0" in data:
        # UTF-16 saved without a byte-order mark: accept only if it reads as text in one byte order.
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            plain = sum(1 for c in text if c.isprintable() or c in "\n\r\t")
            if "\0" not in text and plain >= 0.98 * len(text):
                return text
        raise CorpusError(f"{path}: binary file (NUL bytes and no UTF-16 byte-order mark); save the article as text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data":
            raise _truncated(path, "UTF-8", len(data) - exc.start) from None
    # GB18030 accepts almost any Big5 byte stream, so trying decoders in turn would misread Big5
    # as GB mojibake: let a detector rank the Chinese encodings by how plausible the text is,
    # then confirm with a strict decode.
    import charset_normalizer

    best = charset_normalizer.from_bytes(data, cp_isolation=["gb18030", "big5", "big5hkscs"]).best()
    readings: dict[str, str] = {}
    if best is not None:
        try:
            readings[best.encoding] = data.decode(best.encoding)
        except UnicodeDecodeError:
            pass
        else:
            if _reads_as_chinese(readings[best.encoding]):
                return readings[best.encoding]
    # The detector gives up on a few real texts (3 in 6,000 generated GB18030 articles) and takes
    # some byte soup for GB18030: read the bytes strictly in each Chinese encoding and keep the
    # reading that looks most like Chinese, if any does.
    for enc in ("gb18030", "big5hkscs"):
        if enc not in readings:
            try:
                readings[enc] = data.decode(enc)
            except UnicodeDecodeError:
                continue
    if readings:
        enc, text = max(readings.items(), key=lambda r: common_character_share(r[1]) or 0.0)
        if _reads_as_chinese(text):
            return text
    # A file cut off inside a multi-byte character decodes once its last byte or two are gone.
    for n in (1, 2, 3):
        guess = charset_normalizer.from_bytes(data[:-n], cp_isolation=["gb18030", "big5", "big5hkscs"]).best()
        if guess is not None and guess.encoding not in readings:  # the whole file did not decode in it
            try:
                cut = data[:-n].decode(guess.encoding)
            except UnicodeDecodeError:
                continue
            if not _reads_as_chinese(cut):
                continue
            raise _truncated(path, {"gb18030": "GB18030", "big5": "Big5"}.get(guess.encoding, guess.encoding), n)
    if readings:
        raise CorpusError(
            f"{path}: the bytes decode as {' or '.join(n.upper() for n in sorted(readings))} but do not read as "
            f"Chinese (only {common_character_share(text) or 0:.0%} of the characters are common ones); "
            "re-save the file as UTF-8")
    raise CorpusError(f"{path}: bytes are not UTF-8, UTF-16, GB18030 or Big5; re-save the file as UTF-8")


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
            if line[start:m.end()].strip():
                out.append((para, pos + start, pos + m.end()))
            start = m.end()
        if line[start:].strip():
            out.append((para, pos + start, pos + len(line)))
        pos += len(line) + 1
    return out


# ---------------------------------------------------------------------------------------------
# Building one document

@dataclass
class Document:
    row: dict
    cleaned: clean.Cleaned


def clean_document(row: dict, seeds_dir: Path, *, raw: str | None = None) -> Document:
    """Read (unless ``raw`` is given: the text after a header), check the script, clean.
    An empty ``row["script"]`` (a header without one) takes the measured script."""
    path = seeds_dir / row["file"]
    if raw is None:
        raw = read_article(path)
    ratio = clean.traditional_ratio(clean.PINYIN_ANNOTATION.sub("", raw))
    measured = "traditional" if ratio > clean.TRADITIONAL_THRESHOLD else "simplified"
    if not row["script"]:
        row = {**row, "script": measured}
    if measured != row["script"]:
        raise CorpusError(
            f"{path}: manifest says script={row['script']} but {ratio:.1%} of its CJK characters "
            f"change under OpenCC t2s (threshold {clean.TRADITIONAL_THRESHOLD:.0%}): fix the manifest row"
        )
    cleaned = clean.clean(raw, title=row["title"], traditional=row["script"] == "traditional")
    if len(cleaned.text) < 50:
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
    from baimo import quantities as qty
    from baimo import segment  # jieba loads only when a corpus is actually built

    text = doc.cleaned.text
    doc_id = doc.row["doc_id"]
    sents = split_sentences(text)
    document = {
        **doc.row, "text": text, "n_chars": len(text), "n_sentences": len(sents),
        **_audit_columns(doc.cleaned),
        "stated_metadata": json.dumps(doc.cleaned.metadata, ensure_ascii=False, sort_keys=True),
    }
    sentences: dict[str, list] = {"doc_id": [doc_id] * len(sents), "para": [], "sent": [], "start": [], "end": [], "text": []}
    tok_sent, tok_pos, tok_token = [], [], []
    quantities: dict[str, list] = {k: [] for k in ("doc_id", "sent", "start", "end", "surface", "low", "high", "unit", "per", "qualifier")}
    for i, (para, start, end) in enumerate(sents):
        sentence = text[start:end]
        for k, v in (("para", para), ("sent", i), ("start", start), ("end", end), ("text", sentence)):
            sentences[k].append(v)
        toks = segment.tokenize(sentence, backend=tokenizer)
        tok_sent.extend([i] * len(toks))
        tok_pos.extend(range(len(toks)))
        tok_token.extend(toks)
        for q in qty.extract(sentence, years=True):
            for k, v in (("doc_id", doc_id), ("sent", i), ("start", start + q.start), ("end", start + q.end),
                         ("surface", q.surface), ("low", q.low), ("high", q.high), ("unit", q.unit),
                         ("per", q.per), ("qualifier", q.qualifier)):
                quantities[k].append(v)
    changes = doc.cleaned.changes
    return {
        "documents": {k: [v] for k, v in document.items()},
        "sentences": sentences,
        "tokens": {"doc_id": [doc_id] * len(tok_token), "sent": tok_sent, "pos": tok_pos, "token": tok_token},
        "changes": {"doc_id": [doc_id] * len(changes), "rule": [c.rule for c in changes], "kind": [c.kind for c in changes],
                    "start": [c.start for c in changes], "end": [c.end for c in changes],
                    "before": [c.before for c in changes], "after": [c.after for c in changes]},
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
    "sentences": {"doc_id": "string", "para": "int32", "sent": "int32", "start": "int32", "end": "int32", "text": "string"},
    "tokens": {"doc_id": "string", "sent": "int32", "pos": "int32", "token": "string"},
    "changes": {"doc_id": "string", "rule": "string", "kind": "string", "start": "int32", "end": "int32", "before": "string", "after": "string"},
    "quantities": {"doc_id": "string", "sent": "int32", "start": "int32", "end": "int32", "surface": "string",
                   "low": "float64", "high": "float64", "unit": "string", "per": "string", "qualifier": "string"},
}


def _frame(table: str, rows: list[dict] | dict[str, list]) -> pd.DataFrame:
    """Rows (a list of dicts, or columns: a dict of lists) → the table's typed DataFrame."""
    df = pd.DataFrame(rows)
    if table in SCHEMAS:
        df = df.reindex(columns=list(SCHEMAS[table])).astype(SCHEMAS[table])
    else:
        df = df.astype({c: "string" for c in df.columns if df[c].dtype == object or str(df[c].dtype) == "str"})
    return df


# ---------------------------------------------------------------------------------------------
# Writing and reading a dataset

def _write_parquet(df, path: Path) -> None:
    """Write a DataFrame (or an Arrow table already typed like one, see ``engines``) as Parquet."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = df if isinstance(df, pa.Table) else pa.Table.from_pandas(df, preserve_index=False)
    pq.write_table(table, path, compression="zstd", write_statistics=True)


def seed_key(seeds_dir: Path | None = None) -> str:
    return cache.seed_corpus_key(seeds_dir)


def write_dataset(frames: dict[str, pd.DataFrame], out: Path, meta: dict) -> Path:
    """Write tables into a sibling temp dir and swap it into place, so readers never see half a dataset."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    for name, df in frames.items():
        (tmp / name).mkdir(parents=True)
        _write_parquet(df, tmp / name / "part-00000.parquet")
    (tmp / "meta.json").write_text(json.dumps(meta, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    fileops.swap_dir(tmp, out)
    return out


def build_seed_dataset(out: Path | None = None, *, seeds_dir: Path | None = None, force: bool = False) -> Path:
    """Clean, split and segment the seed articles into ``out`` (default ``build/corpus``).

    Skipped when ``out/meta.json`` already records the current content key (unless ``force``).
    """
    import importlib.metadata as md

    out = Path(out or paths.CORPUS)
    seeds_dir = Path(seeds_dir or paths.SEEDS)
    key = seed_key(seeds_dir)
    if not force and _stored_key(out) == key:
        return out
    manifest = read_manifest(seeds_dir / "manifest.csv", seeds_dir=seeds_dir)
    columns: dict[str, dict[str, list]] = {t: {} for t in TABLES}
    for row in manifest.to_dict("records"):
        extend_columns(columns, document_columns(clean_document(row, seeds_dir)))
    frames = {t: _frame(t, columns[t]) for t in TABLES}
    meta = {
        "content_key": key, "engine": "local", "format": FORMAT_VERSION,
        "baimo": md.version("baimo"), "jieba": md.version("jieba"), "opencc": md.version("opencc"),
        "tokenizer": "jieba", "documents": len(frames["documents"]),
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
    unit, per, qualifier."""
    return read_table("quantities", corpus_dir)
