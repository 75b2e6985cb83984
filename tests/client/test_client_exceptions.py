"""The exception tree, and the one mapping of foreign errors and error responses into it."""

from __future__ import annotations

import inspect
import socket
from collections.abc import Callable

import httpx
import pytest
from client_harness import BASE, Script, error_body, json_response

from sinch_est import client as est_client
from sinch_est.client import (
    APIError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    ConflictError,
    EstClient,
    EstError,
    NotFoundError,
    PermissionDeniedError,
    ProvisioningError,
    RateLimitedError,
    ServerError,
    TransportError,
    _exceptions,
)
from sinch_est.client._exceptions import error_from_response, map_httpx_exceptions

MakeClient = Callable[..., EstClient]

TREE = {
    ConfigurationError: EstError,
    TransportError: EstError,
    ProvisioningError: EstError,
    APIError: EstError,
    BadRequestError: APIError,
    AuthenticationError: APIError,
    PermissionDeniedError: APIError,
    NotFoundError: APIError,
    ConflictError: APIError,
    RateLimitedError: APIError,
    ServerError: APIError,
}


def test_the_tree_is_as_drawn_in_the_module_docstring() -> None:
    doc = _exceptions.__doc__ or ""
    for cls, parent in TREE.items():
        assert cls.__bases__ == (parent,), cls
        assert cls.__name__ in doc, cls
    assert EstError.__bases__ == (Exception,)
    exported = {getattr(est_client, n) for n in est_client.__all__}
    raised = {c for c in vars(_exceptions).values() if inspect.isclass(c) and issubclass(c, EstError)}
    assert raised == set(TREE) | {EstError}
    assert raised <= exported


# httpx exceptions our calls cannot raise, and why: we never stream bodies, call raise_for_status or
# use cookies. Everything else must be mapped.
CANNOT_OCCUR = {
    httpx.HTTPStatusError,
    httpx.CookieConflict,
    httpx.StreamError,
    httpx.StreamConsumed,
    httpx.StreamClosed,
    httpx.ResponseNotRead,
    httpx.RequestNotRead,
}


def _exception_classes(module: object) -> list[type[Exception]]:
    return [
        value
        for value in vars(module).values()
        if inspect.isclass(value) and issubclass(value, Exception) and value.__module__.startswith(module.__name__)  # type: ignore[attr-defined]
    ]


@pytest.mark.parametrize("kind", _exception_classes(httpx), ids=lambda c: c.__name__)
def test_every_httpx_exception_is_mapped(kind: type[Exception]) -> None:
    if kind in CANNOT_OCCUR:
        return
    if kind is httpx.HTTPError:  # abstract base; only its subclasses are raised
        return
    with pytest.raises(EstError) as caught, map_httpx_exceptions("POST", "/v1/x", replay_safe=False):
        raise kind("boom")
    assert caught.value.__cause__ is not None
    assert "POST /v1/x" in str(caught.value)
    if isinstance(caught.value, TransportError):
        assert caught.value.method == "POST" and caught.value.path == "/v1/x"
    else:
        assert isinstance(caught.value, ConfigurationError)
        assert kind in (httpx.UnsupportedProtocol, httpx.InvalidURL)


def test_httpx_transport_hands_over_httpx_errors_only() -> None:
    """httpx's own transport turns httpcore's errors into httpx's, so mapping httpx's is enough."""
    with socket.socket() as probe:  # a loopback port with nothing listening
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with httpx.Client(transport=httpx.HTTPTransport()) as http:
        with pytest.raises(httpx.ConnectError):  # not an httpcore error
            http.get(f"http://127.0.0.1:{port}/v1/x")
        with pytest.raises(TransportError) as caught, map_httpx_exceptions("GET", "/v1/x", replay_safe=True):
            http.get(f"http://127.0.0.1:{port}/v1/x")
    assert "could not connect" in str(caught.value)


