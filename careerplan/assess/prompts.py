"""The terminal side of `careerplan assess`: questionary prompts and rich screens.

Imported only when a person is actually being asked questions. Every prompt uses
`unsafe_ask()`, so Ctrl-C arrives as KeyboardInterrupt for the caller to handle (keep the
draft, say how to resume). Everything can be answered with the arrow keys, space and
Enter: yes/no questions are two-item lists, and a text question shows a sensible default
greyed in its empty field (Enter keeps it; typing replaces it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import questionary
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.styles import Style
from rich.cells import cell_len
from rich.console import Console
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from careerplan import wording
from careerplan.assess.ui import MISSING, Option, Prompt, ReviewRow, Step
from careerplan.render.bars import rating_bar

STYLE = Style(
    [
        ("qmark", "fg:ansicyan"),
        ("question", "bold"),
        ("answer", "fg:ansigreen bold"),
        ("pointer", "fg:ansicyan bold"),
        ("highlighted", "fg:ansicyan bold"),
        ("selected", "fg:ansigreen"),
        ("instruction", "fg:ansibrightblack"),
        ("placeholder", "fg:ansibrightblack"),
        ("text", ""),
        ("bottom-toolbar", "noreverse fg:ansibrightblack"),
    ]
)

SAVE = "save"
CHANGE = "change"
BACK = "back"
RATINGS = "ratings"


class QuestionaryUI:
    """Asks the interview's prompts in the terminal."""

    def __init__(self, console: Console):
        self.console = console

    # -- screens --------------------------------------------------------------------------

    def welcome(
        self,
        total: int,
        sections: list[str],
        *,
        resumed: int = 0,
        previous: str | None = None,
        given_from: str | None = None,
    ) -> None:
        out = self.console
        out.print()
        out.print(Text("careerplan self-assessment", style="bold"))
        if resumed:
            saved = wording.plural(resumed, "answer was", "answers were")
            out.print(f"Welcome back. {saved} saved last time; carrying on from where you stopped.")
        else:
            out.print(
                f"At most {total} short questions in {len(sections)} parts "
                f"({', '.join(s.lower() for s in sections)}); those your answers rule "
                "out are skipped, numbers and all. It takes under ten minutes, and at the "
                "end you can check and change any answer before saving."
            )
        if previous:
            out.print(
                Text(
                    f"Last time's answers ({previous}) are offered: press Enter to "
                    "keep one, or give another."
                )
            )
        if given_from:
            out.print(
                Text(
                    f"The answers from {given_from} are used without asking again; you "
                    "can change any of them on the summary at the end."
                )
            )
        out.print()
        out.print(
            "Type an option's number, or use the arrow keys, then Enter; in a list of tick "
            "boxes, an option's number or space ticks its box. "
            "Your answers are "
            "saved as you go: press Ctrl-C at any time and continue later with "
            "[bold]careerplan assess --resume[/bold]. Nothing leaves this computer."
        )

    def section(self, title: str, number: int, total: int) -> None:
        self.console.print()
        self.console.print(Rule(f"{title} (part {number} of {total})", align="left"))

    def review(self, rows: list[ReviewRow], stage: str | None) -> Step | None:
        while True:
            self.console.print()
            self.console.print(Rule("Check your answers", align="left"))
            self.console.print(review_table(rows, stage, width=self.console.width))
            action = self._select(
                "Save these answers, or change one?",
                [Option(SAVE, "Save my profile"), Option(CHANGE, "Change an answer")],
                default=SAVE,
                qmark="?",
                describe=False,
            )
            if action == SAVE:
                return None
            step = self._choose_change(rows)
            if step is not None:
                return step

    def _choose_change(self, rows: list[ReviewRow]) -> Step | None:
        ratings = [r for r in rows if r.step is not None and r.step.key is not None]
        options = [Option(BACK, "(back to the summary)")]
        for i, row in enumerate(rows):
            if row.step is None:
                continue
            if row.step.key is not None:
                if row is ratings[0]:
                    options.append(Option(RATINGS, "Self-ratings (choose the area next)"))
                continue
            # one line each, within the terminal: the pointer and "1) " take 7 columns
            room = min(90, max(self.console.width, 40) - 8)
            options.append(Option(i, _clip(f"{row.label}: {row.text}", room)))
        choice = self._select(
            "Which answer would you like to change?",
            options,
            default=MISSING,
            qmark="?",
            describe=False,
        )
        if choice == BACK:
            return None
        if choice != RATINGS:
            return rows[choice].step
        options = [Option(BACK, "(back to the summary)")] + [
            Option(i, f"{r.label}: {r.text}") for i, r in enumerate(ratings)
        ]
        choice = self._select(
            "Which area's rating?", options, default=MISSING, qmark="?", describe=False
        )
        return None if choice == BACK else ratings[choice].step

    # -- one prompt -----------------------------------------------------------------------

    def ask(self, prompt: Prompt) -> Any:
        qmark = f"[{prompt.number}/{prompt.total}]"
        if prompt.intro:
            self.console.print(prompt.intro)
        if prompt.kind == "select":
            return self._select(
                prompt.message,
                prompt.options,
                default=prompt.default,
                qmark=qmark,
                help=prompt.help,
                keys=prompt.note or None,
                describe=True,
            )
        if prompt.kind == "checkbox":
            return self._checkbox(prompt, qmark)
        if prompt.kind == "order":
            return self._order(prompt, qmark)
        return self._text(prompt, qmark)

    def _select(
        self,
        message: str,
        options: list[Option],
        *,
        default: Any,
        qmark: str,
        help: str = "",
        keys: str | None = None,
        describe: bool = True,
    ) -> Any:
        width = self.console.width
        choices = []
        for o in options:
            # An option's key comes from the data (a rating's level: 3 is "3) Confident");
            # the others are numbered in order, from the keys left.
            title = o.label if describe or not o.help else f"{o.label:<14} {o.help}"
            choices.append(
                questionary.Choice(
                    title=title,
                    value=_Key(o.value),
                    description=_description(o.help, width) if describe else None,
                    shortcut_key=o.key or True,
                )
            )
        chosen = (
            next((c for c in choices if c.value == _Key(default)), None)
            if default is not MISSING
            else None
        )
        message, beside = _wrap_message(message, qmark, width)
        longest = max((cell_len(o.label) for o in options), default=0)
        own_line = beside + 1 + longest > max(width, 40) - 1
        if own_line:
            # The answer, shown after the question once chosen, goes on a line of its own,
            # indented as the hints are (questionary puts a space after the message).
            message, beside = f"{message}\n ", 2
        instruction = _instruction(
            help, keys or "(a number or the arrow keys, then Enter)", beside, width
        )
        if own_line:
            instruction = instruction.removeprefix("\n  ")  # already on that line
        answer = questionary.select(
            message,
            choices=choices,
            default=chosen,
            qmark=qmark,
            instruction=instruction,
            style=STYLE,
            show_description=describe,
            use_shortcuts=len(choices) <= _MOST_SHORTCUTS,
            use_jk_keys=False,
        ).unsafe_ask()
        return answer.value

    def _checkbox(self, prompt: Prompt, qmark: str) -> list[Any]:
        from careerplan.assess.tickbox import tick_boxes

        width = self.console.width
        default = set(prompt.default or [])  # MISSING is falsy
        choices = [
            questionary.Choice(
                title=o.label,
                value=o.value,
                checked=o.value in default,
                description=_description(o.help, width),
                shortcut_key=o.key or True,
            )
            for o in prompt.options
        ]

        def validate(values: list[Any]) -> bool | str:
            return prompt.validate(values) or True

        message, beside = _wrap_message(prompt.message, qmark, width)
        instruction = _instruction(
            prompt.help, "(a number or space ticks a box; Enter when done)", beside, width
        )
        return tick_boxes(
            message,
            choices,
            qmark=qmark,
            validate=validate,
            instruction=instruction,
            style=STYLE,
            width=width,
        ).unsafe_ask()

    def _order(self, prompt: Prompt, qmark: str) -> list[Any]:
        remaining = list(prompt.options)
        ranked: list[Any] = []
        default = list(prompt.default or [o.value for o in remaining])  # MISSING is falsy
        while len(remaining) > 1:
            first = not ranked
            message = prompt.message if first else "And which comes next?"
            pick = next((v for v in default if v in [o.value for o in remaining]), None)
            value = self._select(
                message,
                remaining,
                default=pick,
                qmark=qmark,
                help=prompt.help if first else "",
                describe=False,
            )
            ranked.append(value)
            remaining = [o for o in remaining if o.value != value]
        ranked.extend(o.value for o in remaining)
        return ranked

    def understood(self, text: str) -> None:
        self.console.print(Text(f"  Understood as {text}.", style="dim"))

    def _text(self, prompt: Prompt, qmark: str) -> str:
        """A typed answer. A suggested or earlier answer is shown greyed in the empty field,
        not typed into it: Enter keeps it, and typing replaces it (typing after a filled-in
        '1' would have made '7 months' into '17 months')."""
        default = "" if prompt.default in (None, MISSING) else prompt.typed(prompt.default)

        def validate(text: str) -> bool | str:
            return prompt.validate(text if text.strip() else default) or True

        indent = " " * (cell_len(qmark) + 1)
        answer = self._typed(prompt.message, prompt.help, qmark, default=default, validate=validate)
        if answer.strip() or not default:
            return answer
        self.console.print(Text(f"{indent}  kept: {default}", style="dim"))
        return default

    def _typed(
        self,
        message: str,
        help: str,
        qmark: str,
        *,
        default: str,
        validate: Any,
        keeps: str = "Enter keeps it",
    ) -> str:
        """A text field under a message and a hint wrapped to the terminal's width; the
        suggested answer (`default`) is greyed in the empty field, and typing replaces it."""
        width = self.console.width
        indent = " " * (cell_len(qmark) + 1)
        text, _ = _wrap_message(message, qmark, width)
        if help:
            text += "\n" + indent + wrap(help, width - 1, first=len(indent), indent=indent)
        hint = FormattedText([("class:placeholder", f"{default}  ({keeps})")])
        return str(
            questionary.text(
                f"{text}\n{indent}>",
                qmark=qmark,
                validate=validate,
                style=STYLE,
                placeholder=hint if default else None,
            ).unsafe_ask()
        )

    # -- saving ---------------------------------------------------------------------------

    def ask_path(self, default: Path, message: str = "Save your profile as") -> Path:
        def validate(text: str) -> bool | str:
            if not text.strip():
                return "Give a file name, such as profile.yaml"
            path = Path(text.strip()).expanduser()
            if path.is_dir():
                return f"{path} is a folder; give a file name"
            parent = path.parent
            if not parent.is_dir():
                return f"The folder {parent} does not exist"
            return True

        typed = self._typed(
            message,
            "Type a name, or press Enter for the one shown. The file is readable by you only.",
            "?",
            default=str(default),
            validate=lambda text: validate(text if text.strip() else str(default)),
        )
        text = typed if typed.strip() else str(default)
        return Path(text.strip()).expanduser()

    def confirm(self, message: str, *, default: bool = False, help: str = "") -> bool:
        return self._select(
            message,
            [Option(True, "Yes"), Option(False, "No")],
            default=default,
            qmark="?",
            help=help,
            describe=False,
        )

    def offer_resume(self, summary: str) -> bool:
        return self._select(
            "You have an unfinished assessment. Carry on with it?",
            [
                Option(True, "Yes, carry on where I stopped"),
                Option(False, "No, start again (the unfinished answers are discarded)"),
            ],
            default=True,
            qmark="?",
            help=summary[:1].upper() + summary[1:] + ".",
            describe=False,
        )


