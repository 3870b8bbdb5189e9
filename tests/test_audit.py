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


# ---------------------------------------------------------------------------------------------
# A stated number as an interval (audit.stated), and two intervals judged (audit.judge)

INF = math.inf


@pytest.mark.parametrize(
    "x, half",
    [
        (1.2e13, 0.5e12),  # 12万亿: the last written digit is the 万亿's
        (3.4e9, 0.5e8),  # 34亿
        (1.5e9, 0.5e8),  # 15亿
        (7.5, 0.05),
        (52.05, 0.005),
        (1.11, 0.005),
        (200, 50),  # 200 元左右: a round figure's zeros are not written digits
        (6e11, 0.5e11),  # 6000亿
        (5e7, 0.5e7),  # 5000万
        (0, 0),  # 免费: nothing to round
    ],
)
def test_half_unit_of_the_last_written_digit(x, half):
    assert audit.half_unit(x) == pytest.approx(half)


def test_over_opens_upwards():  # 超过/逾/超/多 X → [X, ∞)
    assert audit.stated(1.5e9, 1.5e9, "over", "用量超15亿") == audit.Interval(1.5e9, INF, "over")
    assert audit.stated(0.5, 0.5, "over", "半个多月").bounds == (0.5, INF)


def test_under_and_up_to_open_downwards():  # 不到/不足/至多 X → (−∞, X]
    assert audit.stated(5, 5, "under", "的不足 5 家") == audit.Interval(-INF, 5, "under")
    assert audit.stated(1e10, 1e10, "up_to", "至多100亿美元").bounds == (-INF, 1e10)


def test_near_reaches_x_from_below():  # 近/接近 X → (−∞, X], though extract() reads it as about
    assert audit.stated(20, 20, "about", "练接近20天") == audit.Interval(-INF, 20, "near")
    assert audit.stated(2, 2, "about", "训练近2天").bounds == (-INF, 2)
    assert audit.stated(120, 120, "about", "在今年近120起").bounds == (-INF, 120)


def test_as_much_as_is_x_to_its_last_digit():  # 高达 X → [X − ½, X + ½], at most X + ½
    got = audit.stated(1.2e13, 1.2e13, "", "量高达12万亿tokens")
    assert got.reading == "as_much_as"
    assert got.bounds == pytest.approx((11.5e12, 12.5e12))


def test_about_and_a_number_as_written_cover_half_a_unit_either_side():
    assert audit.stated(200, 200, "about", "花 200 元左右") == audit.Interval(150, 250, "about")
    assert audit.stated(30, 30, "about", "长约30倍") == audit.Interval(25, 35, "about")
    assert audit.stated(7.5, 7.5, "", "增长7.5倍").bounds == pytest.approx((7.45, 7.55))
    assert audit.stated(7.5, 7.5).reading == "stated"


def test_ranges_stay_ranges_and_years_stay_years():
    assert audit.stated(3.5e9, 4.5e9, "", "创收35至45亿美元") == audit.Interval(3.5e9, 4.5e9, "range")
    assert audit.stated(50, 60, "about", "约为50%-60%") == audit.Interval(50, 60, "range")
    assert audit.stated(2026, 2026, "", "到2026年", unit="year") == audit.Interval(2026, 2026, "year")


def test_a_threshold_is_flat_whatever_its_sentence_says():  # 年产值超过6000亿美元才够支付
    got = audit.stated(6e11, 6e11, "over", "值超过 6000 亿美元", reading="threshold")
    assert got.reading == "threshold" and got.bounds == (5.5e11, 6.5e11)


@pytest.mark.parametrize(
    "period, low, high",
    [
        ("2024", 2024, 2025),
        ("2024Q1", 2024, 2024.25),
        ("2024Q2", 2024.25, 2024.5),
        ("2024-01", 2024, 2024 + 1 / 12),
        ("2024-06", 2024 + 5 / 12, 2024.5),
        ("2023-12", 2023 + 11 / 12, 2024),
    ],
)
def test_period_interval(period, low, high):
    got = audit.period_interval(period)
    assert (got.low, got.high) == (pytest.approx(low), pytest.approx(high)) and got.reading == "period"


def test_gap_between_nearest_ends():
    assert audit.gap((1, 2), (3, 4)) == -1  # computed below the claim
    assert audit.gap((5, 6), (3, 4)) == 1  # above
    assert audit.gap((1, 3), (2, INF)) == 0  # they meet
    assert audit.gap((6.5, INF), (7.45, 7.55)) == 0


def test_judge_compares_intervals_and_names_the_rule():
    claim = audit.stated(7.5, 7.5)  # 增长7.5倍 → [7.45, 7.55]
    plus = audit.Interval(6.5, INF, "computed; 超 (over) opens it upwards")  # 超15亿 / 2亿 − 1
    got = audit.judge(plus, claim, 0.375, as_stated=((6.5, 6.5), (7.5, 7.5)))
    assert (got.verdict, got.distance) == (audit.CONSISTENT, 0)
    assert got.rule == "intervals meet, as read: claim stated, computed computed; 超 (over) opens it upwards"
    bare = audit.judge(audit.Interval(6.5, 6.5), claim, 0.375)  # as if 超15亿 were exactly 15亿
    assert bare.verdict == audit.INCONSISTENT and bare.rule == audit.BEYOND
    assert bare.distance == pytest.approx((6.5 - 7.45) / 0.375)
    # within the tolerance, but not meeting: the distance is between the nearest ends
    tencent = audit.judge(audit.stated(87.5, 87.5), audit.stated(90, 90, "over"), 4.5)
    assert (tencent.verdict, tencent.rule) == (audit.CONSISTENT, audit.WITHIN)
    assert tencent.distance == pytest.approx((87.55 - 90) / 4.5)
    none = audit.judge(audit.Interval(1, 2), None, 0.1)
    assert none.verdict == audit.UNVERIFIABLE and math.isnan(none.distance) and none.rule == audit.NO_CLAIM


def test_every_reading_is_described():
    assert {"over", "under", "near", "as_much_as", "about", "stated", "range", "year", "threshold"} <= set(
        audit.READINGS
    )
