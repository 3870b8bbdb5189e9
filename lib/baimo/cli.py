"""``python -m baimo COMMAND``: build, check, corpus build, env."""
from __future__ import annotations

import subprocess
import sys

from baimo import paths

USAGE = """usage: python -m baimo COMMAND [options]

commands:
  build          execute the notebooks with papermill and refresh figures/
  corpus build   clean and segment the seed articles into build/corpus/
  env            print environment.yml generated from uv.lock
"""


def environment_yml(uv: str = str(paths.ROOT / ".tools" / "bin" / "uv")) -> str:
    """environment.yml for conda users: python 3.11 plus pip pins exported from uv.lock."""
    out = subprocess.run(
        [uv, "export", "--frozen", "--no-hashes", "--no-header", "--no-emit-project", "--no-annotate", "--group", "dev"],
        cwd=paths.ROOT, check=True, capture_output=True, text=True,
    ).stdout
    pins = [line.strip() for line in out.splitlines() if line.strip() and not line.startswith(("#", "-e"))]
    lines = [
        "# Generated from uv.lock by `make env` — do not edit; a test checks it matches the lock.",
        "name: baimo",
        "channels:",
        "  - conda-forge",
        "dependencies:",
        "  - python=3.11",
        "  - pip",
        "  - pip:",
        *[f"      - {p}" for p in pins],
        "      - -e .",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help", "help"):
        print(USAGE)
        return 0
    cmd, rest = argv[0], argv[1:]
    if cmd == "build":
        from baimo import build

        return build.main(rest)
    if cmd == "corpus" and rest[:1] == ["build"]:
        from baimo import corpus

        out = corpus.build_seed_dataset(force="--force" in rest)
        print(f"corpus dataset at {out}")
        return 0
    if cmd == "env":
        sys.stdout.write(environment_yml())
        return 0
    print(f"unknown command: {' '.join(argv)}\n\n{USAGE}", file=sys.stderr)
    return 2
