"""Bring your own exercises: importers that turn other formats into exercise cards.

- card.py: `planner import card`, a card written as plain text (the project's seed format);
- free_exercise_db.py: `planner import free-exercise-db`, the public-domain data set;
- skeleton.py: `planner new`, a blank card with every field marked TODO;
- infer.py and inference.toml: the documented matcher that guesses tags from words;
- writer.py: ids, the TOML layout, and the manifest that keeps re-imports idempotent.

The CLI imports these modules only when one of those commands runs.
"""
