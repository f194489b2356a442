"""Reading the files people give planner (cards, plans, profiles, imports): regular files
only, read with a size cap, and TOML parsed within a bound on its complexity.

A FIFO or /dev/zero given as a plan would be read until memory runs out; a 30 MB plan
takes half a minute to parse; a key of thirty thousand dotted parts costs the TOML parser
minutes (its work grows with the square of the parts); arrays nested a thousand deep
exhaust Python's recursion. Each is refused here, quickly, with a message that names the
file and what would be right."""

from __future__ import annotations

import math
import os
import re
import stat
from pathlib import Path
from typing import Any

from planner.errors import PlannerError

MAX_DEPTH = 32  # lists and tables inside each other; a plan file uses ten levels
MAX_KEY_PARTS = 32  # parts of one dotted key or table header; planner's files use three
INT64 = (-(2**63), 2**63 - 1)  # what a TOML integer may hold


class BadFile(PlannerError):
    """A file that cannot be used, with the line or field at fault when known."""

    def __init__(self, path: Path | str, message: str, line: int | None = None, field: str | None = None) -> None:
        where = f"{path}:{line}" if line is not None else str(path)
        super().__init__(f"{where}: {field + ': ' if field else ''}{message}")
        self.path = Path(path)
        self.problem = message
        self.line = line
        self.field = field


