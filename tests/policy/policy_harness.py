"""Runs policies the way the engine does (props behind ``unknown_checking_proxy``) and records the outcome."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pulumi_policy import (
    Policy,
    PolicyCustomTimeouts,
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
    StackValidationArgs,
)
from pulumi_policy.policy import _NotApplicableError  # what args.not_applicable() raises
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE, unknown_checking_proxy

PREFIX = "pulumi-python:dynamic/sinch_est:"
UNKNOWN = UNKNOWN_STRING_VALUE
ENDPOINT_DEFAULTS: dict[str, Any] = {"priority": 1, "transport": "TLS", "enabled": True, "address": "198.51.100.7"}
"""A static TLS endpoint: what ``Estate.endpoint`` and each entry of ``Estate.endpoint_block`` start from."""


def urn(cls: str, name: str) -> str:
    return f"urn:pulumi:dev::sinch-demo::{PREFIX}{cls}::{name}"


def opts() -> PolicyResourceOptions:
    return PolicyResourceOptions(False, [], None, [], PolicyCustomTimeouts(0, 0, 0), [])


@dataclass
class Outcome:
    violations: list[tuple[str, str | None]] = field(default_factory=list)
    not_applicable: str | None = None

    @property
    def messages(self) -> list[str]:
        return [message for message, _ in self.violations]

    @property
    def urns(self) -> list[str | None]:
        return [u for _, u in self.violations]

    @property
    def quiet(self) -> bool:
        return not self.violations


def _run(policy: Policy, args: ResourceValidationArgs | StackValidationArgs) -> Outcome:
    outcome = Outcome()

    def report(message: str, urn: str | None = None) -> None:
        assert isinstance(message, str) and message
        outcome.violations.append((message, urn))

    try:
        assert policy.validate(args, report) is None  # type: ignore[attr-defined]
    except _NotApplicableError as exc:
        outcome.not_applicable = exc.reason or ""
    return outcome


def run_resource(
    policy: Policy,
    cls: str,
    props: dict[str, Any],
    *,
    name: str = "r",
    config: Mapping[str, Any] | None = None,
) -> Outcome:
    args = ResourceValidationArgs(
        PREFIX + cls, unknown_checking_proxy(props), urn(cls, name), name, opts(), None, config
    )
    return _run(policy, args)


def run_stack(policy: Policy, resources: list[PolicyResource], config: Mapping[str, Any] | None = None) -> Outcome:
    return _run(policy, StackValidationArgs(resources, config))


class Estate:
    """Stack resources as the engine hands them to stack policies.

    ``preview``: ids are unknown, so every reference prop is the unknown sentinel; otherwise every resource
    has an ``id`` output and references hold it. ``graph``: the engine's property dependencies are
    filled in (as they are for ``trunk_id=trunk.id``); without it a join can only compare ids.
    """

    def __init__(self, *, preview: bool = True, graph: bool = True) -> None:
        self.preview = preview
        self.graph = graph
        self.resources: list[PolicyResource] = []
        self.raw: dict[str, dict[str, Any]] = {}
        """Each resource's props before the proxy wraps them, by URN."""
        self._ids: dict[str, str] = {}

    def add(
        self,
        cls: str,
        name: str,
        props: dict[str, Any] | None = None,
        **refs: PolicyResource | str,
    ) -> PolicyResource:
        """``refs`` maps a prop to the resource it refers to, or to a literal id (no dependency)."""
        values = dict(props or {})
        deps: dict[str, list[PolicyResource]] = {}
        for prop, target in refs.items():
            if isinstance(target, str):
                values[prop] = target
                continue
            values[prop] = UNKNOWN if self.preview else self._ids[target.urn]
            if self.graph:
                deps[prop] = [target]
        return self._register(cls, name, values, deps)

    def _register(
        self, cls: str, name: str, values: dict[str, Any], deps: dict[str, list[PolicyResource]]
    ) -> PolicyResource:
        if not self.preview:
            values.setdefault("id", f"{name}-id")
        resource = PolicyResource(
            PREFIX + cls,
            unknown_checking_proxy(values),
            urn(cls, name),
            name,
            opts(),
            None,
            None,
            [t for ts in deps.values() for t in ts],
            deps,
        )
        self.raw[resource.urn] = values
        if isinstance(values.get("id"), str):
            self._ids[resource.urn] = values["id"]
        self.resources.append(resource)
        return resource

    def trunk(self, name: str = "main", **props: Any) -> PolicyResource:
        return self.add("SipTrunk", name, {"name": name, "host_name": name, **props})

    def trunk_linking(
        self, name: str, *, acls: tuple[PolicyResource, ...] = (), credential_lists: tuple[PolicyResource, ...] = ()
    ) -> PolicyResource:
        """A trunk that links lists itself (``access_control_list_ids``, ``credential_list_ids``)."""
        values: dict[str, Any] = {"name": name, "host_name": name}
        deps: dict[str, list[PolicyResource]] = {}
        for prop, targets in (("access_control_list_ids", acls), ("credential_list_ids", credential_lists)):
            if targets:
                values[prop] = [UNKNOWN if self.preview else self._ids[t.urn] for t in targets]
                if self.graph:
                    deps[prop] = list(targets)
        return self._register("SipTrunk", name, values, deps)

    def acl(self, name: str = "office", **props: Any) -> PolicyResource:
        defaults = {"name": name, "enabled": True, "ip_ranges": [{"ip_address": "203.0.113.10", "range": 32}]}
        return self.add("AccessControlList", name, {**defaults, **props})

    def credential_list(self, name: str = "users", usernames: tuple[str, ...] = ("alice",)) -> PolicyResource:
        credentials = [{"username": u, "password": "Sup3rSecretPassw0rd"} for u in usernames]
        return self.add("CredentialList", name, {"name": name, "credentials": credentials})

    def link_acl(self, trunk: PolicyResource | str, acl: PolicyResource | str, name: str = "") -> PolicyResource:
        return self.add(
            "TrunkAccessControlList",
            name or f"link-{_name(trunk)}-{_name(acl)}",
            trunk_id=trunk,
            access_control_list_id=acl,
        )

    def link_credentials(
        self, trunk: PolicyResource | str, credential_list: PolicyResource | str, name: str = ""
    ) -> PolicyResource:
        return self.add(
            "TrunkCredentialList",
            name or f"link-{_name(trunk)}-{_name(credential_list)}",
            trunk_id=trunk,
            credential_list_id=credential_list,
        )

    def endpoint(self, name: str, trunk: PolicyResource | str, **props: Any) -> PolicyResource:
        return self.add("SipEndpoint", name, {"name": name, **ENDPOINT_DEFAULTS, **props}, trunk_id=trunk)

    def endpoint_block(self, name: str, trunk: PolicyResource | str, *entries: dict[str, Any]) -> PolicyResource:
        """A ``TrunkEndpoints`` resource; each entry (which names itself) starts from ``ENDPOINT_DEFAULTS``."""
        endpoints = [{**ENDPOINT_DEFAULTS, **entry} for entry in entries]
        return self.add("TrunkEndpoints", name, {"endpoints": endpoints}, trunk_id=trunk)

    def number(self, name: str, trunk: PolicyResource | str, phone_number: str) -> PolicyResource:
        return self.add("PhoneNumberAssignment", name, {"phone_number": phone_number}, trunk_id=trunk)


def _name(target: PolicyResource | str) -> str:
    return target if isinstance(target, str) else target.name
