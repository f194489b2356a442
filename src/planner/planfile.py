"""Plan files: read, check, write, and rewrite in place keeping what the person wrote.

A plan file is TOML with `schema_version` at the top. People edit plan files: they add
comments ("# knee sore, go easy"), change values, add fields planner does not know. So:

- reading checks the whole file once (models.Plan: weekdays, finite numbers in range,
  dates in range, weeks in order, sizes) and keeps every field planner does not know,
  so that every command can rely on what it gets;
- a new plan is written with tomli-w (fast; `planner plan --output`);
- a plan rewritten in place (`progress`, `swap`) is edited as a document with tomlkit:
  only the values that changed are replaced and new weeks appended, so comments, order
  and formatting survive. Before the file is replaced, the new text is read back as any
  command would read it and must give exactly the plan meant, and the previous version
  is kept beside it as `PLAN~` (plan.toml~).

A plan may also be a JSON file (`planner plan --json`, `export --format json`): read the
same way, and written back as JSON (JSON keeps no comments). `plan_from_data` is the check
on data already parsed, whatever it was parsed from."""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from planner.atomic import atomic_write_bytes, atomic_write_text, file_mode
from planner.errors import PlannerError
from planner.records import Plan, from_data, to_data
from planner.structs import struct
from planner.userfiles import MAX_DEPTH, BadFile, parse_toml, read_text, too_deep

SCHEMA_VERSION = 1
MAX_PLAN_BYTES = 8 * 1024 * 1024  # a 52-week, 6-day plan is under 2 MiB
BACKUP_SUFFIX = "~"
HEADER = "# A training plan made by planner (`planner plan`). Edit it freely; `planner export` reads it.\n"


@struct(frozen=True)
class PlanSource:
    """A plan as read from its file, with the text it was read from (to rewrite it) and
    the form of that text, toml or json."""

    path: Path
    text: str
    plan: Plan
    form: str = "toml"


def _drop_none(value: Any) -> Any:
    """TOML has no null: leave out what does not apply."""
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_none(v) for v in value]
    return value


def plan_data(plan: Plan) -> dict[str, Any]:
    """A plan as the data of its file: `schema_version` first, no None values."""
    data = _drop_none(to_data(plan))
    return {"schema_version": data.pop("schema_version"), **data}


def plan_to_toml(plan: Plan) -> str:
    import tomli_w

    return HEADER + tomli_w.dumps(plan_data(plan))


def plan_to_json(plan: Plan) -> str:
    # default=str: a date a person typed into a plan file (TOML has dates) prints as its ISO text
    return json.dumps(to_data(plan), indent=2, ensure_ascii=False, default=str) + "\n"


# ---------------------------------------------------------------------------- reading


def plan_from_data(data: Any, where: Path | str) -> Plan:
    """A plan from parsed file data (TOML, or JSON: `planner plan --json`), checked
    (models.Plan) and with every field planner does not know kept; PlannerError naming
    `where` and the field otherwise."""
    from pydantic import ValidationError

    from planner.library import validation_problems
    from planner.models import Plan as PlanFile

    if not isinstance(data, Mapping):
        raise PlannerError(f"{where}: not a plan file: it holds a {type(data).__name__}, not a table of fields")
    version = data.get("schema_version")
    if version is None:  # an empty file, or the data of something else (a card, a profile)
        what = "it is empty" if not data else "it has no schema_version"
        raise PlannerError(f"{where}: not a plan file ({what}); make one with `planner plan --output {where}`")
    if version != SCHEMA_VERSION:
        raise PlannerError(
            f"{where}: schema_version {version!r} is not one this planner reads (it reads {SCHEMA_VERSION})"
        )
    try:
        checked = PlanFile.model_validate(data)
    except ValidationError as e:
        raise PlannerError(str(validation_problems(Path(where), e, PlanFile)[0])) from None
    except RecursionError:
        raise PlannerError(f"{where}: values nested too deeply to read") from None
    return from_data(Plan, checked.model_dump())


