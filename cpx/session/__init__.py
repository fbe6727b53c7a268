"""Driving one exercise: clock, orders in, journal out, resume (DESIGN.md §2).

:class:`ExerciseSession` is what the server and ``cpx run`` use (headless play, every
cell by a policy: :mod:`cpx.session.scripted`); ``cpx replay --verify`` and resuming a
journal re-simulate through :mod:`cpx.session.resimulate` (the journal layer below never
imports the engine). The offline UI still opens its exercise itself (lane client12).
"""

from cpx.session.exercise_session import ExerciseSession, View

__all__ = ["ExerciseSession", "View"]