_MOST_SHORTCUTS = 36  # questionary's limit: the digits and the letters


class _Key:
    """Wraps a choice value: questionary cannot tell apart None and 'no value'."""

    def __init__(self, value: Any):
        self.value = value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Key) and other.value == self.value

    def __hash__(self) -> int:
        return hash(repr(self.value))


def wrap(text: str, width: int, *, first: int = 0, indent: str = "") -> str:
    """`text` broken between words to fit `width` terminal cells (display width: a wide
    character takes two), the first line after `first` cells already used, the others
    after `indent`; a line break in `text` is kept."""
    out: list[str] = []
    for paragraph in text.split("\n"):
        lines: list[str] = []
        line, used = "", first if not out else cell_len(indent)
        for word in paragraph.split():
            size = cell_len(word)
            if line and used + 1 + size > width:
                lines.append(line)
                line, used = word, cell_len(indent) + size
            else:
                used += size + (1 if line else 0)
                line = f"{line} {word}" if line else word
        lines.append(line)
        out.append(("\n" + indent).join(lines))
    return ("\n" + indent).join(out)


def _wrap_message(message: str, qmark: str, width: int) -> tuple[str, int]:
    """A question wrapped to the terminal after its "[3/30] " counter, with continuation
    lines under its first word; and how many cells its last line takes."""
    indent = " " * (cell_len(qmark) + 1)
    text = wrap(message, max(width, 40) - 1, first=len(indent), indent=indent)
    last = text.rsplit("\n", 1)[-1]
    return text, cell_len(last) + (len(indent) if "\n" not in text else 0)


