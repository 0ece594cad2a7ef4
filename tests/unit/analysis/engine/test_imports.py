"""The engine must stay a pure library: no Flask, no database, no app code outside the engine."""

import ast
from pathlib import Path

import app.analysis.engine

ENGINE = Path(app.analysis.engine.__file__).parent
FORBIDDEN_ROOTS = {"flask", "sqlalchemy", "flask_sqlalchemy"}


def imported_modules(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def is_forbidden(module: str) -> bool:
    root = module.split(".")[0]
    if root in FORBIDDEN_ROOTS or root.startswith("flask_"):
        return True
    return root == "app" and not (module == "app.analysis.engine" or module.startswith("app.analysis.engine."))


def test_engine_imports_nothing_from_the_web_app() -> None:
    modules = sorted(ENGINE.rglob("*.py"))
    assert modules
    offenders = {str(p.relative_to(ENGINE)): m for p in modules for m in imported_modules(p) if is_forbidden(m)}
    assert offenders == {}


def test_the_check_itself_catches_forbidden_imports() -> None:
    assert is_forbidden("flask") and is_forbidden("flask_login") and is_forbidden("app.models")
    assert is_forbidden("sqlalchemy.orm")
    assert not is_forbidden("app.analysis.engine.codebook") and not is_forbidden("sklearn")
