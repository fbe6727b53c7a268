"""The network's doctrine: alert per cell, its decay, and the reactions it triggers.

A cell is a member or a venue. Pressure (a raid nearby, an arrest, a spotted team, a
leak, an inspection, a border alert) raises its alert by the doctrine's amount; the
alert fades each day. When a rise crosses a reaction's threshold the network reacts with
that rule's probability, after its delay (DESIGN §5b, DOMAIN §6).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cpx.engine import events as ev
from cpx.engine.draws import UniformDraws
from cpx.engine.reactions import applies_to, react
from cpx.engine.rounding import rounded

if TYPE_CHECKING:
    from cpx.engine.exercise import Exercise
    from cpx.scenario.models import ReactionTrigger


class Doctrine:
    """Alert bookkeeping and the reactions of the network."""

    def __init__(self, ex: "Exercise") -> None:
        self.ex = ex
        self.rules = ex.scenario.network.doctrine
        self.rng = UniformDraws(ex.streams.get("doctrine"))  # drawn with random() only
        self._busy_until: dict[str, int] = {}  # "cell/action" -> end of a running reaction
        self._raise: dict[str, float] = {}
        for trigger, amount in self.rules.alert_raise.items():
            self._raise[trigger] = amount
        """trigger -> how much it raises the alert (the doctrine's, read once)."""
        self._reactions: dict[str, list[tuple[Any, float, str, float, int, int]]] = {}
        """trigger -> the reactions to it, in the doctrine's order (looked up per rise):
        (rule, threshold, action, probability, delay, lasts), read off the scenario's
        rule once instead of at every rise."""
        for rule in self.rules.reactions:
            self._reactions.setdefault(rule.trigger, []).append((
                rule, rule.threshold, rule.action, rule.probability, int(rule.delay),
                int(rule.lasts) if rule.lasts is not None else 1440))
        ex.every(1440, self._decay, offset=1440)

    def _decay(self) -> None:
        keep = 1.0 - self.rules.alert_decay_per_day
        alert = self.ex.world.alert
        for cell in sorted(alert):
            alert[cell] = rounded(alert[cell] * keep, 4)

    def level(self, cell: str) -> float:
        """The cell's alert level now (0–1)."""
        return self.ex.world.alert.get(cell, 0.0)

    def pressure(self, cell: str, trigger: "ReactionTrigger", factor: float = 1.0) -> None:
        """Raise a cell's alert for ``trigger`` and consider the matching reactions."""
        world = self.ex.world
        amount = self._raise.get(trigger, 0.3) * factor
        level = rounded(min(1.0, world.alert.get(cell, 0.0) + amount), 4)
        world.alert[cell] = level
        self.ex.emit(ev.NETWORK_ALERT, {"cell": cell, "level": level, "cause": trigger})
        for rule, threshold, action, probability, delay, lasts in self._reactions.get(trigger, ()):
            if level < threshold:
                continue
            if not applies_to(self.ex, rule, cell):
                continue  # limited to kinds of venue this cell does not stand for
            key = f"{cell}/{action}"
            if self._busy_until.get(key, -1) > self.ex.now:
                continue
            if self.rng.random() >= probability:
                continue
            self._busy_until[key] = self.ex.now + delay + lasts
            self.ex.later(delay, react, self.ex, action, cell, trigger, lasts, rule)
