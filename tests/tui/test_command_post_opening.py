"""Enter on the briefing opens the command post styled once, and styled right (issue 11
leftover; the time is measured by benchmarks/ui_startup.py): it takes the app's width
class before its widgets are styled, and skips the whole-screen restyle Textual does on
a screen's first showing. Every widget's styles must be those a full restyle gives."""

from __future__ import annotations

import pytest

from cpx.tui.screens.command_post import CommandPostScreen

from .conftest import FLAGSHIP, make_app


def styles_of(screen) -> dict[str, str]:
    """Each node's computed styles, by its place in the screen."""
    shown = {}
    for number, node in enumerate(screen.walk_children(with_self=True)):
        shown[f"{number} {type(node).__name__}#{node.id}"] = node.styles.css
    return shown


@pytest.mark.parametrize("size, width_class", [((80, 24), "-narrow"), ((120, 30), "-medium"),
                                               ((160, 45), "-wide")])
async def test_the_post_opens_with_the_styles_a_full_restyle_gives(tmp_path, size, width_class):
    app = make_app(FLAGSHIP, seed=1)
    async with app.run_test(size=size) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        post = app.screen
        assert isinstance(post, CommandPostScreen)
        assert post.has_class(width_class)
        assert app.focused is post.query_one("#feed-list")
        opened = styles_of(post)
        app.stylesheet.update(post)  # what Textual's restyle on showing would have done
        await pilot.pause()
        assert styles_of(post) == opened
        # The side column shows only on a wide terminal.
        assert post.query_one("#side").display is (width_class == "-wide")
