"""baimo.tables: what a reader sees — human headings, formatted cells, no index, links to sentences."""

from __future__ import annotations

import math

import pandas as pd

from baimo import facts, tables


def test_reader_table_formats_cells_and_hides_the_index():
    df = pd.DataFrame(
        {
            "fact_id": ["F-gpt4-tokens"],
            "usd_per_year": [4.8e10],
            "year": [2024.0],
            "share": [math.nan],
            "quote": [facts.value("F-gpt4-tokens").quote],
        }
    )
    html = tables.reader_table(df, caption="A test table").to_html()
    assert "A test table" in html and "USD per year" in html and ">Year<" in html
    assert "48,000,000,000" in html and "e+" not in html and "2,024" not in html and ">2024<" in html
    assert "nan" not in html.lower() and "—" in html
    assert 'href="../articles/000_556574f2cf34673c.html#F-gpt4-tokens"' in html
    assert "row_heading" not in html and "white-space: normal" in html


def test_reader_table_says_when_it_shows_only_the_first_rows():
    df = pd.DataFrame({"n": range(30), "source_id": ["A-cny-per-usd"] * 30})
    html = tables.reader_table(df, limit=10, caption="Rows").to_html()
    assert "(first 10 of 30 rows)" in html


def test_quote_links_the_sentence():
    md = tables.quote("F-gpt4-tokens").data
    v = facts.value("F-gpt4-tokens")
    assert md.startswith(f"> 「{v.quote}」") and "(../articles/000_556574f2cf34673c.html#F-gpt4-tokens)" in md
    assert tables.said("F-gpt4-tokens") == f"「{v.quote}」 (A5专栏, 2024-08-15)"
