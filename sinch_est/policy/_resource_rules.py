"""Rules that judge one resource from its checked inputs: ACL ranges, TLS, country permissions, host names."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from pulumi_policy import ReportViolation, ResourceValidationArgs

from sinch_est import schema
from sinch_est.policy._endpoints import endpoints_of
from sinch_est.policy._values import (
    ACCESS_CONTROL_LIST,
    COUNTRY_PERMISSION,
    SIP_TRUNK,
    UNKNOWN,
    as_int,
    config_value,
    elements,
    get,
    is_unknown,
)

__all__ = [
    "DEFAULT_HIGH_RISK_COUNTRIES",
    "DEFAULT_HOST_NAME_PATTERN",
    "DEFAULT_MIN_PREFIX_LENGTH",
    "acl_no_open_ranges",
    "country_permissions_allow_list",
    "endpoint_uses_tls",
    "trunk_host_name_pattern",
]

DEFAULT_MIN_PREFIX_LENGTH = 24
# Destinations that fraud analysts have long reported at the top of International Revenue Share Fraud
# (toll fraud) terminations: Cuba and Somalia (Commsrisk, "What Is New with IRSF Fraud?", which names Cuba,
# Latvia, Lithuania and Somalia). Latvia and Lithuania are left out on purpose: they are ordinary home markets
# (EU members), and a default must not fail an ordinary estate anywhere. Risk has since spread to many
# countries, so the real protection is an allowedCountries list of the countries you call.
DEFAULT_HIGH_RISK_COUNTRIES = ("CU", "SO")
DEFAULT_HOST_NAME_PATTERN = "^[a-z0-9][a-z0-9-]*$"

# Field names and defaults come from the schema, so a rename there fails here at import, not silently.
_IP_RANGES = schema.ACCESS_CONTROL_LIST.field("ip_ranges").name
_IP_ADDRESS = schema.IP_RANGE.field("ip_address").name
_RANGE = schema.IP_RANGE.field("range")
_TRANSPORT = schema.SIP_ENDPOINT.field("transport")
_ISO_CODE = schema.COUNTRY_PERMISSION.field("iso_code").name
_COUNTRY_ENABLED = schema.COUNTRY_PERMISSION.field("enabled").name
_HOST_NAME = schema.SIP_TRUNK.field("host_name").name
_TLS = "TLS"

_UNKNOWN_REASON = "{what} is unknown until the resources it depends on exist; it is checked again on update"


def _config(args: ResourceValidationArgs) -> Mapping[str, Any]:
    return args.get_config() or {}


def acl_no_open_ranges(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    """Every IP range of an access control list has a prefix of at least ``minPrefixLength`` bits."""
    if args.resource_type != ACCESS_CONTROL_LIST:
        return
    minimum = as_int(config_value(_config(args), "minPrefixLength", DEFAULT_MIN_PREFIX_LENGTH))
    if minimum is None:
        minimum = DEFAULT_MIN_PREFIX_LENGTH
    ranges = elements(get(args.props, _IP_RANGES))
    if ranges is UNKNOWN:
        args.not_applicable(_UNKNOWN_REASON.format(what=_IP_RANGES))
        return
    uncertain = reported = False
    for index, item in enumerate(ranges or ()):
        prefix = get(item, _RANGE.name)
        if prefix is None:
            prefix = _RANGE.default
        if is_unknown(prefix):
            uncertain = True
            continue
        bits = as_int(prefix)
        if bits is None or bits >= minimum:
            continue  # a non-integer range is check's to reject
        address = get(item, _IP_ADDRESS)
        block = f"{address if isinstance(address, str) else '<unknown address>'}/{bits}"
        where = f"access control list '{args.name}': {_IP_RANGES}[{index}] {block}"
        if bits <= 0:
            message = (
                f"{where} admits every address on the internet, so anyone can place calls on the trunks "
                "it is linked to (toll fraud). List the public addresses of your SIP servers instead, "
                "one IpRangeArgs(ip_address=..., range=32) each."
            )
        else:
            message = (
                f"{where} admits {2 ** (32 - bits):,} addresses; prefixes shorter than /{minimum} are not "
                "allowed, because everyone in the block can place calls on the trunks it is linked to. "
                f"List your SIP servers' public addresses (range=32) or blocks of /{minimum} or longer; "
                "if the whole block really is yours, lower minPrefixLength in this policy's config."
            )
        report_violation(message, None)
        reported = True
    if uncertain and not reported:
        args.not_applicable(_UNKNOWN_REASON.format(what=f"the range of an entry in {_IP_RANGES}"))


def endpoint_uses_tls(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    """A SIP endpoint's transport is TLS (a ``SipEndpoint``, or each entry of a ``TrunkEndpoints``)."""
    uncertain: list[str] = []
    reported = False
    for endpoint in endpoints_of(args.resource_type, args.name, args.urn, args.props):
        transport = get(endpoint.props, _TRANSPORT.name)
        if transport is None:
            transport = _TRANSPORT.default
        if is_unknown(transport):
            uncertain.append(endpoint.path(_TRANSPORT.name))
            continue
        if not isinstance(transport, str) or transport.upper() == _TLS:
            continue
        report_violation(
            f"{endpoint.label} uses {transport.upper()}, so its SIP signalling (numbers, caller names, digest "
            f"challenges) crosses the network unencrypted. Set {endpoint.path(_TRANSPORT.name)}='TLS' (SIP over "
            "TLS, usually port 5061) and make sure the endpoint accepts it.",
            None,
        )
        reported = True
    if uncertain and not reported:
        args.not_applicable(_UNKNOWN_REASON.format(what=", ".join(uncertain)))


