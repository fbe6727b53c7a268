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
        return ghost(value, complete(value, self.vocabulary))


def ghost(value: str, completed: str | None) -> str | None:
    """The grey text shown after ``value``: only when the completion extends what was
    typed (case aside), so 'lotus' never shows as 'lotusotus' for 'Bar_Lotus'; Tab
    still completes to the name shown."""
    if completed is None or not completed.lower().startswith(value.lower()):
        return None
    rest = completed[len(value):]
    # In the case being typed: 'haw' shows 'hawk_1', not 'hAWK_1' (Tab gives HAWK_1).
    word = value.rpartition(" ")[2].partition("=")[2] or value.rpartition(" ")[2]
    return value + (rest.lower() if word.islower() else rest)


class CommandLine(Input):
    """Where orders are typed; → or Tab accepts the suggestion."""

    BINDINGS = [
        Binding("tab", "complete", "Complete", show=False, id="orders.complete",
                tooltip="Complete the word being typed (verb, unit or target)"),
        Binding("up", "recall(-1)", "Previous", show=False, id="orders.previous",
                tooltip="Recall the previous order typed (a rejected one too) to correct it"),
        Binding("down", "recall(1)", "Next typed", show=False, id="orders.next",
                tooltip="Recall the next order typed, or an empty line after the last"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        self.history: list[str] = []
        """Every line given, oldest first (rejected ones too: ↑ brings them back)."""
        self._recalled = 0
        self.suggester_words = OrderSuggester()
        super().__init__(
            placeholder="order: verb unit target key=value · Tab completes · ↑ recalls · Esc leaves",
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
        """Complete the word being typed and add a space (nothing to complete: a bell);
        a completed ``key=`` waits for its value instead.

        Computed here rather than taken from the shown suggestion, which arrives
        asynchronously: a fast typist's Tab must not depend on it having arrived.
        """
        completed = complete(self.value, self.suggester_words.vocabulary)
        if completed is None:
            self.app.bell()
            return
        self.value = completed if completed.endswith("=") else completed + " "
        self.cursor_position = len(self.value)

    def remember(self, line: str) -> None:
        """Keep ``line`` for ↑ and empty the line for the next order."""
        if line and (not self.history or self.history[-1] != line):
            self.history.append(line)
        self._recalled = len(self.history)
        self.value = ""

    def fresh(self) -> None:
        """An empty line to type a new order on (what was left there stays recallable)."""
        self.remember(self.value.strip())

    def action_recall(self, step: int) -> None:
        """Show the line ``step`` back (-1) or forward (+1) in the history."""
        if not self.history:
            self.app.bell()
            return
        self._recalled = max(0, min(len(self.history), self._recalled + step))
        self.value = self.history[self._recalled] if self._recalled < len(self.history) else ""
        self.cursor_position = len(self.value)

    def set_vocabulary(self, vocabulary: Vocabulary) -> None:
        """Complete from ``vocabulary`` from now on."""
        self.suggester_words.vocabulary = vocabulary
