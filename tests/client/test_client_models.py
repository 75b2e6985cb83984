"""Typed models mirror the schema, and timestamps in every observed form parse."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from sinch_est import schema
from sinch_est.client import _models, parse_timestamp

# spec -> (read model, props model); link specs carry ids only and have no dict payload.
MODELS: dict[str, tuple[Any, Any]] = {
    "SipTrunk": (_models.SipTrunk, _models.SipTrunkProps),
    "SipEndpoint": (_models.SipEndpoint, _models.SipEndpointProps),
    "AccessControlList": (_models.AccessControlList, _models.AccessControlListProps),
    "IpRange": (_models.IpRange, _models.IpRangeProps),
    "CredentialList": (_models.CredentialList, _models.CredentialListProps),
    "Credential": (_models.Credential, _models.CredentialProps),
    "PhoneNumber": (_models.PhoneNumber, _models.PhoneNumberProps),
    "CountryPermission": (_models.CountryPermission, _models.CountryPermissionProps),
    "CallBlockingRule": (_models.CallBlockingRule, _models.CallBlockingRuleProps),
    "Call": (_models.Call, None),
}
LINKS = {"TrunkAccessControlList", "TrunkCredentialList"}


def test_every_object_spec_has_models() -> None:
    assert {spec.name for spec in schema.ALL_SPECS} == set(MODELS) | LINKS


@pytest.mark.parametrize("spec", [s for s in schema.ALL_SPECS if s.name in MODELS], ids=lambda s: s.name)
def test_read_model_keys_equal_what_from_wire_returns(spec: schema.ObjectSpec) -> None:
    model, _ = MODELS[spec.name]
    expected = {f.name for f in spec.fields if not f.secret and not getattr(f, "local", False)} | {"id"}
    assert set(model.__annotations__) == expected


@pytest.mark.parametrize(
    "spec", [s for s in schema.ALL_SPECS if MODELS.get(s.name, (0, None))[1]], ids=lambda s: s.name
)
def test_props_model_keys_equal_the_spec_inputs(spec: schema.ObjectSpec) -> None:
    _, props = MODELS[spec.name]
    expected = {f.name for f in spec.inputs if not getattr(f, "local", False)}
    assert set(props.__annotations__) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-06-06T14:42:42.820177628Z", datetime(2024, 6, 6, 14, 42, 42, 820177, tzinfo=UTC)),
        ("2024-06-06T14:42:42Z", datetime(2024, 6, 6, 14, 42, 42, tzinfo=UTC)),
        ("2023-09-11T15:37:30", datetime(2023, 9, 11, 15, 37, 30, tzinfo=UTC)),
        ("2023-09-14T08:08:48.264185988", datetime(2023, 9, 14, 8, 8, 48, 264185, tzinfo=UTC)),
        ("2024-06-06T16:57:45+0000", datetime(2024, 6, 6, 16, 57, 45, tzinfo=UTC)),
        ("2024-06-06T16:57:45-0500", datetime(2024, 6, 6, 16, 57, 45, tzinfo=timezone(timedelta(hours=-5)))),
        (
            "2024-06-06T16:57:45.1+02:00",
            datetime(2024, 6, 6, 16, 57, 45, 100000, tzinfo=timezone(timedelta(hours=2))),
        ),
    ],
)
def test_parse_timestamp_accepts_every_observed_form(text: str, expected: datetime) -> None:
    assert parse_timestamp(text) == expected


@pytest.mark.parametrize("empty", [None, "", "  "])
def test_parse_timestamp_of_nothing_is_none(empty: str | None) -> None:
    assert parse_timestamp(empty) is None


def test_parse_timestamp_rejects_garbage() -> None:
    with pytest.raises(ValueError, match="not an EST timestamp"):
        parse_timestamp("yesterday")
