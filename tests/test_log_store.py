"""The log's file (issue 14): a versioned SQLite schema with migrations, WAL, foreign keys,
every write one transaction; and a set once logged is never lost: two writers at once, a
process killed mid-write, a full disk, a busy log, a damaged or foreign file each end in
one line, with every earlier set as it was."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from planner.errors import PlannerError
from planner.log.records import Entry, LoggedSession, LoggedSet
from planner.log.store import APPLICATION_ID, MIGRATIONS, SCHEMA, Log

SRC = Path(__file__).resolve().parent.parent / "src"


def session(key: str = "plan-x/1/mon", date: str = "2027-01-04") -> LoggedSession:
    return LoggedSession(key=key, date=date, plan="plan-x", week=int(key.split("/")[1]), day=key.split("/")[2])


def entry(exercise: str = "goblet-squat", sets: int = 3, load: float = 24) -> Entry:
    return Entry(exercise, exercise.replace("-", " ").title(), [LoggedSet(load, "kg", 10, rir=2)] * sets)


def filled(path: Path, entries: int = 10, sets: int = 5) -> Log:
    log = Log.open(path)
    assert log is not None
    for n in range(entries):
        day = dt.date(2027, 1, 4) + dt.timedelta(days=7 * n)
        log.add(session(f"plan-x/{n + 1}/mon", day.isoformat()), [entry(sets=sets, load=20 + n)])
    return log


def all_sets(path: Path) -> list[tuple[object, ...]]:
    db = sqlite3.connect(path)
    try:
        return db.execute("SELECT entry, n, load, unit, reps, rir FROM sets ORDER BY entry, n").fetchall()
    finally:
        db.close()


# ---------------------------------------------------------------------------- the schema


def test_a_new_log_is_stamped_versioned_in_wal_with_foreign_keys(tmp_path):
    with Log.open(tmp_path / "log.sqlite3") as log:  # type: ignore[union-attr]
        db = log.conn
        assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_a_missing_log_is_not_made_by_a_reader(tmp_path):
    assert Log.open(tmp_path / "nothing.sqlite3", create=False) is None
    assert not (tmp_path / "nothing.sqlite3").exists()


def _version_1(path: Path) -> None:
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    for statement in MIGRATIONS[1]:
        db.execute(statement)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute("PRAGMA user_version = 1")
    db.execute("INSERT INTO sessions (key, date, source) VALUES ('strong:x/y', '2024-01-01', 'strong')")
    db.execute("INSERT INTO entries (session, batch, exercise, name) VALUES (1, 1, 'pull-up', 'Pull-Up')")
    db.execute("INSERT INTO sets (entry, n, reps) VALUES (1, 1, 8), (1, 2, 7)")
    db.close()


def test_an_older_log_is_migrated_in_place_keeping_its_sets(tmp_path):
    path = tmp_path / "old.sqlite3"
    _version_1(path)
    before = all_sets(path)
    with Log.open(path) as log:  # type: ignore[union-attr]
        assert log.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA == 2
        indexes = {r[0] for r in log.conn.execute("SELECT name FROM sqlite_schema WHERE type = 'index'")}
        assert {"entries_by_exercise", "entries_by_session", "sessions_by_plan"} <= indexes
        assert [e.sets for e in log.sessions()[0].entries] == [[LoggedSet(reps=8), LoggedSet(reps=7)]]
    assert all_sets(path) == before


def test_a_migration_that_fails_leaves_the_log_at_its_version(tmp_path, monkeypatch):
    path = tmp_path / "old.sqlite3"
    _version_1(path)
    monkeypatch.setitem(MIGRATIONS, 2, ("CREATE INDEX good ON entries (name)", "CREATE INDEX bad ON nowhere (x)"))
    with pytest.raises(PlannerError, match="cannot be used"):
        Log.open(path)
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 1
        assert db.execute("SELECT count(*) FROM sqlite_schema WHERE name = 'good'").fetchone()[0] == 0
    assert len(all_sets(path)) == 2


def test_every_write_is_one_transaction(tmp_path):
    log = filled(tmp_path / "log.sqlite3", entries=1)
    said: list[str] = []
    log.conn.set_trace_callback(said.append)
    log.add(session("plan-x/2/mon"), [entry(), entry("push-up")])
    log.replace_entry(1, 1, entry(sets=4))
    log.add_sessions([session("plan-x/3/mon")])
    log.undo()
    log.close()
    open_, writes = False, 0
    for statement in said:
        word = statement.split()[0].upper()
        if word == "BEGIN":
            assert not open_ and "IMMEDIATE" in statement.upper()
            open_ = True
        elif word in ("COMMIT", "ROLLBACK"):
            open_ = False
        elif word in ("INSERT", "UPDATE", "DELETE"):
            assert open_, statement
            writes += 1
    assert writes > 5


def test_undo_takes_back_the_last_batch_whole(tmp_path):
    log = filled(tmp_path / "log.sqlite3", entries=2)
    log.add(session("plan-x/2/mon"), [entry("push-up"), entry("pull-up")])  # into an existing session
    assert [e.exercise for e in log.session(2).entries] == ["goblet-squat", "push-up", "pull-up"]
    gone = log.undo()
    assert [e.exercise for _, e in gone] == ["push-up", "pull-up"]
    assert [e.exercise for e in log.session(2).entries] == ["goblet-squat"]
    log.undo()
    with pytest.raises(PlannerError, match="no session 2"):
        log.session(2)  # left empty: gone too
    assert [s.key for s in log.sessions()] == ["plan-x/1/mon"]


def test_deleting_a_session_deletes_its_entries_and_sets(tmp_path):
    log = filled(tmp_path / "log.sqlite3", entries=2)
    with log.writing() as db:
        db.execute("DELETE FROM sessions WHERE id = 1")
    assert log.conn.execute("SELECT count(*) FROM entries WHERE session = 1").fetchone()[0] == 0
    assert len(all_sets(tmp_path / "log.sqlite3")) == 5
    with pytest.raises(PlannerError, match="cannot be used"), log.writing() as db:
        db.execute("INSERT INTO entries (session, batch, exercise, name) VALUES (99, 1, 'x', 'X')")  # no session 99


# ---------------------------------------------------------------------------- refusing files


def test_a_file_that_is_not_sqlite_is_refused_and_left_alone(cli, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("squats on monday\n", encoding="utf-8")
    for args in (["log", "list"], ["history", "goblet-squat"], ["log", "export"]):
        r = cli(*args, "--db", str(path))
        assert r.code == 1 and r.err.count("\n") == 1 and not r.has_traceback
        assert "not a planner log (not an SQLite database)" in r.err
    assert path.read_text(encoding="utf-8") == "squats on monday\n"


def test_another_programs_database_is_refused_and_left_alone(cli, tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE contacts (name TEXT)")
    before = path.read_bytes()
    r = cli("log", "list", "--db", str(path))
    assert r.code == 1 and "an SQLite database of another program (tables: contacts)" in r.err
    assert r.err.count("\n") == 1 and path.read_bytes() == before


def test_a_log_of_a_newer_planner_is_refused(cli, tmp_path):
    path = tmp_path / "log.sqlite3"
    filled(path, entries=1).close()
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA + 1}")
    before = path.read_bytes()
    r = cli("log", "list", "--db", str(path))
    assert r.code == 1 and f"a log of a newer planner (schema {SCHEMA + 1}" in r.err
    assert path.read_bytes() == before


def test_a_damaged_log_says_so_in_one_line_and_is_never_written(cli, tmp_path, plan_file):
    path = tmp_path / "log.sqlite3"
    filled(path, entries=40, sets=20).close()
    data = bytearray(path.read_bytes())
    page = 4096
    assert len(data) > 6 * page
    data[2 * page : len(data) - page] = os.urandom(len(data) - 3 * page)  # every page but the first and last
    path.write_bytes(bytes(data))
    before = path.read_bytes()
    for args in (
        ["log", "list"],
        ["history", "goblet-squat"],
        ["log", plan_file, "-w", "1", "-d", "mon", "push-up 10"],
    ):
        r = cli(*args, "--db", str(path))
        assert r.code == 1 and not r.has_traceback, r.err
        assert r.err.count("\n") == 1 and "the log is damaged" in r.err and ".recover" in r.err
    assert path.read_bytes() == before


# ---------------------------------------------------------------------------- writers at once


WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from planner.log.records import Entry, LoggedSession, LoggedSet
    from planner.log.store import Log
    path, who, count, sets = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    for n in range(count):
        with Log.open(path) as log:
            s = LoggedSession(key=f"{who}/{n}", date="2027-01-04", source="planner")
            log.add(s, [Entry("goblet-squat", "Goblet Squat", [LoggedSet(24, "kg", 10, rir=2)] * sets)])
        print(n, flush=True)
    """
)


