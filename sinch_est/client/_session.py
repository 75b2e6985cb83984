"""Sends one request on behalf of a project: URL, auth, error mapping, JSON decoding, pagination."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from typing import Any
from urllib.parse import quote

import httpx

from sinch_est.client._exceptions import TransportError, error_from_response, map_httpx_exceptions
from sinch_est.client._pagination import DEFAULT_PAGE_SIZE, paginate
from sinch_est.client._poll import SYSTEM_CLOCK, Clock
from sinch_est.client._retry import RETRY_SAFE, is_replay_safe

__all__ = ["JSON_ACCEPT", "Session", "segment"]

JSON_ACCEPT = "application/json"
_NO_BODY: Any = object()


def segment(value: str) -> str:
    """One percent-encoded path segment (an E.164 ``+`` becomes ``%2B``; ``/`` cannot escape the segment)."""
    return quote(str(value), safe="")


class Session:
    """The project-scoped sender every resource uses; holds no secrets of its own."""

    def __init__(
        self,
        *,
        http: httpx.Client,
        auth: httpx.Auth,
        project_id: str,
        api_url: str,
        numbers_url: str,
        secrets: Callable[[], Collection[str]],
        clock: Clock = SYSTEM_CLOCK,
    ) -> None:
        self._http = http
        self.clock = clock
        self._auth = auth
        self._secrets = secrets
        self.project_id = project_id
        self.api_base = f"{api_url.rstrip('/')}/v1/projects/{segment(project_id)}"
        self.numbers_base = f"{numbers_url.rstrip('/')}/v1/projects/{segment(project_id)}"

    def api_path(self, path: str) -> str:
        """The URL path (as shown in messages) of ``path`` below the project's EST base."""
        return httpx.URL(self.api_base + path).path

    def send(
        self,
        method: str,
        url: str,
        *,
        json: Any = _NO_BODY,
        params: Mapping[str, Any] | None = None,
        accept: str = JSON_ACCEPT,
        secrets: Collection[str] = (),
        retry_safe: bool = False,
    ) -> httpx.Response:
        """Send and return a 2xx response; anything else raises an ``EstError``.

        ``secrets`` are request values (SIP passwords) to scrub from any error text; ``retry_safe`` marks
        a non-idempotent request whose repetition is harmless (see ``_retry``).
        """
        extensions = {RETRY_SAFE: True} if retry_safe else {}
        replay_safe = is_replay_safe(method, extensions)
        path = httpx.URL(url).path
        with map_httpx_exceptions(method, path, replay_safe=replay_safe):
            response = self._http.request(
                method,
                url,
                json=None if json is _NO_BODY else json,
                params={k: v for k, v in params.items() if v is not None} if params else None,
                headers={"Accept": accept},
                auth=self._auth,
                extensions=extensions,
            )
        if not response.is_success:
            raise error_from_response(
                response,
                method=method,
                path=path,
                ambiguous=not replay_safe,
                secrets=[*secrets, *self._secrets()],
            )
        return response

    def call(self, method: str, path: str, *, base: str | None = None, **kwargs: Any) -> Any:
        """``send`` to ``{base}{path}`` (the project's EST base by default) and decode the JSON body."""
        response = self.send(method, (base or self.api_base) + path, **kwargs)
        if not response.content:
            return None
        try:
            return response.json()
        except ValueError:
            replay_safe = is_replay_safe(method, {RETRY_SAFE: kwargs.get("retry_safe", False)})
            raise TransportError(
                f"{method} {response.request.url.path} returned a body that is not JSON "
                f"(HTTP {response.status_code}, {response.headers.get('content-type', 'no content type')})",
                method=method,
                path=response.request.url.path,
                ambiguous=not replay_safe,
            ) from None

    def paginate(
        self,
        path: str,
        list_keys: Sequence[str],
        *,
        params: Mapping[str, Any] | None = None,
        size: int = DEFAULT_PAGE_SIZE,
        paginated: bool = True,
    ) -> Iterator[Any]:
        """Every item of the list at ``path``, fetched lazily page by page."""

        def fetch(page: Mapping[str, int] | None) -> Any:
            return self.call("GET", path, params={**(params or {}), **(page or {})})

        return paginate(fetch, list_keys=list_keys, path=self.api_path(path), size=size, paginated=paginated)
