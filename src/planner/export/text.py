"""Text from files people edit, made safe for the files planner writes for other programs.

A card name or a plan's title may hold control characters (NUL, BEL, ESC, DEL, C1 codes),
line breaks or, from a JSON plan, lone surrogates. Calendar parsers (libical, ics-py)
reject a whole file over one of them, a PDF font has no glyph for them, a FIT string must
be valid UTF-8, and a CSV row or a Liftoscript line must stay one line. Every export takes
the plan through `clean_plan` first, so no format has to remember this."""

from __future__ import annotations

import re
from typing import Any

from planner.records import Plan, from_data, to_data

# Line breaks and tabs become spaces; other C0 and C1 controls and DEL are dropped; a lone
# surrogate (only a JSON plan can carry one) becomes U+FFFD, which every format can encode.
_BREAKS = re.compile(r"[\t\n\x0b\x0c\r\x85\u2028\u2029]+")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
_SURROGATES = re.compile(r"[\ud800-\udfff]")


def one_line(text: str) -> str:
    """The text as one printable line: breaks as spaces, control characters gone."""
    if text.isprintable():  # the common case, checked at C speed
        return text
    text = _BREAKS.sub(" ", text)
    text = _CONTROLS.sub("", text)
    return _SURROGATES.sub("\ufffd", text)


def _cleaned(value: Any) -> Any:
    if isinstance(value, str):
        return one_line(value)
    if isinstance(value, list):
        return [_cleaned(v) for v in value]
    if isinstance(value, dict):
        return {k: _cleaned(v) for k, v in value.items()}
    return value


def _dirty(value: Any) -> bool:
    if isinstance(value, str):
        return not value.isprintable() and one_line(value) != value
    if isinstance(value, list):
        return any(_dirty(v) for v in value)
    if isinstance(value, dict):
        return any(_dirty(k) or _dirty(v) for k, v in value.items())
    if hasattr(value, "__dict__"):  # a plan record
        return any(_dirty(v) for v in value.__dict__.values())
    return False


def clean_plan(plan: Plan) -> Plan:
    """The plan with every piece of text on one line and free of control characters (a
    copy when anything had to change; most plans need nothing)."""
    if not _dirty(plan):
        return plan
    return from_data(Plan, _cleaned(to_data(plan)))
