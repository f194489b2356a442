"""`planner new`: a blank card with every field present, to fill in."""

from __future__ import annotations

from pathlib import Path

from planner.commands.env import Env, open_library
from planner.structs import field, struct


@struct
class NewCard:
    path: Path
    notes: list[str] = field(default_factory=list)


def into_folder(into: Path | None) -> Path:
    """Where new cards go: --into, or the user's library folder."""
    from planner.library import user_library_dir

    return into.expanduser() if into is not None else user_library_dir()


def run(
    env: Env, name: str, primary: list[str], equipment: list[str] | None, into: Path | None, force: bool
) -> NewCard:
    from planner.importers.skeleton import new_card

    path = new_card(name, into_folder(into), primary, equipment, force)
    notes = [f"wrote {path}: fill in each value that starts with TODO, then run: planner validate {path}"]
    other = replaced_card(env, path)
    if other is not None:
        notes.append(
            f"note: {other} has the id {path.stem} too; where this card's folder comes later among the "
            "library folders, it replaces that card once filled in. To keep both, give this card another name."
        )
    return NewCard(path, notes)


def replaced_card(env: Env, path: Path) -> Path | None:
    """The card of another library folder that a card at `path` would replace, if any."""
    _, lib = open_library(env)
    other = lib.paths.get(path.stem)
    if other is None or Path(other).resolve() == path.resolve():
        return None
    return Path(other)
