"""baimo.formatting: the one formatter for charts, tables and prose."""

from __future__ import annotations

import math

import pytest

from baimo import formatting as f


@pytest.mark.parametrize(
    "x, text",
    [
        (1234.5, "1,234"),
        (12.345, "12.3"),
        (0.0008, "0.0008"),
        (97.0, "97"),
        (2e11, "200,000,000,000"),
        (0, "0"),
        (-0.25, "-0.25"),
        (float("nan"), "—"),
        (None, "—"),
    ],
)
def test_number_never_writes_scientific_notation(x, text):
    assert f.number(x) == text
    assert "e+" not in f.number(1.6e15)


def test_scaled_in_both_languages():
    assert (f.scaled(4.8e10), f.scaled(4.8e10, "zh")) == ("48 bn", "480亿")
    assert (f.scaled(1.2e13), f.scaled(1.2e13, "zh")) == ("12 tn", "12万亿")
    assert f.scaled(6.17e7, "zh") == "6,170万"


def test_money_percent_and_years():
    assert f.money(1.6e11, "CNY") == "¥160 bn" and f.money(1.6e11, "CNY", lang="zh") == "1,600亿元"
    assert f.money(0.8, "CNY", per="million_tokens") == "0.8 CNY per million tokens"
    assert f.percent(0.975, fraction=True) == "97.5%" and f.percent(653) == "653%"
    assert f.year(2024.0) == "2024" and f.years(2024, 2027) == "2024–2027" and f.year(2026.5) == "2026.5"


@pytest.mark.parametrize(
    "args, text",
    [
        ((50, 60, "percent", None, "about"), "≈50–60%"),
        ((90, 90, "percent", None, "over"), ">90%"),
        ((3.4e9, None, "USD"), "$3.4 bn"),
        ((2026, 2032, "year"), "2026–2032"),
        ((1, 2, "CNY", "million_tokens"), "1–2 CNY per million tokens"),
        ((1e3, 1e4, "gpus"), "1,000–10,000 GPUs"),
        ((6.17e7, 6.17e7, "none", None, ""), "61.7 m"),
    ],
)
def test_value_writes_the_interval_with_its_hedge(args, text):
    assert f.value(*args) == text


def test_cell():
    assert f.cell(math.nan) == "—" and f.cell(True) == "yes" and f.cell(1.5e12) == "1,500,000,000,000"
    assert f.cell("文本") == "文本"
