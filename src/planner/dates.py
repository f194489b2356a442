"""Dates as people type them: YYYY-MM-DD, and what is wrong when one is not a date."""

from __future__ import annotations

import calendar
import datetime as dt
import re


def iso_date(text: str) -> str:
    """The date in `text` as YYYY-MM-DD; ValueError saying what is wrong otherwise: the
    form, or the day when the form is right but the calendar has no such day."""
    clean = text.strip()
    try:
        return dt.date.fromisoformat(clean).isoformat()
    except ValueError:
        pass
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", clean)
    if m is None:
        raise ValueError(f"{text!r} is not a date; write it YYYY-MM-DD, e.g. 2027-03-22") from None
    year, month, day = int(m[1]), int(m[2]), int(m[3])
    if not 1 <= month <= 12:
        raise ValueError(f"{text!r}: no month {month} (YYYY-MM-DD, months 01 to 12)") from None
    days = calendar.monthrange(year, month)[1]
    raise ValueError(
        f"{text!r}: {calendar.month_name[month]} {year} has {days} days, so there is no day {day}"
    ) from None
