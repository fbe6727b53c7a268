"""The catalogue of event kinds the engine emits, with their audience and payload.

Every kind is a constant here and an entry in :data:`CATALOGUE` whose text is the
kind's documentation (``docs/events.md`` lists the same). Kinds seen by a player cell
are in :data:`TRAINEE_KINDS`; ground-truth kinds (visibility ``excon``) in
:data:`EXCON_KINDS`. Payload keys listed are the minimum; the engine may add more, but a
trainee payload never carries a key from :data:`TRUTH_KEYS` or with a prefix from
:data:`TRUTH_PREFIXES`.
"""

from __future__ import annotations

from typing import Any, Final

from cpx.journal.events import EXCON, Event

__all__ = ["EXCON", "Event", "CATALOGUE", "TRAINEE_KINDS", "EXCON_KINDS", "TRUTH_KEYS",
           "TRUTH_PREFIXES", "truth_keys_in"]

# ------------------------------------------------------------------ trainee-visible kinds

BRIEFING_MEMBER: Final = "briefing.member"
BRIEFING_PLACE: Final = "briefing.place"
BRIEFING_INFORMANT: Final = "briefing.informant"
ORDER_ACCEPTED: Final = "order.accepted"
ORDER_REJECTED: Final = "order.rejected"
ORDER_COMPLETED: Final = "order.completed"
UNIT_STATUS: Final = "unit.status"
REPORT_INFORMANT: Final = "report.informant"
REPORT_SURVEILLANCE: Final = "report.surveillance"
INFORMANT_REGRADED: Final = "informant.regraded"
EVIDENCE_ADDED: Final = "evidence.added"
INJECT: Final = "inject"
REPLY: Final = "reply"
WARRANT_GRANTED: Final = "warrant.granted"
WARRANT_REFUSED: Final = "warrant.refused"
RAID_RESULT: Final = "raid.result"
INSPECTION_RESULT: Final = "inspection.result"
PERSON_MET: Final = "person.met"
PERSON_SEEN: Final = "person.seen"
PERSON_GONE: Final = "person.gone"
PERSON_CAME_FORWARD: Final = "person.came_forward"
INTERVIEW_RESULT: Final = "interview.result"
VICTIM_IDENTIFIED: Final = "victim.identified"
VICTIM_REFERRED: Final = "victim.referred"
ARREST_MADE: Final = "arrest.made"
SUSPECT_RELEASED: Final = "suspect.released"
VICTIM_CUSTODY: Final = "victim.custody"
VICTIM_REFLECTION: Final = "victim.reflection"
VICTIM_CONSENT: Final = "victim.consent"
VICTIM_RESIDENCE: Final = "victim.residence"
VICTIM_RETURNED: Final = "victim.returned"
VICTIM_COMPENSATION: Final = "victim.compensation"
EVIDENCE_STATUS: Final = "evidence.status"
EXERCISE_ENDEX: Final = "exercise.endex"
CELL_MESSAGE: Final = "cell.message"
REQUEST_RECEIVED: Final = "request.received"

# --------------------------------------------------------------------- ground-truth kinds

TRUTH_PERSON: Final = "truth.person"
TRUTH_REPORT: Final = "truth.report"
VICTIM_ARRIVED: Final = "victim.arrived"
VICTIM_INTERDICTED: Final = "victim.interdicted"
VICTIM_MOVED: Final = "victim.moved"
VICTIM_HARMED: Final = "victim.harmed"
VICTIM_RETRAFFICKED: Final = "victim.retrafficked"
IDENTIFICATION_SCORED: Final = "identification.scored"
NETWORK_ALERT: Final = "network.alert"
NETWORK_REACTION: Final = "network.reaction"
NETWORK_REVENUE: Final = "network.revenue"
NETWORK_SNAPSHOT: Final = "network.snapshot"
NETWORK_ACTIVITY: Final = "network.activity"
CLIENT_VISITS: Final = "client.visits"
SURVEILLANCE_SPOTTED: Final = "surveillance.spotted"
LEAK: Final = "leak"
INFORMANT_EXPOSURE: Final = "informant.exposure"
INFORMANT_BURNED: Final = "informant.burned"
UNLAWFUL_ACT: Final = "unlawful.act"
INJECT_EXPECTED_TAKEN: Final = "inject.expected_taken"
INJECT_EXPECTED_MISSED: Final = "inject.expected_missed"
MEMBER_ARRESTED: Final = "member.arrested"
MEMBER_REPLACED: Final = "member.replaced"
MISCONDUCT_REPORTED: Final = "misconduct.reported"
FORCE_CASE: Final = "force.case"
FORCE_COMPLIANCE: Final = "force.compliance"
FORCE_BREACH: Final = "force.breach"
INTEGRITY_CHECK: Final = "integrity.check"
MEDIA_STATEMENT: Final = "media.statement"
MEDIA_VICTIM_CALL: Final = "media.victim_call"
FALSE_REPORT: Final = "false.report"
EXCON_ACTION: Final = "excon.action"
INJECT_HELD_DUE: Final = "inject.held_due"
VICTIM_WILLINGNESS: Final = "victim.willingness"

