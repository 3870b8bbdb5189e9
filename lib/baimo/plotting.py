"""House style and figure export for the notebooks.

Two entry points:

* :func:`use_style` registers the bundled CJK font (Noto Sans CJK **SC** from the pinned
  ``noto-cjk-sans-otc`` package) and sets the house rcParams. Idempotent and cheap.
* :func:`save_figure` puts the bilingual title block and the source line on a figure and writes
  ``<name>.png``, ``<name>.svg``, ``<name>.csv`` (exactly the numbers drawn) and ``<name>.json``
  (the figure's description, for the figure index) into the notebook's figures directory;
  ``show=True`` then displays the saved SVG instead of letting the inline backend draw it again.

:func:`source_text` writes the source line a figure passes to ``save_figure``: the articles and
publishers behind its ``source_id`` column, then the ids, wrapped to the figure's width.

Outputs are deterministic: the SVG carries no date and uses a fixed hash salt, the PNG carries no
Software/date metadata, the CSV uses a fixed float format and ``\\n`` line endings, the JSON has
sorted keys and no timestamps. Saving the same figure twice gives byte-identical files.

The PNG is rasterised from the SVG (resvg, text already as paths), not drawn a second time by
matplotlib: the SVG's coordinates are rounded to a few decimals, so the PNG no longer depends on
the last bit of a float computed with the CPU's own SIMD code (numpy's log10 on a log axis
differs in the last bit between processors, and that moved anti-aliased pixels).

Where files go (first match wins): ``out_dir`` argument > ``$BAIMO_FIGURES_DIR`` (the build and
``baimo run`` point it at a directory of their own) > ``build/runs/<notebook>/interactive/figures``
(JupyterLab, plain papermill, nbconvert). Nothing but the build writes ``figures/``: a target
inside it is refused.
Which notebook: ``notebook`` argument > the chapter's own name (``baimo.chapter.Chapter``) >
``$BAIMO_NOTEBOOK`` > the running Jupyter session (``$JPY_SESSION_NAME``, VS Code's
``__vsc_ipynb_file__``) > error.
"""

from __future__ import annotations

import io
import json
import os
import re
import sys
import tomllib
from pathlib import Path
from typing import Any

import matplotlib
import matplotlib.pyplot as plt
import noto_cjk_sans_otc
import pandas as pd
from IPython.display import display
from matplotlib import font_manager
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import Bbox, ScaledTranslation

from baimo import facts, fileops, paths, provenance, raster
from baimo.text import columns as text_columns

# --------------------------------------------------------------------------------------------
# Font

#: Family name of the face we use. The .ttc's first face is JP; SC is a later face, and
#: matplotlib (>= 3.10) registers every face of a collection under its own family name.
CJK_FAMILY = "Noto Sans CJK SC"
#: Latin fallback after the CJK face (matplotlib falls back glyph by glyph along the list).
LATIN_FALLBACK = "DejaVu Sans"
FONT_FAMILY = [CJK_FAMILY, LATIN_FALLBACK]


def font_path() -> Path:
    """Path of the bundled Noto Sans CJK collection (.ttc)."""
    return Path(os.fspath(noto_cjk_sans_otc.FONT_PATH)).resolve()


def _register_font() -> Path:
    """Add the bundled collection to matplotlib's font manager (once per process).

    The bundled faces are moved to the front of the font list: ``findfont`` takes the first
    entry with a perfect score, so a system-installed "Noto Sans CJK SC" (fonts-noto-cjk) of a
    different version would otherwise win and figures would depend on the machine.
    """
    path = font_path()
    fm = font_manager.fontManager
    fname = os.fspath(path)

    def bundled(entry: Any) -> bool:
        return os.path.normcase(entry.fname) == os.path.normcase(fname)

    if not any(bundled(f) for f in fm.ttflist):
        fm.addfont(fname)  # registers every face of the .ttc (JP, KR, SC, TC, HK, Mono ...)
    ours = [f for f in fm.ttflist if bundled(f)]
    if fm.ttflist[: len(ours)] != ours:
        fm.ttflist[:] = ours + [f for f in fm.ttflist if not bundled(f)]
        fm._findfont_cached.cache_clear()
    return path


# --------------------------------------------------------------------------------------------
# Style


