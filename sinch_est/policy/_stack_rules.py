"""Rules that judge how resources fit together: trunk authentication, registrations, failover, numbers.

Each rule reports only what is certain. Where an unknown value or an undecidable join could change the
verdict for a resource, the rule says nothing about it, and when that leaves it with nothing to say it
marks itself not applicable (the engine checks the stack again after the update, with every value known).
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Sequence
from typing import Any

from pulumi_policy import PolicyResource, ReportViolation, StackValidationArgs

from sinch_est import schema
from sinch_est.policy._endpoints import Endpoint, stack_endpoints
from sinch_est.policy._graph import Ref, Stack
from sinch_est.policy._values import (
    ACCESS_CONTROL_LIST,
    CREDENTIAL_LIST,
    INBOUND_ONLY_COMPONENTS,
    PHONE_NUMBER_ASSIGNMENT,
    SIP_TRUNK,
    TRUNK_ACCESS_CONTROL_LIST,
    TRUNK_CREDENTIAL_LIST,
    TRUNK_PHONE_NUMBERS,
    UNKNOWN,
    Unknown,
    as_int,
    config_value,
    elements,
    get,
    is_unknown,
)

__all__ = [
    "DEFAULT_MIN_PRIORITY_LEVELS",
    "phone_number_assigned_once",
    "registered_endpoint_credentials_linked",
    "trunk_authenticated",
    "trunk_numbers_have_failover",
]

DEFAULT_MIN_PRIORITY_LEVELS = 2

_TRUNK_ID = schema.SIP_ENDPOINT.field("trunk_id").name
_ACL_ID = schema.TRUNK_ACCESS_CONTROL_LIST.field("access_control_list_id").name
_CREDENTIAL_LIST_ID = schema.TRUNK_CREDENTIAL_LIST.field("credential_list_id").name
_TRUNK_ACL_IDS = schema.SIP_TRUNK.field("access_control_list_ids").name
_TRUNK_CREDENTIAL_IDS = schema.SIP_TRUNK.field("credential_list_ids").name
_ACL_ENABLED = schema.ACCESS_CONTROL_LIST.field("enabled")
_IP_RANGES = schema.ACCESS_CONTROL_LIST.field("ip_ranges").name
_CREDENTIALS = schema.CREDENTIAL_LIST.field("credentials").name
_USERNAME = schema.CREDENTIAL.field("username").name
_CREDENTIAL_USERNAME = schema.SIP_ENDPOINT.field("credential_username").name
_ENDPOINT_ENABLED = schema.SIP_ENDPOINT.field("enabled")
_PRIORITY = schema.SIP_ENDPOINT.field("priority").name
_ENABLE_CALL_FORWARD = schema.SIP_TRUNK.field("enable_call_forward").name
_CALL_FORWARD_NUMBER = schema.SIP_TRUNK.field("call_forward_number").name
_PHONE_NUMBER = schema.PHONE_NUMBER.field("phone_number").name
_PHONE_NUMBERS = schema.PHONE_NUMBER_SET.field("phone_numbers").name

_NOT_DECIDABLE = "some values it needs are unknown until the update; the stack is checked again after it"


def _assigned_numbers(stack: Stack) -> Iterable[tuple[PolicyResource, Any]]:
    """Each (resource, number) a ``PhoneNumberAssignment`` or ``TrunkPhoneNumbers`` routes; the number is
    ``UNKNOWN`` where it is not known yet."""
    for assignment in stack.of_type(PHONE_NUMBER_ASSIGNMENT):
        yield assignment, get(assignment.props, _PHONE_NUMBER)
    for block in stack.of_type(TRUNK_PHONE_NUMBERS):
        numbers = elements(get(block.props, _PHONE_NUMBERS))
        if numbers is UNKNOWN:
            yield block, UNKNOWN
        elif isinstance(numbers, list):
            for number in numbers:
                yield block, number


def _config(args: StackValidationArgs) -> Any:
    return args.get_config() or {}


def _names(resources: Iterable[PolicyResource]) -> str:
    return ", ".join(f"'{r.name}'" for r in resources)


def _why_link_is_void(target: PolicyResource | Ref) -> str | None:
    """Why a linked list certainly authenticates nothing (unknowns get the benefit of the doubt)."""
    if not isinstance(target, PolicyResource):
        return None
    if target.resource_type == ACCESS_CONTROL_LIST:
        enabled = get(target.props, _ACL_ENABLED.name)
        if (_ACL_ENABLED.default if enabled is None else enabled) is False:
            return f"access control list '{target.name}' is linked but disabled"
        if elements(get(target.props, _IP_RANGES)) == []:
            return f"access control list '{target.name}' is linked but has no IP ranges"
    elif elements(get(target.props, _CREDENTIALS)) == []:
        return f"credential list '{target.name}' is linked but has no credentials"
    return None


def _parent_type(resource: PolicyResource) -> str | None:
    if resource.parent is not None:
        return resource.parent.resource_type
    # urn:pulumi:<stack>::<project>::<parent type>$<type>::<name>
    parts = resource.urn.split("::", 3)
    chain = parts[2].split("$") if len(parts) == 4 else []
    return chain[-2] if len(chain) > 1 else None


def _linked(stack: Stack, list_type: str) -> tuple[dict[str, list[PolicyResource | Ref]], bool]:
    """The lists of ``list_type`` linked to each trunk (by URN), through link resources or the trunk's own ids,
    each as ``Stack.resolve`` gives it; and whether a link resource's trunk could not be told."""
    link_type, list_prop, ids_prop = {
        ACCESS_CONTROL_LIST: (TRUNK_ACCESS_CONTROL_LIST, _ACL_ID, _TRUNK_ACL_IDS),
        CREDENTIAL_LIST: (TRUNK_CREDENTIAL_LIST, _CREDENTIAL_LIST_ID, _TRUNK_CREDENTIAL_IDS),
    }[list_type]
    linked: dict[str, list[PolicyResource | Ref]] = {}
    unresolved = False
    for link in stack.of_type(link_type):
        trunk = stack.resolve(link, _TRUNK_ID, SIP_TRUNK)
        if trunk is Ref.UNRESOLVED:
            unresolved = True
        elif isinstance(trunk, PolicyResource):
            linked.setdefault(trunk.urn, []).append(stack.resolve(link, list_prop, list_type))
    for trunk in stack.of_type(SIP_TRUNK):
        linked.setdefault(trunk.urn, []).extend(stack.resolve_all(trunk, ids_prop, list_type))
    return linked, unresolved


