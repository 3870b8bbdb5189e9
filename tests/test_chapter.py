"""baimo.chapter: a chapter names itself, writes outside figures/ unless the build runs it, starts
from a template that builds as it is; figures cite only ids that exist."""

from __future__ import annotations

import json

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import nbformat
import pandas as pd
import pytest

from baimo import build, chapter, paths, plotting, site


@pytest.fixture(autouse=True)
def _fresh(monkeypatch):
    for var in ("BAIMO_FIGURES_DIR", "BAIMO_NOTEBOOK", "JPY_SESSION_NAME"):
        monkeypatch.delenv(var, raising=False)
    saved = dict(plotting.CURRENT)
    with matplotlib.rc_context():
        yield
    plotting.CURRENT.update(saved)


def _bars(ids: list[str]):
    fig, ax = plt.subplots()
    ax.bar(range(len(ids)), range(1, len(ids) + 1))
    return fig, pd.DataFrame({"value": range(1, len(ids) + 1), "source_id": ids})


def test_outside_the_build_figures_go_under_build_runs_and_it_says_so_once(capsys):
    plotting._ANNOUNCED.discard("98_scratch")
    ch = chapter.Chapter("98_scratch")
    assert ch.figures_dir == (paths.BUILD / "runs" / "98_scratch" / "interactive" / "figures").resolve()
    out = capsys.readouterr().out
    assert "build/runs/98_scratch/interactive/figures/" in out and "only `python -m baimo build` writes figures/" in out
    fig, data = _bars(["A-cny-per-usd"])
    ch.save(fig, "one_bar", data, title_zh="测试", title_en="test")
    info = ch.saved["one_bar"]
    assert (ch.figures_dir / "one_bar.png").exists() and info["id"] == "98_scratch/one_bar"
    assert "build/runs" not in capsys.readouterr().out  # said once, not per figure
    assert not (paths.FIGURES / "98_scratch").exists()


def test_writing_into_figures_is_refused(tmp_path):
    chapter.Chapter("98_scratch")
    fig, data = _bars(["A-cny-per-usd"])
    with pytest.raises(PermissionError, match="only `python -m baimo build` writes figures/"):
        plotting.save_figure(
            fig, "one_bar", data, title_zh="测试", title_en="test", out_dir=paths.FIGURES / "98_scratch"
        )
    assert not (paths.FIGURES / "98_scratch").exists()


def test_a_chapter_run_under_another_name_is_told_which(monkeypatch):
    monkeypatch.setenv("BAIMO_NOTEBOOK", "07_copy")
    with pytest.raises(ValueError, match=r"calls itself '03_compute_spending' but runs as notebooks/07_copy.ipynb"):
        chapter.Chapter("03_compute_spending")


@pytest.mark.parametrize("name", ["my_question", "07-dash", "7_short", "07_Upper"])
def test_a_misnamed_chapter_is_refused(name):
    with pytest.raises(ValueError, match="NN_name"):
        chapter.Chapter(name)


def test_an_unknown_source_id_fails_the_figure_naming_it(tmp_path):
    ch = chapter.Chapter("98_scratch")
    fig, data = _bars(["F-gpt4-tokens", "F-no-such-fact", "999_not_an_article"])
    with pytest.raises(ValueError) as err:
        ch.save(fig, "typo", data, title_zh="测试", title_en="test", out_dir=tmp_path)
    assert "figure 'typo'" in str(err.value) and "999_not_an_article, F-no-such-fact" in str(err.value)
    assert not (tmp_path / "typo.png").exists()


def test_an_article_of_the_chapters_own_corpus_is_a_known_source(tmp_path, seed_dataset):
    import shutil

    other = tmp_path / "dataset"
    shutil.copytree(seed_dataset, other)
    docs = pd.read_parquet(other / "documents")
    docs.loc[0, "doc_id"] = "900_other_corpus"
    shutil.rmtree(other / "documents")
    (other / "documents").mkdir()
    docs.to_parquet(other / "documents" / "part-00000.parquet")
    fig, data = _bars(["900_other_corpus"])
    with pytest.raises(ValueError, match="900_other_corpus"):
        chapter.Chapter("98_scratch").save(fig, "theirs", data, title_zh="测试", title_en="test", out_dir=tmp_path)
    fig, data = _bars(["900_other_corpus"])
    chapter.Chapter("98_scratch", other).save(fig, "theirs", data, title_zh="测试", title_en="test", out_dir=tmp_path)
    assert (tmp_path / "theirs.csv").exists()


def test_a_figure_without_source_id_gets_the_same_message_everywhere(tmp_path):
    fig, data = _bars(["A-cny-per-usd"])
    data = data.drop(columns="source_id")
    with pytest.raises(ValueError, match="data has no 'source_id' column: add one naming") as a:
        plotting.source_text(data)
    with pytest.raises(ValueError, match="data has no 'source_id' column: add one naming") as b:
        plotting.save_figure(fig, "x", data, title_zh="测试", title_en="test", notebook="98_scratch", out_dir=tmp_path)
    assert str(a.value).split(": ", 1)[1] == str(b.value).split(": ", 1)[1]


def test_new_writes_the_template_which_builds_and_appears_in_the_site(tmp_path, seed_dataset):
    nbs = tmp_path / "notebooks"
    path = chapter.write_template("07_data_prices", notebooks_dir=nbs)
    nb = nbformat.read(path, as_version=4)
    assert nb.cells[0].source.startswith("# 07 · Data prices") and "**Question.**" in nb.cells[0].source
    assert "**What the evidence says.**" in nb.cells[0].source
    (params,) = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert "corpus_dir = None" in params.source
    assert path.read_bytes() == chapter.template_bytes("07_data_prices")  # the same file whenever it is made
    with pytest.raises(FileExistsError, match="exists"):
        chapter.write_template("07_data_prices", notebooks_dir=nbs)
    with pytest.raises(FileExistsError, match="number 07 is taken"):
        chapter.write_template("07_other", notebooks_dir=nbs)

    (nbs / "my_question.ipynb").write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    (result,) = build.build(out=out, notebooks_dir=nbs, site=False)
    assert result.status == "ran", result.error
    index = json.loads((out / "figures" / "index.json").read_text())
    assert [f["id"] for f in index["figures"]] == ["07_data_prices/facts_per_theme"]
    site.render(executed_dir=out / "executed", figures_root=out / "figures", out=out / "site")
    page = out / "site" / "notebooks" / "07_data_prices.html"
    assert "Data prices" in page.read_text(encoding="utf-8")
    assert "07_data_prices.html" in (out / "site" / "index.html").read_text(encoding="utf-8")


def test_the_build_warns_about_notebooks_it_will_not_run(tmp_path, capsys):
    nbs = tmp_path / "notebooks"
    chapter.write_template("07_data_prices", notebooks_dir=nbs)
    for stray in ("my_question.ipynb", "07-dash.ipynb"):
        (nbs / stray).write_text((nbs / "07_data_prices.ipynb").read_text(encoding="utf-8"), encoding="utf-8")
    build.build(out=tmp_path / "out", notebooks_dir=nbs, dry_run=True)
    err = capsys.readouterr().err
    for stray in ("my_question.ipynb", "07-dash.ipynb"):
        assert f"{nbs / stray} is not run by the build" in err
    assert "NN_name.ipynb" in err