TRAINEE: Final = "trainee"
"""The audience tag of player-cell kinds in :data:`CATALOGUE`."""

CATALOGUE: dict[str, tuple[str, str]] = {
    # kind: (audience, what it means and its payload)
    BRIEFING_MEMBER: (TRAINEE, "A person the cell knows of at STARTEX (old files). "
                      "{person_id, name, aliases}"),
    BRIEFING_PLACE: (TRAINEE, "A place the cell knows at STARTEX (a licensed bar). "
                     "{place_id, name, kind, location}"),
    BRIEFING_INFORMANT: (TRAINEE, "An informant the cell runs. "
                         "{informant, codename, handler, source_grade}"),
    ORDER_ACCEPTED: (TRAINEE, "An order was accepted and is being carried out. "
                     "{order_id, order, unit; for a raid: grounds (the warrant, or the "
                     "fresh report of imminent danger the entry rests on, or a warning "
                     "that there are none)}"),
    ORDER_REJECTED: (TRAINEE, "An order was rejected; the reason says what to do instead. "
                     "{order, reason}"),
    ORDER_COMPLETED: (TRAINEE, "An accepted order finished. {order_id, verb, unit, outcome}"),
    UNIT_STATUS: (TRAINEE, "A unit of the cell changed status. "
                  "{unit, callsign, status (available|en_route|on_task|resting|off_duty), "
                  "location, task, eta}"),
    REPORT_INFORMANT: (TRAINEE, "An informant's report, graded by the handler. {report_id, "
                       "informant, codename, source_grade (A-F), credibility (1-6, judged on what the "
                       "cell knows), credibility_reason, "
                       "subject_kind (member|venue|route|link), subject, text, mentions}"),
    INFORMANT_REGRADED: (TRAINEE, "The handler revised a source's grade, up or down, by its "
                         "track record as the cell could check it. {informant, codename, "
                         "source_grade, direction (up|down), reason}"),
    REPORT_SURVEILLANCE: (TRAINEE, "What a surveillance team saw in an hour on task. "
                          "{order_id, unit, target, text, evidence_id or null, mentions}"),
    EVIDENCE_ADDED: (TRAINEE, "Evidence usable in court against a suspect or a venue. "
                     "{evidence_id, suspect, kind (observation|document|financial|intercept|"
                     "testimony|seized), weight, text, names {suspect: name}; when it does "
                     "not count toward the case: status (pending|excluded), counted false, "
                     "reason}"),
    INJECT: (TRAINEE, "A message from the MSEL. {inject_id, from, channel, type, text, "
             "mentions, mentioned [{id, name, kind, location (a venue's town, a member's "
             "home), venue_kind (for a venue)}], danger_at (venues where the message reports "
             "a person in imminent danger: grounds to enter without a warrant for 24 h)}"),
    REPLY: (TRAINEE, "A partner agency answers a request. {agency, text, order_id or null; "
            "the force's military police add step (as in force.case) and clients; a reply "
            "naming places adds mentioned [{id, name, kind, location}]}"),
    WARRANT_GRANTED: (TRAINEE, "The prosecutor granted a warrant. {order_id, target, reason}"),
    WARRANT_REFUSED: (TRAINEE, "The prosecutor refused a warrant. {order_id, target, reason}"),
    RAID_RESULT: (TRAINEE, "What a raid found. {order_id, venue, people_found (person ids), "
                  "arrested (member ids), seized (evidence ids), left_behind (people the "
                  "team could not take out, when any), text}"),
    INSPECTION_RESULT: (TRAINEE, "What an administrative inspection of a licensed venue "
                        "found. {order_id, venue, people_found (person ids), asked_for_help "
                        "(the people who left with the inspectors), stayed (the others), "
                        "workers_seen, indicators (noticed, noisy), mentions and names (the "
                        "persons in charge on site), seized, text}"),
    PERSON_MET: (TRAINEE, "A person found by police (a possible victim). "
                 "{person_id, where, description}"),
    PERSON_SEEN: (TRAINEE, "A person the cell's units saw at a venue and left there (an "
                  "inspection, a raid without enough officers to take everyone out); they "
                  "stay under the network's control and may be interviewed on site. "
                  "{person_id, where, order_id, description, text}"),
    PERSON_GONE: (TRAINEE, "A unit went back for a person seen at a venue and did not find "
                  "them there. {person_id, where, order_id, text}"),
    PERSON_CAME_FORWARD: (TRAINEE, "A person came forward to the cell (brought into play by "
                          "an inject) and is met where they came. "
                          "{person_id, inject_id, where, description, text}"),
    INTERVIEW_RESULT: (TRAINEE, "What an interview revealed. {order_id, person_id, "
                       "indicators, trust (perceived 0-1), text}"),
    VICTIM_IDENTIFIED: (TRAINEE, "The cell's identification decision on a person. "
                        "{person_id, decision, elements {act, means, purpose}}"),
    VICTIM_REFERRED: (TRAINEE, "A person was referred to victim support. "
                      "{person_id, agency, shelter}"),
    ARREST_MADE: (TRAINEE, "A suspect was arrested. {order_id, member, unit}"),
    SUSPECT_RELEASED: (TRAINEE, "A suspect was released. {member, reason}"),
    VICTIM_CUSTODY: (TRAINEE, "A person met is in custody (detained for illegal stay), "
                     "has been held past the detention limit, or was released. {person_id, "
                     "status (in_custody; on release referred or met), order_id, since, "
                     "limit_at, over_limit (when past it), released (on release), text}"),
    VICTIM_REFLECTION: (TRAINEE, "Referral granted the recovery and reflection period. "
                        "{person_id, begins, ends, text}"),
    VICTIM_CONSENT: (TRAINEE, "A person in the reflection period decided whether to give "
                     "evidence. {person_id, decision (agreed|declined), text}"),
    VICTIM_RESIDENCE: (TRAINEE, "A temporary residence permit was granted. "
                       "{person_id, basis (situation|cooperation), granted, text}"),
    VICTIM_RETURNED: (TRAINEE, "A person was returned to the country of origin. "
                      "{person_id, risk_assessed, to (jurisdiction), text}"),
    VICTIM_COMPENSATION: (TRAINEE, "The court decided a claim for compensation. {person_id, "
                          "offender, outcome (secured|unpaid|refused), text, names}"),
    EVIDENCE_STATUS: (TRAINEE, "An item of evidence changed standing: excluded (unlawfully "
                      "obtained, or the witness declined), pending (a statement awaiting "
                      "the witness's consent) or counted. {evidence_id, suspect, kind, weight, "
                      "status (counted|pending|excluded), counted, reason, text}"),
    EXERCISE_ENDEX: (TRAINEE, "ENDEX. {reason}"),
    CELL_MESSAGE: (TRAINEE, "A message between two player cells; the sender and the "
                   "recipient each get a copy. {message_id, from, to, from_name, to_name, text}"),
    REQUEST_RECEIVED: (TRAINEE, "Another cell's order calls on an agency this cell commands "
                       "(a report of misconduct, a border alert, a referral …). "
                       "{from, from_name, agency, order_id, verb, target, text}"),
    TRUTH_PERSON: (EXCON, "A person appeared in the world. {person_id, is_victim, minor, age, "
                   "sex, origin, exploitation, act, means, purpose, documents_withheld, "
                   "debt, debt_bondage, restricted_movement, venue, profile}"),
    TRUTH_REPORT: (EXCON, "The truth behind an informant report; ``about`` lists the "
                   "people the report's words describe. {report_id, informant, true, claim, "
                   "about}"),
    VICTIM_ARRIVED: (EXCON, "A victim reached a venue. {person_id, route, venue}"),
    VICTIM_INTERDICTED: (EXCON, "A transport was stopped at a border crossing. "
                         "{person_id, route, crossing}"),
    VICTIM_MOVED: (EXCON, "A victim was moved. {person_id, from_venue, to_venue, reason}"),
    VICTIM_HARMED: (EXCON, "A victim was harmed. {person_id, cause}"),
    VICTIM_RETRAFFICKED: (EXCON, "A person met by police fell back into the network. "
                          "{person_id; after: return when it happened after a return}"),
    IDENTIFICATION_SCORED: (EXCON, "An identification decision against the truth. "
                            "{person_id, decision, correct, truth_is_victim, minor}"),
    NETWORK_ALERT: (EXCON, "A cell's alert rose. {cell (member or venue id), level, cause}"),
    NETWORK_REACTION: (EXCON, "The network reacted to pressure. {action, subject, details}"),
    NETWORK_REVENUE: (EXCON, "A day's takings reached a launderer. {day, amount, launderer}"),
    NETWORK_SNAPSHOT: (EXCON, "Every 6 h, for charts. {active_members, arrested_members, "
                       "victims_held, venues_active, revenue_total}"),
    NETWORK_ACTIVITY: (EXCON, "An hour's observable activity of the network (meetings, "
                       "calls, money runs). {hour, meetings, calls, money_runs}"),
    CLIENT_VISITS: (EXCON, "A day's client visits by group. {day, visits {group: n}}"),
    SURVEILLANCE_SPOTTED: (EXCON, "A surveillance team was spotted. {order_id, unit, target, by}"),
    LEAK: (EXCON, "A corrupt official passed on a planned order. "
           "{official, agency, order_id, target}"),
    INFORMANT_EXPOSURE: (EXCON, "An informant's exposure rose. {informant, exposure, cause}"),
    INFORMANT_BURNED: (EXCON, "An informant was burned. {informant, fate (silent|harmed)}"),
    UNLAWFUL_ACT: (EXCON, "An unlawful act by the cell. {kind (raid_without_warrant|"
                   "victim_treated_as_offender|detention_over_limit|"
                   "arrest_without_jurisdiction|return_during_reflection|"
                   "return_without_risk_assessment), order_id, subject}"),
    INJECT_EXPECTED_TAKEN: (EXCON, "The expected action of an inject was taken. "
                            "{inject_id, order_id, late, minutes, before (true when the "
                            "action was taken before the inject fired)}"),
    INJECT_EXPECTED_MISSED: (EXCON, "The expected action of an inject was missed. {inject_id}"),
    MEMBER_ARRESTED: (EXCON, "Ground truth twin of arrest.made. {member, centrality, roles}"),
    MEMBER_REPLACED: (EXCON, "An arrested member's role was taken over. "
                      "{member, replaced_by, roles}"),
    MISCONDUCT_REPORTED: (EXCON, "Misconduct of international personnel was reported. "
                          "{clients, minutes_since_first_seen}"),
    FORCE_CASE: (EXCON, "A step of the force's case on reported personnel; the cell is told "
                 "by a reply with the same step. {clients, force, step (investigation_opened|"
                 "off_limits_list|victim_known|victim_handed_over|evidence_handed_over|"
                 "breach_caught|sighting_received|tcn_decision), "
                 "order_id, venues, person_id, outcome}"),
    FORCE_COMPLIANCE: (EXCON, "How many of a group's personnel ignore the off-limits order "
                       "(until caught). {clients, personnel, defiant}"),
    FORCE_BREACH: (EXCON, "Personnel visited an off-limits venue in breach of the order. "
                   "{clients, venue, visits, caught, defiant}"),
    INTEGRITY_CHECK: (EXCON, "An integrity check on an official: opened, tipped off, or its "
                      "result against the truth. {target, order_id, approach, step "
                      "(opened|tipped_off|result), corrupt, suspended}"),
    MEDIA_STATEMENT: (EXCON, "A statement to the media and what it gives away. {order_id, "
                      "target, line, reveals_detail, victim_centred, cell}"),
    MEDIA_VICTIM_CALL: (EXCON, "After a victim-centred statement, a victim still held called "
                        "victim support: who, from where (the cell hears it as a reply). "
                        "{order_id, person_id, venue}"),
    FALSE_REPORT: (EXCON, "A corrupt official passed the cell a false report to steer it "
                   "away. {official, agency, report_id, subject, claim}"),
    EXCON_ACTION: (EXCON, "EXCON steered the play (cpx excon): held, released or fired an "
                   "inject, or adjudicated an order; or a player took a cell the engine played. "
                   "{action (hold|release|fire|adjudicate|clock|seat), cell?, "
                   "author (seat), inject_id?, order_id?, ruling?, reason?}"),
    INJECT_HELD_DUE: (EXCON, "An inject EXCON holds fell due; it fires when released. "
                      "{inject_id}"),
    VICTIM_WILLINGNESS: (EXCON, "The truth behind a decision to give evidence: the "
                         "person's willingness and what made it. {person_id, willingness, "
                         "factors, agreed}"),
}
"""Every kind: its audience (``trainee`` = a player cell, ``excon``) and documentation."""

