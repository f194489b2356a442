"""The README's generated sections (commands, examples, coverage) match the app."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(not (ROOT / "scripts" / "readme.py").is_file(), reason="needs the source checkout")
def test_readme_is_up_to_date():
    result = subprocess.run([sys.executable, "scripts/readme.py", "--check"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_readme_states_the_two_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "python3 -m pip install . && planner" in text
    assert "python3 -m pip install '.[test]' && python3 -m pytest" in text
