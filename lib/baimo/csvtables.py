"""The CSV tables of ``seeds/`` (facts, references, assumptions, curated tables), parsed once per
content.

A chapter reads the same tables hundreds of times (every value it draws, every figure's id
check; the claims audit asks for ~900 values): each file is parsed once per content (a hash of
its bytes, so an edited file is always parsed again) and handed out as copies or read-only views.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

_PARSED: dict[bytes, tuple[pd.DataFrame, list[int]]] = {}
_INDEXED: dict[tuple, Indexed] = {}
_KEEP = 64  # tests write many small tables; a chapter reads a handful


@dataclass(frozen=True)
class Indexed:
    """A table with its numeric columns as numbers; shared, so callers select and never modify."""

    frame: pd.DataFrame
    rows_of: dict[str, list[int]]  # id → its row numbers (the frame's index)
    records: list[dict]  # the rows as dicts, for one-row lookups


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def read(path: Path) -> tuple[pd.DataFrame, list[int]]:
    """The table's rows (every field stripped, all text) and the line each row ends on (a copy)."""
    data = Path(path).read_bytes()
    df, lines = _parse(_digest(data), data)
    return df.copy(), list(lines)


def _parse(digest: bytes, data: bytes) -> tuple[pd.DataFrame, list[int]]:
    if digest not in _PARSED:
        if len(_PARSED) > _KEEP:
            _PARSED.clear()
        reader = csv.DictReader(io.StringIO(data.decode("utf-8"), newline=""))
        rows, lines = [], []
        for row in reader:
            rows.append({k: (v or "").strip() for k, v in row.items() if k is not None})
            lines.append(reader.line_num)
        _PARSED[digest] = (pd.DataFrame(rows, columns=reader.fieldnames or []), lines)
    return _PARSED[digest]


def typed(df: pd.DataFrame, numeric: list[str]) -> pd.DataFrame:
    """A copy of ``df`` with ``numeric`` columns as numbers (NaN where a cell is not one)."""
    df = df.copy()
    for col in numeric:
        df[col] = pd.to_numeric(df[col], errors="coerce")
    return df


def indexed(path: Path, id_col: str, numeric: tuple[str, ...]) -> Indexed:
    """The table at ``path`` typed and indexed by ``id_col`` (shared, read-only)."""
    data = Path(path).read_bytes()
    key = (_digest(data), id_col, numeric)
    if key not in _INDEXED:
        if len(_INDEXED) > _KEEP:
            _INDEXED.clear()
        df = typed(_parse(key[0], data)[0], list(numeric))
        rows_of: dict[str, list[int]] = {}
        for row, i in enumerate(df[id_col]):
            rows_of.setdefault(i, []).append(row)
        _INDEXED[key] = Indexed(df, rows_of, df.to_dict("records"))
    return _INDEXED[key]


def field_counts(path: Path) -> dict[int, int]:
    """Line number (where a record ends, as ``DictReader.line_num`` counts) → number of fields."""
    with Path(path).open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        counts = {}
        for record in reader:
            counts[reader.line_num] = len(record)  # line_num advances as the reader reads the record
        return counts
