"""Planning new capacity: where would a new centre (or more seats) help most?

:func:`maximal_covering` chooses ``p_new`` new sites that, together with the existing
sites kept open, cover the most returnees within a reach (maximal covering location
problem, Church & ReVelle 1974), solved exactly with PuLP's bundled CBC solver, offline.
With ``capacity`` each site (existing and new) serves at most its seats and returnees
are assigned to sites in reach (a capacitated variant); the result says who stays unserved
and where. :func:`plan_capacity` answers the planner's question on a :class:`Dataset`:
demand per municipality for one kind of opportunity (for certification, only returnees
whose experience a standard certifies), existing sites from the opportunities, candidates
at every municipal seat. :func:`coverage_curve` shows what each extra site adds, and
:func:`plan_seats` answers the other question: how many more seats in
which existing centre. Sites that would cover nobody are never proposed.

Who counts as demand for each kind (:func:`planning_demand`)
    certification: returnees with an occupation some standard certifies (or the chosen
    standard) and no certification in it; training: interest in training, or no
    recognised occupation; vacancy: interest in employment (or unknown);
    entrepreneurship: interest in entrepreneurship; service: needs psychosocial care or
    has no ID document.
"""


from oportumap.planning.capacity import CapacityPlan, plan_capacity, planning_demand
from oportumap.planning.seats import SeatPlan, plan_seats, seat_expansion
from oportumap.planning.solver import (
    STATUS_OPTIMAL,
    STATUS_TIME_LIMIT,
    CoveringResult,
    coverage_curve,
    maximal_covering,
    status_text,
)

__all__ = ["STATUS_OPTIMAL", "STATUS_TIME_LIMIT", "CapacityPlan", "CoveringResult",
           "coverage_curve", "maximal_covering", "plan_capacity", "plan_seats",
           "planning_demand", "SeatPlan", "seat_expansion", "status_text"]