def _inbound_only(trunk: PolicyResource, patterns: Sequence[str]) -> bool:
    """Declared inbound-only: listed in the config, or built by an inbound-only workflow component."""
    if any(fnmatch.fnmatchcase(trunk.name, pattern) for pattern in patterns):
        return True
    return _parent_type(trunk) in INBOUND_ONLY_COMPONENTS


def trunk_authenticated(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    """Every trunk not declared inbound-only has an enabled ACL or a non-empty credential list linked."""
    stack = Stack(args.resources)
    inbound_only = [str(p) for p in config_value(_config(args), "inboundOnlyTrunks", ())]
    authenticated: set[str] = set()
    void: dict[str, list[str]] = {}
    uncertain = False
    for list_type in (ACCESS_CONTROL_LIST, CREDENTIAL_LIST):
        linked, unresolved = _linked(stack, list_type)
        uncertain = uncertain or unresolved
        for urn, targets in linked.items():
            for target in targets:
                reason = _why_link_is_void(target)
                if reason is None:
                    authenticated.add(urn)
                else:
                    void.setdefault(urn, []).append(reason)
    skipped = reported = False
    for trunk in stack.of_type(SIP_TRUNK):
        if trunk.urn in authenticated or _inbound_only(trunk, inbound_only):
            continue
        if uncertain:
            skipped = True
            continue
        why = f" ({'; '.join(void[trunk.urn])})" if trunk.urn in void else ""
        report_violation(
            f"SIP trunk '{trunk.name}' has no usable access control list or credential list linked{why}, "
            "so Sinch rejects every call it places (SIP 403). Link one with the trunk's "
            "access_control_list_ids=[<acl>.id] or credential_list_ids=[<list>.id] (or a TrunkAccessControlList "
            f"or TrunkCredentialList resource); if the trunk only receives calls, add '{trunk.name}' to "
            "inboundOnlyTrunks in this policy's config.",
            trunk.urn,
        )
        reported = True
    if skipped and not reported:
        args.not_applicable(_NOT_DECIDABLE)


def _holds(lists: Sequence[PolicyResource], username: str) -> bool | Unknown:
    """Whether one of ``lists`` has a credential for ``username`` (never reads passwords)."""
    unsure = False
    for credential_list in lists:
        credentials = elements(get(credential_list.props, _CREDENTIALS))
        if credentials is UNKNOWN:
            unsure = True
            continue
        for credential in credentials or ():
            name = get(credential, _USERNAME)
            if name == username:
                return True
            unsure = unsure or is_unknown(name)
    return UNKNOWN if unsure else False


def registered_endpoint_credentials_linked(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    """A registered endpoint's username is in a credential list linked to the endpoint's trunk."""
    stack = Stack(args.resources)
    targets, unresolved_link = _linked(stack, CREDENTIAL_LIST)
    linked = {urn: [t for t in found if isinstance(t, PolicyResource)] for urn, found in targets.items()}
    # A list we cannot see may hold the username.
    unsure_trunks = {urn for urn, found in targets.items() if any(not isinstance(t, PolicyResource) for t in found)}
    skipped = reported = False
    for endpoint, trunk in stack_endpoints(stack):
        username = get(endpoint.props, _CREDENTIAL_USERNAME)
        if not username or trunk is Ref.EXTERNAL:
            continue  # a static endpoint, or a trunk whose links live outside this stack
        if is_unknown(username) or not isinstance(trunk, PolicyResource):
            skipped = True
            continue
        if not isinstance(username, str):
            continue  # check's to reject
        lists = linked.get(trunk.urn, [])
        verdict = _holds(lists, username)
        if verdict is True:
            continue
        if verdict is UNKNOWN or unresolved_link or trunk.urn in unsure_trunks:
            skipped = True
            continue
        holders = [c for c in stack.of_type(CREDENTIAL_LIST) if _holds([c], username) is True]
        if lists:
            problem = f"none of the credential lists linked to it ({_names(lists)}) has that username"
        else:
            problem = "no credential list is linked to it"
        fix = (
            f"link credential list {_names(holders)}, which holds it, through the trunk's credential_list_ids "
            "(or a TrunkCredentialList resource)"
            if holders
            else f"add CredentialArgs(username='{username}', password=...) to a credential list linked to it"
        )
        report_violation(
            f"{endpoint.label} registers as '{username}' on SIP trunk '{trunk.name}', but "
            f"{problem}: the API accepts the endpoint, yet every REGISTER fails with SIP 401. Fix: {fix}.",
            endpoint.urn,
        )
        reported = True
    if skipped and not reported:
        args.not_applicable(_NOT_DECIDABLE)


def _forwards(trunk: PolicyResource) -> bool | Unknown:
    enabled = get(trunk.props, _ENABLE_CALL_FORWARD)
    number = get(trunk.props, _CALL_FORWARD_NUMBER)
    if enabled is True and isinstance(number, str) and number:
        return True
    if is_unknown(enabled) or (enabled is True and is_unknown(number)):
        return UNKNOWN
    return False


def _priority_levels(endpoints: Iterable[Endpoint]) -> tuple[set[int], bool]:
    """The distinct priorities of the enabled endpoints, and whether an unknown may add one."""
    levels: set[int] = set()
    unsure = False
    for endpoint in endpoints:
        enabled = get(endpoint.props, _ENDPOINT_ENABLED.name)
        enabled = _ENDPOINT_ENABLED.default if enabled is None else enabled
        priority = get(endpoint.props, _PRIORITY)
        if is_unknown(enabled) or (enabled is True and is_unknown(priority)):
            unsure = True
        elif enabled is True and (level := as_int(priority)) is not None:
            levels.add(level)
    return levels, unsure


def trunk_numbers_have_failover(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    """A trunk with phone numbers has enabled endpoints at two priorities, or call forwarding."""
    stack = Stack(args.resources)
    wanted = as_int(config_value(_config(args), "minPriorityLevels", DEFAULT_MIN_PRIORITY_LEVELS))
    wanted = DEFAULT_MIN_PRIORITY_LEVELS if wanted is None else wanted
    numbers: dict[str, list[str]] = {}
    for assignment, number in _assigned_numbers(stack):
        trunk = stack.resolve(assignment, _TRUNK_ID, SIP_TRUNK)
        if isinstance(trunk, PolicyResource):
            numbers.setdefault(trunk.urn, []).append(number if isinstance(number, str) else "(unknown)")
    endpoints: dict[str, list[Endpoint]] = {}
    unresolved_endpoint = False
    for endpoint, trunk in stack_endpoints(stack):
        if isinstance(trunk, PolicyResource):
            endpoints.setdefault(trunk.urn, []).append(endpoint)
        unresolved_endpoint = unresolved_endpoint or trunk is Ref.UNRESOLVED
    skipped = reported = False
    for trunk in stack.of_type(SIP_TRUNK):
        if trunk.urn not in numbers:
            continue
        forwards = _forwards(trunk)
        levels, unsure = _priority_levels(endpoints.get(trunk.urn, ()))
        if forwards is True or len(levels) >= wanted:
            continue
        if unsure or forwards is UNKNOWN or unresolved_endpoint:
            skipped = True
            continue
        listed = numbers[trunk.urn]
        shown = ", ".join(listed[:3]) + (f" and {len(listed) - 3} more" if len(listed) > 3 else "")
        state = (
            f"its enabled endpoints use only priority {', '.join(map(str, sorted(levels)))}"
            if levels
            else "it has no enabled endpoint"
        )
        report_violation(
            f"SIP trunk '{trunk.name}' receives calls for {shown} but has no failover: {state} and call "
            f"forwarding is off, so one endpoint outage drops every inbound call (SIP 503). Add enabled "
            f"endpoints (SipEndpoint resources or TrunkEndpoints entries) at {wanted} different priorities (1 is "
            "tried first; use 2 for the backup), or set enable_call_forward=True with a call_forward_number.",
            trunk.urn,
        )
        reported = True
    if skipped and not reported:
        args.not_applicable(_NOT_DECIDABLE)


def phone_number_assigned_once(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    """No phone number is assigned by two resources (a ``TrunkPhoneNumbers`` counts once per number it lists)."""
    by_number: dict[str, list[PolicyResource]] = {}
    unknown = False
    for assignment, number in _assigned_numbers(Stack(args.resources)):
        if isinstance(number, str):
            by_number.setdefault(number.strip(), []).append(assignment)
        unknown = unknown or is_unknown(number)
    reported = False
    for number, assignments in by_number.items():
        if len(assignments) < 2:
            continue
        for assignment in assignments:
            others = [a for a in assignments if a is not assignment]
            report_violation(
                f"phone number {number} is assigned by '{assignment.name}' and also by {_names(others)}: a "
                "number routes to exactly one trunk, so the resources fight over it (one fails, or each "
                "apply silently moves it). Assign each number in one resource only.",
                assignment.urn,
            )
            reported = True
    if unknown and not reported:
        args.not_applicable(_NOT_DECIDABLE)
