"""The region map drawn in character cells from the scenario's 0–100 grid.

Roads are dotted lines, towns a glyph and a name, known venues a count beside the
town, own units their callsigns under it. The drawing is redone only when the map data
or the widget's size changes.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from cpx.tui.viewdata import MapModel

_GLYPH = {"capital": "◉", "city": "●", "town": "•", "village": "·", "border_crossing": "╳",
          "port": "⚓", "airport": "✈", "base": "▲", "police_station": "■",
          "labour_inspectorate_office": "□"}
_ROAD = Style(color="bright_black")
_PLACE = Style(bold=True)
_VENUE = Style(color="red", bold=True)
_UNIT = Style(color="cyan", bold=True)


class RegionMap(Widget, can_focus=True):
    """Draws a :class:`~cpx.tui.presenter.MapModel` scaled to the widget."""

    DEFAULT_CSS = "RegionMap { height: 1fr; width: 1fr; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.model: MapModel | None = None

    def show(self, model: MapModel) -> None:
        """Draw ``model`` (only repaints when it differs from the last one)."""
        if model != self.model:
            self.model = model
            self.refresh()

    def render(self) -> Text:
        width, height = self.size.width, self.size.height
        if self.model is None or width < 10 or height < 4:
            return Text("")
        return draw(self.model, width, height)


def draw(model: MapModel, width: int, height: int) -> Text:
    """The map with, below it when there is room, a key and the known venues by town."""
    notes = _notes(model, width)
    notes = notes[:max(height - 6, 0)]  # the drawing keeps at least six rows
    text = _draw_grid(model, width, height - len(notes))
    for line in notes:
        line.truncate(width, overflow="ellipsis", pad=True)
        text.append("\n")
        text.append_text(line)
    return text


def _notes(model: MapModel, width: int) -> list[Text]:
    """The key to the glyphs, then each town's known venues by name."""
    key = Text(" key: ", style="dim")
    key.append("● city • town ", style=_PLACE)
    key.append("♦n", style=_VENUE)
    key.append(" venues known ", style="dim")
    key.append("CALLSIGN", style=_UNIT)
    key.append(" your units", style="dim")
    lines = [key]
    by_town: dict[tuple[int, int], list[str]] = {}
    for name, x, y in model.venues:
        by_town.setdefault((x, y), []).append(name)
    towns = {(x, y): name for name, _kind, x, y in model.places}
    for at, venues in by_town.items():
        line = Text(" ♦ ", style=_VENUE)
        line.append(f"{towns.get(at, '?')}: ", style=_PLACE)
        line.append(", ".join(venues))
        lines.append(line)
    return lines


def _draw_grid(model: MapModel, width: int, height: int) -> Text:
    """The map as ``height`` lines of ``width`` cells."""
    chars = [[" "] * width for _ in range(height)]
    styles: list[list[Style | None]] = [[None] * width for _ in range(height)]
    # Scale the towns' bounding box (not the whole 0–100 grid) to the widget, leaving
    # room on the right for labels; towns near the edge put theirs on the left.
    xs = [p[2] for p in model.places] or [0, 100]
    ys = [p[3] for p in model.places] or [0, 100]
    x0, y0 = min(xs), min(ys)
    dx, dy = max(max(xs) - x0, 1), max(max(ys) - y0, 1)
    # A row of margin above (a town's units are listed under it) and room for labels.
    span_x, span_y = max(width - 14, 1), max(height - 3, 1)

    def cell(x: int, y: int) -> tuple[int, int]:
        return 2 + round((x - x0) * span_x / dx), 1 + round((y - y0) * span_y / dy)

    def put(col: int, row: int, text: str, style: Style, overwrite: bool = True) -> None:
        for offset, char in enumerate(text):
            c = col + offset
            if 0 <= c < width and 0 <= row < height and (overwrite or chars[row][c] in " ·"):
                chars[row][c] = char
                styles[row][c] = style

    for (ax, ay), (bx, by) in model.roads:
        (c0, r0), (c1, r1) = cell(ax, ay), cell(bx, by)
        steps = max(abs(c1 - c0), abs(r1 - r0), 1)
        for i in range(1, steps):
            put(round(c0 + (c1 - c0) * i / steps), round(r0 + (r1 - r0) * i / steps), "·", _ROAD)
    for _name, kind, x, y in model.places:
        col, row = cell(x, y)
        put(col, row, _GLYPH.get(kind, "•"), _PLACE)
    venues: dict[tuple[int, int], int] = {}
    for _name, x, y in model.venues:
        venues[cell(x, y)] = venues.get(cell(x, y), 0) + 1
    units: dict[tuple[int, int], list[str]] = {}
    for callsign, _status, x, y in model.units:
        units.setdefault(cell(x, y), []).append(callsign.replace(" ", ""))
    for name, _kind, x, y in model.places:
        col, row = cell(x, y)
        label = name
        if venues.get((col, row)):
            label += f" ♦{venues[(col, row)]}"
        start = col + 2 if col + 2 + len(label) <= width else max(col - 1 - len(label), 0)
        put(start, row, label, _PLACE, overwrite=False)
        if (col, row) in venues:
            where = label.rfind("♦")
            put(start + where, row, label[where:], _VENUE)
    for (col, row), callsigns in units.items():
        label = ",".join(callsigns)
        start = min(max(col - len(label) // 2, 0), max(width - len(label), 0))
        put(start, row + 1 if row + 1 < height else row - 1, label, _UNIT, overwrite=False)
    text = Text()
    for row in range(height):
        for col in range(width):
            text.append(chars[row][col], styles[row][col])
        if row < height - 1:
            text.append("\n")
    return text
