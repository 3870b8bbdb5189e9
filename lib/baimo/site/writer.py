"""Writing the site's files into the temporary directory ``render`` swaps in at the end.

Every page is scanned once as it is written (``markup.scan``): its ids and links serve the link
check and the anchors of the notebook pages, so no page is parsed twice.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from baimo import fileops, themes
from baimo.site import markup

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def environment() -> Environment:
    """The site templates; everything they print is HTML-escaped unless marked safe."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES / "site")),
        autoescape=select_autoescape(["j2", "html"], default=True),
        undefined=StrictUndefined,
    )
    env.globals["themes"] = themes.lexicon()
    env.filters["masked"] = masked
    return env


def masked(text) -> Markup:
    """Text escaped, each mask character 〓 explained where it stands (``markup.explain_mask``)."""
    return Markup(markup.explain_mask(str(escape(text))))


@dataclasses.dataclass
class Output:
    root: Path  # the directory being filled
    env: Environment
    scans: dict[Path, markup.Scan] = dataclasses.field(default_factory=dict)  # page → its tags, as written

    def page(self, rel: str, template: str, **context) -> None:
        """Render a site template into ``rel`` (a path from the site root)."""
        self.write(rel, self.env.get_template(template).render(**context))

    def write(self, rel: str, text: str, scanned: markup.Scan | None = None) -> None:
        """Write a page; ``scanned`` is its scan when the caller has it already."""
        path = self.root / rel
        fileops.write_atomic(path, text)
        self.scans[path] = scanned if scanned is not None else markup.scan(text)

    def write_bytes(self, rel: str, data: bytes) -> None:
        """Write a file that is not a page (an SVG, a thumbnail, the data archive)."""
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    def copy(self, src: Path, rel: str) -> None:
        (self.root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(src, self.root / rel)
