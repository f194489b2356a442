"""The calendar defects of issue 16, each with a test that fails on the code before it, and
the calendar that follows the plan: `calendar publish` and `calendar serve`."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
import urllib.request
from functools import cache
from pathlib import Path

import jsonschema
import pytest
from icalendar import Calendar

from planner.export import ZONE_FALLBACK, ExportOptions, export_plan, ics_calendar, resolve_zone
from planner.library import library_sources, load_library
from planner.models import plan_json_schema
from planner.plan_schema import tempo_is_valid
from planner.plans import build_plan, plan_to_json, plan_to_toml, read_plan, with_dates
from planner.records import Plan, PlanInputs, replace, to_data
from planner.vocab import builtin_vocab

NOW = dt.datetime(2027, 3, 1, 12, 0, tzinfo=dt.UTC)
UTC = ExportOptions(format="ics", zone="UTC", now=NOW)
ROOT = Path(__file__).resolve().parent.parent


@cache
def plan() -> Plan:
    sources = library_sources(env={})
    inputs = PlanInputs(days=2, minutes=45, weeks=2, start="2027-03-22")
    return build_plan(inputs, load_library(sources, use_cache=False), builtin_vocab(), sources)


def events(data: bytes) -> dict[str, object]:
    return {str(ev["UID"]): ev for ev in Calendar.from_ical(data).walk("VEVENT")}


def raw_events(data: bytes) -> dict[str, bytes]:
    """Each event's lines as written, by UID."""
    out = {}
    for chunk in data.split(b"BEGIN:VEVENT\r\n")[1:]:
        body = chunk.split(b"END:VEVENT\r\n")[0]
        uid = re.search(rb"^UID:(.*)\r\n", body, re.M)
        assert uid is not None
        out[uid[1].decode()] = body
    return out


def renamed(p: Plan, name: str, title: str | None = None, split: str | None = None) -> Plan:
    week = p.weeks[0]
    session = week.sessions[0]
    block = next(b for b in session.blocks if b.kind == "accessory")
    item = replace(block.items[0], name=name)
    blocks = [replace(b, items=[item, *b.items[1:]]) if b is block else b for b in session.blocks]
    session = replace(session, blocks=blocks, title=title or session.title)
    return replace(
        p, weeks=[replace(week, sessions=[session, *week.sessions[1:]]), *p.weeks[1:]], split=split or p.split
    )


# ---------------------------------------------------------------------------- the defects


def test_control_characters_never_reach_the_calendar():
    nasty = renamed(plan(), "Bell\x07 Esc\x1b[31m Nul\x00 Del\x7f C1\x9b end", title="Upper\x00 A\x1b")
    data = export_plan(nasty, UTC)
    assert not re.search(rb"[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f]", data)
    assert not re.search("[\x80-\x9f]", data.decode("utf-8"))
    description = str(next(iter(events(data).values()))["DESCRIPTION"])
    assert "Bell Esc[31m Nul Del C1 end" in description  # the rest of the name is kept


def test_calendar_name_is_escaped_text_and_a_newline_does_not_crash():
    data = export_plan(replace(plan(), split="Upper; Lower, Full\nBody \\ x"), UTC)
    assert b"X-WR-CALNAME:Training plan: Upper\\; Lower\\, Full Body \\\\ x\r\n" in data
    assert Calendar.from_ical(data).walk("VEVENT")  # the rest of the file still parses


def test_sequence_follows_content_not_the_clock():
    first = ics_calendar(plan(), UTC)
    # the same content later, even a minute later or with a pinned clock: the same file
    again = ics_calendar(plan(), replace(UTC, now=NOW + dt.timedelta(seconds=30), history=first.events))
    assert again.data == first.data
    # an edit, with the clock pinned where it was: only the edited event moves on
    edited = renamed(plan(), "Another Exercise")
    after = ics_calendar(edited, replace(UTC, history=first.events))
    before_raw, after_raw = raw_events(first.data), raw_events(after.data)
    changed = [uid for uid in before_raw if before_raw[uid] != after_raw[uid]]
    assert len(changed) == 1
    assert int(events(after.data)[changed[0]]["SEQUENCE"]) == int(events(first.data)[changed[0]]["SEQUENCE"]) + 1
    # and back: the event is changed again, so SEQUENCE grows again (clients hold the edit)
    back = ics_calendar(plan(), replace(UTC, history=after.events))
    assert int(events(back.data)[changed[0]]["SEQUENCE"]) == 2


