"""The one error family of cpx.

Every mistake a user can make (a bad scenario, a bad order file, a broken journal)
is raised as a :class:`CpxError` with a title and a message they can act on. The CLI
prints it without a traceback; the UI shows it in one place.
"""

from __future__ import annotations


class CpxError(Exception):
    """A user-facing error: ``title`` says what failed, ``message`` what to do about it."""

    def __init__(self, message: str, title: str = "Error") -> None:
        super().__init__(message)
        self.message = message
        self.title = title

    def __str__(self) -> str:
        return f"{self.title}: {self.message}"
