"""baimo.plotting: CJK font, house style, deterministic bilingual figure export."""

from __future__ import annotations

import io
import json
import re
import warnings

import matplotlib

matplotlib.use("Agg")

import pandas as pd
import pytest
from matplotlib import font_manager
from matplotlib.figure import Figure

from baimo import paths, plotting
from baimo.text import columns as text_columns

SEED = "004_2ce58a2ea71ab375.txt"
SOURCE_ID = SEED.removesuffix(".txt")
WORDS = ["价格战", "大模型", "零一万物"]


@pytest.fixture(autouse=True)
def _isolated(monkeypatch):
    """Keep rcParams and the environment of other tests untouched."""
    for var in ("BAIMO_FIGURES_DIR", "BAIMO_NOTEBOOK", "JPY_SESSION_NAME"):
        monkeypatch.delenv(var, raising=False)
    with matplotlib.rc_context():
        plotting.use_style()
        yield


@pytest.fixture
def strict_glyphs():
    """Turn matplotlib's 'Glyph … missing from font' warning into an error."""
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=r"Glyph .* missing from font", category=UserWarning)
        yield


@pytest.fixture(scope="module")
def seed_title() -> str:
    title = (paths.SEEDS / SEED).read_text(encoding="utf-8").splitlines()[0].strip()
    assert title == "2024过半,AI卷到哪儿了?"
    return title


def _data() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "word": WORDS,
            "count": [4, 50, 2],
            "share": [4 / 56, 50 / 56, 2 / 56],
            "source_id": [SOURCE_ID] * 3,
        }
    )


def _figure(title: str, data: pd.DataFrame) -> Figure:
    fig = Figure()
    ax = fig.subplots()
    ax.bar(data["word"], data["count"], color=plotting.THEME_COLORS["price_war"])
    ax.set_title(title)
    ax.set_ylabel("出现次数 Mentions (count)")
    ax.set_xlabel("词 Word")
    return fig


def _save(fig, data, out_dir, name="word_counts", **kw):
    kw.setdefault("notebook", "nb_test")
    return plotting.save_figure(
        fig,
        name,
        data,
        title_zh="价格战与大模型",
        title_en="Price war and large models",
        out_dir=out_dir,
        **kw,
    )


# ---------------------------------------------------------------------------------- font, style


def test_sc_face_is_used_for_cjk():
    path = font_manager.findfont(font_manager.FontProperties(family=plotting.FONT_FAMILY))
    assert str(path) == str(plotting.font_path())
    assert path.face_index != 0  # face 0 of the collection is JP
    font = font_manager.get_font(path)
    assert font.family_name == "Noto Sans CJK SC"
    assert font.get_char_index(ord("价")) != 0
    # the fallback chain matplotlib renders with: SC first, then the Latin fallback
    chain = font_manager.fontManager._find_fonts_by_props(
        font_manager.FontProperties(family=matplotlib.rcParams["font.family"])
    )
    assert font_manager.get_font(chain[0]).family_name == "Noto Sans CJK SC"
    assert font_manager.get_font(chain[1]).family_name == "DejaVu Sans"


def test_use_style_is_idempotent():
    before = len(font_manager.fontManager.ttflist)
    plotting.use_style()
    plotting.use_style()
    assert len(font_manager.fontManager.ttflist) == before
    rc = matplotlib.rcParams
    assert rc["font.family"][:2] == ["Noto Sans CJK SC", "DejaVu Sans"]
    assert rc["axes.unicode_minus"] is False
    assert rc["svg.fonttype"] == "path"
    assert rc["svg.hashsalt"]
    assert not rc["axes.spines.top"] and not rc["axes.spines.right"]


def test_theme_colors():
    assert set(plotting.THEME_COLORS) == {"price_war", "monetization", "compute", "data", "corpus"}
    assert len(set(plotting.THEME_COLORS.values())) == len(plotting.THEME_COLORS)
    for colour in plotting.THEME_COLORS.values():
        assert matplotlib.colors.is_color_like(colour)
    assert plotting.theme_color("compute") == plotting.THEME_COLORS["compute"]
    with pytest.raises(KeyError, match="unknown theme"):
        plotting.theme_color("nope")


