"""The chapters as papers: the code targets, measured from the notebook JSON; what a reader sees
when they run (no NaN, no e+ numbers, no index column, no working-state print); and the same six
chapters, unchanged, on a larger corpus and on a corpus with a syndicated copy of a seed."""

from __future__ import annotations

import ast
import csv
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from baimo import build, clean, paths, sources

CHAPTERS = build.notebooks()
MAX_MEDIAN, MAX_CELL, MAX_DEFS, MAX_LITERAL = 5, 25, 3, 3
FIVE = re.compile(r"五篇|\bfive articles\b|\b5 articles\b", re.I)


def code_cells(nb_path: Path) -> list[str]:
    """The sources of the code cells, the tagged parameters cell left out."""
    nb = nbformat.read(nb_path, as_version=4)
    return [c.source for c in nb.cells if c.cell_type == "code" and "parameters" not in c.metadata.get("tags", [])]


def lines(source: str) -> int:
    return sum(1 for line in source.splitlines() if line.strip())


def big_literals(tree: ast.AST) -> list[str]:
    """Literal mappings of more than MAX_LITERAL entries: data belongs in a data file."""
    return [
        f"dict of {len(n.keys)} entries at line {n.lineno}"
        for n in ast.walk(tree)
        if isinstance(n, ast.Dict) and len(n.keys) > MAX_LITERAL
    ]


@pytest.mark.parametrize("nb_path", CHAPTERS, ids=lambda p: p.stem)
def test_code_cells_are_short_and_hold_no_data(nb_path):
    cells = code_cells(nb_path)
    sizes = [lines(c) for c in cells]
    trees = [ast.parse(c) for c in cells]
    defs = sum(isinstance(n, (ast.FunctionDef, ast.ClassDef)) for t in trees for n in ast.walk(t))
    literals = [b for t in trees for b in big_literals(t)]
    prints = [
        n.lineno for t in trees for n in ast.walk(t) if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "print"
    ]
    assert statistics.median(sizes) <= MAX_MEDIAN, f"code-cell median {statistics.median(sizes)} lines"
    assert max(sizes) <= MAX_CELL, f"a code cell of {max(sizes)} lines"
    assert defs <= MAX_DEFS, f"{defs} def/class"
    assert not literals, literals
    assert not prints, f"print() at lines {prints}"


def outputs(executed: Path):
    nb = nbformat.read(executed, as_version=4)
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            yield cell, out


@pytest.mark.parametrize("nb_path", CHAPTERS, ids=lambda p: p.stem)
def test_what_a_reader_sees(nb_path, real_inputs):
    executed = real_inputs[0] / nb_path.name
    for cell, out in outputs(executed):
        where = f"{nb_path.stem}: cell `{cell.source.splitlines()[0][:60]}`"
        assert out.output_type != "stream", f"{where} prints working state: {out.get('text', '')[:80]!r}"
        html = out.get("data", {}).get("text/html", "")
        text = out.get("data", {}).get("text/markdown", "") + html
        assert 'class="dataframe"' not in html, f"{where} shows a raw DataFrame: use ch.table"
        assert "row_heading" not in html, f"{where} shows an index column"
        assert not re.search(r"\bnan\b|NaN", text), f"{where} shows NaN"
        assert not re.search(r"\d\.?\d*e[+-]\d", text), f"{where} shows scientific notation"
        assert not re.search(r"\b20\d,\d\d\d\b|\b[12],\d\d\d(?= ?年| year)", text), (
            f"{where} writes a year as an amount"
        )


# ---------------------------------------------------------------------------------------------
# Any corpus


def _scratch_project(tmp: Path) -> Path:
    """A copy of the project's seeds and chapters with a syndicated near-copy of a seed and two
    generated articles added to the manifest."""
    root = tmp / "project"
    shutil.copytree(paths.SEEDS, root / "seeds")
    shutil.copytree(paths.NOTEBOOKS, root / "notebooks")
    generated = tmp / "generated"
    subprocess.run(
        [sys.executable, str(paths.ROOT / "bench" / "make_corpus.py"), str(generated), "--mb", "0.1"],
        check=True,
        capture_output=True,
    )
    manifest = root / "seeds" / "manifest.csv"
    with manifest.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    seed = rows[2]
    copy = dict(
        seed,
        doc_id="900_" + seed["doc_id"][4:],
        file="900_" + seed["file"][4:],
        outlet="网易 (repost of " + seed["outlet"] + ")",
        notes=f"Near-duplicate of {seed['doc_id']} (test).",
    )
    shutil.copy(root / "seeds" / seed["file"], root / "seeds" / copy["file"])
    for i, path in enumerate(sorted(generated.rglob("*.txt"))[:2]):
        meta, body = sources.split_header(sources.read_article(path, raw=True), path)
        doc_id = f"9{i + 1}0_{path.stem[4:]}"
        (root / "seeds" / f"{doc_id}.txt").write_text(body, encoding="utf-8")
        rows.append(
            {
                **dict.fromkeys(rows[0], ""),
                **{k: v for k, v in meta.items() if k in rows[0]},
                "doc_id": doc_id,
                "file": f"{doc_id}.txt",
                "date_basis": "stated",
                "script": clean.measure_script(body)[0],
            }
        )
    rows.append(copy)
    with manifest.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return root


def _says_five(out: Path) -> list[str]:
    found = [str(p) for p in (out / "figures").rglob("*.json") if FIVE.search(p.read_text(encoding="utf-8"))]
    for nb in (out / "executed").glob("*.ipynb"):
        shown = [o for _, o in outputs(nb)] + [
            c for c in nbformat.read(nb, as_version=4).cells if c.cell_type == "markdown"
        ]
        if any(FIVE.search(json.dumps(x, ensure_ascii=False)) for x in shown):
            found.append(str(nb))
    return found


def _build(env: dict, out: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "baimo", "build", "--out", str(out), "--no-site", "--force", *extra],
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
    )


def test_every_chapter_runs_with_a_syndicated_copy_and_new_articles(tmp_path):
    root = _scratch_project(tmp_path)
    env = {**os.environ, "BAIMO_ROOT": str(root), "PYTHONHASHSEED": "0"}
    proc = _build(env, tmp_path / "out")
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert len(list((tmp_path / "out" / "executed").glob("*.ipynb"))) == len(CHAPTERS)
    assert not _says_five(tmp_path / "out")  # eight articles now


def test_every_chapter_runs_on_a_generated_sixty_article_dataset(tmp_path):
    src, ds = tmp_path / "src", tmp_path / "ds"
    subprocess.run(
        [sys.executable, str(paths.ROOT / "bench" / "make_corpus.py"), str(src), "--mb", "0.26"],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "baimo",
            "corpus",
            "build",
            "--src",
            str(src),
            "--out",
            str(ds),
            "--workers",
            "1",
            "--no-progress",
        ],
        check=True,
        capture_output=True,
    )
    n = len(list(src.rglob("*.txt")))
    assert 50 <= n <= 80
    out = tmp_path / "out"
    results = build.build(out=out, site=False, force=True, parameters={"corpus_dir": str(ds)})
    assert all(r.status == "ran" for r in results), [r.error for r in results if r.status != "ran"]
    assert not _says_five(out)
    notes = [json.loads(p.read_text(encoding="utf-8")).get("note", "") for p in (out / "figures").rglob("*.json")]
    assert any("more articles not shown" in note for note in notes)  # per-article figures show the top N and say so
