"""``make audit`` fails only on a known vulnerability; an unreachable database passes with a message saying so."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
_spec = importlib.util.spec_from_file_location("audit_dependencies", ROOT / "scripts" / "audit_dependencies.py")
assert _spec is not None and _spec.loader is not None
audit = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = audit
_spec.loader.exec_module(audit)


def _report(*dependencies: dict[str, object]) -> str:
    return json.dumps({"dependencies": list(dependencies), "fixes": []})


def test_a_known_vulnerability_fails_and_names_the_fix() -> None:
    result = audit.verdict(
        1,
        _report(
            {"name": "flask", "version": "3.1.3", "vulns": []},
            {"name": "pyyaml", "version": "5.3", "vulns": [{"id": "PYSEC-2021-142", "fix_versions": ["5.4"]}]},
        ),
        "",
    )
    assert result.exit_code == 1
    assert "pyyaml 5.3: PYSEC-2021-142 (fixed in 5.4)" in result.message


def test_no_known_vulnerability_passes() -> None:
    result = audit.verdict(0, _report({"name": "flask", "version": "3.1.3", "vulns": []}), "")
    assert (result.exit_code, result.message) == (
        0,
        "No known vulnerabilities in the 1 pinned packages of requirements.txt.",
    )


def test_an_unreachable_database_passes_with_a_clear_message() -> None:
    refused = audit.verdict(
        1,
        None,
        "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='api.osv.dev', port=443): Max retries exceeded",
    )
    assert refused.exit_code == 0 and refused.message.startswith(
        "Dependency audit skipped: the vulnerability database could not be reached"
    )
    not_found = audit.verdict(
        0,
        _report(
            *(
                {"name": name, "skip_reason": "Dependency not found on PyPI and could not be audited: x"}
                for name in ("flask", "pyyaml")
            )
        ),
        "",
    )
    assert not_found.exit_code == 0 and "none of the 2 packages could be looked up" in not_found.message


def test_any_other_failure_is_not_a_pass(tmp_path: Path) -> None:
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("flask>=1\n")
    result = audit.run(requirements)
    assert result.exit_code == 2 and "not pinned" in result.message
