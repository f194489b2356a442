"""The one way planner writes a file: a temp file in the same folder, fsync, then rename.

A crash or a full disk mid-write leaves the old file as it was; a reader never sees half
a file. Without `overwrite`, an existing file is refused (the user passes --force), and
a folder is refused either way.

What the person set up around the file is kept: writing to a symbolic link writes the
file it points to and leaves the link in place; the file keeps its mode and (where this
process may set it) its owner and group. A file with other hard links is rewritten in
place instead of replaced, since a rename would leave the other names on the old
content: the new content is first made durable in a temp file beside it, which a crash
mid-rewrite leaves behind."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path
from typing import NoReturn

from planner.errors import FileExists, PlannerError


def check_target(path: Path, overwrite: bool) -> None:
    """Refuse, before any work is done, a file that cannot be written: a folder (whatever
    --force says) or an existing file without `overwrite`."""
    try:
        if path.is_dir():
            raise PlannerError(f"{path}: is a folder; give a file name")
        if path.exists() and not overwrite:
            raise FileExists(path)
    except OSError as e:
        raise _cannot(path, e) from None


def file_mode(path: Path) -> int | None:
    """The permission bits of an existing file, or None."""
    try:
        return os.stat(path).st_mode & 0o7777
    except (OSError, ValueError):
        return None


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _cannot(path: Path, e: OSError) -> PlannerError:
    return PlannerError(f"{path}: cannot write: {e.strerror or e}")


def atomic_write_bytes(path: Path, data: bytes, *, overwrite: bool = False, mode: int | None = None) -> None:
    """Write `data` to `path` as described above. `mode` sets the permission bits of a new
    file (default: what the umask gives); an existing file keeps its own."""
    path = Path(path)
    check_target(path, overwrite)
    target = Path(os.path.realpath(path))  # through symbolic links: the file the link names
    try:
        info: os.stat_result | None = os.stat(target)
    except OSError:
        info = None
    if info is not None and stat.S_ISREG(info.st_mode) and info.st_nlink > 1:
        _rewrite_in_place(path, target, data)
        return
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise _cannot(path, e) from None
    # the temporary file gets the old file's owner and mode, or what an ordinary write would
    # have given a new one (mkstemp makes it private, 0600)
    keep = info.st_mode & 0o7777 if info is not None else mode if mode is not None else _default_mode()
    tmp = _temporary(path, target, data, ".tmp", info, keep)
    try:
        if not overwrite and path.exists():  # someone created it meanwhile
            raise FileExists(path)
        os.replace(tmp, target)
    except BaseException as e:
        _failed(path, tmp, e)


def _temporary(
    path: Path, target: Path, data: bytes, suffix: str, owner: os.stat_result | None = None, mode: int | None = None
) -> str:
    """`data` on disk (fsync) in a new file beside `target`, with `owner`'s uid and gid and
    `mode` where given; the file is removed again when anything fails."""
    import tempfile  # here: most commands write nothing

    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=suffix, dir=target.parent)
    except OSError as e:
        raise _cannot(path, e) from None
    try:
        if owner is not None:
            with contextlib.suppress(OSError):  # only root, or the owner within their groups, may
                os.fchown(fd, owner.st_uid, owner.st_gid)
        if mode is not None:
            os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    except BaseException as e:
        _failed(path, tmp, e)
    return tmp


def _failed(path: Path, tmp: str, e: BaseException) -> NoReturn:
    """Remove the temporary file and raise: an OSError as one line naming `path`."""
    with contextlib.suppress(OSError):
        os.unlink(tmp)
    if isinstance(e, OSError):
        raise _cannot(path, e) from None
    raise e


def _rewrite_in_place(path: Path, target: Path, data: bytes) -> None:
    tmp = _temporary(path, target, data, ".new")  # the new content, safe before the file is touched
    try:
        with open(target, "r+b") as f:
            f.write(data)
            f.truncate()
            f.flush()
            os.fsync(f.fileno())
    except OSError as e:
        raise PlannerError(
            f"{path}: cannot write: {e.strerror or e} (the new content is in {tmp}; the file has other hard links)"
        ) from None
    os.unlink(tmp)


def atomic_write_text(path: Path, text: str, *, overwrite: bool = False, mode: int | None = None) -> None:
    atomic_write_bytes(path, text.encode("utf-8"), overwrite=overwrite, mode=mode)
