"""Coaching data files are parsed once and remembered in the cache folder (toml_memo.py):
what is remembered is used only for the same, unchanged file, and never hides an error."""

from __future__ import annotations

import marshal
import os
import tomllib
from pathlib import Path

import pytest

from planner import toml_memo
from planner.cache import cache_dir
from planner.errors import PlannerError
from planner.toml_memo import read_toml_kept

LIMIT = 1024 * 1024


def memos() -> list[Path]:
    return sorted((cache_dir() / "toml").glob("*.marshal"))


def no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(text: str) -> None:
        raise AssertionError("parsed again")

    monkeypatch.setattr(tomllib, "loads", refuse)


def test_an_unchanged_file_is_read_from_its_memo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "rules.toml"
    path.write_text("[time]\nsetup = 30\n")
    assert read_toml_kept(path, LIMIT, "template file") == {"time": {"setup": 30}}
    assert len(memos()) == 1
    no_parsing(monkeypatch)
    assert read_toml_kept(path, LIMIT, "template file") == {"time": {"setup": 30}}


def test_a_changed_file_is_read_again_even_at_the_same_size_and_time(tmp_path: Path) -> None:
    path = tmp_path / "goals.toml"
    path.write_text("a = 1\n")
    read_toml_kept(path, LIMIT, "template file")
    before = path.stat()
    path.write_text("a = 2\n")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # same size, mtime set back: the ctime moves
    assert read_toml_kept(path, LIMIT, "template file") == {"a": 2}


def test_another_file_never_gets_this_ones_memo(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text("x = 1\n")
    (tmp_path / "b.toml").write_text("x = 2\n")
    assert read_toml_kept(tmp_path / "a.toml", LIMIT, "t") == {"x": 1}
    assert read_toml_kept(tmp_path / "b.toml", LIMIT, "t") == {"x": 2}
    assert read_toml_kept(tmp_path / "a.toml", LIMIT, "t") == {"x": 1}


def test_a_damaged_memo_is_ignored_and_written_again(tmp_path: Path) -> None:
    path = tmp_path / "splits.toml"
    path.write_text("days = [1, 2]\n")
    read_toml_kept(path, LIMIT, "t")
    (memo,) = memos()
    check, payload = memo.read_bytes()[: toml_memo._CHECK], memo.read_bytes()[toml_memo._CHECK :]
    stamp, _ = marshal.loads(payload)
    memo.write_bytes(check + marshal.dumps((stamp, {"days": [9]})))  # well formed, but not what was written
    assert read_toml_kept(path, LIMIT, "t") == {"days": [1, 2]}
    memo.write_bytes(memo.read_bytes()[:-3] + b"zzz")  # torn
    assert read_toml_kept(path, LIMIT, "t") == {"days": [1, 2]}
    memo.write_bytes(b"")
    assert read_toml_kept(path, LIMIT, "t") == {"days": [1, 2]}
    assert toml_memo._load(memo) is not None  # rewritten whole


def test_a_broken_file_is_reported_every_time_and_never_remembered(tmp_path: Path) -> None:
    path = tmp_path / "sessions.toml"
    path.write_text("[broken\n")
    for _ in range(2):
        with pytest.raises(PlannerError, match="TOML syntax"):
            read_toml_kept(path, LIMIT, "template file")
    assert memos() == []


def test_an_unwritable_cache_folder_only_costs_the_memo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    monkeypatch.setenv("PLANNER_CACHE_DIR", str(blocked))
    path = tmp_path / "rules.toml"
    path.write_text("a = 1\n")
    assert read_toml_kept(path, LIMIT, "t") == {"a": 1}
    assert read_toml_kept(path, LIMIT, "t") == {"a": 1}


def test_values_marshal_cannot_hold_are_read_but_not_remembered(tmp_path: Path) -> None:
    path = tmp_path / "dated.toml"
    path.write_text("when = 2027-03-01\n")
    assert str(read_toml_kept(path, LIMIT, "t")["when"]) == "2027-03-01"
    assert memos() == []
