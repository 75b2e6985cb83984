"""The one schema-driven dynamic provider that every EST resource is a thin adapter over."""

from __future__ import annotations

import dataclasses
import functools
import time
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
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
    SYSTEM_CLOCK,
    APIError,
    BadRequestError,
    Clock,
    ConflictError,
    EstClient,
    EstError,
    NotFoundError,
    Settings,
    poll,
    unreachable_api_hint,
)
from sinch_est.provider._adopt import (
    ADOPT_ID,
    UPDATE_ON_ADOPT,
    announce,
    canonical,
    differences,
    effective,
    render,
    without_secrets,
)
from sinch_est.provider._engine import EngineGone, run_id, step
from sinch_est.provider._journal import Claims, Entry, Journal
from sinch_est.provider._program import held, mask_unknowns, report, unknown_keywords
from sinch_est.provider._reads import READS, CachedReads, LiveReads, Reads
from sinch_est.provider._settings import current_settings, get_client, set_settings
from sinch_est.schema import ALL_SPECS, OBJECT_LIST, ObjectSpec, validate

__all__ = ["EstProvider", "EstResource", "Gone", "ProviderError", "is_unknown"]

PROVIDER_KEY = "__provider"
CLOCK_SKEW = 30.0
"""Seconds an API clock may run behind ours when telling our own create from an older object."""
PARENT_GRACE = 4.0
"""Seconds a create waits for the parent named in its path (the trunk of an endpoint) to become visible: it may
have been created a moment ago. A 404 made nothing, so trying again cannot duplicate anything."""
SPECS = {spec.name: spec for spec in ALL_SPECS}


class ProviderError(Exception):
    """A provider step failed; the message says what, why, and what to do next.

    The engine shows the traceback of a failed step above its message, so these are raised from the public
    method, without a chain (``_brief``): a few lines instead of forty. The API error behind it, if any, is
    kept in ``cause``.
    """

    __module__ = "sinch_est"  # as the engine prints it: sinch_est.ProviderError: <message>

    def __init__(self, message: str, *, cause: BaseException | None = None) -> None:
        super().__init__(message)
        self.cause = cause


Method = TypeVar("Method", bound=Callable[..., Any])


