"""`planner import card`: exercise cards from plain text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from planner.commands.env import Env, library_sources
from planner.commands.new import into_folder
from planner.structs import struct


@struct
class CardImports:
    results: list[Any]  # importers.card.CardImport, one per file


def run(
    env: Env,
    files: list[Path],
    into: Path | None,
    primary: list[str],
    secondary: list[str],
    equipment: list[str] | None,
    blocks: list[str],
    force: bool,
) -> CardImports:
    from planner.importers.card import CardOptions, import_cards

    options = CardOptions(primary, secondary, equipment, blocks)
    return CardImports(import_cards(files, into_folder(into), options, library_sources(env), force))
