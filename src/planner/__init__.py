"""planner: a command-line workout planner."""

__version__ = "0.1.0"
