"""The "Orders" section of the ``?`` help: every verb, its details and an example.

Generated from the same words as ``docs/orders.md``
(:func:`cpx.scenario.orders_reference.verb_entries`), which come from the typed verb
definitions, so the help, the docs and the command line cannot disagree.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from cpx.scenario.orders_reference import VerbEntry, verb_entries


def _verb_block(entry: VerbEntry) -> list[RenderableType]:
    parts: list[RenderableType] = [
        Text.assemble((entry.verb, "bold cyan"), "  ", entry.summary),
        Text(f"  Who: {entry.who.replace('`', '')}.  Aimed at: {entry.target}.",
             style="dim"),
    ]
    if entry.details:
        # Two columns (key=, then type · default over the help) so it reads at 80 columns.
        table = Table.grid(padding=(0, 1))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for key, kind, default, text in entry.details:
            table.add_row(f"  {key}", Text.assemble(kind, (f" · default {default}", "dim"),
                                                    "\n", text))
        parts.append(table)
    parts += [Text.assemble("  e.g. ", (entry.example, "green")), Text("")]
    return parts


def orders_help() -> Group:
    """Every verb as the help shows it, under an "Orders" heading."""
    parts: list[RenderableType] = [
        Text("Orders", style="bold underline"),
        Text(":VERB [UNIT] TARGET [key=value …] — Tab completes verbs, names and key= "
             "details; f opens a form. Full text: docs/orders.md"),
        Text(""),
    ]
    for entry in verb_entries():
        parts += _verb_block(entry)
    return Group(*parts)
