"""`planner export`: Markdown, ICS and JSON files that calendar clients and Markdown
renderers read as intended, that never clobber a file, and that re-export the same way.

The golden files are a small fixed plan built from the shipped library. When the composer,
the progressions or the cards change on purpose, regenerate them and read the diff:

    PLANNER_UPDATE_GOLDEN=1 python3 -m pytest tests/test_export.py
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import tomli_w
from icalendar import Calendar

from planner.coach.volume import counter
from planner.errors import PlannerError
from planner.export import (
    ExportOptions,
    export_clock,
    export_plan,
    ics_calendar,
    parse_alarm,
    parse_format,
    parse_time,
    parse_zone,
    system_zone,
)
from planner.export.markdown import inline, line
from planner.library import library_sources, load_library
from planner.plans import build_plan, plan_to_json, plan_to_toml, read_plan, with_dates
from planner.records import Plan, PlanInputs, from_data, to_data
from planner.structs import replace
from planner.vocab import builtin_vocab

GOLDEN = Path(__file__).parent / "golden"
NOW = dt.datetime(2027, 3, 1, 12, 0, tzinfo=dt.UTC)
# Berlin moves its clocks forward on 2027-03-28: week 1 is before, week 2 after.
INPUTS = PlanInputs(days=2, minutes=45, weeks=2, equipment=["bodyweight"], goal="general", start="2027-03-22")
BERLIN = ExportOptions(format="ics", zone="Europe/Berlin", time=dt.time(7, 0), alarm_minutes=30, now=NOW)
NASTY = (
    "Press, Row; Curl \\ back|slash *bold* _under_ `tick` <b>html</b> [link](x) # not a heading 💪 "
    + "ü" * 40
    + " "
    + "x" * 200
)[:200]


@cache
def shipped():
    sources = library_sources(env={})
    return sources, load_library(sources, use_cache=False)


@cache
def small_plan() -> Plan:
    sources, lib = shipped()
    return build_plan(INPUTS, lib, builtin_vocab(), sources)


def exercises():
    """Every shipped card in full, prose included, as the export command passes them."""
    lib = shipped()[1]
    return {exercise_id: lib.get(exercise_id) for exercise_id in lib.cards}


def golden(name: str, data: bytes) -> None:
    path = GOLDEN / name
    if os.environ.get("PLANNER_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
    assert path.is_file(), f"{path} is missing; run with PLANNER_UPDATE_GOLDEN=1 to write it"
    assert data == path.read_bytes(), f"{name} differs from the golden file; if on purpose: PLANNER_UPDATE_GOLDEN=1"


def events(data: bytes) -> dict[str, object]:
    cal = Calendar.from_ical(data)
    found = {}
    for ev in cal.walk("VEVENT"):
        found[str(ev["UID"])] = ev
    return found


# ---------------------------------------------------------------------------- Markdown helpers


def cells(row: str) -> list[str]:
    """Split a GFM table row into raw cell texts the way GFM does: a backslash escapes the
    next character, so `\\|` stays inside a cell."""
    body = row.strip()
    assert body.startswith("|") and body.endswith("|") and not body.endswith("\\|"), row
    body = body[1:-1]
    out, cur, i = [], "", 0
    while i < len(body):
        if body[i] == "\\" and i + 1 < len(body):
            cur += body[i : i + 2]
            i += 2
            continue
        if body[i] == "|":
            out.append(cur.strip())
            cur = ""
        else:
            cur += body[i]
        i += 1
    out.append(cur.strip())
    return out


def unescape(text: str) -> str:
    """What CommonMark shows for a backslash-escaped text."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)


def tables(markdown: str) -> list[tuple[list[str], list[list[str]]]]:
    """Every table: its header cells and its rows' cells."""
    lines = markdown.splitlines()
    found = []
    for n, text in enumerate(lines[:-1]):
        if text.startswith("|") and re.fullmatch(r"\|( ---:? \|)+", lines[n + 1]):
            rows = []
            for row in lines[n + 2 :]:
                if not row.startswith("|"):
                    break
                rows.append(cells(row))
            found.append((cells(text), rows))
    return found


def assert_tables_are_whole(markdown: str) -> int:
    found = tables(markdown)
    for header, rows in found:
        for row in rows:
            assert len(row) == len(header), f"{len(row)} cells under a {len(header)}-cell header: {row}"
    # every line that looks like a table row belongs to a table we counted
    table_lines = sum(len(rows) + 2 for _, rows in found)
    assert table_lines == sum(1 for x in markdown.splitlines() if x.startswith("|"))
    return len(found)


