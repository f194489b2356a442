"""A per-folder index of validated cards in the user cache dir.

Parsing TOML and validating a card costs about a millisecond; a library of thousands of
cards would make every command slow. The index remembers, for each card file, its size
and modification time and either the validated card or its problems, so a command
reparses only files that changed. A missing, corrupt or outdated index is rebuilt
silently: it is only ever a copy of what the files say. So is one whose checksum matches
but whose content is not what planner writes (`_trusted`): every row and every shared
value is checked for its shape and vocabulary once, as the index is read, so that no
later code meets a value it cannot use.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator, Mapping
from itertools import chain
from operator import itemgetter
from pathlib import Path
from typing import Any

from planner import __version__, digest
from planner.atomic import atomic_write_text
from planner.errors import PlannerError
from planner.records import PROSE_FIELDS, Card, Defaults, Limits
from planner.structs import fields

# 2: cards without their prose; 3: with their planning signature; 4: shared values; 5: coaching fields;
# 6: control characters refused; 7: an unreadable file's entry kept unstamped (read again), ASCII JSON
FORMAT = 7

# A card's tags, in this order, are one row of the index. Values that repeat from card to
# card (muscle lists, equipment, pattern, limits...) are kept once in a table the rows point
# into: ten thousand cards hold a few hundred distinct values, so the index is a third of
# the size and loads several times faster than a dict per card. Ids, names and summaries
# are the card's own and sit in the row itself.
TAG_FIELDS = tuple(name for name in Card.FIELDS if name not in PROSE_FIELDS)
INLINE = frozenset(("id", "name", "summary"))
_POSITION = {name: i for i, name in enumerate(TAG_FIELDS)}
_INLINE_AT = frozenset(_POSITION[name] for name in INLINE)


class CardData(Mapping[str, Any]):
    """One card's tags read from the index: a row whose shared values are looked up when
    asked. Read-only, as the values are shared between cards."""

    __slots__ = ("_row", "_values")

    def __init__(self, row: list[Any], values: list[Any]) -> None:
        self._row = row
        self._values = values

    def __getitem__(self, key: str) -> Any:
        i = _POSITION[key]
        value = self._row[i]
        return value if i in _INLINE_AT else self._values[value]

    def __iter__(self) -> Iterator[str]:
        return iter(TAG_FIELDS)

    def __len__(self) -> int:
        return len(TAG_FIELDS)

    def __repr__(self) -> str:
        return f"CardData({dict(self)!r})"

    def as_dict(self) -> dict[str, Any]:
        """Every tag at once, for a Card: a dict built from a mapping asks for each key in
        Python, ten times slower (it showed in planning from ten thousand cards)."""
        values = self._values
        return dict(
            zip(
                TAG_FIELDS,
                [values[v] if shared else v for v, shared in zip(self._row, _SHARED, strict=True)],
                strict=True,
            )
        )


_SHARED = [i not in _INLINE_AT for i in range(len(TAG_FIELDS))]  # row positions that index the shared values


def cache_dir() -> Path:
    override = os.environ.get("PLANNER_CACHE_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir("planner", appauthor=False))


def index_path(folder: Path) -> Path:
    key = digest.sha256(os.fsencode(folder.resolve())).hexdigest()[:20]
    return cache_dir() / f"index-{key}.json"


def _digest(text: str) -> str:
    return digest.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def _usable(stored: Any) -> bool:
    return (
        type(stored) is list
        and len(stored) == 4
        and type(stored[0]) is list
        and len(stored[0]) == 2
        and (stored[3] is None or type(stored[3]) is list)
    )


def _value_key(value: Any) -> Any:
    """A hashable stand-in for a card value, to find it in the table (cheaper than JSON)."""
    if isinstance(value, list):
        return ("list", *value)
    if isinstance(value, dict):
        return ("dict", *value.items())
    return (type(value).__name__, value)


class FolderIndex:
    """The cached entries of one library folder: path relative to the folder -> entry, an
    entry being {"stamp", "card", "signature", "problems"} ("card" is None for a file with
    problems). On disk each entry is [stamp, signature, problems, row or None]."""

    def __init__(self, folder: Path, salt: str) -> None:
        self.folder = folder
        self.prefix = str(folder) + os.sep
        self.path = index_path(folder)
        self.salt = salt  # changes when the vocabulary or planner changes
        self.stored: dict[str, list[Any]] = {}  # entries as on disk
        self.values: list[Any] = []
        self.fresh: dict[str, dict[str, Any]] = {}  # entries read from their files in this run
        self.stamps: dict[str, list[int] | None] = {}
        self.seen: set[str] = set()
        self.dirty = False
        self._load()

    def _load(self) -> None:
        from planner.userfiles import read_text

        try:
            digest, _, text = read_text(self.path, MAX_INDEX_BYTES, "library index").partition("\n")
            if digest != _digest(text):  # damaged (rows would point at the wrong values): rebuild
                return
            data = json.loads(text)
        except (PlannerError, ValueError, RecursionError):
            return
        if (
            isinstance(data, dict)
            and data.get("format") == FORMAT
            and data.get("planner") == __version__
            and data.get("salt") == self.salt
            and data.get("fields") == list(TAG_FIELDS)
            and isinstance(data.get("files"), dict)
            and isinstance(data.get("values"), list)
            and _trusted(data["files"], data["values"])
        ):
            self.stored = data["files"]
            self.values = data["values"]

    def _key(self, path: str) -> str:
        return path[len(self.prefix) :] if path.startswith(self.prefix) else path

    def stale(self, paths: list[str]) -> list[str]:
        """The files whose size or mtime differ from the index (or that it lacks): the
        ones to read again. Each file is looked at once; `entry` uses what was seen."""
        out = []
        stored_entries, seen, prefix, cut = self.stored, self.seen, self.prefix, len(self.prefix)
        for path in paths:  # the one loop over every file a warm start makes: kept plain
            key = path[cut:] if path.startswith(prefix) else path
            seen.add(key)
            try:
                st = os.stat(path)
            except OSError:
                self.stamps[key] = None
                out.append(path)
                continue
            stored = stored_entries.get(key)
            if stored is None or not _usable(stored) or stored[0][0] != st.st_size or stored[0][1] != st.st_mtime_ns:
                self.stamps[key] = [st.st_size, st.st_mtime_ns]
                out.append(path)
        return out

    def put(self, path: str, entry: dict[str, Any]) -> None:
        """A file's entry, read afresh. One that could not be read for a passing reason (a
        permission) is kept without a stamp, so the next run reads the file again."""
        key = self._key(path)
        stamp = None if entry.get("transient") else self.stamps.get(key)
        self.fresh[key] = {**entry, "stamp": stamp}
        self.dirty = True

    def entry(self, path: str) -> dict[str, Any]:
        """A file's entry: the one read afresh (`put`), else the index's."""
        key = self._key(path)
        fresh = self.fresh.get(key)
        if fresh is not None:
            return fresh
        stored = self.stored[key]
        row = stored[3]
        return {
            "stamp": stored[0],
            "signature": stored[1],
            "problems": stored[2],
            "card": None if row is None else CardData(row, self.values),
        }

    def save(self) -> None:
        """Write the index back if anything changed; entries of deleted files are dropped."""
        gone = set(self.stored) - self.seen
        if not (self.dirty or gone):
            return
        files = {key: row for key, row in self.stored.items() if key in self.seen and key not in self.fresh}
        values = list(self.values)  # rows kept from before still point into it
        where: dict[Any, int] = {}
        with contextlib.suppress(TypeError):  # (a value that cannot be a key is just not shared)
            for i, value in enumerate(values):
                where.setdefault(_value_key(value), i)
        for key, entry in self.fresh.items():
            card = entry["card"]
            row = None
            if card is not None:
                row = []
                for name in TAG_FIELDS:
                    value = card[name]
                    if name in INLINE:
                        row.append(value)
                        continue
                    k = _value_key(value)
                    if k not in where:
                        where[k] = len(values)
                        values.append(value)
                    row.append(where[k])
            files[key] = [entry["stamp"], entry["signature"], entry["problems"], row]
        payload = {
            "format": FORMAT,
            "planner": __version__,
            "salt": self.salt,
            "folder": str(self.folder),
            "fields": list(TAG_FIELDS),
            "values": values,
            "files": files,
        }
        # ASCII: a file name that is not UTF-8 (held as surrogates) is written as \\u escapes
        text = json.dumps(payload, separators=(",", ":"))
        with contextlib.suppress(PlannerError):  # a cache we cannot write only costs speed
            atomic_write_text(self.path, _digest(text) + "\n" + text, overwrite=True)
        self.dirty = False


MAX_INDEX_BYTES = 1024 * 1024 * 1024  # far above any real index; only a bound on reading


def _checks() -> dict[str, Any]:
    """For each tag field, a test of one value: of the right type and, for the words of a
    vocabulary, a word planner knows."""
    from planner.vocab import builtin_vocab

    vocab = builtin_vocab()

    def words(ids: tuple[str, ...], many: bool) -> Any:
        known = frozenset(ids)
        if many:
            return lambda v: type(v) is list and all(type(w) is str for w in v) and known.issuperset(v)
        return lambda v: type(v) is str and v in known

    def table(kind: type) -> Any:
        names = frozenset(fields(kind))
        return lambda v: (
            type(v) is dict
            and names.issuperset(v)
            and all(x is None or type(x) is int or (k == "tempo" and type(x) is str) for k, x in v.items())
        )

    text_list = lambda v: type(v) is list and all(type(w) is str for w in v)  # noqa: E731
    optional_text = lambda v: v is None or type(v) is str  # noqa: E731
    return {
        "aliases": text_list,
        "primary_muscles": words(vocab.muscles.ids, True),
        "secondary_muscles": words(vocab.muscles.ids, True),
        "equipment": words(vocab.equipment.ids, True),
        "pattern": words(vocab.patterns.ids, False),
        "mechanic": words(vocab.mechanic.ids, False),
        "laterality": words(vocab.laterality.ids, False),
        "level": words(vocab.levels.ids, False),
        "position": words(vocab.positions.ids, False),
        "blocks": words(vocab.blocks.ids, True),
        "measure": words(vocab.measure.ids, False),
        "loads_spine": lambda v: type(v) is bool,
        "peak_contraction": lambda v: type(v) is bool,
        "plyometric": lambda v: type(v) is bool,
        "uses_rir": lambda v: type(v) is bool,
        "rep_floor": lambda v: v is None or type(v) is int,
        "hard_set_muscles": words(vocab.muscles.ids, True),
        "finisher_formats": words(vocab.finisher_formats.ids, True),
        "stresses": words(vocab.joints.ids, True),
        "easier": text_list,
        "harder": text_list,
        "more_range": optional_text,
        "limits": table(Limits),
        "defaults": table(Defaults),
        "source": optional_text,
        "license": optional_text,
        "inferred": text_list,
    }


def _trusted(files: dict[str, Any], values: list[Any]) -> bool:
    """Is every entry shaped as planner writes it: a stamp (or None: read it again), a
    signature, problems, a row whose own values are text and whose shared values are
    indexes of values fit for their field? Runs on every warm read, so it works with map
    and set, which do their loops in C (about 12 ms at ten thousand cards)."""
    from planner.text import first_control, has_control

    entries = list(files.values())
    if set(map(type, entries)) - {list} or set(map(len, entries)) - {4}:
        return False
    # (a stamp of the wrong shape only makes its file look changed: `stale` reads it again)
    if set(map(type, map(itemgetter(1), entries))) - {str, type(None)}:
        return False
    problem_lists = list(map(itemgetter(2), entries))
    if set(map(type, problem_lists)) - {list}:
        return False
    for p in chain.from_iterable(problem_lists):  # few: only broken cards have any
        if not (
            type(p) is dict
            and type(p.get("message")) is str
            and (p.get("field") is None or type(p["field"]) is str)
            and (p.get("line") is None or type(p["line"]) is int)
        ):
            return False
    rows = [row for row in map(itemgetter(3), entries) if row is not None]
    if set(map(type, rows)) - {list} or set(map(len, rows)) - {len(TAG_FIELDS)}:
        return False
    for position in _INLINE_AT:  # a card's own id, name and summary: text
        column = list(map(itemgetter(position), rows))
        if set(map(type, column)) - {str} or has_control(" ".join(column)):
            return False
    # The shared part of each row, once per distinct combination: cards alike in every tag
    # (thousands of imported or generated cards are) are checked once.
    shared = [p for p in range(len(TAG_FIELDS)) if p not in _INLINE_AT]
    combos = set(map(itemgetter(*shared), rows))
    if set(map(type, chain.from_iterable(combos))) - {int}:
        return False
    checks = _checks()
    count = len(values)
    for n, position in enumerate(shared):
        used = {combo[n] for combo in combos}
        if used and (min(used) < 0 or max(used) >= count):
            return False
        test = checks[TAG_FIELDS[position]]
        if not all(test(values[i]) for i in used):
            return False
    return first_control(values) is None