TRAINEE_KINDS = frozenset(k for k, (aud, _) in CATALOGUE.items() if aud == TRAINEE)
EXCON_KINDS = frozenset(k for k, (aud, _) in CATALOGUE.items() if aud == EXCON)

TRUTH_KEYS = frozenset({"truth", "is_victim", "truth_is_victim", "accuracy", "true",
                        "debt", "correct", "claim", "centrality", "exposure", "official",
                        "roles", "willingness"})
"""Keys that only ground-truth payloads may carry. (``act``/``means``/``purpose`` are
not among them: the trainee's own ticks in victim.identified use those names.)"""

TRUTH_PREFIXES = ("hidden_", "true_")


def truth_keys_in(payload: Any) -> list[str]:
    """The ground-truth-only keys anywhere in ``payload`` (nested dicts and lists)."""
    found: list[str] = []
    if isinstance(payload, dict):
        for key, value in payload.items():
            if key in TRUTH_KEYS or key.startswith(TRUTH_PREFIXES):
                found.append(key)
            found.extend(truth_keys_in(value))
    elif isinstance(payload, list):
        for item in payload:
            found.extend(truth_keys_in(item))
    return found


def catalogue_markdown() -> str:
    """``docs/events.md``: regenerate with ``python -m cpx.engine.events > docs/events.md``."""
    lines = [
        "# Event kinds", "",
        "Every event the engine emits has a sim time `t` (minutes since STARTEX), a global",
        "sequence number `seq`, a dotted `kind`, a `visibility` (`excon` = ground truth, or a",
        "player cell id such as `trainee`) and a plain-JSON `payload`. This page is generated",
        "from `cpx/engine/events.py` (`CATALOGUE`): `python -m cpx.engine.events > docs/events.md`;",
        "a test checks it is up to date.", "",
        "Payload keys listed are the minimum; more may be added, none removed or renamed.",
        "When the trainee sees part of something (a raid finds three people), the engine emits",
        "an `excon` event with the truth and a separate trainee event with only what was observed.",
        "",
        "A trainee payload never carries these ground-truth keys: "
        + ", ".join(f"`{k}`" for k in sorted(TRUTH_KEYS))
        + ", nor keys starting with " + ", ".join(f"`{p}`" for p in TRUTH_PREFIXES)
        + " (a property test checks runs over many seeds).", "",
    ]
    for audience, title in ((TRAINEE, "Seen by a player cell"), (EXCON, "Ground truth (EXCON only)")):
        lines += [f"## {title}", "", "| kind | meaning and payload |", "|---|---|"]
        for kind, (aud, doc) in CATALOGUE.items():
            if aud == audience:
                lines.append(f"| `{kind}` | {doc.replace('|', '/')} |")
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    print(catalogue_markdown(), end="")
