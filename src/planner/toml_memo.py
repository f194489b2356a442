"""Coaching data files read once and remembered: the parsed TOML kept in the cache folder
(marshal), used again while the file's stat is unchanged.

Why: `planner plan` reads the vocabulary, the templates (rules, goals, splits, sessions)
and the progression schemes on every run, 40 kB of TOML that takes tomllib 8 ms to parse
and marshal 0.3 ms to load. A memo is used only for the same file with the same size,
inode, modification and change times (a change time cannot be set back by hand), and only
when its checksum holds; anything else reads the file again and rewrites the memo. A file
that does not parse is never remembered, so its error is reported on every run.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import stat
from pathlib import Path
from typing import Any

from planner import __version__, digest
from planner.errors import PlannerError
from planner.userfiles import read_toml

_CHECK = 16  # bytes of BLAKE2b in front of each memo


def read_toml_kept(path: Path, limit: int, what: str) -> dict[str, Any]:
    """What userfiles.read_toml gives for `path`, from the memo when the file is unchanged."""
    try:
        info = os.stat(path)
    except OSError:
        return read_toml(path, limit, what)  # which says what is wrong with it
    if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
        return read_toml(path, limit, what)
    where = os.path.abspath(path)
    stamp = (__version__, where, info.st_size, info.st_ino, info.st_mtime_ns, info.st_ctime_ns)
    memo = _memo_path(where)
    kept = _load(memo)
    if type(kept) is tuple and len(kept) == 2 and kept[0] == stamp and type(kept[1]) is dict:
        return kept[1]
    data = read_toml(path, limit, what)
    with contextlib.suppress(ValueError):  # a value marshal cannot hold (a date): not remembered
        _save(memo, marshal.dumps((stamp, data)))
    return data


def _memo_path(where: str) -> Path:
    from planner.cache import cache_dir

    key = digest.blake2b(os.fsencode(where), digest_size=12).hexdigest()
    return cache_dir() / "toml" / f"{key}.marshal"


def _load(memo: Path) -> Any:
    try:
        raw = memo.read_bytes()
    except OSError:
        return None
    payload = raw[_CHECK:]
    if raw[:_CHECK] != digest.blake2b(payload, digest_size=_CHECK).digest():
        return None  # torn or changed: marshal is only given bytes planner wrote
    try:
        return marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None


def _save(memo: Path, payload: bytes) -> None:
    from planner.atomic import atomic_write_bytes

    with contextlib.suppress(PlannerError):  # a cache folder we cannot write only costs speed
        atomic_write_bytes(memo, digest.blake2b(payload, digest_size=_CHECK).digest() + payload, overwrite=True)
