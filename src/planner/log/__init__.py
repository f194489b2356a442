"""The training log: what was lifted, set by set, in one SQLite file (store.py), typed as
short lines (grammar.py), exchanged as CSV or JSON (exchange.py), imported from Strong and
Hevy (foreign.py, names.py), and read back as an exercise's history (history.py).

records.py holds the plain records all of them share."""
