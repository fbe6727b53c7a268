"""The order form: pick a verb, then the fields that verb takes; returns an Order."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from cpx.engine.orders import VERBS, Order
from cpx.scenario.orders import OrderProblem
from cpx.tui.keys import MODAL_KEYS
from cpx.tui.order_forms import FORMS, Field
from cpx.tui.viewdata import Vocabulary
from cpx.tui.widgets.tickbox import TickBox

_KIND_WORDS = {"victim": "person met", "location": "map location"}


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
                 unit_names: dict[str, str] | None = None) -> None:
        super().__init__()
        self.vocabulary = vocabulary
        self.unit_names = unit_names or {}
        self.verb = verb if verb in VERBS else VERBS[0]

    def compose(self) -> ComposeResult:
        with Vertical(id="form-box"):
            yield Static("Give an order", id="form-title")
            yield Select([(v.replace("_", " "), v) for v in VERBS], value=self.verb,
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

    async def _build_fields(self) -> None:
        form = FORMS[self.verb]
        self.query_one("#form-help", Static).update(form.help)
        box = self.query_one("#form-fields", VerticalScroll)
        await box.remove_children()
        widgets = []
        for field in form.fields:
            if field.kind != "bool":  # a checkbox carries its own label
                widgets.append(Label(field.label))
            widgets.append(self._widget(field))
        await box.mount_all(widgets)

    def _widget(self, field: Field):
        name = f"field-{field.key}"
        names = self.vocabulary.target_names
        if field.kind == "unit":
            options = [(f"{self.unit_names.get(u, u)} ({u})", u) for u in self.vocabulary.units]
            return Select(options, prompt="choose a unit", id=name, compact=True)
        if field.kind == "bool":
            return TickBox(field.hint or field.label, value=bool(field.default), id=name,
                           compact=True)
        if field.kind == "choice":
            return Select([(c, c) for c in field.choices], prompt=field.hint or "choose",
                          value=field.default if field.default in field.choices else Select.NULL,
                          id=name, compact=True)
        if field.kind == "target":
            # Everything the cell knows, by name with the id the command line uses; what
            # fits the field (a person met for 'identify victim') comes first.
            kinds = self.vocabulary.target_kinds

            def rank(target: str) -> tuple[bool, str]:
                return kinds.get(target) not in field.accepts, names[target].lower()

            options = [(_label(names[t], t, kinds.get(t, "")), t)
                       for t in sorted(self.vocabulary.targets, key=rank)]
            return Select(options, prompt=field.hint, id=name, compact=True)
        return Input(value="" if field.default is None else str(field.default),
                     placeholder=field.hint, id=name, compact=True)

    def order(self) -> Order:
        """The order the form holds now."""
        unit = target = None
        params = {}
        for field in FORMS[self.verb].fields:
            widget = self.query_one(f"#field-{field.key}")
            if isinstance(widget, Checkbox):
                value = widget.value
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
