"""File operations every stage shares: write a file or replace a directory so that a reader (or a
kill) never sees half of it, and the project lock (one writer at a time)."""

from __future__ import annotations

import os
import shutil
import sys
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from baimo import paths

#: How long a second writer waits for the first before giving up (seconds).
LOCK_WAIT = 30 * 60


def lock_path() -> Path:
    return paths.BUILD / "baimo.lock"


@contextmanager
def project_lock(what: str, *, wait: float = LOCK_WAIT):
    """Hold the project's write lock while ``what`` (``baimo build``, ``baimo add`` …) runs.

    A second writer started meanwhile says who holds the lock and waits for it (up to ``wait``
    seconds, then refuses): two builds, or a build and an add, never write at once. The lock is an
    OS file lock, so a killed holder releases it; re-entering in the same process is allowed.
    """
    path = lock_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(path, is_singleton=True)
    who = path.with_name(path.name + ".holder")
    try:
        lock.acquire(timeout=0)
    except Timeout:
        holder = who.read_text(encoding="utf-8").strip() if who.exists() else "another baimo command"
        print(f"{what}: waiting for {holder} to finish (lock {path}) …", file=sys.stderr, flush=True)
        try:
            lock.acquire(timeout=wait)
        except Timeout:
            raise RuntimeError(
                f"{what}: {holder} still holds {path} after {wait:.0f}s; try again when it has finished"
            ) from None
    outer = lock.lock_counter == 1
    if outer:
        who.write_text(f"`{what}` (process {os.getpid()})", encoding="utf-8")
    try:
        yield
    finally:
        if outer:
            who.unlink(missing_ok=True)
        lock.release()


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write via a temp file and rename, so a reader (or a kill) never sees half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    os.replace(tmp, path)


def swap_dir(new: Path, target: Path) -> None:
    """Put directory ``new`` at ``target``, replacing what was there. Two renames (target →
    .target.old-PID, new → target); a kill between them is undone by ``restore_interrupted_swap``."""
    new, target = Path(new), Path(target)
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    shutil.rmtree(old, ignore_errors=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def restore_interrupted_swap(target: Path) -> bool:
    """Put back the old copy a swap killed between its two renames left; True when it did."""
    target = Path(target)
    if target.exists():
        return False
    olds = sorted(target.parent.glob(f".{target.name}.old-*"), key=lambda p: p.stat().st_mtime)
    if not olds:
        return False
    olds[-1].rename(target)
    return True
