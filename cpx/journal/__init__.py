"""The after-action journal: append-only, hash-chained JSON Lines of an exercise.

``JournalWriter`` records orders and events as the engine produces them, ``read_journal``
streams them back checking the chain, and :mod:`cpx.journal.replay` re-simulates a
journal to verify it or to resume an interrupted exercise. ``docs/journal.md`` describes
the format.
"""

from cpx.journal.events import EXCON, Event
from cpx.journal.reader import JournalError, load_header, read_journal, read_prefix
from cpx.journal.writer import JournalWriter

__all__ = [
    "EXCON",
    "Event",
    "JournalError",
    "JournalWriter",
    "load_header",
    "read_journal",
    "read_prefix",
]
