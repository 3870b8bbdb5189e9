"""The researcher's loop: parameter runs (papermill -p, nbconvert --execute, `baimo run -p`) write
under build/ and leave figures/ byte for byte as it was; one command line with --help on each
command; two writers at once wait for each other."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time

import nbformat
import pytest

from baimo import build, cli, fileops, paths

PY = sys.executable
BIN = os.path.dirname(PY)


def figures_digest() -> dict[str, str]:
    return {
        p.relative_to(paths.FIGURES).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(paths.FIGURES.rglob("*"))
        if p.is_file()
    }


def clean_env() -> dict[str, str]:
    """The environment a researcher has: none of the build's variables."""
    return {k: v for k, v in os.environ.items() if not k.startswith("BAIMO_")}


def test_parameter_runs_never_touch_figures(seed_dataset):
    before = figures_digest()
    interactive = paths.BUILD / "runs" / "03_compute_spending" / "interactive" / "figures"
    out = paths.BUILD / "test-runs"
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            f"{BIN}/papermill",
            "notebooks/03_compute_spending.ipynb",
            str(out / "03.ipynb"),
            "-p",
            "cny_per_usd",
            "6.5",
            "--no-progress-bar",
        ],
        cwd=paths.ROOT,
        env=clean_env(),
        check=True,
        capture_output=True,
    )
    csv = (interactive / "capex_annualised.csv").read_text(encoding="utf-8")
    assert ",6.5," in csv and "parameter cny_per_usd" in csv  # the 6.5-yuan variant, under build/
    executed = nbformat.read(out / "03.ipynb", as_version=4)
    said = [o["text"] for c in executed.cells for o in c.get("outputs", []) if o.get("name") == "stdout"]
    assert sum("build/runs/03_compute_spending/interactive/figures/" in t for t in said) == 1  # said once

    subprocess.run(
        [
            f"{BIN}/jupyter",
            "nbconvert",
            "--to",
            "notebook",
            "--execute",
            "notebooks/00_corpus.ipynb",
            "--output-dir",
            str(out),
        ],
        cwd=paths.ROOT,
        env=clean_env(),
        check=True,
        capture_output=True,
    )
    assert (paths.BUILD / "runs" / "00_corpus" / "interactive" / "figures" / "article_lengths.png").exists()

    proc = subprocess.run(
        [PY, "-m", "baimo", "run", "03_compute_spending", "-p", "cny_per_usd", "6.5"],
        cwd=paths.ROOT,
        env=clean_env(),
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    run = build.run_dir(paths.NOTEBOOKS / "03_compute_spending.ipynb", {"cny_per_usd": 6.5})
    assert f"{run.relative_to(paths.ROOT)}/" in proc.stdout and "figures/ untouched" in proc.stdout
    assert json.loads((run / "parameters.json").read_text()) == {"cny_per_usd": 6.5}
    assert (run / "03_compute_spending.ipynb").exists() and (run / "index.html").stat().st_size > 10_000
    assert ",6.5," in (run / "figures" / "capex_annualised.csv").read_text(encoding="utf-8")
    assert figures_digest() == before


def test_run_refuses_an_unknown_parameter_or_chapter():
    with pytest.raises(SystemExit, match="has no parameter cny_per_us; its parameters: corpus_dir, cny_per_usd"):
        build.run(build.find_notebook("03_compute_spending"), {"cny_per_us": 6.5})
    with pytest.raises(SystemExit, match="no chapter '99_nothing'; the chapters are: 00_corpus"):
        build.find_notebook("99_nothing")


@pytest.mark.parametrize(
    "command",
    [["build"], ["run"], ["new"], ["check"], ["add"], ["corpus", "build"], ["facts", "suggest"], ["site"], ["env"]],
)
def test_every_command_has_help_from_the_one_parser(command, capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main([*command, "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: python -m baimo {' '.join(command)}")


def test_top_level_help_lists_every_command(capsys):
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    out = capsys.readouterr().out
    for command in ("build", "run", "new", "check", "add", "corpus", "facts", "site", "env"):
        assert f"    {command} " in out


def test_a_second_writer_waits_for_the_first(tmp_path, seed_dataset):
    env = {**clean_env(), "BAIMO_ROOT": str(tmp_path)}
    (tmp_path / "seeds").symlink_to(paths.SEEDS)
    (tmp_path / "build").mkdir()
    lock_file = tmp_path / "build" / "baimo.lock"
    holder = subprocess.Popen(
        [
            PY,
            "-c",
            "import time; from baimo import fileops\n"
            "with fileops.project_lock('baimo build'):\n    print('held', flush=True); time.sleep(4)",
        ],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "held"
    t0 = time.perf_counter()
    second = subprocess.run(
        [PY, "-m", "baimo", "corpus", "build", "--out", str(tmp_path / "corpus")],
        env=env,
        capture_output=True,
        text=True,
    )
    holder.wait()
    assert second.returncode == 0, second.stderr
    assert f"waiting for `baimo build` (process {holder.pid}) to finish (lock {lock_file})" in second.stderr
    assert time.perf_counter() - t0 > 1  # it did wait …
    assert (tmp_path / "corpus" / "meta.json").exists()  # … and then did its work


def test_the_lock_is_reentrant_in_one_process(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "BUILD", tmp_path)
    with fileops.project_lock("outer"), fileops.project_lock("inner"):
        assert (tmp_path / "baimo.lock.holder").read_text() == f"`outer` (process {os.getpid()})"
    assert not (tmp_path / "baimo.lock.holder").exists()
