"""Machine learning loads when text is analysed in depth, never when a process starts or a resident answers.

TextBlob (with NLTK) and the sentence encoder's runtimes cost seconds and tens of megabytes; every web worker, CLI
command and test process creates the app. A resident's answer is analysed when it is sent, by the sentence encoder
(onnxruntime) and numpy models (issue 18: sentiment and themes from meaning), so the encoder loads then, on the first
answer, never at start; TextBlob is still never needed for it. scikit-learn and SciPy are not in the runtime install
at all (issue 18: runtime venv <= 600 MB): a recompute's learned coder, its agreement figures and emerging themes are
numpy, and only the training commands (requirements-dev) use scikit-learn.
Each check runs in a fresh interpreter, since this test process has long since imported them all.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from argon2 import PasswordHasher

from app.auth import services as auth_services

ROOT = Path(__file__).resolve().parent.parent.parent
HEAVY = ("sklearn", "scipy", "textblob", "nltk", "onnxruntime", "torch")
ENCODER = "onnxruntime"

RESIDENT_JOURNEY = """
from app.extensions import db
from config import TestingConfig
from tests.factories import add_survey, make_consultation
from tests.pages import get, post

app = create_app(TestingConfig, {"SQLALCHEMY_DATABASE_URI": "sqlite:///" + DATABASE, "SERVER_NAME": "localhost"})
base = "/consultations/safety-2026/residents"
with app.app_context():
    db.create_all()
    add_survey(make_consultation())
    client = app.test_client()
    assert "Consultation safety-2026" in get(client, "/").text
    assert get(client, "/consultations/safety-2026").status == 200
    assert get(client, base).status == 200
    post(client, base + "/questions/feeling-safe",
         {"safe_day": "unsafe", "why_unsafe": "Dark underpasses and drug dealing", "action": "continue"})
    post(client, base + "/questions/priorities",
         {"top-1": "drugs", "top-2": "", "top-3": "", "ward": "bletchley_east", "action": "continue"})
    post(client, base + "/questions/comments", {"comments": "More patrols please", "action": "continue"})
    assert "Dark underpasses" in get(client, base + "/check-answers").text
    sent = post(client, base + "/submit", {}, form_url=base + "/check-answers", follow_redirects=True)
    assert sent.h1.startswith("Response sent"), sent.h1
"""

RECOMPUTE_WORK = """
class Uninstalled:
    \"\"\"As on a runtime install: scikit-learn and SciPy cannot be imported (NLTK would otherwise load them).\"\"\"

    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("sklearn", "scipy"):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None


sys.meta_path.insert(0, Uninstalled())
from app.analysis.engine import CodedAnswer, find_emerging_themes, load_default_codebook, measure_agreement, train_coder

codebook = load_default_codebook()
topics = [("street lights out on our road for months", "lighting", "negative"),
          ("drug dealing by the school gates every day", "drugs", "negative"),
          ("the neighbourhood police team have been brilliant", "policing", "positive"),
          ("the bus station feels fine in the day", "transport", "neutral")]
coded = [CodedAnswer(f"{text} ({i})", (theme,), tone) for i in range(30) for text, theme, tone in topics]
report = measure_agreement(coded, codebook, unlearned_keywords=True)
assert report.n_holdout > 0
coder = train_coder(coded, codebook, uncoded_texts=["the underpass is dark and scary"])
suggestion = coder.suggest(["drug dealers outside the school again"], unlearned_keywords=True)[0]
assert suggestion.theme_ids == ("drugs",) and suggestion.sentiment == "negative", suggestion
assert find_emerging_themes([text for text, _, _ in topics] * 5, codebook) is not None
"""


def _loaded_after(script: str, tmp_path: Path, heavy: tuple[str, ...] = HEAVY) -> list[str]:
    """Run ``script`` after ``create_app`` is imported in a new interpreter; the ``heavy`` modules it left loaded."""
    probe = (
        f"import json, sys\nDATABASE = {str(tmp_path / 'probe.db')!r}\nfrom app import create_app\n{script}\n"
        f"print(json.dumps(sorted(name for name in {heavy!r} if name in sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_creating_the_app_imports_no_machine_learning(tmp_path: Path) -> None:
    assert _loaded_after("create_app()", tmp_path) == []


def test_creating_the_app_leaves_the_report_libraries_for_the_first_report(tmp_path: Path) -> None:
    """matplotlib and python-docx cost a web worker over a second at start; only the report export needs them."""
    assert _loaded_after("create_app()", tmp_path, ("matplotlib", "docx")) == []


def test_a_resident_answering_and_sending_a_survey_loads_only_the_encoder(tmp_path: Path) -> None:
    assert _loaded_after(RESIDENT_JOURNEY, tmp_path) == [ENCODER]


def test_a_recompute_trains_and_applies_the_learned_coder_without_scikit_learn_or_scipy(tmp_path: Path) -> None:
    """The recompute job's engine work (agreement figures, the learned coder trained and suggesting, emerging
    themes) runs where scikit-learn and SciPy cannot be imported, as in the runtime install; the probe still sees
    the encoder and TextBlob it used."""
    loaded = _loaded_after(RECOMPUTE_WORK, tmp_path)
    assert "sklearn" not in loaded and "scipy" not in loaded
    assert {ENCODER, "textblob"} <= set(loaded)


def test_the_probe_sees_machine_learning_once_it_is_used(tmp_path: Path) -> None:
    """The training commands (requirements-dev) import scikit-learn: the probe reports it, so the lists above mean
    something."""
    assert "sklearn" in _loaded_after("create_app()\nimport sklearn.linear_model\n", tmp_path)


def test_the_unknown_email_hash_costs_what_a_real_one_does() -> None:
    """Signing in with an unknown email verifies this stored hash (written out, not made at import): it must use the
    hasher's own parameters, or an unknown email would answer faster than a known one."""
    assert auth_services._DUMMY_HASH.startswith("$argon2id$")
    assert not PasswordHasher().check_needs_rehash(auth_services._DUMMY_HASH)
