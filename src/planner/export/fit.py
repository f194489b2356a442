"""Sessions as Garmin FIT workout files, written with Garmin's own SDK (garmin-fit-sdk).

One file per session: a file_id (type workout), a workout (sport training, sub-sport
strength training, the session's notes as its description) and its steps. A set is one
strength step, counted in reps (duration type `reps`), seconds (`time`) or meters
(`distance`), with the exercise's category (fit_categories.toml, by movement pattern) and
its prescription in the step's notes; rest is a step of intensity `rest`; the sets of an
exercise, a superset pair or a circuit are one round of steps and a `repeat_until_steps_cmplt`
step that sends the watch back to the round's first step. When the members of a superset or
a circuit have different numbers of sets, the rounds where fewer of them still have sets
left are rounds of their own, so the watch runs exactly the planned sets. Ramp sets come
first, as open warm-up steps (the lap button ends them)."""

from __future__ import annotations

import datetime as dt
import io
import re
import tomllib
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from planner import digest
from planner.errors import PlannerError
from planner.export import shared_note
from planner.records import Block, Card, Item, Plan, Session, Week
from planner.render import SUPERSET_HOW, block_label, item_name, tempo_words

NAME_BYTES = 60  # watches show a short line; FIT strings are at most 255 bytes
NOTE_BYTES = 200
WARMUP_KINDS = ("warmup", "activation")
# a load in numbers, with the plates a side a barbell load names ("62.5 kg (20 + 1.25 a side)")
LOAD = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(kg|lb)s?(?:\s*\([^)]*\))?\s*$", re.IGNORECASE)


@cache
def categories() -> dict[str, dict[str, str]]:
    """The pattern -> FIT exercise category table (fit_categories.toml), checked against the SDK."""
    from garmin_fit_sdk import Profile

    data = tomllib.loads((Path(__file__).parent / "fit_categories.toml").read_text(encoding="utf-8"))
    known = set(Profile["types"]["exercise_category"].values())
    for table in ("patterns", "bodyweight"):
        for pattern, category in data.get(table, {}).items():
            if category not in known:
                raise PlannerError(
                    f"fit_categories.toml: [{table}] {pattern}: {category!r} is not a FIT exercise category"
                )
    return {"patterns": dict(data["patterns"]), "bodyweight": dict(data.get("bodyweight", {}))}


def category(card: Card | None) -> str:
    if card is None:
        return "unknown"
    table = categories()
    if not card.equipment and card.pattern in table["bodyweight"]:
        return table["bodyweight"][card.pattern]
    return table["patterns"].get(card.pattern, "unknown")


def _cut(text: str, limit: int) -> str:
    """At most `limit` UTF-8 bytes, cut between characters."""
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    return data[: limit - 3].decode("utf-8", "ignore").rstrip() + "…"  # the ellipsis is 3 bytes


# ---------------------------------------------------------------------------- steps


def _duration(item: Item) -> dict[str, Any]:
    if item.reps:
        return {"duration_type": "reps", "duration_value": item.reps}
    if item.seconds:
        return {"duration_type": "time", "duration_value": item.seconds * 1000}  # FIT counts ms
    if item.meters:
        return {"duration_type": "distance", "duration_value": item.meters * 100}  # FIT counts cm
    return {"duration_type": "open"}


def _notes(item: Item, block: Block, shared: str | None) -> str:
    parts = []
    if item.per_side:
        parts.append("each side")
    if item.load:
        parts.append(f"load {item.load}")
    if item.tempo:
        parts.append(f"tempo {item.tempo} ({tempo_words(item)})")
    if item.rir is not None:
        parts.append(f"RIR {item.rir}")
    if item.change:
        parts.append(f"this week: {item.change}")
    if item.note and item.note != shared:
        parts.append(item.note)
    return "; ".join(parts)


def _set_step(block: Block, n: int, card: Card | None, shared: str | None) -> dict[str, Any]:
    item = block.items[n]
    step: dict[str, Any] = {
        "wkt_step_name": _cut(item_name(block, n), NAME_BYTES),
        **_duration(item),
        "target_type": "open",
        "intensity": "warmup" if block.kind in WARMUP_KINDS else "active",
        "exercise_category": category(card),
    }
    notes = _notes(item, block, shared)
    if notes:
        step["notes"] = _cut(notes, NOTE_BYTES)
    load = LOAD.match(item.load or "")
    if load:
        value = float(load[1].replace(",", "."))
        pounds = load[2].lower() == "lb"
        step["exercise_weight"] = round(value * 0.45359237 if pounds else value, 2)  # FIT stores kg
        step["weight_display_unit"] = "pound" if pounds else "kilogram"
    return step


