"""The demo's strategy priorities: the seven the draft strategy proposes, each rated by its row of the surveys'
"should this be a priority" question, with the codebook themes that bear on each linked, so the demo report and
results page show priority -> what people said from the start. Officers add the "You said, we did" actions."""

from __future__ import annotations

from app.models import Consultation
from app.reports import traceability

THEMES = {
    "serious_violence": ("knife_crime_violence",),
    "drugs_exploitation": ("drugs", "county_lines_exploitation"),
    "domestic_abuse": ("domestic_abuse",),
    "anti_social_behaviour": ("anti_social_behaviour",),
    "vawg": ("vawg",),
    "modern_slavery": ("modern_slavery",),
    "pandemic_recovery": ("pandemic_impact",),
}


def seed_priorities(consultation: Consultation) -> list[str]:
    if traceability.list_priorities(consultation):
        return []
    rows = {row.key: row.label for row in traceability.rating_rows(consultation)}
    for key, themes in THEMES.items():
        if key not in rows:
            continue
        priority = traceability.save_priority(None, consultation, None, label=rows[key], rating_key=key)
        for theme in themes:
            if theme not in traceability.theme_links(consultation):
                traceability.link_theme(None, consultation, theme, priority_id=priority.id, action_id=None)
    return [f"Linked the demo's {len(THEMES)} strategy priorities to their survey rows and themes."]
