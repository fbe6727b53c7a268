"""The EXCON console's command line: what a controller types, as protocol messages.

Pure functions, no UI: ``parse(line, role)`` gives the message to send to the server
(docs/protocol.md) or raises :class:`CommandError` with what to type instead::

    hold t03_task_informant
    release t03_task_informant
    fire lib_journalist_lotus                      # from the scenario's library
    fire to=trainee from=journalist channel=media expect=surveil/bar_lotus/2h A reporter calls …
    rule o4 granted the prosecutor would grant it on the informant's word
    rule o7 unlawful the urgency claimed had no grounds
    observe obj_identification reach S interpreter arrived late
    pause | resume | speed 60
"""

from __future__ import annotations

from typing import Any

RULING_KIND = {"granted": "warrant", "refused": "warrant", "lawful": "raid", "unlawful": "raid"}
LIVE_KEYS = ("to", "from", "channel", "type", "objective", "expect", "id")
EXCON_HELP = ("hold ID · release ID · fire LIBRARY_ID · fire [to=CELL from=WHO channel=… "
              "expect=VERB/TARGET/WITHIN] TEXT · rule ORDER granted|refused|lawful|unlawful "
              "REASON · pause · resume · speed N")
EVALUATOR_HELP = "observe OBJECTIVE TASK P|S|M|U NOTE"


class CommandError(ValueError):
    """A line the console cannot turn into a message; the text says what to type."""


def parse(line: str, role: str) -> dict[str, Any]:
    """The protocol message for a command line typed by a seat of ``role``."""
    words = line.split()
    if not words:
        raise CommandError(EXCON_HELP if role == "excon" else EVALUATOR_HELP)
    verb, args = words[0].lower(), words[1:]
    if role != "excon":
        if verb != "observe":
            raise CommandError(f"an evaluator seat watches and observes: {EVALUATOR_HELP}")
        return _observe(args)
    if verb == "observe":
        raise CommandError("observations are for evaluator seats (cpx evaluate)")
    if verb in ("pause", "resume"):
        return {"type": "control", "action": verb}
    if verb == "speed":
        try:
            speed = float(args[0])
        except (IndexError, ValueError):
            raise CommandError("speed N: sim minutes per real second, e.g. speed 60") from None
        return {"type": "control", "action": "speed", "speed": speed}
    if verb in ("hold", "release"):
        if len(args) != 1:
            raise CommandError(f"{verb} INJECT_ID (select it in the MSEL and press "
                               f"{'h' if verb == 'hold' else 'r'})")
        return {"type": "excon", "action": {"do": verb, "inject": args[0]}}
    if verb == "fire":
        return {"type": "excon", "action": {"do": "fire", "inject": _fire(args)}}
    if verb in ("rule", "adjudicate"):
        if len(args) < 3 or args[1].lower() not in RULING_KIND:
            raise CommandError("rule ORDER_ID granted|refused|lawful|unlawful REASON "
                               "(warrant requests: granted/refused; raids: lawful/unlawful)")
        ruling = args[1].lower()
        return {"type": "excon", "action": {"do": "adjudicate", "kind": RULING_KIND[ruling],
                                            "order": args[0], "ruling": ruling,
                                            "reason": " ".join(args[2:])}}
    raise CommandError(f"unknown command {verb!r}: {EXCON_HELP}")


def _fire(args: list[str]) -> Any:
    if len(args) == 1 and "=" not in args[0]:
        return args[0]  # a library inject's id
    inject: dict[str, Any] = {}
    rest = list(args)
    while rest and "=" in rest[0] and rest[0].split("=", 1)[0] in LIVE_KEYS:
        key, value = rest.pop(0).split("=", 1)
        if key == "expect":
            parts = value.split("/")
            want: dict[str, Any] = {"order": parts[0], "within": "2h"}
            if len(parts) > 1 and parts[1]:
                want["target"] = parts[1]
            if len(parts) > 2 and parts[2]:
                want["within"] = parts[2]
            inject["expected_action"] = want
        else:
            inject[key] = value
    if not rest:
        raise CommandError("fire LIBRARY_ID, or fire [to=CELL from=WHO channel=… "
                           "expect=VERB/TARGET/WITHIN] TEXT")
    inject["text"] = " ".join(rest)
    return inject


def _observe(args: list[str]) -> dict[str, Any]:
    if len(args) < 3:
        raise CommandError(EVALUATOR_HELP)
    return {"type": "observe", "observation": {"objective": args[0], "task": args[1],
                                               "rating": args[2].upper(),
                                               "note": " ".join(args[3:])}}
