"""Check the pinned runtime dependencies (requirements.txt) against the known-vulnerability database with pip-audit.

CI (``make audit``) must fail when a pinned version has a known vulnerability, and only then: when the database
cannot be reached (no network, a proxy answering "not found" for every package), the run passes and says plainly that
nothing was checked, so an offline build is not mistaken for a clean one and is not blocked either.

Every requirement is pinned with ``==``, so pip-audit looks each one up as written (``--no-deps --disable-pip``)
instead of building a throwaway environment; transitive dependencies are not covered by this check.

An advisory may be ignored only when it has no fixed version to move to, with the reason, in ``IGNORED``.
"""

from __future__ import annotations

import json
import re
import subprocess  # nosec B404 - runs pip-audit with fixed arguments
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = ROOT / "requirements.txt"
IGNORED: dict[str, str] = {}
"""Advisory id -> why it is ignored (only advisories without a fixed version)."""
UNREACHABLE = re.compile(
    r"ConnectionError|NameResolutionError|Max retries exceeded|Temporary failure in name resolution|"
    r"Name or service not known|Network is unreachable|Connection refused|ConnectTimeout|ReadTimeout|"
    r"timed out|SSLError|ProxyError",
)
NOT_LOOKED_UP = "could not be audited"


@dataclass(frozen=True)
class Verdict:
    exit_code: int
    message: str


def verdict(returncode: int, report: str | None, stderr: str) -> Verdict:
    """What one pip-audit run means: 1 for a known vulnerability, 0 when clean or when nothing could be checked,
    2 when pip-audit failed for another reason (a broken requirements file must not pass unnoticed)."""
    if report is None:
        if UNREACHABLE.search(stderr):
            return Verdict(
                0,
                "Dependency audit skipped: the vulnerability database could not be reached "
                "(network failure), so nothing was checked. Run `make audit` again when online.",
            )
        return Verdict(2, "Dependency audit could not run:\n" + "\n".join(stderr.strip().splitlines()[-5:]))
    dependencies = json.loads(report).get("dependencies", [])
    found = [(dep, vuln) for dep in dependencies for vuln in dep.get("vulns", [])]
    if found:
        lines = [
            f"  {dep['name']} {dep['version']}: {vuln['id']} (fixed in "
            f"{', '.join(vuln.get('fix_versions') or []) or 'no fixed version yet'})"
            for dep, vuln in found
        ]
        return Verdict(
            1,
            "Known vulnerabilities in requirements.txt:\n"
            + "\n".join(lines)
            + "\nBump each pin to a fixed version and run the related tests.",
        )
    skipped = [dep["name"] for dep in dependencies if NOT_LOOKED_UP in dep.get("skip_reason", "")]
    if skipped and len(skipped) == len(dependencies):
        return Verdict(
            0,
            "Dependency audit skipped: the vulnerability database could not be reached (none of the "
            f"{len(skipped)} packages could be looked up), so nothing was checked.",
        )
    if skipped:
        return Verdict(
            0,
            f"No known vulnerabilities in the {len(dependencies) - len(skipped)} packages checked; "
            f"not looked up (database unreachable for them): {', '.join(skipped)}.",
        )
    return Verdict(
        returncode,
        f"No known vulnerabilities in the {len(dependencies)} pinned packages of requirements.txt."
        if returncode == 0
        else "pip-audit failed:\n" + stderr.strip(),
    )


def run(requirements: Path = REQUIREMENTS) -> Verdict:
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "audit.json"
        command = [
            sys.executable,
            "-m",
            "pip_audit",
            "-r",
            str(requirements),
            "--no-deps",
            "--disable-pip",
            "--progress-spinner",
            "off",
            "--timeout",
            "20",
            "-f",
            "json",
            "-o",
            str(output),
            *(argument for advisory in IGNORED for argument in ("--ignore-vuln", advisory)),
        ]
        done = subprocess.run(command, capture_output=True, text=True, check=False)  # nosec B603 - fixed command
        report = output.read_text(encoding="utf-8") if output.exists() and output.stat().st_size else None
    return verdict(done.returncode, report, done.stderr)


def main() -> int:
    result = run()
    for advisory, reason in IGNORED.items():
        print(f"Ignored {advisory}: {reason}")
    print(result.message)
    return result.exit_code


if __name__ == "__main__":
    sys.exit(main())
