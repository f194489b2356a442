"""Plans as files for people and other programs: Markdown, ICS (calendars), JSON, printable
sheets (PDF, HTML), watch workouts (Garmin FIT), tracker formats (Liftoscript, CSV).

Everything here is pure: a Plan (plus the library's cards, for the formats that need them,
and the options below) goes in, bytes come out. The CLI parses the options with the
helpers here, so a bad --time, --tz or --alarm is a PlannerError with one clear line.
Every format gets the plan through `prepare`: re-dated when asked, every text on one line
and free of control characters (export/text.py)."""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from planner.errors import PlannerError
from planner.records import Block, Card, Plan
from planner.structs import field, struct

if TYPE_CHECKING:
    from planner.export.ics import Calendar, EventState

# every format by its name and aliases; the first name of each is the one --help shows
FORMATS = {
    "md": "md",
    "markdown": "md",
    "ics": "ics",
    "ical": "ics",
    "icalendar": "ics",
    "json": "json",
    "pdf": "pdf",
    "html": "html",
    "htm": "html",
    "fit": "fit",
    "garmin": "fit",
    "csv": "csv",
    "liftoscript": "liftoscript",
    "liftosaur": "liftoscript",
}
FORMAT_LIST = "md, ics, json, pdf, html, fit, csv or liftoscript"
SUFFIXES = {
    ".md": "md",
    ".markdown": "md",
    ".ics": "ics",
    ".ical": "ics",
    ".json": "json",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".zip": "fit",
    ".csv": "csv",
    ".liftoscript": "liftoscript",
}
# formats that need the library's cards (the Markdown appendix and hard sets, FIT's exercise categories)
NEEDS_CARDS = frozenset({"md", "fit"})
PAPERS = {"a4": "A4", "letter": "Letter"}
DEFAULT_TIME = dt.time(7, 0)
MAX_ALARM_MINUTES = 7 * 24 * 60


@struct(frozen=True)
class ExportOptions:
    format: str = "md"
    start: str | None = None  # YYYY-MM-DD: dates the sessions at export time
    time: dt.time = DEFAULT_TIME
    zone: str = "UTC"  # IANA key
    alarm_minutes: int | None = None
    now: dt.datetime = dt.datetime(
        2000, 1, 1, tzinfo=dt.UTC
    )  # DTSTAMP, FIT time_created; the CLI passes the real clock
    paper: str = "a4"  # pdf: a4 or letter
    history: Mapping[str, EventState] = field(default_factory=dict)  # ics: what earlier exports wrote
    refresh_minutes: int | None = None  # ics: REFRESH-INTERVAL for a subscribed calendar


def prepare(plan: Plan, start: str | None) -> tuple[Plan, str | None]:
    """The plan as every format sees it, and the cycle: the first day of week 1 when `start`
    re-dates the plan (a date other than its own), else None. The re-dated plan says so in
    its inputs too, so the Markdown's "first week" is the date the sessions got."""
    from planner.export.text import clean_plan
    from planner.records import replace

    plan = clean_plan(plan)
    if start is None:
        return plan, None
    from planner.plans import with_dates  # plans imports the planning engine: only when re-dating

    start = parse_start(start)
    cycle = start if start != plan.inputs.start else None
    plan = with_dates(plan, start)
    return replace(plan, inputs=replace(plan.inputs, start=start)), cycle


def export_plan(plan: Plan, options: ExportOptions, exercises: Mapping[str, Card] | None = None) -> bytes:
    """The plan in `options.format`, as the bytes of one file (FIT: a zip of its workouts)."""
    if options.format == "ics":
        return ics_calendar(plan, options).data
    if options.format == "fit":
        from planner.export.fit import plan_fit_files, zip_files

        prepared, _ = prepare(plan, options.start)
        return zip_files(plan_fit_files(prepared, exercises or {}, options.now), options.now)
    prepared, _ = prepare(plan, options.start)
    if options.format == "json":
        from planner.plans import plan_to_json

        return plan_to_json(prepared).encode("utf-8")
    if options.format == "md":
        from planner.export.markdown import plan_markdown

        return plan_markdown(prepared, exercises or {}).encode("utf-8")
    if options.format == "pdf":
        from planner.export.pdf import plan_pdf

        return plan_pdf(prepared, paper=options.paper)
    if options.format == "html":
        from planner.export.html import plan_html

        return plan_html(prepared).encode("utf-8")
    if options.format == "csv":
        from planner.export.csv import plan_csv

        return plan_csv(prepared).encode("utf-8")
    if options.format == "liftoscript":
        from planner.export.liftoscript import plan_liftoscript

        return plan_liftoscript(prepared).encode("utf-8")
    raise PlannerError(f"--format: unknown format {options.format!r}; use {FORMAT_LIST}")


