"""Writing imported cards: ids, TOML layout, the target folder and the import manifest.

The manifest (`.planner-import.json` in the folder the cards go to) records a hash of
every file an import wrote. A later import compares: a file whose bytes would not change
is left alone (so a second run changes nothing), a file still as it was written is
updated, and a file someone edited since (or one no import wrote) is kept unless --force.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import tomllib
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import tomli_w
from pydantic import ValidationError

from planner.atomic import atomic_write_bytes, atomic_write_text
from planner.errors import PlannerError
from planner.models import Exercise
from planner.structs import field, struct
from planner.text import one_line
from planner.userfiles import BadFile, read_bytes, read_text

MANIFEST = ".planner-import.json"
MAX_MANIFEST_BYTES = 64 * 1024 * 1024  # a line per card written: far above any real import
MAX_EXISTING_BYTES = 16 * 1024 * 1024  # a file in the way of a card, read only to compare it
MAX_ID = 80
INLINE_MAX = 100  # a list of words longer than this goes one item per line

# writing-cards.md's order; every plain key goes before the first [table].
CARD_KEYS = (
    "name",
    "aliases",
    "inferred",
    "summary",
    "primary_muscles",
    "secondary_muscles",
    "equipment",
    "pattern",
    "mechanic",
    "laterality",
    "level",
    "position",
    "blocks",
    "measure",
    "loads_spine",
    "peak_contraction",
    "plyometric",
    "uses_rir",
    "rep_floor",
    "hard_set_muscles",
    "finisher_formats",
    "stresses",
    "easier",
    "harder",
    "more_range",
    "description",
    "instructions",
    "tips",
    "source",
    "license",
    "limits",
    "defaults",
    "faq",
)


def make_id(name: str) -> str:
    """The id a name gets: ASCII, lower case, words joined by hyphens, at most 80 characters
    ("Child's Pose" -> "childs-pose", "Crème Brûlée Squat" -> "creme-brulee-squat")."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    words = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower().replace("'", "")).strip("-")
    if len(words) > MAX_ID:
        words = words[:MAX_ID].rsplit("-", 1)[0] if "-" in words[:MAX_ID] else words[:MAX_ID]
    return words


def check_id(exercise_id: str, name: str, where: str) -> None:
    """Refuse an id a card cannot have: a file named vocab.toml holds the vocabulary, so a
    card called "Vocab" would be ignored without a word."""
    from planner.library import RESERVED_IDS

    if exercise_id in RESERVED_IDS:
        raise PlannerError(
            f"{where}: the name {name!r} makes the id {exercise_id!r}, which is reserved for "
            f"{exercise_id}.toml (the vocabulary); name the exercise differently, e.g. {name + ' Drill'!r}"
        )


def with_suffix(base: str, taken: set[str]) -> str:
    """`base`, or base-2, base-3, ... : the first one not in `taken` (nor reserved)."""
    from planner.library import RESERVED_IDS

    taken = taken | RESERVED_IDS
    if base not in taken:
        return base
    n = 2
    while True:
        suffix = f"-{n}"
        candidate = base[: MAX_ID - len(suffix)].rstrip("-") + suffix
        if candidate not in taken:
            return candidate
        n += 1


def card_folder(into: Path) -> Path:
    """Where cards go in a library folder: its `exercises/` subfolder when it has one (as
    library.exercise_files reads them), else the folder itself."""
    return into / "exercises" if (into / "exercises").is_dir() else into


def check_writable(folder: Path) -> None:
    """Fail before anything is written when cards cannot go into `folder` (or the folder
    cannot be made). Looks without touching, so a run that writes nothing changes nothing."""
    existing = folder
    while not existing.exists() and existing.parent != existing:
        existing = existing.parent
    if not existing.is_dir():
        raise PlannerError(f"{folder}: cannot write there: {existing} is a file, not a folder")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise PlannerError(f"{folder}: cannot write there: {existing} is not writable")


def toml_value(value: Any) -> str:
    """One value as TOML on one line (a list of words inline)."""
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return tomli_w.dumps({"v": value}).removeprefix("v = ").rstrip("\n")


def _plain_key(key: str, value: Any) -> str:
    """`key = value`: short lists of words on one line, long ones one item per line."""
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        inline = f"{key} = {toml_value(value)}"
        if len(inline) <= INLINE_MAX:
            return inline + "\n"
    return tomli_w.dumps({key: value}, multiline_strings=True)


