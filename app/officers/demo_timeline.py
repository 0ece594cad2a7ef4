"""The demo consultation's timeline, from the Milton Keynes report on developing the 2022 strategy (strategic
assessment in the summer, consultation October to January, sign-off in February, adoption in March). Dates are
placed around the demo's own opening and closing dates so "what happens next" reads right whenever it is seeded."""

from __future__ import annotations

from datetime import timedelta

from app.models import Consultation
from app.officers.milestones import add_milestone

# (days from opening or closing, anchor, label, description)
STEPS = [
    (-90, "open", "MK Together Management Board discusses early findings of the strategic assessment", ""),
    (-60, "open", "Risk Board signs off the strategic assessment",
     "The annual strategic assessment looks at existing priorities, emerging ones, violence against women and "
     "girls, modern slavery and the impact of the pandemic on crime and disorder."),
    (-30, "open", "Strategic assessment presented to Safer MK", ""),
    (-14, "open", "Risk Board agrees priorities informed by the strategic assessment", ""),
    (0, "close", "Consultation on the draft strategy closes",
     "Residents, partner organisations and young people, through their schools, tell us what they think."),
    (30, "close", "Risk Board signs off the final draft", "What people told us shapes the final draft."),
    (37, "close", "MK Together Management Board agrees the final draft", ""),
    (60, "close", "Safer MK adopts the Community Safety Strategy", ""),
]


def add_demo_timeline(consultation: Consultation) -> None:
    if consultation.milestones:
        return
    for days, anchor, label, description in STEPS:
        base = consultation.open_at_utc if anchor == "open" else consultation.close_at_utc
        add_milestone(None, consultation, due_on=(base + timedelta(days=days)).date(), label=label,
                      description=description)
