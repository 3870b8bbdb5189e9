"""Benchmark the route search of ``baimo.jieba_route`` against jieba's own, in one run.

On the sentences of a generated (synthetic) corpus, cleaned as the corpus build cleans them:
(a) ``jieba.Tokenizer().lcut`` — jieba's ``get_DAG`` + ``calc``;
(b) ``RouteTokenizer().lcut`` — the same dictionary, ``best_route``.
Each is timed (CPU seconds of this process, best of ``--repeat``, the two interleaved so that a
slow spell of a shared machine hits both); the tokens must be identical, or the run fails.

    .venv/bin/python bench/segment.py               # 5 MB corpus (~35k sentences), ~1 min
    .venv/bin/python bench/segment.py --mb 1 --repeat 2
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def sentences(mb: float) -> list[str]:
    import make_corpus
    from baimo import corpus, engines

    src = Path(tempfile.mkdtemp(prefix="baimo-bench-seg-")) / "src"
    make_corpus.generate(src, mb=mb)
    out = []
    for a in engines.discover(src):
        text = engines._document(a, src, corpus.seed_evidence()).cleaned.text
        out += [text[s:e] for _, s, e in corpus.split_sentences(text)]
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mb", type=float, default=5)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    import jieba

    from baimo.jieba_route import RouteTokenizer

    jieba.default_logger.setLevel(logging.WARNING)
    texts = sentences(args.mb)
    stock, route = jieba.Tokenizer(), RouteTokenizer()
    for tk in (stock, route):
        tk.initialize()
        tk.lcut("预热")  # route builds its table here, outside the timing
    best = {"(a) jieba.Tokenizer": float("inf"), "(b) RouteTokenizer": float("inf")}
    cuts = {}
    for _ in range(args.repeat):
        for name, tk in zip(best, (stock, route), strict=True):
            t0 = time.process_time()
            cuts[name] = [tk.lcut(s) for s in texts]
            best[name] = min(best[name], time.process_time() - t0)
    a, b = cuts.values()
    if a != b:
        differ = sum(x != y for x, y in zip(a, b, strict=True))
        print(f"FAILED: {differ} of {len(texts)} sentences cut differently", file=sys.stderr)
        return 1
    chars = sum(map(len, texts))
    mb = sum(len(s.encode("utf-8")) for s in texts) / 1e6
    base = best["(a) jieba.Tokenizer"]
    print(
        f"{len(texts):,} sentences, {chars:,} characters, {sum(map(len, a)):,} tokens (identical), "
        f"best of {args.repeat}, CPU seconds"
    )
    for name, sec in best.items():
        print(f"{name:<24}{sec:>8.2f} s{mb / sec:>8.2f} MB/s{base / sec:>7.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