def _brief(method: Method) -> Method:
    """Re-raise a ``ProviderError`` from this frame with no chain, so its traceback is three frames long."""

    @functools.wraps(method)
    def wrapper(*args: Any) -> Any:
        try:
            return method(*args)
        except ProviderError as exc:
            raise exc.with_traceback(None) from None

    return cast(Method, wrapper)


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
        update = props.get(UPDATE_ON_ADOPT)
        if update is not None and not is_unknown(update) and not isinstance(update, bool):
            failures.append(CheckFailure(UPDATE_ON_ADOPT, f"expected true or false, got {type(update).__name__}"))
        return CheckResult(canonical(self.spec, props, _contains_unknown), failures)

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        self._settle(_id)
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

    @_brief
    def create(self, props: dict[str, Any]) -> CreateResult:
        inputs = self.with_defaults(props)
        client = get_client()
        adopt_id = props.get(ADOPT_ID)
        action = f"adopting {self.describe(inputs, adopt_id)}" if adopt_id else f"creating {self.describe(inputs)}"
        try:
            with step(action):
                remote = self._adopt(client, adopt_id, inputs) if adopt_id else self._create(client, inputs)
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

    @_brief
    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """Served from a short-lived list of the object's kind (``CachedReads``), so a refresh of N objects
        costs about one list call per kind and parent instead of N GETs."""
        self._settle(id_)
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

    @_brief
    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        self._settle(id_)
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

    @_brief
    def delete(self, id_: str, props: dict[str, Any]) -> None:
        self._settle(id_)
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

    def _journal(self) -> Journal | None:
        settings = current_settings()
        if not self.resource_key or not settings.project_id:
            return None
        return Journal.of(settings.api_url, settings.project_id)

    def claims(self) -> Claims | None:
        """Which numbers other resources claimed in this run (see ``Claims``)."""
        settings = current_settings()
        if not settings.project_id:
            return None
        return Claims.of(Journal.of(settings.api_url, settings.project_id), run_id())

    def _settle(self, id_: str) -> None:
        """The engine has ``id_`` in its state: the journal may forget how it was made."""
        journal = self._journal()
        if journal is not None:
            journal.settle(id_)

    def _create(self, client: EstClient, inputs: dict[str, Any]) -> dict[str, Any]:
        """The create, journalled: an earlier create of this resource that an interruption cut off is taken
        over instead of repeated (see ``_journal``)."""
        journal = self._journal()
        earlier = journal.read(self.resource_key) if journal is not None else None
        if earlier is not None and journal is not None:
            found = self._recover(client, earlier, {**inputs, **earlier.extra})
            if found is not None:
                earlier.object_id = str(found["id"])
                journal.write(earlier)  # kept until the engine shows it has the object
                return found
        extra = earlier.extra if earlier is not None and earlier.extra else self.remember(client, inputs)
        inputs = {**inputs, **extra}
        entry = Entry(
            self.resource_key,
            started=time.time(),
            natural={k: inputs.get(k) for k in self.spec.natural_key},
            extra=extra,
        )
        if journal is not None:
            journal.write(entry)
        try:
            remote = self._create_once(client, inputs, since=entry.started)
        except EstError as exc:
            if journal is not None and not exc.ambiguous:
                journal.drop(entry)  # a definite refusal made nothing
            raise
        if journal is not None:
            entry.object_id = str(remote["id"])
            journal.write(entry)
        return remote

    def _recover(self, client: EstClient, entry: Entry, inputs: dict[str, Any]) -> dict[str, Any] | None:
        """What an interrupted create of this resource made, brought in line with the inputs; ``None`` if it
        made nothing that is still there."""
        remote: dict[str, Any] | None = None
        if entry.object_id:
            try:
                remote = self.get_remote(LiveReads(client), entry.object_id, inputs)
            except (NotFoundError, Gone):
                return None
        elif self.spec.natural_key:
            remote = self.find_created(client, inputs, entry.started)
        if remote is None:
            return None
        live = without_secrets(self.spec, self.remote_to_outputs(remote, {}))
        found = differences(self.spec, live, inputs)
        if found or without_secrets(self.spec, inputs) != inputs:
            remote = {
                "id": remote["id"],
                **self.update_remote(client, str(remote["id"]), self.with_defaults(live), inputs),
            }
        announce(f"{self.describe(inputs)}: took over id {remote['id']}, made by an interrupted earlier run")
        return remote

    def _create_once(self, client: EstClient, inputs: dict[str, Any], *, since: float) -> dict[str, Any]:
        try:
            return self._create_under_parent(client, inputs)
        except EstError as exc:
            if not exc.ambiguous:
                raise
            # The POST may have reached the API: look for what it made before trying again.
            found = self.find_created(client, inputs, since)
            if found is not None:
                return found
            return self._create_under_parent(client, inputs)

    def _create_under_parent(self, client: EstClient, inputs: dict[str, Any]) -> dict[str, Any]:
        """``create_remote``; a 404 because the parent named in the path (an endpoint's trunk) is not visible
        yet is retried for ``PARENT_GRACE`` seconds. Any other 404 is the answer."""
        parent = self.spec.parent_field
        if parent is None:
            return self.create_remote(client, inputs)
        parent_spec, parent_id = SPECS[parent.refers_to], str(inputs[parent.name])

        def attempt() -> dict[str, Any] | None:
            try:
                return self.create_remote(client, inputs)
            except NotFoundError:
                try:
                    LiveReads(client).get(parent_spec, parent_id)
                except NotFoundError:
                    return None  # the parent itself is missing: wait for it
                raise  # the parent is there: the 404 is about something else

        created = poll(attempt, timeout=PARENT_GRACE, interval=0.25, max_interval=1.0, clock=self.clock)
        if created is None:
            raise _ParentMissing(
                f"{parent.name} {parent_id!r} names no {parent_spec.label} in project {client.project_id!r} "
                f"(still missing after {PARENT_GRACE:g} s): check the id, or create the {parent_spec.label} first"
            )
        return created

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
            if effective(f, remote.get(f.name)) != effective(f, inputs.get(f.name)):
                return False
        return True

    def _adopt(self, client: EstClient, adopt_id: str, inputs: dict[str, Any]) -> dict[str, Any]:
        """Take over the live object ``adopt_id``. When it differs from the inputs, nothing is written and the
        differences are listed, unless ``update_on_adopt`` asks for the update. Write-only values (passwords)
        are always set, as they cannot be compared."""
        action = f"adopting {self.describe(inputs, adopt_id)}"
        try:
            remote = self.get_remote(LiveReads(client), adopt_id, inputs)
        except (NotFoundError, Gone):
            raise ProviderError(
                f"{action}: no object with id {adopt_id!r} exists in project {client.project_id!r}. If this "
                "resource adopted it before and it was deleted since, remove adopt_id and `pulumi up` creates a "
                "new one; otherwise check the id (`sinch-est export` lists every object with its id)"
            ) from None
        live = without_secrets(self.spec, self.remote_to_outputs(remote, {}))
        found = differences(self.spec, live, inputs)
        fixed = sorted({d.where for d in found} & set(self.spec.replace_fields))
        if fixed:
            raise ProviderError(
                f"{action}: the live object differs from the program in {', '.join(fixed)}, which cannot change "
                f"in place, so nothing was changed:\n{render(found)}\nAdopt the object whose {fixed[0]} matches "
                "the program, or leave adopt_id out to create a new one."
            )
        if found and not inputs.get(UPDATE_ON_ADOPT):
            raise ProviderError(
                f"{action}: the live object differs from the program, so nothing was changed:\n{render(found)}\n"
                "Either change the program to match the live values, or set update_on_adopt=True on this "
                "resource to update the object to the program's values as it is adopted."
            )
        secrets = without_secrets(self.spec, inputs) != inputs
        if found or secrets:
            remote = {"id": remote["id"], **self.update_remote(client, adopt_id, self.with_defaults(live), inputs)}
            changed = [f"{d.where} from {d.live!r} to {d.program!r}" for d in found]
            if secrets:
                changed.append("write-only values (passwords) set from the program")
            announce(f"adopted {self.describe(inputs, adopt_id)} (id {adopt_id}): changed {'; '.join(changed)}")
        return remote


