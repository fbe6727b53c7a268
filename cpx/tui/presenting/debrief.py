"""The debrief after ENDEX: how it ended, what the cell achieved, the score card."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cpx.tui.viewdata import Debrief

if TYPE_CHECKING:
    from cpx.tui.presenter import Presenter


def debrief(presenter: Presenter, picture: dict[str, Any], now: int, reason: str,
            journal: str | None, title: str) -> Debrief:
    """The debrief after ENDEX; the score card is read from the closed journal."""
    victims = picture.get("victims", ())
    counts = (
        ("messages received", str(len(picture.get("messages", ())))),
        ("people known", str(len(picture.get("people", ())))),
        ("places known", str(len(picture.get("places", ())))),
        ("arrested", str(sum(1 for p in picture.get("people", ())
                             if p.get("status") == "arrested"))),
        ("people met", str(len(victims))),
        ("identified as victims", str(sum(1 for v in victims
                                          if v.get("status") in ("identified", "referred")))),
        ("referred to support", str(sum(1 for v in victims if v.get("status") == "referred"))),
        ("cases", str(len(picture.get("cases", ())))),
    )
    scores: tuple[tuple[str, str, str], ...] = ()
    note = ""
    if journal:
        try:
            from cpx.aar import score_journal
            from cpx.aar.cardtext import format_value

            card = score_journal(journal)
            if card.cells and presenter.cell in {c for c, _name in card.cells}:
                # A cell is rated on its own objectives and the whole exercise's, never
                # on another cell's (the border police are not rated on identification).
                from cpx.aar.cell_scores import for_cell

                card = for_cell(card, presenter.cell)
            scores = tuple((s.objective.title + (" (whole exercise)" if card.cells
                                                 and s.cell is None else ""),
                            format_value(s), s.rating)
                           for s in card.objectives)
            note = card.warning or ""
        except Exception as error:  # the debrief must open even if scoring fails
            note = f"score card unavailable: {error}"
    else:
        note = "no journal was written, so there is no score card"
    return Debrief(
        title=title, ended=f"ENDEX at {presenter.clock(now)} — {reason}", counts=counts,
        scores=scores, score_note=note, journal=journal or "(none)",
        replay_command=f"cpx replay {journal}" if journal else "",
    )
