"""cpx.engine: the SimPy world of an exercise, behind one facade.

``Exercise(scenario, seed, journal=None)`` runs the trafficking network, informants,
agencies, orders and injects deterministically and headless (no textual/rich here).
"""

from cpx.engine.exercise import Exercise
from cpx.engine.orders import VERBS, Order, OrderResult
from cpx.journal.events import EXCON, Event

__all__ = ["Exercise", "Order", "OrderResult", "VERBS", "Event", "EXCON"]
