"""baimo.audit: the claim-check arithmetic, each function against a hand computation."""

from __future__ import annotations

import math

import pytest

from baimo import audit


def test_cagr_and_its_inverse():
    # data-services market 45亿 (2023) → 170亿 (2028): five years
    rate = audit.cagr(45e8, 170e8, 5)
    assert rate == pytest.approx((170 / 45) ** 0.2 - 1)
    assert audit.project(45e8, rate, 5) == pytest.approx(170e8)
    assert audit.implied_base(170e8, rate, 5) == pytest.approx(45e8)
    with pytest.raises(ValueError):
        audit.cagr(0, 1, 5)


def test_implied_base_of_a_6_trillion_market_at_30_percent():
    base = audit.implied_base(6e12, 0.30, 2025 - 2017)
    assert base == pytest.approx(6e12 / 1.3**8)
    assert 7.3e11 < base < 7.4e11


def test_growth_readings_of_zengzhang_bei():
    r = audit.growth_readings(15e8, 2e8)
    assert r == {"times": 7.5, "increase": 6.5}


def test_training_compute_and_days():
    flops = audit.training_flops(175e9, 300e9)
    assert flops == pytest.approx(3.15e23)
    days = audit.training_days(flops, 1000, 312e12, 0.5)
    assert days == pytest.approx(3.15e23 / (1000 * 312e12 * 0.5) / 86400)
    assert audit.training_days(flops, 10000, 312e12, 0.5) == pytest.approx(days / 10)
    with pytest.raises(ValueError):
        audit.training_days(flops, 1000, 312e12, 1.5)


def test_compound_error():
    assert audit.compound_error(0.10, 5) == pytest.approx(1 - 0.9**5)
    assert audit.compound_error(0.20, 5) == pytest.approx(0.67232)


def test_annualise_and_convert():
    assert audit.annualise(120e8, "quarter") == 480e8
    assert audit.annualise(20, "month") == 240
    with pytest.raises(ValueError, match="cannot annualise"):
        audit.annualise(1, "fortnight")
    assert audit.convert(7.2e9, 1 / 7.2) == pytest.approx(1e9)


def test_verdicts():
    assert audit.verdict(102, 100, 0.05) == audit.CONSISTENT
    assert audit.verdict(110, 100, 0.05) == audit.INCONSISTENT
    assert audit.verdict(None, 100, 0.05) == audit.UNVERIFIABLE
    assert audit.within(0.5, 0.41, 0.67) == audit.CONSISTENT
    assert audit.within(0.7, 0.41, 0.67) == audit.INCONSISTENT
    assert audit.share_total([69, 16, 11, 3]) == 99


# ---------------------------------------------------------------------------------------------
# audit.price_cut / audit.price_before_cut (added for this notebook)


def test_price_cut_by_hand():
    assert audit.price_cut(20, 0.5) == pytest.approx(0.975)  # Qwen-Long 0.02 → 0.0005 元/千tokens
    assert audit.price_cut(5, 1) == pytest.approx(0.8)  # GLM-3-Turbo
    assert audit.price_cut(120, 0) == 1  # made free
    assert audit.price_cut(1, 1) == 0
    with pytest.raises(ValueError):
        audit.price_cut(0, 1)
    with pytest.raises(ValueError):
        audit.price_cut(1, -1)


def test_price_before_cut_is_the_inverse():
    assert audit.price_before_cut(15, 0.875) == pytest.approx(120)  # hunyuan-standard-256k, implied
    assert audit.price_before_cut(0.5, 0.975) == pytest.approx(20)
    for before, after in ((20, 0.5), (5, 1), (7.3, 2.1)):
        assert audit.price_before_cut(after, audit.price_cut(before, after)) == pytest.approx(before)
    with pytest.raises(ValueError):
        audit.price_before_cut(0, 1)  # free leaves no trace of the old price
    with pytest.raises(ValueError):
        audit.price_before_cut(1, -0.1)


# -- audit.growth_split (added to baimo.audit for this chapter) ---------------------------------


def test_growth_split_by_hand():
    out = audit.growth_split(0.9, 0.4)  # grew 90%, 40% of the new total from one part
    assert out["total"] == pytest.approx(1.9)
    assert out["part"] == pytest.approx(0.76)
    assert out["rest"] == pytest.approx(1.14)
    assert out["part_of_growth_max"] == pytest.approx(0.76 / 0.9)
    assert audit.growth_split(0.1, 0.5)["part_of_growth_max"] == 1.0  # a part bigger than the growth: capped
    assert audit.growth_split(1.0, 0.0)["rest"] == pytest.approx(2.0)
    for growth, share in ((0, 0.4), (-0.2, 0.4), (0.9, 1.2), (0.9, -0.1)):
        with pytest.raises(ValueError):
            audit.growth_split(growth, share)


# ---------------------------------------------------------------------------------------------
# audit.py additions


def test_gpu_hours_by_hand():
    assert audit.gpu_hours(1000, 20) == 1000 * 20 * 24 == 480_000
    assert audit.gpu_hours(10_000, 2) == audit.gpu_hours(1000, 20)


def test_training_gpu_hours_by_hand_and_independent_of_cluster_size():
    flops = 6 * 175e9 * 300e9  # 3.15e23
    hours = audit.training_gpu_hours(flops, 312e12, 0.5)
    assert hours == pytest.approx(3.15e23 / (312e12 * 0.5) / 3600)
    assert hours == pytest.approx(560_897.4, abs=0.1)
    for gpus in (1000, 10_000):
        assert audit.training_days(flops, gpus, 312e12, 0.5) * gpus * 24 == pytest.approx(hours)
    with pytest.raises(ValueError):
        audit.training_gpu_hours(flops, 312e12, 0)


# ---------------------------------------------------------------------------------------------
# audit.decimal_year (added to baimo.audit for this notebook)


@pytest.mark.parametrize(
    "date, expected",
    [
        ("2024", 2024.0),
        ("2024-06", 2024.5),  # end of June: 年中 "mid-year"
        ("2022-11", 2022 + 11 / 12),
        ("2024-12", 2025.0),  # end of December is the start of the next year
        ("2024-06-30", 2024.5),  # the last day of a month is the end of that month
        ("2024-08-15", 2024 + 7 / 12 + 15 / 31 / 12),
        ("2023-02-28", 2023 + 1 / 12 + 28 / 28 / 12),
    ],
)
def test_decimal_year(date, expected):
    assert math.isclose(audit.decimal_year(date), expected, rel_tol=0, abs_tol=1e-12)


@pytest.mark.parametrize("bad", ["", "2024-13", "2024-02-30", "2024/06", "mid-2024", "2024-06-01-01"])
def test_decimal_year_rejects(bad):
    with pytest.raises(ValueError):
        audit.decimal_year(bad)
