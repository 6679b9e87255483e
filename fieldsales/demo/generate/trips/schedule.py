"""Who goes where, when: each salesperson's share of the trips, one in each slot of the
window (three years ago to a month ahead), to one to four of their own customers, no two
live trips of one person on a day; now and then a colleague along."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from fieldsales.demo.generate import YEARS
from fieldsales.demo.generate.trips.plans import Person, TripPlan, World, days_between
from fieldsales.policy import DEFAULT_POLICY
from fieldsales.policy.places import same_province
from fieldsales.trips.models import Purpose, Vehicle

AHEAD = 30  # trips are planned up to a month ahead


def schedule(world: World, people: dict[int, Person]) -> list[TripPlan]:
    """Each salesperson's share of the trips, one in each slot of the window, none overlapping."""
    ctx, rng = world.ctx, world.rng
    start = ctx.today - timedelta(days=365 * YEARS - 1)
    end = ctx.today + timedelta(days=AHEAD)
    travellers = list(people.values())
    wanted = ctx.count("trips")
    listed: dict[int, int] = defaultdict(int)  # customer id -> trips listing it so far
    limit = DEFAULT_POLICY.max_trips_per_customer
    everyone = sorted(world.customers)
    plans: list[TripPlan] = []
    for index, person in enumerate(travellers):
        share = wanted // len(travellers) + (1 if index < wanted % len(travellers) else 0)
        own = world.by_owner.get(person.user.pk) or everyone
        by_province: dict[str, list[int]] = defaultdict(list)
        for pk in own:
            by_province[world.customers[pk][2]].append(pk)
        slot = ((end - start).days + 1) / max(share, 1)
        for k in range(share):
            first = _pick_customer(rng, own, listed, limit)
            out = not same_province(world.customers[first][3], DEFAULT_POLICY.home_province)
            length = _length(rng, out)
            lo = start + timedelta(days=int(k * slot))
            hi = start + timedelta(days=int((k + 1) * slot) - 1)
            depart = _place(rng, person.days, length, lo, hi, start, end)
            if depart is None:
                raise RuntimeError(f"no free days left for {person.user.username}'s trips")
            ret = depart + timedelta(days=length - 1)
            person.days.update(days_between(depart, ret))
            customers = [first]
            for _ in range(rng.choice((0, 0, 0, 1, 1, 2, 3))):
                extra = _pick_customer(rng, by_province[world.customers[first][2]], listed, limit)
                if extra not in customers:
                    customers.append(extra)
            for pk in customers:
                listed[pk] += 1
            customers.sort(key=lambda pk: world.customers[pk][1])
            vehicle = ""
            if not out and rng.random() < 0.2:
                vehicle = rng.choice((Vehicle.COMPANY, Vehicle.OWN))
            elif out and rng.random() < 0.04:
                vehicle = Vehicle.HOST
            plans.append(
                TripPlan(
                    traveller=person,
                    depart=depart,
                    ret=ret,
                    purpose=Purpose.NEW_MARKET if rng.random() < 0.1 else Purpose.CUSTOMER_VISIT,
                    customers=customers,
                    vehicle=vehicle,
                    flight=out and not vehicle and rng.random() < 0.12,
                )
            )
    _add_companions(world, plans, travellers)
    return plans


def _pick_customer(rng: Any, pool: list[int], listed: dict[int, int], limit: int) -> int:
    """A customer not yet at P6.1's limit when one comes up within a few draws."""
    pick = pool[rng.randrange(len(pool))]
    for _ in range(12):
        if listed[pick] < limit:
            return pick
        pick = pool[rng.randrange(len(pool))]
    return pick


def _length(rng: Any, out: bool) -> int:
    if not out:
        return int(rng.choices((1, 2, 3, 4), weights=(50, 32, 14, 4))[0])
    return int(rng.choices((2, 3, 4, 5, 7, 8), weights=(25, 35, 20, 12, 5, 3))[0])


def _place(
    rng: Any, busy: set[date], length: int, lo: date, hi: date, start: date, end: date
) -> date | None:
    """A departure in lo..hi (else the first anywhere in the window) with its days free and a
    free day either side."""

    def free(day: date) -> bool:
        return all(day + timedelta(days=i) not in busy for i in range(-1, length + 1))

    span = max(0, (hi - lo).days - length + 1)
    for _ in range(8):
        day = lo + timedelta(days=rng.randint(0, span))
        if free(day):
            return day
    day = start
    while day + timedelta(days=length - 1) <= end:
        if free(day):
            return day
        day += timedelta(days=1)
    return None


def _add_companions(world: World, plans: list[TripPlan], travellers: list[Person]) -> None:
    """A colleague of the same department along on about one trip in eight, when free."""
    rng = world.rng
    by_department: dict[int | None, list[Person]] = defaultdict(list)
    for person in travellers:
        by_department[person.department_id].append(person)
    for plan in plans:
        if rng.random() >= 0.12:
            continue
        mates = [p for p in by_department[plan.traveller.department_id] if p is not plan.traveller]
        if not mates:
            continue
        mate = mates[rng.randrange(len(mates))]
        days = days_between(plan.depart, plan.ret)
        if any(d in mate.days for d in days):
            continue
        mate.days.update(days)
        plan.companions.append((mate, rng.random() < 0.2))
