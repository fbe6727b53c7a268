"""A drop-down whose options that cannot be chosen now are greyed, with the reason."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.widgets import Select
from textual.widgets._select import SelectOverlay


class ChoiceSelect(Select):
    """A :class:`Select` given ``(label, value, reason)`` triples: a non-empty reason
    greys the option, says why after its label, and makes it unselectable."""

    def __init__(self, choices: Iterable[tuple[str, str, str]], **kwargs) -> None:
        choices = list(choices)
        self.reasons = {value: reason for _label, value, reason in choices if reason}
        options = [(Text(f"{label} — {reason}", style="dim") if reason else label, value)
                   for label, value, reason in choices]
        super().__init__(options, **kwargs)

    def _setup_options_renderables(self) -> None:
        super()._setup_options_renderables()
        overlay = self.query_one(SelectOverlay)
        for index, (_prompt, value) in enumerate(self._options):
            if value in self.reasons:
                overlay.disable_option_at_index(index)
