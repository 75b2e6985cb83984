"""The client's one exception tree, and the one place foreign errors are mapped into it.

    EstError                      base of everything the client raises; ``.ambiguous`` below
    ├── ConfigurationError        missing project id or credentials, unusable URL
    ├── TransportError            no usable HTTP response: timeouts, connection errors, bad body
    ├── ProvisioningError         the Numbers API did not finish provisioning in time, or failed
    └── APIError                  the API answered with an error status (status_code, status, ...)
        ├── BadRequestError       400, with field_violations [(field, description), ...]
        ├── AuthenticationError   401
        ├── PermissionDeniedError 403, with a hint about enabling EST for the project
        ├── NotFoundError         404 (the only spelling of "gone")
        ├── ConflictError         409
        ├── RateLimitedError      429, with retry_after
        └── ServerError           5xx

``ambiguous`` is True only when a request that is not safe to repeat (a creating POST) may have been
processed although it failed: look the object up by its natural key before trying again.
Messages name the method and path, the API's status and message, and what to do next; they never
contain request bodies, credentials, tokens or passwords.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from typing import Any

import httpx

from sinch_est.client._retry import NOT_SENT_ERRORS, RETRIES, Retries, parse_retry_after

__all__ = [
    "APIError",
    "AuthenticationError",
    "BadRequestError",
    "ConfigurationError",
    "ConflictError",
    "EstError",
    "NotFoundError",
    "PermissionDeniedError",
    "ProvisioningError",
    "RateLimitedError",
    "ServerError",
    "TransportError",
    "error_from_response",
    "map_httpx_exceptions",
    "redact",
]

_AMBIGUOUS_HINT = "the request may have been processed: look the object up by its natural key before retrying"


class EstError(Exception):
    """Base class of every error raised by the client."""

    ambiguous: bool = False

    def __init__(self, message: str, *, ambiguous: bool = False) -> None:
        super().__init__(message)
        self.ambiguous = ambiguous


class ConfigurationError(EstError):
    """The client cannot be used as configured (no project id, no credentials, a bad URL)."""


class ProvisioningError(EstError):
    """An asynchronous Numbers API provisioning did not reach the wanted state."""


class TransportError(EstError):
    """No usable HTTP response arrived: timeout, refused or dropped connection, undecodable body.

    ``url`` is the origin tried (``scheme://host:port``) when known, ``attempts`` and ``elapsed`` how hard
    it was tried (retries included), ``unreachable`` whether no connection could be opened at all.
    """

    def __init__(
        self,
        message: str,
        *,
        method: str,
        path: str,
        ambiguous: bool = False,
        url: str | None = None,
        attempts: int = 1,
        elapsed: float = 0.0,
        unreachable: bool = False,
    ) -> None:
        super().__init__(message, ambiguous=ambiguous)
        self.method = method
        self.path = path
        self.url = url
        self.attempts = attempts
        self.elapsed = elapsed
        self.unreachable = unreachable

    def __repr__(self) -> str:
        return f"{type(self).__name__}(method={self.method!r}, path={self.path!r}, ambiguous={self.ambiguous})"


class APIError(EstError):
    """The API answered with an error status; carries its status string and message."""

    hint = ""

    def __init__(
        self,
        *,
        status_code: int,
        status: str,
        message: str,
        method: str,
        path: str,
        field_violations: tuple[tuple[str, str], ...] = (),
        request_id: str | None = None,
        ambiguous: bool = False,
    ) -> None:
        self.status_code = status_code
        self.status = status
        self.message = message
        self.method = method
        self.path = path
        self.field_violations = field_violations
        self.request_id = request_id
        super().__init__(self._render(), ambiguous=ambiguous)

    def _render(self) -> str:
        text = f"{self.method} {self.path} failed with HTTP {self.status_code}"
        if self.status:
            text += f" {self.status}"
        if self.message:
            text += f": {self.message}"
        if self.field_violations:
            text += " [" + "; ".join(f"{field}: {reason}" for field, reason in self.field_violations) + "]"
        hint = _AMBIGUOUS_HINT if self.ambiguous else self.hint
        if hint:
            text += f" ({hint})"
        if self.request_id:
            text += f" [request id {self.request_id}]"
        return text

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status_code={self.status_code}, status={self.status!r}, "
            f"method={self.method!r}, path={self.path!r})"
        )


class BadRequestError(APIError):
    """HTTP 400: the API rejected the request; ``field_violations`` says which fields and why."""


class AuthenticationError(APIError):
    """HTTP 401: the credentials or token were refused."""

    hint = "check the key id and key secret (SINCH_KEY_ID, SINCH_KEY_SECRET) or the access token"


class PermissionDeniedError(APIError):
    """HTTP 403: the credentials are valid but may not use this project."""

    hint = (
        "EST may not be enabled for this project — enable it in the Sinch dashboard or call "
        "client.projects.add([project_id]); also check that the access key belongs to the project"
    )


class NotFoundError(APIError):
    """HTTP 404: the object (or route) does not exist."""


class ConflictError(APIError):
    """HTTP 409: the object clashes with an existing one (for example a host name already in use)."""


class RateLimitedError(APIError):
    """HTTP 429 after the retry budget was spent; ``retry_after`` is the server's advice in seconds."""

    hint = "the API is rate limiting this project: slow down or retry later"

    def __init__(self, *, retry_after: float | None = None, **kwargs: Any) -> None:
        self.retry_after = retry_after
        super().__init__(**kwargs)


class ServerError(APIError):
    """HTTP 5xx after the retry budget was spent."""

    hint = "the EST API failed; retry later"


_BY_STATUS: dict[int, type[APIError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    429: RateLimitedError,
}


def redact(text: str, secrets: Collection[str]) -> str:
    """``text`` with every occurrence of a secret value replaced by ``***``."""
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, "***")
    return text


def _error_body(response: httpx.Response) -> dict[str, Any]:
    try:
        body = json.loads(response.content) if response.content else {}
    except (ValueError, UnicodeDecodeError):
        return {}
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        body = body["error"]
    return body if isinstance(body, dict) else {}


def _details(body: dict[str, Any]) -> tuple[list[tuple[str, str]], str | None]:
    violations: list[tuple[str, str]] = []
    request_id = None
    for detail in body.get("details") or ():
        if not isinstance(detail, dict):
            continue
        for violation in detail.get("fieldViolations") or ():
            if isinstance(violation, dict):
                violations.append((str(violation.get("field", "")), str(violation.get("description", ""))))
        if detail.get("requestId"):
            request_id = str(detail["requestId"])
    return violations, request_id


def error_from_response(
    response: httpx.Response,
    *,
    method: str,
    path: str,
    ambiguous: bool = False,
    secrets: Collection[str] = (),
) -> APIError:
    """The exception for an error ``response`` (status >= 400); the API's text is redacted of ``secrets``."""
    code = response.status_code
    body = _error_body(response)
    violations, request_id = _details(body)
    kwargs: dict[str, Any] = {
        "status_code": code,
        "status": redact(str(body.get("status") or ""), secrets),
        "message": redact(str(body.get("message") or response.reason_phrase), secrets),
        "method": method,
        "path": path,
        "field_violations": tuple((redact(f, secrets), redact(d, secrets)) for f, d in violations),
        "request_id": request_id or response.headers.get("x-request-id"),
    }
    if code == 429:
        return RateLimitedError(retry_after=parse_retry_after(response.headers.get("retry-after")), **kwargs)
    if code >= 500:
        # A 503 with Retry-After is a refusal to take the request, so it created nothing.
        refused = code == 503 and "retry-after" in response.headers
        return ServerError(ambiguous=ambiguous and not refused, **kwargs)
    return _BY_STATUS.get(code, APIError)(**kwargs)


_FOREIGN_ERRORS: tuple[type[httpx.HTTPError | httpx.InvalidURL], ...] = (httpx.RequestError, httpx.InvalidURL)

_DESCRIPTIONS: tuple[tuple[type[httpx.HTTPError], str], ...] = (
    (httpx.ConnectTimeout, "timed out connecting to the API"),
    (httpx.ReadTimeout, "timed out waiting for the API's response"),
    (httpx.WriteTimeout, "timed out sending the request"),
    (httpx.PoolTimeout, "timed out waiting for a free connection"),
    (httpx.TimeoutException, "timed out"),
    (httpx.ConnectError, "could not connect to the API"),
    (httpx.ReadError, "the connection failed while reading the response"),
    (httpx.WriteError, "the connection failed while sending the request"),
    (httpx.CloseError, "the connection failed while closing"),
    (httpx.NetworkError, "a network error occurred"),
    (httpx.ProxyError, "the proxy refused or failed the request"),
    (httpx.RemoteProtocolError, "the connection was dropped or the API broke the HTTP protocol"),
    (httpx.LocalProtocolError, "the request could not be sent as valid HTTP"),
    (httpx.ProtocolError, "an HTTP protocol error occurred"),
    (httpx.DecodingError, "the response body could not be decoded"),
    (httpx.TooManyRedirects, "the API redirected too many times"),
    (httpx.RequestError, "the request failed"),
)


def _transport_error(
    exc: httpx.HTTPError | httpx.InvalidURL,
    method: str,
    path: str,
    replay_safe: bool,
    request: httpx.Request | None = None,
) -> EstError:
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return ConfigurationError(f"{method} {path}: not a usable http(s) URL; check api_url and auth_url")
    description = next(text for kind, text in _DESCRIPTIONS if isinstance(exc, kind))
    ambiguous = not replay_safe and not isinstance(exc, NOT_SENT_ERRORS)
    unreachable = isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout)
    url = f"{request.url.scheme}://{request.url.netloc.decode('ascii')}" if request is not None else None
    retries = request.extensions.get(RETRIES) if request is not None else None
    attempts, elapsed = (retries.attempts, retries.elapsed) if isinstance(retries, Retries) else (1, 0.0)
    if ambiguous:
        next_step = _AMBIGUOUS_HINT
    elif unreachable:
        next_step = f"check that {url or 'the API URL'} is right and the API is up there, then retry"
    else:
        next_step = "check network access to the API and retry"
    tried = f"{attempts} attempt{'' if attempts == 1 else 's'} over {elapsed:.1f} s"
    return TransportError(
        f"{method} {path} failed: {description}{f' at {url}' if url else ''} "
        f"({type(exc).__name__}; {tried}); {next_step}",
        method=method,
        path=path,
        ambiguous=ambiguous,
        url=url,
        attempts=attempts,
        elapsed=elapsed,
        unreachable=unreachable,
    )


def _request_of(exc: Exception) -> httpx.Request | None:
    """The request an httpx error belongs to (httpx attaches it on the way out of the client), if any."""
    try:
        return exc.request if isinstance(exc, httpx.RequestError) else None
    except RuntimeError:  # an error raised outside a client call has no request
        return None


@contextmanager
def map_httpx_exceptions(method: str, path: str, *, replay_safe: bool) -> Iterator[None]:
    """Turn every httpx error raised inside the block into an ``EstError``, chained (httpx's own transport
    already maps httpcore's errors to its own)."""
    try:
        yield
    except _FOREIGN_ERRORS as exc:
        raise _transport_error(exc, method, path, replay_safe, _request_of(exc)) from exc
