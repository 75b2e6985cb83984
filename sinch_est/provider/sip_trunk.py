"""SIP trunks: the SIP domain ``<host_name>.pstn.sinch.com`` that carries a team's calls."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, overload

import pulumi

from sinch_est.client import APIError, ConflictError, EstClient, EstError, NotFoundError
from sinch_est.provider._adopt import announce, effective
from sinch_est.provider._base import EstProvider, is_unknown
from sinch_est.provider._fan_out import fan_out
from sinch_est.provider._reads import Reads
from sinch_est.provider._resource import EstResource
from sinch_est.provider.trunk_links import LinkApi
from sinch_est.schema import SIP_TRUNK, TRUNK_ACCESS_CONTROL_LIST, TRUNK_CREDENTIAL_LIST, ObjectSpec

__all__ = ["SipTrunk", "SipTrunkArgs", "SipTrunkProvider"]


# BEGIN GENERATED SipTrunkArgs (scripts/gen_types.py)
@dataclass
class SipTrunkArgs:
    """The inputs of ``SipTrunk`` as one object."""

    name: pulumi.Input[str]
    host_name: pulumi.Input[str]
    enable_caller_name: pulumi.Input[bool] | None = None
    enable_call_forward: pulumi.Input[bool] | None = None
    call_forward_number: pulumi.Input[str] | None = None
    access_control_list_ids: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None
    credential_list_ids: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None


# END GENERATED SipTrunkArgs


_LINKS: tuple[tuple[str, ObjectSpec], ...] = (
    ("access_control_list_ids", TRUNK_ACCESS_CONTROL_LIST),
    ("credential_list_ids", TRUNK_CREDENTIAL_LIST),
)
"""The trunk's list inputs, and the link each of their ids stands for."""


def _api(client: EstClient, spec: ObjectSpec) -> LinkApi:
    return client.trunk_access_control_lists if spec is TRUNK_ACCESS_CONTROL_LIST else client.trunk_credential_lists


