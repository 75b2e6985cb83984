"""Shared helpers of the client tests: scripted mock transports and canned responses."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from sinch_est.client import RetryPolicy

API = "https://est.test"
AUTH = "https://auth.test"
NUMBERS = "https://numbers.test"
BASE = "/v1/projects/proj-1"
FAST = RetryPolicy(backoff_base=0.001, backoff_cap=0.01)

Step = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]


class Script:
    """A ``MockTransport`` handler that answers with the given steps in order (the last one repeats)."""

    def __init__(self, *steps: Step) -> None:
        self.steps = list(steps)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        step = self.steps.pop(0) if len(self.steps) > 1 else self.steps[0]
        if isinstance(step, Exception):
            raise step
        if isinstance(step, httpx.Response):
            return httpx.Response(step.status_code, headers=step.headers, content=step.content)
        return step(request)

    def paths(self) -> list[str]:
        return [f"{r.method} {r.url.path}" for r in self.requests]


def json_response(status: int, body: Any = None, **headers: str) -> httpx.Response:
    if body is None:
        return httpx.Response(status, headers=headers)
    return httpx.Response(status, json=body, headers=headers)


def error_body(code: int, status: str, message: str, violations: tuple[tuple[str, str], ...] = ()) -> dict[str, Any]:
    body: dict[str, Any] = {"code": code, "status": status, "message": message}
    if violations:
        body["details"] = [
            {"type": "BadRequest", "fieldViolations": [{"field": f, "description": d} for f, d in violations]}
        ]
    return body


class Router:
    """A ``MockTransport`` handler answering by ``"METHOD /path"`` (path below the project base)."""

    def __init__(self, routes: dict[str, Any]) -> None:
        self.routes = routes
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        path = request.url.raw_path.decode().split("?")[0]
        path = path.removeprefix(BASE)
        answer = self.routes.get(f"{request.method} {path}")
        if answer is None:
            return json_response(404, {"code": 404, "status": "NO_RESOURCE_FOUND", "message": path})
        if callable(answer):
            answer = answer(request)
        if isinstance(answer, httpx.Response):
            return answer
        return json_response(204) if answer is ... else json_response(200, answer)

    def bodies(self) -> list[Any]:
        import json

        return [json.loads(r.content) if r.content else None for r in self.requests]
