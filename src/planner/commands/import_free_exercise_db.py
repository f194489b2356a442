"""`planner import free-exercise-db`: the public-domain data set, one card per exercise."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from planner.commands.env import Env
from planner.commands.new import into_folder
from planner.structs import struct


@struct
class DataSetImport:
    file: Path
    into: Path
    report: Any  # importers.free_exercise_db's report


def builtin_ids() -> set[str]:
    """Ids an import must not take: a card there would hide the built-in card of that id."""
    from planner.library import exercise_files
    from planner.resources import builtin_library_dir

    return {p.stem for p in exercise_files(builtin_library_dir())}


def run(env: Env, file: Path, into: Path | None, force: bool) -> DataSetImport:
    from planner.importers.free_exercise_db import import_file

    target = into_folder(into)
    with env.counting("Writing cards") as progress:
        report = import_file(file, target, builtin_ids(), force, progress)
    return DataSetImport(file, target, report)
