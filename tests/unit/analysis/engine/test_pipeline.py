"""The batch pipeline a recompute runs gives each answer what saving it alone gives."""

from app.analysis.engine import analyse_answer, analyse_answers, load_default_codebook


def test_a_batch_of_answers_is_analysed_as_each_answer_alone() -> None:
    codebook = load_default_codebook()
    texts = [
        "Please fix the street lights, they have been out for months",
        "MK feels much safer, people are friendly",
        "",
        "n/a",
        "Drug dealing outside the school, call me on 07700 900123",
        "MK feels much safer, people are friendly",
    ]
    together = analyse_answers(texts, codebook)
    alone = [analyse_answer(text, codebook) for text in texts]
    assert [(a.sentiment, a.theme_ids, a.redacted_text) for a in together] == [
        (a.sentiment, a.theme_ids, a.redacted_text) for a in alone
    ]
    assert [round(a.confidence, 4) for a in together] == [round(a.confidence, 4) for a in alone]
    assert "07700 900123" not in together[4].redacted_text
