"""The one schema-driven dynamic provider that every EST resource is a thin adapter over."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    ConfigureRequest,
    CreateResult,
    DiffResult,
    ReadResult,
    ResourceProvider,
    UpdateResult,
)
from pulumi.output import Unknown
from pulumi.runtime.rpc import UNKNOWN

from sinch_est.client import (
    SYSTEM_CLOCK,
    APIError,
    BadRequestError,
    Clock,
    ConflictError,
    EstClient,
    EstError,
    NotFoundError,
    Settings,
    unreachable_api_hint,
)
from sinch_est.provider import _create
from sinch_est.provider._adopt import (
    ADOPT_ID,
    UPDATE_ON_ADOPT,
    canonical,
    effective,
)
from sinch_est.provider._engine import EngineGone, step
from sinch_est.provider._errors import Gone, ProviderError, brief
from sinch_est.provider._journal import Claims
from sinch_est.provider._reads import READS, CachedReads, Reads
from sinch_est.provider._settings import get_client, set_settings
from sinch_est.schema import ObjectSpec, validate

__all__ = ["EstProvider", "Gone", "ProviderError", "is_unknown"]

PROVIDER_KEY = "__provider"


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


class EstProvider(ResourceProvider):
    """Check, diff, create, read, update and delete for one EST object, driven by its spec.

    Subclasses set ``spec`` and implement the ``*_remote`` hooks in a line or two each. The hooks get their
    inputs with the schema's defaults filled in, so no provider restates a default.
    """

    spec: ClassVar[ObjectSpec]
    extra_outputs: ClassVar[tuple[str, ...]] = ()
    """Outputs the provider derives beyond the spec's fields (for example the ids of nested items)."""
    serialize_as_secret_always = False
    clock: ClassVar[Clock] = SYSTEM_CLOCK
    """Time for the waits of ``create`` (tests drive it instead of sleeping)."""
    resource_key: str = ""
    """Which resource of which stack this provider instance serves (set by ``EstResource``, so it travels in
    the pickled provider): the create journal's key. Empty for providers built by hand."""

    def __reduce__(self) -> tuple[Any, ...]:
        # How Pulumi stores the provider in every resource's state (dill): the class by reference and the key,
        # as a tuple. Pulumi's serializer wraps the pickler's dict writer once more on each call and never
        # unwraps it, so an instance dict would recurse deeper with every resource (RecursionError past ~1,000).
        return (_provider, (type(self), self.resource_key))

    # -- hooks ---------------------------------------------------------------------------------

    def create_remote(self, client: EstClient, inputs: dict[str, Any]) -> dict[str, Any]:
        raise NotImplementedError

    def get_remote(self, reads: Reads, id_: str, props: Mapping[str, Any]) -> dict[str, Any]:
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

    def remember(self, client: EstClient, inputs: Mapping[str, Any]) -> dict[str, Any]:
        """Values to read before a create and keep across an interruption (the journal keeps them); they are
        passed to ``create_remote`` with the inputs."""
        return {}

    def normalize(self, props: dict[str, Any]) -> dict[str, Any]:
        """Canonical inputs (``check``); must pass unknown values through untouched."""
        return props

    def extra_replaces(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> list[str]:
        return []

    def remote_to_outputs(self, remote: Mapping[str, Any], inputs: Mapping[str, Any]) -> dict[str, Any]:
        """Outputs from the API's view, keeping write-only and provider-only inputs as they were applied."""
        outs = {k: v for k, v in remote.items() if k != "id"}
        for f in self.spec.inputs:
            if (f.secret or f.local) and f.name not in remote:
                outs[f.name] = inputs.get(f.name)
        return outs

    def describe(self, props: Mapping[str, Any], id_: str | None = None) -> str:
        label = props.get("name") or props.get("host_name") or id_ or ""
        return f"{self.spec.label} {label!r}" if label else self.spec.label

    def delete_hint(self, exc: APIError) -> str:
        return ""

    # -- Pulumi contract -----------------------------------------------------------------------

    def configure(self, req: ConfigureRequest) -> None:
        set_settings(Settings.resolve(req.config.get))

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        props = self.normalize(_upper_enums(self.spec, {k: v for k, v in news.items() if k != PROVIDER_KEY}))
        failures = [CheckFailure(v.field, v.reason) for v in validate(self.spec, props, is_unknown=_contains_unknown)]
        adopt = props.get(ADOPT_ID)
        if adopt is not None and not is_unknown(adopt) and (not isinstance(adopt, str) or not adopt.strip()):
            failures.append(CheckFailure(ADOPT_ID, "must be the id of an existing object, or left out"))
        update = props.get(UPDATE_ON_ADOPT)
        if update is not None and not is_unknown(update) and not isinstance(update, bool):
            failures.append(CheckFailure(UPDATE_ON_ADOPT, f"expected true or false, got {type(update).__name__}"))
        return CheckResult(canonical(self.spec, props, _contains_unknown), failures)

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        _create.settle(self, _id)
        changed: list[str] = []
        for f in self.spec.inputs:
            new = news.get(f.name)
            if new is None and f.default is None and not f.required:
                continue  # optional without a default: the API's value is accepted as is
            if _contains_unknown(new) or effective(f, olds.get(f.name)) != effective(f, new):
                changed.append(f.name)
        replaces = [name for name in changed if name in self.spec.replace_fields]
        replaces += [r for r in self.extra_replaces(olds, news) if r not in replaces]
        return DiffResult(changes=bool(changed or replaces), replaces=replaces, delete_before_replace=False)

    @brief
    def create(self, props: dict[str, Any]) -> CreateResult:
        inputs = self.with_defaults(props)
        client = get_client()
        adopt_id = props.get(ADOPT_ID)
        action = f"adopting {self.describe(inputs, adopt_id)}" if adopt_id else f"creating {self.describe(inputs)}"
        try:
            with step(action):
                remote = (
                    _create.adopt(self, client, adopt_id, inputs) if adopt_id else _create.create(self, client, inputs)
                )
        except EngineGone as exc:
            raise ProviderError(str(exc)) from None
        except ConflictError as exc:
            raise ProviderError(f"{action}: {exc}{self._conflict_hint(client, inputs)}", cause=exc) from None
        except EstError as exc:
            raise ProviderError(f"{action}: {exc}{self._hint(exc, inputs, creating=True)}", cause=exc) from None
        finally:
            READS.invalidate()
        outs = self.remote_to_outputs(remote, inputs)
        if adopt_id:
            outs[ADOPT_ID] = adopt_id
        return CreateResult(str(remote["id"]), outs)

    @brief
    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """Served from a short-lived list of the object's kind (``CachedReads``), so a refresh of N objects
        costs about one list call per kind and parent instead of N GETs."""
        _create.settle(self, id_)
        state = self.with_defaults(props)
        try:
            remote = self.get_remote(CachedReads(get_client()), id_, state)
        except (NotFoundError, Gone):
            return ReadResult("", {})
        except EstError as exc:
            hint = unreachable_api_hint(exc, settings_from_state=True)
            raise ProviderError(
                f"reading {self.describe(props, id_)}: {exc}{f'. {hint}' if hint else ''}", cause=exc
            ) from None
        outs = self.remote_to_outputs(remote, state)
        inputs = canonical(self.spec, {f.name: outs.get(f.name) for f in self.spec.inputs}, _contains_unknown)
        for name in (ADOPT_ID, UPDATE_ON_ADOPT):
            if props.get(name) is not None:
                outs[name] = inputs[name] = props[name]
        return ReadResult(id_, outs, inputs)

    @brief
    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        _create.settle(self, id_)
        inputs = self.with_defaults(news)
        try:
            with step(f"updating {self.describe(inputs, id_)}"):
                remote = self.update_remote(get_client(), id_, self.with_defaults(olds), inputs)
        except EngineGone as exc:
            raise ProviderError(str(exc)) from None
        except EstError as exc:
            raise ProviderError(
                f"updating {self.describe(inputs, id_)}: {exc}{self._hint(exc, inputs)}", cause=exc
            ) from None
        finally:
            READS.invalidate()
        outs = self.remote_to_outputs(remote, inputs)
        if news.get(ADOPT_ID):
            outs[ADOPT_ID] = news[ADOPT_ID]
        return UpdateResult(outs)

    @brief
    def delete(self, id_: str, props: dict[str, Any]) -> None:
        _create.settle(self, id_)
        try:
            with step(f"deleting {self.describe(props, id_)}"):
                self.delete_remote(get_client(), id_, self.with_defaults(props))
        except EngineGone as exc:
            raise ProviderError(str(exc)) from None
        except NotFoundError:
            return
        except EstError as exc:
            unreachable = unreachable_api_hint(exc, settings_from_state=True)
            hint = self.delete_hint(exc) if isinstance(exc, APIError) else f". {unreachable}" if unreachable else ""
            raise ProviderError(f"deleting {self.describe(props, id_)}: {exc}{hint}", cause=exc) from None
        finally:
            READS.invalidate()

    # -- shared mechanics ----------------------------------------------------------------------

    def claims(self) -> Claims:
        """What other resources claimed on a trunk in this run, and which trunks it created (see ``Claims``)."""
        return _create.claims_of(self)

    def with_defaults(self, props: Mapping[str, Any]) -> dict[str, Any]:
        """``props`` without the engine's ``__provider``, each missing input that has a default given it
        (state written before a field existed reads as if it had the default)."""
        filled = {k: v for k, v in props.items() if k != PROVIDER_KEY and v is not None}
        for f in self.spec.inputs:
            if filled.get(f.name) is None and f.default is not None:
                filled[f.name] = list(f.default) if isinstance(f.default, tuple) else f.default
        return filled

    def _hint(self, exc: EstError, inputs: Mapping[str, Any], *, creating: bool = False) -> str:
        if (unreachable := unreachable_api_hint(exc, settings_from_state=False)) is not None:
            return f". {unreachable}"
        if isinstance(exc, ConflictError):
            return f". Another {self.spec.label} already has one of these values: choose another"
        if isinstance(exc, BadRequestError | NotFoundError) and (culprit := self._culprit(exc, inputs)):
            value = inputs.get(culprit)
            what = "does not exist" if isinstance(exc, NotFoundError) else "was refused"
            return f". Check {culprit}: {value!r} {what}"
        if isinstance(exc, BadRequestError):
            return ". Fix the input named above and run again"
        if isinstance(exc, NotFoundError) and not creating:
            return (
                f". The {self.spec.label} no longer exists: run `pulumi refresh` to drop it from the state, and "
                "`pulumi up` creates it again"
            )
        if isinstance(exc, NotFoundError):
            references = [f.name for f in self.spec.inputs if f.refers_to]
            return f". Something it refers to does not exist: check {', '.join(references) or 'its references'}"
        return ""

    def _conflict_hint(self, client: EstClient, inputs: Mapping[str, Any]) -> str:
        """The object a create collided with, by its natural key, and the input that takes it over."""
        keys = self.spec.natural_key
        try:
            existing = next(
                (c for c in self.list_remote(client, inputs) if keys and all(c.get(k) == inputs.get(k) for k in keys)),
                None,
            )
        except EstError:
            existing = None
        what = ", ".join(f"{k}={inputs.get(k)!r}" for k in keys) or "these inputs"
        if existing is None:
            return f". The {self.spec.label} already exists: choose another {what}, or adopt the existing one"
        return (
            f". A {self.spec.label} with {what} already exists (id {existing['id']}): take it over with "
            f"adopt_id={existing['id']!r}, or choose another {keys[0]}"
        )

    def _culprit(self, exc: APIError, inputs: Mapping[str, Any]) -> str | None:
        """The input an API error is about: named by a field violation, else the one whose value it quotes."""
        by_wire = {f.wire: f.name for f in self.spec.inputs if f.wire}
        for wire, _reason in exc.field_violations:
            if wire in by_wire:
                return by_wire[wire]
        for f in self.spec.inputs:
            value = inputs.get(f.name)
            if isinstance(value, str) and len(value) > 2 and value in (exc.message or ""):
                return f.name
        return None


def _upper_enums(spec: ObjectSpec, props: Mapping[str, Any]) -> dict[str, Any]:
    """``props`` without unset values, enums upper-cased (case-insensitive on input, upper case in state), in
    the items of list inputs too."""
    result = {k: v for k, v in props.items() if v is not None}
    for f in spec.inputs:
        value = result.get(f.name)
        if f.enum and isinstance(value, str) and not is_unknown(value):
            result[f.name] = value.upper()
        elif f.items is not None and isinstance(value, list | tuple):
            result[f.name] = [_upper_enums(f.items, i) if isinstance(i, Mapping) else i for i in value]
    return result


def _provider(cls: type[EstProvider], resource_key: str) -> EstProvider:
    """A provider back from its stored form (``EstProvider.__reduce__``)."""
    provider = cls()
    provider.resource_key = resource_key
    return provider
