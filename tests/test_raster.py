"""PNG from SVG: the helper process beside a kernel writes exactly the PNG rasterising here would,
whatever becomes of it (killed, failing, never started), and a build completes what it left."""

from __future__ import annotations

import shutil
import threading

import pytest

from baimo import paths, raster

SVGS = sorted((paths.FIGURES / "03_compute_spending").glob("*.svg"))[:3]


@pytest.fixture
def svgs(tmp_path):
    assert len(SVGS) == 3, "the committed figures of 03 are the test's input"
    out = []
    for s in SVGS:
        shutil.copy(s, tmp_path / s.name)
        out.append(tmp_path / s.name)
    return out


def _wait(r: raster.Rasteriser) -> None:
    done = threading.Thread(target=r.wait)
    done.start()
    done.join(timeout=60)
    assert not done.is_alive(), "wait() did not return"


def test_the_helper_writes_the_png_rasterising_here_would(svgs):
    r = raster.Rasteriser()
    for svg in svgs:
        r.submit(svg, svg.with_suffix(".png"), raster.PNG_DPI)
    _wait(r)
    assert r._proc is not None  # a helper process did the work
    for svg in svgs:
        assert svg.with_suffix(".png").read_bytes() == raster.rasterise_svg(svg.read_bytes())
    r.close()
    assert r._proc.returncode == 0  # it ends at end of input


def test_a_killed_helper_leaves_nothing_undone(svgs):
    r = raster.Rasteriser()
    for svg in svgs:
        svg.with_suffix(".png").write_bytes(b"an older drawing")
        r.submit(svg, svg.with_suffix(".png"), raster.PNG_DPI)
    r._proc.kill()  # before it could rasterise three charts (~0.15 s each)
    _wait(r)
    for svg in svgs:
        assert svg.with_suffix(".png").read_bytes() == raster.rasterise_svg(svg.read_bytes())


def test_a_job_the_helper_cannot_do_fails_naming_the_figure(tmp_path, svgs):
    r = raster.Rasteriser()
    bad = tmp_path / "broken.svg"
    bad.write_text("<svg this is not", encoding="utf-8")
    r.submit(bad, tmp_path / "broken.png", raster.PNG_DPI)
    r.submit(svgs[0], svgs[0].with_suffix(".png"), raster.PNG_DPI)
    with pytest.raises(RuntimeError, match=r"broken\.png: could not rasterise .*broken\.svg"):
        r.wait()
    assert svgs[0].with_suffix(".png").exists()
    assert not (tmp_path / "broken.png").exists()
    r.close()


def test_complete_rasterises_missing_pngs_and_drops_half_written_files(svgs):
    d = svgs[0].parent
    svgs[1].with_suffix(".png").write_bytes(raster.rasterise_svg(svgs[1].read_bytes()))
    (d / f".{svgs[2].stem}.png.tmp-123").write_bytes(b"half a png")
    made = raster.complete(d)
    assert made == [svgs[0].with_suffix(".png").name, svgs[2].with_suffix(".png").name]
    assert not list(d.glob(".*.tmp-*"))
    for svg in svgs:
        assert svg.with_suffix(".png").read_bytes() == raster.rasterise_svg(svg.read_bytes())
    assert raster.complete(d) == []
