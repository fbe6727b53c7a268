"""A checkbox whose mark says ticked or not without colour (16-colour terminals)."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox


class TickBox(Checkbox):
    """A :class:`~textual.widgets.Checkbox` drawn ``[X]`` when ticked and ``[ ]`` when not.

    Textual's checkbox always draws an ``X`` and tells the states apart by colour only,
    which a monochrome or 16-colour terminal (or a colour-blind trainee) cannot see.
    """

    @property
    def _button(self) -> Content:
        button_style = self.get_visual_style("toggle--button")
        return Content.assemble("[", ("X" if self.value else " ", button_style), "]")
