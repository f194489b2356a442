"""The log's one file: an SQLite database (the standard library's sqlite3).

- Where: `--db FILE`, else PLANNER_DB, else log.sqlite3 in the user data folder
  (platformdirs: ~/.local/share/planner on Linux).
- What: sessions -> entries (an exercise done in a session) -> sets; the schema is versioned
  (PRAGMA user_version) and stamped as planner's (PRAGMA application_id), and an older file
  is brought up to date by the migrations below, all in one transaction.
- Safety: WAL journal with full syncs, foreign keys on, every write one transaction begun
  IMMEDIATE (so two writers take turns, each waiting up to TIMEOUT seconds). A process
  killed mid-write, a full disk or a failing disk leave the file as it was before that write;
  a file that is not planner's, or is damaged, is refused in one line and never changed.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from planner.errors import PlannerError
from planner.log.records import Entry, LoggedSession, LoggedSet
from planner.structs import struct

ENV_VAR = "PLANNER_DB"
FILE_NAME = "log.sqlite3"
APPLICATION_ID = 0x504C4E52  # "PLNR": this file is a planner log
TIMEOUT = 10.0  # seconds a writer waits for another to finish

# Each migration takes the schema from the version before it to its own. A file is never
# downgraded: a newer planner's log is refused by an older one.
MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: (
        """CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
            time TEXT,
            plan TEXT,
            week INTEGER CHECK (week >= 1),
            day TEXT CHECK (day IN ('mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun')),
            title TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL CHECK (source IN ('planner', 'strong', 'hevy')),
            note TEXT NOT NULL DEFAULT '',
            CHECK ((plan IS NULL) = (week IS NULL) AND (week IS NULL) = (day IS NULL))
        )""",
        """CREATE TABLE entries (
            id INTEGER PRIMARY KEY,
            session INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
            batch INTEGER NOT NULL,
            exercise TEXT NOT NULL,
            name TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT ''
        )""",
        """CREATE TABLE sets (
            entry INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
            n INTEGER NOT NULL CHECK (n >= 1),
            load REAL CHECK (load > 0),
            unit TEXT CHECK (unit IN ('kg', 'lb')),
            reps INTEGER CHECK (reps >= 1),
            seconds REAL CHECK (seconds > 0),
            meters REAL CHECK (meters > 0),
            rir REAL CHECK (rir >= 0),
            PRIMARY KEY (entry, n),
            CHECK ((load IS NULL) = (unit IS NULL)),
            CHECK (reps IS NOT NULL OR seconds IS NOT NULL OR meters IS NOT NULL)
        ) WITHOUT ROWID""",
    ),
    # the lookups `planner history` and `planner next` make, by exercise and by plan
    2: (
        "CREATE INDEX entries_by_exercise ON entries (exercise)",
        "CREATE INDEX entries_by_session ON entries (session)",
        "CREATE INDEX sessions_by_plan ON sessions (plan, week)",
    ),
}
SCHEMA = max(MIGRATIONS)


def default_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("planner", appauthor=False)) / FILE_NAME


def log_path(option: Path | None) -> Path:
    """--db, else PLANNER_DB, else the user data folder's log."""
    if option is not None:
        return option
    env = os.environ.get(ENV_VAR, "").strip()
    return Path(env).expanduser() if env else default_path()


def shown(path: Path) -> str:
    """The log's path for people: under the home folder as ~/..."""
    try:
        return "~/" + path.resolve().relative_to(Path.home().resolve()).as_posix()
    except (ValueError, RuntimeError, OSError):
        return str(path)


# ---------------------------------------------------------------------------- errors

_FULL, _BUSY, _LOCKED, _CORRUPT, _NOTADB = 13, 5, 6, 11, 26
_READONLY, _CANTOPEN, _PERM, _IOERR = 8, 14, 3, 10


def failure(path: Path, e: sqlite3.Error, writing: bool, timeout: float = TIMEOUT) -> PlannerError:
    """One line for what SQLite reported, saying that nothing was lost."""
    code = (getattr(e, "sqlite_errorcode", 0) or 0) & 0xFF
    kept = "nothing was written and every set logged before is kept" if writing else "nothing was changed"
    if code == _FULL:
        return PlannerError(f"{path}: the disk is full: {kept}; free some space and try again")
    if code in (_BUSY, _LOCKED):
        return PlannerError(
            f"{path}: another planner kept the log busy for {timeout:g} s: {kept}; try again when it is done"
        )
    if code == _NOTADB:
        return PlannerError(
            f"{path}: not a planner log (not an SQLite database); name another file with --db or PLANNER_DB"
        )
    if code == _CORRUPT:
        return PlannerError(
            f"{path}: the log is damaged ({e}); planner changes nothing in it: keep a copy, and "
            f"`sqlite3 {path} .recover` may save its sets"
        )
    if code in (_READONLY, _CANTOPEN, _PERM):
        return PlannerError(f"{path}: cannot {'write to' if writing else 'open'} the log ({e}): {kept}")
    if code == _IOERR:
        return PlannerError(f"{path}: the disk failed while writing the log ({e}): {kept}")
    return PlannerError(f"{path}: the log cannot be used ({e}): {kept}")


