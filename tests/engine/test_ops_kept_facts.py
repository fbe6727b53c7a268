"""Shift checks, leaks, surveillance, patrols and statements agree with the plain computation.

The hourly shift check looks only at the units whose duty changed in the hour (kept per
scenario and minute of the day); a leak is considered only by the officials whose agency
sees that kind of order (kept per verb and unit), and whether bribes were cut is told,
not rescanned; surveillance watches a member and a venue in two loops of its own; the
force's patrol hour lists the open venues only when someone goes; a victim-centred
statement reassures people without sorting them first. Each
is compared here, during real runs of every bundled scenario and several seeds, with
the computation as first written: a stale or wrong shortcut would silently change what
happens.
"""

from __future__ import annotations

import pytest

from cpx.commands.run import play
from cpx.engine import agencies as agencies_module
from cpx.engine import force_mp as force_mp_module
from cpx.engine import leaks as leaks_module
from cpx.engine import media as media_module
from cpx.engine import operations
from cpx.engine import events as ev
from cpx.engine.exercise import Exercise
from cpx.engine.orders import Order
from cpx.engine.outcomes import add_evidence, done
from cpx.journal.scenario_source import open_scenario

SCENARIOS = ("glass_lantern", "bitter_harvest", "tutorial")


@pytest.fixture(scope="module")
def scenarios():
    return {name: open_scenario(name).scenario for name in SCENARIOS}


def _plain_shifts(agencies) -> dict[str, str]:
    """Every unit's status after the hourly check as first written: every unit on
    shifts, whatever changed."""
    after = {}
    for unit in agencies.world.units.values():
        status = unit.status
        if unit.shift_hours < 24:
            duty = agencies.on_duty(unit)
            if status == "off_duty" and duty:
                status = "available"
            elif status == "available" and not duty:
                status = "off_duty"
        after[unit.id] = status
    return after


def _freeze_assets(ex: Exercise) -> bool:
    """Give a financial investigation that freezes a known launderer's assets, as soon as
    the cell knows one and has its unit free (so bribes are cut during the run)."""
    picture = ex.picture_of(ex.cells[0])
    units = [u.id for u in ex.world.units.values()
             if u.cell == ex.cells[0] and "financial" in u.capabilities]
    for mid, member in sorted(ex.world.members.items()):
        if "money_launderer" in member.roles and picture.is_person(mid):
            for unit in units:
                if ex.submit(Order("financial_investigation", unit, mid,
                                   {"freeze": True})).accepted:
                    return True
    return False


@pytest.mark.parametrize("name", SCENARIOS)
def test_shift_checks_and_leaks_kept_are_the_plain_ones(name, scenarios, monkeypatch):
    compared = {"shifts": 0, "changed": 0, "leaks": 0, "cut": 0}
    original_shifts = agencies_module.Agencies._shifts
    original_consider = leaks_module.Leaks.consider

    def checked_shifts(self):
        plain = _plain_shifts(self)
        before = {u.id: u.status for u in self.world.units.values()}
        original_shifts(self)
        assert {u.id: u.status for u in self.world.units.values()} == plain
        compared["shifts"] += 1
        compared["changed"] += before != plain

    def checked_consider(self, order, order_id):
        world = self.ex.world
        assert self._bribes_cut == any(m.assets_frozen for m in world.members.values())
        compared["cut"] += self._bribes_cut
        original_consider(self, order, order_id)
        if self.officials and order.verb in leaks_module.OPERATIONAL:
            involved = self.agencies_involved(order)
            plain = [o for o in self.officials if o.agency in involved]
            assert list(self._seeing[(order.verb, order.unit)]) == plain
            compared["leaks"] += 1
            chance = self.chance(self.officials[0])
            bribes = any(m.assets_frozen for m in world.members.values())
            assert chance == self.officials[0].leak_probability * (0.5 if bribes else 1.0)

    monkeypatch.setattr(agencies_module.Agencies, "_shifts", checked_shifts)
    monkeypatch.setattr(leaks_module.Leaks, "consider", checked_consider)
    scenario = scenarios[name]
    for seed in range(1, 7):
        ex = Exercise(scenario, seed)
        if seed % 2 == 0:  # half the runs cut the bribes when they can
            t = 60
            while t < ex.end and not _freeze_assets(ex):
                play(ex, "baseline", until=t)
                t += 60
        play(ex, "baseline")
    if any(u.shift_hours < 24 for u in ex.world.units.values()):
        assert compared["shifts"] > 0 and compared["changed"] > 0
    if ex.leaks.officials:
        assert compared["leaks"] > 0
    if name == "glass_lantern":
        assert compared["cut"] > 0