def render_card(data: dict[str, Any], comments: Sequence[str] = ()) -> str:
    """A card as TOML in writing-cards.md's layout: a comment block, the plain keys, then
    [limits], [defaults] and one [[faq]] table per question."""
    # one_line: a newline or control character in a comment (a file name, a quoted phrase)
    # would end the comment and put the rest into the card as TOML
    out = ["".join(f"# {one_line(line)}".rstrip() + "\n" for line in comments)] if comments else []
    if out:
        out.append("\n")
    tables = ("limits", "defaults", "faq")
    for key in CARD_KEYS:
        value = data.get(key)
        if key in tables or value is None or (key in ("inferred", "aliases") and not value):
            continue
        out.append(_plain_key(key, value))
    for key in ("limits", "defaults"):
        if data.get(key):
            out.append(f"\n[{key}]\n" + tomli_w.dumps(data[key]))
    for qa in data.get("faq") or []:
        out.append("\n[[faq]]\n" + tomli_w.dumps(qa, multiline_strings=True))
    return "".join(out)


def check_card(exercise_id: str, text: str, where: str) -> Exercise:
    """The card as `planner validate` will read it back; a bug in an importer, not the
    user's input, if this fails, so the message says which card and field."""
    try:
        return Exercise.model_validate({**tomllib.loads(text), "id": exercise_id})
    except tomllib.TOMLDecodeError as e:
        raise PlannerError(f"{where}: the card made from it is not valid TOML: {e}") from None
    except ValidationError as e:
        first = e.errors()[0]
        loc = ".".join(str(p) for p in first["loc"])
        raise PlannerError(f"{where}: the card made from it is not valid: {loc}: {first['msg']}") from None


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# ---------------------------------------------------------------------------- manifest


@struct
class Manifest:
    """What imports wrote into one folder: file name -> {"sha256": ..., "source": ...}."""

    path: Path
    files: dict[str, dict[str, str]] = field(default_factory=dict)
    original: str = ""

    @classmethod
    def load(cls, folder: Path) -> Manifest:
        path = folder / MANIFEST
        try:
            text = read_text(path, MAX_MANIFEST_BYTES, "import manifest")
            data = json.loads(text)
            files = {str(k): {str(a): str(b) for a, b in v.items()} for k, v in data.get("files", {}).items()}
        except (PlannerError, ValueError, AttributeError, RecursionError):
            # missing or unreadable: every existing file counts as not written by an import,
            # which only ever keeps more files, never overwrites one
            return cls(path)
        return cls(path, files, text)

    def render(self) -> str:
        body = {
            "about": "Files planner import wrote here, with a hash of what it wrote. An edited file is kept "
            "on the next import unless --force. Safe to delete (then every file counts as edited).",
            "format": 1,
            "files": {k: self.files[k] for k in sorted(self.files)},
        }
        return json.dumps(body, indent=1, ensure_ascii=False, sort_keys=False) + "\n"

    def save(self) -> None:
        text = self.render()
        if text != self.original:
            atomic_write_text(self.path, text, overwrite=True)
            self.original = text


@struct(frozen=True)
class Planned:
    """One card to write and what will happen to its file."""

    path: Path
    data: bytes
    source: str
    action: str  # created | updated | unchanged | kept
    reason: str = ""


def plan_write(path: Path, data: bytes, source: str, manifest: Manifest, force: bool) -> Planned:
    """Decide, without writing, what writing `data` to `path` would do."""
    if not os.path.lexists(path):
        return Planned(path, data, source, "created")
    try:
        current = read_bytes(path, MAX_EXISTING_BYTES, "card")
    except BadFile as e:
        return Planned(path, data, source, "kept", f"cannot read the existing file: {e.problem}")
    if current == data:
        return Planned(path, data, source, "unchanged")
    recorded = manifest.files.get(path.name, {}).get("sha256")
    if force or recorded == sha256(current):
        return Planned(path, data, source, "updated")
    if recorded:
        return Planned(path, data, source, "kept", "edited since it was imported; --force overwrites it")
    return Planned(path, data, source, "kept", "a file that no import wrote has this name; --force overwrites it")


def write_planned(planned: Iterable[Planned], manifest: Manifest, progress: Callable[[], None] | None = None) -> None:
    """Write every created or updated card through planner.atomic, then the manifest. If a
    write fails, the manifest still records the files written before it."""
    try:
        for p in planned:
            if p.action in ("created", "updated"):
                atomic_write_bytes(p.path, p.data, overwrite=p.action == "updated")
            if p.action in ("created", "updated", "unchanged"):
                manifest.files[p.path.name] = {"sha256": sha256(p.data), "source": p.source}
            if progress is not None:
                progress()
    except BaseException:
        with contextlib.suppress(PlannerError):  # the write error is the one to report
            manifest.save()
        raise
    manifest.save()
