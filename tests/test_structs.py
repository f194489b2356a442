"""@struct records behave like the dataclasses they stand in for (planner/structs.py)."""

from __future__ import annotations

from typing import ClassVar

import pytest

from planner.structs import FrozenError, asdict, declared, field, fields, replace, struct


@struct(kw_only=True)
class Item:
    name: str
    sets: int = 3
    ramp: list[str] = field(default_factory=list)
    extra: dict[str, int] = field(default_factory=dict, repr=False)
    KINDS: ClassVar[tuple[str, ...]] = ("a",)


@struct(frozen=True)
class Point:
    x: int
    y: int = 0


@struct
class Checked:
    value: int

    def __post_init__(self) -> None:
        if self.value < 0:
            raise ValueError("negative")


def test_fields_come_in_declared_order_without_class_variables():
    assert fields(Item) == ("name", "sets", "ramp", "extra")
    assert list(declared(Point)) == ["x", "y"] and declared(Point)["y"].default == 0


def test_defaults_are_given_and_factories_make_a_fresh_value_each_time():
    a, b = Item(name="a"), Item(name="b")
    assert (a.sets, a.ramp) == (3, []) and a.ramp is not b.ramp
    assert Item.sets == 3 and not hasattr(Item, "ramp")  # the class keeps plain defaults only


def test_wrong_arguments_say_which_field():
    with pytest.raises(TypeError, match="missing 'name'"):
        Item()  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="unexpected 'bogus'"):
        Item(name="a", bogus=1)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="positional"):
        Item("a")  # type: ignore[misc]
    with pytest.raises(TypeError, match="'x' twice"):
        Point(1, x=2)  # type: ignore[misc]


def test_equality_by_value_and_hashing_only_when_frozen():
    assert Item(name="a") == Item(name="a") != Item(name="a", sets=4)
    assert Point(1, 2) == Point(x=1, y=2) and len({Point(1, 2), Point(1, 2)}) == 1
    with pytest.raises(TypeError):
        hash(Item(name="a"))
    assert Point(1) != (1, 0)


def test_a_frozen_record_refuses_changes_but_replace_copies_it():
    p = Point(1)
    with pytest.raises(FrozenError, match="'x'"):
        p.x = 2  # type: ignore[misc]
    with pytest.raises(FrozenError):
        del p.y  # type: ignore[misc]
    assert replace(p, y=5) == Point(1, 5) and p == Point(1, 0)
    with pytest.raises(TypeError, match="no field 'z'"):
        replace(p, z=1)


def test_repr_leaves_out_what_is_marked_so_and_asdict_nests():
    assert repr(Item(name="a", extra={"k": 1})) == "Item(name='a', sets=3, ramp=[])"
    assert asdict([Point(1, 2)]) == [{"x": 1, "y": 2}]


def test_post_init_runs_after_the_fields_are_set():
    assert Checked(3).value == 3
    with pytest.raises(ValueError, match="negative"):
        Checked(-1)


def test_a_struct_cannot_inherit_fields():
    with pytest.raises(TypeError, match="do not inherit"):

        @struct
        class More(Checked):
            extra: int = 0


def test_a_mutable_default_is_refused_as_dataclasses_refuse_it():
    with pytest.raises(TypeError, match="default_factory"):

        @struct
        class Shared:
            items: list[int] = []  # noqa: RUF012


def test_per_record_works_out_once_for_the_same_record_and_again_for_another():
    from planner.structs import per_record

    memo: dict[int, tuple[object, int]] = {}
    made: list[Point] = []

    def make(p: Point) -> int:
        made.append(p)
        return p.x

    one, equal = Point(1), Point(1)
    assert per_record(memo, one, lambda: make(one)) == per_record(memo, one, lambda: make(one)) == 1
    assert per_record(memo, equal, lambda: make(equal)) == 1
    assert made == [one, equal] and made[1] is equal
