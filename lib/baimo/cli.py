"""``python -m baimo COMMAND``: one parser for every command; ``--help`` on each."""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from baimo import paths, sources

# ---------------------------------------------------------------------------------------------
# The commands (each takes the parsed arguments, returns the exit code)


def cmd_build(args: argparse.Namespace) -> int:
    # loaded when the command runs, so that `--help` and the other commands start fast
    from baimo import build

    results = build.build(
        args.only, out=args.out, force=args.force, jobs=args.jobs, dry_run=args.dry_run, site=not args.no_site
    )
    failed = [r for r in results if r.status == "failed"]
    for r in failed:
        print(f"FAILED {r.notebook}: {r.error}", file=sys.stderr)
    return 1 if failed else 0


def parse_parameters(pairs: list[list[str]] | None) -> dict:
    """``-p NAME VALUE`` pairs, typed the way papermill's own ``-p`` types them."""
    # loaded when the command runs, so that `--help` and the other commands start fast
    from papermill.cli import _resolve_type

    return {name: _resolve_type(value) for name, value in pairs or []}


def cmd_run(args: argparse.Namespace) -> int:
    # loaded when the command runs, so that `--help` and the other commands start fast
    from baimo import build

    notebook = build.find_notebook(args.notebook)
    parameters = parse_parameters(args.parameter)
    print(f"running {notebook.stem} with {parameters or 'its default parameters'} …", flush=True)
    try:
        out = build.run(notebook, parameters)
    except RuntimeError as exc:
        print(f"baimo run: {exc}", file=sys.stderr)
        return 1
    rel = out.relative_to(paths.ROOT) if paths.ROOT in out.parents else out
    print(f"{rel}/  (figures/, {notebook.name}, parameters.json; open {rel}/index.html) — figures/ untouched")
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    # loaded when the command runs, so that `--help` and the other commands start fast
    from baimo import chapter

    try:
        target = chapter.write_template(args.name, args.title)
    except (ValueError, FileExistsError) as exc:
        print(f"baimo new: {exc}", file=sys.stderr)
        return 2
    print(
        f"wrote {target.relative_to(paths.ROOT) if paths.ROOT in target.parents else target}; "
        f"open it with `make lab`, then `make` builds it into figures/ and the site"
    )
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    # loaded when the command runs, so that `--help` and the other commands start fast
    from baimo import build, facts, names

    problems = [str(p) if str(p.file).startswith("figures") else f"seeds/{p}" for p in facts.verify()]
    problems += [f"lib/baimo/data/{p}" for p in names.problems()]
    problems += [
        f"figures/{f}: differs from figures/index.json (only `python -m baimo build` writes figures/; "
        "run `make` to rebuild it)"
        for f in build.tampered_figures(paths.FIGURES)
    ]
    for p in problems:
        print(p, file=sys.stderr)
    if not problems:
        problems = near_duplicates()
    if problems:
        print(f"baimo check: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    f, r, a = facts.facts(), facts.references(), facts.assumptions()
    print(
        f"baimo check: ok — {len(f)} facts, {len(r)} references, {len(a)} assumptions; quotes verbatim, "
        "values extracted, ids known, figures as the build wrote them"
    )
    return 0


def near_duplicates() -> list[str]:
    """Print near-duplicate pairs of articles; a pair is a problem unless the notes of one of the
    two name the other (``baimo add --allow-duplicate`` writes "Near-duplicate of …")."""
    # loaded when the command runs, so that `--help` and the other commands start fast
    from baimo import corpus, dedup

    docs = corpus.load()
    notes = dict(zip(docs.doc_id, docs.notes.fillna(""), strict=True))
    problems = []
    for pair in dedup.near_duplicates(dict(zip(docs.doc_id, docs.text, strict=True))):
        what = f"near-duplicate articles {pair.a} and {pair.b}: {pair.similarity.describe()}"
        if pair.a in notes[pair.b] or pair.b in notes[pair.a]:
            print(f"seeds/manifest.csv: {what} (kept on purpose: the notes say so)")
        else:
            problems.append(what)
            print(
                f"seeds/manifest.csv: {what}; keep one (delete the other's row and file), or keep both and "
                f'say why in the notes of {pair.b} ("near-duplicate of {pair.a} …")',
                file=sys.stderr,
            )
    return problems


def cmd_add(args: argparse.Namespace) -> int:
    # loaded when the command runs, so that `--help` and the other commands start fast
    from baimo import add

    try:
        result = add.add(
            args.files,
            title=args.title,
            outlet=args.outlet,
            author=args.author,
            published=args.published,
            date_basis=args.date_basis,
            url=args.url,
            notes=args.notes,
            allow_duplicate=args.allow_duplicate,
            dry_run=args.dry_run,
        )
    except add.AddError as exc:
        for line in str(exc).splitlines():
            print(f"baimo add: {line}", file=sys.stderr)
        return 1
    for w in result.warnings:
        print(f"baimo add: warning: {w}", file=sys.stderr)
    for p in result.added:
        r = p.row
        where = f"seeds/{r['file']}" if r["file"] else "(dry run: not written)"
        print(f"{'would add' if args.dry_run else 'added'} {p.source} → {where}")
        for k in ("doc_id", "title", "outlet", "author", "published", "date_basis", "script", "url", "notes"):
            if r[k]:
                print(f"  {k:<10} {r[k]}")
        print(f"  {'cleaned':<10} {p.clean_chars} characters")
    if result.added and not args.dry_run:
        print(
            "next: `python -m baimo corpus build` (or `make`) rebuilds the corpus; "
            f"`python -m baimo facts suggest {result.added[0].row['doc_id']}` lists its numbers"
        )
    return 0


def cmd_corpus_build(args: argparse.Namespace) -> int:
    # loaded when the command runs, so that `--help` and the other commands start fast
    from baimo import corpus, engines, fileops

    if args.src is None:
        extra = [f"--{k.replace('_', '-')}" for k, default in CORPUS_DEFAULTS.items() if getattr(args, k) != default]
        if extra:
            args.parser.error(f"{', '.join(extra)}: only with --src")
        with fileops.project_lock("baimo corpus build"):
            out = corpus.build_seed_dataset(args.out, force=args.force)
        print(f"corpus dataset at {out}")
        return 0
    if args.out is None:
        args.parser.error("--src needs --out")
    try:
        result = engines.build(
            args.src,
            args.out,
            engine=args.engine,
            scheduler=args.scheduler,
            workers=args.workers,
            tokenizer=args.tokenizer,
            partition_mb=args.partition_mb,
            skip_invalid=args.skip_invalid,
            force=args.force,
            progress=not args.no_progress,
        )
    except (sources.CorpusError, ValueError) as exc:
        print(f"baimo corpus build: {exc}", file=sys.stderr)
        return 1
    print(result.summary())
    return 0


def cmd_facts_suggest(args: argparse.Namespace) -> int:
    # loaded when the command runs, so that `--help` and the other commands start fast
    from baimo import corpus, facts, quantities

    sents = corpus.sentences()
    mine = sents[sents.doc_id == args.doc_id]
    if mine.empty:
        print(f"unknown doc_id {args.doc_id}; known: {', '.join(sorted(sents.doc_id.unique()))}", file=sys.stderr)
        return 2
    table = facts.facts()
    cited = table[table.doc_id == args.doc_id]
    for sent, text in zip(mine.sent, mine.text, strict=True):
        found = quantities.extract(text, years=True)
        if not found:
            continue
        ids = [fid for fid, quote in zip(cited.fact_id, cited.quote, strict=True) if quote in text or text in quote]
        print(f"[{sent}] {'cited by ' + ', '.join(ids) if ids else 'NOT CITED'}: {text}")
        for q in found:
            print(f"      {facts.describe_quantity(q)}")
    return 0


def cmd_site(args: argparse.Namespace) -> int:
    # loaded when the command runs, so that `--help` and the other commands start fast
    from baimo import site

    t0 = time.perf_counter()
    out = site.render(
        executed_dir=args.executed, figures_root=args.figures, out=args.out, full_articles=args.full_articles
    )
    print(f"site written to {out} in {time.perf_counter() - t0:.1f}s; open {out / 'index.html'}")
    weights = site.weights.weigh(out)
    index = next(w for w in weights if w.page == "index.html")
    chapter = next((w for w in weights if w.page.startswith("notebooks/")), index)
    largest = max(weights, key=lambda w: w.html)
    print(
        f"page weights (with what they load): index {index.total / 1e6:.2f} MB, heaviest chapter "
        f"{chapter.page} {chapter.total / 1e6:.2f} MB; largest HTML {largest.page} {largest.html / 1e6:.2f} MB"
    )
    return 0


def cmd_env(args: argparse.Namespace) -> int:
    sys.stdout.write(environment_yml())
    return 0


def environment_yml(uv: str = str(paths.ROOT / ".tools" / "bin" / "uv")) -> str:
    """environment.yml for conda users: python 3.11 plus pip pins exported from uv.lock."""
    out = subprocess.run(
        [
            uv,
            "export",
            "--frozen",
            "--no-hashes",
            "--no-header",
            "--no-emit-project",
            "--no-annotate",
            "--group",
            "dev",
        ],
        cwd=paths.ROOT,
        check=True,
        capture_output=True,
        text=True,
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


# ---------------------------------------------------------------------------------------------
# The parser

CORPUS_DEFAULTS = {
    "engine": "local",
    "scheduler": None,
    "workers": None,
    "tokenizer": "jieba",
    "partition_mb": None,
    "skip_invalid": False,
}


def _add_build(sub) -> None:
    p = sub.add_parser(
        "build",
        help="run the chapters whose inputs changed; refresh figures/ and site/",
        description="Run the chapters whose inputs changed (in parallel) and refresh figures/, "
        "figures/index.json and site/. The only command that writes figures/.",
    )
    p.add_argument("--only", nargs="+", metavar="NAME", help="only these chapters (e.g. 00_corpus)")
    p.add_argument("--force", action="store_true", help="run even when nothing changed")
    p.add_argument("--jobs", type=int, default=None, help="chapters at once (default: the number of cores)")
    p.add_argument("--dry-run", action="store_true", help="say what would run and why; run nothing")
    p.add_argument("--out", type=Path, help="write figures/, site/, executed/ under DIR instead of the repository")
    p.add_argument("--no-site", action="store_true", help="skip rendering the HTML site")
    p.set_defaults(func=cmd_build)


def _add_run_and_new(sub) -> None:
    p = sub.add_parser(
        "run",
        help="run one chapter with parameters into build/runs/ (never figures/)",
        description="Execute one chapter with papermill parameters into "
        "build/runs/<chapter>/<hash of the parameters>/: the executed notebook, its "
        "figures, parameters.json and index.html. figures/ is never touched.",
    )
    p.add_argument("notebook", metavar="NOTEBOOK", help="a chapter by name (03_compute_spending) or path")
    p.add_argument(
        "-p",
        "--parameter",
        nargs=2,
        action="append",
        metavar=("NAME", "VALUE"),
        help="set a parameter (repeatable); values are typed as papermill types them",
    )
    p.set_defaults(func=cmd_run)
    p = sub.add_parser(
        "new",
        help="start a chapter from the template",
        description="Write notebooks/NN_name.ipynb from the template: header, parameters cell, "
        "set-up and one example figure. It builds as it is.",
    )
    p.add_argument("name", metavar="NN_name", help="two digits, '_', a lower-case slug (e.g. 07_data_prices)")
    p.add_argument("--title", help="the chapter's title (default: from the name)")
    p.set_defaults(func=cmd_new)


def _add_add(sub) -> None:
    # loaded when the command runs, so that `--help` and the other commands start fast
    from baimo import sources

    p = sub.add_parser(
        "add",
        help="add saved articles (text or web pages, any Chinese encoding) to seeds/",
        description="Copy saved articles into seeds/ and add their manifest rows. Metadata not "
        "given is taken from the text where it is stated; anything missing is asked "
        "for. On any problem nothing is written.",
    )
    p.add_argument("files", nargs="+", type=Path, metavar="FILE", help="saved article(s): .txt or .html/.htm")
    p.add_argument("--title", help="the article's headline (default: the page's <h1>/<title>; required for text files)")
    p.add_argument("--outlet", help="who published it (default: the page's site name or the 来源 line)")
    p.add_argument("--author", help="default: the 作者 line or the page's author metadata")
    p.add_argument("--published", help="YYYY-MM-DD or YYYY-MM (default: the date the text states)")
    p.add_argument(
        "--date-basis",
        choices=sorted(sources.DATE_BASES),
        help="stated (default: the text states the date), repost (the date is a repost's), "
        "inferred (from evidence; say which in --notes)",
    )
    p.add_argument("--url", help="where the page was saved from")
    p.add_argument("--notes", help="manifest notes (default: where the file and its date came from)")
    p.add_argument(
        "--allow-duplicate",
        action="store_true",
        help="add even when it is a near-duplicate of an article already in the corpus",
    )
    p.add_argument(
        "--dry-run", action="store_true", help="check everything and show the manifest row(s); write nothing"
    )
    p.set_defaults(func=cmd_add)


def _add_corpus(sub) -> None:
    # loaded when the command runs, so that `--help` and the other commands start fast
    from baimo import engines

    corpus_p = sub.add_parser("corpus", help="build a corpus dataset", description="Corpus datasets.")
    corpus_sub = corpus_p.add_subparsers(dest="corpus_command", metavar="SUBCOMMAND", required=True)
    p = corpus_sub.add_parser(
        "build",
        help="clean and segment articles into a corpus dataset",
        description="Without --src: clean and segment the seed articles into build/corpus/ (skipped when "
        "unchanged). With --src: every article under DIR into a partitioned corpus dataset at --out.",
    )
    p.add_argument(
        "--src",
        type=Path,
        help="directory of article files (*.txt in any supported encoding, saved pages *.html/*.htm); "
        "metadata from DIR/manifest.csv, else read from each file as `baimo add` reads it: its header, "
        "a page's tags, the article's datelines, bylines and 来源 lines (a file stating no title, outlet "
        "or date is refused, or listed with --skip-invalid)",
    )
    p.add_argument("--out", type=Path, help="dataset directory to write (default with no --src: build/corpus)")
    p.add_argument(
        "--engine",
        choices=engines.ENGINES,
        default="local",
        help="local: worker processes on this machine (default); dask: dask.distributed",
    )
    p.add_argument("--scheduler", metavar="ADDRESS", help="dask scheduler address (default: a LocalCluster)")
    p.add_argument(
        "--workers", type=int, help="worker processes (local, or the LocalCluster's size; default: all cores)"
    )
    p.add_argument(
        "--tokenizer",
        choices=engines.TOKENIZERS,
        default="jieba",
        help="segmentation backend; rjieba is faster and differs on a few tokens per thousand",
    )
    p.add_argument(
        "--partition-mb",
        type=float,
        help=f"raw MB per partition (default: {engines.PARTITION_MB:g}, "
        f"less for corpora under {engines.PARTITION_MB * engines.MIN_PARTITIONS:g} MB)",
    )
    p.add_argument(
        "--skip-invalid", action="store_true", help="leave out unreadable articles, listing them in OUT/rejected.csv"
    )
    p.add_argument("--force", action="store_true", help="rebuild everything, ignoring finished partitions")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_corpus_build, parser=p)


def _add_tables_and_site(sub) -> None:
    p = sub.add_parser(
        "check",
        help="verify facts, references, assumptions and figure provenance",
        description="Verify seeds/facts.csv, references.csv and assumptions.csv (quotes verbatim in "
        "the cleaned article, values extracted from them, ids known), every figure's "
        "source ids, that figures/ is as the build wrote it, and near-duplicate articles.",
    )
    p.set_defaults(func=cmd_check)
    facts_p = sub.add_parser("facts", help="the curator's tools for seeds/facts.csv", description="Facts table tools.")
    facts_sub = facts_p.add_subparsers(dest="facts_command", metavar="SUBCOMMAND", required=True)
    p = facts_sub.add_parser(
        "suggest",
        help="an article's sentences with the numbers found in them",
        description="Every sentence of an article with the quantities found in it, and whether "
        "a fact already cites it (the curator's worklist).",
    )
    p.add_argument("doc_id", metavar="DOC_ID", help="the article's doc_id (see seeds/manifest.csv)")
    p.set_defaults(func=cmd_facts_suggest)
    p = sub.add_parser(
        "site",
        help="re-render site/ from the executed chapters and figures",
        description="Render the reader site from the executed notebooks and the figures.",
    )
    p.add_argument("--executed", type=Path, default=paths.EXECUTED, help="executed notebooks (default build/executed)")
    p.add_argument("--figures", type=Path, default=paths.FIGURES, help="figures root (default figures/)")
    p.add_argument("--out", type=Path, default=paths.SITE, help="site directory to write (default site/)")
    p.add_argument(
        "--full-articles",
        action="store_true",
        help="show every article whole, with its raw text (a private build: the articles' text is their "
        "publishers'; by default an article page shows only the paragraphs the project quotes)",
    )
    p.set_defaults(func=cmd_site)
    p = sub.add_parser(
        "env",
        help="print environment.yml generated from uv.lock",
        description="Print environment.yml (conda) generated from uv.lock.",
    )
    p.set_defaults(func=cmd_env)


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="python -m baimo",
        description="baimo: build, run and check the chapters; "
        "add articles; build corpus datasets. `python -m baimo COMMAND --help` for each.",
    )
    sub = ap.add_subparsers(dest="command", metavar="COMMAND", required=True)
    _add_build(sub)
    _add_run_and_new(sub)
    _add_tables_and_site(sub)
    _add_add(sub)
    _add_corpus(sub)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(sys.argv[1:] if argv is None else argv)
    return args.func(args)