# ---------------------------------------------------------------------------- golden files


def test_markdown_matches_the_golden_file():
    golden("plan.md", export_plan(small_plan(), ExportOptions(format="md"), exercises()))


def test_ics_matches_the_golden_file():
    golden("plan.ics", export_plan(small_plan(), BERLIN))


# ---------------------------------------------------------------------------- ICS


def test_ics_parses_back_one_event_per_session_at_the_right_local_time():
    plan = small_plan()
    data = export_plan(plan, BERLIN)
    cal = Calendar.from_ical(data)
    assert str(cal["VERSION"]) == "2.0" and "planner" in str(cal["PRODID"])
    assert "METHOD" not in cal
    assert not list(cal.walk("VTIMEZONE"))  # times are UTC, so no zone definitions are needed
    evs = list(cal.walk("VEVENT"))
    sessions = [(w, s) for w in plan.weeks for s in w.sessions]
    assert len(evs) == len(sessions) == 4
    berlin = ZoneInfo("Europe/Berlin")
    for ev, (week, session) in zip(evs, sessions, strict=True):
        start, end = ev.decoded("DTSTART"), ev.decoded("DTEND")
        assert start.utcoffset() == dt.timedelta(0)
        local = start.astimezone(berlin)
        assert (local.date().isoformat(), local.hour, local.minute) == (session.date, 7, 0)
        assert end - start == dt.timedelta(minutes=round(session.minutes))
        assert str(ev["UID"]) == f"{plan.id}-w{week.number}-{session.day}@planner"
        assert str(ev["SUMMARY"]) == f"Week {week.number} · {session.title} · {round(session.minutes)} min"
        assert ev.decoded("DTSTAMP") == NOW
        description = str(ev["DESCRIPTION"])
        for block in session.blocks:
            for item in block.items:
                assert item.name in description
        [alarm] = ev.walk("VALARM")
        assert str(alarm["ACTION"]) == "DISPLAY" and str(alarm["DESCRIPTION"])
        assert alarm.decoded("TRIGGER") == dt.timedelta(minutes=-30)
    # DST: the same 07:00 is 06:00 UTC in week 1 and 05:00 UTC in week 2
    assert {ev.decoded("DTSTART").hour for ev in evs} == {5, 6}


@pytest.mark.parametrize(
    ("zone", "start"),
    [("Europe/Berlin", "2027-03-22"), ("America/New_York", "2027-03-08"), ("Australia/Sydney", "2027-03-29")],
)
def test_the_chosen_wall_clock_time_holds_across_a_dst_change(zone, start):
    plan = with_dates(small_plan(), start)
    data = export_plan(plan, ExportOptions(format="ics", zone=zone, time=dt.time(18, 30), now=NOW))
    starts = [ev.decoded("DTSTART") for ev in events(data).values()]
    assert {(s.astimezone(ZoneInfo(zone)).hour, s.astimezone(ZoneInfo(zone)).minute) for s in starts} == {(18, 30)}
    assert len({s.hour for s in starts}) == 2  # the UTC hour moved with the clock change


def test_ics_lines_are_crlf_folded_at_75_octets_and_never_split_a_character():
    data = export_plan(nasty_plan(), BERLIN)
    assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    for raw in data.split(b"\r\n")[:-1]:
        assert len(raw) <= 75
        raw.decode("utf-8")  # a fold inside a multi-byte character would fail here


def test_same_plan_same_clock_gives_identical_bytes_and_uids():
    first = export_plan(small_plan(), BERLIN)
    again = export_plan(read_plan_copy(small_plan()), BERLIN)
    assert first == again
    # a later export of the same content, knowing the first, is the same file: SEQUENCE and
    # DTSTAMP come from the content's history, not from the clock
    history = ics_calendar(small_plan(), BERLIN).events
    later = export_plan(small_plan(), replace(BERLIN, now=NOW + dt.timedelta(days=3), history=history))
    assert later == first


def test_changing_one_session_changes_only_that_event():
    plan = small_plan()
    before = events(export_plan(plan, BERLIN))
    week = plan.weeks[1]
    session = week.sessions[1]
    block = next(b for b in session.blocks if b.kind == "accessory")
    item = replace(block.items[0], sets=block.items[0].sets + 1)
    block = replace(block, items=[item, *block.items[1:]])
    session = replace(session, blocks=[block if b.kind == "accessory" else b for b in session.blocks])
    week = replace(week, sessions=[week.sessions[0], session])
    changed = replace(plan, weeks=[plan.weeks[0], week])
    after = events(export_plan(changed, BERLIN))
    assert before.keys() == after.keys()
    differ = [uid for uid in before if before[uid].to_ical() != after[uid].to_ical()]  # type: ignore[attr-defined]
    assert differ == [f"{plan.id}-w2-{session.day}@planner"]


