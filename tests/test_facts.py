"""Facts, references and assumptions: the real tables verify, and every rule catches a broken copy.

Each rule is tested on a copy of ``seeds/`` (and a scratch figures directory) in ``tmp_path`` with
one row broken on purpose; ``facts.verify`` must name the file, the line and the reason. One test
runs ``python -m baimo check`` itself against a scratch project (``BAIMO_ROOT``).
"""

from __future__ import annotations

import csv
import math
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from baimo import corpus, facts, paths, quantities, sources

#: Each theme notebook needs at least this many of the articles' own numbers (the smallest theme,
#: price_war, has 13: the seed articles say little about prices beyond the May 2024 cuts).
MIN_FACTS_PER_THEME = 10
MIN_FACTS = 60
PERIOD = re.compile(r"(?:\d{4}(?:E|Q[1-4]|H[12]|-\d{2})?)(?:/\d{4}(?:E|Q[1-4]|H[12]|-\d{2})?)?|projection|")
SNAKE = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")


# ---------------------------------------------------------------------------------------------
# Helpers: a scratch copy of the seeds with one cell changed


def read_rows(path: Path) -> tuple[list[str], list[dict]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def write_rows(path: Path, header: list[str], rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def edit(seeds: Path, table: str, row_id: str, **changes: str) -> int:
    """Change cells of the row whose id is ``row_id``; return its line number in the file."""
    header, rows = read_rows(seeds / table)
    id_col = header[0]
    (i,) = [n for n, r in enumerate(rows) if r[id_col] == row_id]
    rows[i].update(changes)
    write_rows(seeds / table, header, rows)
    return i + 2  # header is line 1; no field of these tables spans lines


def append_copy(seeds: Path, table: str, row_id: str, **changes: str) -> int:
    """Append a copy of row ``row_id`` (with ``changes``); return the new row's line number."""
    header, rows = read_rows(seeds / table)
    (row,) = [r for r in rows if r[header[0]] == row_id]
    rows.append({**row, **changes})
    write_rows(seeds / table, header, rows)
    return len(rows) + 1


@pytest.fixture
def seeds(tmp_path) -> Path:
    out = tmp_path / "seeds"
    shutil.copytree(paths.SEEDS, out)  # the articles too: the manifest check needs its files
    return out


@pytest.fixture
def figures(tmp_path) -> Path:
    """A figures root with one well-formed figure CSV (ids of all three kinds, and an article)."""
    root = tmp_path / "figures"
    (root / "99_scratch").mkdir(parents=True)
    (root / "99_scratch" / "verdicts.csv").write_text(
        "check,value,source_id\na,1,F-gpt4-tokens;R-epoch-gpt4-tokens\nb,2,A-cny-per-usd\nc,3,000_556574f2cf34673c\n",
        encoding="utf-8",
    )
    return root


def problems(seeds: Path, figures: Path) -> list[facts.Problem]:
    return facts.verify(seeds_dir=seeds, figures_root=figures)


def only(found: list[facts.Problem]) -> facts.Problem:
    assert len(found) == 1, "\n".join(map(str, found))
    return found[0]


# ---------------------------------------------------------------------------------------------
# The real tables


def test_real_tables_verify(seed_dataset):
    found = facts.verify()
    assert not found, "\n".join(map(str, found))


def test_scratch_copy_verifies(seed_dataset, seeds, figures):
    assert problems(seeds, figures) == []


def test_facts_cover_every_theme():
    table = facts.facts()
    per_theme = table.theme.value_counts()
    assert set(per_theme.index) == set(facts.THEMES)
    assert len(table) >= MIN_FACTS
    thin = {t: int(per_theme.get(t, 0)) for t in facts.THEMES if per_theme.get(t, 0) < MIN_FACTS_PER_THEME}
    assert not thin, f"themes with fewer than {MIN_FACTS_PER_THEME} facts: {thin}"


def test_every_quote_is_a_sentence_or_part_of_one(seed_dataset):
    sents = corpus.sentences()
    by_doc = {d: list(g.text) for d, g in sents.groupby("doc_id")}
    outside = [f.fact_id for f in facts.facts().itertuples() if not any(f.quote in s for s in by_doc[f.doc_id])]
    assert not outside, f"quotes that span sentences or are not in their article: {outside}"


def test_per_and_qualifier_are_what_extract_reads():
    """The verifier compares value and unit; the table's per and qualifier must agree with extract() too."""
    wrong = []
    for f in facts.facts().fillna("").itertuples():
        found = quantities.extract(f.quote, years=f.unit == "year")
        same = [
            q
            for q in found
            if (q.unit or facts.UNITLESS) == f.unit and math.isclose(q.low, f.low) and math.isclose(q.high, f.high)
        ]
        if not any((q.per or "") == f.per and (q.qualifier or "") == f.qualifier for q in same):
            wrong.append((f.fact_id, f.per, f.qualifier, [(q.surface, q.per, q.qualifier) for q in same]))
    assert not wrong, wrong


def test_fact_fields_are_well_formed():
    table = facts.facts().fillna("")
    assert all(SNAKE.fullmatch(m) for m in table.metric), [m for m in table.metric if not SNAKE.fullmatch(m)]
    assert all(PERIOD.fullmatch(p) for p in table.period), [p for p in table.period if not PERIOD.fullmatch(p)]
    assert (table.low <= table.high).all()
    units = quantities.UNITS | {facts.UNITLESS}
    assert set(table.unit) <= units
    assert set(table.per) <= quantities.PERS | {""}
    assert set(table.qualifier) <= quantities.QUALIFIERS | {""}


# ---------------------------------------------------------------------------------------------
# One broken copy per rule: verify() names file, line and reason


def test_quote_not_verbatim(seed_dataset, seeds, figures):
    line = edit(seeds, "facts.csv", "F-gpt4-tokens", quote="GPT-4训练涉及的数据量高达13万亿tokens")
    p = only(problems(seeds, figures))
    assert (p.file, p.line, p.row_id) == ("facts.csv", line, "F-gpt4-tokens")
    assert p.reason.startswith(
        "000_556574f2cf34673c: quote is not verbatim: it matches up to character 17, "
        "where the quote has '3' (U+0033) and the article has '2' (U+0032)"
    )
    assert "matched against the article's cleaned, simplified text" in p.reason


def test_quote_in_traditional_script_points_at_the_simplified_sentence(seed_dataset, seeds, figures):
    edit(seeds, "facts.csv", "F-gpt4-tokens", quote="據報導，GPT-4訓練涉及的數據量")
    p = only(problems(seeds, figures))
    assert "quote is not verbatim; the closest sentence of the article is 「" in p.reason
    assert "GPT-4训练涉及的数据量高达12万亿" in p.reason and "simplified text" in p.reason


def test_a_row_with_an_unquoted_comma_is_reported_as_a_field_count(seeds, figures):
    path = seeds / "references.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    (i,) = [n for n, line in enumerate(lines) if line.startswith("R-glm-3-turbo-after,")]
    lines[i] = lines[i].replace(",2024-05-11,", ",2024-05-11, extra,", 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    p = only(problems(seeds, figures))
    assert (p.file, p.line, p.row_id) == ("references.csv", i + 1, "R-glm-3-turbo-after")
    assert p.reason.startswith("16 fields where 15 are expected: a field holding a comma must be quoted")


def test_value_not_in_quote(seed_dataset, seeds, figures):
    line = edit(seeds, "facts.csv", "F-bytedance-capex-2025", low="1.5e11", high="1.5e11")
    p = only(problems(seeds, figures))
    assert (p.file, p.line, p.row_id) == ("facts.csv", line, "F-bytedance-capex-2025")
    assert p.reason.startswith("low=1.5e11 is not a CNY quantity extract() finds in the quote; extract() finds: ")
    assert "'1600亿元': 1.6e+11 CNY" in p.reason


def test_value_with_the_wrong_unit(seed_dataset, seeds, figures):
    line = edit(seeds, "facts.csv", "F-bytedance-capex-2025", unit="USD")
    p = only(problems(seeds, figures))
    assert p.line == line and p.reason.startswith(
        "low=1.6e11 is not a USD quantity extract() finds in the quote; extract() finds: '1600亿元': 1.6e+11 CNY"
    )


def test_year_not_stated(seed_dataset, seeds, figures):
    # 到2024年年中 (by mid-2024) names no calendar year that extract() reads: 年中 follows it
    line = edit(seeds, "facts.csv", "F-data-shortfall-p50", low="2024", high="2024", unit="year")
    p = only(problems(seeds, figures))
    assert (p.file, p.line, p.row_id) == ("facts.csv", line, "F-data-shortfall-p50")
    assert p.reason.startswith("low=2024 is not a year the quote states; extract() finds: ")


def test_repeated_id(seeds, figures):
    first = edit(seeds, "facts.csv", "F-gpt5-tokens")
    line = append_copy(seeds, "facts.csv", "F-gpt5-tokens")
    p = only(problems(seeds, figures))
    assert (p.file, p.line, p.row_id) == ("facts.csv", line, "F-gpt5-tokens")
    assert p.reason == f"id repeats facts.csv:{first}"


@pytest.mark.parametrize(
    "table, row_id, prefix",
    [
        ("facts.csv", "F-zhipu-round", "F-"),
        ("references.csv", "R-epoch-gpt4-tokens", "R-"),
        ("assumptions.csv", "A-cny-per-usd", "A-"),
    ],
)
def test_missing_prefix(seeds, figures, table, row_id, prefix):
    bare = row_id[2:]
    id_col = read_rows(seeds / table)[0][0]
    line = edit(seeds, table, row_id, **{id_col: bare})
    p = only(problems(seeds, figures))
    assert (p.file, p.line, p.row_id, p.reason) == (table, line, bare, f"id must start with {prefix}")


def test_empty_required_field(seeds, figures):
    line = edit(seeds, "facts.csv", "F-wenxin-subscription", quote="", unit="")
    p = only(problems(seeds, figures))
    assert (p.file, p.line, p.row_id) == ("facts.csv", line, "F-wenxin-subscription")
    assert p.reason == "required field(s) empty: unit, quote"


def test_unknown_doc_id(seed_dataset, seeds, figures):
    line = edit(seeds, "facts.csv", "F-zhipu-round", doc_id="009_0000000000000000")
    p = only(problems(seeds, figures))
    assert (p.file, p.line, p.row_id) == ("facts.csv", line, "F-zhipu-round")
    assert p.reason.startswith("doc_id 009_0000000000000000 is not in the manifest")


def test_unknown_theme(seeds, figures):
    line = edit(seeds, "facts.csv", "F-input-price-alibaba", theme="pricing")
    p = only(problems(seeds, figures))
    assert (p.file, p.line, p.row_id) == ("facts.csv", line, "F-input-price-alibaba")
    assert p.reason == "theme 'pricing' is not one of price_war, monetization, compute, data"


@pytest.mark.parametrize(
    "table, row_id, column",
    [
        ("facts.csv", "F-megascale-days-small", "low"),
        ("references.csv", "R-epoch-v2-exhaustion", "high"),
        ("assumptions.csv", "A-mfu-mid", "value"),
    ],
)
def test_non_numeric_value(seeds, figures, table, row_id, column):
    line = edit(seeds, table, row_id, **{column: "about 20"})
    p = only(problems(seeds, figures))
    assert (p.file, p.line, p.row_id) == (table, line, row_id)
    assert p.reason == f"{column} 'about 20' is not a number"


def test_figure_names_unknown_id(seed_dataset, seeds, figures):
    csv_path = figures / "99_scratch" / "verdicts.csv"
    csv_path.write_text(
        csv_path.read_text(encoding="utf-8") + "d,4,F-gpt4-tokens;F-no-such-fact\ne,5,\n", encoding="utf-8"
    )
    found = problems(seeds, figures)
    assert [(p.file, p.line, p.reason) for p in found] == [
        ("figures/99_scratch/verdicts.csv", 5, "source_id names unknown id(s): F-no-such-fact"),
        ("figures/99_scratch/verdicts.csv", 6, "source_id names unknown id(s): (empty)"),
    ]


def test_figure_without_source_id_column(seed_dataset, seeds, figures):
    (figures / "99_scratch" / "bare.csv").write_text("check,value\na,1\n", encoding="utf-8")
    p = only(problems(seeds, figures))
    assert (p.file, p.line, p.reason) == ("figures/99_scratch/bare.csv", 1, "no source_id column")


def test_figure_may_cite_a_fact_only_while_it_exists(seed_dataset, seeds, figures):
    """Removing a fact that a figure cites breaks the figure, not silently the chart."""
    header, rows = read_rows(seeds / "facts.csv")
    write_rows(seeds / "facts.csv", header, [r for r in rows if r["fact_id"] != "F-gpt4-tokens"])
    found = problems(seeds, figures)
    # the audit's review table names the fact too, and is reported as well
    assert {q.file for q in found if not q.file.startswith("figures/")} == {"claims_reviews.csv"}
    p = only([q for q in found if q.file.startswith("figures/")])
    assert (p.file, p.line, p.reason) == (
        "figures/99_scratch/verdicts.csv",
        2,
        "source_id names unknown id(s): F-gpt4-tokens",
    )


# ---------------------------------------------------------------------------------------------
# The command line, against a scratch project


def test_cli_check_passes_then_fails_naming_file_line_and_reason(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(paths.SEEDS, root / "seeds")
    (root / "figures").mkdir()
    env = {**os.environ, "BAIMO_ROOT": str(root)}

    def run():
        return subprocess.run(
            [sys.executable, "-m", "baimo", "check"], env=env, capture_output=True, text=True, timeout=300
        )

    ok = run()
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("baimo check: ok")

    line = edit(root / "seeds", "facts.csv", "F-megascale-cost", low="3e6", high="3e6")
    bad = run()
    assert bad.returncode == 1
    assert (
        f"seeds/facts.csv:{line} (F-megascale-cost): low=3e6 is not a CNY quantity extract() finds in the quote"
        in bad.stderr
    )
    assert "baimo check: 1 problem(s)" in bad.stderr


# ---------------------------------------------------------------------------------------------
# Reading the rows: bounds, table, cite


def test_bounds_follow_the_qualifier():
    F = facts.facts().set_index("fact_id", drop=False)
    assert F.qualifier["F-ai-market-2025"] == "over"  # 超过6万亿美元
    assert facts.bounds(F.loc["F-ai-market-2025"]) == (6e12, math.inf)
    assert F.qualifier["F-llm-companies-over-100m"] == "under"  # 不足 5 家
    assert facts.bounds(F.loc["F-llm-companies-over-100m"]) == (-math.inf, 5)
    assert F.qualifier["F-meta-capex-raise"] == "up_to"  # 至多100亿美元
    assert facts.bounds(F.loc["F-meta-capex-raise"]) == (-math.inf, 1e10)
    assert F.qualifier["F-training-cost-2025"] == "about"  # 接近50-100亿美元: a range, kept
    assert facts.bounds(F.loc["F-training-cost-2025"]) == (5e9, 1e10)
    assert facts.bounds(F.loc["F-gpt4-tokens"]) == (1.2e13, 1.2e13)
    # an itertuples row, a dict, a reference row and a missing qualifier read the same way
    row = next(F[F.fact_id == "F-ai-market-2025"].itertuples())
    assert facts.bounds(row) == (6e12, math.inf)
    assert facts.bounds({"low": 1, "high": 2, "qualifier": float("nan")}) == (1, 2)
    R = facts.references().set_index("ref_id")
    assert facts.bounds(R.loc["R-epoch-v2-exhaustion"]) == (
        R.low["R-epoch-v2-exhaustion"],
        R.high["R-epoch-v2-exhaustion"],
    )
    with pytest.raises(ValueError, match="qualifier"):
        facts.bounds({"low": 1, "high": 1, "qualifier": "nearly"})


def test_table_shows_each_id_with_value_unit_quote_and_source(seed_dataset):
    t = facts.table(
        [
            "F-gpt4-tokens",
            "F-data-shortfall-p90-year;R-epoch-v2-stock-interval",
            "A-cny-per-usd",
            "F-survey-sometimes",
            "F-gpt4-tokens",
            "F-wenxin-daily-calls-2024-11",
        ]
    )
    assert list(t.index) == [
        "F-gpt4-tokens",
        "F-data-shortfall-p90-year",
        "R-epoch-v2-stock-interval",
        "A-cny-per-usd",
        "F-survey-sometimes",
        "F-wenxin-daily-calls-2024-11",
    ]  # repeats dropped, cells split
    assert list(t.columns) == ["value", "unit", "qualifier", "quote", "source"]
    F = facts.facts().set_index("fact_id")
    gpt4 = t.loc["F-gpt4-tokens"]
    assert (gpt4.value, gpt4.unit) == ("12 tn", "tokens")  # 12万亿tokens
    assert gpt4.quote == F.quote["F-gpt4-tokens"] and gpt4.source == "A5专栏, 2024-08-15"
    assert (
        t.value["F-data-shortfall-p90-year"] == "2026" and t.value["F-survey-sometimes"] == "52.05"
    )  # not rounded away
    assert (
        t.unit["F-wenxin-daily-calls-2024-11"] == "none per day" and t.value["F-wenxin-daily-calls-2024-11"] == "1.5 bn"
    )
    ref = t.loc["R-epoch-v2-stock-interval"]
    R = facts.references().set_index("ref_id").loc["R-epoch-v2-stock-interval"]
    assert ref.value == "100 tn–1000 tn" and ref.quote == ""
    assert ref.source == f"{R.source_publisher}: {R.source_title} ({R.source_date})"
    A = facts.assumptions()
    assert (t.value["A-cny-per-usd"], t.source["A-cny-per-usd"]) == ("7.2", A.why["A-cny-per-usd"])
    with pytest.raises(KeyError):
        facts.table(["F-no-such-fact"])
    with pytest.raises(KeyError):
        facts.table(["000_556574f2cf34673c"])  # an article is not a row of the tables


def test_cite_and_outlet_from_the_manifest_or_a_documents_table():
    assert facts.cite("001_22442d4731984c15") == "24直播网, 2024-12"  # "(repost of …)" dropped
    assert facts.outlet("004_2ce58a2ea71ab375") == "定焦" and facts.outlet("003_6cb7593ecb247ef0") == "未署名"
    assert facts.cite("000_556574f2cf34673c", sep=" ") == "A5专栏 2024-08-15"
    other = (
        sources.read_manifest()
        .head(1)
        .assign(doc_id=["900_other"], outlet=["界面新闻 (repost)"], published=["2025-01"])
    )
    assert facts.cite("900_other", other) == "界面新闻, 2025-01"
    assert facts.cite("900_other", other.set_index("doc_id")) == "界面新闻, 2025-01"
    assert facts.cite("004_2ce58a2ea71ab375", other) == "定焦, 2024-07"  # the facts' articles: the seed manifest
    with pytest.raises(KeyError, match="unknown article"):
        facts.cite("900_other")


def test_a_curated_table_is_checked_for_ids_and_quotes(seed_dataset, seeds, figures):
    (seeds / "stances.csv").write_text(
        "doc_id,position,quote,fact_ids\n"
        "004_2ce58a2ea71ab375,ToB first,去年行业达成共识,To C 收费很难,F-wenxin-subscription\n"
        '004_2ce58a2ea71ab375,ToB first,"去年行业达成共识,To C 收费很难,先从 B 端入手。",'
        "F-wenxin-subscription;F-nothing\n"
        '004_2ce58a2ea71ab375,ToB first,"去年行业达成共识,To B 收费很难",F-wenxin-subscription\n',
        encoding="utf-8",
    )
    found = problems(seeds, figures)
    assert [(p.file, p.line) for p in found] == [("stances.csv", 2), ("stances.csv", 3), ("stances.csv", 4)]
    assert found[0].reason.startswith("5 fields where 4 are expected")
    assert found[1].reason.startswith("unknown id(s) F-nothing") and found[1].row_id == "004_2ce58a2ea71ab375"
    assert "quote is not verbatim: it matches up to character 13, where the quote has 'B'" in found[2].reason
    assert facts.curated("stances", seeds).shape == (3, 4)
    with pytest.raises(FileNotFoundError, match="the curated tables are: .*stances"):
        facts.curated("stance", seeds)


# ---------------------------------------------------------------------------------------------
# Hedges and date conflicts: what the sentence says about a number, kept and checked


def test_the_hedge_and_the_date_conflict_are_kept():
    v = facts.value("F-openai-revenue-early-2024-forum")  # 据报道显示,2024年年初,OpenAI的年收入已超过34亿美元
    assert (v.hedge, v.hedge_kinds, v.date_conflict) == ("据报道", ["据报道 reported"], "R-openai-arr-2024-06")
    assert facts.date_flag(v) == "2024-06 (文章称 article: 2024-01)"
    assert facts.hedge_note(facts.value("F-opencsg-revenue")) == "预计 forecast"  # 预期
    assert facts.value("F-gpt4-tokens").words == "高达12万亿tokens"  # 高达 is read from the quote
    assert facts.value("R-openai-arr-2024-06").words == ""  # a reference has no quote
    assert set(facts.FACT_EXTRA) <= set(facts.facts().columns)


def test_hedges_near_a_quote():
    text = "天量的资金。据报道显示,2024年年初,OpenAI的年收入已超过34亿美元,但OpenAI仍在亏损。"
    sentence, found = facts.hedges_near(text, "2024年年初,OpenAI的年收入已超过34亿美元")
    assert sentence == "据报道显示,2024年年初,OpenAI的年收入已超过34亿美元" and found == ["据报道"]
    # a hedge two clauses back is in the sentence (may be recorded) but not required
    text = "有机构曾预测过,未来到2025年,市场将超过6万亿美元,2017年-2025年复合增长率达30%。"
    sentence, found = facts.hedges_near(text, "2017年-2025年复合增长率达30%")
    assert sentence.startswith("有机构") and found == []
    meta = "Meta将今年的支出预测提高了至多100亿美元"  # 支出预测: the noun "spending forecast", not a hedge
    assert facts.hedges_near(meta + "。", meta)[1] == []


def test_a_hedge_the_quote_makes_must_be_recorded(seed_dataset, seeds, figures):
    line = edit(seeds, "facts.csv", "F-openai-revenue-early-2024-forum", hedge="")
    p = only(problems(seeds, figures))
    assert (p.file, p.line, p.row_id) == ("facts.csv", line, "F-openai-revenue-early-2024-forum")
    assert p.reason == "the quote or the clause before it hedges with 据报道: record it in the hedge column"


def test_a_hedge_must_be_hedge_words_of_the_sentence(seed_dataset, seeds, figures):
    line = edit(seeds, "facts.csv", "F-gpt4-tokens", hedge="据说")
    p = only(problems(seeds, figures))
    assert (p.line, p.row_id) == (line, "F-gpt4-tokens") and p.reason.startswith("hedge '据说' is none of the hedges")
    edit(seeds, "facts.csv", "F-gpt4-tokens", hedge="")
    line = edit(seeds, "facts.csv", "F-zhipu-round", hedge="据报道")
    p = only(problems(seeds, figures))
    assert (p.line, p.reason) == (line, "hedge '据报道' is not in the quote's sentence, before the quote's end")


def test_a_date_conflict_names_a_reference_that_dates_the_figure_otherwise(seed_dataset, seeds, figures):
    line = edit(seeds, "facts.csv", "F-openai-raise", date_conflict="R-nope")
    p = only(problems(seeds, figures))
    assert (p.line, p.reason) == (line, "date_conflict R-nope is not a reference id (references.csv)")
    edit(seeds, "facts.csv", "F-openai-raise", date_conflict="R-openai-talks-2024-09-raise")  # the same month
    p = only(problems(seeds, figures))
    assert p.reason == (
        "date_conflict R-openai-talks-2024-09-raise must be a reference to OpenAI dated other than 2024-09"
    )
    edit(seeds, "facts.csv", "F-openai-raise", date_conflict="R-msft-capex-2024q1")  # another company's
    assert only(problems(seeds, figures)).reason.startswith("date_conflict R-msft-capex-2024q1 must be")
