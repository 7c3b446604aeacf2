"""Statement dates ("on September 9", "in late August", "last month") resolved
against the publication date.  Pure functions over text; no parser needed.

Precision follows the text: a day gives "YYYY-MM-DD", a month "YYYY-MM", a year
"YYYY".  Without a publication date only expressions that carry their own year
resolve.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .lexicon import WORD_NUMBERS

MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}

_MONTH = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_DAY_FIRST = re.compile(rf"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+{_MONTH}(?:,?\s+(?P<year>(?:19|20)\d\d))?\b")
_MONTH_DAY = re.compile(rf"\b{_MONTH}\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>(?:19|20)\d\d))?")
_MONTH_ONLY = re.compile(
    rf"\b(?i:in|during|since|by|until|early|mid|late|end of|beginning of)[\s-]+(?i:(?:early|mid|late)[\s-]+)?{_MONTH}(?:\s+(?P<year>(?:19|20)\d\d))?\b",
)
_RELATIVE = re.compile(
    r"\b(?P<phrase>yesterday|today|tonight|this morning|this week|last week|this month|last month|"
    r"last year|this year|(?:on|last)\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|"
    rf"(?:\d{{1,2}}|a|{'|'.join(WORD_NUMBERS)})\s+(?:days?|weeks?|months?|years?)\s+ago)\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\bin\s+(?P<year>(?:19|20)\d\d)\b")


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    value: str


def _shift_month(day: dt.date, months: int) -> tuple[int, int]:
    index = day.year * 12 + (day.month - 1) + months
    return index // 12, index % 12 + 1


def _year_for(month: int, published: dt.date | None) -> int | None:
    """News reports the past: a month later than the publication month is last year's."""
    if published is None:
        return None
    return published.year if month <= published.month else published.year - 1


def _absolute(match: re.Match[str], published: dt.date | None, with_day: bool) -> str | None:
    month = MONTHS[match.group("month").lower().rstrip(".")]
    year_text = match.group("year")
    year = int(year_text) if year_text else _year_for(month, published)
    if year is None:
        return None
    if not with_day:
        return f"{year:04d}-{month:02d}"
    day = int(match.group("day"))
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _count(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return 1 if word == "a" else WORD_NUMBERS.get(word)


def _week(published: dt.date, weeks_back: int) -> str | None:
    """A week (Monday to Sunday) ``weeks_back`` weeks before the publication's:
    its month when it lies in one month, else its year (nothing across New Year)."""
    monday = published - dt.timedelta(days=published.weekday() + 7 * weeks_back)
    sunday = monday + dt.timedelta(days=6)
    if (monday.year, monday.month) == (sunday.year, sunday.month):
        return f"{monday.year:04d}-{monday.month:02d}"
    return str(monday.year) if monday.year == sunday.year else None


def _relative(phrase: str, published: dt.date) -> str | None:
    words = phrase.lower().split()
    if words[0] in {"yesterday"}:
        return (published - dt.timedelta(days=1)).isoformat()
    if words[0] in {"today", "tonight"} or phrase.lower() == "this morning":
        return published.isoformat()
    if words[-1] == "month":
        year, month = _shift_month(published, -1 if words[0] == "last" else 0)
        return f"{year:04d}-{month:02d}"
    if words[-1] == "year":
        return str(published.year - 1 if words[0] == "last" else published.year)
    if words[-1] == "week":
        return _week(published, 1 if words[0] == "last" else 0)
    if words[-1] == "ago":
        count = _count(words[0])
        if count is None:
            return None
        if words[1].startswith("day"):
            return (published - dt.timedelta(days=count)).isoformat()
        if words[1].startswith("week"):
            return _week(published, count)
        if words[1].startswith("month"):
            year, month = _shift_month(published, -count)
            return f"{year:04d}-{month:02d}"
        return str(published.year - count)
    weekday = WEEKDAYS[words[-1]]
    back = (published.weekday() - weekday) % 7
    if words[0] == "last" and back == 0:
        back = 7
    return (published - dt.timedelta(days=back)).isoformat()


def find_dates(text: str, published: dt.date | None, offset: int = 0) -> list[DateMention]:
    """Every resolvable date expression in ``text``, in text order; offsets are
    shifted by ``offset``."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, value: str | None) -> None:
        if value is None or any(s < end and start < e for s, e in taken):
            return
        taken.append((start, end))
        found.append(DateMention(start + offset, end + offset, value))

    for pattern in (_MONTH_DAY, _DAY_FIRST):
        for match in pattern.finditer(text):
            add(match.start(), match.end(), _absolute(match, published, with_day=True))
    for match in _MONTH_ONLY.finditer(text):
        add(match.start(), match.end(), _absolute(match, published, with_day=False))
    if published is not None:
        for match in _RELATIVE.finditer(text):
            add(match.start(), match.end(), _relative(match.group("phrase"), published))
    for match in _YEAR.finditer(text):
        add(match.start(), match.end(), match.group("year"))
    found.sort(key=lambda mention: mention.start)
    return found
