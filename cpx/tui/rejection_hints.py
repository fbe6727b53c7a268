"""What to try instead, added to a rejected order's reason in the order status line.

The engine says why an order cannot be carried out; the cell often needs one step
more: that it named a thing of the wrong kind (an agency where a client group is
needed) and which things of the right kind it knows, or which crossings its own
agencies control. Only the cell's vocabulary and the public map are read.
"""

from __future__ import annotations

from cpx.engine.orders import Order
from cpx.tui.order_forms import FORMS
from cpx.tui.viewdata import Vocabulary

KIND_WORDS = {
    "person": "a suspect", "place": "a venue", "victim": "a person met",
    "informant": "one of your informants", "crossing": "a border crossing",
    "client": "a client group (the people seen using the victims)", "agency": "an agency",
    "location": "a town", "route": "a route",
    "seen": "a person seen at a venue (interviewed on site)",
}
"""Each kind of target as a sentence names it."""


def accepted_kinds(verb: str, key: str = "target") -> tuple[str, ...]:
    """The kinds of thing ``verb``'s ``key`` field takes (empty: any)."""
    form = FORMS.get(verb)
    if form is None:
        return ()
    return next((f.accepts for f in form.fields if f.key == key), ())


def hint(order: Order, vocabulary: Vocabulary, controlled: tuple[str, ...] = ()) -> str:
    """A sentence to add to the rejection of ``order``, or ``""``.

    ``controlled``: ids of the border crossings the cell's agencies control.
    """
    names = vocabulary.target_names
    kinds = vocabulary.target_kinds
    accepts = accepted_kinds(order.verb)
    verb = order.verb.replace("_", " ")
    kind = kinds.get(order.target or "")
    if order.verb == "border_alert" and controlled and order.target not in controlled:
        return " Crossings your agencies control: " + ", ".join(
            names.get(c, c) for c in controlled) + "."
    if not accepts or kind is None or kind in accepts:
        return ""
    fitting = [names.get(t, t) for t in vocabulary.targets if kinds.get(t) in accepts]
    wanted = " or ".join(KIND_WORDS.get(k, k) for k in accepts)
    what = f" {names.get(order.target, order.target)} is {KIND_WORDS.get(kind, kind)};"
    if fitting:
        shown = ", ".join(fitting[:5]) + (" …" if len(fitting) > 5 else "")
        return f"{what} {verb} needs {wanted}: {shown}."
    return f"{what} {verb} needs {wanted}, and your cell knows none yet."
