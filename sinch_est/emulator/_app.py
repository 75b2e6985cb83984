"""The app factory: EST routes generated from the schema specs, plus token, Numbers API and admin routes."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import urllib.parse
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import asdict
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route
from starlette.types import Receive, Scope, Send

from sinch_est.emulator import _errors as errors
from sinch_est.emulator._auth import Auth
from sinch_est.emulator._calls import to_csv
from sinch_est.emulator._faults import FaultInjector, Faults
from sinch_est.emulator._gate import ADMIN_PREFIX, Gate, is_numbers_api
from sinch_est.emulator._log import RequestLog
from sinch_est.emulator._records import parent_field, parse_json
from sinch_est.emulator._store import Store
from sinch_est.schema import (
    ACCESS_CONTROL_LIST,
    CALL,
    CALL_BLOCKING_RULE,
    COUNTRY_PERMISSION,
    CREDENTIAL,
    CREDENTIAL_LIST,
    IP_RANGE,
    PHONE_NUMBER,
    SIP_ENDPOINT,
    SIP_TRUNK,
    TRUNK_ACCESS_CONTROL_LIST,
    TRUNK_CREDENTIAL_LIST,
    ObjectSpec,
    validators,
)

__all__ = ["BASE_PATH", "ROUTE_TABLE", "EmulatorApp", "create_app"]

log = logging.getLogger("sinch_est.emulator")

BASE_PATH = "/v1/projects/{project_id}"
_CRUD = ("list", "create", "get", "replace", "delete")
ROUTE_TABLE: tuple[tuple[ObjectSpec, tuple[str, ...]], ...] = (
    (SIP_TRUNK, _CRUD),
    (SIP_ENDPOINT, _CRUD),
    (ACCESS_CONTROL_LIST, _CRUD),
    (IP_RANGE, ("list", "create", "replace", "delete")),
    (TRUNK_ACCESS_CONTROL_LIST, ("list", "create", "delete")),
    (CREDENTIAL_LIST, _CRUD),
    (CREDENTIAL, ("replace", "delete")),
    (TRUNK_CREDENTIAL_LIST, ("list", "create", "replace_all", "delete")),
    (PHONE_NUMBER, ("list", "create", "get")),
    (COUNTRY_PERMISSION, ("list", "get", "replace")),
    (CALL_BLOCKING_RULE, ("list", "create", "replace", "delete")),
)
"""Which operations of est-api.md §4 each object has; paths, keys and statuses come from its spec."""

_METHODS = {
    "list": "GET",
    "create": "POST",
    "replace_all": "PUT",
    "get": "GET",
    "replace": "PUT",
    "delete": "DELETE",
}
_PAGE_SIZE = {"default": 500, "max": 500}
_MAX_BODY_SIZE = 4 * 1024 * 1024
_DIRECTIONS = {"asc": False, "ascending": False, "desc": True, "descending": True}
Endpoint = Callable[[Request], Awaitable[Response]]


def _paths(spec: ObjectSpec) -> tuple[str, str]:
    placeholders = {f.name: "{" + f.name + "}" for f in spec.fields if f.path_param}
    return BASE_PATH + spec.collection_path(**placeholders), BASE_PATH + spec.item_path("{item_id}", **placeholders)


def _page(request: Request, spec: ObjectSpec) -> tuple[int, int]:
    limits = {**_PAGE_SIZE, **spec.extra.get("page_size", {})}
    query = request.query_params
    raw = {
        "page": query.get("page") or "1",
        "size": query.get("size") or query.get("pageSize") or limits["default"],
    }
    values: dict[str, int] = {}
    violations = []
    for name, check in (("page", validators.in_range(1)), ("size", validators.in_range(1, limits["max"]))):
        text = str(raw[name])
        value: object = int(text) if text.strip().lstrip("-").isdigit() else text
        if (reason := check(value)) is not None:
            violations.append((name, reason))
        else:
            values[name] = int(text)
    if violations:
        raise errors.invalid_argument("request", violations)
    return values["page"], values["size"]


def _sorted(items: list[dict[str, Any]], sorts: list[str]) -> list[dict[str, Any]]:
    """Apply ``sort=property,(ascending)`` parameters (the SDK comma-joins several) from last to first."""
    keys: list[tuple[str, bool]] = []
    for token in (t.strip() for value in sorts for t in value.split(",")):
        direction = _DIRECTIONS.get(token.strip("()").lower())
        if direction is not None and keys:
            keys[-1] = (keys[-1][0], direction)
        elif token:
            keys.append((token, False))
    for key, descending in reversed(keys):
        items = sorted(items, key=lambda i: (i.get(key) is None, str(i.get(key))), reverse=descending)
    return items


def _envelope(spec: ObjectSpec, items: list[dict[str, Any]], request: Request) -> dict[str, Any]:
    """The list body: every list key of the spec (``…Ids`` keys get ids) plus §11's pagination fields."""
    if not spec.paginated:
        return {spec.list_keys[0]: items}
    page, size = _page(request, spec)
    items = _sorted(items, request.query_params.getlist("sort"))
    chunk = items[(page - 1) * size : page * size]
    body: dict[str, Any] = {k: [i["id"] for i in chunk] if k.endswith("Ids") else chunk for k in spec.list_keys}
    body.update(totalItems=len(items), pageNumber=page, pageSize=size, size=size)
    return body


