"""Call-blocking rules: project-wide blocks by direction, country and number prefix."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, overload

import pulumi

from sinch_est.client import EstClient
from sinch_est.provider._base import EstProvider, is_unknown
from sinch_est.provider._reads import Reads
from sinch_est.provider._resource import EstResource
from sinch_est.schema import CALL_BLOCKING_RULE

__all__ = ["CallBlockingRule", "CallBlockingRuleArgs", "CallBlockingRuleProvider"]


# BEGIN GENERATED CallBlockingRuleArgs (scripts/gen_types.py)
@dataclass
class CallBlockingRuleArgs:
    """The inputs of ``CallBlockingRule`` as one object."""

    direction: pulumi.Input[str]
    name: pulumi.Input[str] | None = None
    caller_country: pulumi.Input[str] | None = None
    callee_country: pulumi.Input[str] | None = None
    caller_match: pulumi.Input[str] | None = None
    callee_match: pulumi.Input[str] | None = None


# END GENERATED CallBlockingRuleArgs


class CallBlockingRuleProvider(EstProvider):
    spec = CALL_BLOCKING_RULE

    def normalize(self, props: dict[str, Any]) -> dict[str, Any]:
        for key in ("caller_country", "callee_country"):
            value = props.get(key)
            if isinstance(value, str) and not is_unknown(value):
                props[key] = value.upper()
        return props

    def create_remote(self, client: EstClient, inputs: dict[str, Any]) -> dict[str, Any]:
        return client.call_blocking_rules.create(inputs)

    def get_remote(self, reads: Reads, id_: str, props: Mapping[str, Any]) -> dict[str, Any]:
        return reads.get(CALL_BLOCKING_RULE, id_)

    def list_remote(self, client: EstClient, inputs: Mapping[str, Any]) -> Iterable[dict[str, Any]]:
        return client.call_blocking_rules.list()

    def update_remote(
        self, client: EstClient, id_: str, olds: Mapping[str, Any], inputs: dict[str, Any]
    ) -> dict[str, Any]:
        return client.call_blocking_rules.update(id_, inputs)

    def delete_remote(self, client: EstClient, id_: str, props: Mapping[str, Any]) -> None:
        client.call_blocking_rules.delete(id_)

    def remote_to_outputs(self, remote: Mapping[str, Any], inputs: Mapping[str, Any]) -> dict[str, Any]:
        outs = super().remote_to_outputs(remote, inputs)
        if isinstance(outs.get("direction"), str):
            outs["direction"] = outs["direction"].upper()  # the API may echo it in lower case
        return outs


class CallBlockingRule(EstResource, module="sinch_est", name="CallBlockingRule"):
    """Blocks INBOUND calls by caller country/prefix, or OUTBOUND calls by callee country/prefix."""

    provider_class = CallBlockingRuleProvider

    # BEGIN GENERATED CallBlockingRule (scripts/gen_types.py)
    name: pulumi.Output[str | None]
    direction: pulumi.Output[str]
    caller_country: pulumi.Output[str | None]
    callee_country: pulumi.Output[str | None]
    caller_match: pulumi.Output[str | None]
    callee_match: pulumi.Output[str | None]
    project_id: pulumi.Output[str]
    create_time: pulumi.Output[str]
    update_time: pulumi.Output[str | None]
    adopt_id: pulumi.Output[str | None]

    @overload
    def __init__(
        self,
        resource_name: str,
        args: CallBlockingRuleArgs,
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
        name: pulumi.Input[str] | None = None,
        direction: pulumi.Input[str],
        caller_country: pulumi.Input[str] | None = None,
        callee_country: pulumi.Input[str] | None = None,
        caller_match: pulumi.Input[str] | None = None,
        callee_match: pulumi.Input[str] | None = None,
        adopt_id: pulumi.Input[str] | None = None,
        update_on_adopt: pulumi.Input[bool] | None = None,
    ) -> None: ...

    def __init__(self, resource_name: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(resource_name, *args, **kwargs)

    # END GENERATED CallBlockingRule
