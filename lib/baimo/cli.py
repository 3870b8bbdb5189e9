"""``python -m baimo COMMAND``: build, check, add, corpus build, env."""
from __future__ import annotations

import subprocess
import sys

from baimo import paths

USAGE = """usage: python -m baimo COMMAND [options]

commands:
  build [--only NAME… --force --jobs N --dry-run --out DIR --no-site]
                 run the notebooks whose inputs changed (in parallel), refresh figures/,
                 figures/index.json and the reader site in site/
  site           re-render site/ from the executed notebooks and figures
  corpus build   clean and segment the seed articles into build/corpus/
  corpus build --src DIR --out DIR [--engine local|dask] [--scheduler ADDRESS] [--workers N]
                 [--tokenizer jieba|rjieba] [--partition-mb MB] [--skip-invalid] [--force]
                 every article under DIR into a partitioned dataset, in parallel and
                 resumable (`corpus build --help` for the options)
  check          verify facts/references/assumptions and every figure's source ids,
                 and report near-duplicate articles in the corpus
  add FILE… [--title --outlet --author --published --url --allow-duplicate --dry-run]
                 copy saved articles (text or web pages, any Chinese encoding) into
                 seeds/ and append their manifest rows (`add --help` for the options)
  facts suggest DOC_ID
                 every sentence of an article with the quantities found in it, and
                 whether a fact already cites it (the curator's worklist)
  env            print environment.yml generated from uv.lock
"""


def check() -> int:
    from baimo import facts

    problems = facts.verify()
    for p in problems:
        print(f"seeds/{p}" if not str(p).startswith("figures") else str(p), file=sys.stderr)
    if not problems:
        problems = near_duplicates()
    if problems:
        print(f"baimo check: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    f, r, a = facts.facts(), facts.references(), facts.assumptions()
    print(f"baimo check: ok — {len(f)} facts, {len(r)} references, {len(a)} assumptions; quotes verbatim, values extracted, ids known")
    return 0


def near_duplicates() -> list[str]:
    """Print near-duplicate pairs of articles; a pair is a problem unless the notes of one of the
    two name the other (``baimo add --allow-duplicate`` writes "Near-duplicate of …")."""
    from baimo import corpus, dedup

    docs = corpus.load()
    notes = dict(zip(docs.doc_id, docs.notes.fillna("")))
    problems = []
    for pair in dedup.near_duplicates(dict(zip(docs.doc_id, docs.text))):
        what = f"near-duplicate articles {pair.a} and {pair.b}: {pair.similarity.describe()}"
        if pair.a in notes[pair.b] or pair.b in notes[pair.a]:
            print(f"seeds/manifest.csv: {what} (kept on purpose: the notes say so)")
        else:
            problems.append(what)
            print(f"seeds/manifest.csv: {what}; keep one (delete the other's row and file), or keep both and "
                  f"say why in the notes of {pair.b} (\"near-duplicate of {pair.a} …\")", file=sys.stderr)
    return problems


def suggest_facts(doc_id: str) -> int:
    from baimo import corpus, facts, quantities

    sents = corpus.sentences()
    mine = sents[sents.doc_id == doc_id]
    if mine.empty:
        print(f"unknown doc_id {doc_id}; known: {', '.join(sorted(sents.doc_id.unique()))}", file=sys.stderr)
        return 2
    table = facts.facts()
    cited = table[table.doc_id == doc_id]
    for sent, text in zip(mine.sent, mine.text):
        found = quantities.extract(text, years=True)
        if not found:
            continue
        ids = [fid for fid, quote in zip(cited.fact_id, cited.quote) if quote in text or text in quote]
        print(f"[{sent}] {'cited by ' + ', '.join(ids) if ids else 'NOT CITED'}: {text}")
        for q in found:
            rng = f"{q.low:g}" if q.low == q.high else f"{q.low:g}–{q.high:g}"
            print(f"      {q.surface!r}: {rng} {q.unit or facts.UNITLESS}" + (f" per {q.per}" if q.per else "") + (f" ({q.qualifier})" if q.qualifier else ""))
    return 0



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
        from baimo import engines  # no --src: the seed dataset, as before

        return engines.main(rest[1:])
    if cmd == "check":
        return check()
    if cmd == "add":
        from baimo import add

        return add.main(rest)
    if cmd == "facts" and rest[:1] == ["suggest"] and len(rest) == 2:
        return suggest_facts(rest[1])
    if cmd == "site":
        from baimo import site

        return site.main(rest)
    if cmd == "env":
        sys.stdout.write(environment_yml())
        return 0
    print(f"unknown command: {' '.join(argv)}\n\n{USAGE}", file=sys.stderr)
    return 2
