"""The build on small fixture notebooks: skip when unchanged, re-run exactly what a change touches,
isolate failures, keep old figures, and the stale check on committed figures."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from baimo import build, paths

READ_THEME = """import matplotlib.pyplot as plt
from baimo import facts, plotting
rows = facts.references(theme={theme!r})
fig, ax = plt.subplots()
ax.bar(range(len(rows)), rows.high)
plotting.save_figure(fig, "bars", rows.assign(source_id=rows.ref_id)[["source_id", "high"]],
                     title_zh="测试", title_en="test")"""


def make_nb(path: Path, *sources: str) -> Path:
    nb = new_notebook(
        cells=[
            new_markdown_cell("# fixture"),
            new_code_cell("corpus_dir = None", metadata={"tags": ["parameters"]}),
            *[new_code_cell(s) for s in sources],
        ],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
    )
    nbformat.write(nb, path)
    return path


@pytest.fixture()
def project(tmp_path):
    """A scratch project: seeds (copied tables), three fixture notebooks, a scratch library dir."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for name in ("references.csv", "assumptions.csv", "manifest.csv"):
        shutil.copy(paths.SEEDS / name, seeds / name)
    nbs = tmp_path / "notebooks"
    nbs.mkdir()
    make_nb(nbs / "01_price.ipynb", READ_THEME.format(theme="price_war"))
    make_nb(nbs / "02_data.ipynb", READ_THEME.format(theme="data"))
    make_nb(nbs / "03_fails.ipynb", "x = 1", "raise ValueError('broken on purpose')")
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "helper.py").write_text("VALUE = 1\n")
    return tmp_path


def run(project: Path, **kw):
    return {
        r.notebook: r
        for r in build.build(
            out=project / "out",
            notebooks_dir=project / "notebooks",
            site=False,
            jobs=2,
            library=[project / "lib"],
            env_extra={"BAIMO_ROOT": str(project)},
            **kw,
        )
    }


def edit_reference(project: Path, ref_id: str, column: str, value: str) -> None:
    path = project / "seeds" / "references.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    for r in rows:
        if r["ref_id"] == ref_id:
            r[column] = value
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def test_incremental_parallel_build_with_failure_isolation(project):
    out = project / "out"
    first = run(project)
    assert first["01_price"].status == first["02_data"].status == "ran"
    assert first["03_fails"].status == "failed"
    # the failure names the cell as JupyterLab shows it ([n] and its first line), the exception and the copy to open
    assert "cell [3] `raise ValueError('broken on purpose')`: ValueError: broken on purpose" in first["03_fails"].error
    assert "03_fails.failed.ipynb" in first["03_fails"].error
    assert (out / "figures" / "01_price" / "bars.csv").exists()
    index = json.loads((out / "figures" / "index.json").read_text())
    assert {f["id"] for f in index["figures"]} == {"01_price/bars", "02_data/bars"}
    assert all(len(f["sha256"]["csv"]) == 64 and f["source_ids"] for f in index["figures"])

    # nothing changed: both good notebooks skip (the failed one tries again)
    second = run(project)
    assert (second["01_price"].status, second["02_data"].status, second["03_fails"].status) == (
        "skipped",
        "skipped",
        "failed",
    )

    # editing a price_war row re-runs only the notebook that read price_war rows
    edit_reference(project, "R-glm-3-turbo-after", "high", "1.5")
    plans = {
        p.name: p.reason
        for p in build.plan(
            build.notebooks(notebooks_dir=project / "notebooks"), build.Layout.under(out), library=[project / "lib"]
        )
    }
    assert plans["02_data"] is None and "table:" in plans["01_price"]
    third = run(project, only=["01_price", "02_data"])
    assert (third["01_price"].status, third["02_data"].status) == ("ran", "skipped")
    assert "1.5" in (out / "figures" / "01_price" / "bars.csv").read_text()

    # editing one notebook re-runs that notebook only
    make_nb(project / "notebooks" / "02_data.ipynb", READ_THEME.format(theme="data"), "y = 2")
    fourth = run(project, only=["01_price", "02_data"])
    assert (fourth["01_price"].status, fourth["02_data"].status) == ("skipped", "ran")

    # a library file changes: everything re-runs
    (project / "lib" / "helper.py").write_text("VALUE = 2\n")
    fifth = run(project, only=["01_price", "02_data"])
    assert (fifth["01_price"].status, fifth["02_data"].status) == ("ran", "ran")


