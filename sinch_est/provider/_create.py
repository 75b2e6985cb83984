"""How an EST object comes into being: created (journalled, waiting briefly for a parent not visible yet,
finding what an ambiguous failure may have made) or adopted (never changing anything unseen).

These are the create side of ``EstProvider``: each takes the provider it works for.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sinch_est.client import EstClient, EstError, NotFoundError, poll
from sinch_est.provider._adopt import UPDATE_ON_ADOPT, announce, differences, effective, render, without_secrets
from sinch_est.provider._engine import run_id
from sinch_est.provider._errors import Gone, ProviderError
from sinch_est.provider._journal import Claims, Entry, Journal
from sinch_est.provider._reads import LiveReads
from sinch_est.provider._settings import current_settings
from sinch_est.schema import OBJECT_LIST, SPECS_BY_NAME

if TYPE_CHECKING:
    from sinch_est.provider._base import EstProvider

__all__ = [
    "CLOCK_SKEW",
    "PARENT_GRACE",
    "adopt",
    "claims_of",
    "create",
    "epoch",
    "find_created",
    "journal_of",
    "settle",
]

CLOCK_SKEW = 30.0
"""Seconds an API clock may run behind ours when telling our own create from an older object."""
PARENT_GRACE = 4.0
"""Seconds a create waits for the parent named in its path (the trunk of an endpoint) to become visible: it may
have been created a moment ago. A 404 made nothing, so trying again cannot duplicate anything."""


def journal_of(provider: EstProvider) -> Journal | None:
    settings = current_settings()
    if not provider.resource_key or not settings.project_id:
        return None
    return Journal.of(settings.api_url, settings.project_id)


def claims_of(provider: EstProvider) -> Claims:
    """What other resources claimed on a trunk in this run, and which trunks it created (see ``Claims``)."""
    settings = current_settings()
    if not settings.project_id:
        return Claims(None)
    return Claims.of(Journal.of(settings.api_url, settings.project_id), run_id())


def settle(provider: EstProvider, id_: str) -> None:
    """The engine has ``id_`` in its state: the journal may forget how it was made."""
    journal = journal_of(provider)
    if journal is not None:
        journal.settle(id_)


def create(provider: EstProvider, client: EstClient, inputs: dict[str, Any]) -> dict[str, Any]:
    """The create, journalled: an earlier create of this resource that an interruption cut off is taken
    over instead of repeated (see ``_journal``)."""
    journal = journal_of(provider)
    earlier = journal.read(provider.resource_key) if journal is not None else None
    if earlier is not None and journal is not None:
        found = _recover(provider, client, earlier, {**inputs, **earlier.extra})
        if found is not None:
            earlier.object_id = str(found["id"])
            journal.write(earlier)  # kept until the engine shows it has the object
            return found
    extra = earlier.extra if earlier is not None and earlier.extra else provider.remember(client, inputs)
    inputs = {**inputs, **extra}
    entry = Entry(
        provider.resource_key,
        started=time.time(),
        natural={k: inputs.get(k) for k in provider.spec.natural_key},
        extra=extra,
    )
    if journal is not None:
        journal.write(entry)
    try:
        remote = _create_once(provider, client, inputs, since=entry.started)
    except EstError as exc:
        if journal is not None and not exc.ambiguous:
            journal.drop(entry)  # a definite refusal made nothing
        raise
    if journal is not None:
        entry.object_id = str(remote["id"])
        journal.write(entry)
    return remote


def _recover(provider: EstProvider, client: EstClient, entry: Entry, inputs: dict[str, Any]) -> dict[str, Any] | None:
    """What an interrupted create of this resource made, brought in line with the inputs; ``None`` if it
    made nothing that is still there."""
    object_id = entry.object_id
    if not object_id and provider.spec.natural_key:
        found = find_created(provider, client, inputs, entry.started)
        object_id = str(found["id"]) if found is not None else ""
    remote = _take_over(provider, client, object_id, inputs) if object_id else None
    if remote is not None:
        announce(f"{provider.describe(inputs)}: took over id {remote['id']}, made by an interrupted earlier run")
    return remote


def _take_over(
    provider: EstProvider, client: EstClient, object_id: str, inputs: dict[str, Any]
) -> dict[str, Any] | None:
    """An object this resource made itself (found by the journal or after an ambiguous failure), read as a whole
    and updated to the inputs where it differs; ``None`` if it is gone."""
    try:
        remote = provider.get_remote(LiveReads(client), object_id, inputs)
    except (NotFoundError, Gone):
        return None
    live = without_secrets(provider.spec, provider.remote_to_outputs(remote, {}))
    if differences(provider.spec, live, inputs) or without_secrets(provider.spec, inputs) != inputs:
        remote = {"id": remote["id"], **provider.update_remote(client, object_id, provider.with_defaults(live), inputs)}
    return remote


def _create_once(provider: EstProvider, client: EstClient, inputs: dict[str, Any], *, since: float) -> dict[str, Any]:
    try:
        return _create_under_parent(provider, client, inputs)
    except EstError as exc:
        if not exc.ambiguous:
            raise
        # The POST may have reached the API: look for what it made before trying again.
        found = find_created(provider, client, inputs, since)
        if found is not None:
            return _take_over(provider, client, str(found["id"]), inputs) or found
        return _create_under_parent(provider, client, inputs)


def _create_under_parent(provider: EstProvider, client: EstClient, inputs: dict[str, Any]) -> dict[str, Any]:
    """``create_remote``; a 404 because the parent named in the path (an endpoint's trunk) is not visible
    yet is retried for ``PARENT_GRACE`` seconds. Any other 404 is the answer."""
    parent = provider.spec.parent_field
    if parent is None:
        return provider.create_remote(client, inputs)
    parent_spec, parent_id = SPECS_BY_NAME[parent.refers_to], str(inputs[parent.name])

    def attempt() -> dict[str, Any] | None:
        try:
            return provider.create_remote(client, inputs)
        except NotFoundError:
            try:
                LiveReads(client).get(parent_spec, parent_id)
            except NotFoundError:
                return None  # the parent itself is missing: wait for it
            raise  # the parent is there: the 404 is about something else

    created = poll(attempt, timeout=PARENT_GRACE, interval=0.25, max_interval=1.0, clock=provider.clock)
    if created is None:
        raise _ParentMissing(
            f"{parent.name} {parent_id!r} names no {parent_spec.label} in project {client.project_id!r} "
            f"(still missing after {PARENT_GRACE:g} s): check the id, or create the {parent_spec.label} first"
        )
    return created


def find_created(
    provider: EstProvider, client: EstClient, inputs: Mapping[str, Any], since: float
) -> dict[str, Any] | None:
    """The object an ambiguous create made: same natural key and content, created after ``since``."""
    keys = provider.spec.natural_key
    if not keys:
        return None
    for candidate in provider.list_remote(client, inputs):
        if all(candidate.get(k) == inputs.get(k) for k in keys) and _same_content(provider, candidate, inputs):
            created = epoch(candidate.get("create_time"))
            if created is None or created >= since - CLOCK_SKEW:
                return candidate
    return None


def _same_content(provider: EstProvider, remote: Mapping[str, Any], inputs: Mapping[str, Any]) -> bool:
    for f in provider.spec.body_fields:
        if f.secret or f.kind == OBJECT_LIST or inputs.get(f.name) is None:
            continue
        if effective(f, remote.get(f.name)) != effective(f, inputs.get(f.name)):
            return False
    return True


def adopt(provider: EstProvider, client: EstClient, adopt_id: str, inputs: dict[str, Any]) -> dict[str, Any]:
    """Take over the live object ``adopt_id``. When it differs from the inputs, nothing is written and the
    differences are listed, unless ``update_on_adopt`` asks for the update. Write-only values (passwords)
    are always set, as they cannot be compared."""
    action = f"adopting {provider.describe(inputs, adopt_id)}"
    try:
        remote = provider.get_remote(LiveReads(client), adopt_id, inputs)
    except (NotFoundError, Gone):
        raise ProviderError(
            f"{action}: no object with id {adopt_id!r} exists in project {client.project_id!r}. If this "
            "resource adopted it before and it was deleted since, remove adopt_id and `pulumi up` creates a "
            "new one; otherwise check the id (`sinch-est export` lists every object with its id)"
        ) from None
    live = without_secrets(provider.spec, provider.remote_to_outputs(remote, {}))
    found = differences(provider.spec, live, inputs)
    fixed = sorted({d.where for d in found} & set(provider.spec.replace_fields))
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
    secrets = without_secrets(provider.spec, inputs) != inputs
    if found or secrets:
        remote = {"id": remote["id"], **provider.update_remote(client, adopt_id, provider.with_defaults(live), inputs)}
        changed = [f"{d.where} from {d.live!r} to {d.program!r}" for d in found]
        if secrets:
            changed.append("write-only values (passwords) set from the program")
        announce(f"adopted {provider.describe(inputs, adopt_id)} (id {adopt_id}): changed {'; '.join(changed)}")
    return remote


class _ParentMissing(EstError):
    """The parent named in a create's path stayed missing through ``PARENT_GRACE``."""


def epoch(value: Any) -> float | None:
    """An API timestamp (RFC 3339) in seconds since the epoch, or ``None`` if it is missing or unreadable."""
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value).timestamp()
    except ValueError:
        return None
