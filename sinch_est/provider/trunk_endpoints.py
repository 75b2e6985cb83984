"""A trunk's endpoints as one resource, created, changed and deleted endpoint by endpoint inside the provider.

One ``SipEndpoint`` per endpoint costs the engine a resource, two checkpoints and a provider call each; the
engine's time on checkpoints grows with resources times state size, so at a thousand objects three
endpoints per trunk are a large share of an ``up``. ``TrunkEndpoints`` makes the same one write per
endpoint, ``FAN_OUT`` at a time within a single provider call. Names identify the endpoints within the
trunk; the API's ids are kept in ``endpoint_ids``.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypedDict, overload

import pulumi

from sinch_est.client import EstClient, EstError, NotFoundError
from sinch_est.provider._adopt import announce, differences
from sinch_est.provider._base import EstProvider, is_unknown
from sinch_est.provider._create import CLOCK_SKEW, epoch, journal_of
from sinch_est.provider._errors import Gone, ProviderError
from sinch_est.provider._fan_out import failures, fan_out
from sinch_est.provider._reads import Reads
from sinch_est.provider._resource import EstResource
from sinch_est.schema import ENDPOINT_ITEM, ENDPOINTS_ID_SUFFIX, SIP_ENDPOINT, SIP_ENDPOINT_SET, endpoint_order

__all__ = ["EndpointArgs", "EndpointDict", "TrunkEndpoints", "TrunkEndpointsArgs", "TrunkEndpointsProvider"]

HOLDER = "TrunkEndpoints"
"""How this resource kind names itself in the run's claims (see ``Claims``)."""
SINCE = "endpoints_since"
"""When this resource's first create began (the journal keeps it across an interruption)."""
RESUMED_AFTER = 1.0
"""Seconds between a create's first attempt and this one that make it a re-run (the first attempt writes its
journal entry within milliseconds of ``remember``)."""
_ITEM_INPUTS = tuple(f.name for f in ENDPOINT_ITEM.inputs)


class EndpointDict(TypedDict, total=False):
    """One endpoint as a dict: the same keys as ``EndpointArgs``."""

    name: pulumi.Input[str]
    priority: pulumi.Input[int]
    transport: pulumi.Input[str]
    enabled: pulumi.Input[bool]
    address: pulumi.Input[str]
    port: pulumi.Input[int]
    credential_username: pulumi.Input[str]


@dataclass
class EndpointArgs:
    """One endpoint of a ``TrunkEndpoints``: static with ``address``, registered with ``credential_username``
    (the inputs of ``SipEndpoint`` without ``trunk_id``)."""

    name: pulumi.Input[str]
    priority: pulumi.Input[int]
    transport: pulumi.Input[str] | None = None
    enabled: pulumi.Input[bool] | None = None
    address: pulumi.Input[str] | None = None
    port: pulumi.Input[int] | None = None
    credential_username: pulumi.Input[str] | None = None

    def to_input(self) -> dict[str, Any]:
        return {k: v for k, v in vars(self).items() if v is not None}


# BEGIN GENERATED TrunkEndpointsArgs (scripts/gen_types.py)
@dataclass
class TrunkEndpointsArgs:
    """The inputs of ``TrunkEndpoints`` as one object."""

    trunk_id: pulumi.Input[str]
    endpoints: pulumi.Input[Sequence[EndpointArgs | EndpointDict]]


# END GENERATED TrunkEndpointsArgs


def _registered(item: Mapping[str, Any]) -> bool:
    return bool(item.get("credential_username"))


def _item(remote: Mapping[str, Any]) -> dict[str, Any]:
    """An endpoint as the program writes it: its inputs, nothing left unset."""
    return {k: remote[k] for k in _ITEM_INPUTS if remote.get(k) is not None}


def _made_since(remote: Mapping[str, Any], since: float | None) -> bool:
    """Made after ``since`` by the API's clock (allowing for skew); an unknown time is not taken as ours."""
    created = epoch(remote.get("create_time"))
    return since is not None and created is not None and created >= since - CLOCK_SKEW


