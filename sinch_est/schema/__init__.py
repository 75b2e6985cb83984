"""Declarative descriptions of every EST object: the single source of truth for all other layers.

Imports nothing else from the package.
"""

from __future__ import annotations

from sinch_est.schema import _validators as validators
from sinch_est.schema._objects import (
    ACCESS_CONTROL_LIST,
    ALL_SPECS,
    CALL,
    CALL_BLOCKING_RULE,
    COUNTRY_PERMISSION,
    CREDENTIAL,
    CREDENTIAL_LIST,
    DIRECTIONS,
    IP_RANGE,
    MAX_NUMBERS_PER_SET,
    PHONE_NUMBER,
    PHONE_NUMBER_SET,
    SIP_ENDPOINT,
    SIP_TRUNK,
    TOP_LEVEL_DOMAIN,
    TRANSPORTS,
    TRUNK_ACCESS_CONTROL_LIST,
    TRUNK_CREDENTIAL_LIST,
)
from sinch_est.schema._spec import (
    BOOLEAN,
    INTEGER,
    OBJECT_LIST,
    STRING,
    STRING_LIST,
    UNKNOWN_VALUE,
    Field,
    ObjectSpec,
    Rule,
    Violation,
    from_wire,
    to_wire,
    validate,
)

__all__ = [
    "ACCESS_CONTROL_LIST",
    "ALL_SPECS",
    "BOOLEAN",
    "CALL",
    "CALL_BLOCKING_RULE",
    "COUNTRY_PERMISSION",
    "CREDENTIAL",
    "CREDENTIAL_LIST",
    "DIRECTIONS",
    "INTEGER",
    "IP_RANGE",
    "MAX_NUMBERS_PER_SET",
    "OBJECT_LIST",
    "PHONE_NUMBER",
    "PHONE_NUMBER_SET",
    "SIP_ENDPOINT",
    "SIP_TRUNK",
    "STRING",
    "STRING_LIST",
    "TOP_LEVEL_DOMAIN",
    "TRANSPORTS",
    "TRUNK_ACCESS_CONTROL_LIST",
    "TRUNK_CREDENTIAL_LIST",
    "UNKNOWN_VALUE",
    "Field",
    "ObjectSpec",
    "Rule",
    "Violation",
    "from_wire",
    "to_wire",
    "validate",
    "validators",
]
