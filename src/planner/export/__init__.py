"""Plans as files for people and other programs: Markdown, ICS (calendars) and JSON.

Everything here is pure: a Plan (plus the library, for the Markdown appendix and stats,
and the options below) goes in, bytes come out. The CLI parses the options with the
helpers here, so a bad --time, --tz or --alarm is a PlannerError with one clear line."""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from planner.errors import PlannerError
from planner.records import Block, Card, Plan

FORMATS = {"md": "md", "markdown": "md", "ics": "ics", "ical": "ics", "icalendar": "ics", "json": "json"}
SUFFIXES = {".md": "md", ".markdown": "md", ".ics": "ics", ".ical": "ics", ".json": "json"}
DEFAULT_TIME = dt.time(7, 0)
MAX_ALARM_MINUTES = 7 * 24 * 60


@dataclass(frozen=True)
class ExportOptions:
    format: str = "md"
    start: str | None = None  # YYYY-MM-DD: dates the sessions at export time
    time: dt.time = DEFAULT_TIME
    zone: str = "UTC"  # IANA key
    alarm_minutes: int | None = None
    now: dt.datetime = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)  # DTSTAMP; the CLI passes the real clock


def export_plan(plan: Plan, options: ExportOptions, exercises: Mapping[str, Card] | None = None) -> bytes:
    """The plan in `options.format`, as the bytes of the file."""
    from planner.plans import plan_to_json, with_dates

    if options.start is not None:
        plan = with_dates(plan, parse_start(options.start))
    if options.format == "json":
        return plan_to_json(plan).encode("utf-8")
    if options.format == "md":
        from planner.export.markdown import plan_markdown

        return plan_markdown(plan, exercises or {}).encode("utf-8")
    if options.format == "ics":
        from planner.export.ics import plan_ics

        return plan_ics(
            plan, time=options.time, zone=options.zone, alarm_minutes=options.alarm_minutes, now=options.now
        )
    raise PlannerError(f"--format: unknown format {options.format!r}; use md, ics or json")


def shared_note(block: Block) -> str | None:
    """The note every item of a block carries ("easy effort" on a warm-up), said once for
    the block instead of on every line."""
    notes = {item.note for item in block.items}
    if len(block.items) > 1 and len(notes) == 1:
        return notes.pop()
    return None


# ---------------------------------------------------------------------------- options


def parse_format(text: str | None, output: Path | None = None) -> str:
    """--format, or else the --output file's suffix."""
    if text is None:
        suffix = output.suffix.lower() if output is not None and str(output) != "-" else ""
        if suffix in SUFFIXES:
            return SUFFIXES[suffix]
        raise PlannerError("--format: say which format: md, ics or json")
    key = text.strip().lower()
    if key not in FORMATS:
        raise PlannerError(f"--format: unknown format {text!r}; use md, ics or json")
    return FORMATS[key]


def parse_start(text: str) -> str:
    try:
        return dt.date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise PlannerError(f"--start: {text!r} is not a date; use YYYY-MM-DD, e.g. 2027-03-22") from None


def parse_time(text: str | None) -> dt.time:
    if text is None:
        return DEFAULT_TIME
    match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*", text)
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        raise PlannerError(f"--time: {text!r} is not a time of day; use HH:MM on a 24-hour clock, e.g. 07:00 or 18:30")
    return dt.time(int(match[1]), int(match[2]))


def parse_alarm(text: str | None) -> int | None:
    if text is None:
        return None
    value = text.strip().lower().removesuffix("min").removesuffix("m").strip()
    if not value.isdigit() or int(value) > MAX_ALARM_MINUTES:
        raise PlannerError(
            f"--alarm: {text!r} is not a number of minutes before the session; use 0 to {MAX_ALARM_MINUTES}, e.g. 30"
        )
    return int(value)


def _zone_exists(key: str) -> bool:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    if not key or key.startswith("/") or ".." in key:
        return False
    try:
        ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def parse_zone(text: str | None, env: Mapping[str, str] | None = None) -> str:
    """An IANA zone key: --tz as given, else the system's zone."""
    if text is None:
        return system_zone(env if env is not None else os.environ)
    key = text.strip()
    if _zone_exists(key):
        return key
    from zoneinfo import available_timezones

    zones = available_timezones()
    by_lower = {z.lower(): z for z in zones}
    if key.lower() in by_lower:  # "europe/berlin" is clear enough
        return by_lower[key.lower()]
    close = difflib.get_close_matches(key, sorted(zones), n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(close)}?" if close else "; use an IANA name such as Europe/Berlin or UTC"
    raise PlannerError(f"--tz: unknown time zone {text!r}{hint}")


def _zone_key(path: str) -> str:
    """The IANA key in a zoneinfo path (/usr/share/zoneinfo/Europe/Berlin -> Europe/Berlin)."""
    return path.split("zoneinfo/", 1)[1] if "zoneinfo/" in path else path


def system_zone(env: Mapping[str, str], localtime: Path = Path("/etc/localtime")) -> str:
    """The machine's zone as an IANA key: TZ, then the /etc/localtime link, then
    /etc/timezone (Debian). Anything unreadable or unknown falls back to UTC rather than
    failing: an export should not break because of how a machine was set up."""
    candidates = []
    tz = env.get("TZ", "").strip().lstrip(":")
    if tz:
        candidates.append(_zone_key(tz))
    with contextlib.suppress(OSError):  # not a link (a copied file) or not there
        candidates.append(_zone_key(os.readlink(localtime)))
    candidates.append(_zone_key(os.path.realpath(localtime)))
    with contextlib.suppress(OSError, UnicodeDecodeError):
        candidates.append((localtime.parent / "timezone").read_text(encoding="utf-8").strip())
    for key in candidates:
        if _zone_exists(key):
            return key
    return "UTC"


def export_clock(env: Mapping[str, str]) -> dt.datetime:
    """The export's timestamp (DTSTAMP): PLANNER_NOW (ISO 8601) or SOURCE_DATE_EPOCH
    (seconds) when set, for reproducible files; else the current time. Always UTC,
    whole seconds, from year 1970 to 9999."""
    if env.get("PLANNER_NOW"):
        text = env["PLANNER_NOW"].strip()
        try:
            now = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
            now = now if now.tzinfo is not None else now.replace(tzinfo=dt.UTC)
            now = now.astimezone(dt.UTC)
        except (ValueError, OverflowError):
            raise PlannerError(f"PLANNER_NOW: {text!r} is not a date and time; use e.g. 2027-03-01T12:00:00Z") from None
        if now.year < 1970:
            raise PlannerError(f"PLANNER_NOW: {text!r} is before 1970; use e.g. 2027-03-01T12:00:00Z")
    elif env.get("SOURCE_DATE_EPOCH"):
        text = env["SOURCE_DATE_EPOCH"].strip()
        if not text.isdigit():
            raise PlannerError(f"SOURCE_DATE_EPOCH: {text!r} is not a number of seconds since 1970")
        try:
            now = dt.datetime.fromtimestamp(int(text), tz=dt.UTC)
        except (ValueError, OverflowError, OSError):
            shown = text if len(text) <= 20 else text[:20] + "..."
            raise PlannerError(f"SOURCE_DATE_EPOCH: {shown} seconds since 1970 is past the year 9999") from None
    else:
        now = dt.datetime.now(dt.UTC)
    return now.astimezone(dt.UTC).replace(microsecond=0)
