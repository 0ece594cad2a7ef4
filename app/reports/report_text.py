"""Words and table rows the Word report and the printable page both print, written once so the two always agree."""

from __future__ import annotations

from app.common.filters import london_date
from app.reports.dashboard import Count, QuestionResult
from app.reports.report_data import MIN_BASE, Report
from app.reports.representativeness import OVER_REPRESENTED, UNDER_REPRESENTED

CONTENTS = (
    "Executive summary",
    "Who responded",
    "Strategy priorities",
    "What people said: themes",
    "Differences between groups",
    "Methodology and limits",
    "Appendix: question by question",
)


def _rows(counts: tuple[Count, ...]) -> list[list[object]]:
    return [[c.label, c.shown, c.percent] for c in counts]


def who_responded_rows(report: Report) -> list[tuple[str, list[list[object]]]]:
    """(first column heading, rows) for each breakdown with something in it."""
    dashboard = report.dashboard
    tables = [
        ("Audience", _rows(dashboard.by_audience)),
        ("Channel", _rows(dashboard.by_channel)),
        ("Ward", _rows(tuple(c for c in dashboard.by_ward if not c.suppressed))),
    ]
    return [(heading, rows) for heading, rows in tables if rows]


def hidden_wards(report: Report) -> str:
    """The sentence under the ward table saying how many wards are left out, or nothing."""
    hidden = sum(1 for c in report.dashboard.by_ward if c.suppressed)
    if not hidden:
        return ""
    return (
        f"{hidden} {'ward is' if hidden == 1 else 'wards are'} not listed: fewer than {MIN_BASE} responses "
        "each, or a number from which one could be worked out."
    )


def question_rows(result: QuestionResult) -> tuple[list[str], list[list[object]]]:
    if result.rows:
        return (
            ["Row", *result.columns],
            [
                [line.label, *(c.shown if c.suppressed else f"{c.count} ({c.percent})" for c in line.cells)]
                for line in result.rows
            ],
        )
    headings = ["Answer", "Count", "Share"] + (["Last time"] if result.previous else [])
    return headings, [
        [o.label, o.shown, o.percent] + ([result.previous_share(o.key)] if result.previous else [])
        for o in result.options
    ]


def methodology(report: Report) -> list[str]:
    consultation, dashboard = report.consultation, report.dashboard
    channels = ", ".join(f"{c.shown} {c.label.lower()}" for c in dashboard.by_channel if c.count) or "none yet"
    lines = [
        f"Sample. The consultation was open from {london_date(consultation.open_at_utc)} to "
        f"{london_date(consultation.close_at_utc)}. {dashboard.total} responses were sent ({channels}). People "
        "chose to take part, so the results describe those who responded, not everyone in the area; they are "
        "not weighted.",
        "How themes were coded. Each free-text answer was coded against the partnership's codebook of themes, "
        "using the words and phrases that define each theme, and given a sentiment (negative, neutral or positive) "
        "by a word list built for community safety. Officers reviewed and recoded answers in the app; an answer "
        f"can have more than one theme. {dashboard.coded_answers} answers were coded.",
    ]
    agreement = report.agreement
    if agreement is not None and agreement.themes_samples_f1 is not None:
        lines.append(
            f"Agreement with officers. On {agreement.n_holdout} officer-coded answers held back from training, the "
            f"automatic coding agreed with officers at F1 {agreement.themes_samples_f1:.2f} for themes and "
            f"{(agreement.sentiment_macro_f1 or 0):.2f} for sentiment (1 is full agreement)."
        )
    else:
        lines.append(
            "Agreement with officers. Not yet measured: officers have not coded enough answers for the "
            "app to check its coding against theirs, so treat theme counts as indicative."
        )
    lines.append(
        f"Limits. Figures for fewer than {MIN_BASE} people are not shown, and charts are drawn only where at least "
        f"{MIN_BASE} people answered. Pupils' results come only from class sessions that have closed, and their "
        "comments are read by a safeguarding reviewer first; answers held back are not reported. Quotes have "
        "personal details such as names, phone numbers and addresses removed."
    )
    return lines


def representativeness_note(report: Report) -> str:
    source = report.profile.source if report.profile else ""
    return (
        f"Compared with the population profile from {source}. A group is under-represented when its share of "
        f"respondents is less than {UNDER_REPRESENTED:.0%} of its share of the population, and over-represented "
        f"when it is more than {OVER_REPRESENTED:.0%}. Counts under {MIN_BASE}, and any from which one could be "
        "worked out, are not shown."
    )


def sections_of(report: Report) -> list[str]:
    """The level-1 headings the report will have, in order: the contents list and the printable page use it."""
    present = {
        "Executive summary": True,
        "Who responded": True,
        "Strategy priorities": bool(report.priorities or report.other_actions),
        "What people said: themes": bool(report.themes),
        "Differences between groups": bool(report.audience_shares or report.areas),
        "Methodology and limits": True,
        "Appendix: question by question": bool(report.appendix),
    }
    return [heading for heading in CONTENTS if present[heading]]
