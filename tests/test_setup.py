"""The project's set-up files agree with each other: lock ↔ environment.yml, README ↔ figures."""

from __future__ import annotations

import subprocess
import tomllib

from baimo import build, cli, paths


def lock_versions() -> dict[str, str]:
    lock = tomllib.loads(paths.LOCK.read_text(encoding="utf-8"))
    return {p["name"]: p["version"] for p in lock["package"]}


def environment_pins() -> dict[str, str]:
    text = (paths.ROOT / "environment.yml").read_text(encoding="utf-8")
    pins = {}
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("- ") and "==" in line:
            name, version = line[2:].split(";")[0].strip().split("==")
            pins[name.lower()] = version
    return pins


def test_environment_yml_pins_exactly_the_locked_versions():
    locked, pinned = lock_versions(), environment_pins()
    assert pinned, "environment.yml has no pins"
    wrong = {n: (v, locked.get(n)) for n, v in pinned.items() if locked.get(n) != v}
    assert not wrong, f"environment.yml disagrees with uv.lock (run `make env`): {wrong}"
    for core in ["jieba", "opencc", "pandas", "pyarrow", "matplotlib", "papermill", "pytest"]:
        assert core in pinned
    assert "jupyterlab" not in pinned  # the lab group stays out of the execution environment
    text = (paths.ROOT / "environment.yml").read_text(encoding="utf-8")
    assert "python=3.11" in text and "- -e ." in text


def test_environment_yml_is_what_make_env_writes():
    assert (paths.ROOT / "environment.yml").read_text(encoding="utf-8") == cli.environment_yml()


def test_readme_figure_table_is_current():
    readme = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    table = build.figure_table()
    assert table.count("\n") >= 4, "no figures recorded"
    assert f"{build.README_START}\n{table}\n{build.README_END}" in readme, "README figure table is stale: run `make`"


def test_readme_names_the_two_commands_and_ci_runs_make_test():
    readme = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    assert "make        #" in readme and "make test   #" in readme
    assert "make test" in (paths.ROOT / ".ci" / "run").read_text()


def test_make_help_lists_targets():
    out = subprocess.run(["make", "-s", "help"], cwd=paths.ROOT, capture_output=True, text=True, check=True).stdout
    for target in ["all", "test", "lab", "clean", "help", "env"]:
        assert f"make {target}" in out