def _spec_endpoint(store: Store, spec: ObjectSpec, op: str) -> Endpoint:
    pf = parent_field(spec)

    async def endpoint(request: Request) -> Response:
        project = request.path_params["project_id"]
        parent = request.path_params.get(pf.name) if pf is not None else None
        key = request.path_params.get("item_id", "")
        if op == "list":
            items = store.list(project, spec, parent=parent, filters=request.query_params)
            return JSONResponse(_envelope(spec, items, request))
        if op == "get":
            return JSONResponse(store.get(project, spec, key, parent=parent))
        if op == "delete":
            store.delete(project, spec, key, parent=parent)
            return Response(status_code=204)
        body = parse_json(await request.body())
        if op == "create":
            return JSONResponse(store.create(project, spec, body, parent=parent), status_code=spec.create_status)
        if op == "replace":
            return JSONResponse(store.replace(project, spec, key, body, parent=parent))
        return JSONResponse(store.replace_all(project, spec, body, parent=parent))

    return endpoint


def _spec_routes(store: Store) -> list[BaseRoute]:
    routes: list[BaseRoute] = []
    for spec, ops in ROUTE_TABLE:
        collection, item = _paths(spec)
        for op in ops:
            path = item if op in ("get", "replace", "delete") else collection
            routes.append(
                Route(path, _spec_endpoint(store, spec, op), methods=[_METHODS[op]], name=f"{spec.name}.{op}")
            )
    return routes


