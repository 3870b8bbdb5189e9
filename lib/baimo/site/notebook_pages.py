"""``notebooks/<name>.html``: every executed notebook, code hidden behind a per-cell toggle, a table
of contents, prev/next links, an anchor ``fig-<name>`` per figure and ``check-…``/``anchor-…``
anchors for tagged cells; ``assets/notebook.css``."""

from __future__ import annotations

import warnings

from markupsafe import Markup

from baimo.site import exporter, links, markup
from baimo.site.entries import NotebookEntry
from baimo.site.markup import Edit, Scan, Tag
from baimo.site.writer import Output

_BODY = "<!--baimo:notebook-body-->"  # where the cells go in the page shell
_REMOTE = ("http://", "https://", "//")


def write_notebook_pages(out: Output, entries: list[NotebookEntry], cite: dict | None = None) -> None:
    """Export every notebook with one exporter; then the CSS (lab's and the pygments it produced).
    ``cite``: what the "Cite this" block needs (``citation.context``)."""
    nbx = exporter.site_exporter()
    pages = [e for e in entries if e.has_page]
    known = {e.name for e in pages}
    chart = out.env.get_template("_chart.html.j2")
    css = ""
    for i, e in enumerate(pages):
        for cell in e.nb.cells:
            bm = cell.metadata.get("baimo")
            if bm and bm.get("figures"):
                bm["charts_html"] = "".join(chart.render(f=f, fid=f"fig-{f.name}") for f in bm["figures"])
        body, resources = nbx.from_notebook_node(e.nb, resources={"metadata": {"name": e.name}})
        css = css or "\n".join(resources.get("inlining", {}).get("css", []))
        body, found = clean_body(body, e.name, known)
        neighbours = (pages[i - 1] if i > 0 else None, pages[i + 1] if i + 1 < len(pages) else None)
        _write_page(out, e, neighbours, body, found, cite or {})
    out.write(
        "assets/notebook.css",
        "/* nbconvert lab template CSS (light theme) + pygments */\n" + exporter.lab_css() + "\n" + css + "\n",
    )


def clean_body(body: str, name: str, known: set[str]) -> tuple[str, Scan]:
    """One scan of an exported body: nbconvert's accessibility edits (``exporter.focusable``), no
    remote script or stylesheet, links to notebooks of the site → their pages; the headings. The
    mask character 〓 is explained where it stands (a tooltip)."""
    body = markup.explain_mask(body)
    found = markup.scan(body, headings=True)
    edits, removed = [], {"script": [], "link": []}
    for t in found.tags:
        if _remote(t):
            removed[t.name].append(t)
            edits.append(Edit(t, None))
            continue
        new = exporter.focusable(t)
        new = links.ipynb_to_page(new or t, known) or new
        if new is not None:
            edits.append(Edit(t, new))
    for t in removed["script"] + removed["link"]:
        a, b = Edit(t, None).span
        warnings.warn(f"{name}: removed a remote script/stylesheet from the page: {body[a:b][:120]}", stacklevel=3)
    return markup.splice(body, found, edits)


def _remote(tag: Tag) -> bool:
    """A script or stylesheet from the network (the site opens from disk)."""
    url = tag.get("src") if tag.name == "script" else tag.get("href") if tag.name == "link" else None
    return url is not None and url.strip().lower().startswith(_REMOTE)


def _write_page(out: Output, e: NotebookEntry, neighbours: tuple, body: str, found: Scan, cite: dict) -> None:
    """The page shell around the cells; its scan is the shell's plus the body's (already made)."""
    prev, next_ = neighbours
    shell = out.env.get_template("notebook.html.j2").render(
        entry=e,
        cite=cite.get(e.name),
        root="../",
        title=e.title or e.name,
        body=Markup(_BODY),
        toc=found.headings,
        figures=e.figures,
        unplaced=[f for f in e.figures if f.name not in e.placed],
        status=e.status,
        status_label=e.status_label,
        run_date=e.run_date,
        seconds=e.seconds,
        note=e.note,
        error=e.error,
        prev=prev,
        next=next_,
    )
    head, tail = shell.split(_BODY)
    page = head + body + tail
    scanned = Scan.join(markup.scan(head), found.shift(len(head)), markup.scan(tail).shift(len(head) + len(body)))
    out.write(f"notebooks/{e.name}.html", page, scanned)
