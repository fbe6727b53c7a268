"""What the replay's side panes show: the event, the two pictures, the score card.

Text is built here from the session's plain data; the widgets only display it.
"""

from __future__ import annotations

import json

from rich.text import Text
from textual.widgets.option_list import Option

from cpx.aar.cardtext import format_rule, format_value
from cpx.aar.ratings import MEANING
from cpx.aar.scorecard import ObjectiveScore, ScoreCard
from cpx.aar.truth_picture import Side, TruthPicture
from cpx.tui.replay.session import ReplaySession
from cpx.walk_ins import spell_walk_ins

RATING_STYLE = {"P": "bold green", "S": "bold yellow", "M": "bold dark_orange", "U": "bold red",
                "N/O": "dim"}


def event_detail(session: ReplaySession) -> Text:
    """The selected event in full: when, who may see it, what it says, the note on it."""
    record = session.record()
    if record is None:
        return Text("No event matches the filter.", style="dim")
    kind = record.get("kind", "order")
    excon = record.get("visibility") == "excon"
    text = Text()
    seq = int(record.get("seq", -1))
    text.append(f"{session.clock(record['t'])}  {'#' + str(seq) if seq >= 0 else 'order line'}  ",
                style="bold")
    text.append(kind, style="bold")
    text.append("   EXCON only (ground truth)" if excon else f"   seen by {record.get('visibility')}",
                style="red" if excon else "cyan")
    text.append("\n" + session.describe(record) + "\n\n")
    # The payload as logged, but a walk-in named as the cell met them (cpx.walk_ins).
    text.append(spell_walk_ins(json.dumps(record.get("payload"), indent=2, ensure_ascii=False,
                                          sort_keys=True), session.walk_ins), style="dim")
    note = session.note_for()
    if note:
        text.append(f"\n\nInstructor note: {note.text}", style="magenta")
    return text


def side_text(side: Side) -> Text:
    """One column of 'what you knew vs. what was true': counts, then the latest events."""
    text = Text()  # the title is the pane's border title
    for label, count in side.counts:
        style = "bold red" if count and label == "LEAKS" else ("bold" if count else "dim")
        text.append(f"{count:>4} {label}\n", style=style)
    text.append("\nLatest:\n", style="bold")
    for line in side.latest or ["(nothing yet)"]:
        text.append(f"  {line}\n")
    return text


PLAIN = {"leak": ("leak", "leaks"), "network.reaction": ("network reaction", "network reactions"),
         "victim.moved": ("victim moved", "victims moved"),
         "informant.burned": ("source burned", "sources burned")}


def _plain(count_line: str) -> str:
    """``"2 × leak"`` → ``"2 leaks"``."""
    number, _, kind = count_line.partition(" × ")
    one, many = PLAIN.get(kind, (kind, kind))
    return f"{number} {one if number == '1' else many}"


def hidden_text(picture: TruthPicture) -> Text:
    """The headline of the comparison: what the trainees did not know at this moment."""
    text = Text()
    if picture.selected_hidden:
        text.append("This event is ground truth: the trainee cell never saw it.\n", style="bold red")
    if not picture.unknown_to_cell:
        text.append("Nothing hidden yet: no leak, network reaction, victim move or burned "
                    "source had happened.", style="green")
        return text
    counts = ", ".join(_plain(line) for line in picture.unknown_to_cell)
    text.append("The trainees did not know of: ", style="bold")
    text.append(counts + "\n", style="bold red")
    for line in picture.hidden_events:
        text.append(f" ✗ {line}\n", style="red")
    return text


def picture_texts(picture: TruthPicture | None) -> tuple[Text, Text, Text]:
    """What the cell did not know, then the two columns, at the cursor."""
    if picture is None:
        return Text("—"), Text("—"), Text("—")
    return hidden_text(picture), side_text(picture.knew), side_text(picture.truth)


def objective_options(card: ScoreCard) -> list[Option]:
    """One option per objective: rating, title, measured value."""
    options = []
    for score in card.objectives:
        label = Text()
        label.append(f"[{score.rating:^3}] ", style=RATING_STYLE[score.rating])
        label.append(f"{score.objective.title}  ")
        count = len(score.evidence)
        target = format_rule(score).split(" · ")[0]  # e.g. "P ≥ 3"
        label.append(f"{format_value(score)} (target {target}) · "
                     f"{count} event{'' if count == 1 else 's'}", style="dim")
        options.append(Option(label, id=score.id))
    return options


def evidence_options(session: ReplaySession, score: ObjectiveScore) -> list[Option]:
    """The events behind one rating, each a jump target."""
    options = [Option(Text(f"{score.rating}: {MEANING[score.rating]} — Enter on an event "
                           "below jumps to it on the timeline", style="italic"), disabled=True)]
    for seq in score.evidence[:500]:
        row = session.index.row_of_seq(seq)
        if row is None:
            continue
        record = session.index.record(row)
        options.append(Option(
            f"#{seq}  {session.clock(record['t'])}  {record['kind']}: "
            f"{session.describe(record)}"[:110], id=f"seq-{seq}"))
    if len(options) == 1:
        options.append(Option(Text("No event behind this rating.", style="dim"), disabled=True))
    return options