def _theme_colors() -> dict[str, str]:
    themes = tomllib.loads(paths.THEMES.read_text(encoding="utf-8"))
    return {key: spec["color"] for key, spec in themes.items()} | {"corpus": "#999999"}


#: One colour per theme, the same in every notebook: read from data/themes.toml (the one place
#: themes are defined), plus a neutral grey for the corpus as a whole.
THEME_COLORS: dict[str, str] = _theme_colors()

#: Okabe–Ito order for series that are not themes.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]

#: PNG resolution.
PNG_DPI = raster.PNG_DPI
#: Fixed salt for the SVG backend's ids (clip paths, glyph paths), so SVGs are reproducible.
SVG_HASHSALT = "baimo"

#: rcParams that make the output reproducible and font-independent; also applied by save_figure.
_OUTPUT_RC: dict[str, Any] = {
    "svg.hashsalt": SVG_HASHSALT,
    "svg.fonttype": "path",  # text as paths: the SVG does not depend on installed fonts
    "savefig.dpi": PNG_DPI,
    "savefig.facecolor": "white",
    "savefig.edgecolor": "white",
}

STYLE: dict[str, Any] = {
    "font.family": FONT_FAMILY,
    "axes.unicode_minus": False,
    "font.size": 11,
    "axes.titlesize": 13,
    "axes.titleweight": "normal",  # the collection has Regular only; no fake bold
    "axes.titlelocation": "left",
    "axes.labelsize": 11,
    "xtick.labelsize": 10,
    "ytick.labelsize": 10,
    "legend.fontsize": 10,
    "legend.frameon": False,
    "figure.figsize": (8.0, 4.5),
    "figure.dpi": 100,
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "axes.edgecolor": "#555555",
    "axes.labelcolor": "#222222",
    "text.color": "#222222",
    "xtick.color": "#555555",
    "ytick.color": "#555555",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.axisbelow": True,
    "grid.color": "#e5e5e5",
    "grid.linewidth": 0.8,
    "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
    **_OUTPUT_RC,
}


def use_style() -> None:
    """Register the bundled CJK font and apply the house style to ``matplotlib.rcParams``.

    Safe to call any number of times; the font is added to the font manager once per process.
    """
    _register_font()
    matplotlib.rcParams.update(STYLE)


def theme_color(theme: str) -> str:
    """Colour of a theme key (``price_war``, ``monetization``, ``compute``, ``data``, ``corpus``)."""
    try:
        return THEME_COLORS[theme]
    except KeyError:
        raise KeyError(f"unknown theme {theme!r}; known: {', '.join(THEME_COLORS)}") from None


# --------------------------------------------------------------------------------------------
# Saving

_SLUG = re.compile(r"[a-z0-9_]+")
_NOTEBOOK = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-]*")
#: At most this many ids are spelled out on the source line; the CSV always has all of them.
MAX_SOURCES_SHOWN = 8
#: Where a reader of a PNG finds the source of each value drawn.
EACH_VALUE = "各值出处见 CSV · each value's source is in the CSV"
#: At most this many articles and publishers are named on the source line.
MAX_NAMED_SOURCES = 8

_TITLE_ZH_SIZE = 15
_TITLE_EN_SIZE = 11
_SOURCE_SIZE = 8.5
_SUBTITLE_SIZE = 9.5


def _detect_notebook() -> str | None:
    """Name (stem) of the notebook in the running Jupyter session, if cheaply known."""
    candidates: list[str] = []
    ipython = sys.modules.get("IPython")
    if ipython is not None:
        try:
            shell = ipython.get_ipython()
        except Exception:  # pragma: no cover - defensive
            shell = None
        if shell is not None:
            ns = getattr(shell, "user_ns", {}) or {}
            for key in ("__vsc_ipynb_file__", "__session__"):
                value = ns.get(key)
                if isinstance(value, str):
                    candidates.append(value)
    session = os.environ.get("JPY_SESSION_NAME")
    if session:
        candidates.append(session)
    for value in candidates:
        p = Path(value)
        if p.suffix == ".ipynb":
            return p.stem
    return None


#: The chapter running in this kernel, as it names itself (``baimo.chapter.Chapter`` sets it).
CURRENT: dict[str, Any] = {"notebook": None, "corpus_dir": None}


