"""Plain-text tables that respect the terminal.

`planner list` runs often and should feel instant; rich's import and layout engine cost
about 50 ms, more than everything else `list` does with a warm cache. These tables are
column-aligned text with three rules:

- nothing a person types back is ever split: a cell wraps only at spaces, so an id, a
  number with its unit ("22.5 kg", "3 x 10/side", "0 s -> 1 s") or a tempo stays whole,
  and a `fixed` column (ids, doses, codes) does not wrap at all;
- when the columns do not fit the width even at their narrowest, the rows are written as
  a list instead (one entry per row, each field labelled);
- with no width (output to a pipe or file, COLUMNS not set), nothing wraps: one line per
  row, so grep and awk see whole rows.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence

from planner.structs import struct

GAP = 2
SECTION_INDENT = 2  # rows under a section heading sit this far in
LIST_SEPARATOR = " · "
SAMPLE = 300  # rows looked at to decide which column to narrow
LOOKAHEAD = 16  # characters looked ahead: narrowing a column may cost nothing for a while, then a lot


@struct(frozen=True)
class Column:
    header: str
    fixed: bool = False  # never wrapped: ids, doses, tempos, counts
    right: bool = False  # numbers line up on the right


@struct(frozen=True)
class Section:
    """A heading row inside a table ("Warm-up: 1 round"); the rows after it are indented."""

    text: str


@struct(frozen=True)
class Note:
    """A line under the row before it, indented under its first cell ("ramp: ...")."""

    text: str


Row = Sequence[str] | Section | Note


def terminal_width() -> int | None:
    """The width to fit output to: COLUMNS when it is set (so `COLUMNS=80 planner list | less`
    does what it says), else the terminal's width, else None (a pipe or a file: no wrapping)."""
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if not sys.stdout.isatty():
        return None
    import shutil

    return shutil.get_terminal_size((100, 24)).columns


# a space that must not break a line: inside a number with its unit ("30 s", "22.5 kg",
# "3 x 10"), around an arrow between two numbers ("0 s -> 1 s")
_GLUE = re.compile(
    r"(?<=\d) (?=(?:s|kg|lb|m|min|x|reps?|rounds?|sets?)\b|%)|(?<=\bx) (?=\d)|(?<=\d|\bs) (?=->)|(?<=->) (?=\d)"
)
_HARD_SPACE = "\x00"


_DIGIT = re.compile(r"\d")


def tokens(text: str) -> list[str]:
    """The pieces a line may break between: words, with numbers kept with their units."""
    if _DIGIT.search(text) is None:  # no number to keep whole (most cells): the quick way
        return text.split()
    return [t.replace(_HARD_SPACE, " ") for t in _GLUE.sub(_HARD_SPACE, text).split(" ") if t]


def wrap(text: str, width: int) -> list[str]:
    """Greedy word wrap at spaces only; a piece longer than `width` stays whole on its own line."""
    lines: list[str] = []
    line = ""
    for token in tokens(text):
        if not line:
            line = token
        elif len(line) + 1 + len(token) <= width:
            line += " " + token
        else:
            lines.append(line)
            line = token
    lines.append(line)
    return lines


def render_table(
    headers: Sequence[str | Column],
    rows: Sequence[Row],
    *,
    width: int | None = None,
    right: Sequence[int] = (),
    gap: int = GAP,
) -> str:
    """Rows under an underlined header, fitted to `width` (None: no limit, nothing wraps).
    Plain-string headers name columns that may wrap; `right` right-aligns columns by index."""
    columns = [h if isinstance(h, Column) else Column(h, right=i in right) for i, h in enumerate(headers)]
    # (Section, Note): a tuple of kinds is checked faster than a union
    cells = [list(map(str, row)) for row in rows if not isinstance(row, (Section, Note))]
    indent = SECTION_INDENT if any(isinstance(row, Section) for row in rows) else 0
    longest = [max(map(len, column)) for column in zip(*cells, strict=True)] if cells else [0] * len(columns)
    natural = [max(len(c.header), n) for c, n in zip(columns, longest, strict=True)]
    if width is None or sum(natural) <= (budget := width - indent - gap * (len(columns) - 1)):
        return _lay_out(columns, rows, natural, width, indent, gap)
    narrowest = [_narrowest(c, [r[i] for r in cells]) for i, c in enumerate(columns)]
    if sum(narrowest) > budget:
        return list_layout(columns, rows, width)
    return _lay_out(columns, rows, _fit(columns, cells, natural, narrowest, budget), width, indent, gap)