class _ParentMissing(EstError):
    """The parent named in a create's path stayed missing through ``PARENT_GRACE``."""


def _epoch(value: Any) -> float | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value).timestamp()
    except ValueError:
        return None


class EstResource(Resource):
    """Base of the resource classes: ``Cls(name, args=None, opts=None, *, adopt_id=None, update_on_adopt=None,
    **inputs)``; each class declares its typed overloads (generated from the schema by scripts/gen_types.py).

    Builds the props dict from the provider's spec, with every output seeded as ``None`` so that it
    becomes an attribute. Inputs known while the program runs are checked here, so every bad input of the
    program is reported in one run (``_program``). Subclasses name their ``provider_class`` and may
    ``prepare`` the inputs.
    """

    provider_class: ClassVar[type[EstProvider]]

    def __init__(
        self,
        resource_name: str,
        args: Any | None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        adopt_id: pulumi.Input[str] | None = None,
        update_on_adopt: pulumi.Input[bool] | None = None,
        **kwargs: Any,
    ) -> None:
        if isinstance(args, pulumi.ResourceOptions) and opts is None:
            args, opts = None, args  # Cls(name, opts) as Pulumi's own classes allow
        provider = self.provider_class()
        provider.resource_key = _resource_key(type(self).__name__, resource_name, opts)
        spec = provider.spec
        inputs = {f.name: getattr(args, f.name) for f in dataclasses.fields(args)} if args is not None else {}
        inputs = self.prepare({**inputs, **kwargs})
        names = [f.name for f in spec.inputs]
        problems = unknown_keywords(set(inputs) - set(names), [*names, ADOPT_ID, UPDATE_ON_ADOPT])
        inputs = {k: v for k, v in inputs.items() if k in names and v is not None}
        known = {**inputs, ADOPT_ID: adopt_id, UPDATE_ON_ADOPT: update_on_adopt}
        problems += [(f.property, f.reason) for f in provider.check({}, mask_unknowns(known)).failures]
        if problems:
            report(type(self).__name__, resource_name, problems)
        props: dict[str, Any] = {f.name: None for f in spec.fields}
        props.update(dict.fromkeys(provider.extra_outputs))
        props.update(inputs)
        props[ADOPT_ID] = held(adopt_id)
        props[UPDATE_ON_ADOPT] = update_on_adopt
        secrets = list(spec.secret_fields)
        for f in spec.fields:
            if f.items is not None and f.items.secret_fields and props.get(f.name) is not None:
                # Secret as an input too, so the state holds no plaintext password even before the first output.
                props[f.name] = pulumi.Output.secret(props[f.name])
                secrets.append(f.name)
        if secrets:
            opts = pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(additional_secret_outputs=secrets))
        super().__init__(provider, resource_name, props, opts)

    @classmethod
    def prepare(cls, inputs: dict[str, Any]) -> dict[str, Any]:
        """The inputs as the provider expects them (for example nested ``…Args`` turned into dicts)."""
        return inputs


def _resource_key(kind: str, name: str, opts: pulumi.ResourceOptions | None) -> str:
    """The resource's identity in its stack: project, stack, its parent's type and name, its own class and
    name (the parts of its URN a program knows at once)."""
    parent = opts.parent if opts is not None else None
    owner = f"{parent.pulumi_resource_type}::{parent.pulumi_resource_name}" if parent is not None else ""
    return f"{pulumi.get_project()}/{pulumi.get_stack()}/{owner}/{kind}::{name}"
