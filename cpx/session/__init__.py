"""Driving one exercise: clock, orders in, journal out, resume (DESIGN.md §2).

:class:`ExerciseSession` is what the server uses; the offline UI, ``cpx run`` and
``cpx replay --verify`` still drive the engine themselves (moving them here is left to do).
"""

from cpx.session.exercise_session import ExerciseSession, View

__all__ = ["ExerciseSession", "View"]
