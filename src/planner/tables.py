"""Plain-text tables for the listing commands.

`planner list` runs often and should feel instant; rich's import and layout engine cost
about 50 ms, more than everything else `list` does with a warm cache. These tables are
column-aligned text: wrapped to the terminal's width on a terminal, one line per row when
piped (so grep and awk see whole rows)."""

from __future__ import annotations

import shutil
import sys
import textwrap
from collections.abc import Sequence


def terminal_width() -> int | None:
    """The width to wrap to, or None when stdout is not a terminal."""
    if not sys.stdout.isatty():
        return None
    return shutil.get_terminal_size((100, 24)).columns


def render_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    width: int | None = None,
    right: Sequence[int] = (),
    gap: int = 2,
) -> str:
    """Column-aligned rows under an underlined header. Columns wider than their share of
    `width` are wrapped (the widest first); with no width, nothing is wrapped."""
    cells = [[str(c) for c in row] for row in rows]
    widths = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(headers)]
    if width is not None:
        budget = width - gap * (len(headers) - 1)
        while sum(widths) > budget:
            widest = max(range(len(widths)), key=lambda i: widths[i])
            floor = max(len(headers[widest]), 8)
            if widths[widest] <= floor:
                break
            widths[widest] -= 1
    lines = []
    spacer = " " * gap
    if width is None:  # piped: one line per row, nothing to wrap (the common, fast case)
        pad = [str.rjust if i in right else str.ljust for i in range(len(widths))]
        lines.append(spacer.join(p(h, w) for p, h, w in zip(pad, headers, widths, strict=True)).rstrip())
        lines.append(spacer.join("-" * w for w in widths))
        for row in cells:
            lines.append(spacer.join(p(c, w) for p, c, w in zip(pad, row, widths, strict=True)).rstrip())
        return "\n".join(lines) + "\n"

    def emit(row: Sequence[str]) -> None:
        wrapped = [
            [text] if len(text) <= w else textwrap.wrap(text, w, break_on_hyphens=False) or [""]
            for text, w in zip(row, widths, strict=True)
        ]
        for k in range(max(len(w) for w in wrapped)):
            parts = []
            for i, column in enumerate(wrapped):
                text = column[k] if k < len(column) else ""
                parts.append(text.rjust(widths[i]) if i in right else text.ljust(widths[i]))
            lines.append(spacer.join(parts).rstrip())

    emit(list(headers))
    lines.append(spacer.join("-" * w for w in widths))
    for row in cells:
        emit(row)
    return "\n".join(lines) + "\n"