def test_uids_are_made_of_sanitised_parts():
    hand_edited = replace(plan(), id="my plan;2,\\x\nq")
    week = hand_edited.weeks[0]
    odd_day = replace(week.sessions[0], day="Mo,n;\\")
    hand_edited = replace(
        hand_edited, weeks=[replace(week, sessions=[odd_day, *week.sessions[1:]]), *hand_edited.weeks[1:]]
    )
    uids = list(events(export_plan(hand_edited, UTC)))
    assert all(re.fullmatch(r"[a-z0-9-]+@planner", uid) for uid in uids), uids
    other = list(events(export_plan(replace(hand_edited, id="my plan;2,\\x\nr"), UTC)))
    assert set(uids).isdisjoint(other)  # ids that differ only in unsafe characters still differ
    # an ordinary plan keeps the UIDs it always had
    assert f"{plan().id}-w1-{plan().weeks[0].sessions[0].day}@planner" in events(export_plan(plan(), UTC))


def test_a_re_dated_cycle_gets_its_own_uids_and_the_markdown_its_dates():
    undated = with_dates(plan(), None)
    march = set(events(export_plan(undated, replace(UTC, start="2027-03-01"))))
    june = set(events(export_plan(undated, replace(UTC, start="2027-06-07"))))
    assert march.isdisjoint(june) and len(march) == len(june) == 4
    assert all("-20270607-" in uid for uid in june)
    # a plan exported on its own dates keeps its UIDs, with or without --start
    own = set(events(export_plan(plan(), UTC)))
    assert own == set(events(export_plan(plan(), replace(UTC, start="2027-03-22"))))
    md = export_plan(plan(), ExportOptions(format="md", start="2027-06-07")).decode()
    assert "| First week | 2027-06-07 |" in md


def test_zone_falls_back_to_utc_with_a_notice(cli, tmp_path, monkeypatch):
    import planner.export

    monkeypatch.setattr(planner.export, "system_zone", lambda env: None)
    assert resolve_zone(None) == ("UTC", ZONE_FALLBACK)
    path = tmp_path / "plan.toml"
    path.write_text(plan_to_toml(plan()), encoding="utf-8")
    r = cli("export", str(path), "--format", "ics")
    assert r.code == 0
    assert [x for x in r.err.splitlines() if x.startswith("note:")] == [f"note: {ZONE_FALLBACK}"]
    assert resolve_zone("Europe/Berlin") == ("Europe/Berlin", None)


def test_readme_documents_the_reproducibility_variables():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in ("SOURCE_DATE_EPOCH", "PLANNER_NOW"):
        assert re.search(rf"`{name}`[^\n]*\n?[^\n]*", readme), name


@pytest.mark.parametrize("command", ["export", "stats", "swap", "progress"])
def test_json_plans_are_read_by_every_command_that_reads_plans(cli, tmp_path, command):
    path = tmp_path / "plan.json"
    path.write_text(plan_to_json(plan()), encoding="utf-8")
    first = plan().weeks[0].sessions[0]
    exercise = next(i.exercise for b in first.blocks if b.kind == "accessory" for i in b.items)
    args = {
        "export": ["export", str(path), "--format", "md"],
        "stats": ["stats", str(path)],
        "swap": ["swap", str(path), "--week", "1", "--day", first.day, "--exercise", exercise],
        "progress": ["progress", str(path), "--weeks", "1"],
    }[command]
    r = cli(*args)
    assert r.code == 0, r.err
    if command == "progress":  # written back as JSON, one week longer
        assert len(json.loads(path.read_text(encoding="utf-8"))["weeks"]) == len(plan().weeks) + 1


def test_a_broken_json_plan_is_named_with_its_line(cli, tmp_path):
    path = tmp_path / "plan.json"
    path.write_text('{"schema_version": 1,\n "weeks": [}', encoding="utf-8")
    r = cli("export", str(path), "--format", "md")
    assert r.code == 1 and not r.has_traceback and f"{path}:2:" in r.err and "JSON" in r.err


# ---------------------------------------------------------------------------- the JSON Schema


def schema_accepts(data: dict) -> bool:
    validator = jsonschema.Draft202012Validator(plan_json_schema(), format_checker=jsonschema.FormatChecker())
    return validator.is_valid(data)


def reader_accepts(tmp_path: Path, data: dict) -> bool:
    from planner.errors import PlannerError

    path = tmp_path / "p.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    try:
        read_plan(path)
    except PlannerError:
        return False
    return True