def test_chinese_from_seed_has_no_missing_glyph(strict_glyphs, seed_title):
    text = (paths.SEEDS / SEED).read_text(encoding="utf-8")
    for word in WORDS:
        assert word in text
    fig = _figure(seed_title, _data())
    fig.text(0.5, 0.5, " ".join(WORDS) + " −1.5 %", ha="center")
    for fmt in ("png", "svg"):
        fig.savefig(io.BytesIO(), format=fmt)


def test_missing_glyph_check_would_fire(strict_glyphs, seed_title):
    """Control: with a Latin-only font the same text does warn, so the check above is live."""
    with matplotlib.rc_context({"font.family": ["DejaVu Sans"]}):
        fig = Figure()
        fig.text(0.1, 0.5, seed_title)
        with pytest.raises(UserWarning, match="missing from font"):
            fig.savefig(io.BytesIO(), format="png")


def test_every_seed_character_is_covered():
    sc = font_manager.get_font(font_manager.findfont(font_manager.FontProperties(family=plotting.CJK_FAMILY)))
    latin = font_manager.get_font(font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans")))
    covered = set(sc.get_charmap()) | set(latin.get_charmap())
    chars = {c for f in sorted(paths.SEEDS.glob("*.txt")) for c in f.read_text(encoding="utf-8")}
    missing = sorted(c for c in chars if c.isprintable() and ord(c) not in covered)
    assert not missing


# ---------------------------------------------------------------------------------- save_figure


def test_save_writes_files_and_description(tmp_path, strict_glyphs, seed_title):
    data = _data()
    info = _save(_figure(seed_title, data), data, tmp_path)
    for ext in ("png", "svg", "csv", "json"):
        assert (tmp_path / f"word_counts.{ext}").stat().st_size > 0
    assert info["id"] == "nb_test/word_counts"
    assert info["notebook"] == "nb_test"
    assert info["title_zh"] == "价格战与大模型"
    assert info["title_en"] == "Price war and large models"
    assert info["source_ids"] == [SOURCE_ID]
    assert info["files"]["png"] == "nb_test/word_counts.png"
    assert info["files"]["csv"] == "nb_test/word_counts.csv"
    on_disk = json.loads((tmp_path / "word_counts.json").read_text(encoding="utf-8"))
    assert on_disk == info
    svg = (tmp_path / "word_counts.svg").read_text(encoding="utf-8")
    assert "<dc:date>" not in svg and "<text" not in svg  # no date; text drawn as paths


def test_title_block_and_source_line(tmp_path):
    data = _data()
    fig = _figure("t", data)
    _save(fig, data, tmp_path)
    _save(fig, data, tmp_path)  # saving again replaces, not duplicates, the decoration
    texts = [t.get_text() for t in fig.texts]
    assert texts.count("价格战与大模型") == 1
    assert texts.count("Price war and large models") == 1
    assert texts.count(f"来源 Source: 定焦 2024-07 · {plotting.EACH_VALUE}") == 1
    info = _save(fig, data, tmp_path, source="定焦 dingjiaoone")
    assert "来源 Source: 定焦 dingjiaoone" in [t.get_text() for t in fig.texts]
    assert info["source"] == "定焦 dingjiaoone"


def test_output_is_deterministic(tmp_path, seed_title):
    data = _data()
    fig = _figure(seed_title, data)
    a, b = tmp_path / "a", tmp_path / "b"
    _save(fig, data, a)
    _save(_figure(seed_title, data), data, b)  # a fresh figure, too
    for ext in ("svg", "csv", "json", "png"):
        assert (a / f"word_counts.{ext}").read_bytes() == (b / f"word_counts.{ext}").read_bytes(), ext


def test_csv_holds_exactly_the_data(tmp_path):
    data = _data()
    _save(_figure("t", data), data, tmp_path)
    raw = (tmp_path / "word_counts.csv").read_bytes()
    assert b"\r" not in raw
    back = pd.read_csv(io.BytesIO(raw), encoding="utf-8")
    assert list(back.columns) == list(data.columns)
    pd.testing.assert_frame_equal(back, data, check_dtype=False, check_exact=False, rtol=1e-9)
    assert raw.decode("utf-8").splitlines()[0] == "word,count,share,source_id"


def test_named_index_is_kept_unnamed_rejected(tmp_path):
    data = _data().set_index("word")
    _save(_figure("t", _data()), data, tmp_path, name="indexed")
    assert (tmp_path / "indexed.csv").read_text(encoding="utf-8").startswith("word,")
    unnamed = _data().set_index(pd.Index(["x", "y", "z"]))
    with pytest.raises(ValueError, match="index"):
        _save(_figure("t", _data()), unnamed, tmp_path, name="unnamed")


@pytest.mark.parametrize(
    "frame",
    [
        pd.DataFrame({"x": [1, 2], "y": [3, 4]}),
        pd.DataFrame({"x": [1, 2], "source_id": [SOURCE_ID, ""]}),
        pd.DataFrame({"x": [1, 2], "source_id": [SOURCE_ID, None]}),
        pd.DataFrame({"x": [], "source_id": []}),
    ],
    ids=["no-column", "empty-string", "none", "no-rows"],
)
def test_bad_source_id_names_the_figure(tmp_path, frame):
    with pytest.raises(ValueError, match="my_figure"):
        _save(Figure(), frame, tmp_path, name="my_figure")
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("name", ["Word_Counts", "word-counts", "", "a/b", "../x", "图"])
def test_bad_name_rejected(tmp_path, name):
    with pytest.raises(ValueError, match="slug"):
        _save(Figure(), _data(), tmp_path, name=name)


def test_env_dir_and_notebook_honoured(tmp_path, monkeypatch):
    staging = tmp_path / "staging"
    monkeypatch.setenv("BAIMO_FIGURES_DIR", str(staging))
    monkeypatch.setenv("BAIMO_NOTEBOOK", "02_price_war")
    data = _data()
    info = plotting.save_figure(_figure("t", data), "env_fig", data, title_zh="中", title_en="en")
    assert (staging / "env_fig.svg").exists()
    assert info["id"] == "02_price_war/env_fig"
    # an explicit out_dir beats the environment
    info = _save(_figure("t", data), data, tmp_path / "explicit", name="env_fig")
    assert (tmp_path / "explicit" / "env_fig.csv").exists()


def test_default_dir_is_under_build_runs_never_figures(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "FIGURES", tmp_path / "figures")
    monkeypatch.setattr(paths, "BUILD", tmp_path / "build")
    monkeypatch.setenv("JPY_SESSION_NAME", "/somewhere/notebooks/01_corpus.ipynb")
    data = _data()
    info = plotting.save_figure(_figure("t", data), "plain", data, title_zh="中", title_en="en")
    assert info["notebook"] == "01_corpus"
    assert (tmp_path / "build" / "runs" / "01_corpus" / "interactive" / "figures" / "plain.png").exists()
    assert not (tmp_path / "figures").exists()


def test_the_png_is_the_svg_rasterised(tmp_path):
    data = _data()
    _save(_figure("t", data), data, tmp_path)
    png = (tmp_path / "word_counts.png").read_bytes()
    assert png == plotting.rasterise_svg((tmp_path / "word_counts.svg").read_bytes())
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_unknown_notebook_is_a_clear_error(tmp_path):
    data = _data()
    with pytest.raises(RuntimeError, match="notebook="):
        plotting.save_figure(_figure("t", data), "x", data, title_zh="中", title_en="en", out_dir=tmp_path)


# ---------------------------------------------------------------------------------- source_text


def test_source_text_names_articles_and_publishers_not_ids():
    from baimo import facts

    each = plotting.EACH_VALUE
    data = pd.DataFrame(
        {"x": [1, 2, 3], "source_id": ["F-gpt4-tokens;R-epoch-gpt4-tokens", "F-gpt5-tokens", "R-epoch-v2-stock"]}
    )
    refs = facts.references(ids=["R-epoch-gpt4-tokens", "R-epoch-v2-stock"])
    publishers = sorted({f"{p} {d}" for p, d in zip(refs.source_publisher, refs.source_date, strict=True)})
    text = plotting.source_text(data, width=400)
    assert text == "; ".join(["A5专栏 2024-08-15", *publishers]) + f" · {each}"
    assert "F-gpt4-tokens" not in text  # the ids are in the CSV and behind the site's links
    # an article id names itself; assumptions are counted; a note goes last
    text = plotting.source_text(["004_2ce58a2ea71ab375;A-cny-per-usd"], note="themes.toml [monetization]", width=400)
    assert text == f"定焦 2024-07; 1 项假设 stated assumption · {each} · themes.toml [monetization]"
    assert plotting.source_text(["A-cny-per-usd", "A-mfu-low"], width=400) == f"2 项假设 stated assumptions · {each}"
    # several facts of one article name it once, articles sorted by doc_id
    assert plotting.source_text(
        ["F-developer-spend-before", "F-openai-loss-2024-forum", "F-qwen-long-cut-a5"], width=400
    ).startswith("A5专栏 2024-08-15; 机械荟萃山庄 2024-09-16; 定焦 2024-07 · ")


def test_source_text_wraps_long_lines_to_the_width():
    articles = sorted(set(facts_module().facts().doc_id))
    text = plotting.source_text(articles, width=60)
    lines = text.split("\n")
    assert len(lines) >= 3 and all(text_columns(line) <= 60 for line in lines)
    assert plotting.EACH_VALUE in lines and "; " not in lines[-1]  # a long line gives each part its own line(s)
    assert plotting.source_text(articles[:1], width=100) == plotting.source_text(articles[:1])  # short: one line
    # a Figure's width sets the line length; CJK characters count two columns
    narrow, wide = Figure(figsize=(3, 3)), Figure(figsize=(12, 3))
    assert len(plotting.source_text(articles, width=narrow).split("\n")) > len(
        plotting.source_text(articles, width=wide).split("\n")
    )
    assert text_columns("定焦 2024-07") == 12


def facts_module():
    from baimo import facts

    return facts


def test_source_text_uses_the_documents_given_and_lists_ids_it_cannot_name():
    other = pd.DataFrame({"doc_id": ["900_other"], "outlet": ["界面新闻 (repost of 新浪)"], "published": ["2025-01"]})
    text = plotting.source_text(["900_other", "F-gpt4-tokens"], other, width=400)
    assert text == f"A5专栏 2024-08-15; 界面新闻 2025-01 · {plotting.EACH_VALUE}"  # F- articles: the seeds
    assert plotting.source_text(["900_other"], width=400) == f"900_other · {plotting.EACH_VALUE}"  # no table: the id


def test_save_figure_show_displays_the_saved_svg_tagged_with_its_id(tmp_path, monkeypatch):
    import matplotlib.pyplot as plt

    shown = []
    monkeypatch.setattr(plotting, "display", lambda obj, **kw: shown.append((obj, kw)))
    data = _data()
    fig = plt.figure(figsize=(6, 3))
    fig.subplots().bar(data["word"], data["count"])
    info = _save(fig, data, tmp_path, show=True)
    assert not plt.fignum_exists(fig.number)  # closed: the inline backend will not draw it again
    ((bundle, kw),) = shown
    assert bundle == {"image/svg+xml": (tmp_path / "word_counts.svg").read_text(encoding="utf-8")}
    assert kw == {"raw": True, "metadata": {"image/svg+xml": {"baimo_figure": info["id"]}}}
    # by default nothing is shown or closed
    fig2 = plt.figure()
    _save(fig2, data, tmp_path, name="kept")
    assert plt.fignum_exists(fig2.number) and len(shown) == 1
    plt.close(fig2)


def test_png_and_svg_share_one_crop_and_the_layout_engine_is_kept(tmp_path):
    # one layout and one tight box serve both files: the PNG's pixels at PNG_DPI and the SVG's
    # points at 72/inch describe the same rectangle, and the figure keeps its constrained layout
    data = _data()
    fig = Figure(layout="constrained", figsize=(5, 3))
    ax = fig.subplots()
    ax.barh(data["word"], data["count"])
    ax.set_xlabel("出现次数 Mentions (count)")
    _save(fig, data, tmp_path)
    png = (tmp_path / "word_counts.png").read_bytes()
    px_w, px_h = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    svg = (tmp_path / "word_counts.svg").read_text(encoding="utf-8")
    pt_w, pt_h = (float(v) for v in re.search(r'<svg[^>]*width="([\d.]+)pt" height="([\d.]+)pt"', svg).groups())
    assert abs(px_w / plotting.PNG_DPI - pt_w / 72) < 2 / plotting.PNG_DPI
    assert abs(px_h / plotting.PNG_DPI - pt_h / 72) < 2 / plotting.PNG_DPI
    assert px_h > 3 * plotting.PNG_DPI  # the title block and source line sit outside the 3-inch figure
    assert type(fig.get_layout_engine()).__name__ == "ConstrainedLayoutEngine"