def _rest(seconds: int) -> dict[str, Any]:
    return {"duration_type": "time", "duration_value": seconds * 1000, "target_type": "open", "intensity": "rest"}


def _groups(block: Block) -> list[list[int]]:
    """Items done in turn: each exercise of straight sets alone, superset pairs (A1/A2, then
    B1/B2, ...), a circuit or a timed finisher all together."""
    n = len(block.items)
    if block.format == "straight":
        return [[i] for i in range(n)]
    if block.format == "superset":
        return [list(range(i, min(i + 2, n))) for i in range(0, n, 2)]
    return [list(range(n))] if n else []


def _rounds(block: Block, group: list[int]) -> list[tuple[list[int], int]]:
    """The group's rounds as runs: (the items with a set left, how many rounds in a row)."""
    runs: list[tuple[list[int], int]] = []
    done = 0
    for level in sorted({block.items[i].sets for i in group}):
        members = [i for i in group if block.items[i].sets >= level]
        if level > done:
            runs.append((members, level - done))
            done = level
    return runs


def session_steps(block_cards: list[tuple[Block, list[Card | None]]]) -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = []
    for block, cards in block_cards:
        shared = shared_note(block)
        circuit = block.format not in ("straight", "superset")
        for group in _groups(block):
            for i in group:  # ramp sets before the working sets, as open warm-up steps
                for ramp in block.items[i].ramp:
                    steps.append(
                        {
                            "wkt_step_name": _cut(f"Ramp: {block.items[i].name}", NAME_BYTES),
                            "duration_type": "open",
                            "target_type": "open",
                            "intensity": "warmup",
                            "notes": _cut(ramp, NOTE_BYTES),
                            "exercise_category": category(cards[i]),
                        }
                    )
            for members, count in _rounds(block, group):
                first = len(steps)
                for i in members:
                    steps.append(_set_step(block, i, cards[i], shared))
                    if circuit and block.items[i].rest_seconds:
                        steps.append(_rest(block.items[i].rest_seconds))
                rest = max(block.items[i].rest_seconds for i in members)
                if not circuit and rest:
                    steps.append(_rest(rest))
                if count > 1:
                    steps.append(
                        {
                            "duration_type": "repeat_until_steps_cmplt",
                            "duration_value": first,
                            "target_type": "open",
                            "target_value": count,
                        }
                    )
    for index, step in enumerate(steps):
        step["message_index"] = index
    return steps


# ---------------------------------------------------------------------------- files


def session_notes(plan: Plan, week: Week, session: Session) -> str:
    when = f"{session.day.capitalize()} {session.date}" if session.date else session.day.capitalize()
    parts = [f"Week {week.number} of {len(plan.weeks)}{' (deload)' if week.deload else ''}, {when}"]
    for block in session.blocks:
        how = shared_note(block) or (SUPERSET_HOW if block.format == "superset" else None)
        if how:
            parts.append(f"{block_label(block)}: {how}")
    return "; ".join(parts)


def session_fit(plan: Plan, week: Week, session: Session, exercises: Mapping[str, Card], now: dt.datetime) -> bytes:
    from garmin_fit_sdk import Encoder

    block_cards = [(b, [exercises.get(i.exercise) for i in b.items]) for b in session.blocks]
    steps = session_steps(block_cards)
    if not steps:
        raise PlannerError(f"week {week.number}, {session.day}: the session has no exercises to put on a watch")
    encoder = Encoder()
    for mesg_num, mesg in _messages(plan, week, session, steps, now):
        encoder.on_mesg(mesg_num, _numbered(mesg_num, mesg))
    data: bytes = encoder.close()
    return data