class TrunkEndpointsProvider(EstProvider):
    """The id is ``<trunk id>/endpoints``. Endpoints added, changed or removed are created, updated or deleted
    one by one; endpoints on the trunk that the resource does not list are left alone; a new trunk
    replaces it."""

    spec = SIP_ENDPOINT_SET

    def normalize(self, props: dict[str, Any]) -> dict[str, Any]:
        items = props.get("endpoints")
        if isinstance(items, list | tuple) and all(isinstance(i, Mapping) for i in items):
            names = [i.get("name") for i in items]
            known = all(isinstance(n, str) and not is_unknown(n) for n in names)
            # Order carries no meaning; a repeated name stays in place so that check can name it.
            if known and len(set(names)) == len(names):
                props["endpoints"] = sorted(items, key=endpoint_order)
        return props

    def describe(self, props: Mapping[str, Any], id_: str | None = None) -> str:
        trunk = props.get("trunk_id") or (id_ or "").removesuffix(ENDPOINTS_ID_SUFFIX)
        return f"SIP endpoints of trunk {trunk!r}"

    def remember(self, client: EstClient, inputs: Mapping[str, Any]) -> dict[str, Any]:
        return {SINCE: time.time()}

    # -- hooks ---------------------------------------------------------------------------------

    def create_remote(self, client: EstClient, inputs: dict[str, Any]) -> dict[str, Any]:
        """Create the endpoints not on the trunk yet (one list of the trunk's endpoints first, unless this run
        created the trunk). One already there under a listed name is taken over when it is exactly as listed
        (the stack's own SipEndpoint resources, say, before the components grouped them) or when an
        interrupted earlier create of this resource made it; any other stops the create before anything is
        written."""
        trunk_id = inputs["trunk_id"]
        wanted = {item["name"]: item for item in inputs["endpoints"]}
        found: dict[str, dict[str, Any]] = {}
        refit: dict[str, str] = {}
        if not self.claims().made_trunk(trunk_id):  # on a trunk this run created, nothing can be there yet
            found, refit = self._already_there(
                client, trunk_id, wanted, set(), self._resumed(inputs), self.describe(inputs)
            )
        made, changed = self._write(
            client, trunk_id, wanted, creates=sorted(set(wanted) - set(found) - set(refit)), puts=refit
        )
        if found:
            announce(
                f"{self.describe(inputs)}: took over {', '.join(repr(n) for n in sorted(found))}, already on the "
                "trunk exactly as listed"
            )
        kept = {**found, **made, **changed}
        self._hold(trunk_id, kept)
        return self._remote(trunk_id, kept.values())

    def get_remote(self, reads: Reads, id_: str, props: Mapping[str, Any]) -> dict[str, Any]:
        trunk_id = props.get("trunk_id") or id_.removesuffix(ENDPOINTS_ID_SUFFIX)
        if id_.removesuffix(ENDPOINTS_ID_SUFFIX) != trunk_id:  # an adopt_id naming another trunk
            raise Gone(f"{id_!r} is neither trunk {trunk_id} nor its endpoints")
        try:
            on_trunk = reads.all(SIP_ENDPOINT, trunk_id=trunk_id)  # during read: one cached list per trunk
        except NotFoundError:
            raise Gone(f"trunk {trunk_id} is gone") from None
        ids = set((props.get("endpoint_ids") or {}).values())
        if ids:  # the endpoints this resource made, whatever they are called now
            present = [e for e in on_trunk if e.get("id") in ids]
        else:  # adopting, or taking over: by name
            names = {i.get("name") for i in props.get("endpoints") or ()}
            present = list({e["name"]: e for e in reversed(on_trunk) if e.get("name") in names}.values())
        if not present:
            raise Gone(f"none of the endpoints is on trunk {trunk_id}")
        return self._remote(trunk_id, present)

    def update_remote(
        self, client: EstClient, id_: str, olds: Mapping[str, Any], inputs: dict[str, Any]
    ) -> dict[str, Any]:
        """Only the endpoints that differ are written; a new name takes the place of a dropped endpoint of the
        same kind with one PUT (no moment without it), and new endpoints are made before old ones go."""
        trunk_id = inputs["trunk_id"]
        old_items = {i["name"]: i for i in olds.get("endpoints") or ()}
        old_ids: dict[str, str] = dict(olds.get("endpoint_ids") or {})
        wanted = {item["name"]: item for item in inputs["endpoints"]}
        keep: dict[str, dict[str, Any]] = {}
        puts: dict[str, str] = {}
        """Name -> the id of the endpoint that takes it."""
        creates: list[str] = []
        deletes: list[str] = []
        for name, item in wanted.items():
            old_id, old = old_ids.get(name), old_items.get(name, {})
            if old_id is None:
                creates.append(name)
            elif _registered(old) != _registered(item):  # static <-> registered cannot change in place
                creates.append(name)
                deletes.append(old_id)
            elif differences(ENDPOINT_ITEM, old, item, nested=True):
                puts[name] = old_id
            else:
                keep[name] = {**old, "id": old_id}
        spare = [(n, i) for n, i in old_ids.items() if n not in wanted]
        for name in [n for n in creates if n not in old_ids]:
            match = next((s for s in spare if _registered(old_items.get(s[0], {})) == _registered(wanted[name])), None)
            if match is not None:
                spare.remove(match)
                creates.remove(name)
                puts[name] = match[1]
        deletes += [i for _, i in spare]
        found: dict[str, dict[str, Any]] = {}
        if creates:  # an earlier run that failed half-way may have made some already
            found, _ = self._already_there(
                client,
                trunk_id,
                {n: wanted[n] for n in creates},
                set(old_ids.values()),
                None,
                f"updating {self.describe(inputs, id_)}",
            )
            creates = [n for n in creates if n not in found]
        made, changed = self._write(client, trunk_id, wanted, creates=creates, puts=puts)
        gone = self._delete(client, trunk_id, deletes)
        if gone:
            raise ProviderError(
                f"updating {self.describe(inputs, id_)}: could not delete {failures(gone)}. The other changes were "
                "made; run again to retry the rest"
            )
        kept = {**keep, **found, **made, **changed}
        self._hold(trunk_id, {**found, **made})
        return self._remote(trunk_id, kept.values())

    def delete_remote(self, client: EstClient, id_: str, props: Mapping[str, Any]) -> None:
        trunk_id = props.get("trunk_id") or id_.removesuffix(ENDPOINTS_ID_SUFFIX)
        ids: dict[str, str] = dict(props.get("endpoint_ids") or {})
        claims = self.claims()
        held = sorted(n for n, i in ids.items() if claims.held_elsewhere(i, trunk_id, HOLDER))
        if held:
            announce(
                f"{self.describe(props, id_)}: left {', '.join(repr(n) for n in held)} on the trunk, where "
                "SipEndpoint resources now hold them"
            )
        failed = self._delete(client, trunk_id, [i for n, i in ids.items() if n not in held])
        if failed:
            raise ProviderError(f"deleting {self.describe(props, id_)}: {failures(failed)}; run again to retry")

    # -- mechanics -----------------------------------------------------------------------------

    def _resumed(self, inputs: Mapping[str, Any]) -> float | None:
        """When the interrupted create this one takes over from began; ``None`` for a first attempt. The journal
        keeps ``SINCE`` from the first attempt, and its entry's ``started`` is this attempt's."""
        since = inputs.get(SINCE)
        journal = journal_of(self)
        entry = journal.read(self.resource_key) if journal is not None else None
        if not isinstance(since, int | float) or entry is None or entry.started - since < RESUMED_AFTER:
            return None
        return float(since)

    def _already_there(
        self,
        client: EstClient,
        trunk_id: str,
        wanted: Mapping[str, Mapping[str, Any]],
        ours: set[str],
        since: float | None,
        action: str,
    ) -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
        """Endpoints already on the trunk under a wanted name (``ours`` excluded): those exactly as wanted, and
        the ids of those an interrupted earlier create of this resource made (to update); any other is an error."""
        found: dict[str, dict[str, Any]] = {}
        refit: dict[str, str] = {}
        clashes: list[str] = []
        for remote in client.sip_endpoints.list(trunk_id):
            name = str(remote.get("name"))
            if name not in wanted or remote.get("id") in ours or name in found or name in refit:
                continue
            differ = differences(ENDPOINT_ITEM, _item(remote), wanted[name], nested=True)
            if not differ:
                found[name] = remote
            elif _made_since(remote, since) and _registered(remote) == _registered(wanted[name]):
                refit[name] = str(remote.get("id"))
            else:
                clashes.append(f"{name!r} (id {remote.get('id')}: {'; '.join(str(d) for d in differ)})")
        if clashes:
            raise ProviderError(
                f"{action}: trunk {trunk_id} already has endpoints of these names that differ from the program, so "
                f"nothing was changed: {', '.join(clashes)}. Adopt the trunk's endpoints with "
                f"adopt_id={trunk_id + ENDPOINTS_ID_SUFFIX!r} (update_on_adopt=True updates them to the program), "
                "or rename them in the program"
            )
        return found, refit

    def _write(
        self,
        client: EstClient,
        trunk_id: str,
        wanted: Mapping[str, Mapping[str, Any]],
        *,
        creates: Sequence[str],
        puts: Mapping[str, str],
    ) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
        """POST ``creates`` and PUT ``puts`` (name -> the id of the endpoint to update), ``FAN_OUT`` at a time.
        When any fails, what this call created is deleted again and the error names each failure."""
        made, failed = fan_out(creates, lambda n: client.sip_endpoints.create(trunk_id, wanted[n]))
        changed, refused = fan_out(
            sorted(puts),
            lambda n: {"id": puts[n], **client.sip_endpoints.update(trunk_id, puts[n], wanted[n])},
        )
        failed.update(refused)
        if failed:
            stuck = self._delete(client, trunk_id, [str(r["id"]) for r in made.values()])
            kept = f"; could not delete {failures(stuck)} again, remove them by hand" if stuck else ""
            raise ProviderError(
                f"{self.describe({'trunk_id': trunk_id})}: {len(failed)} of {len(creates) + len(puts)} endpoint "
                f"writes failed: {failures(failed)}. The {len(made) - len(stuck)} endpoints created in this call were "
                f"deleted again{kept}. Fix those endpoints and run again"
            )
        return made, changed

    def _delete(self, client: EstClient, trunk_id: str, ids: Sequence[str]) -> dict[str, EstError]:
        _, failed = fan_out(ids, lambda i: client.sip_endpoints.delete(trunk_id, i))
        return {i: exc for i, exc in failed.items() if not isinstance(exc, NotFoundError)}

    def _hold(self, trunk_id: str, endpoints: Mapping[str, Mapping[str, Any]]) -> None:
        """Claim the endpoints for this run, so that a SipEndpoint resource deleted later in it leaves them."""
        self.claims().hold([str(e["id"]) for e in endpoints.values()], trunk_id, HOLDER)

    def _remote(self, trunk_id: str, endpoints: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
        ordered = sorted(endpoints, key=endpoint_order)
        return {
            "id": trunk_id + ENDPOINTS_ID_SUFFIX,
            "trunk_id": trunk_id,
            "endpoints": [_item(e) for e in ordered],
            "endpoint_ids": {str(e["name"]): str(e["id"]) for e in ordered},
        }


class TrunkEndpoints(EstResource, module="sinch_est", name="TrunkEndpoints"):
    """A trunk's endpoints: one resource instead of one ``SipEndpoint`` per endpoint, matched by ``name``.
    Endpoints already on the trunk under a listed name and exactly as listed are taken over without a write
    (a stack moving from ``SipEndpoint`` resources); one that differs stops the create until adopted
    (``adopt_id`` is ``<trunk id>/endpoints``) or renamed. Switching an endpoint between static and
    registered makes it anew before the old one goes."""

    provider_class = TrunkEndpointsProvider

    # BEGIN GENERATED TrunkEndpoints (scripts/gen_types.py)
    trunk_id: pulumi.Output[str]
    endpoints: pulumi.Output[list[dict[str, Any]]]
    endpoint_ids: pulumi.Output[dict[str, str]]
    adopt_id: pulumi.Output[str | None]

    @overload
    def __init__(
        self,
        resource_name: str,
        args: TrunkEndpointsArgs,
        opts: pulumi.ResourceOptions | None = None,
        *,
        adopt_id: pulumi.Input[str] | None = None,
        update_on_adopt: pulumi.Input[bool] | None = None,
    ) -> None: ...

    @overload
    def __init__(
        self,
        resource_name: str,
        args: None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        trunk_id: pulumi.Input[str],
        endpoints: pulumi.Input[Sequence[EndpointArgs | EndpointDict]],
        adopt_id: pulumi.Input[str] | None = None,
        update_on_adopt: pulumi.Input[bool] | None = None,
    ) -> None: ...

    def __init__(self, resource_name: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(resource_name, *args, **kwargs)

    # END GENERATED TrunkEndpoints

    @classmethod
    def prepare(cls, inputs: dict[str, Any]) -> dict[str, Any]:
        items = inputs.get("endpoints")
        if isinstance(items, list | tuple):
            inputs["endpoints"] = [i.to_input() if isinstance(i, EndpointArgs) else i for i in items]
        return inputs
