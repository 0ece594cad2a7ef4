"""The demo consultation's calendar and timeline, from the Milton Keynes report on developing its strategy (strategic
assessment in the summer, consultation through the winter, sign-off a month after it closes, adoption a month later).

Everything is placed relative to the day the demo is seeded, so the consultation is open, closes at 23:59 eight weeks
later, and the strategy is named for the year it is adopted in; the introduction's months come from the same steps,
so the page never contradicts its own timeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from app.models import Consultation
from app.officers.dates import LONDON, london_to_utc
from app.officers.milestones import add_milestone

OPENS_AT, CLOSES_AT = time(9, 0), time(23, 59)
OPEN_FOR = timedelta(weeks=8)
SIGN_OFF_DAYS, ADOPTION_DAYS = 30, 60
# (days from opening or closing, anchor, label, description)
STEPS = [
    (-90, "open", "MK Together Management Board discusses early findings of the strategic assessment", ""),
    (
        -60,
        "open",
        "Risk Board signs off the strategic assessment",
        "The annual strategic assessment looks at existing priorities, emerging ones, violence against women and "
        "girls, modern slavery and the impact of the pandemic on crime and disorder.",
    ),
    (-30, "open", "Strategic assessment presented to Safer MK", ""),
    (-14, "open", "Risk Board agrees priorities informed by the strategic assessment", ""),
    (
        0,
        "close",
        "Consultation on the draft strategy closes",
        "Residents, partner organisations and young people, through their schools, tell us what they think.",
    ),
    (SIGN_OFF_DAYS, "close", "Risk Board signs off the final draft", "What people told us shapes the final draft."),
    (SIGN_OFF_DAYS + 7, "close", "MK Together Management Board agrees the final draft", ""),
    (ADOPTION_DAYS, "close", "Safer MK adopts the Community Safety Strategy", ""),
]


@dataclass(frozen=True)
class DemoCalendar:
    """The demo's dates in London: it opened yesterday at 09:00 and closes at 23:59 on ``closes_on``."""

    opens_on: date
    closes_on: date

    @classmethod
    def from_now(cls, now: datetime) -> DemoCalendar:
        today = now.astimezone(LONDON).date()
        return cls(today - timedelta(days=1), today + OPEN_FOR)

    @classmethod
    def of(cls, consultation: Consultation) -> DemoCalendar:
        return cls(
            consultation.open_at_utc.astimezone(LONDON).date(), consultation.close_at_utc.astimezone(LONDON).date()
        )

    @property
    def open_at_utc(self) -> datetime:
        return london_to_utc(self.opens_on, OPENS_AT)

    @property
    def close_at_utc(self) -> datetime:
        return london_to_utc(self.closes_on, CLOSES_AT)

    @property
    def signed_off_on(self) -> date:
        return self.closes_on + timedelta(days=SIGN_OFF_DAYS)

    @property
    def adopted_on(self) -> date:
        return self.closes_on + timedelta(days=ADOPTION_DAYS)

    @property
    def strategy_year(self) -> int:
        return self.adopted_on.year

    def step_day(self, days: int, anchor: str) -> date:
        return (self.opens_on if anchor == "open" else self.closes_on) + timedelta(days=days)


def add_demo_timeline(consultation: Consultation) -> None:
    if consultation.milestones:
        return
    calendar = DemoCalendar.of(consultation)
    for days, anchor, label, description in STEPS:
        add_milestone(None, consultation, due_on=calendar.step_day(days, anchor), label=label, description=description)
