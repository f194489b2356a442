"""Turn plain data read from a TOML file into typed, frozen records, or say in one line
which field is wrong and what it should be.

The coaching data (rules, goals, splits, session templates) is read on every `planner plan`,
so this is a small converter driven by dataclass field types, not pydantic: importing
pydantic alone would cost more than composing the plan.
"""

from __future__ import annotations

import dataclasses
import inspect
import math
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, Literal, TypeVar, Union, dataclass_transform, get_args, get_origin, get_type_hints

T = TypeVar("T")
C = TypeVar("C", bound=type)


class Factory:
    """A default made fresh for each record (a list, a dict)."""

    def __init__(self, make: Any) -> None:
        self.make = make


def factory_field(*, default_factory: Callable[[], T]) -> T:
    """`name: list[str] = factory_field(default_factory=list)` in a @record class."""
    return typing.cast(T, Factory(default_factory))


@dataclass_transform(field_specifiers=(factory_field,))
def record(cls: C) -> C:
    """A plain data class, declared by its annotations and defaults like a dataclass, built
    without one: `@dataclass` compiles code for every class it makes (half a millisecond
    each, measured), and the coaching data has dozens of classes that every `planner plan`
    imports. Fields come in order, or by name; a default is a value or `factory_field(...)`."""
    names = [n for n in inspect.get_annotations(cls) if not n.startswith("_")]
    defaults = {n: cls.__dict__[n] for n in names if n in cls.__dict__}

    def __init__(self: Any, *args: Any, **values: Any) -> None:
        if len(args) > len(names):
            raise TypeError(f"{cls.__name__}() takes {len(names)} fields, not {len(args)}")
        values.update(zip(names, args, strict=False))
        for name in names:
            if name in values:
                value = values.pop(name)
            elif name in defaults:
                value = defaults[name]
                value = value.make() if isinstance(value, Factory) else value
            else:
                raise TypeError(f"{cls.__name__}() missing {name!r}")
            object.__setattr__(self, name, value)
        if values:
            raise TypeError(f"{cls.__name__}() got an unexpected {next(iter(values))!r}")

    def __repr__(self: Any) -> str:
        return f"{cls.__name__}({', '.join(f'{n}={getattr(self, n)!r}' for n in names)})"

    def __eq__(self: Any, other: object) -> bool:
        return type(other) is type(self) and all(getattr(self, n) == getattr(other, n) for n in names)

    cls.__init__ = __init__  # type: ignore[misc]  # the point of the decorator
    cls.__repr__ = __repr__  # type: ignore[method-assign,assignment]
    cls.__eq__ = __eq__  # type: ignore[method-assign,assignment]
    cls.__hash__ = None  # type: ignore[assignment]  # compared by value, like a dataclass
    cls.__record_fields__ = names  # type: ignore[attr-defined]
    cls.__record_defaults__ = defaults  # type: ignore[attr-defined]
    return cls


class DataError(ValueError):
    """A value that does not fit its field: `where` is the dotted path to it."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}" if where else message)
        self.where = where
        self.message = message


def build(kind: type[T], value: Any, where: str = "") -> T:
    """`value` as an instance of the dataclass `kind`, every field checked against its type."""
    return typing.cast(T, _convert(kind, value, where))


@typing.no_type_check
def _convert(kind: Any, value: Any, where: str) -> Any:
    origin = get_origin(kind)
    if dataclasses.is_dataclass(kind) or hasattr(kind, "__record_fields__"):
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
    if hasattr(kind, "__record_fields__"):
        names, optional = kind.__record_fields__, set(kind.__record_defaults__)
    else:
        fields = dataclasses.fields(kind)
        names = [f.name for f in fields]
        optional = {f.name for f in fields if f.default is not MISSING_FIELD or f.default_factory is not MISSING_FIELD}
    unknown = [k for k in value if k not in names]
    if unknown:
        raise DataError(_join(where, unknown[0]), f"not a known key; use {', '.join(names)}")
    out = {}
    for name in names:
        if name in value:
            out[name] = _convert(hints[name], value[name], _join(where, name))
        elif name not in optional:
            raise DataError(_join(where, name), "missing")
    return kind(**out)


MISSING_FIELD: Any = dataclasses.MISSING
_HINTS: dict[type, dict[str, Any]] = {}


def _hints(kind: type) -> dict[str, Any]:
    found = _HINTS.get(kind)
    if found is None:
        found = _HINTS[kind] = get_type_hints(kind)
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
