"""A tick-box question for the terminal, built from questionary's parts.

questionary's own checkbox answers to the arrow keys and space only, and leaves "done (3
selections)" in the scrollback. This one numbers its options as a select does (1-9, 0,
then letters), so typing an option's number ticks or unticks it, and once answered it
leaves the labels chosen ("Mentor; Coaching"), so the screen above says what was chosen.
Imported only when a person is being asked questions.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from prompt_toolkit.application import Application
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.keys import Keys
from prompt_toolkit.styles import Style
from questionary import Choice, Question
from questionary.prompts import common
from questionary.prompts.common import InquirerControl
from questionary.styles import merge_styles_default
from rich.cells import cell_len

from careerplan.assess.prompts import wrap

Validate = Callable[[list[Any]], "bool | str"]


def tick_boxes(
    message: str,
    choices: list[Choice],
    *,
    qmark: str,
    instruction: str,
    validate: Validate,
    style: Style,
    width: int,
    none_chosen: str = "none",
) -> Question:
    """Ask for any number of `choices`; the answer is the list of values ticked, in the
    order the options are listed. Once answered, the labels chosen stay under the message,
    wrapped to `width`."""
    box = _TickBoxes(choices, validate)
    indent = " " * (cell_len(qmark) + 1)

    def prompt_tokens() -> list[tuple[str, str]]:
        tokens = [("class:qmark", qmark), ("class:question", f" {message} ")]
        if not box.ic.is_answered:
            return [*tokens, ("class:instruction", instruction)]
        chosen = wrap(box.labels() or none_chosen, width - 1, first=len(indent), indent=indent)
        return [*tokens, ("", "\n" + indent), ("class:answer", chosen)]

    layout = common.create_inquirer_layout(box.ic, prompt_tokens)
    app: Application[list[Any]] = Application(
        layout=layout, key_bindings=box.bindings(), style=merge_styles_default([style])
    )
    return Question(app)


class _TickBoxes:
    """The options, which are ticked, and the keys that tick them."""

    def __init__(self, choices: list[Choice], validate: Validate):
        self.ic = InquirerControl(choices, None, use_shortcuts=True, show_description=True)
        self.validate = validate

    def chosen(self) -> list[Any]:
        return [c.value for c in self.ic.choices if c.value in self.ic.selected_options]

    def labels(self) -> str:
        ticked = self.ic.selected_options
        return "; ".join(str(c.title) for c in self.ic.choices if c.value in ticked)

    def check(self) -> bool:
        ic = self.ic
        verdict = self.validate(self.chosen())
        ok = verdict is True
        text = "Please check your answer" if verdict is False else str(verdict)
        shown = not ok and ic.submission_attempted
        error = FormattedText([("class:validation-toolbar", text)]) if shown else None
        ic.error_message = error  # type: ignore[assignment]
        return ok

    def toggle(self, index: int) -> None:
        ic = self.ic
        ic.pointed_at = index
        value = ic.choices[index].value
        if value in ic.selected_options:
            ic.selected_options.remove(value)
        else:
            ic.selected_options.append(value)
        self.check()

    def done(self, event: KeyPressEvent) -> None:
        self.ic.submission_attempted = True
        if self.check():
            self.ic.is_answered = True
            event.app.exit(result=self.chosen())

    def bindings(self) -> KeyBindings:
        ic, keys = self.ic, KeyBindings()
        keys.add(Keys.ControlC, eager=True)(_stop)
        keys.add(Keys.ControlQ, eager=True)(_stop)
        keys.add(" ", eager=True)(lambda _: self.toggle(ic.pointed_at))
        for index, choice in enumerate(ic.choices):
            if choice.shortcut_key:
                keys.add(str(choice.shortcut_key), eager=True)(self._toggler(index))
        for key in (Keys.Down, Keys.ControlN):
            keys.add(key, eager=True)(lambda _: ic.select_next())
        for key in (Keys.Up, Keys.ControlP):
            keys.add(key, eager=True)(lambda _: ic.select_previous())
        keys.add(Keys.ControlM, eager=True)(self.done)
        keys.add(Keys.Any)(lambda _: None)  # other keys type nothing
        return keys

    def _toggler(self, index: int) -> Callable[[KeyPressEvent], None]:
        return lambda _: self.toggle(index)


def _stop(event: KeyPressEvent) -> None:
    event.app.exit(exception=KeyboardInterrupt, style="class:aborting")
