"""A unit's duty state in one wording everywhere: the duty strip, the units boards
(panel 2 and the side board) and the order form's unit list."""

from __future__ import annotations

DUTY_WORDS = {"available": "on duty", "off_duty": "off duty", "on_task": "on task",
              "en_route": "en route"}
"""The engine's unit status → the words the trainee reads (a unit 'available' is on
duty and free; 'on duty' is what the duty strip has always said)."""


def duty_word(status: object) -> str:
    """``on duty`` for ``available``; any other status with its underscores as spaces."""
    text = str(status or "available")
    return DUTY_WORDS.get(text, text.replace("_", " "))
