"""The claim-check arithmetic, each against a hand computation."""
from __future__ import annotations

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
    assert base == pytest.approx(6e12 / 1.3 ** 8)
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
    assert audit.compound_error(0.10, 5) == pytest.approx(1 - 0.9 ** 5)
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
