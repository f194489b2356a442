"""Turn plain data read from a TOML file into typed, frozen records, or say in one line
which field is wrong and what it should be.

The coaching data (rules, goals, splits, session templates) is read on every `planner plan`,
so this is a small converter driven by the field types of @struct records, not pydantic: importing
pydantic alone would cost more than composing the plan.
"""

from __future__ import annotations

import inspect
import math
import sys
import types
import typing
from collections.abc import Mapping
from typing import Any, Literal, TypeVar, Union, get_args, get_origin

from planner.structs import fields, is_struct, required_fields

T = TypeVar("T")


class DataError(ValueError):
    """A value that does not fit its field: `where` is the dotted path to it."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}" if where else message)
        self.where = where
        self.message = message


def build(kind: type[T], value: Any, where: str = "") -> T:
    """`value` as an instance of the record class `kind`, every field checked against its type."""
    return typing.cast(T, _convert(kind, value, where))


@typing.no_type_check
def _convert(kind: Any, value: Any, where: str) -> Any:
    origin = get_origin(kind)
    if is_struct(kind):
        return _record(kind, value, where)
    if origin is Literal:
        choices = get_args(kind)
        if value not in choices:
            raise DataError(where, f"must be one of {', '.join(map(str, choices))}, not {value!r}")
        return value
    if origin in (Union, types.UnionType):
        options = get_args(kind)
        if value is None and type(None) in options:
            return None
        errors = []
        for option in options:
            if option is type(None):
                continue
            try:
                return _convert(option, value, where)
            except DataError as e:
                errors.append(e.message)
        raise DataError(where, " or ".join(dict.fromkeys(errors)))
    if origin is list:
        (item,) = get_args(kind)
        if not isinstance(value, list):
            raise DataError(where, f"must be a list, not {_name(value)}")
        return [_convert(item, v, f"{where}[{n}]") for n, v in enumerate(value)]
    if origin is tuple:
        items = get_args(kind)
        if not isinstance(value, list) or len(value) != len(items):
            raise DataError(where, f"must be a list of {len(items)} values, not {_name(value)}")
        return tuple(_convert(item, v, f"{where}[{n}]") for n, (item, v) in enumerate(zip(items, value, strict=True)))
    if origin is dict:
        _, item = get_args(kind)
        if not isinstance(value, Mapping):
            raise DataError(where, f"must be a table, not {_name(value)}")
        return {str(k): _convert(item, v, f"{where}.{k}" if where else str(k)) for k, v in value.items()}
    if kind is bool:
        if not isinstance(value, bool):
            raise DataError(where, f"must be true or false, not {_name(value)}")
        return value
    if kind is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise DataError(where, f"must be a whole number, not {_name(value)}")
        return value
    if kind is float:
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise DataError(where, f"must be a number, not {_name(value)}")
        return float(value)
    if kind is str:
        if not isinstance(value, str):
            raise DataError(where, f"must be text, not {_name(value)}")
        return value
    raise TypeError(f"datacheck cannot convert to {kind!r}")  # a bug in a record's declaration


def _record(kind: Any, value: Any, where: str) -> Any:
    if not isinstance(value, Mapping):
        raise DataError(where, f"must be a table, not {_name(value)}")
    hints = _hints(kind)
    names = fields(kind)
    required = required_fields(kind)
    unknown = [k for k in value if k not in names]
    if unknown:
        raise DataError(_join(where, unknown[0]), f"not a known key; use {', '.join(names)}")
    out = {}
    for name in names:
        if name in value:
            out[name] = _convert(hints[name], value[name], _join(where, name))
        elif name in required:
            raise DataError(_join(where, name), "missing")
    return kind(**out)


_HINTS: dict[type, dict[str, Any]] = {}
_TYPES: dict[tuple[str, str], Any] = {}  # (module, annotation as written) -> the type it names


def _hints(kind: type) -> dict[str, Any]:
    """Each field's type. typing.get_type_hints builds and compiles a ForwardRef for every
    annotation of every class (3 ms for the coaching data, measured); the records spell the
    same few types again and again ("int", "list[str]", "float | None"), so each spelling is
    evaluated once per module."""
    found = _HINTS.get(kind)
    if found is None:
        module = kind.__module__
        scope = vars(sys.modules[module])
        found = {}
        for name, note in inspect.get_annotations(kind).items():
            if not isinstance(note, str):
                found[name] = note
                continue
            key = (module, note)
            if key not in _TYPES:
                _TYPES[key] = eval(note, scope)  # an annotation in planner's own source
            found[name] = _TYPES[key]
        _HINTS[kind] = found
    return found


def _join(where: str, name: str) -> str:
    return f"{where}.{name}" if where else name


def _name(value: Any) -> str:
    if isinstance(value, Mapping):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def merged(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """`override` on top of `base`, tables merged key by key, everything else replaced."""
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = merged(out[key], value)
        else:
            out[key] = value
    return out
