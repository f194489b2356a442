"""SHA-256 and BLAKE2b without OpenSSL.

`hashlib` loads the OpenSSL library when it is imported, a few milliseconds of every
command that only needs a cache key or a seed. Python builds both algorithms in as modules
of their own, which give the same digests; `hashlib` remains the fallback.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, Protocol


class Hash(Protocol):
    def digest(self) -> bytes: ...

    def hexdigest(self) -> str: ...


def _builtin(modules: tuple[str, ...], name: str) -> Callable[..., Hash]:
    for module in modules:
        try:
            found: Any = getattr(importlib.import_module(module), name)
        except (ImportError, AttributeError):
            continue
        return found  # type: ignore[no-any-return]
    import hashlib

    fallback: Callable[..., Hash] = getattr(hashlib, name)
    return fallback


sha256 = _builtin(("_sha256", "_sha2"), "sha256")  # _sha2 from Python 3.12
blake2b = _builtin(("_blake2",), "blake2b")