def country_permissions_allow_list(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    """An enabled country permission is on ``allowedCountries`` when that is configured; without it, it is
    not one of ``highRiskCountries``."""
    if args.resource_type != COUNTRY_PERMISSION:
        return
    enabled = get(args.props, _COUNTRY_ENABLED)
    iso_code = get(args.props, _ISO_CODE)
    if enabled is False or enabled is None:
        return
    if is_unknown(enabled) or is_unknown(iso_code):
        args.not_applicable(_UNKNOWN_REASON.format(what=f"{_COUNTRY_ENABLED} or {_ISO_CODE}"))
        return
    if enabled is not True or not isinstance(iso_code, str):
        return
    country = iso_code.upper()
    config = _config(args)
    configured = config.get("allowedCountries")
    if configured is not None:
        allowed = [str(code).upper() for code in configured]
        if country not in allowed:
            report_violation(
                f"country permission '{args.name}' enables calls to {country}, which is not on the "
                f"allow-list ({', '.join(allowed) or 'empty'}): every enabled country is a destination a "
                f"leaked credential can be used to call (toll fraud). Set enabled=False or remove the "
                f"resource, or add '{country}' to allowedCountries in this policy's config after review.",
                None,
            )
        return
    high_risk = [str(code).upper() for code in config_value(config, "highRiskCountries", DEFAULT_HIGH_RISK_COUNTRIES)]
    if country in high_risk:
        report_violation(
            f"country permission '{args.name}' enables calls to {country}, a destination toll-fraud schemes "
            f"favour (International Revenue Share Fraud: a leaked credential calls premium numbers there, "
            f"at your cost). Set enabled=False or remove the resource; if you do call {country}, list the "
            f"countries you call in allowedCountries in this policy's config (then only that list is "
            f"enforced).",
            None,
        )


def trunk_host_name_pattern(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    """A SIP trunk's host name starts with ``requiredPrefix`` and matches ``pattern``."""
    if args.resource_type != SIP_TRUNK:
        return
    host_name = get(args.props, _HOST_NAME)
    if is_unknown(host_name):
        args.not_applicable(_UNKNOWN_REASON.format(what=_HOST_NAME))
        return
    if not isinstance(host_name, str):
        return
    config = _config(args)
    pattern = str(config_value(config, "pattern", DEFAULT_HOST_NAME_PATTERN))
    prefix = str(config_value(config, "requiredPrefix", ""))
    try:
        matches = re.search(pattern, host_name) is not None
    except re.error as exc:
        report_violation(
            f"this policy's config has pattern {pattern!r}, which is not a valid Python regular "
            f"expression ({exc}); fix it in the policy pack config to check SIP trunk '{args.name}'.",
            None,
        )
        return
    problems: list[str] = []
    if not host_name.startswith(prefix):
        problems.append(f"does not start with {prefix!r}")
    if not matches:
        problems.append(f"does not match {pattern!r}")
    if problems:
        example = f"{prefix}main" if prefix else "acme-main"
        report_violation(
            f"SIP trunk '{args.name}' has host_name {host_name!r}, which {' and '.join(problems)}. The host "
            f"name is the trunk's SIP domain <host_name>.pstn.sinch.com, unique across all Sinch customers; "
            f"rename it to follow the convention, e.g. {example!r}.",
            None,
        )