def resolve_notebook(notebook: str | None = None) -> str:
    """Notebook name: argument > the chapter's own name > ``$BAIMO_NOTEBOOK`` > Jupyter session > error."""
    name = notebook or CURRENT["notebook"] or os.environ.get("BAIMO_NOTEBOOK") or _detect_notebook()
    if not name:
        raise RuntimeError(
            "save_figure cannot tell which notebook is running: start the chapter with "
            "`ch = chapter.Chapter('NN_name', corpus_dir)` (as `python -m baimo new` writes it), "
            "or pass notebook='NN_name'."
        )
    name = Path(name).stem if name.endswith(".ipynb") else name
    if not _NOTEBOOK.fullmatch(name):
        raise ValueError(f"notebook name {name!r} is not a plain file name")
    return name


_ANNOUNCED: set[str] = set()


def interactive_dir(notebook: str) -> Path:
    """Where a run outside the build (JupyterLab, papermill, nbconvert) writes its figures."""
    return paths.BUILD / "runs" / notebook / "interactive" / "figures"


def resolve_out_dir(notebook: str, out_dir: str | os.PathLike[str] | None = None) -> Path:
    """Directory for a notebook's figures: argument > ``$BAIMO_FIGURES_DIR`` > build/runs/….

    Never ``figures/``: only ``python -m baimo build`` writes there (it stages a notebook's
    figures elsewhere and swaps them in when the notebook succeeds)."""
    target = Path(out_dir or os.environ.get("BAIMO_FIGURES_DIR") or interactive_dir(notebook)).resolve()
    published = paths.FIGURES.resolve()
    if target == published or published in target.parents:
        raise PermissionError(
            f"save_figure will not write into {target}: only `python -m baimo build` writes figures/. "
            f"Leave out_dir unset (figures then go to {interactive_dir(notebook).relative_to(paths.ROOT)}/) "
            "or run `python -m baimo run NOTEBOOK -p NAME VALUE` for a parameter run."
        )
    if not (out_dir or os.environ.get("BAIMO_FIGURES_DIR")) and notebook not in _ANNOUNCED:
        _ANNOUNCED.add(notebook)
        shown = target.relative_to(paths.ROOT.resolve()) if paths.ROOT.resolve() in target.parents else target
        print(f"Figures of this run go to {shown}/ — only `python -m baimo build` writes figures/.")
    return target


def _no_source_id(name: str) -> ValueError:
    return ValueError(
        f"figure {name!r}: data has no 'source_id' column: add one naming, for each row, the fact "
        "(F-…), reference (R-…), assumption (A-…) or article (doc_id) its numbers come from; "
        "several ids in one cell are separated by ';'"
    )


def _check_data(name: str, data: Any) -> Any:
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"figure {name!r}: data must be a pandas DataFrame, got {type(data).__name__}")
    if "source_id" not in data.columns:
        raise _no_source_id(name)
    if data.empty:
        raise ValueError(f"figure {name!r}: data has no rows")
    ids = data["source_id"]
    empty = ids.isna() | (ids.astype("string").str.strip() == "")
    if empty.any():
        rows = [str(i) for i in data.index[empty.to_numpy()][:5]]
        raise ValueError(
            f"figure {name!r}: {int(empty.sum())} row(s) with an empty source_id "
            f"(index {', '.join(rows)}{' …' if empty.sum() > 5 else ''})"
        )
    index = data.index
    default_index = isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1
    if not default_index:
        if any(n is None for n in index.names):
            raise ValueError(
                f"figure {name!r}: data has an unnamed non-default index, which would be lost "
                "in the CSV; name it or reset_index() first"
            )
        data = data.reset_index()
    return data


def source_line(source_ids: list[str], max_shown: int = MAX_SOURCES_SHOWN) -> str:
    """The text of the source line for these (sorted, unique) ids: at most ``max_shown`` of them."""
    shown = source_ids[:max_shown]
    text = ", ".join(shown)
    if len(source_ids) > len(shown):
        text += f" … (+{len(source_ids) - len(shown)})"
    return text


#: Width of a source line in display columns (a CJK character is two) per inch of figure width,
#: at the source line's font size (Latin ids measure 15–17 columns an inch).
SOURCE_COLUMNS_PER_INCH = 15
#: Default wrapping width of ``source_text``: an 8-inch figure.
SOURCE_WIDTH = 8 * SOURCE_COLUMNS_PER_INCH


