"""Measure the current pipeline on real page excerpts and their hand labels.

    .venv/bin/python tests/data/measure_real_pages.py STORE_DIR [--out table.md] [--json counts.json]

STORE_DIR holds, for each excerpt, ``NN_<domain>.txt`` (a ``url: …`` line, a blank line, then the
excerpt exactly as the search store returned it) and ``NN_<domain>.labels.json`` (hand labels:
each line's kind, the title, regional terms, names, hard-wrap groups and, for some, every number
with its reading). The excerpts are third-party text and are never committed, so this script only
runs where a store exists; its committed output is the "before" table in ``real_pages.md``.

What it counts per article, with the library as it is (nothing here changes a rule):

* chrome_left: labelled chrome lines (and dateline prefixes / inline chrome fragments) that
  ``baimo.clean.clean`` keeps; title_left: the title line kept although the title was given.
* body_lost: body sentences (``corpus.split_sentences`` of the labelled body, wrap groups joined)
  that are not in the cleaned text.
* regional_left: occurrences of labelled Taiwan / Hong Kong terms that come out of the cleaner in
  their t2s form instead of the mainland word (資料中心 → 资料中心, not 数据中心).
* wraps_left / wraps_cut_word: hard-wrap line breaks that survive cleaning; those where a
  ``segment.tokenize`` token of the joined text spans the break (a word cut in two).
* names_split / names_absent: labelled names with a token boundary inside them, per occurrence;
  names that do not occur in the cleaned text at all (dropped with a line, or changed by t2s).
* numbers right / wrong / wrong_scale / missed / extra for the number-labelled articles:
  ``quantities.extract`` on the cleaned text against the hand readings.
* decode: the excerpt re-encoded (UTF-8 with BOM, GB18030, Big5 for traditional ones, UTF-16
  with BOM) and read back with ``corpus.read_article``: ok, or what went wrong.
* meta: what ``baimo.add.prepare`` states for the text file when given only the title.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import re
import sys
import tempfile
from pathlib import Path

from baimo import add, clean, corpus, quantities, segment

ENCODINGS = ("utf-8-sig", "gb18030", "big5", "utf-16")


# ---------------------------------------------------------------------------------------------
# Normal form used only for comparing labelled raw text with cleaned text

_WS = re.compile(r"\s+")


def norm(text: str, region: str | None = None) -> str:
    """Raw or cleaned text in one comparable form: no pinyin annotations, simplified as the cleaner
    simplifies it (``region``: the regional vocabulary it found, ``metadata["vocabulary"]``), 著→着,
    ASCII digits and letters, no whitespace."""
    text = clean.PINYIN_ANNOTATION.sub("", text)
    text = clean.to_simplified(text, region)[0].replace("著", "着")
    text = text.translate(clean._FULLWIDTH)
    return _WS.sub("", text)


def read_store(store: Path):
    for path in sorted(store.glob("[0-9][0-9]_*.txt")):
        labels_path = path.with_suffix(".labels.json")
        if not labels_path.exists():
            continue
        raw = path.read_text(encoding="utf-8")
        first, _, body = raw.partition("\n\n")
        yield path, first.removeprefix("url: ").strip(), body, json.loads(labels_path.read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------------------------
# Counters


def chrome_left(lines, labels, cleaned_text, region=None):
    cleaned_lines = [norm(x, region) for x in cleaned_text.split("\n")]
    pool: dict[str, int] = {}
    for c in cleaned_lines:
        pool[c] = pool.get(c, 0) + 1
    left, kinds = 0, {}
    for entry in labels["lines"]:
        if entry["label"].startswith("chrome:"):
            key = norm(lines[entry["n"]], region)
            if key and pool.get(key, 0) > 0:
                pool[key] -= 1
                left += 1
                kind = entry["label"].split(":", 1)[1]
                kinds[kind] = kinds.get(kind, 0) + 1
    whole = norm(cleaned_text, region)
    for entry in labels["lines"]:
        prefix = entry.get("dateline_prefix")
        if prefix and norm(prefix, region) and norm(prefix, region) in whole:
            left += 1
            kinds["dateline_in_body"] = kinds.get("dateline_in_body", 0) + 1
        for frag in entry.get("inline_chrome", []):
            if norm(frag, region) in whole:
                left += 1
                kinds["inline"] = kinds.get("inline", 0) + 1
    title_left = 0
    if labels.get("title"):
        title_left = int(norm(labels["title"], region) in cleaned_lines)
    return left, kinds, title_left


def body_paragraphs(lines, labels):
    """The labelled body as paragraphs: wrap groups joined, dateline prefixes and garbage cut."""
    grouped = {i: g for g in labels.get("wrap_groups", []) for i in g}
    done, paras = set(), []
    for entry in labels["lines"]:
        i = entry["n"]
        if entry["label"] != "body" or i in done:
            continue
        idx = grouped.get(i, [i])
        parts = []
        for j in idx:
            done.add(j)
            text = lines[j]
            e = labels["lines"][j]
            if e.get("dateline_prefix") and text.startswith(e["dateline_prefix"]):
                text = text[len(e["dateline_prefix"]) :]
            if e.get("garbage"):
                text = text.replace(e["garbage"], "")
            for frag in e.get("inline_chrome", []):
                text = text.replace(frag, "")
            parts.append(text.strip())
        paras.append("".join(parts))
    return paras


def body_lost(lines, labels, cleaned_text, region=None):
    whole = norm(cleaned_text, region)
    for entry in labels["lines"]:  # inline chrome left in a body line is counted as chrome, not as loss
        for frag in entry.get("inline_chrome", []):
            whole = whole.replace(norm(frag, region), "")
    total = lost = 0
    examples = []
    for para in body_paragraphs(lines, labels):
        for _, s, e in corpus.split_sentences(para):
            sent = norm(para[s:e], region)
            if len(sent) < 2:
                continue
            total += 1
            if sent not in whole:
                lost += 1
                examples.append(para[s:e][:20])
    return total, lost, examples


def regional_left(labels, cleaned_text):
    left = converted = 0
    terms = {}
    for term, mainland in labels.get("regional_terms", {}).items():
        t2s_form = norm(term)
        n_left = cleaned_text.count(t2s_form) if t2s_form != norm(mainland) else 0
        if term == "資料":  # the bare word, not inside 資料中心 (labelled apart where it occurs)
            n_left = len(re.findall(r"资料(?!中心)", cleaned_text))
        n_ok = cleaned_text.count(mainland)
        left += n_left
        converted += n_ok
        if n_left:
            terms[term] = n_left
    return left, converted, terms


def _boundaries(text: str) -> tuple[str, set[int]]:
    """Whitespace-free, lower-cased text and the token end offsets of segment.tokenize in it."""
    flat = _WS.sub("", text).lower()
    ends, pos = set(), 0
    for tok in segment.tokenize(text):
        t = _WS.sub("", tok).lower()
        if not t:
            continue
        found = flat.find(t, pos, pos + len(t) + 8)
        if found < 0:
            continue
        pos = found + len(t)
        ends.add(found)
        ends.add(pos)
    return flat, ends


def names_split(labels, cleaned_text):
    flat, ends = _boundaries(cleaned_text)
    names = [_WS.sub("", n).lower() for n in labels.get("names", [])]
    spans = []
    for n in names:
        for m in re.finditer(re.escape(n), flat):
            spans.append((m.start(), m.end(), n))
    split, absent, occurrences, which = 0, [], 0, {}
    for raw, n in zip(labels.get("names", []), names, strict=True):
        if n not in flat:
            absent.append(raw)
    for s, e, n in spans:
        if any(s2 <= s and e <= e2 and (e2 - s2) > (e - s) for s2, e2, _ in spans):
            continue  # inside a longer labelled name
        occurrences += 1
        if any(s < b < e for b in ends):
            split += 1
            which[n] = which.get(n, 0) + 1
    return occurrences, split, which, absent


def wraps(lines, labels, cleaned_text, region=None):
    left = cut = total = 0
    for group in labels.get("wrap_groups", []):
        for a, b in itertools.pairwise(group):
            total += 1
            tail, head = norm(lines[a], region)[-4:], norm(lines[b], region)[:4]
            if not tail or not head:
                continue
            if tail + "\n" + head in cleaned_text.replace(" ", ""):
                left += 1
                joined = tail + head
                flat, ends = _boundaries(joined)
                if len(tail) in ends:
                    continue
                cut += 1
    return total, left, cut


#: Data sizes are read as bytes (decimal prefixes, as baimo.quantities documents); the hand labels
#: write them as the page does (400 PB), so they are put in bytes before comparing.
BYTES = {"KB": 1e3, "MB": 1e6, "GB": 1e9, "TB": 1e12, "PB": 1e15, "EB": 1e18}


def _in_bytes(item: dict) -> dict:
    scale = BYTES.get(item["unit"])
    return {**item, "low": item["low"] * scale, "high": item["high"] * scale, "unit": "bytes"} if scale else item


def numbers(labels, cleaned_text):
    if labels.get("numbers") is None:
        return None
    qs = quantities.extract(cleaned_text)
    used_q = set()
    out = {"right": 0, "wrong": 0, "wrong_scale": 0, "missed": 0, "extra": 0, "details": []}
    next_from: dict[str, int] = {}
    for item in map(_in_bytes, labels["numbers"]):
        key = item["key"]
        at = cleaned_text.find(key, next_from.get(key, 0))
        if at < 0:
            out["missed"] += 1
            out["details"].append(f"missed (text not found): {key!r}")
            continue
        next_from[key] = at + 1
        span = (at, at + len(key))
        cands = [(k, q) for k, q in enumerate(qs) if q.start < span[1] and span[0] < q.end]

        def good(q, item=item):
            return (
                math.isclose(q.low, item["low"], rel_tol=1e-6)
                and math.isclose(q.high, item["high"], rel_tol=1e-6)
                and q.unit == item["unit"]
                and q.per == item["per"]
            )

        match = next(((k, q) for k, q in cands if good(q)), None)
        if match:
            out["right"] += 1
            used_q.add(match[0])
            continue
        if not cands:
            out["missed"] += 1
            out["details"].append(f"missed: {key!r}")
            continue
        k, q = min(cands, key=lambda kq: abs(math.log10(abs(kq[1].low) + 1e-12) - math.log10(abs(item["low"]) + 1e-12)))
        used_q.add(k)
        out["wrong"] += 1
        ratio = q.low / item["low"] if item["low"] else 0
        scale = ratio and ratio != 1 and abs(math.log10(abs(ratio)) - round(math.log10(abs(ratio)))) < 1e-6
        if scale and q.unit == item["unit"]:
            out["wrong_scale"] += 1
        out["details"].append(
            f"wrong: {key!r} read {q.surface!r} = {q.low:g}..{q.high:g} {q.unit} /{q.per}"
            f" (want {item['low']:g}..{item['high']:g} {item['unit']} /{item['per']})"
            + (f" [scale x{ratio:g}]" if scale else "")
        )
    for k, q in enumerate(qs):
        if k not in used_q:
            out["extra"] += 1
            out["details"].append(f"extra: {q.surface!r} = {q.low:g} {q.unit} /{q.per}")
    return out


def decode_check(body: str, labels, tmp: Path, nn: str):
    results = {}
    for enc in ENCODINGS:
        if enc == "big5" and labels["script"] != "traditional":
            continue
        text = body
        note = ""
        try:
            data = text.encode(enc)
        except UnicodeEncodeError:
            bad = sorted({c for c in text if not _encodable(c, enc)})
            note = f"{len(bad)} char(s) not in {enc}: {''.join(bad)[:12]}; replaced by '?'"
            data = text.encode(enc, errors="replace")
            text = data.decode(enc)
        path = tmp / f"{nn}_{enc}.txt"
        path.write_bytes(data)
        try:
            got = corpus.read_article(path)
        except corpus.CorpusError as exc:
            results[enc] = "refused: " + str(exc).split(": ", 1)[-1][:90] + (f" ({note})" if note else "")
            continue
        if got.replace("\r\n", "\n") == text:
            results[enc] = "ok" + (f" ({note})" if note else "")
        else:
            diff = sum(a != b for a, b in zip(got, text, strict=False)) + abs(len(got) - len(text))
            results[enc] = f"misread ({diff} chars differ)" + (f" ({note})" if note else "")
    return results


def _encodable(c: str, enc: str) -> bool:
    try:
        c.encode(enc)
        return True
    except UnicodeEncodeError:
        return False


def metadata(body: str, labels, tmp: Path, nn: str):
    path = tmp / f"{nn}_meta.txt"
    path.write_text(body, encoding="utf-8")
    title = labels.get("title") or "(title given by hand)"
    try:
        row = add.prepare(path, title=title).row
        return {k: row[k] for k in ("outlet", "author", "published")}
    except add.AddError as exc:
        return {"refused": str(exc).split(": ", 1)[-1][:120]}


# ---------------------------------------------------------------------------------------------


def measure(store: Path) -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory() as tmpd:
        tmp = Path(tmpd)
        for path, url, body, labels in read_store(store):
            nn = path.name[:2]
            lines = body.split("\n")
            cleaned = clean.clean(body, title=labels.get("title"))
            text = cleaned.text
            n_chrome = (
                sum(1 for e in labels["lines"] if e["label"].startswith("chrome:"))
                + sum(1 for e in labels["lines"] if e.get("dateline_prefix"))
                + sum(len(e.get("inline_chrome", [])) for e in labels["lines"])
            )
            region = cleaned.metadata.get("vocabulary")
            left, kinds, title_left = chrome_left(lines, labels, text, region)
            total_s, lost, lost_ex = body_lost(lines, labels, text, region)
            reg_left, reg_ok, reg_terms = regional_left(labels, text)
            w_total, w_left, w_cut = wraps(lines, labels, text, region)
            n_occ, n_split, n_which, n_absent = names_split(labels, text)
            nums = numbers(labels, text)
            rows.append(
                {
                    "nn": nn,
                    "site": path.stem[3:],
                    "url": url,
                    "script": labels["script"],
                    "themes": labels["themes"],
                    "chrome": n_chrome,
                    "chrome_left": left,
                    "chrome_left_kinds": kinds,
                    "title_left": title_left,
                    "sentences": total_s,
                    "body_lost": lost,
                    "body_lost_examples": lost_ex,
                    "regional_left": reg_left,
                    "regional_converted": reg_ok,
                    "regional_left_terms": reg_terms,
                    "wraps": w_total,
                    "wraps_left": w_left,
                    "wraps_cut_word": w_cut,
                    "name_occurrences": n_occ,
                    "names_split": n_split,
                    "names_split_which": n_which,
                    "names_absent": n_absent,
                    "numbers": nums,
                    "decode": decode_check(body, labels, tmp, nn),
                    "meta": metadata(body, labels, tmp, nn),
                    "stated_metadata": cleaned.metadata,
                }
            )
    return rows


def table(rows: list[dict]) -> str:
    head = (
        "| # | site | script | chrome lines | chrome left | title left | body sentences | body lost | "
        "regional left | wraps left (word cut) | names split / occurrences | "
        "numbers right / wrong (scale) / missed / extra | decode failures |"
    )
    out = [head, "|" + "---|" * 13]
    tot = {
        k: 0
        for k in (
            "chrome",
            "chrome_left",
            "title_left",
            "sentences",
            "body_lost",
            "regional_left",
            "wraps",
            "wraps_left",
            "wraps_cut_word",
            "names_split",
            "name_occurrences",
        )
    }
    ntot = {"right": 0, "wrong": 0, "wrong_scale": 0, "missed": 0, "extra": 0}
    dec_fail = 0
    for r in rows:
        for k in tot:
            tot[k] += r[k]
        n = r["numbers"]
        if n:
            for k in ntot:
                ntot[k] += n[k]
        fails = [f"{enc}: {v}" for enc, v in r["decode"].items() if not v.startswith("ok")]
        dec_fail += len(fails)
        nums = f"{n['right']} / {n['wrong']} ({n['wrong_scale']}) / {n['missed']} / {n['extra']}" if n else "–"
        wr = f"{r['wraps_left']} ({r['wraps_cut_word']}) of {r['wraps']}" if r["wraps"] else "–"
        out.append(
            f"| {r['nn']} | {r['site']} | {r['script'][:4]} | {r['chrome']} | {r['chrome_left']} | "
            f"{r['title_left']} | {r['sentences']} | {r['body_lost']} | {r['regional_left']} | {wr} | "
            f"{r['names_split']} / {r['name_occurrences']} | {nums} | {len(fails)} |"
        )
    out.append(
        f"| **all** | {len(rows)} pages | | {tot['chrome']} | {tot['chrome_left']} | {tot['title_left']} | "
        f"{tot['sentences']} | {tot['body_lost']} | {tot['regional_left']} | "
        f"{tot['wraps_left']} ({tot['wraps_cut_word']}) of {tot['wraps']} | "
        f"{tot['names_split']} / {tot['name_occurrences']} | "
        f"{ntot['right']} / {ntot['wrong']} ({ntot['wrong_scale']}) / {ntot['missed']} / {ntot['extra']} | {dec_fail} |"
    )
    return "\n".join(out)


def details(rows: list[dict]) -> str:
    out = []
    for r in rows:
        bits = []
        if r["chrome_left_kinds"]:
            bits.append("chrome left: " + ", ".join(f"{k} {v}" for k, v in sorted(r["chrome_left_kinds"].items())))
        if r["body_lost_examples"]:
            bits.append(f"body lost: {len(r['body_lost_examples'])} sentence(s)")
        if r["regional_left_terms"]:
            bits.append("regional left: " + ", ".join(f"{k}×{v}" for k, v in r["regional_left_terms"].items()))
        if r["names_split_which"]:
            bits.append("split: " + ", ".join(f"{k}×{v}" for k, v in sorted(r["names_split_which"].items())))
        if r["names_absent"]:
            bits.append("absent after cleaning: " + ", ".join(r["names_absent"]))
        fails = [f"{enc} {v}" for enc, v in r["decode"].items() if not v.startswith("ok") or "(" in v]
        if fails:
            bits.append("decode: " + "; ".join(fails))
        bits.append("add metadata: " + json.dumps(r["meta"], ensure_ascii=False))
        out.append(f"- **{r['nn']} {r['site']}** — " + " · ".join(bits))
    return "\n".join(out)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("store", type=Path)
    ap.add_argument("--out", type=Path, help="write the markdown table here")
    ap.add_argument("--json", type=Path, help="write every count (and the number details) here")
    args = ap.parse_args(argv)
    rows = measure(args.store)
    if not rows:
        print(f"no labelled excerpts in {args.store}", file=sys.stderr)
        return 1
    md = table(rows) + "\n\n" + details(rows) + "\n"
    print(md)
    if args.out:
        args.out.write_text(md, encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