VALUES = {
    ("inputs", "goal"): ["foo", "strength", "Strength", " hypertrophy", ""],
    ("inputs", "level"): ["beginner", "expert", "ADVANCED", "novice"],
    ("inputs", "on"): [["mon", "wed"], ["Monday", "fri"], ["funday"], ["mon", "mon"], ["mon"] * 7],
    ("inputs", "start"): ["2027-03-22", "2027-02-30", "next monday", "20270322", None],
    ("inputs", "units"): ["kg", "lb", "stone"],
    ("schema_version",): [1, 2],
}


@pytest.mark.parametrize(("where", "value"), [(w, v) for w, vs in VALUES.items() for v in vs])
def test_the_schema_accepts_nothing_the_reader_refuses(tmp_path, where, value):
    data = json.loads(plan_to_json(plan()))
    target = data
    for key in where[:-1]:
        target = target[key]
    target[where[-1]] = value
    if schema_accepts(data):
        assert reader_accepts(tmp_path, data), (where, value)


def test_the_schema_refuses_the_issue_examples():
    jsonschema.Draft202012Validator.check_schema(plan_json_schema())
    data = json.loads(plan_to_json(plan()))
    assert schema_accepts(data)
    assert not schema_accepts({**data, "inputs": {**data["inputs"], "goal": "foo"}})
    item = data["weeks"][0]["sessions"][0]["blocks"][-2]["items"][0]
    item["tempo"] = "zz"
    assert not schema_accepts(data)


def test_the_tempo_pattern_says_what_the_reader_says():
    pattern = re.compile(plan_json_schema()["$defs"]["Item"]["properties"]["tempo"]["anyOf"][0]["pattern"])
    import itertools

    checked = 0
    for parts in itertools.product("0159X", repeat=4):
        for sep in ("-", " ", "", "/", "--"):
            text = sep.join(parts)
            for spelled in (text, text.lower(), f" {text} "):
                checked += 1
                if pattern.match(spelled):
                    assert tempo_is_valid(spelled), spelled
    assert pattern.match("3-1-X-0") and pattern.match("31x0") and not pattern.match("9-9-9-9")
    assert checked > 9000


# ---------------------------------------------------------------------------- publish and serve


def test_publish_writes_a_stable_calendar_and_follows_edits(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("PLANNER_NOW", "2027-03-01T12:00:00Z")
    path = tmp_path / "plan.toml"
    path.write_text(plan_to_toml(plan()), encoding="utf-8")
    folder = tmp_path / "synced"
    r = cli("calendar", "publish", str(path), "--dir", str(folder), "--tz", "Europe/Berlin")
    assert r.code == 0, r.err
    published = folder / "plan.ics"
    first = published.read_bytes()
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\nX-PUBLISHED-TTL:PT1H\r\n" in first
    assert cli("calendar", "publish", str(path), "--dir", str(folder), "--tz", "Europe/Berlin").code == 0
    assert published.read_bytes() == first  # nothing changed, nothing moves
    other = folder / "mine.ics"
    other.write_text("my own calendar", encoding="utf-8")
    r = cli("calendar", "publish", str(path), "--dir", str(folder), "--name", "mine")
    assert r.code == 1 and "not a calendar planner published" in r.err
    assert other.read_text(encoding="utf-8") == "my own calendar"


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:  # a local http URL we made
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/calendar")
        data: bytes = response.read()
        return data


def test_serve_answers_http_and_follows_a_swap(cli, tmp_path):
    path = tmp_path / "plan.toml"
    path.write_text(plan_to_toml(plan()), encoding="utf-8")
    env = {**os.environ, "PLANNER_NOW": "2027-03-01T12:00:00Z", "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "planner", "calendar", "serve", str(path), "--port", "0", "--tz", "Europe/Berlin"],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        env=env,
        text=True,
    )
    try:
        assert proc.stderr is not None
        line = proc.stderr.readline()
        match = re.search(r"serving (http://127\.0\.0\.1:\d+/plan\.ics)", line)
        assert match, line
        url = match[1]
        before = fetch(url)
        assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H" in before and b"X-PUBLISHED-TTL:PT1H" in before
        session = plan().weeks[0].sessions[0]
        block = next(b for b in session.blocks if b.kind == "accessory")
        old = block.items[0].exercise
        r = cli("swap", str(path), "--week", "1", "--day", session.day, "--exercise", old, "--json")
        to = json.loads(r.out)[0]["exercise"]
        r = cli("swap", str(path), "--week", "1", "--day", session.day, "--exercise", old, "--to", to)
        assert r.code == 0, r.err
        after = fetch(url)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    b, a = raw_events(before), raw_events(after)
    assert b.keys() == a.keys()
    changed = [uid for uid in b if a[uid] != b[uid]]
    assert changed == [f"{plan().id}-w1-{session.day}@planner"]
    assert int(events(after)[changed[0]]["SEQUENCE"]) == int(events(before)[changed[0]]["SEQUENCE"]) + 1
    assert plan_name(to) in str(events(after)[changed[0]]["DESCRIPTION"])
    assert plan_name(to) not in str(events(before)[changed[0]]["DESCRIPTION"])


def plan_name(exercise_id: str) -> str:
    lib = load_library(library_sources(env={}), use_cache=False)
    return lib.card(exercise_id).name


def test_serve_says_what_is_wrong_with_a_broken_plan(tmp_path):
    from planner.calendars import make_server

    path = tmp_path / "plan.toml"
    path.write_text(plan_to_toml(plan()), encoding="utf-8")
    server = make_server(path, read_plan, replace(UTC, refresh_minutes=60), port=0)
    import threading

    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_port}"
        assert fetch(f"{base}/plan.ics").startswith(b"BEGIN:VCALENDAR\r\n")
        path.write_text("this is = not [a plan", encoding="utf-8")
        with pytest.raises(urllib.error.HTTPError) as failed:
            urllib.request.urlopen(f"{base}/plan.ics", timeout=10)
        assert failed.value.code == 503 and b"TOML" in failed.value.read()
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"{base}/other.ics", timeout=10)
        assert missing.value.code == 404
    finally:
        server.shutdown()
        server.server_close()


