"""The seed tables are parsed once per content: an edit is always seen, even one that keeps the
file's size and lands within the file system's timestamp resolution, and callers get copies."""

from __future__ import annotations

import shutil

import pytest

from baimo import csvtables, facts, paths


def test_an_edit_of_the_same_size_is_read_again(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("id,low\nX-1,10\n", encoding="utf-8")
    assert csvtables.read(path)[0].low.tolist() == ["10"]
    path.write_text("id,low\nX-1,90\n", encoding="utf-8")  # same size, same instant
    assert csvtables.read(path)[0].low.tolist() == ["90"]
    assert csvtables.indexed(path, "id", ("low",)).records == [{"id": "X-1", "low": 90}]


def test_callers_get_copies_not_the_parsed_table(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("id,low\nX-1,10\nX-2,oops\nX-1,30\n", encoding="utf-8")
    df, lines = csvtables.read(path)
    df.loc[0, "low"] = "changed"
    lines.append(99)
    assert csvtables.read(path)[0].low.tolist() == ["10", "oops", "30"]
    assert csvtables.read(path)[1] == [2, 3, 4]
    table = csvtables.indexed(path, "id", ("low",))
    assert table.rows_of == {"X-1": [0, 2], "X-2": [1]}
    assert table.frame.low.isna().tolist() == [False, True, False]  # not a number: NaN


def test_facts_see_an_edited_row_at_once(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(paths.SEEDS, seeds)
    fact = facts.facts(seeds).iloc[0]
    assert facts.value(fact.fact_id, seeds).low == fact.low
    table = (seeds / "facts.csv").read_text(encoding="utf-8")
    (seeds / "facts.csv").write_text(table.replace(f"{fact.fact_id},", f"{fact.fact_id}x,", 1), encoding="utf-8")
    with pytest.raises(KeyError, match=f"unknown id.*{fact.fact_id}"):
        facts.value(fact.fact_id, seeds)
    assert facts.facts(seeds, ids=[f"{fact.fact_id}x"]).fact_id.tolist() == [f"{fact.fact_id}x"]
