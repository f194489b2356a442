"""The command line's words before Typer reads them."""

from __future__ import annotations

from typing import Any

GLOBAL_FLAGS = ("--no-cache", "--version")
GLOBAL_VALUED = ("--library", "-L")


def hoist_globals(args: list[str], group: Any) -> list[str]:
    """The command line with the global options moved in front of the command, so that
    they work wherever they are typed (`planner list --no-cache`). A word that is the value
    of the command's own option (`--search --version`) or comes after `--` stays put."""
    front: list[str] = []
    k = 0
    while k < len(args) and args[k].startswith("-"):  # global options already in front
        front.append(args[k])
        k += 1
        if args[k - 1] in GLOBAL_VALUED and k < len(args):
            front.append(args[k])
            k += 1
    command, rest = group, []
    while k < len(args) and hasattr(command, "commands") and args[k] in command.commands:
        command = command.commands[args[k]]
        rest.append(args[k])
        k += 1
    valued = {
        opt
        for p in getattr(command, "params", [])
        if p.param_type_name == "option" and not p.is_flag and not p.count
        for opt in p.opts
    }
    while k < len(args):
        word = args[k]
        name = word.split("=", 1)[0]
        if word == "--":
            rest += args[k:]
            break
        if word in GLOBAL_FLAGS:
            front.append(word)
        elif name in GLOBAL_VALUED and name not in valued:
            front.append(word)
            if "=" not in word and k + 1 < len(args):
                k += 1
                front.append(args[k])
        elif word.startswith("-L") and not word.startswith("--") and "-L" not in valued:
            front.append(word)  # -LDIR: the short option with its value attached
        else:
            rest.append(word)
            if word in valued and k + 1 < len(args):
                k += 1
                rest.append(args[k])
        k += 1
    return front + rest


def command_name(args: list[str]) -> str | None:
    """The command the line names: its first word that is neither a global option nor the
    value of one."""
    k = 0
    while k < len(args) and args[k].startswith("-"):
        k += 2 if args[k] in GLOBAL_VALUED else 1
    return args[k] if k < len(args) else None
