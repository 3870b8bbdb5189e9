"""nbconvert for the notebook pages: one exporter (template ``templates/notebook``, extending
nbconvert's ``lab`` cells) for every page, without nbconvert's own BeautifulSoup pass."""

from __future__ import annotations

import warnings
from pathlib import Path

from jupyter_core.paths import jupyter_path
from nbconvert import HTMLExporter
from nbconvert.exporters.templateexporter import TemplateExporter
from nbconvert.filters.highlight import Highlight2HTML
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

from baimo.site import markup
from baimo.site.markup import Edit, Tag
from baimo.site.writer import TEMPLATES

NO_ALT = "No description has been provided for this image"
_FOCUSABLE = {"jp-Cell-inputWrapper", "jp-OutputArea-output"}


class SiteHTMLExporter(HTMLExporter):
    """``HTMLExporter`` without its BeautifulSoup pass: nbconvert re-parses every finished page with
    BeautifulSoup's pure-Python html.parser only to add img alt text and ``tabindex="0"`` to cell
    inputs and outputs; on pages with inline PNGs and DataFrame tables that was half the site's
    render time. The page writer makes the same two edits (``focusable``) in the one scan it makes
    of the body anyway; ``make_focusable`` makes them on a body alone. The filter set-up is
    ``HTMLExporter.from_notebook_node``'s, for the pinned nbconvert."""

    def from_notebook_node(self, nb, resources=None, **kw):
        langinfo = nb.metadata.get("language_info", {})
        lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
        self.register_filter(
            "highlight_code", self.filters.get("highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self))
        )
        resources = self._init_resources(resources)
        self.register_filter(
            "filter_data_type",
            WidgetsDataTypeFilter(notebook_metadata=self._nb_metadata, parent=self, resources=resources),
        )
        return TemplateExporter.from_notebook_node(self, nb, resources, **kw)


def site_exporter() -> SiteHTMLExporter:
    """The exporter every notebook page is rendered with (one per render: its set-up is costly)."""
    return SiteHTMLExporter(
        template_name="notebook",
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )


def focusable(tag: Tag) -> Tag | None:
    """What nbconvert's BeautifulSoup pass adds to a tag: alt text on an image that has none,
    ``tabindex="0"`` on a cell's input wrapper and on each output (keyboard users reach them)."""
    if tag.name == "img" and not tag.has("alt"):
        return tag.with_attrs([("alt", NO_ALT), *tag.attrs])
    if tag.name == "div" and not tag.has("tabindex") and _FOCUSABLE.intersection(tag.classes()):
        i = next(i for i, (k, _) in enumerate(tag.attrs) if k == "class") + 1
        return tag.with_attrs([*tag.attrs[:i], ("tabindex", "0"), *tag.attrs[i:]])
    return None


def make_focusable(body: str) -> str:
    """``focusable`` over an exported body: what ``HTMLExporter.from_notebook_node`` does after
    rendering, without building a tree of the page."""
    found = markup.scan(body)
    edits = [Edit(t, new) for t in found.tags if (new := focusable(t)) is not None]
    return markup.splice(body, found, edits)[0]


def lab_css() -> str:
    """nbconvert's lab template CSS (light theme); empty, with a warning, when it is not installed."""
    dirs = [Path(p) / "lab" / "static" for p in jupyter_path("nbconvert", "templates")]
    for candidate in dirs:
        if (candidate / "index.css").exists():
            return (
                (candidate / "index.css").read_text(encoding="utf-8")
                + "\n"
                + (candidate / "theme-light.css").read_text(encoding="utf-8")
            )
    warnings.warn(f"nbconvert lab CSS not found (looked in {dirs}); notebook pages use the site CSS only", stacklevel=2)
    return ""
