"""Plain record classes, declared like dataclasses and built without compiling code.

Why not `dataclasses.dataclass`: it writes the source of `__init__`, `__repr__` and `__eq__`
for every class and compiles it, about half a millisecond a class (measured), and
`planner plan` imports some thirty record classes, so that alone cost more time than
composing the first week. `@struct` gives each class the same behaviour from shared
functions instead: fields in declaration order, given in order or by name (`kw_only=True`:
by name only), defaults and `field(default_factory=...)`, `__eq__` by value, `frozen=True`
refusing changes (and hashing by value), `__post_init__`; a ClassVar annotation stays a
class attribute. Type checkers read it as a dataclass (`dataclass_transform`). Not
supported, because planner does not use them: inheriting fields, ordering, slots.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform, overload

T = TypeVar("T")
V = TypeVar("V")
MISSING: Any = object()


class FrozenError(AttributeError):
    """A field of a frozen record was assigned or deleted."""


class Field:
    """How a field was declared: its default or default factory (MISSING where there is none)."""

    __slots__ = ("default", "factory", "repr")

    def __init__(self, default: Any, factory: Any, repr: bool) -> None:
        self.default, self.factory, self.repr = default, factory, repr


@overload
def field(*, default: T, repr: bool = True) -> T: ...
@overload
def field(*, default_factory: Callable[[], T], repr: bool = True) -> T: ...
@overload
def field(*, repr: bool = True) -> Any: ...
def field(*, default: Any = MISSING, default_factory: Any = MISSING, repr: bool = True) -> Any:
    """A field's default made fresh for each record (`default_factory`), or a field left out
    of `repr` (`repr=False`)."""
    return Field(default, default_factory, repr)


@overload
def struct(cls: type[T], /) -> type[T]: ...
@overload
def struct(*, frozen: bool = False, kw_only: bool = False, eq: bool = True) -> Callable[[type[T]], type[T]]: ...
@dataclass_transform(field_specifiers=(field,))
def struct(cls: Any = None, /, *, frozen: bool = False, kw_only: bool = False, eq: bool = True) -> Any:
    """`@struct` or `@struct(frozen=True, kw_only=True)` over a class of annotated fields."""

    def make(kind: type[T]) -> type[T]:
        return _build(kind, frozen=frozen, kw_only=kw_only, eq=eq)

    return make if cls is None else make(cls)


def fields(kind: type | object) -> tuple[str, ...]:
    """The field names of a record class (or of a record), in declaration order."""
    names: tuple[str, ...] = kind.__struct_fields__  # type: ignore[union-attr]
    return names


def declared(kind: type) -> dict[str, Field]:
    """Each field of a record class and how it was declared, in order."""
    specs: dict[str, Field] = kind.__struct_specs__  # type: ignore[attr-defined]
    return specs


def required_fields(kind: type) -> frozenset[str]:
    """The fields a record class has no default for."""
    names: frozenset[str] = kind.__struct_required__  # type: ignore[attr-defined]
    return names


def is_struct(kind: object) -> bool:
    return isinstance(kind, type) and "__struct_fields__" in kind.__dict__


def asdict(record: Any) -> Any:
    """A record as plain data, nested records, lists and dicts included."""
    if is_struct(type(record)):
        return {name: asdict(getattr(record, name)) for name in fields(record)}
    if isinstance(record, list | tuple):
        return type(record)(asdict(v) for v in record)
    if isinstance(record, dict):
        return {k: asdict(v) for k, v in record.items()}
    return record


def replace(record: T, **changes: Any) -> T:
    """A copy of a record with some fields changed (records are shared between weeks, so
    they are copied, not changed in place). Composing a plan makes thousands of these."""
    kind = type(record)
    known = record.__dict__
    unknown = [name for name in changes if name not in known]
    if unknown:
        raise TypeError(f"{kind.__name__} has no field {unknown[0]!r}")
    new = object.__new__(kind)
    new.__dict__.update(known)  # also for frozen records: this is a new one, not a change
    new.__dict__.update(changes)
    return new


def per_record(memo: dict[int, tuple[Any, V]], record: object, make: Callable[[], V]) -> V:
    """`make()` worked out once per record, as long as `memo` lives. Records are never
    changed in place, so a record's identity stands for its content; the memo holds the
    record itself, so that its id cannot pass to another object while the entry is kept."""
    found = memo.get(id(record))
    if found is None or found[0] is not record:
        found = memo[id(record)] = (record, make())
    return found[1]


def _build(kind: type[T], *, frozen: bool, kw_only: bool, eq: bool) -> type[T]:
    if any(is_struct(base) for base in kind.__mro__[1:]):
        raise TypeError(f"{kind.__name__}: @struct classes do not inherit fields")
    notes = inspect.get_annotations(kind)  # its own, as written (strings here)
    names = tuple(n for n, note in notes.items() if not str(note).startswith(("ClassVar", "typing.ClassVar")))
    template: dict[str, Any] = {}  # every field in order; MISSING where __init__ must fill it in
    factories: list[tuple[str, Callable[[], Any]]] = []
    shown: list[str] = []
    specs: dict[str, Field] = {}
    for name in names:
        declared = kind.__dict__.get(name, MISSING)
        spec = declared if isinstance(declared, Field) else Field(declared, MISSING, True)
        if isinstance(spec.default, list | dict | set):  # as dataclasses refuse it
            raise TypeError(f"{kind.__name__}.{name}: a list, dict or set default would be shared; use default_factory")
        specs[name] = spec
        template[name] = spec.default
        if spec.factory is not MISSING:
            factories.append((name, spec.factory))
        if spec.repr:
            shown.append(name)
        if isinstance(declared, Field):  # like dataclasses: the class keeps a plain default
            if spec.default is MISSING:
                delattr(kind, name)
            else:
                setattr(kind, name, spec.default)
    required = frozenset(n for n, v in template.items() if v is MISSING) - {n for n, _ in factories}
    methods = {
        "__init__": _init(kind.__name__, names, template, factories, required, kw_only, hasattr(kind, "__post_init__")),
        "__repr__": _repr(kind.__name__, shown),
        "__struct_fields__": names,
        "__struct_required__": required,
        "__struct_specs__": specs,
    }
    if eq:
        values = _values(names)
        methods["__eq__"] = lambda self, other: (
            values(self) == values(other) if other.__class__ is self.__class__ else NotImplemented
        )
        methods["__hash__"] = (lambda self: hash(values(self))) if frozen else None
    if frozen:
        methods["__setattr__"] = methods["__delattr__"] = _refuse
    for method_name, method in methods.items():
        setattr(kind, method_name, method)
    return kind


def _init(
    name: str,
    names: tuple[str, ...],
    template: dict[str, Any],
    factories: list[tuple[str, Callable[[], Any]]],
    required: frozenset[str],
    kw_only: bool,
    post_init: bool,
) -> Callable[..., None]:
    allowed = frozenset(names)

    def __init__(self: Any, *args: Any, **values: Any) -> None:
        if args:
            if kw_only or len(args) > len(names):
                raise TypeError(f"{name}() takes {0 if kw_only else len(names)} positional fields, not {len(args)}")
            for field_name, value in zip(names, args, strict=False):
                if field_name in values:
                    raise TypeError(f"{name}() got {field_name!r} twice")
                values[field_name] = value
        if not allowed.issuperset(values):
            raise TypeError(f"{name}() got an unexpected {sorted(values.keys() - allowed)[0]!r}")
        if not required.issubset(values):
            raise TypeError(f"{name}() missing {sorted(required - values.keys())[0]!r}")
        own = self.__dict__
        own.update(template)
        for field_name, make in factories:
            if field_name not in values:
                own[field_name] = make()
        own.update(values)
        if post_init:
            self.__post_init__()

    return __init__


def _repr(name: str, shown: list[str]) -> Callable[[Any], str]:
    def __repr__(self: Any) -> str:
        return f"{name}({', '.join(f'{n}={getattr(self, n)!r}' for n in shown)})"

    return __repr__


def _values(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """A record's field values as a tuple (attrgetter gives a bare value for one name)."""
    if len(names) == 1:
        one = attrgetter(names[0])
        return lambda record: (one(record),)
    return attrgetter(*names) if names else lambda record: ()


def _refuse(self: Any, name: str, *value: Any) -> None:
    raise FrozenError(f"{type(self).__name__} is frozen: cannot change {name!r}")
