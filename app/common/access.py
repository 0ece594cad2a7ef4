"""Access policies. Every view declares one; a test walks the URL map and fails on any view without a policy.

``public``: anyone. ``token``: anyone holding a private link (the token in the URL is the credential and is
checked by the service). ``roles``: a signed-in, active staff user with one of the roles (admins may do what
officers may).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar

from flask import abort, redirect, request, url_for
from flask_login import current_user

from app.models import Role, User

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class AccessPolicy:
    kind: str
    roles: tuple[Role, ...] = ()


def _declare(view: F, policy: AccessPolicy) -> F:
    view.access_policy = policy
    return view


def public(view: F) -> F:
    return _declare(view, AccessPolicy("public"))


def token_holder(view: F) -> F:
    return _declare(view, AccessPolicy("token"))


def roles_required(*roles: Role) -> Callable[[F], F]:
    allowed = set(roles) | ({Role.ADMIN} if Role.OFFICER in roles else set())

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return redirect(url_for("auth.sign_in", next=request.path))
            if current_user.role not in allowed:
                abort(403)
            return view(*args, **kwargs)

        return _declare(wrapped, AccessPolicy("roles", tuple(sorted(allowed))))

    return decorator


def policy_of(view: Callable[..., Any]) -> AccessPolicy | None:
    return getattr(view, "access_policy", None)


def current_actor() -> User:
    """The signed-in user acting in this request: the ``User`` row itself rather than Flask-Login's proxy, so a service
    that stores ``actor.id``, compares users or keeps the object beyond the request sees a real row. The one way views
    name the acting user; call it only where a user is signed in (behind ``roles_required``)."""
    return current_user._get_current_object()
