"""EST error bodies (est-api.md §3.5): one exception type and the one function that renders it."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from starlette.responses import JSONResponse

__all__ = [
    "EstError",
    "conflict",
    "credential_not_found",
    "failed_precondition",
    "invalid_argument",
    "method_not_allowed",
    "no_resource",
    "not_found",
    "rate_limited",
    "render",
    "unauthenticated",
    "unavailable",
    "unreadable",
]

UNREADABLE_MESSAGE = "Failed to read HTTP message"


class EstError(Exception):
    """An API error: HTTP ``code``, EST ``status`` name, ``message`` and (wire field, reason) violations."""

    def __init__(
        self,
        code: int,
        status: str,
        message: str,
        *,
        violations: Sequence[tuple[str, str]] = (),
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.status = status
        self.message = message
        self.violations = tuple(violations)
        self.headers = dict(headers or {})

    def body(self) -> dict[str, Any]:
        details: list[dict[str, Any]] = []
        if self.violations:
            details.append(
                {
                    "type": "BadRequest",
                    "fieldViolations": [{"field": f, "description": d} for f, d in self.violations],
                }
            )
        return {"code": self.code, "status": self.status, "message": self.message, "details": details}


def render(exc: EstError, *, wrapped: bool = False) -> JSONResponse:
    """The HTTP response for ``exc``; ``wrapped`` nests it under ``error`` as the Numbers API does."""
    body = exc.body()
    return JSONResponse({"error": body} if wrapped else body, status_code=exc.code, headers=exc.headers)


def unreadable(violations: Sequence[tuple[str, str]] = ()) -> EstError:
    return EstError(400, "VALIDATION_FAILED", UNREADABLE_MESSAGE, violations=violations)


def invalid_argument(label: str, violations: Sequence[tuple[str, str]]) -> EstError:
    summary = "; ".join(f"{field}: {reason}" for field, reason in violations)
    return EstError(400, "INVALID_ARGUMENT", f"Invalid {label}: {summary}", violations=violations)


def failed_precondition(message: str) -> EstError:
    return EstError(400, "FAILED_PRECONDITION", message)


def not_found(label: str, item_id: str) -> EstError:
    return EstError(404, "NOT_FOUND", f"{label[0].upper()}{label[1:]} '{item_id}' was not found")


def credential_not_found(username: str) -> EstError:
    return EstError(
        404,
        "CREDENTIAL_NOT_FOUND",
        f"No credential list of this project has a credential with username '{username}'",
        violations=[("credentialUsername", f"no credential list of the project has the username {username!r}")],
    )


def no_resource(path: str) -> EstError:
    return EstError(404, "NO_RESOURCE_FOUND", f"No static resource {path.lstrip('/')}.")


def method_not_allowed(method: str, allowed: str = "") -> EstError:
    headers = {"Allow": allowed} if allowed else None
    return EstError(405, "METHOD_NOT_ALLOWED", f"Request method '{method}' is not supported", headers=headers)


def conflict(message: str) -> EstError:
    return EstError(409, "ALREADY_EXISTS", message)


def unauthenticated(message: str, *, www_authenticate: str) -> EstError:
    return EstError(401, "UNAUTHENTICATED", message, headers={"WWW-Authenticate": www_authenticate})


def rate_limited(retry_after: float, message: str) -> EstError:
    return EstError(429, "RESOURCE_EXHAUSTED", message, headers={"Retry-After": str(max(0, math.ceil(retry_after)))})


def unavailable(message: str) -> EstError:
    return EstError(503, "UNAVAILABLE", message)
