"""When a chapter last changed: the date of the last commit that touched the chapter or anything it
read (the inputs the build recorded for it), from git; nothing when there is no history."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from baimo import paths

_READ = ("file:", "table:", "seed_corpus:")  # the build's record of what a chapter read (build/state/<name>.json)


def chapter_inputs(name: str, state_dir: Path) -> list[Path]:
    """The chapter's notebook and the repository files its last build read."""
    files = [paths.ROOT / "notebooks" / f"{name}.ipynb"]
    state = Path(state_dir) / f"{name}.json"
    try:
        components = json.loads(state.read_text(encoding="utf-8")).get("components", {})
    except (OSError, ValueError):
        components = {}
    for key in components:
        prefix = next((p for p in _READ if key.startswith(p)), None)
        if prefix:
            files.append(paths.ROOT / key[len(prefix) :].split(":", 1)[0])
    return [f for f in dict.fromkeys(files) if f.exists()]


def last_changed(files: list[Path]) -> str:
    """``YYYY-MM-DD`` of the last commit touching any of ``files`` ("" without git or history)."""
    if not files:
        return ""
    try:
        done = subprocess.run(
            ["git", "log", "-1", "--format=%cs", "--", *(str(f) for f in files)],
            cwd=paths.ROOT,
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""