def test_ics_needs_dates_from_the_plan_or_start():
    undated = with_dates(small_plan(), None)
    with pytest.raises(PlannerError, match="--start"):
        export_plan(undated, BERLIN)
    data = export_plan(undated, replace(BERLIN, start="2027-05-03"))
    dates = sorted(ev.decoded("DTSTART").date().isoformat() for ev in events(data).values())
    assert dates[0] == "2027-05-03"


# ---------------------------------------------------------------------------- Markdown


def test_markdown_has_overview_sessions_stats_and_appendix():
    plan = small_plan()
    md = export_plan(plan, ExportOptions(format="md"), exercises()).decode()
    assert md.startswith("# ")
    assert assert_tables_are_whole(md) > 10
    headings = [x for x in md.splitlines() if x.startswith("#")]
    assert "## Week 1" in headings and "## Week 2" in headings
    for week in plan.weeks:
        for session in week.sessions:
            assert any(session.title in h and session.date in h for h in headings if h.startswith("### "))
    # schedule by weekday, rest days included
    schedule = next(rows for header, rows in tables(md) if header == ["Day", "Session", "Minutes"])
    assert [r[0] for r in schedule] == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    assert sum(r[1] != "rest" for r in schedule) == 2
    # hard sets agree with the planner's own count
    sets = next(rows for header, rows in tables(md) if header[0] == "Muscle")
    counted = counter(dict(exercises()))(plan.weeks[0].sessions)
    chest = next(r for r in sets if r[0] == "Chest")
    assert float(chest[1]) == counted["chest"]
    # the appendix teaches every exercise used
    used = {i.exercise for w in plan.weeks for s in w.sessions for b in s.blocks for i in b.items}
    appendix = md.split("## Appendix", 1)[1]
    for exercise_id in used:
        card = exercises()[exercise_id]
        assert f"### {inline(card.name)}" in appendix
        assert line(card.instructions[0]) in appendix


def test_progression_changes_and_tempo_words_are_in_the_tables():
    md = export_plan(small_plan(), ExportOptions(format="md"), exercises()).decode()
    week2 = md.split("## Week 2", 1)[1].split("## Weekly hard sets", 1)[0]
    headers = {tuple(h) for h, _ in tables(week2)}
    assert any("Change this week" in h for h in headers)
    assert re.search(r"\| \d-\d-[\dX]-\d \([^|]*s down", md)


@pytest.mark.parametrize(
    "text",
    ["a|b", "*x*", "_y_", "`z`", "# h", "<b>", "[l](u)", "1. x", "- x", "+ x", "\\", "a\\|b", "&amp;", "~~s~~", "💪"],
)
def test_markdown_escaping_renders_text_as_itself(text):
    assert unescape(line(text)) == text
    row = f"| {inline(text)} | b |"
    assert len(cells(row)) == 2 and unescape(cells(row)[0]) == text


# ---------------------------------------------------------------------------- hostile names


def nasty_plan() -> Plan:
    """The small plan with one exercise renamed and one session retitled to awkward text."""
    plan = small_plan()
    week = plan.weeks[0]
    session = week.sessions[0]
    blocks = list(session.blocks)
    block = next(b for b in blocks if b.kind == "accessory")
    item = replace(block.items[0], exercise="nasty-card", name=NASTY, change="a|b; c, d")
    blocks[blocks.index(block)] = replace(block, items=[item, *block.items[1:]])
    session = replace(session, title="Upper; A, B \\ | *x* 💪", blocks=blocks)
    week = replace(week, sessions=[session, *week.sessions[1:]])
    return replace(plan, weeks=[week, *plan.weeks[1:]])


def nasty_library(folder: Path) -> Path:
    data = {
        "name": NASTY,
        "summary": "- starts like a list | has a pipe <tag> *and* _more_",
        "primary_muscles": ["chest"],
        "secondary_muscles": ["triceps"],
        "equipment": [],
        "pattern": "horizontal_push",
        "mechanic": "compound",
        "laterality": "bilateral",
        "level": "beginner",
        "position": "standing",
        "blocks": ["accessory"],
        "description": "A card with awkward text.",
        "instructions": ["1. not a list", "# not a heading", "back\\slash, semi; colon | pipe", "[x](y) <script>"],
        "tips": ["`code` and **bold** stay text 💪"],
    }
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "nasty-card.toml").write_text(tomli_w.dumps(data), encoding="utf-8")
    return folder


