"""The after-action journal: append-only, hash-chained JSON Lines of an exercise.

``JournalWriter`` records orders and events as the engine produces them, ``read_journal``
streams them back checking the chain, and :mod:`cpx.journal.replay` holds what a
re-simulation finds (re-simulating itself, to verify a journal or resume an interrupted
exercise, is :mod:`cpx.session.resimulate`, a layer up: this package never imports the
engine). ``docs/journal.md`` describes the format.
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
