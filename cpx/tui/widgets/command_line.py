"""The order command line: an Input that completes verbs, units and known targets."""

from __future__ import annotations

from textual.binding import Binding
from textual.suggester import Suggester
from textual.widgets import Input

from cpx.tui.order_line import complete
from cpx.tui.viewdata import Vocabulary


class OrderSuggester(Suggester):
    """Suggests the rest of the word being typed from the cell's vocabulary."""

    def __init__(self) -> None:
        # The vocabulary grows as the picture does, so cached suggestions would go stale.
        super().__init__(use_cache=False, case_sensitive=True)
        self.vocabulary = Vocabulary()

    async def get_suggestion(self, value: str) -> str | None:
        return complete(value, self.vocabulary)


class CommandLine(Input):
    """Where orders are typed; → or Tab accepts the suggestion."""

    BINDINGS = [
        Binding("tab", "complete", "Complete", show=False, id="orders.complete",
                tooltip="Complete the word being typed (verb, unit or target)"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        self.suggester_words = OrderSuggester()
        super().__init__(
            placeholder="order: verb unit target key=value · Tab completes · Esc leaves · f form",
            suggester=self.suggester_words,
            id=id,
        )

    async def _on_key(self, event) -> None:
        # Tab and Enter are handled here, in the widget's own queue, so it sees every character
        # typed before it even when keys arrive in a burst (a binding's action may run
        # before the Input has inserted them).
        if event.key in ("tab", "enter"):
            event.stop()
            event.prevent_default()
            if event.key == "tab":
                self.action_complete()
            else:
                await self.action_submit()
            return
        await super()._on_key(event)

    def action_complete(self) -> None:
        """Complete the word being typed and add a space (nothing to complete: a bell).

        Computed here rather than taken from the shown suggestion, which arrives
        asynchronously: a fast typist's Tab must not depend on it having arrived.
        """
        completed = complete(self.value, self.suggester_words.vocabulary)
        if completed is None:
            self.app.bell()
            return
        self.value = completed + " "
        self.cursor_position = len(self.value)

    def set_vocabulary(self, vocabulary: Vocabulary) -> None:
        """Complete from ``vocabulary`` from now on."""
        self.suggester_words.vocabulary = vocabulary