def is_json(path: Path, text: str) -> bool:
    """A plan file in JSON (`planner plan --json`, `export --format json`): named *.json or
    starting with `{`, which no TOML file does."""
    return path.suffix.lower() == ".json" or text.lstrip().startswith("{")


def plan_file_data(text: str, where: Path) -> Any:
    """The data of a plan file's text, JSON or TOML (within userfiles' bounds)."""
    if not is_json(where, text):
        try:
            return parse_toml(text, where)
        except BadFile as e:
            raise BadFile(e.path, f"not a plan file: {e.problem}", line=e.line, field=e.field) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise PlannerError(f"{where}:{e.lineno}: not a plan file: JSON syntax: {e.msg} (column {e.colno})") from None
    except RecursionError:
        raise PlannerError(f"{where}: not a plan file: values nested too deeply (at most {MAX_DEPTH} levels)") from None
    except ValueError as e:  # a number of thousands of digits
        raise PlannerError(f"{where}: not a plan file: a JSON value out of range: {e}") from None
    deep = too_deep(data)
    if deep is not None:
        raise BadFile(where, f"not a plan file: nested more than {MAX_DEPTH} levels deep", field=deep)
    return data


def plan_from_text(text: str, where: Path) -> Plan:
    return plan_from_data(plan_file_data(text, where), where)


def open_plan(path: Path) -> PlanSource:
    """Read and check a plan file (a regular file of at most MAX_PLAN_BYTES)."""
    try:
        text = read_text(path, MAX_PLAN_BYTES, "plan file")
    except BadFile as e:
        if e.problem.startswith("no such"):
            raise PlannerError(f"{path}: no such plan file (make one with `planner plan --output {path}`)") from None
        raise
    return PlanSource(path, text, plan_from_text(text, path), "json" if is_json(path, text) else "toml")


def read_plan(path: Path) -> Plan:
    return open_plan(path).plan


# ---------------------------------------------------------------------------- writing


def write_plan(plan: Plan, path: Path, force: bool = False) -> None:
    """A new plan file (refused over an existing file unless `force`): TOML, or JSON for a
    file named *.json."""
    text = plan_to_json(plan) if path.suffix.lower() == ".json" else plan_to_toml(plan)
    atomic_write_text(path, text, overwrite=force)


def weeks_after(plan: Plan, more: int, output: Path | None = None, force: bool = False, at_least: int = 0) -> int:
    """How many weeks `plan` has once `more` are added (or `at_least`, when more): at most
    the 52 a plan file may hold (a longer one could not be read back). Checked before any
    work, as is --output."""
    from planner.atomic import check_target
    from planner.records import INPUT_RANGES

    most = INPUT_RANGES["weeks"][1]
    have = len(plan.weeks)
    if max(have + more, at_least) > most:
        room = most - have
        fits = f"use --weeks {room} or less" if room else "start the next block with `planner plan --start`"
        raise PlannerError(f"--weeks {more}: the plan has {have} weeks and a plan holds at most {most}; {fits}")
    if output is not None:
        check_target(output, force)
    return max(have + more, at_least)


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + BACKUP_SUFFIX)


def update_plan(source: PlanSource, plan: Plan, target: Path | None = None, force: bool = False) -> Path | None:
    """Write `plan`, a changed version of `source.plan`, keeping the source file's comments,
    order and formatting: into the source file itself (`target` None), keeping the file as
    it was in PLAN~, or into `target` (refused over an existing file unless `force`).
    Nothing is written unless the new text reads back as exactly `plan`. Returns the
    backup's path when one was written."""
    where = target or source.path
    suffix = where.suffix.lower()
    form = "json" if suffix == ".json" else "toml" if suffix == ".toml" else source.form
    if form == "json":  # JSON keeps no comments: written anew
        new_text = plan_to_json(plan)
    elif source.form == "json":
        new_text = plan_to_toml(plan)
    else:
        new_text = rewritten(source.text, plan)
    problem = _write_problem(new_text, plan, where)
    if problem is not None and form == source.form == "toml":  # the quick edit misjudged: edit it whole
        new_text = rewritten(source.text, plan, whole=True)
        problem = _write_problem(new_text, plan, where)
    if problem is not None:
        raise PlannerError(problem)
    if target is not None:
        atomic_write_text(target, new_text, overwrite=force)
        return None
    current = _current_bytes(source.path)
    if current != source.text.encode("utf-8"):
        raise PlannerError(f"{source.path}: changed while planner was working on it; nothing written, run it again")
    backup = backup_path(source.path)
    atomic_write_bytes(backup, current, overwrite=True, mode=file_mode(source.path))
    atomic_write_text(source.path, new_text, overwrite=True)
    return backup


