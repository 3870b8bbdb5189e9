"""PNG from SVG with resvg, here or in a helper process beside a notebook's kernel.

A chapter draws its figures one after another; rasterising each PNG takes a fifth of a chapter's
Run All, and resvg holds the GIL, so a thread would not help. In a kernel, ``save_figure`` hands
the SVG to one helper process (``python -m baimo.raster``, which loads only resvg) and goes on
drawing the next figure while the other core rasterises this one. The PNG is the same bytes
either way: a pure function of the SVG. Before the kernel exits, every queued PNG is waited
for; whatever the helper could not do (it died, or was never started) is rasterised here, and
an error names the figure.
"""

from __future__ import annotations

import atexit
import json
import signal
import subprocess
import sys
import threading
from pathlib import Path

import resvg_py

from baimo import fileops

#: Resolution of every PNG the project writes.
PNG_DPI = 150


def rasterise_svg(svg: bytes, dpi: float = PNG_DPI) -> bytes:
    """PNG bytes of an SVG at ``dpi`` on white (no system fonts: our text is paths)."""
    return bytes(
        resvg_py.svg_to_bytes(svg_string=svg.decode("utf-8"), dpi=dpi, background="#ffffff", skip_system_fonts=True)
    )


def rasterise_file(svg: Path, png: Path, dpi: float) -> None:
    """Write ``png`` from ``svg`` (atomically: a reader never sees half a PNG)."""
    fileops.write_atomic(png, rasterise_svg(Path(svg).read_bytes(), dpi))


def complete(figures_dir: Path) -> list[str]:
    """Rasterise every SVG of ``figures_dir`` that has no PNG (a kernel stopped before its helper
    finished) and drop half-written temporary files; return the PNGs written."""
    figures_dir = Path(figures_dir)
    for tmp in figures_dir.glob(".*.tmp-*"):
        tmp.unlink()
    made = []
    for svg in sorted(figures_dir.glob("*.svg")):
        png = svg.with_suffix(".png")
        if not png.exists():
            rasterise_file(svg, png, PNG_DPI)
            made.append(png.name)
    return made


class Rasteriser:
    """Queue SVG → PNG jobs to a helper process; ``wait`` until every queued PNG is on disk."""

    def __init__(self) -> None:
        self._proc: subprocess.Popen | None = None
        self._pending: dict[str, tuple[Path, float]] = {}  # png path → (svg path, dpi)
        self._failed: dict[str, str] = {}  # png path → the helper's error
        self._done = threading.Condition()
        self._alive = False  # the helper is running and its replies are being read

    def submit(self, svg: Path, png: Path, dpi: float) -> None:
        Path(png).unlink(missing_ok=True)  # a PNG on disk is never an older drawing's
        proc = self._helper()
        with self._done:
            self._pending[str(png)] = (Path(svg), dpi)
        try:
            proc.stdin.write(json.dumps([str(svg), str(png), dpi]) + "\n")
            proc.stdin.flush()
        except OSError:  # the helper is gone: wait() rasterises what it left
            with self._done:
                self._failed.setdefault(str(png), "the helper process had exited")

    def wait(self) -> None:
        """Block until every queued PNG is written; rasterise here what the helper did not."""
        with self._done:
            self._done.wait_for(lambda: not self._alive or all(p in self._failed for p in self._pending))
            left = dict(self._pending)
            self._pending.clear()
            self._failed.clear()
        errors = []
        for png, (svg, dpi) in left.items():
            try:
                rasterise_file(svg, Path(png), dpi)
            except Exception as exc:  # every PNG that can be written is, then all failures are named
                errors.append(f"{png}: could not rasterise {svg}: {type(exc).__name__}: {exc}")
        if errors:
            raise RuntimeError("; ".join(errors))

    def close(self) -> None:
        self.wait()
        if self._proc is not None and self._proc.poll() is None:
            self._proc.stdin.close()  # the helper's loop ends at end of input
            self._proc.wait(timeout=10)

    def _helper(self) -> subprocess.Popen:
        if not self._alive:
            if self._proc is None:
                atexit.register(self.close)  # the kernel exits only when every PNG is written
            self._proc = subprocess.Popen(
                [sys.executable, "-m", "baimo.raster"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                encoding="utf-8",
                # its own session: Jupyter interrupts the kernel's process group (Ctrl-C, shutdown),
                # and the helper ends on its own when the kernel closes its input
                start_new_session=True,
            )
            self._alive = True
            threading.Thread(target=self._read_replies, args=(self._proc,), daemon=True).start()
        return self._proc

    def _read_replies(self, proc: subprocess.Popen) -> None:
        for line in proc.stdout:
            png, error = json.loads(line)
            with self._done:
                if error:
                    self._failed[png] = error  # left pending: wait() tries again here, and says why
                else:
                    self._pending.pop(png, None)
                self._done.notify_all()
        with self._done:  # EOF: the helper exited; wait() rasterises here what it left
            for png in self._pending:
                self._failed.setdefault(png, "the helper process exited first")
            self._alive = False
            self._done.notify_all()


def _serve() -> None:
    """The helper's loop: one JSON job per line in, one JSON reply per line out."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # an interrupted cell must not lose its PNGs
    for line in sys.stdin:
        svg, png, dpi = json.loads(line)
        try:
            rasterise_file(Path(svg), Path(png), dpi)
            print(json.dumps([png, ""]), flush=True)
        except Exception as exc:  # reported, and retried by the kernel with the full traceback
            print(json.dumps([png, f"{type(exc).__name__}: {exc}"]), flush=True)


if __name__ == "__main__":
    _serve()
