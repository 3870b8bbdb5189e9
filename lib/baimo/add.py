"""``python -m baimo add FILE…``: add saved articles to ``seeds/`` without ever breaking the corpus.

For each file: decode it (``sources.read_article``: UTF-8 with or without BOM, UTF-16, GB18030,
Big5 — ranked by charset-normalizer and confirmed by a strict decode), turn a saved web page into
text (``html_to_text``), take the metadata the text states (title, outlet, author, date) unless
given on the command line, measure the script, clean it, and compare it with every article already
in the corpus (``baimo.dedup``). Any problem refuses *every* file named, with nothing written.

Then, all files at once: each original is copied byte for byte to ``seeds/NNN_<sha16>.<ext>``
(temp file + rename), and the whole new manifest is written to a temp file, validated with
``sources.read_manifest`` and renamed over ``seeds/manifest.csv``. The manifest is replaced last,
so a kill at any point leaves the previous manifest, and therefore the previous corpus, intact;
a copied file whose manifest row never landed is reused by the next ``add`` of the same file.

Test hook: ``BAIMO_TEST_PAUSE_AT=after-copy`` (or ``after-manifest-temp``) makes ``add`` print
``paused at …`` and sleep there, so a test can kill it mid-way.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

from baimo import clean, corpus, dedup, fileops, paths, sources
from baimo.sources import looks_like_html, parse_date

PAUSE_ENV = "BAIMO_TEST_PAUSE_AT"
SEED_NAME = re.compile(r"^(\d{3,})_[0-9a-f]{16}\.\w+$")


class AddError(ValueError):
    """A refusal: names the file, says what is wrong and what to do. Nothing has been written."""


# ---------------------------------------------------------------------------------------------
# Preparing one file (reads only)


@dataclass
class Prepared:
    source: Path
    data: bytes
    ext: str
    row: dict
    clean_chars: int
    shingles: frozenset = frozenset()

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def _refuse(path: Path, message: str) -> AddError:
    return AddError(f"{path}: {message}")


def _read(path: Path) -> tuple[bytes, str, bool]:
    """(bytes, decoded text, is_html) — refusing what sources.read_article refuses."""
    if not path.exists():
        raise _refuse(path, "no such file; check the path")
    if not path.is_file():
        raise _refuse(path, "not a file; name the saved article itself")
    data = path.read_bytes()
    try:
        decoded = sources.read_article(path, raw=True)
    except sources.CorpusError as exc:
        reason = str(exc).removeprefix(f"{path}: ")
        if reason == "file is empty":
            reason = "file is empty (0 bytes or only whitespace); save the article again"
        raise _refuse(path, reason) from None
    is_html = path.suffix.lower() in sources.HTML_SUFFIXES or looks_like_html(decoded)
    if (
        is_html
        and re.search(r"<html[\s>]", decoded[:5000], re.I)
        and not re.search(r"</(body|html)\s*>", decoded, re.I)
    ):
        raise _refuse(
            path,
            "the web page stops before </body></html>: it looks truncated; save the page again "
            '(in the browser: File → Save Page As…, "Web Page, HTML only")',
        )
    return data, decoded, is_html


#: How to give each field ``baimo add`` needs, when the file does not state it.
OPTIONS = {"title": "--title '…'", "outlet": "--outlet '…'", "published": "--published YYYY-MM-DD"}


def prepare(
    path: Path, *, title=None, outlet=None, author=None, published=None, date_basis=None, url=None, notes=None
) -> Prepared:
    """Everything about one file short of writing it: refuses with AddError.

    The metadata is read by ``sources.article_metadata``, the reader ``corpus build --src`` uses:
    the options first, then the file's header, a saved page's metadata, the article's own lines."""
    path = Path(path)
    data, decoded, is_html = _read(path)
    if published:
        value = parse_date(published, loose=True)
        if value is None:
            raise _refuse(
                path,
                f"--published {published!r} is not a date format this tool reads; "
                "write it as YYYY-MM-DD, or YYYY-MM when only the month is known",
            )
        published = value
    if date_basis and date_basis not in sources.DATE_BASES:
        raise _refuse(path, f"--date-basis {date_basis!r} is not one of {', '.join(sorted(sources.DATE_BASES))}")
    try:
        meta = sources.article_metadata(
            decoded,
            html=is_html,
            name=str(path),
            given={"title": title, "outlet": outlet, "author": author, "published": published},
        )
    except sources.CorpusError as exc:  # a malformed header: the message names the file and line
        raise AddError(str(exc)) from None
    text, title = meta.body, meta.get("title")

    script, _ = clean.measure_script(text)
    cleaned = clean.clean(
        text, title=title or None, traditional=script == "traditional", evidence=corpus.seed_evidence()
    )
    if len(cleaned.text) < corpus.MIN_CHARS:
        hint = (
            "the page may load its text with JavaScript, so the saved file lacks it: copy the article "
            "text into a .txt file (UTF-8) and add that"
            if is_html
            else "is this the article? save its full text"
        )
        excerpt = f": {cleaned.text[:30]!r}" if cleaned.text else ""
        raise _refuse(
            path,
            f"the text cleans down to {len(cleaned.text)} characters "
            f"(the corpus needs at least {corpus.MIN_CHARS}){excerpt}; {hint}",
        )
    refusal = meta.refusal(OPTIONS)
    if refusal:
        raise _refuse(path, refusal)

    suffix = path.suffix.lower()
    ext = (suffix.lstrip(".") if suffix in sources.HTML_SUFFIXES else "html") if is_html else "txt"
    origin = f"{path.name}, saved web page" if is_html else path.name
    read = meta.origins(skip=("--",)) or "metadata given on the command line"
    notes = notes if notes is not None else meta.header.get("notes") or f"Added with `baimo add` from {origin}; {read}."
    row = {
        "doc_id": "",
        "file": "",
        "title": title,
        "outlet": meta.get("outlet"),
        "author": meta.get("author"),
        "published": meta.get("published"),
        "date_basis": date_basis or meta.header.get("date_basis") or "stated",
        "script": script,
        "url": (url or meta.header.get("url") or "").strip(),
        "notes": notes,
    }
    return Prepared(path, data, ext, row, len(cleaned.text), shingles=dedup.shingles(cleaned.text))


