"""Access control lists: the source IP ranges allowed to place calls on the trunks they are linked to."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypedDict, overload

import pulumi

from sinch_est.client import APIError, EstClient
from sinch_est.provider._base import EstProvider, is_unknown
from sinch_est.provider._reads import Reads
from sinch_est.provider._resource import EstResource
from sinch_est.schema import ACCESS_CONTROL_LIST, IP_RANGE

__all__ = ["AccessControlList", "AccessControlListArgs", "AccessControlListProvider", "IpRangeArgs", "IpRangeDict"]

_RANGE_INPUTS = tuple(f.name for f in IP_RANGE.body_fields)


class IpRangeDict(TypedDict, total=False):
    """One range as a dict: the same keys as ``IpRangeArgs``."""

    ip_address: pulumi.Input[str]
    range: pulumi.Input[int]
    description: pulumi.Input[str]
    cidr: pulumi.Input[str]


@dataclass
class IpRangeArgs:
    """One range: ``ip_address`` and ``range`` (prefix length), or the shorthand ``cidr='203.0.113.0/24'``."""

    ip_address: pulumi.Input[str] | None = None
    range: pulumi.Input[int] | None = None
    description: pulumi.Input[str] | None = None
    cidr: pulumi.Input[str] | None = None

    def to_input(self) -> dict[str, Any]:
        return {k: v for k, v in vars(self).items() if v is not None}


# BEGIN GENERATED AccessControlListArgs (scripts/gen_types.py)
@dataclass
class AccessControlListArgs:
    """The inputs of ``AccessControlList`` as one object."""

    name: pulumi.Input[str]
    ip_ranges: pulumi.Input[Sequence[IpRangeArgs | IpRangeDict]]
    enabled: pulumi.Input[bool] | None = None


# END GENERATED AccessControlListArgs


def _expand_cidr(item: dict[str, Any]) -> dict[str, Any]:
    cidr = item.pop("cidr", None)
    if cidr is None or is_unknown(cidr):
        return item
    try:
        network = ipaddress.IPv4Interface(str(cidr))
    except ValueError:
        address, _, prefix = str(cidr).partition("/")
        item.setdefault("ip_address", address)  # the validators explain what is wrong
        if prefix.isdigit():
            item.setdefault("range", int(prefix))
        return item
    item.setdefault("ip_address", str(network.ip))
    item.setdefault("range", network.network.prefixlen)
    return item


def _key(item: Mapping[str, Any]) -> tuple[Any, Any]:
    return item.get("ip_address"), int(item.get("range") or 32)


class AccessControlListProvider(EstProvider):
    spec = ACCESS_CONTROL_LIST
    extra_outputs = ("ip_range_ids",)

    def normalize(self, props: dict[str, Any]) -> dict[str, Any]:
        ranges = props.get("ip_ranges")
        if isinstance(ranges, list):
            props["ip_ranges"] = [_expand_cidr(dict(r)) if isinstance(r, Mapping) else r for r in ranges]
        return props

    def create_remote(self, client: EstClient, inputs: dict[str, Any]) -> dict[str, Any]:
        return client.access_control_lists.create(inputs)

    def get_remote(self, reads: Reads, id_: str, props: Mapping[str, Any]) -> dict[str, Any]:
        return reads.get(ACCESS_CONTROL_LIST, id_)

    def list_remote(self, client: EstClient, inputs: Mapping[str, Any]) -> Iterable[dict[str, Any]]:
        return client.access_control_lists.list()

    def delete_remote(self, client: EstClient, id_: str, props: Mapping[str, Any]) -> None:
        client.access_control_lists.delete(id_)

    def delete_hint(self, exc: APIError) -> str:
        if "trunk" not in (exc.message or "").lower():
            return ""
        return ". It is still linked to a trunk: delete the TrunkAccessControlList link first"

    def update_remote(
        self, client: EstClient, id_: str, olds: Mapping[str, Any], inputs: dict[str, Any]
    ) -> dict[str, Any]:
        if olds.get("name") != inputs.get("name") or bool(olds.get("enabled", True)) != bool(
            inputs.get("enabled", True)
        ):
            client.access_control_lists.update(id_, inputs)
        self._reconcile_ranges(client, id_, list(olds.get("ip_ranges") or ()), list(inputs["ip_ranges"]))
        return client.access_control_lists.get(id_)

    def _reconcile_ranges(
        self, client: EstClient, acl_id: str, olds: list[Mapping[str, Any]], news: list[Mapping[str, Any]]
    ) -> None:
        """Touch only the ranges that differ: same (address, prefix) kept or edited, the rest paired or
        created and deleted."""
        unmatched_old = list(olds)
        pending: list[Mapping[str, Any]] = []
        for new in news:
            match = next((o for o in unmatched_old if _key(o) == _key(new)), None)
            if match is None:
                pending.append(new)
                continue
            unmatched_old.remove(match)
            if (match.get("description") or None) != (new.get("description") or None):
                client.ip_ranges.update(acl_id, match["id"], _range_body(new))
        for new in pending:
            if unmatched_old:
                client.ip_ranges.update(acl_id, unmatched_old.pop(0)["id"], _range_body(new))
            else:
                client.ip_ranges.create(acl_id, _range_body(new))
        for old in unmatched_old:
            client.ip_ranges.delete(acl_id, old["id"])

    def remote_to_outputs(self, remote: Mapping[str, Any], inputs: Mapping[str, Any]) -> dict[str, Any]:
        outs = super().remote_to_outputs(remote, inputs)
        ranges = [{**{k: r.get(k) for k in _RANGE_INPUTS}, "id": r.get("id")} for r in remote.get("ip_ranges") or ()]
        outs["ip_ranges"] = ranges
        outs["ip_range_ids"] = [r["id"] for r in ranges]
        return outs


def _range_body(item: Mapping[str, Any]) -> dict[str, Any]:
    return {k: item.get(k) for k in _RANGE_INPUTS if item.get(k) is not None}


class AccessControlList(EstResource, module="sinch_est", name="AccessControlList"):
    """An access control list; its inline IP ranges are reconciled one range at a time."""

    provider_class = AccessControlListProvider

    # BEGIN GENERATED AccessControlList (scripts/gen_types.py)
    name: pulumi.Output[str]
    enabled: pulumi.Output[bool]
    ip_ranges: pulumi.Output[list[dict[str, Any]]]
    trunks: pulumi.Output[list[str]]
    project_id: pulumi.Output[str]
    create_time: pulumi.Output[str]
    update_time: pulumi.Output[str | None]
    ip_range_ids: pulumi.Output[list[str]]
    adopt_id: pulumi.Output[str | None]

    @overload
    def __init__(
        self,
        resource_name: str,
        args: AccessControlListArgs,
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
        enabled: pulumi.Input[bool] | None = None,
        ip_ranges: pulumi.Input[Sequence[IpRangeArgs | IpRangeDict]],
        adopt_id: pulumi.Input[str] | None = None,
        update_on_adopt: pulumi.Input[bool] | None = None,
    ) -> None: ...

    def __init__(self, resource_name: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(resource_name, *args, **kwargs)

    # END GENERATED AccessControlList

    @classmethod
    def prepare(cls, inputs: dict[str, Any]) -> dict[str, Any]:
        ranges = inputs.get("ip_ranges")
        if isinstance(ranges, list | tuple):
            inputs["ip_ranges"] = [r.to_input() if isinstance(r, IpRangeArgs) else r for r in ranges]
        return inputs
