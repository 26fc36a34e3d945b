"""Text from other people's files, made safe for where it goes: the one place that says
which characters are unsafe and what each output does with them.

Names, titles, notes and file names come from files a mentor did not write. Whatever
reaches the terminal, markdown, HTML or Word goes through one function here:

- `terminal`: control characters, escape sequences and marks that reorder text shown
  visibly escaped (`\\x1b`, `\\u202e`), so a file name cannot retitle, recolour or
  rewrite the user's terminal;
- `one_line`: plain text on one line (documents, Word): control characters become a space,
  reordering marks a space, characters XML cannot hold U+FFFD;
- `md_inline`: `one_line`, then escaped so markdown shows exactly those characters
  (`md_cell` for a table cell);
- `html_text`: `one_line`, then escaped for HTML (as the plan's HTML export does).

`refused_char` is the input rule: the first character a saved file may not hold.
"""

from __future__ import annotations

import re
from typing import Any

#: C0 controls but tab and newline, DEL and the C1 controls: never kept in a saved file.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: Marks that make text display in an order other than the one it is stored in (U+202E
#: makes "exe.txt" read as "txt.exe").
REORDER = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
#: Characters XML (and so Word) cannot hold, beyond the controls: lone surrogates and the
#: noncharacters U+FFFE and U+FFFF.
NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")
_UNSAFE = re.compile(f"{CONTROL.pattern}|{REORDER.pattern}")
_UNUSABLE = re.compile(f"[\x00-\x1f\x7f-\x9f]|{REORDER.pattern}|{NOT_XML.pattern}")
_SHOWN_ESCAPED = re.compile(f"[\x00-\x08\x0a-\x1f\x7f-\x9f]|{REORDER.pattern}|{NOT_XML.pattern}")

# Characters that start markup anywhere in a line (GFM, pandoc's gfm, GitHub's math).
_MD_ALWAYS = re.compile(r"([\\`*_\[\]<>|~&$])")
# Characters that start a block (heading, list, quote, rule) only at the start of a line.
_MD_LEADING = re.compile(r"^(?:([#+\-=])|(\d{1,9})([.)])(?=\s|$))")


def unsafe_char(text: str) -> str | None:
    """The first character of `text` no output shows as it is: a control character
    (newline and tab too), a reordering mark, a lone surrogate, U+FFFE or U+FFFF; or None.
    For one-line values that are used, not shown (a web address)."""
    bad = _UNUSABLE.search(text)
    return bad.group() if bad else None


def refused_char(text: str) -> str | None:
    """The first character of `text` a saved file may not hold (a control character, a
    lone surrogate, U+FFFE or U+FFFF), or None."""
    bad = CONTROL.search(text) or NOT_XML.search(text)
    return bad.group() if bad else None


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


_SHOWN_ESCAPED_KEEP_LINES = re.compile(
    f"[\x00-\x08\x0b-\x1f\x7f-\x9f]|{REORDER.pattern}|{NOT_XML.pattern}"
)


def terminal(text: object, *, lines: bool = False) -> str:
    """`text` safe to print on a terminal: every control character (newline too, unless
    `lines`), reordering mark and lone surrogate shown as its escape; tab is kept."""
    pattern = _SHOWN_ESCAPED_KEEP_LINES if lines else _SHOWN_ESCAPED
    return pattern.sub(_escape, str(text))


def one_line(value: object) -> str:
    """`value` as one line of plain text: control characters and reordering marks made a
    space, characters XML cannot hold made U+FFFD, white space single."""
    text = NOT_XML.sub("\ufffd", _UNSAFE.sub(" ", str(value)))
    return " ".join(text.split())


def md_inline(value: object) -> str:
    """`value` as one line of markdown text that renders as exactly those characters."""
    text = _MD_ALWAYS.sub(r"\\\1", one_line(value))
    match = _MD_LEADING.match(text)
    if match:
        if match.group(1):
            text = "\\" + text
        else:
            digits = match.group(2)
            text = digits + "\\" + text[len(digits) :]
    return text


def md_cell(value: object) -> str:
    """`value` as the text of a markdown table cell: as `md_inline`, but a cell's start
    cannot start a block, so a '-' or '1.' there is left as it is."""
    return _MD_ALWAYS.sub(r"\\\1", one_line(value))


def html_text(value: Any) -> str:
    """`value` as one line of HTML text that shows exactly those characters, no markup."""
    import html

    return html.escape(one_line(value))


def shell_word(path: object) -> str:
    """A file's name as typed in a shell (quoted where it must be), for the commands a plan
    suggests; PROFILE where the name holds a character a plan cannot hold (a control
    character cannot be typed in a command, and would stop the plan being saved)."""
    import shlex

    name = str(path)
    return "PROFILE" if refused_char(name) else shlex.quote(name)