def _fit(
    columns: list[Column], cells: list[list[str]], natural: list[int], narrowest: list[int], budget: int
) -> list[int]:
    """Column widths that add up to `budget`, narrowed where it costs the fewest wrapped
    lines per character given up. A line wrapped in the first column that may wrap counts
    double: that column (a name) says what the row is. Judged on up to SAMPLE rows, so that
    a table of thousands stays quick."""
    widths = list(natural)
    sample = cells[:: max(1, len(cells) // SAMPLE)]
    first = next((k for k, c in enumerate(columns) if not c.fixed), -1)
    # each sampled cell's length and, for those that may wrap, its pieces' lengths
    pieces = [[(len(r[k]), [len(t) for t in tokens(r[k])]) for r in sample] for k in range(len(columns))]
    lines_at: dict[tuple[int, int], int] = {}

    def lines(k: int, w: int) -> int:
        if (k, w) not in lines_at:
            lines_at[k, w] = sum(1 if size <= w else _line_count(lengths, w) for size, lengths in pieces[k])
        return lines_at[k, w]

    while (need := sum(widths) - budget) > 0:
        best: tuple[float, int, int, int] | None = None  # (cost per character, -width, column, by)
        for k in range(len(widths)):
            for by in range(1, min(need, widths[k] - narrowest[k], LOOKAHEAD) + 1):
                cost = (lines(k, widths[k] - by) - lines(k, widths[k])) * (2 if k == first else 1) / by
                if best is None or (cost, -widths[k]) < best[:2]:
                    best = (cost, -widths[k], k, by)
        assert best is not None  # the columns' narrowest widths fit the budget
        widths[best[2]] -= best[3]
    return widths


def _line_count(lengths: list[int], width: int) -> int:
    """How many lines `wrap` makes of pieces this long (one line when there are none)."""
    count, line = 1, -1
    for n in lengths:
        if line >= 0 and line + 1 + n > width:
            count, line = count + 1, n
        else:
            line = n if line < 0 else line + 1 + n
    return count


def _narrowest(column: Column, values: list[str]) -> int:
    """The least width a column can take: its widest value when fixed, else its longest
    unbreakable piece (the header wraps too)."""
    header = max(len(t) for t in tokens(column.header)) if column.header.strip() else 0
    if column.fixed:
        return max([header, *(len(v) for v in values)])
    return max([header, *(len(t) for v in values for t in tokens(v))])


def _lay_out(
    columns: list[Column], rows: Sequence[Row], widths: list[int], width: int | None, indent: int, gap: int
) -> str:
    spacer = " " * gap
    lines: list[str] = []

    pads = [str.rjust if c.right else str.ljust for c in columns]

    def emit(values: Sequence[str], pad: int) -> None:
        if width is None or all(len(v) <= w for v, w in zip(values, widths, strict=True)):  # one line: the usual case
            line = spacer.join([p(v, w) for p, v, w in zip(pads, values, widths, strict=True)])
            lines.append((" " * pad + line).rstrip())
            return
        wrapped = [[v] if len(v) <= w else wrap(v, w) for v, w in zip(values, widths, strict=True)]
        for k in range(max(len(w) for w in wrapped)):
            parts = []
            for i, column in enumerate(wrapped):
                text = column[k] if k < len(column) else ""
                parts.append(text.rjust(widths[i]) if columns[i].right else text.ljust(widths[i]))
            lines.append((" " * pad + spacer.join(parts)).rstrip())

    emit([c.header for c in columns], indent)
    lines.append(" " * indent + spacer.join("-" * w for w in widths))
    under = indent + 2
    for row in rows:
        if isinstance(row, Section):
            lines.extend(wrap(row.text, width) if width else [row.text])
        elif isinstance(row, Note):
            room = None if width is None else max(width - under, 20)
            lines.extend(" " * under + part for part in (wrap(row.text, room) if room else [row.text]))
        else:
            emit(row, indent)
    return "\n".join(lines) + "\n"


def list_layout(columns: Sequence[Column], rows: Sequence[Row], width: int) -> str:
    """Rows too wide for a table: each as a title line (its first field, with the first
    fixed field such as an id when the first is a name), then the other fields, labelled,
    wrapped under it."""
    key = next((i for i, c in enumerate(columns) if c.fixed), None)
    title = [0] if columns[0].fixed or key is None else [0, key]
    lines: list[str] = []
    for row in rows:
        if isinstance(row, Section):
            lines.extend(wrap(row.text, width))
            continue
        if isinstance(row, Note):
            lines.extend("    " + part for part in wrap(row.text, width - 4))
            continue
        values = [str(c) for c in row]
        lines.extend(wrap_fields([values[i] for i in title if values[i].strip()], width))
        fields = [
            f"{c.header}: {v}"
            for i, (c, v) in enumerate(zip(columns, values, strict=True))
            if i not in title and v.strip()
        ]
        lines.extend("  " + part for part in wrap_fields(fields, width - 2))
    return "\n".join(lines) + "\n"


def wrap_fields(fields: Sequence[str], width: int) -> list[str]:
    """Labelled fields joined by " · ", a line broken between fields where one fits whole."""
    lines: list[str] = []
    line = ""
    for text in fields:
        joined = f"{line}{LIST_SEPARATOR}{text}" if line else text
        if len(joined) <= width:
            line = joined
            continue
        if line:
            lines.append(line)
        parts = wrap(text, width)
        lines.extend(parts[:-1])
        line = parts[-1]
    if line:
        lines.append(line)
    return lines
