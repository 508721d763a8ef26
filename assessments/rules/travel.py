"""Travel days 出差天数 in half days, by the company's travel rule (差旅费管理,
seed 004 3.1–3.3): "出差天数以中午12:00为界限，以车、船票的时间为标准。
出发时间≤12:00的，出差天数为1天，反之为半天。到达时间>12:00的，出差天数为1天，
反之为半天。" Days between the departure day and the arrival day count whole.

Plain functions over plain values: a trip is its departure and arrival
times as on the tickets (naive local datetimes, or aware ones in the
project's time zone). Production-reserve pay reads the month's total,
which never exceeds the month's working days (:mod:`.pay`)."""
from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

NOON = datetime.time(12, 0)
ONE, HALF = Decimal(1), Decimal("0.5")


@dataclasses.dataclass(frozen=True)
class Trip:
    departure: datetime.datetime
    arrival: datetime.datetime


def _day_parts(trip):
    """{date: days} for one trip: the departure day, the days between, the arrival day."""
    if trip.arrival < trip.departure:
        raise ValueError(_("到达时间不能早于出发时间。"))
    start, end = trip.departure.date(), trip.arrival.date()
    departure_part = ONE if trip.departure.time() <= NOON else HALF
    arrival_part = ONE if trip.arrival.time() > NOON else HALF
    if start == end:
        # Out and back within one day: the day counts once, by the better of the two rules.
        return {start: max(departure_part, arrival_part)}
    parts = {start: departure_part, end: arrival_part}
    day = start + datetime.timedelta(days=1)
    while day < end:
        parts[day] = ONE
        day += datetime.timedelta(days=1)
    return parts


def trip_days(trip):
    """The travel days one trip counts (a multiple of ½)."""
    return sum(_day_parts(trip).values(), Decimal(0))


def travel_days_in_month(trips, year, month):
    """The travel days ``trips`` count in one calendar month (days of a trip
    that fall in another month count there), a multiple of ½."""
    total = Decimal(0)
    for trip in trips:
        for day, part in _day_parts(trip).items():
            if (day.year, day.month) == (year, month):
                total += part
    return total