class SipTrunkProvider(EstProvider):
    """A trunk, and the lists named in ``access_control_list_ids`` and ``credential_list_ids`` linked to it.

    Those links are the trunk's: made after it, removed before it is deleted, read back on refresh. Links
    made by other means (a ``TrunkAccessControlList`` resource, a person) are left alone.
    """

    spec = SIP_TRUNK

    def normalize(self, props: dict[str, Any]) -> dict[str, Any]:
        for field, _ in _LINKS:
            ids = props.get(field)
            if isinstance(ids, list | tuple) and all(isinstance(i, str) and not is_unknown(i) for i in ids):
                props[field] = sorted(set(ids))  # a set: order and repeats carry no meaning
        return props

    def create_remote(self, client: EstClient, inputs: dict[str, Any]) -> dict[str, Any]:
        trunk = client.sip_trunks.create(inputs)
        self.claims().trunk_made(str(trunk["id"]))
        try:
            links = self._relink(client, trunk["id"], {}, inputs)
        except EstError:
            with contextlib.suppress(EstError):  # nothing half-made: the trunk goes with its links
                client.sip_trunks.delete(trunk["id"])
            raise
        return {**trunk, **links}

    def get_remote(self, reads: Reads, id_: str, props: Mapping[str, Any]) -> dict[str, Any]:
        trunk = reads.get(SIP_TRUNK, id_)
        for field, spec in _LINKS:
            if props.get(field) is not None:  # the trunk manages these links
                trunk[field] = sorted(set(props[field]) & reads.linked(spec, id_))
        return trunk

    def update_remote(
        self, client: EstClient, id_: str, olds: Mapping[str, Any], inputs: dict[str, Any]
    ) -> dict[str, Any]:
        fields = [f for f in self.spec.body_fields]
        if any(effective(f, olds.get(f.name)) != effective(f, inputs.get(f.name)) for f in fields):
            remote = client.sip_trunks.update(id_, inputs)
        else:  # only links change: no PUT of the trunk
            remote = {"id": id_, **{k: v for k, v in olds.items() if k not in dict(_LINKS)}}
        return {**remote, **self._relink(client, id_, olds, inputs)}

    def delete_remote(self, client: EstClient, id_: str, props: Mapping[str, Any]) -> None:
        self._relink(client, id_, props, {})
        client.sip_trunks.delete(id_)

    def _relink(
        self, client: EstClient, trunk_id: str, olds: Mapping[str, Any], inputs: Mapping[str, Any]
    ) -> dict[str, Any]:
        """Link the lists ``inputs`` names and ``olds`` did not, unlink the reverse; the ids now linked."""
        claims = self.claims()
        adds = {
            f"{spec.name} {list_id}": (spec, list_id)
            for field, spec in _LINKS
            for list_id in sorted(set(inputs.get(field) or ()) - set(olds.get(field) or ()))
        }

        def link(key: str) -> None:
            spec, list_id = adds[key]
            with contextlib.suppress(ConflictError):  # already linked is success
                _api(client, spec).add(trunk_id, [list_id])

        _, failed = fan_out(sorted(adds), link)  # all at once: one round trip for a new trunk's lists
        if failed:
            raise failed[min(failed)]
        result: dict[str, Any] = {}
        for field, spec in _LINKS:
            old, new = set(olds.get(field) or ()), set(inputs.get(field) or ())
            api = _api(client, spec)
            claims.hold(sorted(new), trunk_id, "SipTrunk")
            for list_id in sorted(old - new):
                holder = claims.held_elsewhere(list_id, trunk_id, "SipTrunk")
                if holder is not None:
                    announce(f"{spec.label} {list_id} left linked to trunk {trunk_id}: a {holder} resource holds it")
                    continue
                with contextlib.suppress(NotFoundError):
                    api.remove(trunk_id, list_id)
            if inputs.get(field) is not None:
                result[field] = sorted(new)
        return result

    def list_remote(self, client: EstClient, inputs: Mapping[str, Any]) -> Iterable[dict[str, Any]]:
        return client.sip_trunks.list()

    def delete_hint(self, exc: APIError) -> str:
        if "phone number" not in (exc.message or "").lower():
            return ""
        return (
            ". Unassign the trunk's phone numbers first (delete its PhoneNumberAssignment resources, "
            "or make them depend on the trunk's id so Pulumi removes them before the trunk)"
        )


class SipTrunk(EstResource, module="sinch_est", name="SipTrunk"):
    """A SIP trunk. Changing ``host_name`` renames its domain in place."""

    provider_class = SipTrunkProvider

    # BEGIN GENERATED SipTrunk (scripts/gen_types.py)
    name: pulumi.Output[str]
    host_name: pulumi.Output[str]
    enable_caller_name: pulumi.Output[bool]
    enable_call_forward: pulumi.Output[bool]
    call_forward_number: pulumi.Output[str]
    access_control_list_ids: pulumi.Output[list[str] | None]
    credential_list_ids: pulumi.Output[list[str] | None]
    domain: pulumi.Output[str]
    top_level_domain: pulumi.Output[str]
    calls_per_second: pulumi.Output[int]
    project_id: pulumi.Output[str]
    create_time: pulumi.Output[str]
    update_time: pulumi.Output[str | None]
    adopt_id: pulumi.Output[str | None]

    @overload
    def __init__(
        self,
        resource_name: str,
        args: SipTrunkArgs,
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
        name: pulumi.Input[str],
        host_name: pulumi.Input[str],
        enable_caller_name: pulumi.Input[bool] | None = None,
        enable_call_forward: pulumi.Input[bool] | None = None,
        call_forward_number: pulumi.Input[str] | None = None,
        access_control_list_ids: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None,
        credential_list_ids: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None,
        adopt_id: pulumi.Input[str] | None = None,
        update_on_adopt: pulumi.Input[bool] | None = None,
    ) -> None: ...

    def __init__(self, resource_name: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(resource_name, *args, **kwargs)

    # END GENERATED SipTrunk
