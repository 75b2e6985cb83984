"""The one schema-driven dynamic provider that every EST resource is a thin adapter over."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any, ClassVar, TypeVar, cast

import pulumi
from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    ConfigureRequest,
    CreateResult,
    DiffResult,
    ReadResult,
    Resource,
    ResourceProvider,
    UpdateResult,
)
from pulumi.output import Unknown
from pulumi.runtime.rpc import UNKNOWN

from sinch_est.client import (
    APIError,
    BadRequestError,
    ConflictError,
    EstClient,
    EstError,
    NotFoundError,
    parse_timestamp,
)
from sinch_est.provider._cache import READS, ReadView
from sinch_est.provider._settings import get_client, set_settings, settings_from
from sinch_est.schema import OBJECT_LIST, Field, ObjectSpec, validate

__all__ = ["EstProvider", "EstResource", "Gone", "ProviderError", "is_unknown", "retry_not_found"]

PROVIDER_KEY = "__provider"
CLOCK_SKEW = 30.0
"""Seconds an API clock may run behind ours when telling our own create from an older object."""
ADOPT_ID = "adopt_id"
NOT_FOUND_GRACE = 4.0
"""Seconds a create keeps retrying a 404: the trunk or list it names may have been created a moment ago and not
be visible yet. A 404 means nothing was made, so trying again cannot duplicate anything."""

T = TypeVar("T")


def retry_not_found(call: Callable[[], T]) -> T:
    """``call()``, tried again on a 404 with backoff (0.25 s doubling to 1 s) for ``NOT_FOUND_GRACE`` seconds."""
    deadline = time.monotonic() + NOT_FOUND_GRACE
    delay = 0.25
    while True:
        try:
            return call()
        except NotFoundError:
            if time.monotonic() + delay > deadline:
                raise
            time.sleep(delay)
            delay = min(2 * delay, 1.0)


class ProviderError(Exception):
    """A provider step failed; the message says what, why, and what to do next."""


class Gone(Exception):
    """The object no longer exists, found without a 404 (a link missing from its trunk's list)."""


def is_unknown(value: Any) -> bool:
    """A value not known until apply (``check`` and ``diff`` get them during a preview)."""
    return isinstance(value, Unknown) or (isinstance(value, str) and value == UNKNOWN)


def _contains_unknown(value: Any) -> bool:
    if is_unknown(value):
        return True
    if isinstance(value, Mapping):
        return any(_contains_unknown(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(_contains_unknown(v) for v in value)
    return False


def _effective(f: Field, value: Any) -> Any:
    """The value as the API would hold it, for comparison: defaults filled, enums upper-cased."""
    value = f.default if value is None else value
    if isinstance(value, tuple):
        value = list(value)
    if f.kind == OBJECT_LIST and f.items is not None and isinstance(value, list):
        item_fields = [i for i in f.items.inputs if not i.path_param]
        return [
            {i.name: _effective(i, item.get(i.name)) for i in item_fields} if isinstance(item, Mapping) else item
            for item in value
        ]
    if f.enum and isinstance(value, str):
        value = value.upper()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return value


class EstProvider(ResourceProvider):
    """Check, diff, create, read, update and delete for one EST object, driven by its spec.

    Subclasses set ``spec`` and implement the ``*_remote`` hooks in a line or two each.
    """

    spec: ClassVar[ObjectSpec]
    extra_outputs: ClassVar[tuple[str, ...]] = ()
    """Outputs the provider derives beyond the spec's fields (for example the ids of nested items)."""
    serialize_as_secret_always = False

    # -- hooks ---------------------------------------------------------------------------------

    def create_remote(self, client: EstClient, inputs: dict[str, Any]) -> dict[str, Any]:
        raise NotImplementedError

    def get_remote(self, client: EstClient, id_: str, props: Mapping[str, Any]) -> dict[str, Any]:
        raise NotImplementedError

    def update_remote(
        self, client: EstClient, id_: str, olds: Mapping[str, Any], inputs: dict[str, Any]
    ) -> dict[str, Any]:
        raise NotImplementedError

    def delete_remote(self, client: EstClient, id_: str, props: Mapping[str, Any]) -> None:
        raise NotImplementedError

    def list_remote(self, client: EstClient, inputs: Mapping[str, Any]) -> Iterable[dict[str, Any]]:
        """Candidates for an object a failed create may have made (see ``find_created``)."""
        return ()

    def normalize(self, props: dict[str, Any]) -> dict[str, Any]:
        """Canonical inputs (``check``); must pass unknown values through untouched."""
        return props

    def extra_replaces(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> list[str]:
        return []

    def remote_to_outputs(self, remote: Mapping[str, Any], inputs: Mapping[str, Any]) -> dict[str, Any]:
        """Outputs from the API's view, keeping write-only inputs as they were applied."""
        outs = {k: v for k, v in remote.items() if k != "id"}
        for name in self.spec.secret_fields:
            outs[name] = inputs.get(name)
        return outs

    def describe(self, props: Mapping[str, Any], id_: str | None = None) -> str:
        label = props.get("name") or props.get("host_name") or id_ or ""
        return f"{self.spec.label} {label!r}" if label else self.spec.label

    def delete_hint(self, exc: APIError) -> str:
        return ""

    # -- Pulumi contract -----------------------------------------------------------------------

    def configure(self, req: ConfigureRequest) -> None:
        set_settings(settings_from(req.config.get))

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        props = {k: v for k, v in news.items() if k != PROVIDER_KEY and v is not None}
        for f in self.spec.inputs:  # enums are case-insensitive on input and upper case in state
            value = props.get(f.name)
            if f.enum and isinstance(value, str) and not is_unknown(value):
                props[f.name] = value.upper()
        props = self.normalize(props)
        failures = [CheckFailure(v.field, v.reason) for v in validate(self.spec, props, is_unknown=_contains_unknown)]
        adopt = props.get(ADOPT_ID)
        if adopt is not None and not is_unknown(adopt) and (not isinstance(adopt, str) or not adopt.strip()):
            failures.append(CheckFailure(ADOPT_ID, "must be the id of an existing object, or left out"))
        return CheckResult(props, failures)

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        changed: list[str] = []
        for f in self.spec.inputs:
            new = news.get(f.name)
            if new is None and f.default is None and not f.required:
                continue  # optional without a default: the API's value is accepted as is
            if _contains_unknown(new) or _effective(f, olds.get(f.name)) != _effective(f, new):
                changed.append(f.name)
        replaces = [name for name in changed if name in self.spec.replace_fields]
        replaces += [r for r in self.extra_replaces(olds, news) if r not in replaces]
        return DiffResult(changes=bool(changed or replaces), replaces=replaces, delete_before_replace=False)

    def create(self, props: dict[str, Any]) -> CreateResult:
        inputs = self._inputs(props)
        client = get_client()
        adopt_id = props.get(ADOPT_ID)
        action = f"adopting {self.describe(inputs, adopt_id)}" if adopt_id else f"creating {self.describe(inputs)}"
        try:
            remote = self._adopt(client, adopt_id, inputs) if adopt_id else self._create(client, inputs)
        except EstError as exc:
            raise ProviderError(f"{action}: {exc}{self._hint(exc, creating=True)}") from exc
        finally:
            READS.invalidate()
        outs = self.remote_to_outputs(remote, inputs)
        if adopt_id:
            outs[ADOPT_ID] = adopt_id
        return CreateResult(str(remote["id"]), outs)

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """Served from a short-lived list of the object's kind (``ReadView``), so a refresh of N objects
        costs about one list call per kind and parent instead of N GETs."""
        # ReadView answers the client methods get_remote hooks call; anything else passes through.
        client = cast(EstClient, ReadView(get_client()))
        try:
            remote = self.get_remote(client, id_, props)
        except (NotFoundError, Gone):
            return ReadResult("", {})
        except EstError as exc:
            raise ProviderError(f"reading {self.describe(props, id_)}: {exc}") from exc
        outs = self.remote_to_outputs(remote, props)
        if props.get(ADOPT_ID):
            outs[ADOPT_ID] = props[ADOPT_ID]
        inputs = {f.name: outs[f.name] for f in self.spec.inputs if outs.get(f.name) is not None}
        if props.get(ADOPT_ID):
            inputs[ADOPT_ID] = props[ADOPT_ID]
        return ReadResult(id_, outs, inputs)

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        inputs = self._inputs(news)
        try:
            remote = self.update_remote(get_client(), id_, olds, inputs)
        except EstError as exc:
            raise ProviderError(f"updating {self.describe(inputs, id_)}: {exc}{self._hint(exc)}") from exc
        finally:
            READS.invalidate()
        outs = self.remote_to_outputs(remote, inputs)
        if news.get(ADOPT_ID):
            outs[ADOPT_ID] = news[ADOPT_ID]
        return UpdateResult(outs)

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        try:
            self.delete_remote(get_client(), id_, props)
        except NotFoundError:
            return
        except EstError as exc:
            hint = self.delete_hint(exc) if isinstance(exc, APIError) else ""
            raise ProviderError(f"deleting {self.describe(props, id_)}: {exc}{hint}") from exc
        finally:
            READS.invalidate()

    # -- shared mechanics ----------------------------------------------------------------------

    def _inputs(self, props: Mapping[str, Any]) -> dict[str, Any]:
        return {f.name: props[f.name] for f in self.spec.inputs if props.get(f.name) is not None}

    def _hint(self, exc: EstError, *, creating: bool = False) -> str:
        if isinstance(exc, ConflictError):
            return (
                f". The {self.spec.label} already exists: choose another value, or take the existing one "
                "over with adopt_id='<its id>'"
            )
        if isinstance(exc, BadRequestError):
            return ". Fix the input named above and run again"
        if isinstance(exc, NotFoundError) and not creating:
            return (
                f". The {self.spec.label} no longer exists: run `pulumi refresh` to drop it from the state, and "
                "`pulumi up` creates it again"
            )
        if isinstance(exc, NotFoundError):
            return (
                f". Something the {self.spec.label} refers to does not exist (for example the object behind its "
                "trunk_id): check the id, or create that object first"
            )
        return ""

    def _create(self, client: EstClient, inputs: dict[str, Any]) -> dict[str, Any]:
        started = time.time()
        try:
            return retry_not_found(lambda: self.create_remote(client, inputs))
        except EstError as exc:
            if not getattr(exc, "ambiguous", False):
                raise
            # The POST may have reached the API: look for what it made before trying again.
            found = self.find_created(client, inputs, started)
            if found is not None:
                return found
            return retry_not_found(lambda: self.create_remote(client, inputs))

    def find_created(self, client: EstClient, inputs: Mapping[str, Any], since: float) -> dict[str, Any] | None:
        """The object an ambiguous create made: same natural key and content, created after ``since``."""
        keys = self.spec.natural_key
        if not keys:
            return None
        for candidate in self.list_remote(client, inputs):
            if all(candidate.get(k) == inputs.get(k) for k in keys) and self._same_content(candidate, inputs):
                created = _epoch(candidate.get("create_time"))
                if created is None or created >= since - CLOCK_SKEW:
                    return candidate
        return None

    def _same_content(self, remote: Mapping[str, Any], inputs: Mapping[str, Any]) -> bool:
        for f in self.spec.body_fields:
            if f.secret or f.kind == OBJECT_LIST or inputs.get(f.name) is None:
                continue
            if _effective(f, remote.get(f.name)) != _effective(f, inputs.get(f.name)):
                return False
        return True

    def _adopt(self, client: EstClient, adopt_id: str, inputs: dict[str, Any]) -> dict[str, Any]:
        try:
            remote = self.get_remote(client, adopt_id, inputs)
        except (NotFoundError, Gone) as exc:
            raise ProviderError(
                f"adopting {self.describe(inputs, adopt_id)}: no object with id {adopt_id!r} exists in the "
                "project; check the id (list them with the client or the Sinch dashboard) or remove adopt_id"
            ) from exc
        outs = self.remote_to_outputs(remote, inputs)
        if self.diff(adopt_id, outs, inputs).changes:
            remote = self.update_remote(client, adopt_id, outs, inputs)
        return remote


def _epoch(value: Any) -> float | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = parse_timestamp(value)
    except ValueError:
        return None
    return parsed.timestamp() if parsed is not None else None


class EstResource(Resource):
    """Base of the resource classes: ``Cls(name, args=None, opts=None, *, adopt_id=None, **inputs)``.

    Builds the props dict from the provider's spec, with every output seeded as ``None`` so that it
    becomes an attribute. Subclasses name their ``provider_class`` and may ``prepare`` the inputs.
    """

    provider_class: ClassVar[type[EstProvider]]

    def __init__(
        self,
        resource_name: str,
        args: Any | None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        adopt_id: pulumi.Input[str] | None = None,
        **kwargs: Any,
    ) -> None:
        provider = self.provider_class()
        spec = provider.spec
        inputs = {f.name: getattr(args, f.name) for f in dataclasses.fields(args)} if args is not None else {}
        inputs = self.prepare({**inputs, **kwargs})
        unknown = set(inputs) - {f.name for f in spec.inputs}
        if unknown:
            raise TypeError(f"{spec.name} got unexpected argument(s): {', '.join(sorted(unknown))}")
        props: dict[str, Any] = {f.name: None for f in spec.fields}
        props.update(dict.fromkeys(provider.extra_outputs))
        props.update({k: v for k, v in inputs.items() if v is not None})
        props[ADOPT_ID] = adopt_id
        secrets = list(spec.secret_fields) + [
            f.name for f in spec.fields if f.items is not None and f.items.secret_fields
        ]
        if secrets:
            opts = pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(additional_secret_outputs=secrets))
        super().__init__(provider, resource_name, props, opts)

    @classmethod
    def prepare(cls, inputs: dict[str, Any]) -> dict[str, Any]:
        """The inputs as the provider expects them (for example nested ``…Args`` turned into dicts)."""
        return inputs