def test_awkward_names_give_valid_ics(tmp_path):
    data = export_plan(nasty_plan(), BERLIN)
    found = events(data)
    assert len(found) == 4
    first = next(ev for uid, ev in found.items() if "-w1-" in uid and str(ev["SUMMARY"]).startswith("Week 1 · Upper"))
    assert str(first["SUMMARY"]).startswith("Week 1 · Upper; A, B \\ | *x* 💪 · ")  # type: ignore[index]
    assert NASTY in str(first["DESCRIPTION"])  # type: ignore[index]
    assert "a|b; c, d" in str(first["DESCRIPTION"])  # type: ignore[index]


def test_awkward_names_give_valid_markdown_through_the_cli(cli, tmp_path, monkeypatch):
    lib = nasty_library(tmp_path / "lib")
    plan_file = tmp_path / "plan.toml"
    plan_file.write_text(plan_to_toml(nasty_plan()), encoding="utf-8")
    r = cli("export", str(plan_file), "--format", "md", "--library", str(lib))
    assert r.code == 0, r.err
    md = r.out
    assert_tables_are_whole(md)
    names = [re.sub(r"^[A-Z][0-9] ", "", unescape(row[0])) for _, rows in tables(md) for row in rows]
    assert NASTY in names  # a superset's exercise carries its A1, A2, ... label
    assert f"### {inline(NASTY)}" in md
    assert "1\\. not a list" in md and "\\# not a heading" in md and "\\<script\\>" in md
    assert "\n\\- starts like a list" in md
    monkeypatch.setenv("PLANNER_NOW", "2027-03-01T12:00:00Z")
    r = cli("export", str(plan_file), "--format", "ics", "--tz", "UTC", "--library", str(lib))
    assert r.code == 0, r.err
    assert NASTY in str(next(iter(events(r.out.encode()).values()))["DESCRIPTION"])  # type: ignore[index]


# ---------------------------------------------------------------------------- the command


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    path = tmp_path / "plan.toml"
    path.write_text(plan_to_toml(small_plan()), encoding="utf-8")
    return path


def read_plan_copy(plan: Plan) -> Plan:
    return from_data(Plan, json.loads(plan_to_json(plan)))


def test_cli_ics_to_stdout_and_file_are_the_same_and_reproducible(cli, plan_file, tmp_path, monkeypatch):
    monkeypatch.setenv("PLANNER_NOW", "2027-03-01T12:00:00Z")
    args = ("export", str(plan_file), "--format", "ics", "--tz", "Europe/Berlin", "--alarm", "30")
    r = cli(*args)
    assert r.code == 0 and r.out.encode() == export_plan(small_plan(), BERLIN)
    assert cli(*args, "--output", "-").out == r.out
    out = tmp_path / "plan.ics"
    assert cli(*args, "--output", str(out)).code == 0
    assert out.read_bytes() == r.out.encode()