def _write_problem(text: str, plan: Plan, where: Path) -> str | None:
    """Why `text` may not be written as the file holding `plan`, or None: it must read
    back, as any command reads it, as exactly `plan`."""
    try:
        again = plan_from_text(text, where)
    except PlannerError as e:
        return f"{where}: not written, as the result would not be a plan planner can read: {e.message}"
    if not _reads_as(again, plan):
        return f"{where}: not written: the rewritten file would not read back as the plan meant (a bug)"
    return None


def _current_bytes(path: Path) -> bytes:
    from planner.userfiles import read_bytes

    return read_bytes(path, MAX_PLAN_BYTES, "plan file")


def _reads_as(again: Plan, plan: Plan) -> bool:
    """Is `again` (read back from a rewritten file) `plan`? Compared as data, then, if
    that differs, once both are in the canonical form models.Plan gives values (a tempo
    as 3-1-X-0, a day as mon)."""
    if _plain(plan_data(again)) == _plain(plan_data(plan)):
        return True
    try:
        meant = plan_from_data(plan_data(plan), "(plan)")
    except PlannerError:
        return False
    return bool(_plain(plan_data(again)) == _plain(plan_data(meant)))


# ---------------------------------------------------------------------------- rewriting in place


def rewritten(text: str, plan: Plan, whole: bool = False) -> str:
    """`text` (a plan file) edited to hold `plan`: values that differ replaced, keys no
    longer there removed, new ones (and new weeks) added in the layout of a new plan file;
    everything else, comments included, as it was.

    tomlkit reads a plan file about ten times slower than tomllib (seconds for a year's
    plan), so the file is first cut at its top-level tables ([inputs], each [[weeks]]):
    only the pieces whose data changed are edited with tomlkit, the rest kept as they are.
    `whole` edits the whole document instead (update_plan's fallback, should the cut
    misjudge a file)."""
    import tomlkit

    new = plan_data(plan)
    pieces = None if whole else _pieces(text)
    if pieces is not None:
        with contextlib.suppress(_Misjudged):
            return _rewritten_pieces(pieces, new)
    document = tomlkit.parse(text)
    _merge(document, new)
    return tomlkit.dumps(document)


# A header of a top-level table or array of tables: [inputs], [[weeks]]; a dotted header
# ([[weeks.sessions]]) belongs to the piece above it.
_TOP_HEADER = re.compile(r"^[ \t]*(\[\[?)[ \t]*([A-Za-z0-9_-]+)[ \t]*\]\]?[ \t]*(?:#[^\n]*)?\r?$", re.MULTILINE)


@struct(frozen=True)
class _Piece:
    key: str | None  # None: the keys before the first table
    many: bool  # an element of an array of tables
    text: str
    data: Any  # the piece's value, parsed on its own


def _pieces(text: str) -> list[_Piece] | None:
    """`text` cut before each top-level table header, each piece parsed on its own; None
    when a piece does not parse alone (a header inside a multi-line string, say)."""
    import tomllib  # here: `planner plan` imports this module but reads no plan file

    starts = [m.start() for m in _TOP_HEADER.finditer(text)]
    bounds = [0, *starts, len(text)]
    pieces = []
    for n, (a, b) in enumerate(itertools.pairwise(bounds)):
        part = text[a:b]
        try:
            data = tomllib.loads(part)
        except (tomllib.TOMLDecodeError, ValueError, RecursionError):
            return None
        if n == 0:
            pieces.append(_Piece(None, False, part, data))
            continue
        m = _TOP_HEADER.match(text, a)
        assert m is not None
        key, many = m.group(2), m.group(1) == "[["
        value: Any = data.get(key)
        if set(data) != {key} or (many and not (isinstance(value, list) and len(value) == 1)):
            return None
        pieces.append(_Piece(key, many, part, value[0] if many else value))
    return pieces