_EXISTING: dict[tuple, frozenset] = {}


def existing_shingles(manifest: list[dict], seeds_dir: Path) -> dict[str, frozenset]:
    """Shingles of every article in the manifest, from its cleaned text (cached by file content)."""
    out = {}
    for row in manifest:
        path = seeds_dir / row["file"]
        key = (hashlib.sha256(path.read_bytes()).hexdigest(), row["title"], row["script"])
        if key not in _EXISTING:
            try:
                text = corpus.clean_document(row, seeds_dir).cleaned.text
            except sources.CorpusError as exc:
                raise AddError(
                    f"{exc} — an article already in the corpus cannot be read, so the new file "
                    "cannot be checked against it; fix that first\nnothing was added"
                ) from None
            _EXISTING[key] = dedup.shingles(text)
        out[row["doc_id"]] = _EXISTING[key]
    return out


# ---------------------------------------------------------------------------------------------
# Writing (all files, then the manifest last)


def _pause(point: str) -> None:
    if os.environ.get(PAUSE_ENV) == point:
        print(f"paused at {point}", flush=True)
        time.sleep(600)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove_stale_temps(seeds_dir: Path) -> None:
    for tmp in seeds_dir.glob(".*.tmp-*"):
        pid = tmp.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not _alive(int(pid)):
            tmp.unlink(missing_ok=True)


def _manifest_text(path: Path, rows: list[dict]) -> str:
    text = path.read_text(encoding="utf-8")
    if text and not text.endswith("\n"):
        text += "\n"
    buf = io.StringIO()
    writer = csv.DictWriter(buf, sources.MANIFEST_COLUMNS, lineterminator="\n")
    writer.writerows(rows)
    return text + buf.getvalue()


@dataclass
class AddResult:
    added: list[Prepared]
    warnings: list[str]


