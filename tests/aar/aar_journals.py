"""Hand-written journals for the after-action tests, written with the real journal writer.

``JournalBuilder`` keeps a clock and a sequence counter so a test reads like the
exercise it describes: ``b.at(90).event("victim.referred", person_id="v1", ...)``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cpx.journal.events import Event
from cpx.journal.scenario_source import open_scenario
from cpx.journal.writer import JournalWriter

WORLD = Path(__file__).with_name("aar_world.yaml")
"""The test scenario: five members, one bar, an objective per metric."""


def load_world():
    """The test scenario model."""
    return open_scenario(WORLD).scenario


class JournalBuilder:
    """Writes a journal line by line with a moving clock."""

    def __init__(self, path: Path, seed: int = 7, scenario_path: Path = WORLD) -> None:
        self.path = path
        source = open_scenario(scenario_path)
        self.scenario = source.scenario
        self.writer = JournalWriter(
            path, self.scenario, seed, source.sha256, scenario_path, durable=False
        )
        self.t = 0
        self.seq = 0

    def at(self, t: int) -> "JournalBuilder":
        """Move the clock to ``t`` minutes since STARTEX."""
        self.t = t
        return self

    def event(self, kind: str, /, visibility: str = "", **payload: Any) -> int:
        """Write an event; visibility defaults to excon for truth kinds, else trainee."""
        if not visibility:
            visibility = "trainee" if kind in TRAINEE else "excon"
        seq = self.seq
        self.writer.write_event(Event(self.t, seq, kind, visibility, payload))
        self.seq += 1
        return seq

    def order(self, verb: str, unit: str | None = None, target: str | None = None) -> None:
        """Write an accepted order line and its order.accepted event."""
        order = {"verb": verb, "unit": unit, "target": target, "params": {}}
        order_id = f"o{self.seq}"
        self.writer.write_order(self.t, order, {"accepted": True, "reason": "", "order_id": order_id})
        self.event("order.accepted", order_id=order_id, order=order, unit=unit)

    def close(self) -> Path:
        """Write the end line."""
        self.writer.close(t=self.t)
        return self.path


TRAINEE = {
    "order.accepted", "order.rejected", "order.completed", "unit.status", "report.informant",
    "report.surveillance", "evidence.added", "inject", "reply", "warrant.granted",
    "warrant.refused", "raid.result", "person.met", "interview.result", "victim.identified",
    "victim.referred", "arrest.made", "suspect.released", "exercise.endex",
}


def victim(b: JournalBuilder, pid: str, *, minor: bool = False, is_victim: bool = True) -> None:
    """The ground truth of a person and their being met by the police, at the clock."""
    b.event("truth.person", person_id=pid, is_victim=is_victim, minor=minor,
            age=16 if minor else 24, sex="f", origin="north", exploitation="sexual",
            act=is_victim, means=["deception"] if is_victim else [], purpose=is_victim,
            documents_withheld=True, debt=2000, venue="blue_gate")
    b.event("person.met", person_id=pid, where="blue_gate", description="a young woman")


def flagship_journal(path: Path) -> Path:
    """A whole short exercise touching every metric: used by report and replay tests."""
    b = JournalBuilder(path)
    b.at(0).event("network.snapshot", active_members=5, arrested_members=0, victims_held=3,
                  venues_active=1, revenue_total=0)
    b.event("unit.status", unit="squad", callsign="SQUAD 1", status="available",
            location="velin", task=None, eta=None)
    b.event("unit.status", unit="tactical", callsign="TAC 2", status="available",
            location="velin", task=None, eta=None)
    b.at(120).event("inject", inject_id="i_tip", **{"from": "ngo_haven"}, channel="phone",
                    type="information", text="A girl asks for help near the Blue Gate bar.",
                    mentions=["blue_gate"])
    b.at(180).order("request_warrant", "squad", "blue_gate")
    b.at(200).event("leak", official="mole", agency="velin_police", order_id="o9",
                    target="blue_gate")
    b.event("network.reaction", action="move_victims", subject="blue_gate", details="")
    b.at(360).event("warrant.granted", order_id="o9", target="blue_gate", reason="")
    b.order("raid", "tactical", "blue_gate")
    b.event("unit.status", unit="tactical", callsign="TAC 2", status="on_task",
            location="blue_gate", task="raid", eta=None)
    b.event("inject.expected_taken", inject_id="i_tip", order_id="o14", late=False, minutes=240)
    b.at(420).event("raid.result", order_id="o14", venue="blue_gate",
                    people_found=["v1", "v2", "v3"], arrested=["manager"], seized=["e1"],
                    text="Three women found; the manager arrested.")
    victim(b, "v1")
    victim(b, "v2", minor=True)
    victim(b, "v3", is_victim=False)
    b.event("arrest.made", order_id="o14", member="manager", unit="tactical")
    b.event("member.arrested", member="manager", centrality=0.28)
    b.event("evidence.added", evidence_id="e1", suspect="manager", kind="seized",
            weight=0.5, text="Ledger of debts")
    b.at(480).event("victim.identified", person_id="v1", decision=True,
                    elements={"act": True, "means": True, "purpose": True})
    b.event("victim.identified", person_id="v2", decision=True,
            elements={"act": True, "means": False, "purpose": True})
    b.event("unit.status", unit="tactical", callsign="TAC 2", status="available",
            location="velin", task=None, eta=None)
    b.at(540).event("victim.referred", person_id="v2", agency="ngo_haven", shelter="velin")
    b.at(600).event("victim.referred", person_id="v1", agency="ngo_haven", shelter="velin")
    b.event("network.snapshot", active_members=4, arrested_members=1, victims_held=1,
            venues_active=1, revenue_total=900)
    b.at(900).event("misconduct.reported", clients="blue_soldiers", minutes_since_first_seen=600)
    b.at(4320).event("network.snapshot", active_members=4, arrested_members=1, victims_held=1,
                     venues_active=0, revenue_total=1500)
    b.event("exercise.endex", reason="time")
    return b.close()


def long_journal(path, rounds=60):
    """About 20 lines a round: orders, units, injects, victims, leaks."""
    b = JournalBuilder(path)
    for k in range(rounds):
        b.at(k * 30).event("unit.status", unit="squad", callsign="SQUAD 1", status="available",
                           location="velin", task=None, eta=None)
        b.event("inject", inject_id="i_tip", **{"from": "ngo_haven"}, channel="phone",
                type="information", text=f"Call {k} about the bar, \"urgent\" é", mentions=[])
        b.order("surveil", "squad" if k % 2 else None, "blue_gate")
        victim(b, f"p{k}", minor=k % 3 == 0)
        b.event("victim.referred", person_id=f"p{k}", agency="ngo_haven", shelter="velin")
        b.event("leak", official="mole", agency="velin_police", order_id=f"o{k}", target="blue_gate")
    return b.close()
