"""The session pack: a 90-minute plan and every card for two to four scenarios, on paper.

The trainer's choice travels in the address (``/training/pack?scenario=a&
scenario=b``): scenario names are not answers, so a pack can be bookmarked
and shared, and nothing is stored. :func:`read_choice` checks that choice;
:func:`session_plan` and :func:`rotation` lay out the session. All three are
pure.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from werkzeug.datastructures import MultiDict

#: How many scenarios one 90-minute session holds.
FEWEST, MOST = 2, 4
SESSION_MINUTES = 90
#: The address's field names.
SCENARIO_FIELD = "scenario"
SIZE_FIELD = "size"
#: Asks for the chooser, with the address's scenarios already checked.
EDIT_FIELD = "edit"
LARGE = "large"

#: Sets of three that work well together, for the guide and the chooser:
#: (id, scenario slugs). The guide words each set; a test checks the slugs.
SUGGESTED_SETS = (
    ("first-session", ("sales-crew", "roofing-job", "motel-room")),
    ("young-people", ("youth-drop-in", "family-restaurant", "truck-stop-boyfriend")),
    ("farms-and-building", ("strawberry-crew", "farm-hand", "hardware-store-lot")),
    ("behind-closed-doors", ("live-in-housekeeper", "massage-spa", "night-shift-aide")),
)


@dataclass(frozen=True)
class Choice:
    """What the address asked for: the scenarios in order, large print, and any problem.

    ``problem`` is ``None`` for a pack that can be made, ``"none"`` when the
    address chose nothing or asks to change the choice (show the chooser),
    else ``"unknown"``,
    ``"too-few"`` or ``"too-many"`` (show the chooser again, saying why).
    """

    slugs: tuple[str, ...]
    large: bool
    problem: str | None


def read_choice(args: MultiDict, known: Collection[str]) -> Choice:
    """Check the scenarios an address names: two to four known ones, each once.

    A name given twice counts once. Unknown names are dropped from the
    choice (so the chooser shows only what it can) and reported.
    """
    large = args.get(SIZE_FIELD) == LARGE
    asked = list(dict.fromkeys(args.getlist(SCENARIO_FIELD)))
    slugs = tuple(slug for slug in asked if slug in known)
    if SCENARIO_FIELD not in args or EDIT_FIELD in args:
        problem = "none"
    elif len(slugs) < len(asked):
        problem = "unknown"
    elif len(slugs) < FEWEST:
        problem = "too-few"
    elif len(slugs) > MOST:
        problem = "too-many"
    else:
        problem = None
    return Choice(slugs, large, problem)


@dataclass(frozen=True)
class Slot:
    """One part of the session: when it starts (minutes in), how long, and what.

    ``what`` is ``welcome``, ``round``, ``room-debrief`` or ``close``; a
    round has its scenario's place in the pack (from 0) and its three parts.
    """

    start: int
    minutes: int
    what: str
    scenario: int | None = None
    parts: tuple[int, int, int] = (0, 0, 0)  # reading the cards, the role-play, the group's debrief


def session_plan(count: int) -> tuple[Slot, ...]:
    """A 90-minute session for ``count`` scenarios: rounds of about 25 minutes.

    Two scenarios leave time to compare the groups together; four make the
    rounds shorter.
    """
    if not FEWEST <= count <= MOST:
        raise ValueError(f"a session holds {FEWEST} to {MOST} scenarios, not {count}")
    welcome, round_parts, room, close = {
        2: (10, (5, 10, 10), 20, 10),
        3: (10, (5, 10, 10), 0, 5),
        4: (8, (3, 8, 7), 0, 10),
    }[count]
    slots = [Slot(0, welcome, "welcome")]
    for number in range(count):
        slots.append(Slot(_end(slots), sum(round_parts), "round", number, round_parts))
    if room:
        slots.append(Slot(_end(slots), room, "room-debrief"))
    slots.append(Slot(_end(slots), close, "close"))
    assert _end(slots) == SESSION_MINUTES
    return tuple(slots)


def _end(slots: Sequence[Slot]) -> int:
    return slots[-1].start + slots[-1].minutes


#: The three trainees of a group, as the plan names them.
TRAINEES = ("A", "B", "C")


def rotation(count: int) -> tuple[tuple[str, str, str], ...]:
    """Who plays what in each round: (worker, person, third part), by trainee letter.

    The parts rotate, so over three rounds everyone plays each once. The
    third part is the companion where the scenario has one, else the
    observer (the pack says which).
    """
    return tuple(
        tuple(TRAINEES[(number + offset) % len(TRAINEES)] for offset in range(3))
        for number in range(count)
    )