# --------------------------------------------------------------------------- surveillance


def _plain_surveil(ex, order, order_id, cell, unit):
    """Surveillance as first written: one loop for a member or a venue target."""
    started = ex.now
    target = order.target
    world = ex.world
    believed = ex.desk.believed_location(target, cell)
    place = believed or unit.location
    hours = order.details().hours
    yield from ex.agencies.travel(unit, place, order_id, then=max(1, hours) * 60)
    rng = ex.desk.surveillance_draws
    seen_total = 0
    why = ""
    in_sight = False
    member = world.members.get(target)
    venue = None if member is not None else world.venues[target]
    members, timeout = world.members, ex.env.timeout
    for _hour in range(max(1, hours)):
        yield timeout(60)
        if member is not None:
            if not world.active_member(target):
                why = "ended early: the target could no longer be found"
                break
            watched = [target] if member.location == place else []
            subject = target
        else:
            watched = ex.network.members_at(target) if venue.location == place else []
            subject = venue.manager
        in_sight = in_sight or bool(watched)
        vigilance = max([members[m].vigilance for m in watched]) if watched else 0.3
        observe = unit.skill * (1 - 0.5 * vigilance)
        for mid in watched:
            for kind, partner in ex.network.doings.get(mid, ()):
                if rng.random() < observe:
                    seen_total += 1
                    operations._observed(ex, order_id, unit, cell, mid, kind, partner, target)
                    if venue is not None:
                        add_evidence(ex, target, "observation", 0.05,
                                     f"{members[mid].name} seen running {venue.name}.", cell)
        if venue is not None:
            seen_total += _plain_watch_venue(ex, rng, order_id, unit, cell, target, observe)
        if subject and rng.random() < vigilance * (1 - unit.skill) * 0.25:
            ex.emit(ev.SURVEILLANCE_SPOTTED, {"order_id": order_id, "unit": unit.id,
                                              "target": target, "by": subject})
            ex.doctrine.pressure(subject if member is not None else target,
                                 "surveillance_spotted")
            ex.informants.visible_action(target, "surveillance spotted")
            if rng.random() < 0.5:
                ex.emit(ev.REPORT_SURVEILLANCE, {
                    "order_id": order_id, "unit": unit.id, "target": target,
                    "text": f"{unit.callsign} thinks it may have been noticed.",
                    "evidence_id": None, "mentions": []}, cell)
    where = ex.region.locations[place].name
    if not why and believed is None:
        why = f"your cell did not know where the target is; the team watched at {where}"
    elif not why and seen_total == 0 and member is not None and not in_sight:
        why = f"{member.name} was not seen at {where}"
    outcome = f"{seen_total} observation{'' if seen_total == 1 else 's'}"
    done(ex, order, order_id, cell, unit, f"{outcome} — {why}" if why else outcome, started)


def _plain_watch_venue(ex, rng, order_id, unit, cell, venue_id, observe) -> int:
    world, seen = ex.world, 0
    venue = world.venues[venue_id]
    held = world.victims_at(venue_id)
    if not venue.hidden and any(p.is_victim for p in held) and rng.random() < observe * 0.5:
        seen += 1
        text = operations.wording.escorted(len(held), venue.name, venue.exploitation)
        eid = add_evidence(ex, venue_id, "observation", 0.1, text, cell)
        ex.emit(ev.REPORT_SURVEILLANCE, {"order_id": order_id, "unit": unit.id,
                                         "target": venue_id, "text": text,
                                         "evidence_id": eid, "mentions": [venue_id],
                                         "kinds": {venue_id: "place"}}, cell)
        ex.informants.observed(cell, f"held:{venue_id}", True)
    for group_id, n in sorted(ex.network.visits_now.get(venue_id, {}).items()):
        group = ex.desk.clients[group_id]
        if group.kind != "local" and rng.random() < observe:
            seen += 1
            force = ex.agencies.specs.get(group.force)
            who = force.name.replace("Military Police", "").strip() if force else "the force"
            men = "a man" if n == 1 else f"{n} men"
            text = f"{men[0].upper()}{men[1:]} in the uniform of {who} entered {venue.name}."
            ex.emit(ev.REPORT_SURVEILLANCE, {
                "order_id": order_id, "unit": unit.id, "target": venue_id, "text": text,
                "evidence_id": None, "mentions": [group_id],
                "names": {group_id: f"{group.kind.replace('_', ' ')} of {who}"},
                "kinds": {group_id: "clients"}}, cell)
    return seen