def _wrap(text: str, width: int) -> list[str]:
    """Break a list at its separators (after ", " and "; ") into lines of at most ``width`` columns."""
    lines, line = [], ""
    for part in re.split(r"(?<=[,;] )", text):
        if line and text_columns(line + part.rstrip()) > width:
            lines.append(line.rstrip())
            line = ""
        line += part
    return lines + [line.rstrip()] if line.strip() else lines


def source_text(
    ids: Any,
    docs: Any = None,
    *,
    width: int | Figure | None = None,
    max_ids: int = MAX_SOURCES_SHOWN,
    note: str | None = None,
) -> str:
    """A figure's source line: who said it — the ids themselves are in the figure's CSV (and, on
    the site, behind each mark's link), not on the line.

    The articles behind the ids (a fact's article, or an article id itself) as "outlet date",
    sorted by doc_id; then each reference's "publisher date"; then how many stated assumptions;
    then where each value's source is (the CSV's source_id); then ``note`` (e.g. "themes.toml
    [price_war]"). Ids that name no article, reference or assumption are listed (at most
    ``max_ids``).
    The parts are joined with " · " on one line when it fits in ``width`` display columns (a CJK
    character counts two; a Figure means its width, ``SOURCE_COLUMNS_PER_INCH`` an inch; default
    ``SOURCE_WIDTH``), else each part starts a line and long parts wrap at their separators.

    ``ids`` is a figure's data (its ``source_id`` column) or a list of ids or "a;b" cells.
    ``docs`` is the documents table the notebook reads (``corpus.load(corpus_dir)``); articles
    it lacks — the facts quote the seed articles — are named from the seed manifest.
    """
    if isinstance(ids, pd.DataFrame) and "source_id" not in ids.columns:
        raise _no_source_id("(source_text)")
    cells = ids["source_id"] if isinstance(ids, pd.DataFrame) else ([ids] if isinstance(ids, str) else ids)
    all_ids = sorted({i for cell in cells for i in provenance.split_ids(cell)})
    fact_ids = [i for i in all_ids if i.startswith("F-")]
    ref_ids = [i for i in all_ids if i.startswith("R-")]
    articles = set(facts.facts(ids=fact_ids).doc_id) if fact_ids else set()
    for i in all_ids:
        if i[:2] not in ("F-", "R-", "A-"):
            try:
                facts.outlet(i, docs)
                articles.add(i)
            except KeyError:
                pass  # not an article: listed with the ids only
    named = [facts.cite(d, docs, sep=" ") for d in sorted(articles)]
    if ref_ids:
        refs = facts.references(ids=ref_ids)
        named += sorted({f"{p} {d}" for p, d in zip(refs.source_publisher, refs.source_date, strict=True)})
    if len(named) > MAX_NAMED_SOURCES:  # a figure over many articles names a few; the CSV has them all
        named = [
            *named[:MAX_NAMED_SOURCES],
            f"… 另 {len(named) - MAX_NAMED_SOURCES} 个来源 / {len(named) - MAX_NAMED_SOURCES} more",
        ]
    assumptions = sum(i.startswith("A-") for i in all_ids)
    if assumptions:
        named.append(f"{assumptions} 项假设 stated assumption{'s' if assumptions > 1 else ''}")
    cited = articles | set(ref_ids) | set(fact_ids)
    others = [i for i in all_ids if i not in cited and not i.startswith("A-")]
    parts = ["; ".join(named), source_line(others, max_ids), EACH_VALUE, note or ""]
    parts = [p for p in parts if p]
    if isinstance(width, Figure):
        width = int(width.get_figwidth() * SOURCE_COLUMNS_PER_INCH)
    width = SOURCE_WIDTH if width is None else int(width)
    one_line = " · ".join(parts)
    if text_columns(one_line) <= width:
        return one_line
    return "\n".join(line for part in parts for line in _wrap(part, width))


def wrap_to_width(text: str, width_in: float, size: float) -> str:
    """Wrap ``text`` to a figure ``width_in`` inches wide at font ``size`` (points): a display
    column is about 0.55 em, so a line holds ``width_in * 72 / (0.55 * size)`` columns."""
    width = max(20, int(width_in * 72 / (0.55 * size)))
    return "\n".join(line for part in text.split("\n") for line in _wrap_words(part, width))


