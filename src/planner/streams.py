"""stdout and stderr for one run of planner, made safe for whatever they are attached to.

- A write that fails ends the run with a clear code instead of a traceback: the reader of
  a pipe leaving (`planner list | head`) is not an error (exit 0, silently); a full disk
  or a closed stdout is (exit 1, one line on stderr). A failure on stderr is ignored,
  since there is nowhere left to report it.
- A terminal or a file in an encoding other than UTF-8 gets ASCII stand-ins for what it
  cannot show (· becomes -, é becomes e) instead of a UnicodeEncodeError.
- Control characters in text (an ESC in a card's name, a file name that is not UTF-8) are
  made visible (text.visible) before they reach the terminal. Rich, which writes its own
  escape sequences for colour and progress bars, is given the unfiltered twin of each
  stream (`styled`).
- A standard descriptor that was closed when planner started is held open on /dev/null,
  so that no file planner opens can take its number and receive its output.

The CLI's entry point wraps a run in `guarded()`; the core never writes to either stream."""

from __future__ import annotations

import codecs
import contextlib
import errno
import io
import os
import sys
from collections.abc import Iterator
from typing import Any, TextIO

from planner.text import ascii_fallback, visible

FALLBACK = "planner-fallback"


class OutputError(Exception):
    """stdout could not be written. Not a PlannerError, so that nothing in the core that
    catches those can swallow it; `reader_left` is a broken pipe."""

    def __init__(self, reason: str, reader_left: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.reader_left = reader_left


def _fallback(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start : error.end]
    return "".join(ascii_fallback(c) for c in text), error.end


codecs.register_error(FALLBACK, _fallback)


class _Descriptor(io.RawIOBase):
    """The file descriptor under stdout or stderr. On stdout (`required`) a failed write
    raises OutputError once; on stderr it is dropped. Later writes are dropped either way,
    so the interpreter's last flush cannot fail again."""

    def __init__(self, fd: int, name: str, required: bool, missing: bool) -> None:
        super().__init__()
        self.fd = fd
        self.name_ = name
        self.required = required
        self.missing = missing  # closed when planner started
        self.failed = False

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self.fd

    def isatty(self) -> bool:
        return not self.missing and os.isatty(self.fd)

    def write(self, data: Any) -> int:
        size = len(memoryview(data))
        if self.failed:
            return size
        if self.missing:
            self.failed = True
            if self.required:
                raise OutputError(f"{self.name_} is closed")
            return size
        try:
            return os.write(self.fd, data)
        except OSError as e:
            self.failed = True
            if self.required:
                reason = f"{self.name_}: {e.strerror or e}"
                raise OutputError(reason, reader_left=e.errno in (errno.EPIPE, errno.ECONNRESET)) from None
            return size

    def close(self) -> None:  # the descriptor is the process's, not this object's
        self.flush()


class _Text(io.TextIOWrapper):
    """A text stream over a _Descriptor. `filtered` streams make control characters
    visible; a stream whose target is ASCII is given ASCII only and says it is UTF-8 (the
    same bytes), so that Typer does not think it misconfigured and write UTF-8 around it."""

    filtered: bool
    ascii_only: bool
    eager: bool  # flush every write, as Python's own stream does under -u / PYTHONUNBUFFERED

    def write(self, s: str) -> int:
        out = visible(s) if self.filtered else s
        if self.ascii_only and not out.isascii():
            out = out.encode("ascii", FALLBACK).decode("ascii")
        super().write(out)
        if self.eager:
            self.flush()
        return len(s)

    def close(self) -> None:  # shared with its twin, and the descriptor is not ours to close
        with contextlib.suppress(OutputError, ValueError):
            self.flush()


def _twins(fd: int, name: str, original: Any, required: bool, missing: bool) -> tuple[_Text, _Text]:
    """A filtered text stream on `fd` and its unfiltered twin, sharing one buffer (each
    writes straight through to it, so their output stays in order), buffered as Python
    buffers the stream they replace: stderr by line, stdout by line on a terminal, each
    not at all under -u."""
    raw = _Descriptor(fd, name, required, missing)
    buffer = io.BufferedWriter(raw)
    encoding = getattr(original, "encoding", None) or "utf-8"
    by_line = raw.isatty() or fd == 2 or bool(getattr(original, "line_buffering", False))
    eager = original is not None and not isinstance(getattr(original, "buffer", None), io.BufferedWriter)
    try:
        ascii_only = codecs.lookup(encoding).name == "ascii"
    except LookupError:
        encoding, ascii_only = "utf-8", False
    out = []
    for filtered in (True, False):
        stream = _Text(
            buffer,
            encoding="utf-8" if ascii_only else encoding,
            errors=FALLBACK,
            line_buffering=by_line,
            write_through=True,
        )
        stream.filtered = filtered
        stream.ascii_only = ascii_only
        stream.eager = eager
        out.append(stream)
    return out[0], out[1]


_styled: dict[int, TextIO] = {}


def styled(stream: TextIO) -> TextIO:
    """The unfiltered twin of a guarded stream (for rich, which writes its own escape
    sequences); any other stream as it is."""
    return _styled.get(id(stream), stream)


def _hold_closed_descriptors() -> set[int]:
    """Open /dev/null on each standard descriptor that is closed; the ones that were."""
    closed = set()
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            closed.add(fd)
    for fd in sorted(closed):
        null = os.open(os.devnull, os.O_RDWR)
        if null != fd:
            os.dup2(null, fd)
            os.close(null)
    return closed


@contextlib.contextmanager
def guarded() -> Iterator[None]:
    """sys.stdout and sys.stderr replaced by guarded streams for the duration, when they
    are the process's own (a test that captures them keeps its capture). stdout is
    flushed on the way out, inside the guard, so a failure there raises OutputError."""
    real = sys.stdout is sys.__stdout__ and sys.stderr is sys.__stderr__
    if not real:
        yield
        return
    closed = _hold_closed_descriptors()
    saved = sys.stdout, sys.stderr
    streams = []
    for fd, name, original in ((1, "stdout", saved[0]), (2, "stderr", saved[1])):
        filtered, unfiltered = _twins(fd, name, original, required=fd == 1, missing=fd in closed)
        _styled[id(filtered)] = unfiltered
        streams.append(filtered)
    with contextlib.suppress(OSError, ValueError):  # anything already written goes first
        if saved[0] is not None:
            saved[0].flush()
    sys.stdout, sys.stderr = streams
    try:
        yield
        sys.stdout.flush()
    finally:
        with contextlib.suppress(OutputError):
            sys.stderr.flush()
        _styled.clear()
        sys.stdout, sys.stderr = saved