def size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.0f} MiB"
    if size >= 1024:
        return f"{size / 1024:.0f} KiB"
    return f"{size} bytes"


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_bytes(path: Path | str, limit: int, what: str) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; BadFile otherwise. A pipe
    or a device is refused without reading from it (and without waiting for a writer)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise BadFile(path, "no such file") from None
    except IsADirectoryError:
        raise BadFile(path, f"is a folder; give a {what}") from None
    except OSError as e:
        raise BadFile(path, f"cannot read: {e.strerror or e}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise BadFile(path, f"is a folder; give a {what}")
        if not stat.S_ISREG(info.st_mode):
            raise BadFile(path, f"is {_kind(info.st_mode)}, not a file; give a {what}")
        if info.st_size > limit:
            raise BadFile(path, f"is {size_text(info.st_size)}; a {what} is at most {size_text(limit)}")
        chunks = []
        total = 0
        while True:
            chunk = os.read(fd, max(limit + 1 - total, 1))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # it grew while being read
                raise BadFile(path, f"is over {size_text(limit)}; a {what} is at most that")
        return b"".join(chunks)
    except OSError as e:
        raise BadFile(path, f"cannot read: {e.strerror or e}") from None
    finally:
        os.close(fd)


def read_text(path: Path | str, limit: int, what: str) -> str:
    """A regular file of at most `limit` bytes, as UTF-8 text."""
    data = read_bytes(path, limit, what)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise BadFile(path, "not a UTF-8 text file (save it as UTF-8)", line=line) from None


# ---------------------------------------------------------------------------- TOML

_TOML_LINE = re.compile(r"\(at line (\d+), column \d+\)$")
_BARE = re.compile(r"[A-Za-z0-9_\-]+")
_TRIPLE_BASIC_END = re.compile(r'(?:\\.|[^"\\]|"(?!""))*"""', re.DOTALL)


def _longest_dotted_key(text: str) -> tuple[int, int]:
    """(parts, line) of the longest chain `a.b."c".d` outside strings and comments.
    Linear in the text; a value such as 1.5 counts as two parts, harmlessly."""
    best = (0, 0)
    chain = 0
    after_dot = False
    i, n, line = 0, len(text), 1
    while i < n:
        c = text[i]
        if c in " \t\r":
            i += 1
            continue
        if c == "\n":
            line += 1
            chain, after_dot = 0, False
            i += 1
            continue
        if c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        if c == ".":
            after_dot = True
            i += 1
            continue
        if c in "\"'":
            if text.startswith(c * 3, i):  # a multi-line string: a value, never a key
                if c == '"':
                    m = _TRIPLE_BASIC_END.match(text, i + 3)
                    end = n if m is None else m.end()
                else:
                    end = text.find("'''", i + 3)
                    end = n if end < 0 else end + 3
                line += text.count("\n", i, end)
                i = end
                chain, after_dot = 0, False
                continue
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if c == '"' and text[j] == "\\" else 1
            i = j + 1
        else:
            m = _BARE.match(text, i)
            if m is None:  # =, [, ], {, }, a comma: the chain ends here
                chain, after_dot = 0, False
                i += 1
                continue
            i = m.end()
        chain = chain + 1 if after_dot and chain else 1
        after_dot = False
        if chain > best[0]:
            best = (chain, line)
    return best


def _check_keys(text: str, path: Path | str) -> None:
    # Only a line with that many dots can hold such a key: the exact scan runs only then.
    if not any(line.count(".") >= MAX_KEY_PARTS for line in text.splitlines()):
        return
    parts, line = _longest_dotted_key(text)
    if parts > MAX_KEY_PARTS:
        raise BadFile(path, f"a dotted key of {parts} parts; at most {MAX_KEY_PARTS} are read", line=line)


def parse_toml(text: str, path: Path | str) -> dict[str, Any]:
    """TOML text as data; BadFile (with the line when the parser gives one) when it is not
    TOML, or is too complex to read quickly or too deeply nested to use."""
    import tomllib  # here: a plan whose data files are remembered (toml_memo.py) never parses TOML

    _check_keys(text, path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        message = str(e)
        m = _TOML_LINE.search(message)
        if m:
            raise BadFile(path, "TOML syntax: " + message[: m.start()].strip(), line=int(m.group(1))) from None
        raise BadFile(path, "TOML syntax: " + message) from None
    except RecursionError:
        raise BadFile(path, f"values nested too deeply; at most {MAX_DEPTH} levels are read") from None
    except ValueError as e:  # an integer of thousands of digits
        raise BadFile(path, f"TOML value out of range: {e}") from None
    deep = too_deep(data)
    if deep is not None:
        raise BadFile(path, f"nested more than {MAX_DEPTH} levels deep", field=deep)
    return data


def read_toml(path: Path | str, limit: int, what: str) -> dict[str, Any]:
    """A TOML file of at most `limit` bytes, read by read_text and parse_toml."""
    return parse_toml(read_text(path, limit, what), path)


def too_deep(data: Any, limit: int = MAX_DEPTH) -> str | None:
    """The place (dotted path) where `data` nests deeper than `limit`, or None. Iterative,
    so that any depth is safe to look at."""
    stack: list[tuple[Any, int, str]] = [(data, 0, "")]
    while stack:
        value, depth, where = stack.pop()
        if isinstance(value, dict):
            items: Any = value.items()
        elif isinstance(value, list):
            items = enumerate(value)
        else:
            continue
        if depth >= limit:
            return where or "(top)"
        for key, item in items:
            if isinstance(item, (dict, list)):
                stack.append((item, depth + 1, f"{where}.{key}" if where else str(key)))
    return None


def value_problem(value: Any) -> str | None:
    """What makes one scalar unusable in a file planner writes back or exports as JSON:
    a float that is not finite, an integer TOML cannot hold."""
    if isinstance(value, float) and not math.isfinite(value):
        return f"{value} is not a number planner can use; give a finite number"
    if isinstance(value, int) and not isinstance(value, bool) and not INT64[0] <= value <= INT64[1]:
        return "the number is too large for TOML (at most 9223372036854775807)"
    return None


MAX_TEMPLATE_BYTES = 1024 * 1024


def toml_files(folder: Path) -> list[Path]:
    """The .toml files in `folder`, sorted; none for a folder this user may not enter."""
    try:
        return sorted(folder.glob("*.toml"))
    except OSError:
        return []


def is_file(path: Path) -> bool:
    """Path.is_file, False (not an exception) for a folder this user may not enter: the
    library's reading reports that folder once."""
    try:
        return path.is_file()
    except OSError:
        return False