def _rewritten_pieces(pieces: list[_Piece], new: dict[str, Any]) -> str:
    import tomli_w
    import tomlkit

    out: list[str] = []
    tables = {p.key for p in pieces[1:]}
    root = {k: v for k, v in new.items() if k not in tables}
    head = pieces[0]
    if _plain(head.data) == _plain(root):
        out.append(head.text)
    else:
        document = tomlkit.parse(head.text)
        _merge(document, root)
        out.append(tomlkit.dumps(document))
    seen: dict[str, int] = {}
    for n, piece in enumerate(pieces[1:], 1):
        key = str(piece.key)
        value = new.get(key)
        index = seen[key] = seen.get(key, -1) + 1
        if piece.many:
            if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
                raise _Misjudged
            target = value[index] if index < len(value) else None
        else:
            if index or not isinstance(value, dict | type(None)):
                raise _Misjudged
            target = value
        if target is not None:
            if _plain(piece.data) == _plain(target):
                out.append(piece.text)
            else:
                document = tomlkit.parse(piece.text)
                _merge(document[key][0] if piece.many else document[key], target)
                out.append(tomlkit.dumps(document))
        last = all(p.key != key for p in pieces[n + 1 :])
        if piece.many and last and isinstance(value, list):
            for extra in value[index + 1 :]:  # new elements (weeks) after the last one
                out.append(("\n" if not out[-1].endswith("\n\n") else "") + tomli_w.dumps({key: [extra]}))
    return _ended(out)


class _Misjudged(Exception):
    """The pieces do not match the new data's shape: edit the whole document."""


def _ended(parts: list[str]) -> str:
    text = "".join(parts)
    return text if text.endswith("\n") else text + "\n"


def _plain(value: Any) -> Any:
    """A value of a parsed document as the data planner compares: dates as ISO text."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    return value


def _same(item: Any, value: Any) -> bool:
    return bool(_plain(item.unwrap() if hasattr(item, "unwrap") else item) == _plain(value))


def _fragment(key: str, value: Any) -> Any:
    """`value` as tomlkit items laid out as a new plan file would have them."""
    import tomli_w
    import tomlkit

    return tomlkit.parse(tomli_w.dumps({key: value}))[key]


def _merge(container: Any, new: Mapping[str, Any]) -> None:
    from tomlkit.items import AoT, InlineTable, Table

    for key in [k for k in container if k not in new]:
        del container[key]
    for key, value in new.items():
        if key not in container:
            container[key] = _fragment(key, value)
            continue
        old = container[key]
        if _same(old, value):
            continue
        if isinstance(value, dict) and isinstance(old, (Table, InlineTable)):
            _merge(old, value)
        elif isinstance(old, AoT) and isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            _merge_tables(old, key, value)
        elif isinstance(value, (dict, list)):
            del container[key]  # another kind of value: laid out anew
            container[key] = _fragment(key, value)
        else:
            container[key] = value  # tomlkit keeps the line's comment


def _merge_tables(tables: Any, key: str, values: list[dict[str, Any]]) -> None:
    """An array of tables ([[weeks]]) edited in place: each table merged with its new
    data, tables added at the end or removed from it."""
    for n, value in enumerate(values[: len(tables)]):
        if not _same(tables[n], value):
            _merge(tables[n], value)
    while len(tables) > len(values):
        del tables[len(tables) - 1]
    for value in values[len(tables) :]:
        table = _fragment(key, [value])[0]
        table.trivia.indent = "\n"  # a blank line before its header, as in a new file
        tables.append(table)