@pytest.mark.parametrize(
    ("kind", "ambiguous"),
    [
        (httpx.ConnectError, False),
        (httpx.ConnectTimeout, False),
        (httpx.PoolTimeout, False),
        (httpx.ReadTimeout, True),
        (httpx.WriteTimeout, True),
        (httpx.ReadError, True),
        (httpx.RemoteProtocolError, True),
    ],
)
def test_ambiguity_of_a_failed_post(kind: type[Exception], ambiguous: bool) -> None:
    with pytest.raises(TransportError) as caught, map_httpx_exceptions("POST", "/v1/x", replay_safe=False):
        raise kind("boom")
    assert caught.value.ambiguous is ambiguous
    with pytest.raises(TransportError) as again, map_httpx_exceptions("PUT", "/v1/x", replay_safe=True):
        raise kind("boom")
    assert again.value.ambiguous is False


def _error(status: int, body: object = None, **headers: str) -> APIError:
    response = httpx.Response(status, json=body, headers=headers)
    return error_from_response(response, method="GET", path=f"{BASE}/trunks/T1")


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (429, RateLimitedError),
        (500, ServerError),
        (502, ServerError),
        (503, ServerError),
        (504, ServerError),
        (405, APIError),
        (422, APIError),
    ],
)
def test_status_codes_map_to_classes(status: int, cls: type[APIError]) -> None:
    error = _error(status, error_body(status, "SOME_STATUS", "what went wrong"))
    assert type(error) is cls
    assert error.status_code == status and error.status == "SOME_STATUS" and error.message == "what went wrong"
    assert error.method == "GET" and error.path == f"{BASE}/trunks/T1"
    assert f"GET {BASE}/trunks/T1 failed with HTTP {status} SOME_STATUS: what went wrong" in str(error)
    assert not isinstance(error, NotFoundError) or status == 404


def test_field_violations_and_request_id_are_read() -> None:
    body = error_body(400, "INVALID_ARGUMENT", "Bad request.", (("hostName", "must be a DNS label"),))
    body["details"].append({"type": "RequestInfo", "requestId": "req-9", "data": ""})
    error = _error(400, body)
    assert isinstance(error, BadRequestError)
    assert error.field_violations == (("hostName", "must be a DNS label"),)
    assert error.request_id == "req-9"
    assert "hostName: must be a DNS label" in str(error) and "req-9" in str(error)


def test_wrapped_error_bodies_and_missing_bodies_are_handled() -> None:
    assert _error(409, {"error": {"code": 409, "status": "ALREADY_EXISTS", "message": "taken"}}).status == (
        "ALREADY_EXISTS"
    )
    bare = error_from_response(httpx.Response(502, text="<html>bad gateway</html>"), method="GET", path="/p")
    assert bare.message == "Bad Gateway" and bare.status == "" and "html" not in str(bare)


def test_permission_denied_says_what_to_do() -> None:
    text = str(_error(403, error_body(403, "PERMISSION_DENIED", "Forbidden")))
    assert "EST may not be enabled for this project" in text and "projects.add" in text


def test_rate_limited_carries_retry_after() -> None:
    assert _error(429, error_body(429, "RESOURCE_EXHAUSTED", "slow"), **{"Retry-After": "7"}).retry_after == 7.0  # type: ignore[attr-defined]


def test_repr_is_short_and_structured() -> None:
    error = _error(404, error_body(404, "NOT_FOUND", "gone"))
    assert repr(error) == f"NotFoundError(status_code=404, status='NOT_FOUND', method='GET', path='{BASE}/trunks/T1')"


def test_status_is_checked_before_the_payload(make_client: MakeClient) -> None:
    # A throttled read whose body looks like an object must raise, never be taken for the object.
    lookalike = httpx.Response(429, json={"id": "T1", "name": "main"})
    with pytest.raises(RateLimitedError):
        make_client(Script(lookalike), retry=est_client.RetryPolicy(attempts=1)).sip_trunks.get("T1")


def test_a_success_that_is_not_json_is_a_transport_error(make_client: MakeClient) -> None:
    script = Script(httpx.Response(201, text="<html>created?</html>"))
    with pytest.raises(TransportError) as caught:
        make_client(script).sip_trunks.create({"name": "main", "host_name": "main"})
    assert caught.value.ambiguous is True  # the trunk was probably created; its id is unknown
    assert "not JSON" in str(caught.value)


def test_404_on_delete_is_a_not_found_error(make_client: MakeClient) -> None:
    with pytest.raises(NotFoundError):
        make_client(Script(json_response(404, error_body(404, "NOT_FOUND", "no trunk")))).sip_trunks.delete("T1")
