"""Where a person met by police stands on the victim's pathway (DOMAIN.md §2).

Kept on each :class:`~cpx.engine.world.PersonState` as ``pathway``: custody, the
recovery and reflection period, the decision to give evidence, residence, return and
compensation. Ground truth like the rest of the world state; the cell learns of each
step only through the events :mod:`cpx.engine.pathway` emits.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class PathwayState:
    """One person's pathway after they were met."""

    custody_since: int | None = None
    """When the current detention began (None: not in custody)."""
    custody_minutes: int = 0
    """Minutes spent in custody in detentions that have ended."""
    detentions: int = 0
    """How many times the person was detained."""
    over_limit: bool = False
    """Whether a detention ran past the scenario's detention limit."""
    shelter: str = ""
    """The shelter place (``agency@location``) given at referral, kept while the person
    is in custody, so a second referral takes no second place."""
    reflection_from: int | None = None
    """When the recovery and reflection period began (at referral)."""
    reflection_ends: int | None = None
    """When it ends."""
    decides_at: int | None = None
    """When the person will decide whether to give evidence."""
    consent: str = ""
    """'' (no reflection period yet), pending, agreed or declined."""
    willingness: float | None = None
    """Hidden: the chance they agreed, as it stood when they decided."""
    setbacks: list[str] = field(default_factory=list)
    """What happened to them that makes cooperation less likely (detained,
    treated_as_offender, enforcer_present, intimidated), each once, in order."""
    residence: str = ""
    """'', requested or granted (a temporary residence permit)."""
    residence_basis: str = ""
    """situation or cooperation (CoE Art. 14)."""
    returned: str = ""
    """'', arranging or returned (assisted return to the country of origin)."""
    compensation: str = ""
    """'', claimed, secured, unpaid or refused."""

    def setback(self, what: str) -> None:
        """Record something that lowers the person's willingness (once per kind)."""
        if what not in self.setbacks:
            self.setbacks.append(what)