def _messages(
    plan: Plan, week: Week, session: Session, steps: list[dict[str, Any]], now: dt.datetime
) -> list[tuple[int, dict[str, Any]]]:
    """The file's messages, by message number: its id, the workout, the steps."""
    from garmin_fit_sdk import Profile

    numbers = Profile["mesg_num"]
    identity = f"{plan.id}-w{week.number}-{session.day}".encode("utf-8", "surrogatepass")
    serial = int.from_bytes(digest.sha256(identity).digest()[:4], "big") or 1
    file_id = {
        "type": "workout",
        "manufacturer": "development",
        "product": 0,
        "serial_number": serial,
        "time_created": now,
    }
    workout = {
        "wkt_name": _cut(f"W{week.number} {session.title}", NAME_BYTES),
        "sport": "training",
        "sub_sport": "strength_training",
        "num_valid_steps": len(steps),
        "wkt_description": _cut(session_notes(plan, week, session), NOTE_BYTES),
    }
    messages = [(numbers["FILE_ID"], file_id), (numbers["WORKOUT"], workout)]
    return messages + [(numbers["WORKOUT_STEP"], step) for step in _one_name_width(steps)]


def _one_name_width(steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The steps with their names padded with NULs to the session's longest name. The SDK
    sizes a string field by its value and writes a new message definition (6 bytes and 3 a
    field, each written and checksummed a byte at a time in Python) for every step whose
    sizes match none of the 16 definitions it holds: names of many lengths made 16
    definitions for a 25-step session. With one width, steps of one shape share a
    definition, and the files are smaller for it. A FIT string ends at its first NUL, so
    decoders and watches read the name as it was."""
    width = max((len(s["wkt_step_name"].encode("utf-8")) for s in steps if "wkt_step_name" in s), default=0)
    return [{**s, "wkt_step_name": _padded(s["wkt_step_name"], width)} if "wkt_step_name" in s else s for s in steps]


def _padded(text: str, width: int) -> str:
    return text + "\0" * (width - len(text.encode("utf-8")))


@cache
def _enum_numbers(mesg_num: int) -> dict[str, dict[str, int]]:
    """For each field of the message whose values are names of a FIT type: name -> number
    (the first number of a name the type gives twice, as the SDK's own lookup finds it)."""
    from garmin_fit_sdk import Profile

    types = Profile["types"]
    tables: dict[str, dict[str, int]] = {}
    for field in Profile["messages"][mesg_num]["fields"].values():
        if field["type"] in types:
            table = tables[field["name"]] = {}
            for number, name in types[field["type"]].items():
                table.setdefault(name, number)
    return tables


def _numbered(mesg_num: int, mesg: dict[str, Any]) -> dict[str, Any]:
    """The message with the names of FIT types ("reps", "bench_press") as their numbers.
    The encoder takes either, but finds a name by walking its type's table for every value
    it writes (about a tenth of its time here); a number it writes as it is. A name the
    table lacks is left for the encoder to refuse."""
    enums = _enum_numbers(mesg_num)
    return {
        field: enums[field].get(value, value) if field in enums and isinstance(value, str) else value
        for field, value in mesg.items()
    }


_SLUG = re.compile(r"[^a-z0-9]+")


def file_name(week: Week, session: Session) -> str:
    slug = _SLUG.sub("-", session.title.lower()).strip("-")[:40].strip("-") or "session"
    day = _SLUG.sub("-", session.day.lower()).strip("-")[:10] or "day"
    return f"w{week.number:02d}-{day}-{slug}.fit"


def plan_fit_files(plan: Plan, exercises: Mapping[str, Card], now: dt.datetime) -> dict[str, bytes]:
    """One workout file per session, by file name, in plan order."""
    files: dict[str, bytes] = {}
    for week in plan.weeks:
        for session in week.sessions:
            name = file_name(week, session)
            stem, n = name[:-4], 2
            while name in files:  # two sessions on one day in a hand-edited plan
                name, n = f"{stem}-{n}.fit", n + 1
            files[name] = session_fit(plan, week, session, exercises, now)
    if not files:
        raise PlannerError("the plan has no sessions to put on a watch")
    return files


def zip_files(files: Mapping[str, bytes], now: dt.datetime) -> bytes:
    """The files in one zip, dated `now`: the same files and clock give the same bytes."""
    import zipfile  # here: an export to a folder does without it

    stamp = max(now, dt.datetime(1980, 1, 1, tzinfo=dt.UTC)).timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()
