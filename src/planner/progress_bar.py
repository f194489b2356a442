"""Progress bars on stderr, for the rare reads and writes that take a while. Drawn with
rich, imported only once a bar is needed: a warm library index loads faster than rich."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


class IndexProgress:
    """A progress bar on stderr while cards are read, drawn only on a terminal and only once
    reading has taken `after` seconds: a warm index loads faster than a bar could be drawn,
    while indexing thousands of new cards takes a while."""

    def __init__(self, after: float = 0.5, console: Any = None) -> None:
        self.clock = time.monotonic
        self.started = self.clock()
        self.after = after
        self.console = console
        self.bar: Any = None
        self.task: Any = None

    def __enter__(self) -> IndexProgress:
        return self

    def __call__(self, done: int, total: int, folder: Path) -> None:
        if self.bar is None:
            if done % 32 or self.clock() - self.started < self.after:
                return
            if self.console is None:
                if not sys.stderr.isatty():
                    self.after = float("inf")  # never: piped or redirected output gets no bar
                    return
                from rich.console import Console

                from planner.streams import styled

                self.console = Console(file=styled(sys.stderr))
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self.bar = Progress(
                TextColumn("reading cards in {task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=self.console,
                transient=True,
            )
            self.bar.start()
            self.task = self.bar.add_task(str(folder), total=total)
        self.bar.update(self.task, completed=done, total=total, description=str(folder))

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


@contextmanager
def counting(label: str) -> Iterator[Callable[[int, int], None] | None]:
    """A bar counting `label` (done of total) on a terminal; None (no bar) elsewhere."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    from planner.streams import styled

    with Progress(console=Console(file=styled(sys.stderr)), transient=True) as bar:
        task = bar.add_task(label, total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)
