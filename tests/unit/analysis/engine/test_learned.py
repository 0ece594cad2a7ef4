from app.analysis.engine import Codebook, CodedAnswer, Theme, measure_agreement, train_coder

TEMPLATES = {
    ("waiting",): [
        "waited {n} hours for the ambulance",
        "the wait was far too long, {n} hours",
        "took {n} hours to arrive",
    ],
    ("staff",): ["the crew were kind and caring", "lovely staff, very kind to my mum", "the paramedic was caring"],
    ("waiting", "staff"): ["waited {n} hours but the crew were kind", "long wait of {n} hours, caring staff though"],
}
SENTIMENT = {("waiting",): "negative", ("staff",): "positive", ("waiting", "staff"): "neutral"}


def coded_fixture(repeats: int = 12) -> list[CodedAnswer]:
    answers = []
    for round_number in range(repeats):
        for themes, templates in TEMPLATES.items():
            for template in templates:
                text = template.format(n=round_number + 2)
                answers.append(CodedAnswer(text, themes, SENTIMENT[themes]))
    return answers


def test_coder_learns_themes_outside_the_codebook() -> None:
    coder = train_coder(coded_fixture(), codebook=None)
    suggestions = coder.suggest(["waited 9 hours for them", "so kind and caring to my dad"])
    assert suggestions[0].theme_ids == ("waiting",)
    assert suggestions[1].theme_ids == ("staff",)
    assert suggestions[0].sentiment == "negative"
    assert suggestions[1].sentiment == "positive"
    assert 0 < suggestions[1].sentiment_confidence <= 1


def test_rare_codebook_theme_falls_back_to_keywords() -> None:
    codebook = Codebook(themes=(Theme("parking", "Parking", phrases=("parking", "parked")),))
    coded = [*coded_fixture(), CodedAnswer("parking outside is awful", ("parking",), "negative")]
    coder = train_coder(coded, codebook)
    assert "parking" in coder.suggest(["cars parked on the verge"])[0].theme_ids


def test_agreement_is_reported_on_held_back_answers() -> None:
    report = measure_agreement(coded_fixture(), None, holdout_fraction=0.25, seed=1)
    assert report.n_holdout == 24 and report.n_train == 72
    assert report.sentiment_macro_f1 is not None and report.sentiment_macro_f1 > 0.8
    assert report.themes_samples_f1 is not None and report.themes_samples_f1 > 0.8


def test_training_is_deterministic() -> None:
    texts = ["a long wait but kind crew", "they were caring", "hours and hours"]
    first = train_coder(coded_fixture(), None, seed=3).suggest(texts)
    second = train_coder(coded_fixture(), None, seed=3).suggest(texts)
    assert first == second


def test_coder_without_theme_coding_suggests_sentiment_only() -> None:
    coded = [CodedAnswer(a.text, (), a.sentiment) for a in coded_fixture()]
    suggestion = train_coder(coded).suggest(["waited 5 hours"])[0]
    assert suggestion.theme_ids == () and suggestion.sentiment == "negative"


def test_codebook_themes_no_officer_used_are_found_by_phrases_only_when_asked() -> None:
    codebook = Codebook(
        themes=(
            Theme("parking", "Parking", phrases=("parking", "parked")),
            Theme("old", "Old theme", phrases=("parked",), retired=True),
        )
    )
    coder = train_coder(coded_fixture(), codebook)
    assert "parking" not in coder.theme_ids
    text = ["waited 9 hours and cars parked on the verge"]
    assert "parking" not in coder.suggest(text)[0].theme_ids
    suggested = coder.suggest(text, unlearned_keywords=True)[0].theme_ids
    assert suggested[0] == "waiting" and "parking" in suggested and "old" not in suggested


def test_agreement_also_reports_the_codebook_on_the_same_held_back_answers() -> None:
    # Officers coded "waiting" exactly where the phrase "hours" appears, so the codebook alone agrees perfectly on
    # themes; the learned coder cannot do better there, so it would not be used for themes.
    codebook = Codebook(
        themes=(
            Theme("waiting", "Waiting", phrases=("hours",)),
            Theme("staff", "Staff", phrases=("kind", "caring")),
        )
    )
    report = measure_agreement(coded_fixture(), codebook, holdout_fraction=0.25, seed=1)
    assert report.codebook_themes_samples_f1 == 1.0
    assert not report.learned_themes_better
    no_codebook = measure_agreement(coded_fixture(), None, holdout_fraction=0.25, seed=1)
    assert no_codebook.codebook_themes_samples_f1 == 0.0 and no_codebook.codebook_sentiment_macro_f1 is not None
    # A large gain on 24 held-back answers is not enough to switch (issue 18: six answers once did).
    assert no_codebook.n_holdout == 24 and no_codebook.themes_gain.gain > 0.5
    assert not no_codebook.learned_themes_better


def test_learned_themes_are_used_when_enough_held_back_answers_show_a_gain_beyond_the_noise() -> None:
    report = measure_agreement(coded_fixture(repeats=30), None, holdout_fraction=0.25, seed=1)
    assert report.n_holdout == 60 and report.themes_gain.low > 0
    assert report.learned_themes_better
