"""Phone-number assignments: route a number the project owns to a trunk."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, overload

import pulumi

from sinch_est.client import EstClient
from sinch_est.provider._adopt import announce
from sinch_est.provider._base import EstProvider
from sinch_est.provider._errors import Gone
from sinch_est.provider._reads import Reads
from sinch_est.provider._resource import EstResource
from sinch_est.schema import PHONE_NUMBER

__all__ = [
    "PhoneNumberAssignment",
    "PhoneNumberAssignmentArgs",
    "PhoneNumberAssignmentProvider",
    "assign_number",
    "unassign_number",
]

NUMBERS_API_DEADLINE = 120.0


def assign_number(client: EstClient, number: str, trunk_id: str, via: str) -> dict[str, Any]:
    """Route ``number`` to ``trunk_id`` through the EST route, or the Numbers API when ``via`` says so;
    the number as the API then holds it. Assigning is idempotent: a retry after an ambiguous failure is safe."""
    if via == "NUMBERS_API":
        client.phone_numbers.assign_via_numbers_api(number, trunk_id, timeout=NUMBERS_API_DEADLINE)
        return client.phone_numbers.get(number)
    return client.phone_numbers.assign(number, trunk_id)


def unassign_number(client: EstClient, number: str, via: str) -> None:
    """Take ``number`` off its trunk through the route that assigned it."""
    if via == "NUMBERS_API":
        client.phone_numbers.unassign_via_numbers_api(number)
    else:
        client.phone_numbers.unassign(number)


# BEGIN GENERATED PhoneNumberAssignmentArgs (scripts/gen_types.py)
@dataclass
class PhoneNumberAssignmentArgs:
    """The inputs of ``PhoneNumberAssignment`` as one object."""

    phone_number: pulumi.Input[str]
    trunk_id: pulumi.Input[str]
    via: pulumi.Input[str] | None = None


# END GENERATED PhoneNumberAssignmentArgs


class PhoneNumberAssignmentProvider(EstProvider):
    """The id is the E.164 number. Moving it to another trunk is an update; unassigning deletes it."""

    spec = PHONE_NUMBER

    def describe(self, props: Mapping[str, Any], id_: str | None = None) -> str:
        return f"phone number {props.get('phone_number') or id_!r}"

    def _assign(self, client: EstClient, inputs: Mapping[str, Any]) -> dict[str, Any]:
        return assign_number(client, inputs["phone_number"], inputs["trunk_id"], inputs["via"])

    def _assign_and_claim(self, client: EstClient, inputs: Mapping[str, Any]) -> dict[str, Any]:
        remote = self._assign(client, inputs)
        self.claims().hold([inputs["phone_number"]], inputs["trunk_id"], "PhoneNumberAssignment")
        return remote

    def create_remote(self, client: EstClient, inputs: dict[str, Any]) -> dict[str, Any]:
        return {**self._assign_and_claim(client, inputs), "id": inputs["phone_number"]}

    def get_remote(self, reads: Reads, id_: str, props: Mapping[str, Any]) -> dict[str, Any]:
        remote = reads.get(PHONE_NUMBER, id_)
        if not remote.get("trunk_id"):
            raise Gone(f"phone number {id_} is not assigned to any trunk")
        return {**remote, "id": id_}

    def update_remote(
        self, client: EstClient, id_: str, olds: Mapping[str, Any], inputs: dict[str, Any]
    ) -> dict[str, Any]:
        return {**self._assign_and_claim(client, inputs), "id": id_}

    def delete_remote(self, client: EstClient, id_: str, props: Mapping[str, Any]) -> None:
        holder = self.claims().held_elsewhere(id_, props["trunk_id"], "PhoneNumberAssignment")
        if holder is not None:
            announce(f"{self.describe(props, id_)}: left on its trunk, where a {holder} resource now routes it")
            return
        unassign_number(client, id_, props["via"])

    def remote_to_outputs(self, remote: Mapping[str, Any], inputs: Mapping[str, Any]) -> dict[str, Any]:
        outs = super().remote_to_outputs(remote, inputs)
        outs["phone_number"] = remote.get("phone_number") or inputs.get("phone_number")
        return outs


class PhoneNumberAssignment(EstResource, module="sinch_est", name="PhoneNumberAssignment"):
    """Assigns ``phone_number`` to ``trunk_id`` (``via='NUMBERS_API'`` uses the asynchronous Numbers API)."""

    provider_class = PhoneNumberAssignmentProvider

    # BEGIN GENERATED PhoneNumberAssignment (scripts/gen_types.py)
    phone_number: pulumi.Output[str]
    trunk_id: pulumi.Output[str]
    via: pulumi.Output[str]
    country_code: pulumi.Output[str]
    create_time: pulumi.Output[str]
    update_time: pulumi.Output[str | None]
    adopt_id: pulumi.Output[str | None]

    @overload
    def __init__(
        self,
        resource_name: str,
        args: PhoneNumberAssignmentArgs,
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
        phone_number: pulumi.Input[str],
        trunk_id: pulumi.Input[str],
        via: pulumi.Input[str] | None = None,
        adopt_id: pulumi.Input[str] | None = None,
        update_on_adopt: pulumi.Input[bool] | None = None,
    ) -> None: ...

    def __init__(self, resource_name: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(resource_name, *args, **kwargs)

    # END GENERATED PhoneNumberAssignment
