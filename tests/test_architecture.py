"""The library's shape: stages import only stages above them (DESIGN's data flow, in code), imports
sit at the top unless a comment says why, no unit is too long, and every package the project
imports is declared in pyproject.toml."""

from __future__ import annotations

import ast
import importlib.metadata as md
import json
import re
import sys
import tomllib
from pathlib import Path

import pytest

from baimo import paths

LIB = paths.PACKAGE
#: The stages, top to bottom: a module may import any module above it, never one below.
ORDER = [
    "paths",
    "provenance",
    "text",
    "formatting",
    "fileops",
    "csvtables",
    "cache",
    "metadata",
    "sources",
    "mojibake",
    "clean",
    "jieba_route",
    "segment",
    "names",
    "quantities",
    "corpus",
    "dedup",
    "facts",
    "themes",
    "audit",
    "engines",
    "raster",
    "plotting",
    "charts",
    "tables",
    "chapter",
    "analyses",
    "site",
    "build",
    "add",
    "cli",
    "__main__",
    "__init__",
]
MAX_UNIT_LINES = 150
MAX_FILE_LINES = 700


def modules() -> list[Path]:
    return sorted(p for p in LIB.rglob("*.py") if "__pycache__" not in p.parts)


def stage(path: Path) -> str:
    """The stage a file belongs to: its module, or for a package (baimo/site/pages.py) the package."""
    rel = path.relative_to(LIB).with_suffix("")
    return rel.parts[0]


def baimo_imports(tree: ast.AST, path: Path) -> list[tuple[int, str, bool]]:
    """(line, stage imported, inside a function?) for every import of a baimo module."""
    inner = {
        id(n) for fn in ast.walk(tree) if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)) for n in ast.walk(fn)
    }
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and not node.level:  # relative: inside the same package
            if node.module == "baimo":
                names = [a.name for a in node.names]
            elif node.module and node.module.startswith("baimo."):
                names = [node.module.split(".")[1]]
            else:
                continue
        elif isinstance(node, ast.Import):
            names = [a.name.split(".")[1] for a in node.names if a.name.startswith("baimo.")]
        else:
            continue
        out += [(node.lineno, n, id(node) in inner) for n in names]
    return out


def edges() -> list[tuple[str, str, str]]:
    """(importing file:line, its stage, the stage it imports)."""
    found = []
    for path in modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for line, target, _inner in baimo_imports(tree, path):
            found.append((f"{path.relative_to(LIB.parent)}:{line}", stage(path), target))
    return found


def test_every_module_has_a_place_in_the_order():
    assert {stage(p) for p in modules()} <= set(ORDER), {stage(p) for p in modules()} - set(ORDER)


def test_stages_import_only_stages_above_them():
    upward = [
        f"{where}: {src} imports {dst}"
        for where, src, dst in edges()
        if dst != src and ORDER.index(dst) > ORDER.index(src)
    ]
    assert not upward, "imports against the data flow (a stage may import only stages above it):\n" + "\n".join(upward)


def test_the_import_test_would_catch_an_upward_import(tmp_path, monkeypatch):
    fake = tmp_path / "baimo"
    fake.mkdir()
    (fake / "clean.py").write_text("def f():\n    from baimo import corpus  # lazily\n", encoding="utf-8")
    (fake / "corpus.py").write_text("from baimo import clean\n", encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "LIB", fake)
    found = [(src, dst) for _, src, dst in edges()]
    assert ("clean", "corpus") in found and ("corpus", "clean") in found
    with pytest.raises(AssertionError, match="clean.py:2: clean imports corpus"):
        test_stages_import_only_stages_above_them()


def _inner_imports(path: Path) -> list[tuple[int, str]]:
    """Imports inside functions without a comment (on the line, or the line above) saying why."""
    lines = path.read_text(encoding="utf-8").splitlines()
    tree = ast.parse("\n".join(lines))
    out = []
    for fn in ast.walk(tree):
        if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for node in ast.walk(fn):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                here, above = lines[node.lineno - 1], lines[node.lineno - 2] if node.lineno > 1 else ""
                if "#" not in here and not above.strip().startswith("#"):
                    out.append((node.lineno, here.strip()))
    return out


def test_imports_sit_at_the_top_unless_a_comment_says_why():
    bare = [f"{p.relative_to(LIB.parent)}:{n}: {code}" for p in modules() for n, code in _inner_imports(p)]
    assert not bare, "imports inside functions, with no comment saying why:\n" + "\n".join(bare)


def _units(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        (f"{path.relative_to(LIB.parent)}:{n.lineno} {n.name}", n.end_lineno - n.lineno + 1)
        for n in ast.walk(tree)
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
    ]


def test_no_unit_over_150_lines_and_no_file_over_700():
    long_units = [f"{name}: {n} lines" for p in modules() for name, n in _units(p) if n > MAX_UNIT_LINES]
    long_files = [
        f"{p.relative_to(LIB.parent)}: {n} lines"
        for p in modules()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_FILE_LINES
    ]
    assert not (long_units or long_files), "\n".join(long_units + long_files)


# ---------------------------------------------------------------------------------------------
# Every import declared


def declared() -> set[str]:
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    specs = project["project"]["dependencies"] + [d for group in project["dependency-groups"].values() for d in group]
    return {re.split(r"[=<>!~\[; ]", s, maxsplit=1)[0].lower().replace("_", "-") for s in specs}


def imported_top_names() -> dict[str, set[str]]:
    """Top-level module name → files that import it, over lib, tests, bench and the notebooks."""
    sources: list[tuple[str, str]] = []
    for folder in ("lib", "tests", "bench"):
        sources += [
            (str(p.relative_to(paths.ROOT)), p.read_text(encoding="utf-8"))
            for p in sorted((paths.ROOT / folder).rglob("*.py"))
            if "__pycache__" not in p.parts
        ]
    for nb in sorted(paths.NOTEBOOKS.glob("*.ipynb")):
        cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        sources.append(
            (nb.name, "\n".join(line for line in code.splitlines() if not line.lstrip().startswith(("%", "!"))))
        )
    names: dict[str, set[str]] = {}
    for where, text in sources:
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.Import):
                tops = [a.name.split(".")[0] for a in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                tops = [node.module.split(".")[0]]
            else:
                continue
            for t in tops:
                names.setdefault(t, set()).add(where)
    return names


def test_every_imported_package_is_declared_in_pyproject():
    dists = md.packages_distributions()
    local = (
        {"baimo", "conftest"}
        | {p.stem for p in (paths.ROOT / "bench").glob("*.py")}
        | {p.stem for p in (paths.ROOT / "tests").rglob("*.py")}
    )
    undeclared = {}
    for name, where in imported_top_names().items():
        if name in sys.stdlib_module_names or name in local or name == "__future__":
            continue
        owners = {d.lower().replace("_", "-") for d in dists.get(name, [name])}
        if not owners & declared():
            undeclared[name] = sorted(where)[:3]
    assert not undeclared, f"imported but not declared in pyproject.toml (pin it, `uv lock`): {undeclared}"
