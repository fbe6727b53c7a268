"""The order form: pick a verb, then the fields that verb takes; returns an Order."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from collections.abc import Callable

from rich.text import Text

from cpx.engine.order_handlers import UNIT_OPTIONAL
from cpx.engine.orders import Order
from cpx.scenario.orders import DEFINITIONS, OrderProblem
from cpx.tui.keys import MODAL_KEYS
from cpx.tui.order_forms import FORMS, Field
from cpx.tui.naming import natural_key
from cpx.tui.unit_fit import UnitChoice, needed_capability
from cpx.tui.viewdata import Vocabulary
from cpx.tui.widgets.choice import ChoiceSelect
from cpx.tui.widgets.tickbox import TickBox

_KIND_WORDS = {"victim": "person met", "location": "map location",
               "seen": "seen at a venue, still there"}


def _label(name: str, ident: str, kind: str) -> str:
    """A target as the form lists it: its name and the id the command line uses."""
    if name != ident:
        return f"{name} ({ident})"
    return f"{ident} ({_KIND_WORDS.get(kind, kind)})" if kind else ident


class OrderFormScreen(ModalScreen[Order | None]):
    """A form per order verb; dismisses with the :class:`Order` or None when cancelled."""

    BINDINGS = MODAL_KEYS + [
        Binding("ctrl+s", "give", "Give order", id="form.give",
                tooltip="Give the order as filled in"),
    ]

    def __init__(self, vocabulary: Vocabulary, verb: str = "surveil",
                 unit_names: dict[str, str] | None = None,
                 unit_choices: "Callable[[str, str | None], list[UnitChoice]] | None" = None
                 ) -> None:
        super().__init__()
        self.vocabulary = vocabulary
        self.unit_names = unit_names or {}
        self.unit_choices = unit_choices
        """(verb, target) → the own units, those that cannot do it with the reason."""
        # every verb of the typed definitions, so a verb added there is offered at once
        self.verb = verb if verb in DEFINITIONS else next(iter(DEFINITIONS))

    def compose(self) -> ComposeResult:
        with Vertical(id="form-box"):
            yield Static("Give an order", id="form-title")
            yield Select([(v.replace("_", " "), v) for v in DEFINITIONS], value=self.verb,
                         allow_blank=False, id="form-verb", compact=True)
            yield Static("", id="form-help")
            # Not focusable itself: Tab goes from the verb straight to the first field.
            yield VerticalScroll(id="form-fields", can_focus=False)
            with Horizontal(id="form-buttons"):
                yield Button("Give order (Ctrl+S)", variant="success", id="give")
                yield Button("Cancel (Esc)", id="cancel")

    async def on_mount(self) -> None:
        await self._build_fields()
        self.query_one("#form-verb", Select).focus()

    async def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "form-verb" and event.value != self.verb:
            self.verb = str(event.value)
            await self._build_fields()
        elif event.select.id == "field-target" and self.unit_choices is not None:
            # Who can do it depends on where the target is (jurisdiction).
            for unit_select in self.query("#field-unit").results(ChoiceSelect):
                chosen = unit_select.value
                await unit_select.remove()
                fresh = self._unit_select(self._target_value())
                if chosen is not Select.NULL and chosen not in fresh.reasons:
                    fresh.value = chosen
                box = self.query_one("#form-fields", VerticalScroll)
                await box.mount(fresh, after=box.query_one("#label-unit"))

    def _target_value(self) -> str | None:
        found = self.query("#field-target").results(Select)
        for select in found:
            return None if select.value is Select.NULL else str(select.value)
        return None

    async def _build_fields(self) -> None:
        form = FORMS[self.verb]
        self.query_one("#form-help", Static).update(form.help)
        box = self.query_one("#form-fields", VerticalScroll)
        await box.remove_children()
        widgets = []
        for field in form.fields:
            if field.kind != "bool":  # a checkbox carries its own label
                # A param's label names its key, as the command line takes it.
                label = field.label if field.key in ("unit", "target") \
                    else f"{field.label} ({field.key}=)"
                widgets.append(Label(label, id=f"label-{field.key}"))
            widgets.append(self._widget(field))
        await box.mount_all(widgets)

    def _widget(self, field: Field):
        name = f"field-{field.key}"
        names = self.vocabulary.target_names
        if field.kind == "unit":
            return self._unit_select(None)
        if field.kind == "bool":
            label = field.hint or field.label
            return TickBox(f"{label} ({field.key}=)", value=bool(field.default), id=name,
                           compact=True)
        if field.kind == "choice":
            return Select([(c, c) for c in field.choices], prompt=field.hint or "choose",
                          value=field.default if field.default in field.choices else Select.NULL,
                          id=name, compact=True)
        if field.kind == "target":
            # Everything the cell knows, by name with the id the command line uses; what
            # fits the field (a person met for 'identify victim') comes first.
            # Only what fits the field (a person met for 'identify victim', a crossing
            # for a border alert): a town is never an informant.
            kinds = self.vocabulary.target_kinds
            fitting = [t for t in self.vocabulary.targets
                       if not field.accepts or kinds.get(t) in field.accepts]
            options = [(_label(names[t], t, kinds.get(t, "")), t)
                       for t in sorted(fitting, key=lambda t: natural_key(names[t]))]
            if not options:
                return Static(Text(f"none known yet ({field.hint})", style="dim"), id=name)
            return Select(options, prompt=field.hint, id=name, compact=True)
        return Input(value="" if field.default is None else str(field.default),
                     placeholder=field.hint, id=name, compact=True)

    def _unit_select(self, target: str | None) -> "ChoiceSelect":
        """The unit drop-down: units that can do the order, then the others greyed."""
        if self.unit_choices is not None:
            choices = [(c.label, c.unit, c.reason) for c in self.unit_choices(self.verb, target)]
        else:
            choices = [(f"{self.unit_names.get(u, u)} ({u})", u, "")
                       for u in self.vocabulary.units]
        optional = needed_capability(self.verb) and self.verb in UNIT_OPTIONAL
        prompt = "none: ask the partner agency" if optional else "choose a unit"
        return ChoiceSelect(choices, prompt=prompt, id="field-unit", compact=True)

    def order(self) -> Order:
        """The order the form holds now."""
        unit = target = None
        params = {}
        for field in FORMS[self.verb].fields:
            widget = self.query_one(f"#field-{field.key}")
            if isinstance(widget, Checkbox):
                value = widget.value
            elif isinstance(widget, Static):
                value = None  # nothing known that fits
            elif isinstance(widget, Select):
                value = None if widget.value is Select.NULL else widget.value
            else:
                value = widget.value.strip() or None  # typed text: read by the definition
            if field.key == "unit":
                unit = value
            elif field.key == "target":
                target = value
            elif value is not None and value != "":
                params[field.key] = value
        return Order(verb=self.verb, unit=unit, target=target, params=params)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "give":
            self.action_give()
        else:
            self.dismiss(None)

    def action_give(self) -> None:
        try:
            # the verb's typed definition reads and range-checks each detail
            order = self.order().checked()
        except OrderProblem as problem:
            self.notify(problem.message, title="Bad detail", severity="error")
            return
        self.dismiss(order)

    def action_dismiss_modal(self) -> None:
        self.dismiss(None)