# ---------------------------------------------------------------------------- opening


def _check_file(path: Path) -> None:
    """A file planner may open as a log. Its bytes are read by SQLite alone: a file opened and
    closed beside an SQLite connection in the same process drops that connection's locks."""
    if path.is_dir():
        raise PlannerError(f"{path}: is a folder; give the log's file name (--db FILE)")


class Log:
    """An open log. Reads are plain queries; every write goes through `writing()`."""

    def __init__(self, path: Path, conn: sqlite3.Connection, timeout: float) -> None:
        self.path = path
        self.conn = conn
        self.timeout = timeout

    # -- opening and closing

    @classmethod
    def open(cls, path: Path, create: bool = True, timeout: float = TIMEOUT) -> Log | None:
        """The log at `path`, made when missing and `create`; None when missing and not."""
        exists = path.exists()
        if not exists and not create:
            return None
        if exists:
            _check_file(path)
        else:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise PlannerError(f"{path}: cannot make the log's folder: {e.strerror or e}") from None
        try:
            conn = sqlite3.connect(path, timeout=timeout, isolation_level=None)
        except sqlite3.Error as e:
            raise failure(path, e, writing=not exists, timeout=timeout) from None
        log = cls(path, conn, timeout)
        try:
            log._prepare()
        except BaseException:
            conn.close()
            raise
        return log

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.conn.close()

    def __enter__(self) -> Log:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _prepare(self) -> None:
        with self.reading():
            app = self.conn.execute("PRAGMA application_id").fetchone()[0]
            version = self.conn.execute("PRAGMA user_version").fetchone()[0]
            tables = [r[0] for r in self.conn.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")]
        if app != APPLICATION_ID and (app != 0 or version != 0 or tables):
            shown = ", ".join(tables[:4]) + (", ..." if len(tables) > 4 else "")
            raise PlannerError(
                f"{self.path}: an SQLite database of another program (tables: {shown or 'none'}), not a "
                "planner log; planner leaves it as it is: name another file with --db or PLANNER_DB"
            )
        if version > SCHEMA:
            raise PlannerError(
                f"{self.path}: a log of a newer planner (schema {version}; this one reads up to {SCHEMA}); "
                "update planner to use it"
            )
        with self.reading():
            self.conn.execute("PRAGMA foreign_keys = ON")
            self.conn.execute("PRAGMA synchronous = FULL")  # a committed set survives a power cut too
        if version < SCHEMA:
            self._migrate(version)

    def _migrate(self, version: int) -> None:
        with self.reading():
            if self.conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                self.conn.execute("PRAGMA journal_mode = WAL")
        with self.writing():
            now = self.conn.execute("PRAGMA user_version").fetchone()[0]  # another process may have done it
            for target in range(now + 1, SCHEMA + 1):
                for statement in MIGRATIONS[target]:
                    self.conn.execute(statement)
            self.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            self.conn.execute(f"PRAGMA user_version = {SCHEMA}")

    # -- transactions

    @contextlib.contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        try:
            yield self.conn
        except sqlite3.Error as e:
            raise failure(self.path, e, writing=False, timeout=self.timeout) from None

    @contextlib.contextmanager
    def writing(self) -> Iterator[sqlite3.Connection]:
        """One transaction: all of it is written, or none of it."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as e:
            raise failure(self.path, e, writing=True, timeout=self.timeout) from None
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except BaseException as e:
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")
            if isinstance(e, sqlite3.Error):
                raise failure(self.path, e, writing=True, timeout=self.timeout) from None
            raise

    # -- writing

    def add(self, session: LoggedSession, entries: list[Entry]) -> LoggedSession:
        """`entries` into the session with `session.key` (made when new), as one batch that
        `undo` takes back whole. Gives the session as stored, with its entries so far."""
        with self.writing() as db:
            batch = self._next_batch(db)
            found = db.execute("SELECT id FROM sessions WHERE key = ?", (session.key,)).fetchone()
            sid = found[0] if found else self._insert_session(db, session)
            for entry in entries:
                self._insert_entry(db, sid, batch, entry)
        return self.session(sid)

    def add_sessions(self, sessions: list[LoggedSession]) -> tuple[list[LoggedSession], list[LoggedSession]]:
        """Whole sessions (an import) as one batch: those whose key the log has not seen are
        added; those it has are left as the log has them. Gives (added, already there)."""
        added, there = [], []
        with self.writing() as db:
            batch = self._next_batch(db)
            for session in sessions:
                if db.execute("SELECT 1 FROM sessions WHERE key = ?", (session.key,)).fetchone():
                    there.append(session)
                    continue
                sid = self._insert_session(db, session)
                for entry in session.entries:
                    self._insert_entry(db, sid, batch, entry)
                added.append(session)
        return added, there

    def replace_entry(self, session_id: int, position: int, entry: Entry, date: str | None = None) -> LoggedSession:
        """The `position`th entry (from 1) of a session, its sets and note replaced."""
        with self.writing() as db:
            eid = self._entry_id(db, session_id, position)
            db.execute("UPDATE entries SET exercise = ?, name = ?, note = ? WHERE id = ?",
                       (entry.exercise, entry.name, entry.note, eid))  # fmt: skip
            db.execute("DELETE FROM sets WHERE entry = ?", (eid,))
            self._insert_sets(db, eid, entry.sets)
            if date is not None:
                db.execute("UPDATE sessions SET date = ? WHERE id = ?", (date, session_id))
        return self.session(session_id)

    def undo(self) -> list[tuple[LoggedSession, Entry]]:
        """Take back the last batch (one `planner log`, or one import): its entries, and the
        sessions it leaves empty. Gives what was taken back."""
        with self.writing() as db:
            row = db.execute("SELECT max(batch) FROM entries").fetchone()
            if row[0] is None:
                return []
            ids = [r[0] for r in db.execute("SELECT id FROM entries WHERE batch = ? ORDER BY id", (row[0],))]
            gone = [self._entry_with_session(db, eid) for eid in ids]
            sessions = {s.id for s, _ in gone}
            db.execute("DELETE FROM entries WHERE batch = ?", (row[0],))
            for sid in sessions:
                if not db.execute("SELECT 1 FROM entries WHERE session = ?", (sid,)).fetchone():
                    db.execute("DELETE FROM sessions WHERE id = ?", (sid,))
        return gone

    @staticmethod
    def _next_batch(db: sqlite3.Connection) -> int:
        return int(db.execute("SELECT coalesce(max(batch), 0) + 1 FROM entries").fetchone()[0])

    @staticmethod
    def _insert_session(db: sqlite3.Connection, s: LoggedSession) -> int:
        cursor = db.execute(
            "INSERT INTO sessions (key, date, time, plan, week, day, title, source, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (s.key, s.date, s.time, s.plan, s.week, s.day, s.title, s.source, s.note),
        )
        return int(cursor.lastrowid or 0)

    def _insert_entry(self, db: sqlite3.Connection, session_id: int, batch: int, entry: Entry) -> None:
        cursor = db.execute(
            "INSERT INTO entries (session, batch, exercise, name, note) VALUES (?, ?, ?, ?, ?)",
            (session_id, batch, entry.exercise, entry.name, entry.note),
        )
        self._insert_sets(db, int(cursor.lastrowid or 0), entry.sets)

    @staticmethod
    def _insert_sets(db: sqlite3.Connection, entry_id: int, sets: list[LoggedSet]) -> None:
        db.executemany(
            "INSERT INTO sets (entry, n, load, unit, reps, seconds, meters, rir) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(entry_id, n, s.load, s.unit, s.reps, s.seconds, s.meters, s.rir) for n, s in enumerate(sets, 1)],
        )

    # -- reading

    def session(self, session_id: int) -> LoggedSession:
        with self.reading() as db:
            found = self._sessions(db, "WHERE s.id = ?", (session_id,))
        if not found:
            raise PlannerError(f"no session {session_id} in the log (`planner log list` shows them)")
        return found[0]

    def sessions(self, where: str = "", params: tuple[object, ...] = ()) -> list[LoggedSession]:
        """Sessions in the order they were trained (date, time, then as logged), in full."""
        with self.reading() as db:
            return self._sessions(db, where, params)

    def _sessions(self, db: sqlite3.Connection, where: str, params: tuple[object, ...]) -> list[LoggedSession]:
        rows = db.execute(
            f"SELECT s.id, s.key, s.date, s.source, s.time, s.plan, s.week, s.day, s.title, s.note "
            f"FROM sessions s {where} ORDER BY s.date, coalesce(s.time, ''), s.id",
            params,
        ).fetchall()
        sessions = {r[0]: LoggedSession(*r[1:], id=r[0]) for r in rows}  # type: ignore[misc]
        if not sessions:
            return []
        entries: dict[int, Entry] = {}
        marks = ",".join("?" * len(sessions)) if len(sessions) <= 500 else None
        scope = f"WHERE e.session IN ({marks})" if marks else ""
        args = tuple(sessions) if marks else ()
        for eid, sid, exercise, name, note in db.execute(
            f"SELECT e.id, e.session, e.exercise, e.name, e.note FROM entries e {scope} ORDER BY e.id", args
        ):
            if sid in sessions:
                entries[eid] = Entry(exercise, name, [], note)
                sessions[sid].entries.append(entries[eid])
        for eid, *values in db.execute(
            f"SELECT st.entry, st.load, st.unit, st.reps, st.seconds, st.meters, st.rir FROM sets st "
            f"JOIN entries e ON e.id = st.entry {scope} ORDER BY st.entry, st.n",
            args,
        ):
            if eid in entries:
                entries[eid].sets.append(LoggedSet(*values))
        return list(sessions.values())

    @staticmethod
    def _entry_id(db: sqlite3.Connection, session_id: int, position: int) -> int:
        ids = [r[0] for r in db.execute("SELECT id FROM entries WHERE session = ? ORDER BY id", (session_id,))]
        if not ids:
            raise PlannerError(f"no session {session_id} in the log (`planner log list` shows them)")
        if not 1 <= position <= len(ids):
            raise PlannerError(f"session {session_id} has entries {session_id}.1 to {session_id}.{len(ids)}")
        return int(ids[position - 1])

    def _entry_with_session(self, db: sqlite3.Connection, entry_id: int) -> tuple[LoggedSession, Entry]:
        sid = db.execute("SELECT session FROM entries WHERE id = ?", (entry_id,)).fetchone()[0]
        session = self._sessions(db, "WHERE s.id = ?", (sid,))[0]
        ids = [r[0] for r in db.execute("SELECT id FROM entries WHERE session = ? ORDER BY id", (sid,))]
        return session, session.entries[ids.index(entry_id)]

    def plan_sets(self, plan_id: str) -> list[PlanSet]:
        """Every set logged for the sessions of one plan, in the order done."""
        with self.reading() as db:
            rows = db.execute(
                "SELECT s.week, s.day, e.exercise, st.load, st.unit, st.reps, st.seconds, st.meters, st.rir "
                "FROM sessions s JOIN entries e ON e.session = s.id JOIN sets st ON st.entry = e.id "
                "WHERE s.plan = ? ORDER BY s.week, s.id, e.id, st.n",
                (plan_id,),
            ).fetchall()
        return [PlanSet(r[0], r[1], r[2], LoggedSet(*r[3:])) for r in rows]

    def exercise_sets(self, exercise: str) -> list[ExerciseSet]:
        """Every set of one exercise, in the order done."""
        with self.reading() as db:
            rows = db.execute(
                "SELECT s.id, s.date, e.name, st.load, st.unit, st.reps, st.seconds, st.meters, st.rir "
                "FROM entries e JOIN sessions s ON s.id = e.session JOIN sets st ON st.entry = e.id "
                "WHERE e.exercise = ? ORDER BY s.date, coalesce(s.time, ''), s.id, e.id, st.n",
                (exercise,),
            ).fetchall()
        return [ExerciseSet(r[0], r[1], r[2], LoggedSet(*r[3:])) for r in rows]

    def exercises(self) -> list[str]:
        with self.reading() as db:
            return [r[0] for r in db.execute("SELECT DISTINCT exercise FROM entries ORDER BY exercise")]

    def count(self) -> tuple[int, int]:
        """(sessions, sets)."""
        with self.reading() as db:
            sessions = db.execute("SELECT count(*) FROM sessions").fetchone()[0]
            sets = db.execute("SELECT count(*) FROM sets").fetchone()[0]
        return int(sessions), int(sets)


@struct(frozen=True)
class PlanSet:
    week: int
    day: str
    exercise: str
    set: LoggedSet


@struct(frozen=True)
class ExerciseSet:
    session: int
    date: str
    name: str
    set: LoggedSet
