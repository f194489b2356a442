"""A plan as an iCalendar file (RFC 5545): one event per session.

Choices, each for a calendar client that would otherwise get it wrong:
- Times are written in UTC (DTSTART:...Z). A TZID needs a VTIMEZONE, and Outlook only
  understands VTIMEZONEs built from RRULEs; UTC computed from the wall-clock time in the
  chosen zone is right on both sides of a DST change and every client reads it.
- The UID comes from the plan id, the week and the weekday (and the cycle's first day when
  the export re-dates the plan), each part reduced to letters, digits and hyphens, so
  importing a re-export updates the events instead of duplicating them.
- SEQUENCE and DTSTAMP come from the event's content: `history` holds, per UID, the digest
  of what was last exported, its SEQUENCE and when it changed. Changed content gets the next
  SEQUENCE (Google and Outlook ignore an update whose SEQUENCE is not higher) and a new
  stamp; unchanged content keeps both, so an unchanged event is byte for byte the same.
- No METHOD: with one, clients treat the file as an invitation (RFC 5546), not an import.

The file is written here rather than with the icalendar package: it is a few lines of
escaping and folding, and building it by hand keeps `planner export` quick.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from zoneinfo import ZoneInfo

from planner import __version__
from planner.errors import PlannerError
from planner.export import shared_note
from planner.records import Block, Plan, Session, Week
from planner.render import SUPERSET_HOW, block_label, dose, item_name, rest_text, tempo_words
from planner.structs import struct

PRODID = f"-//planner//planner {__version__}//EN"
UID_DOMAIN = "planner"


@struct(frozen=True)
class EventState:
    """What was last exported under one UID: its content digest, SEQUENCE and stamp (UTC)."""

    digest: str
    sequence: int
    stamp: dt.datetime


@struct(frozen=True)
class Calendar:
    data: bytes
    events: dict[str, EventState]  # the history to keep for the next export


# ---------------------------------------------------------------------------- RFC 5545 text


def escape(text: str) -> str:
    """A TEXT value: backslash, semicolon and comma escaped, line breaks as \\n (section 3.3.11)."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def fold(line: str) -> bytes:
    """One content line as octets, folded before 75 octets and never inside a UTF-8 character."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return data + b"\r\n"
    out = bytearray()
    start, limit = 0, 75
    while len(data) - start > limit:
        end = start + limit
        while end > start and (data[end] & 0xC0) == 0x80:  # a continuation byte: step back
            end -= 1
        out += data[start:end] + b"\r\n "
        start, limit = end, 74  # a continuation line starts with the space
    out += data[start:] + b"\r\n"
    return bytes(out)


def utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def duration(minutes: int) -> str:
    hours, mins = divmod(minutes, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{mins}M" if mins or not hours else "")


# ---------------------------------------------------------------------------- UIDs

_UNSAFE = re.compile(r"[^a-z0-9]+")


def uid_part(text: str, limit: int = 48) -> str:
    """A piece of a UID that every parser reads the same way: lowercase letters, digits and
    hyphens. A value that had to change (or is cut) keeps a short digest of the original,
    so two different hand-edited ids never collapse into one UID."""
    safe = _UNSAFE.sub("-", text.lower()).strip("-")
    if safe == text and 0 < len(safe) <= limit:
        return safe
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{safe[:limit]}-{digest}".strip("-")


def event_uid(plan_id: str, week: int, day: str, cycle: str | None = None) -> str:
    """`cycle` (YYYY-MM-DD) is the first day when an export re-dates the plan: another cycle
    of the same plan gets other UIDs, so importing it adds events instead of moving them."""
    parts = [uid_part(plan_id or "plan")]
    if cycle:
        parts.append(cycle.replace("-", ""))
    parts += [f"w{week}", uid_part(day)]
    return f"{'-'.join(parts)}@{UID_DOMAIN}"


# ---------------------------------------------------------------------------- event text


def session_minutes(session: Session, plan: Plan) -> int:
    """Whole minutes the event lasts: the session's estimate, or the asked minutes when a
    hand-edited plan has none."""
    minutes = round(session.minutes) if session.minutes > 0 else plan.inputs.minutes
    return max(int(minutes), 1)


def summary(week: Week, session: Session, minutes: int) -> str:
    return f"Week {week.number} · {session.title} · {minutes} min"


def _item_line(block: Block, n: int, shared: str | None) -> str:
    item = block.items[n]
    parts = [dose(item, block)]
    if item.load:
        parts.append(f"load {item.load}")
    if item.tempo:
        parts.append(f"tempo {item.tempo} ({tempo_words(item)})")
    if item.rest_seconds:
        parts.append(f"rest {rest_text(item)}")
    if item.rir is not None:
        parts.append(f"RIR {item.rir}")
    text = f"- {item_name(block, n)}: {', '.join(parts)}"
    if item.ramp:
        text += f"; first, lighter: {', '.join(item.ramp)}"
    if item.change:
        text += f"; this week: {item.change}"
    if item.note and item.note != shared:
        text += f" ({item.note})"
    return text


def description(plan: Plan, week: Week, session: Session) -> str:
    i = plan.inputs
    lines = [
        f"Week {week.number} of {len(plan.weeks)}{' (deload: a lighter week to recover)' if week.deload else ''}",
        " · ".join(x for x in (plan.split, i.goal, ", ".join(i.equipment)) if x),
    ]
    for block in session.blocks:
        shared = shared_note(block)
        how = shared or (SUPERSET_HOW if block.format == "superset" else None)
        lines += ["", block_label(block) + (f" ({how})" if how else "")]
        lines += [_item_line(block, n, shared) for n in range(len(block.items))]
    lines += ["", "Tempo: seconds lowering - pause - lifting (X = fast) - pause. RIR: reps left in reserve."]
    return "\n".join(lines)


def _start(session: Session, time: dt.time, zone: ZoneInfo) -> dt.datetime:
    if session.date is None:
        raise PlannerError(
            "the plan has no dates for its sessions; pass --start YYYY-MM-DD (the first day of week 1) "
            "or make the plan with --start"
        )
    try:
        day = dt.date.fromisoformat(session.date)
    except ValueError:
        raise PlannerError(f"session on {session.day}: date {session.date!r} is not YYYY-MM-DD") from None
    # The wall-clock time in the user's zone, then UTC: 07:00 stays 07:00 across DST.
    return dt.datetime.combine(day, time, tzinfo=zone).astimezone(dt.UTC)


# ---------------------------------------------------------------------------- the file


def _event_body(
    plan: Plan, week: Week, session: Session, start: dt.datetime, minutes: int, alarm: int | None
) -> list[str]:
    """The event's lines that carry its content (everything but UID, stamps and SEQUENCE)."""
    title = summary(week, session, minutes)
    categories = ["Workout", plan.inputs.goal.capitalize(), *(["Deload"] if week.deload else [])]
    lines = [
        f"DTSTART:{utc(start)}",
        f"DTEND:{utc(start + dt.timedelta(minutes=minutes))}",
        f"SUMMARY:{escape(title)}",
        f"DESCRIPTION:{escape(description(plan, week, session))}",
        f"CATEGORIES:{','.join(escape(c) for c in categories)}",
        "TRANSP:OPAQUE",
    ]
    if alarm is not None:  # a VALARM comes after every property of its VEVENT
        trigger = f"-{duration(alarm)}" if alarm else "PT0M"
        lines += ["BEGIN:VALARM", "ACTION:DISPLAY", f"DESCRIPTION:{escape(title)}", f"TRIGGER:{trigger}", "END:VALARM"]
    return lines


