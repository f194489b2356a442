"""A plan as an iCalendar file: one event per session.

Choices, each for a calendar client that would otherwise get it wrong:
- Times are written in UTC (DTSTART:...Z). A TZID needs a VTIMEZONE, and Outlook only
  understands VTIMEZONEs built from RRULEs, which icalendar does not generate; UTC
  computed from the wall-clock time in the chosen zone is right on both sides of a DST
  change and every client reads it.
- The UID comes from the plan id, the week and the weekday, so importing a re-export
  updates the events instead of duplicating them.
- SEQUENCE grows with the export clock: Google and Outlook ignore an update whose
  SEQUENCE is not higher than the one they stored, and planner keeps no counter.
- No METHOD: with one, clients treat the file as an invitation (RFC 5546), not an import.

icalendar is imported here only, inside the function, so other commands do not pay for it."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from zoneinfo import ZoneInfo

from planner import __version__
from planner.errors import PlannerError
from planner.export import shared_note
from planner.records import Block, Plan, Session, Week
from planner.render import SUPERSET_HOW, block_label, dose, item_name, rest_text, tempo_words

PRODID = f"-//planner//planner {__version__}//EN"
UID_DOMAIN = "planner"
# SEQUENCE counts minutes since this moment: small enough for a 32-bit integer for
# thousands of years, and it only ever grows.
SEQUENCE_EPOCH = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


def event_uid(plan_id: str, week: int, day: str) -> str:
    return f"{plan_id}-w{week}-{day}@{UID_DOMAIN}"


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
    if item.tempo:
        parts.append(f"tempo {item.tempo} ({tempo_words(item)})")
    if item.rest_seconds:
        parts.append(f"rest {rest_text(item)}")
    if item.rir is not None:
        parts.append(f"RIR {item.rir}")
    text = f"- {item_name(block, n)}: {', '.join(parts)}"
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


def plan_ics(
    plan: Plan, *, time: dt.time, zone: str, alarm_minutes: int | None = None, now: dt.datetime | None = None
) -> bytes:
    from icalendar import Alarm, Calendar, Event

    from planner.plans import plan_id

    stamp = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    sequence = max(int((stamp - SEQUENCE_EPOCH).total_seconds() // 60), 0)
    tz = ZoneInfo(zone)
    pid = plan.id or plan_id(plan.inputs)
    name = f"Training plan: {plan.split}" if plan.split else "Training plan"

    if not any(week.sessions for week in plan.weeks):
        raise PlannerError("the plan has no sessions to put in a calendar")
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    seen: Counter[str] = Counter()
    for week in plan.weeks:
        for session in week.sessions:
            start = _start(session, time, tz)
            minutes = session_minutes(session, plan)
            uid = event_uid(pid, week.number, session.day)
            seen[uid] += 1
            if seen[uid] > 1:  # a hand-edited plan with two sessions on one day: keep both
                uid = uid.replace("@", f"-{seen[uid]}@", 1)
            title = summary(week, session, minutes)
            event = Event()
            event.add("uid", uid)
            event.add("dtstamp", stamp)
            event.add("last-modified", stamp)
            event.add("sequence", sequence)
            event.add("dtstart", start)
            event.add("dtend", start + dt.timedelta(minutes=minutes))
            event.add("summary", title)
            event.add("description", description(plan, week, session))
            event.add("categories", ["Workout", plan.inputs.goal.capitalize(), *(["Deload"] if week.deload else [])])
            event.add("transp", "OPAQUE")
            if alarm_minutes is not None:
                alarm = Alarm()
                alarm.add("action", "DISPLAY")
                alarm.add("description", title)
                alarm.add("trigger", dt.timedelta(minutes=-alarm_minutes))
                event.add_component(alarm)
            cal.add_component(event)
    data: bytes = cal.to_ical()
    return data
