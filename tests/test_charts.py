"""baimo.charts: every mark carries its row's source ids, top N keeps an honest remainder, labels
wrap, log axes draw zero at a labelled floor — on real rows of the seed tables."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import re

import pandas as pd
import pytest

from baimo import charts, facts, plotting, provenance, themes


@pytest.fixture(autouse=True)
def _style():
    with matplotlib.rc_context():
        plotting.use_style()
        yield


def gids(chart: charts.Chart) -> list[str]:
    return [a.get_gid() for a in chart.fig.findobj() if a.get_gid()]


def gpu_rows() -> pd.DataFrame:
    rows = facts.facts(theme="compute")
    rows = rows[rows.unit == "gpus"].assign(label=lambda d: d.entity, source_id=lambda d: d.fact_id)
    return rows.sort_values("high", ascending=False).reset_index(drop=True)


def test_every_bar_and_value_label_is_tagged_with_its_row():
    data = pd.DataFrame(
        {"label": ["a", "b", "c"], "n": [3, 2, 1], "source_id": ["F-gpt4-tokens", "A-cny-per-usd", "F-x;R-y"]}
    )
    chart = charts.bars(data, value="n", label="label", xlabel="n")
    ids = [provenance.parse_mark_id(g) for g in gids(chart)]
    assert ids.count(["F-gpt4-tokens"]) == 2 and ids.count(["F-x", "R-y"]) == 2  # the bar and its label
    assert all(re.fullmatch(r"m\d+-[A-Za-z0-9_.-]+", g) for g in gids(chart))  # valid XML ids


def test_top_n_says_how_many_are_left_out_and_keeps_them_in_the_data():
    data = pd.DataFrame({"label": list("abcde"), "n": [5, 1, 4, 2, 3], "source_id": ["A-cny-per-usd"] * 5})
    chart = charts.bars(data, value="n", label="label", xlabel="n", limit=2)
    assert chart.note.startswith("另有 3 篇文章未显示 · 3 more articles not shown")
    assert sorted(chart.data.label[chart.data.shown]) == ["a", "c"]  # the two largest
    assert len(chart.data) == 5
    assert [t.get_text() for t in chart.fig.axes[0].get_yticklabels()] == ["a", "c"]
    assert charts.bars(data, value="n", label="label", xlabel="n", limit=5).note == ""


def test_dots_mark_an_open_end_and_write_the_hedge():
    chart = charts.dots(
        gpu_rows(), low="low", high="high", label="label", qualifier="qualifier", log=True, xlabel="GPUs"
    )
    texts = [t.get_text() for t in chart.fig.axes[0].texts]
    over = gpu_rows()[gpu_rows().qualifier == "over"]
    assert len(over) and all(any(t.startswith(">") for t in texts) for _ in over.itertuples())
    markers = {line.get_marker() for line in chart.fig.axes[0].lines}
    assert ">" in markers  # an open upper end is an arrowhead
    ranged = gpu_rows()[gpu_rows().high > gpu_rows().low]
    assert any("–" in t for t in texts) == (len(ranged) > 0)


def test_a_zero_on_a_log_axis_sits_at_a_labelled_floor():
    data = pd.DataFrame(
        {"label": ["free", "cheap", "dear"], "price": [0.0, 0.5, 120.0], "source_id": ["A-cny-per-usd"] * 3}
    )
    chart = charts.dots(data, low="price", label="label", log=True, floor_label="免费 free", xlabel="price")
    ax = chart.fig.axes[0]
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks[0] == "免费 free"
    floor = ax.get_xticks()[0]
    assert 0 < floor < 0.5 and ax.lines[0].get_xdata()[0] == floor


def test_heatmap_writes_counts_and_leaves_zero_blank():
    data = pd.DataFrame(
        {
            "term": ["算力", "算力", "数据", "数据"],
            "doc": ["000", "001", "000", "001"],
            "n": [3, 0, 1, 2],
            "source_id": ["000_556574f2cf34673c"] * 4,
        }
    )
    chart = charts.heatmap(data, row="term", col="doc", value="n", xlabel="article")
    texts = sorted(t.get_text() for t in chart.fig.axes[0].texts)
    assert texts == ["1", "2", "3"]
    assert len([g for g in gids(chart)]) == 4 + 3  # a cell each, a number on each non-zero cell


def test_long_labels_wrap_at_display_columns():
    label = "百度智能云 Baidu AI Cloud: large-model revenue share of the second quarter"
    lines = charts.wrap(label, 30).split("\n")
    assert len(lines) > 1 and all(plotting.text_columns(x) <= 30 for x in lines)
    assert charts.wrap("短标签", 30) == "短标签"


def test_saved_svg_carries_the_mark_ids(tmp_path):
    data = gpu_rows()
    chart = charts.dots(data, low="low", high="high", label="label", log=True, xlabel="GPUs")
    plotting.save_figure(chart, "gpus", title_zh="测试", title_en="test", notebook="98_scratch", out_dir=tmp_path)
    svg = (tmp_path / "gpus.svg").read_text(encoding="utf-8")
    for fid in data.fact_id:
        assert re.search(rf'id="m\d+-{re.escape(fid)}"', svg), fid


def test_shares_draws_each_articles_theme_share_largest_first_with_its_counts(seed_dataset):
    rows = themes.score(seed_dataset).documents
    rows = rows[rows.theme == "compute"].assign(label=lambda d: d.doc_id, source_id=lambda d: d.doc_id)
    chart = charts.shares(rows.sample(frac=1, random_state=0), theme="compute", limit=3)
    drawn = chart.data[chart.data.shown]
    assert list(drawn.share) == sorted(rows.share, reverse=True)[:3]
    top = rows.loc[rows.share.idxmax()]
    assert drawn.value_text.iloc[0].strip().endswith(f"({top.sentences}/{top.n_sentences})")
    assert chart.note.startswith(f"另有 {len(rows) - 3} 篇文章未显示")
    assert {provenance.parse_mark_id(g)[0] for g in gids(chart)} == set(drawn.source_id)


def test_arrows_run_from_before_to_after_with_both_ends_labelled_and_tagged():
    cuts = [
        ("Qwen-Long", "R-qwen-long-before", "R-qwen-long-after"),
        ("GLM-3-Turbo", "R-glm-3-turbo-before", "R-glm-3-turbo-after"),
    ]
    data = pd.DataFrame(
        [
            {"model": m, "before": facts.value(b).low, "after": facts.value(a).low, "source_id": f"{b};{a}"}
            for m, b, a in cuts
        ]
    )
    chart = charts.arrows(data, before="before", after="after", label="model", xlabel="元 per million tokens", log=True)
    ax = chart.fig.axes[0]
    arrows = [t for t in ax.texts if t.arrow_patch is not None]
    assert [(a.xyann[0], a.xy[0]) for a in arrows] == list(zip(data.before, data.after, strict=True))
    labels = {t.get_text() for t in ax.texts if t.get_text()}
    assert {"20", "0.5", "5", "1"} <= labels
    assert ax.get_xscale() == "log" and ax.get_xlim()[0] < data.after.min()
    ids = [provenance.parse_mark_id(g) for g in gids(chart)]
    assert ids.count(list(cuts[0][1:])) == 5  # the arrow, both ends and both labels