def calendar_name(plan: Plan) -> str:
    return f"Training plan: {plan.split}" if plan.split else "Training plan"


def plan_ics(
    plan: Plan,
    *,
    time: dt.time,
    zone: str,
    alarm_minutes: int | None = None,
    now: dt.datetime,
    history: Mapping[str, EventState] | None = None,
    cycle: str | None = None,
    refresh_minutes: int | None = None,
) -> Calendar:
    """The calendar file and the history to keep. `refresh_minutes` adds REFRESH-INTERVAL
    and X-PUBLISHED-TTL, for a calendar people subscribe to rather than import."""
    history = history or {}
    stamp = now.astimezone(dt.UTC).replace(microsecond=0)
    tz = ZoneInfo(zone)
    if plan.id:
        pid = plan.id
    else:  # a hand-made plan without an id: the one its inputs would give
        from planner.plans import plan_id

        pid = plan_id(plan.inputs)
    if not any(week.sessions for week in plan.weeks):
        raise PlannerError("the plan has no sessions to put in a calendar")
    head = [
        "BEGIN:VCALENDAR",
        f"PRODID:{escape(PRODID)}",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{escape(calendar_name(plan))}",
    ]
    if refresh_minutes is not None:
        head += [
            f"REFRESH-INTERVAL;VALUE=DURATION:{duration(refresh_minutes)}",
            f"X-PUBLISHED-TTL:{duration(refresh_minutes)}",
        ]
    out = bytearray(b"".join(fold(x) for x in head))
    states: dict[str, EventState] = {}
    seen: Counter[str] = Counter()
    for week in plan.weeks:
        for session in week.sessions:
            uid = event_uid(pid, week.number, session.day, cycle)
            seen[uid] += 1
            if seen[uid] > 1:  # a hand-edited plan with two sessions on one day: keep both
                uid = uid.replace("@", f"-{seen[uid]}@", 1)
            minutes = session_minutes(session, plan)
            body = _event_body(plan, week, session, _start(session, time, tz), minutes, alarm_minutes)
            state = _next_state(history.get(uid), _digest(body), stamp)
            states[uid] = state
            lines = [
                "BEGIN:VEVENT",
                f"UID:{uid}",
                f"DTSTAMP:{utc(state.stamp)}",
                f"LAST-MODIFIED:{utc(state.stamp)}",
                f"SEQUENCE:{state.sequence}",
                *body,
                "END:VEVENT",
            ]
            out += b"".join(fold(x) for x in lines)
    out += fold("END:VCALENDAR")
    return Calendar(bytes(out), states)


def _digest(lines: Iterable[str]) -> str:
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()[:20]


def _next_state(before: EventState | None, digest: str, now: dt.datetime) -> EventState:
    if before is None:
        return EventState(digest, 0, now)
    if before.digest == digest:
        return before
    return EventState(digest, before.sequence + 1, now)
