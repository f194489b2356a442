"""Calendars that follow a plan: the ICS export with its history, a published file for a
synced folder, and a small server on 127.0.0.1 that calendar apps subscribe to.

The history (`calendar-events.json` in the user data folder) remembers, per event UID, a
digest of what was last written, its SEQUENCE and when it changed. That is how SEQUENCE
grows exactly when an event's content changes: clients that compare SEQUENCE (Google,
Outlook) take the update, and an unchanged event is written byte for byte as before.
Deleting the file only restarts the counts."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import threading
from collections.abc import Callable, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from planner.atomic import atomic_write_text
from planner.errors import PlannerError
from planner.export import ExportOptions, export_clock, ics_calendar
from planner.export.ics import EventState
from planner.records import Plan
from planner.structs import replace

HISTORY_VERSION = 1
HISTORY_LIMIT = 20_000  # events kept, the most recently changed first
DEFAULT_REFRESH = 60  # minutes between a subscribed client's fetches
_lock = threading.Lock()  # the server answers requests in threads; one history write at a time


def history_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("planner", appauthor=False)) / "calendar-events.json"


def load_history(path: Path) -> dict[str, EventState]:
    """The events written before; an unreadable or foreign file counts as none (it is only
    bookkeeping: the calendar is still right, its SEQUENCE numbers restart)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        events = data["events"] if data.get("version") == HISTORY_VERSION else {}
        return {
            uid: EventState(str(d), int(n), dt.datetime.strptime(s, "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.UTC))
            for uid, (d, n, s) in events.items()
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def save_history(path: Path, before: Mapping[str, EventState], written: Mapping[str, EventState]) -> None:
    merged = {**before, **written}
    if merged == dict(before):
        return  # nothing new: leave the file alone
    newest = sorted(merged.items(), key=lambda kv: kv[1].stamp, reverse=True)[:HISTORY_LIMIT]
    events = {uid: [s.digest, s.sequence, s.stamp.strftime("%Y%m%dT%H%M%SZ")] for uid, s in sorted(newest)}
    with contextlib.suppress(PlannerError):  # a read-only home folder must not stop an export
        atomic_write_text(
            path, json.dumps({"version": HISTORY_VERSION, "events": events}, indent=0) + "\n", overwrite=True
        )


def calendar_bytes(plan: Plan, options: ExportOptions, path: Path | None = None) -> bytes:
    """The plan's calendar, SEQUENCE and stamps from the history, which it then updates."""
    path = path or history_path()
    with _lock:
        before = load_history(path)
        cal = ics_calendar(plan, replace(options, history=before))
        save_history(path, before, cal.events)
    return cal.data


# ---------------------------------------------------------------------------- publish


def calendar_file_name(plan_file: Path, name: str | None) -> str:
    stem = (name or plan_file.stem).strip()
    if not stem or "/" in stem or "\\" in stem or stem in (".", ".."):
        raise PlannerError(f"--name: {name!r} is not a file name; use letters, digits and hyphens, e.g. training")
    return stem if stem.lower().endswith(".ics") else f"{stem}.ics"


def publish(plan: Plan, plan_file: Path, folder: Path, options: ExportOptions, name: str | None = None) -> Path:
    """Write the plan's calendar into `folder` (a synced folder a calendar app subscribes
    to), replacing the calendar this command wrote there before. A file planner did not
    write is never replaced."""
    if folder.exists() and not folder.is_dir():
        raise PlannerError(f"--dir: {folder} is a file; give a folder")
    target = folder / calendar_file_name(plan_file, name)
    if target.exists() and not _written_by_planner(target):
        raise PlannerError(f"{target}: exists and is not a calendar planner published; choose another --name or --dir")
    data = calendar_bytes(plan, options)
    from planner.atomic import atomic_write_bytes

    atomic_write_bytes(target, data, overwrite=True)
    return target


def _written_by_planner(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            head = f.read(200)
    except OSError:
        return False
    return head.startswith(b"BEGIN:VCALENDAR\r\nPRODID:-//planner//")


# ---------------------------------------------------------------------------- serve


def make_server(
    plan_file: Path,
    read: Callable[[Path], Plan],
    options: ExportOptions,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    log: Callable[[str], None] = lambda line: None,
) -> ThreadingHTTPServer:
    """A server that answers GET /<name>.ics (and /) with the calendar of the plan file as
    it is at that moment: the file is read again for every request, so a subscribed client
    sees every edit at its next refresh. Port 0 picks a free port (server.server_port)."""
    name = calendar_file_name(plan_file, None)

    class Handler(BaseHTTPRequestHandler):
        def version_string(self) -> str:
            return "planner"

        def do_HEAD(self) -> None:
            self._answer(body=False)

        def do_GET(self) -> None:
            self._answer(body=True)

        def _answer(self, body: bool) -> None:
            path = self.path.split("?", 1)[0]
            if path not in ("/", f"/{name}"):
                self._send(
                    404, b"not found: the calendar is at /" + name.encode() + b"\n", "text/plain; charset=utf-8", body
                )
                return
            try:
                plan = read(plan_file)
                data = calendar_bytes(plan, replace(options, now=export_clock(os.environ)))
            except PlannerError as e:
                log(f"error: {e.message}")
                self._send(503, (e.message + "\n").encode("utf-8"), "text/plain; charset=utf-8", body)
                return
            tag = '"' + hashlib.sha256(data).hexdigest()[:32] + '"'
            if self.headers.get("If-None-Match") == tag:
                self._send(304, b"", None, False, {"ETag": tag})
                return
            headers = {"ETag": tag, "Content-Disposition": f'inline; filename="{name}"', "Cache-Control": "no-cache"}
            self._send(200, data, "text/calendar; charset=utf-8", body, headers)

        def _send(
            self, code: int, data: bytes, kind: str | None, body: bool, headers: Mapping[str, str] | None = None
        ) -> None:
            self.send_response(code)
            if kind:
                self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            if body and data:
                self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:  # http.server's own name
            log(f"{self.address_string()} {format % args}")

    try:
        return ThreadingHTTPServer((host, port), Handler)
    except OSError as e:
        raise PlannerError(f"--port: cannot listen on {host}:{port}: {e.strerror or e}") from None
