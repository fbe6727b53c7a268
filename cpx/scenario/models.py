"""The scenario file, as strict pydantic models.

A scenario is the whole world of one exercise: the region, the trafficking network
(ground truth the trainees never see), informants, the agencies and their units, the
legal rules, the MSEL of injects and the objectives the exercise is rated against.

Every model forbids unknown keys and documents each field with the docstring under
it; those docstrings become the JSON Schema's descriptions and the format reference
(``docs/scenario-format.md``).  The models hold data only: checks that need more than
one field of the file (ids that must exist, places that must be reachable) live in
:mod:`cpx.scenario.checks`, behaviour lives in :mod:`cpx.engine`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from cpx.scenario.accountability import InternalAffairs, MilitaryPolice, PublicInformation
from cpx.scenario.cells import Cell, derive as _derive_cells
from cpx.scenario.grounds import UrgentEntryGrounds
from cpx.scenario.objectives import Metric, Objective, RatingRule  # noqa: F401 (re-exported)
from cpx.scenario.pathway import VictimPathwayRules
from cpx.scenario.types import (
    ClockTime,
    Duration,
    Id,
    IdList,
    Level,
    Probability,
    SourceGrade,
)


class Model(BaseModel):
    """Base of every scenario model: strict keys, field docstrings as descriptions, and
    no NaN or infinity in any number (the engine cannot draw from them)."""

    model_config = ConfigDict(
        extra="forbid",
        use_attribute_docstrings=True,
        frozen=True,
        populate_by_name=True,
        allow_inf_nan=False,
    )


# Bounds of the scenario's numbers: each is far beyond any exercise yet wide enough for a
# big one, and small enough that the engine runs any valid file (a day of the largest
# world a valid file can describe runs in seconds; tests/scenario/test_bounds.py).
MAX_PEOPLE = 1000
"""The most victims a venue holds, or a profile places at STARTEX."""
MAX_RATE = 1000.0
"""The most arrivals per week of one victim profile (a client group: ten times as many visits)."""
MAX_MONEY = 10_000_000.0
"""The largest amount of money (a debt, a day's revenue) in the scenario's currency."""
MAX_GROUP = 10_000
"""The most people in one client group, or places in one shelter."""


# --------------------------------------------------------------------------- vocabularies

LocationKind = Literal[
    "capital", "city", "town", "village", "border_crossing", "port", "airport", "base",
    "police_station", "labour_inspectorate_office",
]
MemberRole = Literal[
    "boss",
    "lieutenant",
    "recruiter",
    "transporter",
    "document_forger",
    "venue_manager",
    "enforcer",
    "money_launderer",
    "corrupt_official",
    "lookout",
    "debt_collector",
]
VenueKind = Literal[
    "bar",
    "nightclub",
    "hotel",
    "apartment",
    "massage_parlour",
    "farm",
    "construction_site",
    "factory",
    "restaurant",
    "private_house",
    "workers_dormitory",
]
Exploitation = Literal[
    "sexual", "forced_labour", "forced_criminality", "begging", "domestic_servitude"
]
Means = Literal[
    "force",
    "threat",
    "coercion",
    "abduction",
    "fraud",
    "deception",
    "abuse_of_power",
    "abuse_of_vulnerability",
    "payment_to_controller",
]
AgencyKind = Literal[
    "police",
    "special_police",
    "border_police",
    "prosecutor",
    "court",
    "ngo",
    "labour_inspectorate",
    "financial_intelligence",
    "international_police",
    "military_police",
    "media",
]
Capability = Literal[
    "surveillance",
    "intervention",
    "investigation",
    "interview",
    "arrest",
    "border_control",
    "financial",
    "victim_support",
    "interpreting",
    "inspection",
    "liaison",
    "warrants",
]
ReactionTrigger = Literal[
    "raid_nearby", "arrest", "surveillance_spotted", "leak", "inspection", "border_alert"
]
ReactionAction = Literal[
    "move_victims",
    "rotate_victims",
    "suspend_route",
    "switch_route",
    "go_quiet",
    "intimidate_witnesses",
    "replace_member",
    "displace",
]
OrderVerb = Literal[
    "surveil",
    "task_informant",
    "request_warrant",
    "raid",
    "arrest",
    "interview",
    "identify_victim",
    "refer_victim",
    "financial_investigation",
    "border_alert",
    "cross_border_request",
    "report_misconduct",
    "inspect",
    "integrity_check",
    "public_statement",
    "residence_permit",
    "assisted_return",
    "claim_compensation",
    "release",
]
EventTrigger = Literal[
    "raid",
    "arrest",
    "victim_met",
    "victim_identified",
    "victim_referred",
    "warrant_granted",
    "warrant_refused",
    "surveillance_spotted",
    "leak",
    "informant_exposed",
    "network_reaction",
    "inject",
    "order",
]


# --------------------------------------------------------------------------------- meta


class Meta(Model):
    """Who the exercise is for and what the trainees are told at the start."""

    id: Id
    """The scenario's id, used in journal file names and in reports."""
    title: str = Field(min_length=1)
    """The title shown on the briefing screen and the after-action report."""
    version: str = Field(min_length=1)
    """The version of this scenario file; a journal records it so a replay is of the same world."""
    author: str = ""
    """Who wrote the scenario (a person or a training centre)."""
    audience: list[str] = []
    """Who trains with it, e.g. 'police commanders', 'military police'."""
    learning_objectives: list[str] = []
    """What the trainees should be able to do afterwards, in plain words."""
    situation: str = Field(min_length=1)
    """The situation text of the briefing: what the cell knows at STARTEX."""
    mission: str = Field(min_length=1)
    """The mission text of the briefing: what the cell is tasked to do."""
    startex: datetime
    """Date and time of STARTEX in the exercise's own calendar, e.g. 2004-03-08T08:00."""
    duration: Duration
    """How long the exercise runs from STARTEX to ENDEX, e.g. '5d'."""
    grading_scheme: Literal["admiralty_6x6", "uk_3x5x2", "uk_5x5x5"] = "admiralty_6x6"
    """How intelligence is graded: Admiralty A–F/1–6 (default) or a UK scheme."""
    currency: str = "EUR"
    """The currency of debts, revenue and assets."""
    player_cells: IdList = ["trainee"]
    """The player cells; each sees only what is addressed to it."""


# ------------------------------------------------------------------------------- region


class Jurisdiction(Model):
    """A country or territory with its own police, courts and border."""

    id: Id
    """Referred to by locations, agencies and members."""
    name: str
    """The fictitious name shown to players."""
    kind: Literal["country", "territory", "protectorate"] = "country"
    """A sovereign country, a territory, or one under international administration."""


class Location(Model):
    """A place on the map: a town, a border crossing, a base."""

    id: Id
    """Referred to by links, venues, units and routes."""
    name: str
    """The fictitious name shown on the map."""
    kind: LocationKind
    """What sort of place it is."""
    jurisdiction: Id
    """The jurisdiction it lies in (a border crossing: the side it is administered from)."""
    at: tuple[int, int]
    """Map coordinates (column, row) on a 0–100 grid, used to draw the region map."""


class Link(Model):
    """A road (or crossing) between two locations, usable both ways."""

    between: tuple[Id, Id]
    """The two locations it joins."""
    travel: Duration
    """How long a unit takes to travel it, e.g. '45m'."""


class Region(Model):
    """The map of the exercise: jurisdictions, locations and the roads between them."""

    jurisdictions: list[Jurisdiction] = Field(min_length=1)
    """The countries or territories in play."""
    locations: list[Location] = Field(min_length=1)
    """Every place units, members and victims can be."""
    links: list[Link] = []
    """The roads; units move along the shortest path over them."""


# ------------------------------------------------------------------------------ network


class Traits(Model):
    """How a member behaves; all on a 0–1 scale."""

    vigilance: Level = 0.5
    """How quickly they notice police attention; raises the chance of spotting surveillance."""
    violence: Level = 0.3
    """How readily they use force or threats; drives intimidation and harm to victims."""
    loyalty: Level = 0.6
    """How unlikely they are to cooperate after arrest."""
    activity: Level = 0.5
    """How often they meet, phone and travel: more activity, more to observe."""


class Member(Model):
    """A person in the trafficking network (ground truth)."""

    id: Id
    """Referred to by links, venues, routes and informant access."""
    name: str
    """The person's (fictitious) name."""
    roles: list[MemberRole] = Field(min_length=1)
    """What they do for the network; one person often holds several roles."""
    aliases: list[str] = []
    """Other names they are known by; informants may report an alias."""
    home: Id
    """The location where they live and are usually found."""
    nationality: Id | None = None
    """The jurisdiction they are a national of, if it matters for the case."""
    traits: Traits = Traits()
    """How they behave."""


class Tie(Model):
    """A who-knows-whom link between two members."""

    between: tuple[Id, Id]
    """The two members."""
    kind: Literal["kin", "business", "command", "money", "phone", "friend"] = "business"
    """The nature of the tie; 'command' ties carry orders, 'money' ties carry revenue."""
    strength: Level = 0.5
    """How often they are in contact (0–1): more contact, more to intercept or observe."""


class Venue(Model):
    """A place where victims are exploited: a bar, an apartment, a building site."""

    id: Id
    """Referred to by routes, clients and informant access."""
    name: str
    """The (fictitious) name; apartments are usually named by street."""
    kind: VenueKind
    """What sort of place it is; bars and clubs are visible, apartments hidden."""
    location: Id
    """The town it is in."""
    exploitation: Exploitation
    """The form of exploitation that happens there."""
    capacity: int = Field(ge=1, le=MAX_PEOPLE)
    """How many victims it can hold."""
    manager: Id | None = None
    """The member who runs it."""
    revenue_per_victim_day: float = Field(default=100.0, ge=0, le=MAX_MONEY)
    """What the network earns per victim and day there, in the scenario's currency."""
    known_at_start: bool = False
    """Whether the player cell knows the venue at STARTEX (as a licensed bar, say)."""


class RouteLeg(Model):
    """One stretch of a trafficking route."""

    from_: Id = Field(alias="from")
    """Where the leg starts."""
    to: Id
    """Where the leg ends."""
    travel: Duration
    """How long it takes, e.g. '6h'."""
    transporter: Id | None = None
    """The member who drives or guides this leg."""


class Route(Model):
    """A way victims are moved from recruitment to exploitation."""

    id: Id
    """Referred to by victim profiles."""
    name: str
    """A descriptive name, e.g. 'eastern bus route'."""
    legs: list[RouteLeg] = Field(min_length=1)
    """The legs in order; a leg through a border crossing is where interdiction can happen."""
    destinations: IdList = Field(min_length=1)
    """The venues victims on this route are delivered to."""
    alternative: Id | None = None
    """The route the network switches to when this one is compromised."""


class Range(Model):
    """A range of numbers: a value is drawn uniformly between min and max."""

    min: float = Field(ge=0, le=MAX_MONEY)
    """The smallest value."""
    max: float = Field(ge=0, le=MAX_MONEY)
    """The largest value (at least min)."""


class AgeRange(Range):
    """A range of ages in years: an age is drawn uniformly between min and max."""

    min: float = Field(ge=0, le=100)
    """The youngest age."""
    max: float = Field(ge=0, le=100)
    """The oldest age (at least min)."""


class VictimProfile(Model):
    """Who arrives along a route, how often and under what control."""

    id: Id
    """Named in reports and objectives."""
    route: Id
    """The route they arrive on."""
    recruiter: Id | None = None
    """The member who recruits them."""
    rate_per_week: float = Field(ge=0.01, le=MAX_RATE)
    """How many arrive per week on average (arrivals are random)."""
    initial: int = Field(default=0, ge=0, le=MAX_PEOPLE)
    """How many are already at the destination venues at STARTEX."""
    age: AgeRange = AgeRange(min=16, max=28)
    """The ages drawn from."""
    minor_share: Probability = 0.3
    """The share under 18 (for those, means are not needed to establish trafficking)."""
    female_share: Probability = 0.8
    """The share who are women or girls."""
    origins: IdList = Field(min_length=1)
    """The jurisdictions they come from; drawn with equal weight."""
    exploitation: Exploitation
    """The form of exploitation they are recruited for."""
    means: list[Means] = Field(min_length=1)
    """The means used on them; each victim has one or more of these."""
    documents_withheld: Probability = 0.7
    """The chance their identity documents are held by the network (a means of coercion;
    drawn only for victims on whom a means is used)."""
    debt: Range = Range(min=1000, max=5000)
    """The debt they are told they owe, in the scenario's currency."""
    debt_bondage: Probability = 0.9
    """The chance they are held to that debt (debt bondage, a means of coercion; drawn
    only for victims on whom a means is used)."""
    restricted_movement: Probability = 0.9
    """The chance they may not move freely (a means of coercion, ILO; drawn only for
    victims on whom a means is used)."""
    minor_means_share: Probability = 0.6
    """The share of minors on whom a means is used as well; for the rest only the child
    rule (act and purpose suffice under 18) makes them victims."""
    consenting_workers_share: Probability = 0.0
    """The share of people at the venues who are not trafficked (e.g. staff, independent workers)."""
    minor_workers_share: Probability = 0.1
    """Among those people, the share under 18 (a teenager helping out, a seasonal job):
    not a victim without exploitation, a victim with it even without means."""


class Clients(Model):
    """A group of clients who visit venues; they are witnesses and sometimes offenders."""

    id: Id
    """Named by injects and objectives."""
    kind: Literal["local", "international_personnel", "contractor"]
    """Local men, personnel of the international force, or its contractors."""
    count: int = Field(ge=1, le=MAX_GROUP)
    """How many people are in the group."""
    visits_per_week: float = Field(gt=0, le=10 * MAX_RATE)
    """How many visits the whole group makes per week."""
    venues: IdList = Field(min_length=1)
    """The venues they visit."""
    force: Id | None = None
    """For international personnel: the agency (force) they belong to."""


class Reaction(Model):
    """One rule of the network's doctrine: what pressure makes it do."""

    trigger: ReactionTrigger
    """The pressure that raises the alert of the cell concerned."""
    threshold: Level = 0.5
    """The alert level (0–1) at which the reaction is considered."""
    action: ReactionAction
    """What the network does."""
    probability: Probability = 0.7
    """The chance it reacts so once the threshold is crossed."""
    delay: Duration
    """How long after the pressure it acts, e.g. '6h'."""
    lasts: Duration | None = None
    """How long the reaction lasts (going quiet, a suspended route); none = until pressure falls."""
    venue_kinds: list[VenueKind] = []
    """The kinds of venue it applies to, e.g. [bar, nightclub]: pressure on a venue of
    another kind does not trigger it, and on a member it acts only on the venues of these
    kinds they run or command. Empty = every kind."""
    destinations: IdList = []
    """Where the network takes the people it moves (move_victims, rotate_victims,
    displace): venues, or locations meaning a venue of the network there; the first with
    room is used, in this order. Empty = a place of the same form of exploitation, nearby
    first."""


class Doctrine(Model):
    """How the network senses and answers pressure."""

    alert_decay_per_day: Probability = 0.2
    """How much of a cell's alert fades each day without new pressure."""
    alert_raise: dict[ReactionTrigger, Level] = {
        "raid_nearby": 0.4,
        "arrest": 0.5,
        "surveillance_spotted": 0.3,
        "leak": 0.6,
        "inspection": 0.3,
        "border_alert": 0.2,
    }
    """How much each kind of pressure raises the alert of the cell it touches."""
    reactions: list[Reaction] = []
    """The reactions, considered in order."""
    replace_arrested_after: Duration | None = None
    """After how long an arrested member's role is taken over by another; none = never."""


class CorruptOfficial(Model):
    """A member placed inside an agency who can leak what the agency plans."""

    member: Id
    """The network member (with the role corrupt_official)."""
    agency: Id
    """The agency they sit in; orders involving its units or passing through it can leak."""
    leak_probability: Probability = 0.5
    """The chance an order they can see is leaked."""
    leak_delay: Duration = Field(default="1h", validate_default=True)
    """How long after they learn of it the network is told."""
    false_report_every: Duration | None = None
    """How often, on average, they pass the player cell of their agency a false report
    (a venue said to be empty, a suspect said to be elsewhere) to steer it away; none =
    never. Stops once they are suspended or arrested."""


class Network(Model):
    """The trafficking network: ground truth, never shown to trainees."""

    name: str
    """What EXCON calls the network."""
    members: list[Member] = Field(min_length=1)
    """Everyone in it."""
    ties: list[Tie] = []
    """Who knows whom."""
    venues: list[Venue] = []
    """Where victims are exploited."""
    routes: list[Route] = []
    """How victims are brought in."""
    victim_profiles: list[VictimProfile] = []
    """Who arrives, how often, under what control."""
    clients: list[Clients] = []
    """Who visits the venues."""
    doctrine: Doctrine = Doctrine()
    """How it reacts to pressure."""
    corrupt_officials: list[CorruptOfficial] = []
    """Its people inside the agencies."""
    known_members: IdList = []
    """Members the player cell already knows of at STARTEX (by name, from old files)."""


# ---------------------------------------------------------------------------- informants


class Access(Model):
    """What an informant can see."""

    members: IdList = []
    """Members they see or hear about."""
    venues: IdList = []
    """Venues they go to."""
    routes: IdList = []
    """Routes they know about."""


class Informant(Model):
    """A human source run by a handler unit."""

    id: Id
    """Used in orders (task_informant) and reports."""
    codename: str
    """The codename the player cell knows them by; never their identity."""
    handler: Id
    """The unit that handles them."""
    access: Access
    """What they can report on."""
    reliability: SourceGrade = "F"
    """The source grade the handler gives at STARTEX (A–F; a new source is F)."""
    accuracy: Probability = 0.7
    """Hidden: the chance a report is true."""
    report_every: Duration = Field(default="1d", validate_default=True)
    """How often they report unprompted, on average."""
    delay: Duration = Field(default="2h", validate_default=True)
    """How long after seeing something the report reaches the cell."""
    exposure_risk: Probability = 0.2
    """How much their exposure grows when police act visibly on what only they could know."""


# ------------------------------------------------------------------------------ agencies


class Shift(Model):
    """When a unit is on duty each day."""

    start: str = Field(default="00:00", pattern=r"^([01]?\d|2[0-3]):[0-5]\d$")
    """Clock time the shift starts, e.g. '06:00'."""
    hours: int = Field(default=24, ge=1, le=24)
    """How many hours it lasts; 24 = always on duty."""


class Unit(Model):
    """A team that can be given orders (player units) or answers requests (simulated ones)."""

    id: Id
    """Used in orders."""
    callsign: str
    """The callsign on the unit board, e.g. 'VIPER 1'."""
    capabilities: list[Capability] = Field(min_length=1)
    """What it can be ordered to do."""
    size: int = Field(default=4, ge=1, le=MAX_PEOPLE)
    """How many officers it has; a raid needs enough of them for the venue."""
    base: Id
    """The location it starts from and returns to."""
    shift: Shift = Shift()
    """When it is on duty."""
    skill: Level = 0.6
    """How good it is at its work (surveillance that is not spotted, interviews that build trust)."""


class Shelter(Model):
    """Places for referred victims."""

    location: Id
    """Where it is."""
    places: int = Field(ge=0, le=MAX_GROUP)
    """How many victims it can take."""


class Agency(Model):
    """An organisation in the exercise: the trainees' own, a partner, or one the SimCell plays."""

    id: Id
    """Referred to by units, informants, injects and corrupt officials."""
    name: str
    """The (fictitious) name shown to players."""
    kind: AgencyKind
    """What sort of agency it is; decides what it can do and whom it answers to."""
    jurisdictions: IdList = []
    """Where it may act; an international force's military police act over its personnel anywhere."""
    player_cell: Id | None = None
    """The player cell that commands its units; none = played by the simulation."""
    liaison: Duration = Field(default="1h", validate_default=True)
    """How long it takes to answer a request from another agency."""
    units: list[Unit] = []
    """Its units."""
    shelters: list[Shelter] = []
    """For victim support: its shelters."""
    interpreters: int = Field(default=0, ge=0, le=MAX_PEOPLE)
    """How many interpreters it can send to interviews."""


# --------------------------------------------------------------------------------- legal


class Legal(Model):
    """The legal rules the exercise enforces."""

    warrant_threshold: Probability = 0.5
    """Case strength (0–1) a prosecutor needs before a search or arrest warrant is granted."""
    warrant_processing: Duration = Field(default="4h", validate_default=True)
    """How long a warrant request takes to be decided."""
    detention_limit: Duration = Field(default="2d", validate_default=True)
    """How long a suspect may be held before charge or release."""
    reflection_period: Duration = Field(default="30d", validate_default=True)
    """The recovery and reflection period granted to an identified victim (at least 30 days)."""
    mutual_legal_assistance: Duration = Field(default="5d", validate_default=True)
    """How long a mutual legal assistance request abroad takes to be answered."""
    joint_team_setup: Duration = Field(default="3d", validate_default=True)
    """How long setting up a joint investigation team takes."""
    urgent_entry_grounds: UrgentEntryGrounds = Field(default_factory=UrgentEntryGrounds)
    """When an informant's report of danger at a place is grounds to enter without a
    warrant (a first-hand call always is): by default a source graded A–B with
    credibility 1–2, or a report corroborated by another source or the cell's own
    observation; a single F-graded or uncorroborated report never is."""
    pathway: VictimPathwayRules = Field(default_factory=VictimPathwayRules)
    """What follows referral: how long a victim takes to decide whether to give evidence,
    how willing they are, residence permits, assisted returns and their risk."""


# ------------------------------------------------------------------------------- injects


class ExpectedAction(Model):
    """What the player cell should do after an inject, and by when."""

    order: OrderVerb
    """The kind of order expected."""
    target: Id | None = None
    """The entity it should concern, if a particular one."""
    within: Duration
    """How long the cell has; past that the action is missed."""
    description: str = ""
    """The expected action in the controller's words."""


class Condition(Model):
    """What must happen for a conditional inject to fire."""

    event: EventTrigger
    """The kind of event that fires it."""
    subject: Id | None = None
    """The entity the event must concern, if a particular one."""
    after: Duration = Field(default="0m", validate_default=True)
    """How long after the event the inject fires."""


class InjectPerson(Model):
    """A person an inject brings into play (a worker who escaped and walks into a police
    station): met by the addressed cell, who can then interview, identify and refer them."""

    id: Id | None = None
    """The person's id, to name them in expected actions, objectives and orders files
    (e.g. walk_in_worker); none = a generated one like the others' (p1, p2…)."""
    role: Literal["victim", "witness"] = "victim"
    """Hidden truth: a trafficked person (act and purpose; means for an adult) or a
    witness who is not trafficked."""
    where: Id
    """The location (or venue) where the cell meets them, e.g. the town of a police station."""
    sex: Literal["female", "male"]
    """Their sex, as officers see it."""
    age: int = Field(ge=0, le=100)
    """Their age in years (under 18: a child, who needs no means to be a victim)."""
    nationality: Id
    """The jurisdiction they come from (the language they speak)."""
    exploitation: Exploitation
    """The form of exploitation they suffered (a victim) or saw (a witness)."""
    means: list[Means] = []
    """For a victim: the means used on them (an adult victim needs at least one)."""
    documents_withheld: bool = False
    """For a victim: whether the network holds their identity documents."""
    debt: float = Field(default=0, ge=0, le=MAX_MONEY)
    """For a victim: the debt they are told they owe, in the scenario's currency."""
    from_venue: Id | None = None
    """The venue of the network they come from, if any."""
    trust: Level = 0.5
    """Their trust in the police when they come forward (0–1)."""


class Inject(Model):
    """One line of the MSEL: a message or event delivered to the players."""

    id: Id
    """Referred to by contingency injects and reports."""
    at: ClockTime | None = None
    """When it fires, e.g. 'D2 09:00'; for a conditional inject, leave out and give 'when'."""
    when: Condition | None = None
    """For a conditional inject: the event that fires it."""
    contingency_for: Id | None = None
    """For a contingency inject: the inject whose expected action, if missed, releases it."""
    type: Literal["information", "event", "media", "request"] = "information"
    """The kind of inject (HSEEP)."""
    channel: Literal["phone", "email", "radio", "handout", "media", "in_person", "fax"] = "phone"
    """How it is delivered."""
    from_: str = Field(alias="from")
    """Who it comes from (an agency id or a role the SimCell plays, e.g. 'journalist')."""
    to: Id = "trainee"
    """The player cell it is addressed to."""
    text: str = Field(min_length=1)
    """What the players read."""
    expected_action: ExpectedAction | None = None
    """What the players should do about it (never shown to them)."""
    objective: Id | None = None
    """The objective this inject tests."""
    mentions: IdList = []
    """Entities the inject names, which the player cell then knows of (a named venue with its
    town, a named member with the home the files give)."""
    danger_at: IdList = []
    """Venues where this message reports a person in imminent danger; a raid there without a
    warrant is lawful while the report is fresh (24 h)."""
    person: InjectPerson | None = None
    """A person the inject brings into play: the cell meets them at 'where' when it fires."""


# ---------------------------------------------------------------------------- objectives


# The objective models live in their own module (critical tasks and their measures).


# ------------------------------------------------------------------------------ scenario


class Scenario(Model):
    """A complete exercise: everything cpx needs to run it."""

    meta: Meta
    """Title, briefing, STARTEX, duration."""
    region: Region
    """The map."""
    network: Network
    """The adversary (ground truth)."""
    informants: list[Informant] = []
    """Human sources."""
    agencies: list[Agency] = Field(min_length=1)
    """Every organisation in play, with its units."""
    legal: Legal = Legal()
    """Warrants, detention, reflection period, cross-border delays."""
    military_police: MilitaryPolice = MilitaryPolice()
    """How the international force's military police handle a report of misconduct."""
    internal_affairs: InternalAffairs = InternalAffairs()
    """How integrity checks on officials run."""
    public_information: PublicInformation = PublicInformation()
    """What the network and the victims make of police statements to the media."""
    injects: list[Inject] = []
    """The MSEL."""
    library: list[Inject] = []
    """Ready-made injects EXCON may fire on call during play (``cpx excon``): no 'at', 'when'
    or 'contingency_for' — each fires only when EXCON fires it (e.g. a contingency for play
    that goes off script). Never shown to the players until fired."""
    objectives: list[Objective] = []
    """What the exercise is rated against."""
    cells: list[Cell] = []
    """The player cells, each with what it commands, its briefing, objectives and the
    policy that plays it when nobody sits at it. Without it: one cell per
    meta.player_cells, commanding the agencies that name it as their player_cell."""

    @model_validator(mode="after")
    def _cells(self) -> "Scenario":
        _derive_cells(self)
        return self