def _writer(path: Path, who: str, count: int, sets: int) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), who, str(count), str(sets)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def test_two_writers_at_once_lose_nothing(tmp_path):
    path = tmp_path / "log.sqlite3"
    filled(path, entries=3).close()
    writers = [_writer(path, who, 40, 5) for who in ("a", "b")]
    for w in writers:
        _, err = w.communicate(timeout=120)
        assert w.returncode == 0, err
    with Log.open(path) as log:  # type: ignore[union-attr]
        keys = [s.key for s in log.sessions()]
        assert sorted(k for k in keys if k[0] in "ab") == sorted(f"{w}/{n}" for w in "ab" for n in range(40))
        assert log.count() == (83, 15 + 80 * 5)


def test_two_planner_log_commands_at_once_lose_nothing(tmp_path, plan_file):
    path = tmp_path / "log.sqlite3"
    env = {**os.environ, "PYTHONPATH": str(SRC), "PLANNER_DB": str(path)}
    days = ["mon", "wed", "fri"]
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "planner", "log", plan_file, "-w", str(week), "-d", day, f"push-up {week} {week}"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for week in range(1, 4)
        for day in days
    ]
    for p in procs:
        assert p.wait(timeout=120) == 0, p.stderr.read() if p.stderr else ""
    with Log.open(path) as log:  # type: ignore[union-attr]
        assert log.count() == (9, 18)