def add(
    files: list[Path | str],
    *,
    seeds_dir: Path | None = None,
    title=None,
    outlet=None,
    author=None,
    published=None,
    date_basis=None,
    url=None,
    notes=None,
    allow_duplicate: bool = False,
    dry_run: bool = False,
) -> AddResult:
    """Add ``files`` to ``seeds_dir`` (default ``seeds/``): all of them, or — on any refusal — none.

    Raises AddError whose message lists every refused file and why.
    """
    seeds_dir = Path(seeds_dir or paths.SEEDS)
    manifest_path = seeds_dir / "manifest.csv"
    files = [Path(f) for f in files]
    if not files:
        raise AddError("name at least one saved article: python -m baimo add FILE…")
    if len(files) > 1 and (title or url or published):
        raise AddError("--title, --url and --published describe one article; add the files one at a time")
    try:
        manifest = sources.read_manifest(manifest_path, seeds_dir=seeds_dir).to_dict("records")
    except sources.CorpusError as exc:
        raise AddError(f"{exc} — fix seeds/manifest.csv first\nnothing was added") from None

    refusals, prepared, warnings = [], [], []
    for f in files:
        try:
            prepared.append(
                prepare(
                    f,
                    title=title,
                    outlet=outlet,
                    author=author,
                    published=published,
                    date_basis=date_basis,
                    url=url,
                    notes=notes,
                )
            )
        except AddError as exc:
            refusals.append(str(exc))
    if refusals:
        raise AddError("\n".join(refusals) + "\nnothing was added")

    # Duplicates: identical bytes are refused outright; near-duplicates need --allow-duplicate.
    by_sha = {hashlib.sha256((seeds_dir / r["file"]).read_bytes()).hexdigest(): r["doc_id"] for r in manifest}
    known = existing_shingles(manifest, seeds_dir)
    titles = {r["doc_id"]: f"{r['title']} — {r['outlet']}" for r in manifest}
    for p in prepared:
        if p.sha256 in by_sha:
            refusals.append(
                f"{p.source}: the same bytes are already in the corpus as {by_sha[p.sha256]} "
                f"({titles.get(by_sha[p.sha256], 'named earlier on this command line')}); nothing to add"
            )
            continue
        by_sha[p.sha256] = p.source.name
        near = dedup.closest_to(p.shingles, known)
        if near:
            what = "; ".join(f"{q.b} ({titles.get(q.b, q.b)}): {q.similarity.describe()}" for q in near)
            if not allow_duplicate:
                refusals.append(
                    f"{p.source}: near-duplicate of {what}. If it is a different version worth "
                    "keeping (a syndicated copy with its own edits), add it again with --allow-duplicate"
                )
            else:
                warnings.append(f"{p.source}: near-duplicate of {what}; added anyway (--allow-duplicate)")
                p.row["notes"] += f" Near-duplicate of {', '.join(q.b for q in near)} (allowed with --allow-duplicate)."
        known[p.source.name] = p.shingles
        titles[p.source.name] = f"{p.row['title']} — {p.row['outlet']} (named earlier on this command line)"
    if refusals:
        raise AddError("\n".join(refusals) + "\nnothing was added")
    for p in prepared:
        if p.source.resolve().parent == seeds_dir.resolve():
            warnings.append(
                f"{p.source}: the original is inside seeds/; once added, delete it there (its copy is kept)"
            )
    if dry_run:
        return AddResult(prepared, warnings)

    with fileops.project_lock("baimo add"):
        _remove_stale_temps(seeds_dir)
        listed = {r["file"] for r in manifest}
        orphans = {f.name: f for f in seeds_dir.iterdir() if SEED_NAME.match(f.name) and f.name not in listed}
        numbers = [
            int(m[1])
            for n in [*(r["doc_id"] for r in manifest), *(f.name for f in seeds_dir.iterdir())]
            if (m := re.match(r"^(\d+)_", n))
        ]
        nxt = max(numbers, default=-1) + 1
        for p in prepared:
            sha16 = p.sha256[:16]
            # A copy left by an interrupted add of this very file: reuse its number.
            reuse = next((name for name in orphans if name.split("_", 1)[1] == f"{sha16}.{p.ext}"), None)
            if reuse:
                doc_id = reuse.rsplit(".", 1)[0]
                orphans.pop(reuse)
            else:
                doc_id, nxt = f"{nxt:03d}_{sha16}", nxt + 1
            p.row["doc_id"], p.row["file"] = doc_id, f"{doc_id}.{p.ext}"
        for name in sorted(orphans):
            warnings.append(
                f"{seeds_dir / name}: not in the manifest (left by an interrupted `baimo add`?); "
                "add the original again, or delete this file"
            )
        _commit(prepared, seeds_dir, manifest_path)
    return AddResult(prepared, warnings)


def _commit(prepared: list[Prepared], seeds_dir: Path, manifest_path: Path) -> None:
    """Copy the files, then replace the manifest. Not ``fileops.write_atomic`` per file: the copies
    are fsynced and made read-only before their rename, a failure anywhere removes the copies this
    call created, and the manifest's temp file is validated (``read_manifest``) before it replaces
    the old one: it is renamed last, so until then the corpus is the previous one."""
    created: list[Path] = []
    temps: list[Path] = []
    try:
        for p in prepared:
            final = seeds_dir / p.row["file"]
            tmp = seeds_dir / f".{final.name}.tmp-{os.getpid()}"
            temps.append(tmp)
            with open(tmp, "wb") as fh:
                fh.write(p.data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o444)  # raw stays raw: the seeds are read-only, like the originals
            if not final.exists():
                created.append(final)
            os.replace(tmp, final)
        _pause("after-copy")
        tmp_manifest = seeds_dir / f".manifest.csv.tmp-{os.getpid()}"
        temps.append(tmp_manifest)
        with open(tmp_manifest, "w", encoding="utf-8", newline="") as fh:
            fh.write(_manifest_text(manifest_path, [p.row for p in prepared]))
            fh.flush()
            os.fsync(fh.fileno())
        try:
            sources.read_manifest(tmp_manifest, seeds_dir=seeds_dir)
        except sources.CorpusError as exc:
            raise AddError(f"the new manifest row does not validate ({exc})\nnothing was added") from None
        _pause("after-manifest-temp")
        os.replace(tmp_manifest, manifest_path)
    except BaseException:
        for f in created:
            f.unlink(missing_ok=True)
        raise
    finally:
        for t in temps:
            t.unlink(missing_ok=True)
