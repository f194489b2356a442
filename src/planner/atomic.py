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
