"""Many numbers routed to one trunk as one resource, assigned and taken back concurrently inside the provider.

One ``PhoneNumberAssignment`` per number costs the engine a resource, two checkpoints and a provider call
each, and the Python dynamic-provider server runs at most four calls at once. ``TrunkPhoneNumbers`` makes
the same one write per number, ``FAN_OUT`` at a time within a single provider call.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, overload

import pulumi

from sinch_est.client import EstClient, EstError, NotFoundError
from sinch_est.provider._adopt import announce
from sinch_est.provider._base import EstProvider, is_unknown
from sinch_est.provider._errors import Gone, ProviderError
from sinch_est.provider._fan_out import FAN_OUT, failures, fan_out
from sinch_est.provider._reads import Reads
from sinch_est.provider._resource import EstResource
from sinch_est.provider.phone_number import assign_number, unassign_number
from sinch_est.schema import PHONE_NUMBER, PHONE_NUMBER_SET

__all__ = ["FAN_OUT", "TrunkPhoneNumbers", "TrunkPhoneNumbersArgs", "TrunkPhoneNumbersProvider"]

ID_SUFFIX = "/phoneNumbers"


# BEGIN GENERATED TrunkPhoneNumbersArgs (scripts/gen_types.py)
@dataclass
class TrunkPhoneNumbersArgs:
    """The inputs of ``TrunkPhoneNumbers`` as one object."""

    trunk_id: pulumi.Input[str]
    phone_numbers: pulumi.Input[Sequence[pulumi.Input[str]]]
    via: pulumi.Input[str] | None = None


# END GENERATED TrunkPhoneNumbersArgs


class TrunkPhoneNumbersProvider(EstProvider):
    """The id is ``<trunk id>/phoneNumbers``. Numbers added or removed are assigned or taken back one by one;
    numbers on the trunk that the resource does not list are left alone; a new trunk replaces it."""

    spec = PHONE_NUMBER_SET

    def normalize(self, props: dict[str, Any]) -> dict[str, Any]:
        numbers = props.get("phone_numbers")
        if isinstance(numbers, list | tuple) and all(isinstance(n, str) and not is_unknown(n) for n in numbers):
            stripped = [n.strip() for n in numbers]
            # Order carries no meaning; a duplicate stays in so that check can name it.
            props["phone_numbers"] = sorted(stripped) if len(set(stripped)) == len(stripped) else stripped
        return props

    def describe(self, props: Mapping[str, Any], id_: str | None = None) -> str:
        trunk = props.get("trunk_id") or (id_ or "").removesuffix(ID_SUFFIX)
        return f"phone numbers of trunk {trunk!r}"

    # -- hooks ---------------------------------------------------------------------------------

    def create_remote(self, client: EstClient, inputs: dict[str, Any]) -> dict[str, Any]:
        """Assign the numbers not on the trunk yet (one list of the trunk's numbers first, unless this run
        created the trunk): numbers that other resources of the stack routed there already, say before the
        components grouped them, are not written at all."""
        trunk_id, via = inputs["trunk_id"], inputs["via"]
        wanted = set(inputs["phone_numbers"])
        claims = self.claims()
        listed = () if claims.made_trunk(trunk_id) else client.phone_numbers.list(trunk_id)  # a new one has none
        there = {n["phone_number"]: n for n in listed if n["phone_number"] in wanted}
        done, failed = fan_out(sorted(wanted - set(there)), lambda n: assign_number(client, n, trunk_id, via))
        if failed:
            # Nothing half-made survives a failed create: take back what this call assigned.
            _, stuck = fan_out(done, lambda n: unassign_number(client, n, via))
            kept = f"; could not take back {failures(stuck)}, remove them by hand" if stuck else ""
            raise ProviderError(
                f"creating {self.describe(inputs)}: {len(failed)} of {len(inputs['phone_numbers'])} numbers "
                f"could not be assigned: {failures(failed)}. The {len(done) - len(stuck)} assigned in this run "
                f"were taken back{kept}. Fix or drop those numbers and run again"
            )
        claims.hold([*done, *there], trunk_id, "TrunkPhoneNumbers")
        return self._remote(trunk_id, inputs, {**there, **done})

    def get_remote(self, reads: Reads, id_: str, props: Mapping[str, Any]) -> dict[str, Any]:
        trunk_id = props.get("trunk_id") or id_.removesuffix(ID_SUFFIX)
        if id_.removesuffix(ID_SUFFIX) != trunk_id:  # an adopt_id naming another trunk
            raise Gone(f"{id_!r} is neither trunk {trunk_id} nor its numbers")
        present: dict[str, dict[str, Any]] = {}
        for number in props.get("phone_numbers") or ():
            try:
                remote = reads.get(PHONE_NUMBER, number)  # during read: one cached list of the project's numbers
            except NotFoundError:
                continue
            if remote.get("trunk_id") == trunk_id:
                present[number] = remote
        if not present:
            raise Gone(f"none of the numbers is assigned to trunk {trunk_id}")
        return self._remote(trunk_id, props, present)

    def update_remote(
        self, client: EstClient, id_: str, olds: Mapping[str, Any], inputs: dict[str, Any]
    ) -> dict[str, Any]:
        trunk_id, via = inputs["trunk_id"], inputs["via"]
        old_numbers, new_numbers = set(olds.get("phone_numbers") or ()), set(inputs["phone_numbers"])
        # A new route re-assigns every number; otherwise only the added ones (assigning is idempotent).
        wanted = new_numbers if olds["via"] != via else new_numbers - old_numbers
        done, failed = fan_out(sorted(wanted), lambda n: assign_number(client, n, trunk_id, via))
        self.claims().hold(done, trunk_id, "TrunkPhoneNumbers")
        gone = self._take_back(client, trunk_id, old_numbers - new_numbers, olds["via"])
        failed.update(gone)
        if failed:
            raise ProviderError(
                f"updating {self.describe(inputs, id_)}: {failures(failed)}. The other changes were made; run "
                "again to retry the rest"
            )
        kept = {n: {"phone_number": n, "country_code": (olds.get("country_codes") or {}).get(n)} for n in new_numbers}
        return self._remote(trunk_id, inputs, {**kept, **done})

    def delete_remote(self, client: EstClient, id_: str, props: Mapping[str, Any]) -> None:
        trunk_id = props.get("trunk_id") or id_.removesuffix(ID_SUFFIX)
        failed = self._take_back(client, trunk_id, set(props.get("phone_numbers") or ()), props["via"])
        if failed:
            raise ProviderError(f"deleting {self.describe(props, id_)}: {failures(failed)}; run again to retry")

    # -- mechanics -----------------------------------------------------------------------------

    def _take_back(self, client: EstClient, trunk_id: str, numbers: set[str], via: str) -> dict[str, EstError]:
        """Unassign those of ``numbers`` still on ``trunk_id`` (one list of the trunk's numbers first), so a
        number moved on since, for example by this resource's replacement on a new trunk, is left alone."""
        if not numbers:
            return {}
        try:
            on_trunk = {n["phone_number"] for n in client.phone_numbers.list(trunk_id)}
        except NotFoundError:
            return {}  # the trunk is gone, and its numbers with it
        claims = self.claims()
        held = {n for n in numbers & on_trunk if claims.held_elsewhere(n, trunk_id, "TrunkPhoneNumbers")}
        if held:
            announce(
                f"{self.describe({'trunk_id': trunk_id})}: left {', '.join(sorted(held))} on the trunk, "
                "where PhoneNumberAssignment resources now route them"
            )
        _, failed = fan_out(sorted((numbers & on_trunk) - held), lambda n: unassign_number(client, n, via))
        return {n: exc for n, exc in failed.items() if not isinstance(exc, NotFoundError)}

    def _remote(
        self, trunk_id: str, props: Mapping[str, Any], numbers: Mapping[str, Mapping[str, Any]]
    ) -> dict[str, Any]:
        return {
            "id": trunk_id + ID_SUFFIX,
            "trunk_id": trunk_id,
            "phone_numbers": sorted(numbers),
            "via": props["via"],
            "country_codes": {n: remote.get("country_code") for n, remote in sorted(numbers.items())},
        }


class TrunkPhoneNumbers(EstResource, module="sinch_est", name="TrunkPhoneNumbers"):
    """Routes every number in ``phone_numbers`` to ``trunk_id``: one resource instead of one
    ``PhoneNumberAssignment`` per number, for blocks of numbers (``adopt_id`` is the trunk's id)."""

    provider_class = TrunkPhoneNumbersProvider

    # BEGIN GENERATED TrunkPhoneNumbers (scripts/gen_types.py)
    trunk_id: pulumi.Output[str]
    phone_numbers: pulumi.Output[list[str]]
    via: pulumi.Output[str]
    country_codes: pulumi.Output[dict[str, str]]
    adopt_id: pulumi.Output[str | None]

    @overload
    def __init__(
        self,
        resource_name: str,
        args: TrunkPhoneNumbersArgs,
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
        phone_numbers: pulumi.Input[Sequence[pulumi.Input[str]]],
        via: pulumi.Input[str] | None = None,
        adopt_id: pulumi.Input[str] | None = None,
        update_on_adopt: pulumi.Input[bool] | None = None,
    ) -> None: ...

    def __init__(self, resource_name: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(resource_name, *args, **kwargs)

    # END GENERATED TrunkPhoneNumbers

    @classmethod
    def prepare(cls, inputs: dict[str, Any]) -> dict[str, Any]:
        numbers = inputs.get("phone_numbers")
        if isinstance(numbers, tuple | set | frozenset):
            inputs["phone_numbers"] = sorted(numbers) if isinstance(numbers, set | frozenset) else list(numbers)
        return inputs