def test_a_writer_killed_mid_write_leaves_every_earlier_set_and_no_half_write(tmp_path):
    path = tmp_path / "log.sqlite3"
    filled(path, entries=10, sets=5).close()
    earlier = all_sets(path)
    for round_ in range(3):
        writer = _writer(path, f"k{round_}", 10_000, 200)  # big transactions, one after another
        assert writer.stdout is not None
        writer.stdout.readline()  # it has written at least once
        time.sleep(0.05 * (round_ + 1))
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait(timeout=30)
        assert writer.returncode == -signal.SIGKILL
        with Log.open(path) as log:  # type: ignore[union-attr]
            assert log.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            sizes = log.conn.execute("SELECT count(*) FROM sets GROUP BY entry").fetchall()
            assert all(n in (5, 200) for (n,) in sizes)  # every entry whole, or not there at all
        assert all_sets(path)[: len(earlier)] == earlier
    with Log.open(path) as log:  # type: ignore[union-attr]
        log.add(session("plan-x/99/mon"), [entry()])  # and it still takes sets


# ---------------------------------------------------------------------------- a full disk, a busy log


def test_a_full_database_says_so_and_keeps_every_earlier_set(tmp_path):
    path = tmp_path / "log.sqlite3"
    log = filled(path, entries=5)
    earlier = all_sets(path)
    pages = log.conn.execute("PRAGMA page_count").fetchone()[0]
    log.conn.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's own "database or disk is full"
    with pytest.raises(PlannerError) as e:
        log.add(session("plan-x/9/mon"), [entry(sets=200)] * 20)
    assert "the disk is full: nothing was written and every set logged before is kept" in e.value.message
    log.close()
    assert all_sets(path) == earlier


@pytest.mark.skipif(sys.platform != "linux", reason="a file size limit (RLIMIT_FSIZE) as a disk that fills up")
def test_a_disk_that_fills_up_mid_write_fails_in_one_line_and_keeps_the_log(tmp_path, plan_file):
    """The process may write no file past 64 kB: the write-ahead log fills up in the middle of
    one `planner log` of many sets."""
    import resource

    path = tmp_path / "log.sqlite3"
    filled(path, entries=3).close()
    earlier = all_sets(path)
    lines = [f"push-up {' '.join(['10'] * 20)}" for _ in range(150)]

    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))

    env = {**os.environ, "PYTHONPATH": str(SRC), "PLANNER_DB": str(path), "PLANNER_CACHE_DIR": str(tmp_path / "c")}
    r = subprocess.run(
        [sys.executable, "-m", "planner", "log", plan_file, "-w", "1", "-d", "mon", *lines],
        env=env,
        capture_output=True,
        text=True,
        preexec_fn=limited,  # the limit is set in the child, before it runs
        check=False,
    )
    assert r.returncode == 1 and "Traceback" not in r.stderr, r.stderr
    assert r.stderr.count("\n") == 1 and "nothing was written and every set logged before is kept" in r.stderr
    assert all_sets(path) == earlier
    with Log.open(path) as log:  # type: ignore[union-attr]
        assert log.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_log_kept_busy_too_long_says_so(tmp_path):
    path = tmp_path / "log.sqlite3"
    filled(path, entries=1).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        log = Log.open(path, timeout=0.2)
        assert log is not None
        with pytest.raises(PlannerError, match=r"another planner kept the log busy for 0.2 s: nothing was written"):
            log.add(session("plan-x/2/mon"), [entry()])
        log.close()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert len(all_sets(path)) == 5
