"""No signing key in the code, and the development configuration serves only this computer (issue 14.2).

With a key published in the code anyone could sign a session cookie saying "admin"; development now generates a key
per instance (kept in ``instance/secret_key``), and gunicorn, ``flask run`` and the app itself refuse to serve other
computers with the development configuration."""

from __future__ import annotations

import ast
import os
import stat
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask import Flask
from flask.sessions import SecureCookieSessionInterface

from app import create_app
from app.common.serving import refuse_public_addresses
from app.models import Role
from config import ConfigError, DevelopmentConfig, ProductionConfig
from tests.factories import ROOT_DIR, make_user

OLD_CONSTANT = "dev-only-insecure-secret-key"
ADVICE = "set SAFERVOICE_ENV=production and a long random SECRET_KEY"


def _development_app(database_url: str, instance: Path) -> Flask:
    return create_app(
        DevelopmentConfig,
        {"SQLALCHEMY_DATABASE_URI": database_url, "SERVER_NAME": "localhost", "SECRET_KEY": None},
        instance_path=instance,
    )


def _environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAFERVOICE_") and k != "SECRET_KEY"}
    env.update(extra)
    return env


def test_no_configuration_has_a_signing_key_written_in_the_code() -> None:
    tree = ast.parse((ROOT_DIR / "config.py").read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == "SECRET_KEY" for t in targets):
                assert not isinstance(node.value, ast.Constant) or node.value.value is None, ast.unparse(node)
                calls = [n for n in ast.walk(node.value) if isinstance(n, ast.Call)]
                assert all(len(call.args) < 2 and not call.keywords for call in calls), ast.unparse(node)

    code = "from config import DevelopmentConfig as D, TestingConfig as T; print(D.SECRET_KEY, T.SECRET_KEY)"
    runs = [
        subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT_DIR, env=_environment(), capture_output=True, text=True, check=True
        ).stdout.split()
        for _ in range(2)
    ]
    assert runs[0][0] == runs[1][0] == "None"
    assert runs[0][1] != runs[1][1] and len(runs[0][1]) >= 40


def test_development_key_is_made_once_per_instance_private_and_kept(database_url: str, tmp_path: Path) -> None:
    first = _development_app(database_url, tmp_path / "one")
    again = _development_app(database_url, tmp_path / "one")
    other = _development_app(database_url, tmp_path / "two")

    key_file = tmp_path / "one" / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert key_file.read_text().strip() == first.secret_key
    assert len(first.secret_key) >= 64 and first.secret_key != OLD_CONSTANT
    assert again.secret_key == first.secret_key
    assert other.secret_key != first.secret_key
    assert sorted(p.name for p in (tmp_path / "one").iterdir()) == ["secret_key"]


def _cookie(secret_key: str, payload: dict[str, object]) -> str:
    signer = Flask("forger")
    signer.secret_key = secret_key
    serializer = SecureCookieSessionInterface().get_signing_serializer(signer)
    assert serializer is not None
    return serializer.dumps(payload)


def test_a_cookie_signed_with_the_old_published_key_is_refused(
    app: Flask, database_url: str, clean_db: None, tmp_path: Path
) -> None:
    admin = make_user(Role.ADMIN)
    now = datetime.now(UTC).timestamp()
    payload = {"_user_id": admin.get_id(), "_fresh": True, "signed_in_at": now, "seen_at": now}
    development = _development_app(database_url, tmp_path)

    forged = development.test_client()
    forged.set_cookie("sv_session", _cookie(OLD_CONSTANT, payload), domain="localhost")
    refused = forged.get("/officers/consultations")

    genuine = development.test_client()
    genuine.set_cookie("sv_session", _cookie(development.secret_key, payload), domain="localhost")
    assert genuine.get("/officers/consultations").status_code == 200
    assert refused.status_code == 302 and "/staff/sign-in" in refused.location


def test_production_refuses_a_published_key() -> None:
    code = (
        "import os; os.environ.update(SAFERVOICE_ENV='production', SECRET_KEY='dev-only-insecure-secret-key', "
        "DATABASE_URL='sqlite://'); from app import create_app; create_app()"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT_DIR, env=_environment(), capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "SECRET_KEY is a key published in SaferVoice's code" in result.stderr


@pytest.mark.parametrize(
    "address", ["0.0.0.0:8000", ":8000", "[::]:8000", "10.1.2.3:80", "example.org:443", "fd://3", "0.0.0.0"]
)
def test_development_refuses_addresses_other_computers_reach(address: str) -> None:
    with pytest.raises(ConfigError, match=ADVICE):
        refuse_public_addresses(["127.0.0.1:8000", address], loopback_only=DevelopmentConfig.LOOPBACK_ONLY)
    refuse_public_addresses([address], loopback_only=ProductionConfig.LOOPBACK_ONLY)


@pytest.mark.parametrize("address", ["127.0.0.1:5000", "localhost:8000", "[::1]:8000", "127.0.0.2", "unix:/tmp/sv"])
def test_development_may_listen_on_this_computer(address: str) -> None:
    refuse_public_addresses([address], loopback_only=True)


def test_gunicorn_with_a_public_bind_and_the_development_configuration_exits_with_the_advice(database_url: str) -> None:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "-c",
        "gunicorn.conf.py",
        "--bind",
        "0.0.0.0:0",
        "--workers",
        "1",
        "wsgi:app",
    ]
    try:
        result = subprocess.run(
            command,
            cwd=ROOT_DIR,
            env=_environment(DATABASE_URL=database_url),
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
    except subprocess.TimeoutExpired as still_serving:
        raise AssertionError("gunicorn served 0.0.0.0 with the development configuration") from still_serving
    assert result.returncode != 0
    assert "development configuration" in result.stderr and ADVICE in result.stderr


def test_flask_run_on_a_public_host_with_the_development_configuration_exits_with_the_advice(database_url: str) -> None:
    command = [sys.executable, "-m", "flask", "run", "--host", "0.0.0.0", "--port", "0"]
    try:
        result = subprocess.run(
            command,
            cwd=ROOT_DIR,
            env=_environment(FLASK_APP="wsgi.py", DATABASE_URL=database_url),
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
    except subprocess.TimeoutExpired as still_serving:
        raise AssertionError("flask run served 0.0.0.0 with the development configuration") from still_serving
    assert result.returncode != 0
    assert ADVICE in result.stderr and "Traceback" not in result.stderr


def test_development_app_answers_only_this_computer(database_url: str, clean_db: None, tmp_path: Path) -> None:
    client = _development_app(database_url, tmp_path).test_client()

    remote = client.get("/staff/sign-in", environ_base={"REMOTE_ADDR": "203.0.113.9"})
    proxied = client.get("/staff/sign-in", headers={"X-Forwarded-For": "203.0.113.9"})
    local = client.get("/staff/sign-in", environ_base={"REMOTE_ADDR": "127.0.0.1"})

    assert remote.status_code == proxied.status_code == 403
    assert "answers only the computer it runs on" in remote.get_data(as_text=True)
    assert local.status_code == 200


def test_key_file_is_written_whole_by_the_first_of_two_processes(tmp_path: Path) -> None:
    """Two workers starting at once both end up with the one key on disk (no half-written or replaced file)."""
    code = (
        "import sys; from pathlib import Path; from app.common.instance_key import instance_secret_key; "
        "print(instance_secret_key(Path(sys.argv[1])))"
    )
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(tmp_path)],
            cwd=ROOT_DIR,
            env=_environment(),
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    keys = {process.communicate(timeout=60)[0].strip() for process in processes}
    assert keys == {(tmp_path / "secret_key").read_text().strip()}
