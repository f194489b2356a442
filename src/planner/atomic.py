"""The one way planner writes a file: a temp file in the same folder, fsync, then rename.

A crash or a full disk mid-write leaves the old file as it was; a reader never sees half
a file. Without `overwrite`, an existing file is refused (the user passes --force)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from planner.errors import FileExists, PlannerError


def atomic_write_bytes(path: Path, data: bytes, *, overwrite: bool = False) -> None:
    path = Path(path)
    if path.exists() and not overwrite:
        raise FileExists(path)
    if path.is_dir():
        raise PlannerError(f"{path}: is a folder; give a file name")
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as e:
        raise PlannerError(f"{path}: cannot write: {e.strerror or e}") from None
    try:
        # mkstemp makes the file private (0600); give it what an ordinary write would have:
        # the old file's mode when replacing one, else the umask's default
        try:
            mode = path.stat().st_mode & 0o7777
        except OSError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if not overwrite and path.exists():  # someone created it meanwhile
            raise FileExists(path)
        os.replace(tmp, path)
    except BaseException as e:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(e, OSError):
            raise PlannerError(f"{path}: cannot write: {e.strerror or e}") from None
        raise


def atomic_write_text(path: Path, text: str, *, overwrite: bool = False) -> None:
    atomic_write_bytes(path, text.encode("utf-8"), overwrite=overwrite)