def test_history_survives_a_damaged_file(tmp_path):
    from planner.calendars import calendar_bytes

    history = tmp_path / "history.json"
    history.write_text("{not json", encoding="utf-8")
    data = calendar_bytes(plan(), UTC, history)
    assert events(data)
    saved = json.loads(history.read_text(encoding="utf-8"))
    assert saved["version"] == 1 and set(saved["events"]) == set(events(data))


# ---------------------------------------------------------------------------- the plan cache


def test_plan_cache_reads_the_same_bytes_once_and_follows_edits(tmp_path, monkeypatch):
    import planner.plans
    from planner import plan_cache
    from planner.errors import PlannerError

    path = tmp_path / "plan.toml"
    path.write_text(plan_to_toml(plan()), encoding="utf-8")
    first = plan_cache.read_plan(path)
    assert to_data(first) == to_data(read_plan(path))
    checked = []
    real = planner.plans.read_plan
    monkeypatch.setattr(planner.plans, "read_plan", lambda p: checked.append(p) or real(p))
    assert to_data(plan_cache.read_plan(path)) == to_data(first) and checked == []  # from the cache
    path.write_text(plan_to_toml(replace(plan(), split="Edited")), encoding="utf-8")
    assert plan_cache.read_plan(path).split == "Edited" and checked == [path]
    path.write_text("not = [a plan", encoding="utf-8")
    for _ in range(2):  # a broken file is never cached: the same error every time
        with pytest.raises(PlannerError, match="TOML syntax"):
            plan_cache.read_plan(path)
    with pytest.raises(PlannerError, match="no such plan file"):
        plan_cache.read_plan(tmp_path / "missing.toml")


def test_cards_with_control_characters_are_refused_by_validate_and_import(cli, tmp_path, card_text):
    folder = tmp_path / "lib"
    folder.mkdir()
    bad = card_text.replace('name = "', 'name = "Bell\\u0007 ', 1)
    assert bad != card_text
    (folder / "bell-card.toml").write_text(bad, encoding="utf-8")
    r = cli("validate", str(folder))
    assert r.code == 1 and not r.has_traceback
    assert "name" in r.err + r.out and "U+0007" in r.err + r.out
    text = tmp_path / "card.txt"
    example = (Path(__file__).parent / "fixtures" / "cards" / "lying-alternate-hip-extension.txt").read_text(
        encoding="utf-8"
    )
    text.write_text(example.replace("Lying", "Lying\x1b", 1), encoding="utf-8")
    r = cli("import", "card", str(text), "--into", str(tmp_path / "into"))
    assert r.code == 1 and not r.has_traceback and "U+001B" in r.err
    assert not list(tmp_path.glob("into/*.toml"))  # nothing written