def test_failing_notebook_keeps_its_previous_figures(project):
    out = project / "out"
    run(project, only=["01_price"])
    before = (out / "figures" / "01_price" / "bars.csv").read_bytes()
    make_nb(project / "notebooks" / "01_price.ipynb", READ_THEME.format(theme="price_war"), "1 / 0")
    results = run(project, only=["01_price", "02_data"])
    assert results["01_price"].status == "failed" and "ZeroDivisionError" in results["01_price"].error
    assert results["02_data"].status == "ran"  # the other notebook still finished
    assert (out / "figures" / "01_price" / "bars.csv").read_bytes() == before
    assert (out / "executed" / "01_price.ipynb").exists()  # the last good executed copy is kept


def test_dry_run_says_why_and_runs_nothing(project, capsys):
    results = run(project, dry_run=True, only=["01_price"])
    assert results["01_price"].status == "would run"
    assert "run  01_price: never built here" in capsys.readouterr().out
    assert not (project / "out" / "figures").exists()


def test_a_swap_killed_between_its_renames_is_restored(tmp_path):
    from baimo import fileops

    target = tmp_path / "figures" / "01_price"
    target.mkdir(parents=True)
    (target / "bars.csv").write_text("source_id,high\nR-x,1\n")
    target.rename(tmp_path / "figures" / ".01_price.old-4242")  # the first rename happened, the second did not
    assert fileops.restore_interrupted_swap(target)
    assert (target / "bars.csv").read_text().startswith("source_id")
    assert not fileops.restore_interrupted_swap(target)  # nothing left to do


def test_an_edit_made_while_the_notebook_runs_is_not_marked_built(project):
    import threading
    import time

    nb = make_nb(project / "notebooks" / "01_price.ipynb", "import time; time.sleep(6)")
    thread = threading.Thread(target=run, args=(project,), kwargs={"only": ["01_price"]})
    thread.start()
    time.sleep(2.5)  # the worker has started and hashed nothing yet that would hide this edit
    make_nb(nb, "import time; time.sleep(6)", "z = 3")
    thread.join()
    (plan,) = build.plan([nb], build.Layout.under(project / "out"), library=[project / "lib"])
    assert plan.reason == "changed: notebook"


def test_a_failure_names_the_cell_and_the_deepest_notebook_line_in_terminal_and_log(project):
    make_nb(
        project / "notebooks" / "03_fails.ipynb", "def ratio(x):\n    return 1 / x", "# the ratio\ny = 2\nz = ratio(0)"
    )
    result = run(project, only=["03_fails"])["03_fails"]
    assert result.status == "failed"
    assert "cell [3] `# the ratio`: ZeroDivisionError: division by zero — at [2] line 2: return 1 / x" in result.error
    log = (project / "out" / "logs" / "03_fails.log").read_text(encoding="utf-8")
    assert "Traceback (notebook):" in log and "----> 3 z = ratio(0)" in log
    summary, _, log_path = result.error.rpartition("; log ")
    assert f"FAILED 03_fails: {summary}" in log and log_path.endswith("03_fails.log")


def test_a_tampered_figure_file_is_named_by_dry_run_and_rebuilt(project, capsys):
    out = project / "out"
    run(project, only=["01_price"])
    png = out / "figures" / "01_price" / "bars.png"
    original = png.read_bytes()
    index = json.loads((out / "figures" / "index.json").read_text())
    assert set(index["figures"][0]["sha256"]) == {"csv", "json", "png", "svg"}
    png.write_bytes(original[:-10] + b"0123456789")
    assert build.tampered_figures(out / "figures") == ["01_price/bars.png"]
    run(project, only=["01_price"], dry_run=True)
    assert "run  01_price: figure files differ from figures/index.json: 01_price/bars.png" in capsys.readouterr().out
    assert run(project, only=["01_price"])["01_price"].status == "ran"
    assert png.read_bytes() == original and build.tampered_figures(out / "figures") == []


def test_a_changed_table_is_named_once_with_its_row_selections_counted():
    changed = [
        "library",
        'table:seeds/facts.csv:{"fact_id": ["F-a", "F-b"]}',
        "table:seeds/facts.csv",
        'table:seeds/facts.csv:{"theme": ["data"]}',
        'table:seeds/references.csv:{"ref_id": ["R-a"]}',
    ]
    assert build.describe_changes(changed) == (
        "library, table:seeds/facts.csv (+2 row selections), table:seeds/references.csv (+1 row selection)"
    )
