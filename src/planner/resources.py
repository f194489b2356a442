"""Where the built-in library lives, installed or in a checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def builtin_library_dir() -> Path:
    # A wheel carries the library inside the package (pyproject force-includes it);
    # an editable install or a plain checkout reads the repository's library/ folder.
    packaged = Path(__file__).resolve().parent / "library"
    if (packaged / "vocab.toml").is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "library"