def test_cli_time_moves_the_events(cli, plan_file, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    r = cli("export", str(plan_file), "--format", "ics", "--tz", "America/New_York", "--time", "18:30")
    assert r.code == 0, r.err
    for ev in events(r.out.encode()).values():
        local = ev.decoded("DTSTART").astimezone(ZoneInfo("America/New_York"))  # type: ignore[attr-defined]
        assert (local.hour, local.minute) == (18, 30)
        assert ev.decoded("DTSTAMP") == dt.datetime.fromtimestamp(1800000000, dt.UTC)  # type: ignore[attr-defined]


def test_output_is_never_clobbered_without_force(cli, plan_file, tmp_path):
    out = tmp_path / "plan.md"
    out.write_text("my notes", encoding="utf-8")
    r = cli("export", str(plan_file), "--format", "md", "--output", str(out))
    assert r.code == 1 and "--force" in r.err and not r.has_traceback
    assert out.read_text(encoding="utf-8") == "my notes"
    r = cli("export", str(plan_file), "--output", str(out), "--force")  # format from the suffix
    assert r.code == 0 and out.read_text(encoding="utf-8").startswith("# Training plan")


@pytest.mark.parametrize(
    ("extra", "says"),
    [
        (["--tz", "Mars/Olympus_Mons"], "--tz"),
        (["--time", "7am"], "--time"),
        (["--alarm", "soon"], "--alarm"),
        (["--start", "next monday"], "--start"),
    ],
)
def test_a_failed_export_leaves_the_old_file(cli, plan_file, tmp_path, extra, says):
    out = tmp_path / "plan.ics"
    out.write_bytes(b"old calendar")
    r = cli("export", str(plan_file), "--format", "ics", "--output", str(out), "--force", *extra)
    assert r.code == 1 and says in r.err
    assert out.read_bytes() == b"old calendar"
    assert list(tmp_path.glob(".plan.ics.*")) == []  # no temp file left behind


def test_ics_of_an_undated_plan_says_to_pass_start(cli, tmp_path):
    path = tmp_path / "plan.toml"
    path.write_text(plan_to_toml(with_dates(small_plan(), None)), encoding="utf-8")
    out = tmp_path / "plan.ics"
    out.write_bytes(b"old calendar")
    r = cli("export", str(path), "--format", "ics", "--output", str(out), "--force")
    assert r.code == 1 and "--start" in r.err and not r.has_traceback
    assert out.read_bytes() == b"old calendar"
    r = cli("export", str(path), "--format", "ics", "--start", "2027-03-22", "--tz", "UTC")
    assert r.code == 0 and len(events(r.out.encode())) == 4


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--format", "docx"], "--format: unknown format 'docx'"),
        ([], "--format"),
        (["--format", "ics", "--time", "25:00"], "--time: '25:00'"),
        (["--format", "ics", "--tz", "Europe/Berlinn"], "did you mean Europe/Berlin"),
        (["--format", "ics", "--alarm", "-5"], "--alarm: '-5'"),
    ],
)
def test_bad_options_are_one_clear_line(cli, plan_file, args, says):
    r = cli("export", str(plan_file), *args)
    assert r.code == 1 and not r.has_traceback and r.out == ""
    assert r.err.startswith("Error: ") and len(r.err.strip().splitlines()) == 1 and says in r.err


def test_missing_plan_file_is_one_line(cli, tmp_path):
    r = cli("export", str(tmp_path / "nope.toml"), "--format", "md")
    assert r.code == 1 and "no such plan file" in r.err and not r.has_traceback


def test_json_export_is_the_plan_as_plan_json_prints_it(cli, plan_file):
    r = cli("export", str(plan_file), "--format", "json")
    assert r.code == 0
    data = json.loads(r.out)
    assert data == json.loads(plan_to_json(small_plan()))
    assert to_data(read_plan(plan_file)) == data


def test_schema_prints_json_schema(cli):
    plan = json.loads(cli("schema", "plan").out)
    card = json.loads(cli("schema", "exercise").out)
    assert "weeks" in plan["properties"] and "primary_muscles" in card["properties"]
    r = cli("schema", "workout")
    assert r.code == 1 and r.err.startswith("Error: ")


# ---------------------------------------------------------------------------- option parsing


def test_option_parsers():
    assert parse_time("7:05") == dt.time(7, 5)
    assert parse_alarm("30") == 30 and parse_alarm(None) is None
    assert parse_format(None, Path("x.ICS")) == "ics" and parse_format("Markdown") == "md"
    assert parse_zone("europe/berlin") == "Europe/Berlin"
    with pytest.raises(PlannerError):
        parse_zone("../../etc/passwd")


def test_system_zone_reads_tz_then_the_localtime_link_and_falls_back_to_utc(tmp_path):
    link = tmp_path / "localtime"
    link.symlink_to("/usr/share/zoneinfo/America/New_York")
    assert system_zone({"TZ": ":Europe/Berlin"}, link) == "Europe/Berlin"
    assert system_zone({}, link) == "America/New_York"
    assert system_zone({"TZ": "Not/AZone"}, tmp_path / "missing") is None
    assert parse_zone(None, {"TZ": "Asia/Tokyo"}) == "Asia/Tokyo"


def test_export_clock_honours_planner_now_and_source_date_epoch():
    assert export_clock({"PLANNER_NOW": "2027-03-01T12:00:00Z"}) == NOW
    assert export_clock({"PLANNER_NOW": "2027-03-01T13:00:00+01:00"}) == NOW
    assert export_clock({"SOURCE_DATE_EPOCH": str(int(NOW.timestamp()))}) == NOW
    with pytest.raises(PlannerError, match="PLANNER_NOW"):
        export_clock({"PLANNER_NOW": "yesterday"})
    assert export_clock({}).tzinfo is not None