def _extra_routes(store: Store) -> list[BaseRoute]:
    """The operations that are not CRUD on one object: linked trunks, calls, projects, numbers (both APIs)."""

    def trunks_using(spec: ObjectSpec) -> Endpoint:
        async def endpoint(request: Request) -> Response:
            trunks = store.trunks_using(request.path_params["project_id"], spec, request.path_params["item_id"])
            return JSONResponse(_envelope(SIP_TRUNK, trunks, request))

        return endpoint

    async def calls(request: Request) -> Response:
        found = store.calls(request.path_params["project_id"], request.query_params)
        return JSONResponse(_envelope(CALL, found, request))

    async def export(request: Request) -> Response:
        found = store.calls(request.path_params["project_id"], request.query_params)
        name = (request.query_params.get("fileName") or "EST_call_records.csv").replace('"', "")
        headers = {"Content-Disposition": f'attachment; filename="{name}"'}
        return Response(to_csv(found), media_type="application/csv", headers=headers)

    async def pcap(request: Request) -> Response:
        pcap_id = request.path_params["pcap_id"]
        blob = store.pcap(request.path_params["project_id"], pcap_id)
        headers = {"Content-Disposition": f'attachment; filename="{pcap_id}.pcap"'}
        return Response(blob, media_type="application/octet-stream", headers=headers)

    async def add_projects(request: Request) -> Response:
        return JSONResponse(store.add_projects(request.path_params["project_id"], parse_json(await request.body())))

    async def trunk_numbers(request: Request) -> Response:
        project, trunk = request.path_params["project_id"], request.path_params["trunk_id"]
        if request.method == "GET":
            raise errors.no_resource(request.url.path)  # documented 404 (est-api.md §9.2)
        body = parse_json(await request.body())
        if request.method == "DELETE":
            store.unassign_from_trunk(project, trunk, body)
            return Response(status_code=204)
        return JSONResponse(store.assign_to_trunk(project, trunk, body), status_code=PHONE_NUMBER.create_status)

    async def active_number(request: Request) -> Response:
        project, number = request.path_params["project_id"], request.path_params["phone_number"]
        if request.method == "PATCH":
            return JSONResponse(store.update_active_number(project, number, parse_json(await request.body())))
        return JSONResponse(store.active_number(project, number))

    async def active_numbers(request: Request) -> Response:
        return JSONResponse(store.active_numbers(request.path_params["project_id"], request.query_params.multi_items()))

    calls_path = BASE_PATH + CALL.path
    trunk_path = BASE_PATH + SIP_TRUNK.path + "/{trunk_id}"
    return [
        Route(_paths(ACCESS_CONTROL_LIST)[1] + "/trunks", trunks_using(ACCESS_CONTROL_LIST), methods=["GET"]),
        Route(_paths(CREDENTIAL_LIST)[1] + "/trunks", trunks_using(CREDENTIAL_LIST), methods=["GET"]),
        Route(calls_path, calls, methods=["GET"]),
        Route(calls_path + "/export", export, methods=["GET"]),
        Route(calls_path + "/records/{pcap_id}/pcap", pcap, methods=["GET"]),
        Route(BASE_PATH + "/addProjects", add_projects, methods=["POST"]),
        Route(trunk_path + "/phoneNumbers", trunk_numbers, methods=["GET", "POST", "DELETE"]),
        Route(BASE_PATH + "/activeNumbers", active_numbers, methods=["GET"]),
        Route(BASE_PATH + "/activeNumbers/{phone_number}", active_number, methods=["GET", "PATCH"]),
    ]


def _service_routes(app: EmulatorApp) -> list[BaseRoute]:
    """``POST /oauth2/token`` and the admin routes under ``/_emulator/`` (never logged, never faulted)."""

    async def token(request: Request) -> Response:
        raw = (await request.body()).decode("utf-8", "replace")
        form: Mapping[str, str]
        if request.headers.get("content-type", "").startswith("application/json"):
            loaded = json.loads(raw or "{}")
            form = {str(k): str(v) for k, v in loaded.items()} if isinstance(loaded, dict) else {}
        else:
            form = dict(urllib.parse.parse_qsl(raw))
        status, body = app.auth.token_endpoint(request.headers.get("authorization"), form)
        headers = {"WWW-Authenticate": 'Basic realm="sinch"'} if status == 401 else None
        return JSONResponse(body, status_code=status, headers=headers)

    async def requests(request: Request) -> Response:
        log = app.requests
        return JSONResponse({"requests": [r.to_dict() for r in log], "total": log.total, "inFlight": log.in_flight})

    async def reset(request: Request) -> Response:
        app.reset()
        return Response(status_code=204)

    async def faults(request: Request) -> Response:
        if request.method == "PUT":
            changes = parse_json(await request.body())
            try:
                app.set_faults(**changes)
            except (TypeError, ValueError) as exc:
                raise errors.invalid_argument("faults", [("body", str(exc))]) from None
        return JSONResponse(asdict(app.faults))

    return [
        Route("/oauth2/token", token, methods=["POST"]),
        Route(ADMIN_PREFIX + "requests", requests, methods=["GET"]),
        Route(ADMIN_PREFIX + "reset", reset, methods=["POST"]),
        Route(ADMIN_PREFIX + "faults", faults, methods=["GET", "PUT"]),
    ]


