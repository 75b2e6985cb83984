"""Reading resource props as the engine hands them over: type tokens, unknown values, numbers, config."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import Enum
from typing import Any, Final

from pulumi_policy.proxy import (
    UNKNOWN_ARCHIVE_VALUE,
    UNKNOWN_ARRAY_VALUE,
    UNKNOWN_ASSET_VALUE,
    UNKNOWN_BOOLEAN_VALUE,
    UNKNOWN_NUMBER_VALUE,
    UNKNOWN_OBJECT_VALUE,
    UNKNOWN_STRING_VALUE,
    UnknownValueError,
)

__all__ = [
    "ACCESS_CONTROL_LIST",
    "CALL_BLOCKING_RULE",
    "COUNTRY_PERMISSION",
    "CREDENTIAL_LIST",
    "INBOUND_ONLY_COMPONENTS",
    "PHONE_NUMBER_ASSIGNMENT",
    "SIP_ENDPOINT",
    "SIP_TRUNK",
    "TRUNK_ACCESS_CONTROL_LIST",
    "TRUNK_CREDENTIAL_LIST",
    "TRUNK_ENDPOINTS",
    "TYPE_TOKENS",
    "UNKNOWN",
    "Unknown",
    "as_int",
    "config_value",
    "elements",
    "get",
    "is_unknown",
]

_TYPE_PREFIX = "pulumi-python:dynamic/sinch_est:"

SIP_TRUNK: Final = _TYPE_PREFIX + "SipTrunk"
SIP_ENDPOINT: Final = _TYPE_PREFIX + "SipEndpoint"
ACCESS_CONTROL_LIST: Final = _TYPE_PREFIX + "AccessControlList"
TRUNK_ACCESS_CONTROL_LIST: Final = _TYPE_PREFIX + "TrunkAccessControlList"
CREDENTIAL_LIST: Final = _TYPE_PREFIX + "CredentialList"
TRUNK_CREDENTIAL_LIST: Final = _TYPE_PREFIX + "TrunkCredentialList"
PHONE_NUMBER_ASSIGNMENT: Final = _TYPE_PREFIX + "PhoneNumberAssignment"
TRUNK_PHONE_NUMBERS: Final = _TYPE_PREFIX + "TrunkPhoneNumbers"
TRUNK_ENDPOINTS: Final = _TYPE_PREFIX + "TrunkEndpoints"
COUNTRY_PERMISSION: Final = _TYPE_PREFIX + "CountryPermission"
CALL_BLOCKING_RULE: Final = _TYPE_PREFIX + "CallBlockingRule"

TYPE_TOKENS: Final = (
    SIP_TRUNK,
    SIP_ENDPOINT,
    ACCESS_CONTROL_LIST,
    TRUNK_ACCESS_CONTROL_LIST,
    CREDENTIAL_LIST,
    TRUNK_CREDENTIAL_LIST,
    PHONE_NUMBER_ASSIGNMENT,
    TRUNK_PHONE_NUMBERS,
    TRUNK_ENDPOINTS,
    COUNTRY_PERMISSION,
    CALL_BLOCKING_RULE,
)
"""``pulumi-python:dynamic/<module>:<name>``: the classes use ``module="sinch_est"`` and ``name=<Class>``."""

INBOUND_ONLY_COMPONENTS: Final = ("sinch_est:index:InboundStatic", "sinch_est:index:InboundRegistered")
"""The workflow components (``sinch_est.components``) whose trunk only receives calls, by design."""

_SENTINELS = frozenset(
    {
        UNKNOWN_ARCHIVE_VALUE,
        UNKNOWN_ARRAY_VALUE,
        UNKNOWN_ASSET_VALUE,
        UNKNOWN_BOOLEAN_VALUE,
        UNKNOWN_NUMBER_VALUE,
        UNKNOWN_OBJECT_VALUE,
        UNKNOWN_STRING_VALUE,
    }
)


class Unknown(Enum):
    """A value the engine cannot know yet (preview of something that depends on an unbuilt resource)."""

    UNKNOWN = "unknown"

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Final = Unknown.UNKNOWN


def is_unknown(value: object) -> bool:
    return value is UNKNOWN or (isinstance(value, str) and value in _SENTINELS)


def get(props: object, key: str) -> Any:
    """``props[key]``: ``None`` when absent or when ``props`` is no mapping, ``UNKNOWN`` when unknown.

    Never raises: the props proxy raises ``UnknownValueError`` on any unknown it is asked for, and a
    rule that lets it escape is reported by the engine as "can't run policy during preview".
    """
    if is_unknown(props):
        return UNKNOWN
    if not isinstance(props, Mapping):
        return None
    try:
        value = props[key]
    except KeyError:
        return None
    except UnknownValueError:
        return UNKNOWN
    return UNKNOWN if is_unknown(value) else value


def elements(value: object) -> list[Any] | Unknown | None:
    """The items of a list prop, each item ``UNKNOWN`` where the engine cannot know it yet."""
    if is_unknown(value):
        return UNKNOWN
    if isinstance(value, str) or not isinstance(value, Sequence):
        return None
    items: list[Any] = []
    for index in range(len(value)):
        try:
            item = value[index]
        except UnknownValueError:
            item = UNKNOWN
        items.append(UNKNOWN if is_unknown(item) else item)
    return items


def as_int(value: object) -> int | None:
    """A whole number from props or config (both arrive through protobuf ``Struct``, so 24 is ``24.0``)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or int(value) != value:
        return None
    return int(value)


def config_value(config: Mapping[str, Any], key: str, default: Any) -> Any:
    """One config property; the engine fills in schema defaults, unit tests and old engines may not."""
    value = config.get(key)
    return default if value is None else value
