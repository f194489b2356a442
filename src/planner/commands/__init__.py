"""One module per command: arguments in, data out.

Each module's `run` takes the command's arguments (already parsed by cli.py) and an Env
(the global options), does the work through the core, and returns a result: a record the
renderer (render.py, views.py) turns into a table or JSON. Nothing here prints; a problem
is a PlannerError carrying its exit code."""