async def _on_est_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, errors.EstError)
    return errors.render(exc, wrapped=is_numbers_api(request.url.path))


async def _on_http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        error = errors.no_resource(request.url.path)
    elif exc.status_code == 405:
        error = errors.method_not_allowed(request.method, (exc.headers or {}).get("Allow", ""))
    else:
        error = errors.EstError(exc.status_code, "INVALID_ARGUMENT", str(exc.detail))
    return errors.render(error, wrapped=is_numbers_api(request.url.path))


async def _on_crash(request: Request, exc: Exception) -> Response:
    error = errors.EstError(500, "INTERNAL", f"Internal error in the emulator: {type(exc).__name__}")
    return errors.render(error)


async def _compact(store: Store, interval: float) -> None:
    """Every ``interval`` seconds, fold the journal into the state file if it has outgrown it."""
    while True:
        await asyncio.sleep(interval)
        if store.compaction_due:
            try:
                await asyncio.to_thread(store.save)
            except OSError as exc:
                log.warning("could not write the state file %s: %s", store.state_file, exc)


class EmulatorApp(Starlette):
    """The Starlette app; ``store``, ``faults``, ``auth`` and ``requests`` are live and shared."""

    def __init__(
        self,
        *,
        store: Store,
        faults: Faults,
        auth: Auth,
        requests: RequestLog,
        save_interval: float,
        seed: int | None,
    ) -> None:
        self.store = store
        self.faults = faults
        self.auth = auth
        self.requests = requests
        self.injector = FaultInjector(faults, seed=seed)
        self.gate = Gate(
            auth=auth, injector=self.injector, log=requests, max_body_size=_MAX_BODY_SIZE, durable=store.synced
        )
        self._initial = (faults.copy(), auth.token_ttl, store.provisioning_delay)

        @contextlib.asynccontextmanager
        async def lifespan(app: Starlette) -> AsyncIterator[None]:
            compactor = asyncio.create_task(_compact(store, save_interval)) if store.state_file is not None else None
            try:
                yield
            finally:
                if compactor is not None:
                    compactor.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await compactor
                    store.close()

        super().__init__(
            routes=[*_spec_routes(store), *_extra_routes(store), *_service_routes(self)],
            exception_handlers={
                errors.EstError: _on_est_error,
                HTTPException: _on_http_error,
                Exception: _on_crash,
            },
            lifespan=lifespan,
            max_body_size=_MAX_BODY_SIZE,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.gate(scope, receive, send, super().__call__)

    def set_faults(self, faults: Faults | None = None, **changes: Any) -> None:
        """Replace every fault setting: with ``faults``, else defaults overridden by ``changes``."""
        self.faults.assign(faults if faults is not None else Faults(**changes))

    def reset(self) -> None:
        """Back to how it started: no objects, an empty log, the first faults, token lifetime and delay."""
        faults, token_ttl, provisioning_delay = self._initial
        self.store.reset()
        self.store.provisioning_delay = provisioning_delay
        self.requests.clear()
        self.injector.reset()
        self.faults.assign(faults)
        self.auth.token_ttl = token_ttl


def create_app(
    *,
    store: Store | None = None,
    faults: Faults | None = None,
    auth: Auth | None = None,
    requests: RequestLog | None = None,
    save_interval: float = 1.0,
    seed: int | None = None,
) -> EmulatorApp:
    """The emulator as a Starlette app over ``store``.

    With ``store.state_file`` set, no response leaves before the changes it reports are journaled and
    on disk; every ``save_interval`` seconds the journal is folded into the state file if it has
    outgrown it, and once more at shutdown. ``seed`` makes injected faults reproducible.
    """
    return EmulatorApp(
        store=store if store is not None else Store(),
        faults=faults if faults is not None else Faults(),
        auth=auth if auth is not None else Auth(),
        requests=requests if requests is not None else RequestLog(),
        save_interval=save_interval,
        seed=seed,
    )
