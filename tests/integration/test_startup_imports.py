"""Machine learning loads when text is analysed in depth, never when a process starts or a resident answers.

scikit-learn, SciPy, TextBlob (with NLTK) and the sentence encoder's runtimes cost seconds and tens of megabytes; every
web worker, CLI command and test process creates the app. A resident's answer is analysed when it is sent, by the
sentence encoder (onnxruntime) and numpy models (issue 18: sentiment and themes from meaning), so the encoder loads
then, on the first answer, never at start; scikit-learn, SciPy and TextBlob are still never needed for it.
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


def _loaded_after(script: str, tmp_path: Path) -> list[str]:
    """Run ``script`` after ``create_app`` is imported in a new interpreter; the heavy modules it left loaded."""
    probe = (
        f"import json, sys\nDATABASE = {str(tmp_path / 'probe.db')!r}\nfrom app import create_app\n{script}\n"
        f"print(json.dumps(sorted(name for name in {HEAVY!r} if name in sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=300,
                          check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_creating_the_app_imports_no_machine_learning(tmp_path: Path) -> None:
    assert _loaded_after("create_app()", tmp_path) == []


def test_a_resident_answering_and_sending_a_survey_loads_only_the_encoder(tmp_path: Path) -> None:
    assert _loaded_after(RESIDENT_JOURNEY, tmp_path) == [ENCODER]


def test_the_probe_sees_machine_learning_once_it_is_used(tmp_path: Path) -> None:
    """Training the learned coder's sentiment model does need scikit-learn: the probe reports it, so the empty
    lists above mean something."""
    assert "sklearn" in _loaded_after("create_app()\nimport app.analysis.engine.sentiment_model\n", tmp_path)


def test_the_unknown_email_hash_costs_what_a_real_one_does() -> None:
    """Signing in with an unknown email verifies this stored hash (written out, not made at import): it must use the
    hasher's own parameters, or an unknown email would answer faster than a known one."""
    assert auth_services._DUMMY_HASH.startswith("$argon2id$")
    assert not PasswordHasher().check_needs_rehash(auth_services._DUMMY_HASH)
