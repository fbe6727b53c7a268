"""Every message the engine addresses to the cell reaches the feed or a board."""

from cpx.engine import events
from cpx.tui.presenter import _FEED_KINDS, BOARD_ONLY_KINDS


def test_every_trainee_kind_is_shown_somewhere():
    unshown = set(events.TRAINEE_KINDS) - set(_FEED_KINDS) - BOARD_ONLY_KINDS
    assert not unshown, f"trainee events the UI never shows: {sorted(unshown)}"


def test_the_feed_shows_no_ground_truth_kind():
    assert not set(_FEED_KINDS) & set(events.EXCON_KINDS)
