"""What the EXCON console shows, as plain text built from the server's ``truth`` and ``msel``.

Pure functions (no Textual), so they are tested on their own and the console only lays
them out.
"""

from __future__ import annotations

from typing import Any


def msel_rows(injects: list[dict[str, Any]]) -> list[tuple[str, ...]]:
    """One row per inject: state, when, id, to, expected action, text."""
    rows = []
    for item in injects:
        state = item["state"] + (" (due)" if item.get("due") else "")
        rows.append((state, item.get("clock") or "", item["id"], item.get("to") or "",
                     item.get("expected") or "—", _short(item.get("text", ""), 70)))
    return rows


def truth_text(truth: dict[str, Any]) -> str:
    """Ground truth in a few blocks: victims, the network, informants, warrants and alert."""
    world = truth.get("world", {})
    out = [f"GROUND TRUTH at {truth.get('clock', '')} — EXCON and evaluators only", ""]
    people = world.get("people", [])
    victims = [p for p in people if p.get("is_victim")]
    out.append(f"VICTIMS ({len(victims)} of {len(people)} people in play)")
    for p in victims:
        where = p.get("venue") or p.get("location") or "—"
        tags = [p.get("status", "")]
        if p.get("minor"):
            tags.append("MINOR")
        if p.get("documents_withheld"):
            tags.append("documents withheld")
        out.append(f"  {p['id']:<8} {p.get('sex', '')[:1]} {p.get('age', '')!s:>3} "
                   f"{p.get('exploitation', ''):<8} at {where:<22} {', '.join(t for t in tags if t)}")
    others = [p for p in people if not p.get("is_victim")]
    if others:
        out.append(f"  not victims: {', '.join(p['id'] for p in others)}")
    out += ["", "NETWORK"]
    for m in world.get("members", []):
        out.append(f"  {m['name']:<20} {'/'.join(m.get('roles', [])):<28} {m.get('status', ''):<10} "
                   f"at {m.get('location') or '—'}")
    venues = world.get("venues", [])
    if venues:
        out += ["", "VENUES"]
        for v in venues:
            state = "active" if v.get("active") else "closed"
            out.append(f"  {v['name']:<24} {v.get('kind', ''):<12} {v.get('location', ''):<12} {state}")
    out += ["", "INFORMANTS (as they really are)"]
    for i in world.get("informants", []):
        out.append(f"  {i.get('codename', i['id']):<10} grade {i.get('reliability', '?')}  "
                   f"accuracy {i.get('accuracy', 0):.0%}  exposure {i.get('exposure', 0):.2f}  "
                   f"{i.get('status', '')}")
    warrants = world.get("warrants") or {}
    if warrants:
        out += ["", "WARRANTS: " + ", ".join(f"{k} {v}" for k, v in sorted(warrants.items()))]
    alert = world.get("alert") or {}
    if alert:
        out += ["", "NETWORK ALERT: " + ", ".join(f"{k} {v:.2f}" if isinstance(v, (int, float))
                                                  else f"{k} {v}" for k, v in sorted(alert.items()))]
    rulings = truth.get("rulings") or {}
    made = [f"{kind} {order}: {ruling}" for kind, items in sorted(rulings.items())
            for order, ruling in sorted(items.items())]
    if made:
        out += ["", "RULINGS: " + "; ".join(made)]
    return "\n".join(out)


def cells_text(truth: dict[str, Any]) -> str:
    """Every cell: the orders it gave and a summary of its picture."""
    out: list[str] = []
    for cell, view in truth.get("cells", {}).items():
        picture = view.get("picture", {})
        orders = view.get("orders", [])
        out.append(f"CELL {cell}: {len(orders)} orders · knows {len(picture.get('people', []))} people, "
                   f"{len(picture.get('places', []))} places, {len(picture.get('victims', []))} victims, "
                   f"{len(picture.get('cases', []))} cases")
        for o in orders[-15:]:
            verdict = (o.get("order_id") or "") if o["accepted"] else f"refused: {o['reason']}"
            out.append(f"  {o.get('clock', o['t'])} {o['verb']:<16} {o.get('unit') or '—':<18} "
                       f"{o.get('target') or '—':<18} {_short(verdict, 50)}")
        people = [f"{p.get('name', p.get('id'))} {'/'.join(p.get('grades', [])[-1:])}".strip()
                  for p in picture.get("people", [])]
        if people:
            out.append("  people: " + _short(", ".join(people), 300))
        places = [p.get("name", p.get("id")) for p in picture.get("places", [])
                  if p.get("kind") != "town"]
        if places:
            out.append("  places: " + _short(", ".join(places), 300))
        units = [f"{u.get('callsign')} {u.get('status', '').replace('_', ' ')}"
                 for u in picture.get("units", [])]
        if units:
            out.append("  units: " + _short(", ".join(units), 300))
        known = picture.get("victims", [])
        if known:
            out.append("  victims known: " + ", ".join(str(v.get("id", v)) if isinstance(v, dict)
                                                       else str(v) for v in known[:12]))
        out.append("")
    return "\n".join(out) or "No player cells."


def event_line(event: dict[str, Any]) -> str:
    """One line of the feed: clock, who sees it, kind and the gist."""
    payload = event.get("payload", {})
    gist = (payload.get("text") or payload.get("reason") or payload.get("inject_id")
            or payload.get("order_id") or "")
    if event.get("kind") == "excon.action":
        gist = f"{payload.get('author')}: {payload.get('action')} " + " ".join(
            str(payload[k]) for k in ("inject_id", "order_id", "ruling", "cell") if payload.get(k))
    return (f"{event.get('clock', '')} [{event.get('visibility', '')}] {event.get('kind', '')}"
            f" {_short(str(gist), 90)}")


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def objectives_text(truth: dict[str, Any]) -> str:
    """The objectives and their critical tasks, with the ids an observation names."""
    out = ["OBJECTIVES — observe OBJECTIVE TASK P|S|M|U NOTE", ""]
    for objective in truth.get("objectives", []):
        out.append(f"{objective['id']}: {objective['title']}")
        for task in objective["tasks"]:
            out.append(f"    {task['id']:<16} {task['task']}")
        out.append("")
    return "\n".join(out)
