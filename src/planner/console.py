"""The `planner` program: the cycle collector tuned for a short run, then the command line.

Why: a command allocates a few hundred thousand objects and ends within a second, and with
Python's default thresholds the collector ran 51 times during one `planner plan` (8 ms of
its 150, measured with gc.callbacks), each pass looking again at the imported modules'
objects. Collecting when 50,000 new objects are waiting, not 700, leaves one pass. Cycles
are still collected, so a long `planner calendar serve` keeps its memory bounded. Library
users (and the tests) import planner.cli and keep Python's defaults.

At exit Python collects once more, through every object left, to run the finalizers of
garbage cycles; planner leaves none that need one (every file is closed where it is
written, every database connection where it is used), so the objects are frozen out of
that pass, 3 ms after a plan.
"""

import gc


def main() -> None:
    gc.set_threshold(50_000, 20, 20)
    from planner.cli import main as run

    try:
        run()
    finally:
        gc.freeze()
