"""`careerplan assess --plain` (and TERM=dumb): the questions asked line by line.

Each question is printed as plain sentences with its options numbered one to a line, and
the answer is typed on a line of its own and ended with Enter: no menus that redraw, no
colours, no box or bar characters, so a screen reader or a dumb terminal reads it all in
order and the scrollback keeps every question and answer. A list takes an option's
number (or its label); tick boxes take several numbers ("1 3"); an order takes the
numbers most important first ("2 1 3"). Enter keeps the answer offered.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.text import Text

from careerplan import wording
from careerplan.assess.ui import MISSING, Option, Prompt, ReviewRow, Step

Reader = Callable[[str], str]

SAVE, CHANGE, BACK = "save", "change", "back"


class PlainUI:
    """Asks the interview's prompts as numbered lines of text (the `UI` protocol)."""

    def __init__(self, console: Console, read: Reader = input):
        self.console = console
        self.read = read
        self._last: list[Option] = []  # the options listed last (a scale asked again)

    def say(self, text: str = "") -> None:
        self.console.print(Text(text), soft_wrap=False)

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
        self.say()
        self.say("careerplan self-assessment, plain version.")
        if resumed:
            saved = wording.plural(resumed, "answer was", "answers were")
            self.say(f"Welcome back. {saved} saved last time; carrying on from where you stopped.")
        else:
            self.say(
                f"{total} questions at most, in {len(sections)} parts: "
                f"{wording.and_list([s.lower() for s in sections])}. At the end you can "
                "check and change any answer before saving."
            )
        if previous:
            self.say(f"Last time's answers ({previous}) are offered: press Enter to keep one.")
        if given_from:
            self.say(f"The answers from {given_from} are used without asking again.")
        self.say(
            "Type each answer and press Enter. Where options are numbered, type a number; "
            "where you may choose several, type their numbers with spaces between them. "
            "Enter alone keeps the answer offered. Your answers are saved as you go: press "
            "Ctrl-C to stop, and carry on later with: careerplan assess --resume"
        )

    def section(self, title: str, number: int, total: int) -> None:
        self.say()
        self.say(f"Part {number} of {total}: {title}.")

    def review(self, rows: list[ReviewRow], stage: str | None) -> Step | None:
        while True:
            self.say()
            self.say("Your answers:")
            for row in rows:
                source = f" (from {row.source})" if row.source not in _OWN else ""
                self.say(f"  {row.label}: {row.text}{source}.")
            if stage:
                self.say(f"  Career stage: {stage} (worked out from your role and years in it).")
            action = self._choose(
                "Save these answers, or change one?",
                [Option(SAVE, "Save my profile"), Option(CHANGE, "Change an answer")],
                default=SAVE,
            )
            if action == SAVE:
                return None
            changeable = [r for r in rows if r.step is not None]
            options = [Option(BACK, "Back to your answers")] + [
                Option(i, f"{r.label}: {r.text}") for i, r in enumerate(changeable)
            ]
            choice = self._choose("Which answer would you like to change?", options, MISSING)
            if choice != BACK:
                return changeable[choice].step

    # -- one prompt -----------------------------------------------------------------------

    def ask(self, prompt: Prompt) -> Any:
        if prompt.intro:
            self.say(prompt.intro)
        note = f" {prompt.note}" if prompt.note else ""
        head = f"Question {prompt.number} of {prompt.total}: {prompt.message}{note}"
        if prompt.kind == "select":
            return self._choose(head, prompt.options, prompt.default, help=prompt.help)
        if prompt.kind == "checkbox":
            return self._tick(head, prompt)
        if prompt.kind == "order":
            return self._order(head, prompt)
        return self._text(head, prompt)

    def _options(self, options: list[Option]) -> dict[str, Option]:
        """Print the options numbered (a rating by its level) and return them by number."""
        numbered: dict[str, Option] = {o.key: o for o in options if o.key}
        n = 1
        for o in options:
            if o.key:
                continue
            while str(n) in numbered:
                n += 1
            numbered[str(n)] = o
        in_order = sorted(numbered.items(), key=lambda kv: int(kv[0]))
        if options == self._last:  # the same scale again: said once, in full, before
            listed = wording.or_list([f"{key} {o.label}" for key, o in in_order])
            self.say(f"  Type {listed}.")
            return numbered
        self._last = list(options)
        for key, o in in_order:
            extra = f": {o.help}" if o.help else ""
            self.say(f"  {key}. {o.label}{extra}")
        return numbered

    def _line(self, offered: str) -> str:
        keeps = f" (Enter keeps {offered})" if offered else ""
        return self.read(f"Your answer{keeps}: ").strip()

    def _choose(self, head: str, options: list[Option], default: Any, help: str = "") -> Any:
        self.say(head)
        if help:
            self.say(help)
        numbered = self._options(options)
        chosen = next((o for o in options if default is not MISSING and o.value == default), None)
        offered = chosen.label if chosen else ""
        while True:
            typed = self._line(offered)
            if not typed and chosen is not None:
                return chosen.value
            pick = numbered.get(typed) or next(
                (o for o in options if o.label.casefold() == typed.casefold()), None
            )
            if pick is not None:
                self.say(f"  Chosen: {pick.label}.")
                return pick.value
            self.say(f"Type a number from the list, {_numbers(numbered)}.")

    def _tick(self, head: str, prompt: Prompt) -> list[Any]:
        self.say(head)
        if prompt.help:
            self.say(prompt.help)
        numbered = self._options(prompt.options)
        default = [o for o in prompt.options if o.value in (prompt.default or [])]
        offered = "; ".join(o.label for o in default) if default else ""
        self.say("Type the numbers of any that apply, with spaces between them; 'none' for none.")
        while True:
            typed = self._line(offered)
            if not typed:
                picked = default
            elif typed.casefold() == "none":
                picked = []
            else:
                keys = typed.replace(",", " ").split()
                if not all(k in numbered for k in keys):
                    self.say(f"Type numbers from the list, {_numbers(numbered)}, or 'none'.")
                    continue
                picked = [numbered[k] for k in dict.fromkeys(keys)]
            values = [o.value for o in prompt.options if o in picked]  # in list order
            problem = prompt.validate(values)
            if problem:
                self.say(problem)
                continue
            chosen = "; ".join(o.label for o in prompt.options if o in picked) or "none"
            self.say(f"  Chosen: {chosen}.")
            return values

    def _order(self, head: str, prompt: Prompt) -> list[Any]:
        self.say(head)
        if prompt.help:
            self.say(prompt.help)
        numbered = self._options(prompt.options)
        default = list(prompt.default or [])
        by_value = {o.value: o for o in prompt.options}
        offered = ", ".join(by_value[v].label for v in default if v in by_value)
        self.say("Type their numbers, the most important first, with spaces between them.")
        while True:
            typed = self._line(offered)
            if not typed and default:
                return default
            keys = list(dict.fromkeys(typed.replace(",", " ").split()))
            if not keys or not all(k in numbered for k in keys):
                self.say(f"Type numbers from the list, {_numbers(numbered)}.")
                continue
            ranked = [numbered[k].value for k in keys]
            ranked += [o.value for o in prompt.options if o.value not in ranked]
            self.say(f"  In order: {', '.join(by_value[v].label for v in ranked)}.")
            return ranked

    def _text(self, head: str, prompt: Prompt) -> str:
        self.say(head)
        if prompt.help:
            self.say(prompt.help)
        default = "" if prompt.default in (None, MISSING) else prompt.typed(prompt.default)
        while True:
            typed = self._line(default)
            answer = typed or default
            problem = prompt.validate(answer)
            if not problem:
                return answer
            self.say(problem)

    def understood(self, text: str) -> None:
        self.say(f"  Understood as {text}.")

    # -- saving ---------------------------------------------------------------------------

    def ask_path(self, default: Path, message: str = "Save your profile as") -> Path:
        self.say(f"{message}? The file is readable by you only.")
        while True:
            typed = self.read(f"File name (Enter keeps {default}): ").strip()
            path = Path(typed or str(default)).expanduser()
            if path.is_dir():
                self.say(f"{path} is a folder; give a file name.")
            elif not path.parent.is_dir():
                self.say(f"The folder {path.parent} does not exist.")
            else:
                return path

    def confirm(self, message: str, *, default: bool = False, help: str = "") -> bool:
        options = [Option(True, "Yes"), Option(False, "No")]
        return bool(self._choose(message, options, default, help=help))

    def offer_resume(self, summary: str) -> bool:
        return self.confirm(
            "You have an unfinished assessment. Carry on with it? (No starts again, and "
            "the unfinished answers are discarded.)",
            default=True,
            help=summary[:1].upper() + summary[1:] + ".",
        )


_OWN = ("answered", "not answered")


def _numbers(numbered: dict[str, Option]) -> str:
    keys = sorted(numbered, key=int)
    return f"{keys[0]} to {keys[-1]}" if len(keys) > 1 else keys[0]
