"""Unbreakable on bad input: a corpus of broken files and folders through every command
that reads them, lossless round-trips of card and plan files (hypothesis), and writes
that survive an interruption."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner import atomic
from planner.atomic import atomic_write_files, atomic_write_text
from planner.errors import FileExists, PlannerError
from planner.importers.writer import render_card
from planner.library import read_card
from planner.plans import _drop_none, build_plan, plan_to_toml, read_plan
from planner.records import Card, PlanInputs, replace
from planner.vocab import builtin_vocab
from support import shipped

# ---------------------------------------------------------------------------- the bad-input corpus


def corpus(folder: Path, card_text: str) -> dict[str, Path]:
    """One folder per kind of damage; returns name -> folder holding it."""
    made = {}

    def case(name: str) -> Path:
        path = folder / name
        path.mkdir(parents=True)
        (path / "test-wall-lean.toml").write_text(card_text, encoding="utf-8")  # a good card beside the bad one
        made[name] = path
        return path

    (case("truncated") / "truncated-card.toml").write_text(card_text[: len(card_text) // 3], encoding="utf-8")
    (case("wrong-types") / "wrong-types.toml").write_text(
        card_text.replace('level = "beginner"', "level = 3").replace(
            'blocks = ["warmup", "accessory"]', 'blocks = "warmup"'
        ),
        encoding="utf-8",
    )
    (case("huge") / "huge-card.toml").write_bytes(b"# padding\n" * 250_000)
    (case("binary") / "binary-junk.toml").write_bytes(bytes(range(256)) * 40)
    (case("unknown-field") / "unknown-field.toml").write_text('colour = "red"\n' + card_text, encoding="utf-8")
    (case("non-ascii-id") / "übung.toml").write_text(card_text, encoding="utf-8")
    (case("empty") / "empty-card.toml").write_text("", encoding="utf-8")
    loop = case("symlink-loop")
    os.symlink(loop, loop / "again")
    (loop / "dangling.toml").symlink_to(loop / "nowhere.toml")
    dup = case("duplicate-ids")
    (dup / "more").mkdir()
    (dup / "more" / "test-wall-lean.toml").write_text(card_text, encoding="utf-8")
    unreadable = case("unreadable") / "unreadable-card.toml"
    unreadable.write_text(card_text, encoding="utf-8")
    unreadable.chmod(0)
    return made


BAD_FILES = {
    "truncated": "truncated-card.toml",
    "wrong-types": "wrong-types.toml",
    "huge": "huge-card.toml",
    "binary": "binary-junk.toml",
    "unknown-field": "unknown-field.toml",
    "non-ascii-id": "übung.toml",
    "empty": "empty-card.toml",
    "symlink-loop": "dangling.toml",
    "duplicate-ids": "test-wall-lean.toml",
}


@pytest.fixture
def bad(tmp_path, card_text):
    return corpus(tmp_path, card_text)


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_every_reading_command_survives_the_corpus(cli, bad, name):
    folder = bad[name]
    named = BAD_FILES[name]
    for args in (["list"], ["show", "test-wall-lean"], ["muscles"], ["plan", "--weeks", "1"]):
        r = cli(*args, "--library", str(folder))
        assert not r.has_traceback, (args, r.err)
        assert r.code == 0, (args, r.err)
    r = cli("validate", str(folder))
    assert not r.has_traceback
    assert r.code == 1, r.out
    assert named in r.out, r.out


def test_unreadable_file_is_named(cli, bad):
    r = cli("validate", str(bad["unreadable"]))
    assert not r.has_traceback
    if os.geteuid() != 0:  # root reads anything: then the file is simply valid
        assert r.code == 1 and "unreadable-card.toml: cannot read" in r.out


@pytest.mark.parametrize(
    "args",
    [
        ["list", "--library", "{file}"],
        ["validate", "{missing}"],
        ["export", "{file}", "--format", "md"],
        ["stats", "{file}"],
        ["swap", "{file}", "--week", "1", "--day", "mon", "--exercise", "push-up"],
        ["progress", "{file}"],
        ["export", "{missing}", "--format", "ics"],
        ["plan", "--profile", "{file}"],
    ],
)
def test_a_file_where_a_folder_or_plan_is_expected(cli, tmp_path, args):
    junk = tmp_path / "junk.toml"
    junk.write_bytes(b"\x00\x01 not toml at all [[[")
    argv = [a.format(file=junk, missing=tmp_path / "missing.toml") for a in args]
    r = cli(*argv)
    assert r.code == 1, (argv, r.out)
    assert not r.has_traceback
    assert r.err.startswith("Error: ") and (str(junk) in r.err or "missing.toml" in r.err), r.err


def test_plan_files_with_wrong_content_are_refused_clearly(cli, tmp_path):
    cases = {
        "no-version.toml": "[inputs]\ndays = 3\n",
        "future.toml": "schema_version = 99\n",
        "bad-item.toml": 'schema_version = 1\n[[weeks]]\nnumber = 1\n[[weeks.sessions]]\nday = "mon"\ntitle = "x"\n'
        '[[weeks.sessions.blocks]]\nkind = "main"\n[[weeks.sessions.blocks.items]]\nexercise = "x"\nname = "x"\nsets = "three"\n',
    }
    for name, text in cases.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        r = cli("stats", str(path))
        assert r.code == 1 and not r.has_traceback and name in r.err, r.err


# ---------------------------------------------------------------------------- round trips


@settings(max_examples=30, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    base=st.integers(0, 10_000),
    name=st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60).filter(lambda s: s.strip()),
    tips=st.lists(
        # card text may hold tabs and line breaks but no other control character (models.py)
        st.text(
            st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\t\n\r"), min_size=1, max_size=80
        ).filter(lambda s: s.strip()),
        max_size=4,
    ),
)
def test_exercise_cards_round_trip(tmp_path_factory, base, name, tips):
    _, lib = shipped()
    ids = sorted(lib.cards)
    original = lib.get(ids[base % len(ids)])
    changed = Card({**original.to_data(), "name": name.strip(), "tips": [t.strip() for t in tips]})
    data = {k: v for k, v in _drop_none(changed.to_data()).items() if k != "id"}
    folder = tmp_path_factory.mktemp("cards")
    path = folder / f"{original.id}.toml"
    path.write_text(render_card(data), encoding="utf-8")
    again, problems = read_card(path)
    assert problems == [] and again is not None
    assert Card(again.model_dump(mode="json")) == changed


extra_values = st.one_of(
    st.integers(-(10**6), 10**6),
    # plan files refuse control characters (they would reach the terminal): text without them
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30),
    st.booleans(),
    st.lists(st.integers(0, 9), max_size=3),
)
extra_keys = st.text("abcdefghijklmnopqrstuvwxyz_", min_size=3, max_size=12).map(lambda k: "x_" + k)


@settings(max_examples=20, deadline=None, derandomize=True)
@given(
    days=st.integers(2, 4),
    equipment=st.sampled_from(["bodyweight", "home", "gym"]),
    extra=st.dictionaries(extra_keys, extra_values, max_size=3),
    item_extra=st.dictionaries(extra_keys, extra_values, max_size=2),
)
def test_plan_files_round_trip_keeping_unknown_fields(tmp_path_factory, days, equipment, extra, item_extra):
    sources, lib = shipped()
    try:
        plan = build_plan(
            PlanInputs(days=days, equipment=[equipment], minutes=60, weeks=2), lib, builtin_vocab(), sources
        )
    except PlannerError:
        return
    first = plan.weeks[0].sessions[0].blocks[0]
    first.items[0] = replace(first.items[0], extra=item_extra)
    edited = replace(plan, extra=extra)
    path = tmp_path_factory.mktemp("plans") / "plan.toml"
    path.write_text(plan_to_toml(edited), encoding="utf-8")
    again = read_plan(path)
    assert again == edited
    assert again.extra == extra
    assert again.weeks[0].sessions[0].blocks[0].items[0].extra == item_extra
    assert plan_to_toml(again) == plan_to_toml(edited)


# ---------------------------------------------------------------------------- atomic writes


def test_an_interrupted_write_leaves_the_old_file_intact(tmp_path, monkeypatch):
    path = tmp_path / "plan.toml"
    path.write_text("the old plan", encoding="utf-8")

    def crash(*args, **kwargs):
        raise KeyboardInterrupt  # the power goes, or the person presses Ctrl-C, mid-write

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        atomic_write_text(path, "the new plan " * 1000, overwrite=True)
    assert path.read_text(encoding="utf-8") == "the old plan"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.toml"]  # no temp file left behind


def test_a_full_disk_leaves_the_old_file_intact(tmp_path, monkeypatch):
    path = tmp_path / "plan.toml"
    path.write_text("the old plan", encoding="utf-8")

    def full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(PlannerError, match="No space left"):
        atomic_write_text(path, "new", overwrite=True)
    assert path.read_text(encoding="utf-8") == "the old plan"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.toml"]


def test_no_clobber_without_overwrite_and_mode_is_kept(tmp_path):
    path = tmp_path / "card.toml"
    path.write_text("mine", encoding="utf-8")
    path.chmod(0o640)
    with pytest.raises(FileExists):
        atomic_write_text(path, "theirs")
    assert path.read_text(encoding="utf-8") == "mine"
    atomic_write_text(path, "replaced", overwrite=True)
    assert path.stat().st_mode & 0o777 == 0o640
    new = tmp_path / "new.toml"
    atomic_write_text(new, "x")
    assert new.stat().st_mode & 0o077 != 0 or os.umask(0o022) == 0o077  # not private unless the umask says so


def test_many_files_are_written_at_once_and_each_as_one_would_be(tmp_path, monkeypatch):
    """atomic_write_files, a batch of two at a time here: new files, a replaced one that
    keeps its mode, a hard-linked one rewritten in place, and no temporary file left."""
    monkeypatch.setattr(atomic, "SYNC_BATCH", 2)
    kept = tmp_path / "kept.fit"
    kept.write_bytes(b"old")
    kept.chmod(0o640)
    linked = tmp_path / "linked.fit"
    linked.write_bytes(b"old")
    os.link(linked, tmp_path / "other-name")
    files = {tmp_path / f"w{n}.fit": bytes([n]) * 100 for n in range(5)} | {kept: b"new", linked: b"new too"}
    atomic_write_files(files, overwrite=True)
    assert {p: p.read_bytes() for p in files} == files
    assert kept.stat().st_mode & 0o777 == 0o640
    assert (tmp_path / "other-name").read_bytes() == b"new too"
    assert len(list(tmp_path.iterdir())) == len(files) + 1


def test_many_files_refuse_an_existing_one_before_writing_any(tmp_path):
    mine = tmp_path / "b.fit"
    mine.write_bytes(b"mine")
    with pytest.raises(FileExists):
        atomic_write_files({tmp_path / "a.fit": b"new", mine: b"theirs", tmp_path / "c.fit": b"new"})
    assert [p.name for p in tmp_path.iterdir()] == ["b.fit"] and mine.read_bytes() == b"mine"


def test_many_files_on_a_full_disk_leave_every_old_file_intact(tmp_path, monkeypatch):
    old = {tmp_path / f"{n}.fit": b"old" for n in range(3)}
    for path, data in old.items():
        path.write_bytes(data)

    fsync, calls = os.fsync, []

    def full_once(fd):  # one file fails; the others, made durable, must not be renamed
        calls.append(fd)
        if len(calls) == 1:
            raise OSError(28, "No space left on device")
        fsync(fd)

    monkeypatch.setattr(os, "fsync", full_once)
    with pytest.raises(PlannerError, match="No space left"):
        atomic_write_files(dict.fromkeys(old, b"new"), overwrite=True)
    assert {p: p.read_bytes() for p in tmp_path.iterdir()} == old


def test_many_files_interrupted_midway_leave_the_rest_as_they_were(tmp_path, monkeypatch):
    old = {tmp_path / f"{n}.fit": b"old" for n in range(4)}
    for path, data in old.items():
        path.write_bytes(data)
    replace, calls = os.replace, []

    def crash_on_the_second(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise KeyboardInterrupt
        replace(src, dst)

    monkeypatch.setattr(os, "replace", crash_on_the_second)
    with pytest.raises(KeyboardInterrupt):
        atomic_write_files(dict.fromkeys(old, b"new"), overwrite=True)
    assert [p.read_bytes() for p in sorted(tmp_path.iterdir())] == [b"new", b"old", b"old", b"old"]


def test_every_writer_goes_through_the_atomic_helper():
    """plan, export, import and new all write with planner.atomic: no direct write calls."""
    src = Path(__file__).resolve().parent.parent / "src" / "planner"
    if not src.is_dir():
        pytest.skip("needs the source checkout")
    offenders = []
    for path in src.rglob("*.py"):
        if path.name in ("atomic.py",):
            continue
        text = path.read_text(encoding="utf-8")
        for needle in (".write_text(", ".write_bytes(", 'open(path, "w', "open(path, 'w"):
            if needle in text:
                offenders.append(f"{path.name}: {needle}")
    assert offenders == []