def _wrap_words(text: str, width: int) -> list[str]:
    """Break at spaces or list separators when a line would pass ``width`` columns; a run of CJK
    text without spaces breaks between characters."""
    lines, line = [], ""
    for piece in re.findall(r"\S+\s*|\s+", text) or [""]:
        while text_columns(piece.rstrip()) > width:  # one piece longer than a line: cut it
            room = width - text_columns(line)
            cut = max(1, _fit(piece, room if room > 8 else width))
            if room <= 8 and line:
                lines.append(line.rstrip())
                line = ""
                continue
            lines.append((line + piece[:cut]).rstrip())
            line, piece = "", piece[cut:]
        if line and text_columns(line + piece.rstrip()) > width:
            lines.append(line.rstrip())
            line = ""
        line += piece
    return lines + [line.rstrip()] if line.strip() or not lines else lines


def _fit(text: str, width: int) -> int:
    used = 0
    for i, ch in enumerate(text):
        used += text_columns(ch)
        if used > width:
            return i
    return len(text)


Decorations = tuple[list[tuple[str, float, str]], list[tuple[str, float, str]]]


def _decorate(fig: Figure, decorations: Decorations, box: Bbox) -> list[Text]:
    """Title block above the figure, note and source line below it; returns the texts placed.

    ``decorations`` is (titles, footer), each (text, size, colour) top to bottom. The texts are
    wrapped to the figure's width and sit just outside ``box``, the drawn content's bounding box
    in inches (offset in points); the figure is saved with a tight box, so they never collide with
    the axes.
    """
    titles, footer = decorations
    font = font_manager.FontProperties(family=FONT_FAMILY)
    # Anchor on the drawn content's bounding box, not just the figure box: tick and axis labels
    # of a short figure can hang outside the figure edge, and the texts must never overlap them.
    width, height = fig.get_figwidth(), fig.get_figheight()
    left = min(0.0, box.x0 / width)
    top, bottom = max(1.0, box.y1 / height), min(0.0, box.y0 / height)
    text_width = max(width, box.width)

    def place(y: float, dy_pt: float, text: str, size: float, va: str, color: str):
        transform = fig.transFigure + ScaledTranslation(0, dy_pt / 72, fig.dpi_scale_trans)
        return fig.text(
            left,
            y,
            text,
            transform=transform,
            ha="left",
            va=va,
            fontproperties=font,
            fontsize=size,
            color=color,
            linespacing=1.25,
        )

    artists, dy = [], 4.0
    for text, size, color in reversed([t for t in titles if t[0]]):
        wrapped = wrap_to_width(text, text_width, size)
        artists.append(place(top, dy, wrapped, size, "bottom", color))
        dy += (wrapped.count("\n") + 1) * size * 1.25 + 2
    dy = 4.0
    for text, size, color in [f for f in footer if f[0]]:
        wrapped = wrap_to_width(text, text_width, size)
        artists.append(place(bottom, -dy, wrapped, size, "top", color))
        dy += (wrapped.count("\n") + 1) * size * 1.25 + 2
    fig._baimo_decorations = artists
    return artists