@pytest.mark.parametrize("name", SCENARIOS)
def test_surveillance_is_the_surveillance_first_written(name, scenarios, monkeypatch):
    scenario = scenarios[name]
    watched = 0
    kept = operations._RUNNERS["surveil"]
    for seed in range(1, 6):
        runs = []
        for runner in (kept, _plain_surveil):
            monkeypatch.setitem(operations._RUNNERS, "surveil", runner)
            ex = Exercise(scenario, seed)
            play(ex, "baseline")
            runs.append(([(e.t, e.kind, e.visibility, e.payload) for e in ex.events],
                         ex.state_hash()))
        assert runs[0] == runs[1], (name, seed)
        watched += sum(e[1] == ev.REPORT_SURVEILLANCE for e in runs[0][0])
    assert watched > 0


# --------------------------------------------------------------------------- patrols, statements


def _plain_patrol_hour(self) -> None:
    """The force's patrol hour as first written: the open venues listed every hour."""
    ex, rng = self.ex, self.rng
    for group_id in sorted(self.cases):
        case = self.cases[group_id]
        if case.defiant <= 0:
            continue
        group = case.group
        open_venues = [v for v in group.venues
                       if ex.world.venues[v].active and not ex.world.venues[v].hidden]
        if not open_venues:
            continue
        rate = group.visits_per_week / 168 * case.defiant / group.count
        n = int(rng.poisson(rate))
        for i in range(n):
            venue = open_venues[i % len(open_venues)]
            at = ex.network.visits_now.setdefault(venue, {})
            at[group_id] = at.get(group_id, 0) + 1
            chance = self.rules.patrol_catch * (2 if ex.now < case.checks_until else 1)
            caught = case.defiant > 0 and rng.random() < min(1.0, chance)
            if caught:
                case.defiant -= 1
                case.caught += 1
            ex.emit(ev.FORCE_BREACH, {"clients": group_id, "venue": venue, "visits": 1,
                                      "caught": caught, "defiant": case.defiant})
            if caught:
                self._step(case, "breach_caught",
                           f"A patrol of the {self._force_name(group)[4:]} found one of the "
                           f"{force_mp_module._who(group)} at {ex.world.venues[venue].name} "
                           "in breach of the off-limits order, now confined to base and added "
                           "to the investigation.", mentions=[venue])


def _plain_reassure(self) -> None:
    """A victim-centred statement's trust, as first written: people in id order."""
    for pid in sorted(self.ex.world.people):
        person = self.ex.world.people[pid]
        if pid in self.reassured or person.status not in media_module.HEARD_BY:
            continue
        self.reassured.add(pid)
        person.trust = round(min(1.0, person.trust + media_module.STATEMENT_TRUST), 4)


def test_patrols_and_statements_are_the_ones_first_written(scenarios, monkeypatch):
    """The flagship, where the force's cases and public statements come up: the same
    events and state with the patrol hour and the reassurance as first written."""
    scenario = scenarios["glass_lantern"]
    breaches = statements = 0
    for seed in range(1, 7):
        runs = []
        for plain in (False, True):
            if plain:
                monkeypatch.setattr(force_mp_module.ForceMilitaryPolice, "_patrol_hour",
                                    _plain_patrol_hour)
                monkeypatch.setattr(media_module.PressOffice, "_reassure", _plain_reassure)
            ex = Exercise(scenario, seed)
            play(ex, "baseline")
            runs.append(([(e.t, e.kind, e.visibility, e.payload) for e in ex.events],
                         ex.state_hash()))
            monkeypatch.undo()
        assert runs[0] == runs[1], seed
        breaches += sum(e[1] == ev.FORCE_BREACH for e in runs[0][0])
        statements += sum(e[1] == ev.MEDIA_STATEMENT and e[3]["victim_centred"]
                          for e in runs[0][0])
    assert breaches > 0 and statements > 0
