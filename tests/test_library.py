"""Library sources, bad files, duplicate ids, variation links and the index cache."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import cast

import pytest

from planner import cache
from planner.coverage import ladder_problems, ladders
from planner.errors import LibraryError
from planner.library import (
    Library,
    Problem,
    exercise_files,
    harder_cycles,
    library_sources,
    link_problems,
    load_library,
    read_card,
    user_library_dir,
)
from planner.records import Card


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_sources_are_layered_builtin_user_env_then_option(tmp_path, monkeypatch):
    user = user_library_dir()
    user.mkdir(parents=True)
    env_dir, opt_dir = tmp_path / "env", tmp_path / "opt"
    env_dir.mkdir()
    opt_dir.mkdir()
    sources = library_sources([opt_dir], env={"PLANNER_LIBRARY": str(env_dir)})
    assert [s.origin for s in sources] == ["built-in", "user", "PLANNER_LIBRARY", "--library"]
    assert sources[1].path == user


def test_a_later_source_wins_on_the_same_id(tmp_path, card_text):
    a = write(tmp_path / "a", "test-wall-lean.toml", card_text)
    b = write(tmp_path / "b", "test-wall-lean.toml", card_text.replace("Test Wall Lean", "Overridden Lean"))
    lib = load_library(library_sources([a.parent, b.parent], env={}))
    assert lib.get("test-wall-lean").name == "Overridden Lean"


def test_missing_library_folder_and_file_given_as_folder(tmp_path):
    with pytest.raises(LibraryError, match="no such folder"):
        library_sources([tmp_path / "nope"], env={})
    f = write(tmp_path, "x.toml", "")
    with pytest.raises(LibraryError, match="is a file"):
        library_sources([f], env={})


def test_toml_syntax_error_is_reported_with_its_line(tmp_path, card_text):
    path = write(tmp_path, "broken.toml", card_text.replace('level = "beginner"', 'level = "beginner'))
    exercise, problems = read_card(path)
    assert exercise is None
    assert problems[0].line == 9
    assert str(problems[0]).startswith(f"{path}:9: TOML syntax")


def test_validation_problem_is_reported_as_path_field_problem(tmp_path, card_text):
    path = write(tmp_path, "bad-muscle.toml", card_text.replace('["chest"]', '["pecks"]'))
    _, problems = read_card(path)
    assert str(problems[0]).startswith(f"{path}: primary_muscles: unknown muscle 'pecks'")


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("binary.toml", b"\x00\xff\xfe junk", "not a UTF-8 text file"),
        ("Bad_Name.toml", b'name = "x"', "file name is the exercise id"),
        ("caf\xc3\xa9.toml".encode("latin-1").decode("utf-8"), b'name = "x"', "file name is the exercise id"),
    ],
)
def test_unusable_files_become_problems_not_crashes(tmp_path, name, content, says):
    path = tmp_path / name
    path.write_bytes(content)
    exercise, problems = read_card(path)
    assert exercise is None
    assert says in problems[0].message


def test_a_huge_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.toml"
    path.write_bytes(b"#" * (2 * 1024 * 1024))
    _, problems = read_card(path)
    assert "at most" in problems[0].message


def test_symlink_loop_does_not_trap_the_walk(tmp_path, card_text):
    write(tmp_path / "lib", "test-wall-lean.toml", card_text)
    os.symlink(tmp_path / "lib", tmp_path / "lib" / "loop")
    assert [p.name for p in exercise_files(tmp_path / "lib")] == ["test-wall-lean.toml"]


def test_a_library_with_an_exercises_folder_reads_only_that(tmp_path, card_text):
    write(tmp_path / "exercises", "test-wall-lean.toml", card_text)
    write(tmp_path / "templates", "full-body.toml", "blocks = []")
    write(tmp_path, "vocab.toml", "")
    assert [p.name for p in exercise_files(tmp_path)] == ["test-wall-lean.toml"]


class TestLinks:
    def lib(self, tmp_path, card_text, cards: dict[str, tuple[list[str], list[str]]]) -> Library:
        for exercise_id, (easier, harder) in cards.items():
            text = card_text.replace("easier = []", f"easier = {easier!r}").replace(
                "harder = []", f"harder = {harder!r}"
            )
            write(tmp_path, f"{exercise_id}.toml", text.replace("'", '"'))
        return load_library(library_sources([tmp_path], env={}), use_cache=False)

    def test_symmetric_links_are_fine(self, tmp_path, card_text):
        lib = self.lib(tmp_path, card_text, {"a-one": ([], ["b-two"]), "b-two": (["a-one"], [])})
        assert link_problems(lib) == []

    def test_missing_target_and_missing_back_link(self, tmp_path, card_text):
        lib = self.lib(tmp_path, card_text, {"a-one": ([], ["b-two", "zzz"]), "b-two": ([], [])})
        messages = [str(p) for p in link_problems(lib)]
        assert any("no exercise 'zzz'" in m for m in messages)
        assert any("does not list 'a-one' as easier" in m for m in messages)

    def test_cycles_are_found(self, tmp_path, card_text):
        lib = self.lib(
            tmp_path,
            card_text,
            {"a-one": (["c-three"], ["b-two"]), "b-two": (["a-one"], ["c-three"]), "c-three": (["b-two"], ["a-one"])},
        )
        assert any("variation cycle" in str(p) for p in link_problems(lib))

    def test_long_ladders_and_cycles_need_no_recursion(self):
        # a chain far longer than Python's recursion limit, closed into one cycle
        n = sys.getrecursionlimit() * 3
        ids = [f"rung-{i}" for i in range(n)]
        cards = {
            i: SimpleNamespace(id=i, easier=[ids[k - 1]] if k else [], harder=[ids[(k + 1) % n]])
            for k, i in enumerate(ids)
        }
        cycles = harder_cycles(cast(Library, SimpleNamespace(exercises=cards)))
        assert [len(c) for c in cycles] == [n]
        del cards[ids[-1]]  # open the cycle: one ladder from the first rung to the last
        cards[ids[-2]].harder = []
        assert [len(c) for c in ladders(cast(list[Card], list(cards.values())))] == [n - 1]


class TestLadderRules:
    def cards(self, *specs: tuple[str, str, str, list[str]]) -> list[Card]:
        """(id, pattern, level, harder ids) -> cards with the easier side filled in."""
        easier: dict[str, list[str]] = {s[0]: [] for s in specs}
        for exercise_id, _, _, harder in specs:
            for h in harder:
                easier[h].append(exercise_id)
        return [
            cast(Card, SimpleNamespace(id=i, pattern=p, level=lv, harder=h, easier=easier[i])) for i, p, lv, h in specs
        ]

    def test_a_sound_ladder_passes(self):
        cards = self.cards(
            ("box-squat", "squat", "beginner", ["bodyweight-squat"]),
            ("bodyweight-squat", "squat", "beginner", ["split-squat"]),
            ("split-squat", "lunge", "intermediate", []),
        )
        assert ladder_problems(cards) == []
        assert ladders(cards) == [["box-squat", "bodyweight-squat", "split-squat"]]

    def test_the_level_may_not_fall_along_harder(self):
        cards = self.cards(("a", "squat", "advanced", ["b"]), ("b", "squat", "beginner", []))
        assert ladder_problems(cards) == ["a (advanced) -> b (beginner): the level falls along harder"]

    def test_abduction_and_adduction_are_two_families(self):
        cards = self.cards(
            ("side-plank", "anti_lateral_flexion", "beginner", ["abduction", "copenhagen"]),
            ("abduction", "hip_abduction", "intermediate", ["copenhagen"]),
            ("copenhagen", "hip_adduction", "advanced", []),
        )
        problems = ladder_problems(cards)
        assert "abduction (hip_abduction) -> copenhagen (hip_adduction): two movement families" in problems
        assert any(p.startswith("ladder side-plank -> abduction -> copenhagen mixes") for p in problems)
        assert not any("side-plank (" in p for p in problems)  # each link from the side plank is allowed


class TestCache:
    def test_second_load_uses_the_index_and_gives_the_same_cards(self, tmp_path, card_text, monkeypatch):
        write(tmp_path / "lib", "test-wall-lean.toml", card_text)
        sources = library_sources([tmp_path / "lib"], env={})
        first = load_library(sources)
        assert cache.index_path(tmp_path / "lib").is_file()

        def no_parsing(path):
            raise AssertionError(f"{path} was parsed although it did not change")

        monkeypatch.setattr("planner.library.read_card", no_parsing)
        second = load_library(sources)  # nothing parsed: the tags come from the index
        assert second.cards == first.cards
        assert second.exercises["test-wall-lean"].primary_muscles == ["chest"]

    def test_the_index_holds_tags_and_get_reads_the_prose(self, tmp_path, card_text):
        write(tmp_path / "lib", "test-wall-lean.toml", card_text)
        sources = library_sources([tmp_path / "lib"], env={})
        load_library(sources)
        lib = load_library(sources)
        assert "instructions" not in lib.cards["test-wall-lean"]
        with pytest.raises(AttributeError):
            lib.exercises["test-wall-lean"].instructions  # noqa: B018  (tags-only: prose is absent, not empty)
        assert lib.get("test-wall-lean").instructions == ["Stand facing a wall.", "Lean in.", "Push away."]

    def test_prose_of_an_unchanged_file_is_what_validation_gives(self):
        # get() skips validation for a file the index checked and that has not changed since;
        # the text it then reads must be the validated card's, for every shipped card
        lib = load_library(library_sources(env={}))
        lib = load_library(library_sources(env={}))  # the second load reads the index
        assert all(lib.stamps[i] for i in lib.cards)
        for exercise_id, path in ((i, lib.paths[i]) for i in sorted(lib.cards)):
            exercise, problems = read_card(path)
            assert exercise is not None, problems
            assert lib.get(exercise_id).to_data() == Card(exercise.model_dump(mode="json")).to_data(), exercise_id

    def test_a_file_changed_after_loading_is_validated_again(self, tmp_path, card_text):
        path = write(tmp_path / "lib", "test-wall-lean.toml", card_text)
        sources = library_sources([tmp_path / "lib"], env={})
        load_library(sources)
        lib = load_library(sources)
        path.write_text(card_text.replace('description = """', 'description = 7\nold = """', 1), encoding="utf-8")
        with pytest.raises(LibraryError, match="description"):
            lib.get("test-wall-lean")

    def test_a_changed_file_is_read_again(self, tmp_path, card_text):
        path = write(tmp_path / "lib", "test-wall-lean.toml", card_text)
        sources = library_sources([tmp_path / "lib"], env={})
        load_library(sources)
        path.write_text(card_text.replace("Test Wall Lean", "Edited Wall Lean (longer)"), encoding="utf-8")
        assert load_library(sources).get("test-wall-lean").name == "Edited Wall Lean (longer)"

    def test_problems_are_remembered_too(self, tmp_path):
        write(tmp_path / "lib", "broken.toml", "name = ")
        sources = library_sources([tmp_path / "lib"], env={})
        assert load_library(sources).problems == load_library(sources).problems != []

    def test_a_corrupt_index_is_rebuilt_silently(self, tmp_path, card_text):
        write(tmp_path / "lib", "test-wall-lean.toml", card_text)
        index = cache.index_path(tmp_path / "lib")
        index.parent.mkdir(parents=True, exist_ok=True)
        index.write_text("{ not json", encoding="utf-8")
        lib = load_library(library_sources([tmp_path / "lib"], env={}))
        assert "test-wall-lean" in lib.exercises
        digest, _, text = index.read_text(encoding="utf-8").partition("\n")
        assert json.loads(text)["format"] == cache.FORMAT
        # valid JSON with a value changed is caught by the digest, not read as a wrong card
        index.write_text(digest + "\n" + text.replace('"chest"', '"calves"'), encoding="utf-8")
        again = load_library(library_sources([tmp_path / "lib"], env={}))
        assert again.exercises["test-wall-lean"].primary_muscles == ["chest"]

    def test_a_deleted_file_leaves_the_library(self, tmp_path, card_text):
        path = write(tmp_path / "lib", "test-wall-lean.toml", card_text)
        sources = library_sources([tmp_path / "lib"], env={})
        load_library(sources)
        path.unlink()
        assert "test-wall-lean" not in load_library(sources).exercises


def test_problem_formats():
    assert str(Problem(Path("a.toml"), "bad", line=3)) == "a.toml:3: bad"
    assert str(Problem(Path("a.toml"), "bad", field="level")) == "a.toml: level: bad"


def test_reading_reports_progress_for_each_file_of_each_folder(tmp_path, card_text):
    for n in range(3):
        write(tmp_path / "lib", f"test-lean-{n}.toml", card_text.replace("Test Wall Lean", f"Lean {n}"))
    heard: list[tuple[int, int, Path]] = []
    load_library(library_sources([tmp_path / "lib"], env={}), progress=lambda *a: heard.append(a))
    mine = [(done, total) for done, total, folder in heard if folder == tmp_path / "lib"]
    assert mine == [(1, 3), (2, 3), (3, 3)]


def test_a_slow_read_draws_a_progress_bar_on_a_terminal_and_a_fast_one_does_not():
    import io

    from rich.console import Console

    from planner.cli import IndexProgress

    def run(after: float) -> str:
        out = io.StringIO()
        console = Console(file=out, force_terminal=True, width=80)
        with IndexProgress(after=after, console=console) as progress:
            for done in range(1, 65):
                progress(done, 64, Path("/cards"))
        return out.getvalue()

    assert "reading cards in /cards" in run(after=0.0)
    assert run(after=60.0) == ""


def test_many_files_are_read_by_worker_processes_with_the_same_result(tmp_path, card_text, monkeypatch):
    for n in range(6):
        write(tmp_path / "lib", f"test-lean-{n}.toml", card_text.replace("Test Wall Lean", f"Lean {n}"))
    write(tmp_path / "lib", "broken.toml", "name = ")
    sources = library_sources([tmp_path / "lib"], env={})
    one_by_one = load_library(sources, use_cache=False)
    monkeypatch.setattr("planner.library.PARALLEL_FROM", 2)
    in_workers = load_library(sources, use_cache=False)
    assert in_workers.cards == one_by_one.cards and in_workers.problems == one_by_one.problems
    assert [str(p.path) for p in in_workers.problems] == [str(tmp_path / "lib" / "broken.toml")]