def save_figure(
    fig: Any,
    name: str,
    data: Any = None,
    *,
    title_zh: str,
    title_en: str,
    subtitle_zh: str = "",
    subtitle_en: str = "",
    source: str | None = None,
    note: str | None = None,
    notebook: str | None = None,
    out_dir: str | os.PathLike[str] | None = None,
    show: bool | None = None,
    docs: Any = None,
) -> dict[str, Any]:
    """Titles, note and source line, then write ``<name>.png/.svg/.csv/.json``; return the description.

    ``fig`` is a matplotlib Figure or a ``charts.Chart`` (its figure, data and note). ``data`` is a
    DataFrame of exactly the numbers drawn, with a non-empty ``source_id`` in every row (a fact,
    reference, assumption or article id; several separated by ";"). A named index is written as
    columns. The titles state the finding (中文 and English); the subtitles say what the chart is.
    ``source`` overrides the source line (default: the articles and publishers behind the ids,
    then the ids, wrapped to the figure; ``docs`` names articles outside the seed corpus).

    The returned dict (also written as ``<name>.json``) has ``id`` (``<notebook>/<name>``),
    ``name``, ``notebook``, the titles and subtitles, ``note``, ``source``, ``source_ids``
    (sorted, unique) and ``files`` (``png``/``svg``/``csv``/``json`` relative to the figures root).

    ``show`` (default: when running in a Jupyter kernel) closes the figure and displays the saved
    PNG in its place, so the notebook shows exactly the file written and matplotlib does not
    render the figure again.
    """
    if hasattr(fig, "fig") and hasattr(fig, "data"):  # a charts.Chart
        data = fig.data if data is None else data
        note = fig.note if note is None else note
        fig = fig.fig
    if not isinstance(name, str) or not _SLUG.fullmatch(name):
        raise ValueError(f"figure name {name!r} must be a slug of [a-z0-9_]")
    if not title_zh or not title_en:
        raise ValueError(f"figure {name!r}: title_zh and title_en are both required")
    nb = resolve_notebook(notebook)
    frame = _check_data(name, data)
    source_ids = sorted({i for cell in frame["source_id"] for i in provenance.split_ids(cell)})
    _check_known(name, source_ids)
    source_text = source if source is not None else _default_source(frame, docs, fig)
    note = " · ".join(x for x in (note or "", hedged_note(source_ids)) if x)
    _register_font()
    subtitle = " · ".join(x for x in (subtitle_zh, subtitle_en) if x)
    decorations = (
        [
            (title_zh, _TITLE_ZH_SIZE, "#111111"),
            (title_en, _TITLE_EN_SIZE, "#333333"),
            (subtitle, _SUBTITLE_SIZE, "#666666"),
        ],
        [(note or "", _SOURCE_SIZE, "#555555"), (f"来源 Source: {source_text}", _SOURCE_SIZE, "#777777")],
    )

    target = resolve_out_dir(nb, out_dir)
    target.mkdir(parents=True, exist_ok=True)
    files = {ext: f"{nb}/{name}.{ext}" for ext in ("png", "svg", "csv", "json")}
    in_kernel = _in_kernel()
    with matplotlib.rc_context(_OUTPUT_RC):
        svg = _decorate_and_write_svg(fig, decorations, target / f"{name}.svg")
    if in_kernel:  # rasterised beside the kernel while it draws the next figure (baimo.raster)
        _RASTERISER.submit(target / f"{name}.svg", target / f"{name}.png", PNG_DPI)
    else:
        fileops.write_atomic(target / f"{name}.png", raster.rasterise_svg(svg, PNG_DPI))
    buf = io.StringIO()
    frame.to_csv(buf, index=False, lineterminator="\n", float_format="%.10g")
    (target / f"{name}.csv").write_bytes(buf.getvalue().encode("utf-8"))
    info: dict[str, Any] = {
        "id": f"{nb}/{name}",
        "name": name,
        "notebook": nb,
        "title_zh": title_zh,
        "title_en": title_en,
        "subtitle_zh": subtitle_zh,
        "subtitle_en": subtitle_en,
        "note": note or "",
        "source": source_text,
        "source_ids": source_ids,
        "files": files,
    }
    (target / f"{name}.json").write_bytes(
        (json.dumps(info, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode()
    )
    if show or (show is None and in_kernel):
        _show_saved(fig, svg, info["id"])
    return info


def hedged_note(source_ids: list[str]) -> str:
    """What a chart says of the values it draws that their articles hedge (据报道, 预计 …): how many
    facts, and the hedge words, so a reported or forecast figure is never read as a measurement.
    The tables are read without recording a read: the chapter read these rows already."""
    fact_ids = [i for i in source_ids if provenance.kind(i) == "fact"]
    if not fact_ids:
        return ""
    table = facts.facts_unrecorded().set_index("fact_id")
    hedges = [h for i in fact_ids if i in table.index and (h := str(table.hedge.get(i, "") or "")) and h != "nan"]
    if not hedges:
        return ""
    words = "、".join(dict.fromkeys(w for h in hedges for w in provenance.split_ids(h)))
    return (
        f"其中{len(hedges)}个事实为转述或预测（{words}）· {len(hedges)} of the facts drawn are reported or "
        f"forecast in their articles ({words})"
    )


def _default_source(frame, docs, fig: Figure) -> str:
    if docs is None and CURRENT["corpus_dir"] is not None:
        docs = _documents(CURRENT["corpus_dir"])
    return source_text(frame, docs, width=fig)


def _documents(corpus_dir):
    return pd.read_parquet(Path(corpus_dir) / "documents", columns=["doc_id", "outlet", "published"])


def _in_kernel() -> bool:
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    return shell is not None and hasattr(shell, "kernel")


def _check_known(name: str, source_ids: list[str]) -> None:
    """Every id must be a fact, reference or assumption, or an article of the corpus being read
    (the chapter's ``corpus_dir``, or the seeds): a typo fails the run here, not only in
    ``baimo check``. The tables are read without recording a read, so this check does not make
    the build re-run the chapter when an unrelated row changes."""
    unknown = [i for i in source_ids if i not in facts.known_ids(corpus_dir=CURRENT["corpus_dir"], record=False)]
    if unknown:
        raise ValueError(
            f"figure {name!r}: source_id names id(s) found in no table and no article: {', '.join(unknown)}. "
            "Use a fact_id of seeds/facts.csv, a ref_id of seeds/references.csv, an assumption_id of "
            "seeds/assumptions.csv, or a doc_id of the corpus the chapter reads."
        )


def _decorate_and_write_svg(fig: Figure, decorations: Decorations, svg: Path) -> bytes:
    """Lay the figure out once, measure it once, decorate it and write the SVG; return its bytes.

    ``savefig(bbox_inches="tight")`` lays the figure out and draws it once to measure, then again
    to paint; CJK text makes every draw costly (each label is shaped in a 65k-glyph font). Here
    the figure is laid out and measured once, at the PNG's resolution: the decorations are placed
    from that box and measured with the same renderer (its text metrics cached), and the SVG is
    painted with the layout frozen. The PNG is rasterised from the SVG (``baimo.raster``): one
    measuring pass and one SVG draw, and a PNG that is a pure function of the SVG's (rounded)
    coordinates.
    """
    for artist in getattr(fig, "_baimo_decorations", []):  # an earlier save's
        artist.remove()
    fig._baimo_decorations = []
    engine = fig.get_layout_engine()
    original_dpi = fig.dpi
    try:
        fig.set_dpi(PNG_DPI)
        # measure with the renderer a PNG would be painted with (Agg), whatever canvas the figure has
        renderer = RendererAgg(fig.bbox.width, fig.bbox.height, PNG_DPI)
        if engine is not None and fig.axes:  # the layout a draw would run first, without the draw
            fig._get_renderer = lambda: renderer
            try:
                engine.execute(fig)
            finally:
                del fig._get_renderer
        content = fig.get_tightbbox(renderer)  # inches
        texts = _decorate(fig, decorations, content)
        to_inches = fig.dpi_scale_trans.inverted()
        bbox = Bbox.union([content, *(t.get_window_extent(renderer).transformed(to_inches) for t in texts)])
        fig.set_dpi(original_dpi)
        # no engine at all, not set_layout_engine("none"): savefig measures again whenever the
        # figure has any engine, even a placeholder (matplotlib's print_figure)
        fig._layout_engine = None
        buf = io.BytesIO()
        fig.savefig(buf, format="svg", bbox_inches=bbox.padded(0.15), metadata={"Date": None, "Creator": None})
    finally:
        fig.set_dpi(original_dpi)
        fig._layout_engine = engine
    fileops.write_atomic(svg, buf.getvalue())
    return buf.getvalue()


#: Rasterises PNGs beside a kernel (started on the first figure a kernel saves).
_RASTERISER = raster.Rasteriser()


def rasterise_svg(svg: bytes, dpi: float = PNG_DPI) -> bytes:
    """PNG bytes of an SVG at ``dpi`` on white (as ``save_figure`` makes every PNG)."""
    return raster.rasterise_svg(svg, dpi)


def _show_saved(fig: Figure, svg: bytes, figure_id: str) -> None:
    """Close ``fig`` (so the inline backend does not draw it again) and display the saved SVG,
    tagged with the figure's id in the output's metadata (the site places figures by it). The
    SVG, not the PNG: it is written before this returns (the PNG may still be rasterising)."""
    plt.close(fig)
    display({"image/svg+xml": svg.decode("utf-8")}, raw=True, metadata={"image/svg+xml": {"baimo_figure": figure_id}})


__all__ = [
    "CJK_FAMILY",
    "FONT_FAMILY",
    "PALETTE",
    "PNG_DPI",
    "STYLE",
    "THEME_COLORS",
    "font_path",
    "resolve_notebook",
    "resolve_out_dir",
    "save_figure",
    "source_line",
    "source_text",
    "theme_color",
    "use_style",
]