def export_fit_files(plan: Plan, options: ExportOptions, exercises: Mapping[str, Card]) -> dict[str, bytes]:
    """One FIT workout file per session, by file name (for a folder)."""
    from planner.export.fit import plan_fit_files

    prepared, _ = prepare(plan, options.start)
    return plan_fit_files(prepared, exercises, options.now)


def ics_calendar(plan: Plan, options: ExportOptions) -> Calendar:
    """The calendar and the per-event history to keep for the next export."""
    from planner.export.ics import plan_ics

    prepared, cycle = prepare(plan, options.start)
    return plan_ics(
        prepared,
        time=options.time,
        zone=options.zone,
        alarm_minutes=options.alarm_minutes,
        now=options.now,
        history=options.history,
        cycle=cycle,
        refresh_minutes=options.refresh_minutes,
    )


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
        raise PlannerError(f"--format: say which format: {FORMAT_LIST}")
    key = text.strip().lower()
    if key not in FORMATS:
        raise PlannerError(f"--format: unknown format {text!r}; use {FORMAT_LIST}")
    return FORMATS[key]


def parse_paper(text: str | None) -> str:
    if text is None:
        return "a4"
    key = text.strip().lower()
    if key not in PAPERS:
        raise PlannerError(f"--paper: unknown paper size {text!r}; use a4 or letter")
    return key


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


ZONE_FALLBACK = "this machine's time zone has no IANA name planner can read; times are in UTC (pass --tz ZONE, e.g. --tz Europe/Berlin)"


def parse_zone(text: str | None, env: Mapping[str, str] | None = None) -> str:
    """An IANA zone key: --tz as given, else the system's zone."""
    return resolve_zone(text, env)[0]


def resolve_zone(text: str | None, env: Mapping[str, str] | None = None) -> tuple[str, str | None]:
    """An IANA zone key, and a one-line notice when the machine's zone could not be read and
    UTC stands in for it (the CLI prints it on stderr; a silent UTC would move every event)."""
    if text is None:
        zone = system_zone(env if env is not None else os.environ)
        return (zone, None) if zone is not None else ("UTC", ZONE_FALLBACK)
    return _checked_zone(text), None


def _checked_zone(text: str) -> str:
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


def system_zone(env: Mapping[str, str], localtime: Path = Path("/etc/localtime")) -> str | None:
    """The machine's zone as an IANA key: TZ, then the /etc/localtime link, then
    /etc/timezone (Debian); None when none of them names a zone (the caller falls back to
    UTC and says so: an export should not break because of how a machine was set up)."""
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
    return None


def export_clock(env: Mapping[str, str]) -> dt.datetime:
    """The export's timestamp (an ICS event's DTSTAMP when its content changes, a FIT file's
    time_created): PLANNER_NOW (ISO 8601) or SOURCE_DATE_EPOCH (seconds) when set, for
    reproducible files; else the current time. Always UTC, whole seconds, from 1970 to 9999."""
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


# ---------------------------------------------------------------------------- writing


def is_folder_target(output: Path) -> bool:
    """FIT goes to a folder of .fit files unless --output names a .zip file."""
    return output.is_dir() or output.suffix.lower() != ".zip"


def write_folder(folder: Path, files: Mapping[str, bytes], *, overwrite: bool) -> list[Path]:
    """Each file into the folder (made if missing), atomically; without `overwrite`, an
    existing file stops the export before anything is written."""
    from planner.atomic import atomic_write_files
    from planner.errors import FileExists

    if folder.exists() and not folder.is_dir():
        raise PlannerError(f"--output: {folder} is a file; give a folder, or a name ending in .zip")
    targets = [folder / name for name in files]
    if not overwrite:
        for target in targets:
            if target.exists():
                raise FileExists(target)
    atomic_write_files(dict(zip(targets, files.values(), strict=True)), overwrite=overwrite)
    return targets
