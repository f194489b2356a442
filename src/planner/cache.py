"""A per-folder index of validated cards in the user cache dir.

Parsing TOML and validating a card costs about a millisecond; a library of thousands of
cards would make every command slow. The index remembers, for each card file, its size
and modification time and either the validated card or its problems, so a command
reparses only files that changed. A missing, corrupt or outdated index is rebuilt
silently: it is only ever a copy of what the files say.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from planner import __version__
from planner.atomic import atomic_write_text
from planner.errors import PlannerError

FORMAT = 3  # 2: cards are stored without their prose; 3: with their planning signature


def cache_dir() -> Path:
    override = os.environ.get("PLANNER_CACHE_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir("planner", appauthor=False))


def index_path(folder: Path) -> Path:
    key = hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:20]
    return cache_dir() / f"index-{key}.json"


def stamp(path: str) -> list[int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


class FolderIndex:
    """The cached entries of one library folder: relative path -> entry."""

    def __init__(self, folder: Path, salt: str) -> None:
        self.folder = folder
        self.path = index_path(folder)
        self.salt = salt  # changes when the vocabulary or planner changes
        self.entries: dict[str, dict[str, Any]] = {}
        self.seen: set[str] = set()
        self.dirty = False
        self._load()

    def _load(self) -> None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if (
            isinstance(data, dict)
            and data.get("format") == FORMAT
            and data.get("planner") == __version__
            and data.get("salt") == self.salt
            and isinstance(data.get("files"), dict)
        ):
            self.entries = data["files"]

    def lookup(self, path: str, compute: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        """The entry for `path`, recomputed only when the file's size or mtime changed."""
        prefix = str(self.folder) + os.sep
        key = path[len(prefix) :] if path.startswith(prefix) else path
        self.seen.add(key)
        current = stamp(path)
        entry = self.entries.get(key)
        if entry is not None and current is not None and entry.get("stamp") == current:
            return entry
        entry = {"stamp": current, **compute()}
        self.entries[key] = entry
        self.dirty = True
        return entry

    def save(self) -> None:
        """Write the index back if anything changed; entries of deleted files are dropped."""
        gone = set(self.entries) - self.seen
        for key in gone:
            del self.entries[key]
        if not (self.dirty or gone):
            return
        payload = {
            "format": FORMAT,
            "planner": __version__,
            "salt": self.salt,
            "folder": str(self.folder),
            "files": self.entries,
        }
        with contextlib.suppress(PlannerError):  # a cache we cannot write only costs speed
            atomic_write_text(self.path, json.dumps(payload, separators=(",", ":"), ensure_ascii=False), overwrite=True)
        self.dirty = False
