"""Text from files people share (cards, plans, data sets) on its way to a terminal or a
document: control characters found, named and made visible.

An ESC or BEL in a card's name would reach the terminal raw and could retitle it, clear
it or recolour what follows; in Markdown it would ride along into a document. Cards, plan
files and imports refuse control characters (`control_problem`); what reaches output
anyway (a file name, a template's title) goes through `visible`. The exporters call
`visible` on every piece of text too. Tab and line ends are text, not controls."""

from __future__ import annotations

import re
import unicodedata

# C0 controls but tab, line feed and carriage return; DEL; the C1 controls; and lone
# surrogates, which are not characters (Python holds the bytes of a file name that is not
# UTF-8 as U+DC80-U+DCFF; a JSON file can spell any of them as \ud800)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")

_NAMES = {0x00: "NUL", 0x07: "BEL", 0x08: "BS", 0x0B: "VT", 0x0C: "FF", 0x1B: "ESC", 0x7F: "DEL"}


def _shown(char: str) -> str:
    """One control character as printable ASCII: caret notation as `cat -v` shows it
    (ESC is ^[, DEL ^?), <U+0085> for the C1 controls, \\xE9 for a byte of a file name
    that is not UTF-8."""
    code = ord(char)
    if code < 0x20:
        return "^" + chr(code + 0x40)
    if code == 0x7F:
        return "^?"
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02X}"
    return f"<U+{code:04X}>"


def has_control(text: str) -> bool:
    # isprintable is several times faster than the search and true for nearly all text
    return not text.isprintable() and _CONTROL.search(text) is not None


def visible(text: str) -> str:
    """`text` with every control character replaced by a printable stand-in (see _shown).
    Text without any (nearly all of it) is returned as it is, at the cost of one search."""
    if _CONTROL.search(text) is None:
        return text
    return _CONTROL.sub(lambda m: _shown(m.group()), text)


def one_line(text: str) -> str:
    """`visible`, with line ends made visible too: for a value quoted inside a line, such
    as a file name in a comment, where a newline would start a line of its own."""
    return visible(text).replace("\r", "^M").replace("\n", "^J")


def control_name(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:
        return f"byte 0x{code - 0xDC00:02X} (not UTF-8)"
    if 0xD800 <= code <= 0xDFFF:
        return f"lone surrogate U+{code:04X} (not a character)"
    name = _NAMES.get(code) or unicodedata.name(char, "")
    return f"control character U+{code:04X}" + (f" ({name})" if name else "")


def control_problem(text: str) -> str | None:
    """What is wrong with `text` if it holds a control character: which one, and on which
    line when the text has several. None when it holds none."""
    found = _CONTROL.search(text)
    if found is None:
        return None
    where = ""
    if "\n" in text:
        where = f" on line {text.count(chr(10), 0, found.start()) + 1}"
    return f"{control_name(found.group())}{where}; remove it (it could change what a terminal shows)"


def _texts(values: object) -> list[str]:
    """Every string inside `values`, keys included, in no particular order."""
    out: list[str] = []
    stack = [values]
    while stack:
        value = stack.pop()
        if type(value) is str:
            out.append(value)
        elif isinstance(value, dict):
            out.extend(k for k in value if isinstance(k, str))
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, str):
            out.append(value)
    return out


def first_control(values: object, where: str = "") -> tuple[str, str] | None:
    """The first string inside `values` (nested lists and dicts, keys included) holding a
    control character: (its place as a dotted path, the problem), or None. Walked without
    recursion, so any depth is safe; one search over all the text first, since nearly all
    data has none."""
    if _CONTROL.search("\n".join(_texts(values))) is None:
        return None
    stack: list[tuple[str, object]] = [(where, values)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            problem = control_problem(value)
            if problem is not None:
                return path, problem
        elif isinstance(value, dict):
            for key, item in reversed(list(value.items())):
                sub = f"{path}.{key}" if path else str(key)
                problem = control_problem(str(key))
                if problem is not None:
                    return sub, f"the key: {problem}"
                stack.append((sub, item))
        elif isinstance(value, list):
            for n in range(len(value) - 1, -1, -1):
                stack.append((f"{path}.{n}" if path else str(n), value[n]))
    return None


# ---------------------------------------------------------------------------- ASCII fallbacks

# What a character the output's encoding lacks becomes. Typographic punctuation and the
# symbols planner itself prints have an ASCII stand-in; letters lose their accents
# (NFKD); anything else becomes "?".
ASCII_FALLBACK = {
    "·": "-",
    "–": "-",
    "—": "--",
    "‘": "'",
    "’": "'",
    "“": '"',
    "”": '"',
    "•": "*",
    "…": "...",
    "→": "->",
    "←": "<-",
    "×": "x",
    "█": "#",
    "░": ".",
    "≤": "<=",
    "≥": ">=",
    "±": "+-",
    "°": " deg",
    "\u00a0": " ",
    "\u2009": " ",
    "\u202f": " ",
}


def ascii_fallback(char: str) -> str:
    """A stand-in for one character an output encoding cannot hold."""
    if char in ASCII_FALLBACK:
        return ASCII_FALLBACK[char]
    if 0xD800 <= ord(char) <= 0xDFFF:
        return _shown(char)
    plain = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode("ascii")
    return plain or "?"