def _description(help: str, width: int) -> str | None:
    """An option's help, shown under the list after "  Description: ", wrapped."""
    if not help:
        return None
    return wrap(help, max(width, 40) - 1, first=len("  Description: "), indent="  ")


def _instruction(help: str, keys: str, beside: int = 0, width: int = 100) -> str:
    """The key hint beside the question (`beside` cells already used on its line), or under
    it with the help line, without running past the edge of the terminal."""
    room = max(width, 40) - 2
    if not help:
        return keys if beside + 1 + cell_len(keys) < room else f"\n  {keys}"
    lines = wrap(help, room, first=2, indent="  ")
    last = lines.rsplit("\n", 1)[-1]
    joiner = " " if cell_len(last) + 1 + cell_len(keys) < room else "\n  "
    return "\n  " + lines + joiner + keys


def _clip(text: str, width: int = 90) -> str:
    """`text` cut to `width` terminal cells, between words, with an ellipsis."""
    if cell_len(text) <= width:
        return text
    while cell_len(text) > width - 1:
        text = text[:-1]
    cut = text.rsplit(" ", 1)[0] if " " in text else text
    return cut.rstrip(" ,;:.") + "…"


def review_table(rows: list[ReviewRow], stage: str | None, *, width: int = 100) -> Table:
    """The answers as a two-column summary; the ratings as a compact grid with bars."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    first_label: dict[str, str] = {}  # field -> the label of the first row that fills it
    for r in rows:
        if r.step is not None:
            first_label.setdefault(r.step.question.field, r.label)
    ordered = {
        r.step.question.field
        for r in rows
        if r.step is not None and r.step.question.kind == "order"
    }
    ratings = [r for r in rows if r.step is not None and r.step.key is not None]
    for row in rows:
        if row.step is not None and row.step.key is not None:
            if row is ratings[0]:
                table.add_row(row.step.question.label, _ratings_grid(ratings, width))
            continue
        label = row.label
        if row.step is not None and row.step.question.field in ordered:
            if row.step.question.kind != "order":
                continue  # the ordered list below says it all
            label = f"{first_label[row.step.question.field]}, most important first"
        text = Text(row.text, style="yellow" if row.source == "not answered" else "")
        if row.source not in ("answered", "not answered"):
            text.append(f"  (from {row.source})", style="dim")
        table.add_row(label, text)
    if stage:
        text = Text(stage)
        text.append("  (worked out from your role and years in it)", style="dim")
        table.add_row("Career stage", text)
    return table


def _ratings_grid(rows: list[ReviewRow], width: int) -> Table:
    """Area, bar and rating; on a narrow screen the area's name wraps, never the rating."""
    pairs = 2 if width >= 130 else 1
    grid = Table.grid(padding=(0, 1))
    for _ in range(pairs):
        grid.add_column(ratio=1)
        grid.add_column(no_wrap=True)
        grid.add_column(no_wrap=True, min_width=12)
    for start in range(0, len(rows), pairs):
        cells: list[Text] = []
        for row in rows[start : start + pairs]:
            style = "yellow" if row.source == "not answered" else "cyan"
            cells.append(Text(row.label))
            cells.append(Text(rating_bar(row.level, row.top or 0), style=style))
            cells.append(Text(row.text, style=style))
        grid.add_row(*cells)
    return grid
