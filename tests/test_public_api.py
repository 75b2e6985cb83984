"""Public names are a contract: each package's __all__ resolves, and each Args matches its schema."""

from __future__ import annotations

import dataclasses
import importlib

import pytest

import sinch_est
from sinch_est import provider, schema

PACKAGES = [
    "sinch_est",
    "sinch_est.schema",
    "sinch_est.client",
    "sinch_est.provider",
    "sinch_est.emulator",
    "sinch_est.policy",
    "sinch_est.components",
    "sinch_est.export",
    "sinch_est.testing",
]


@pytest.mark.parametrize("name", PACKAGES)
def test_all_names_resolve(name: str) -> None:
    module = importlib.import_module(name)
    assert module.__all__, name
    for public in module.__all__:
        assert getattr(module, public) is not None, f"{name}.{public}"


RESOURCES = {
    "SipTrunk": (schema.SIP_TRUNK, provider.SipTrunkArgs),
    "SipEndpoint": (schema.SIP_ENDPOINT, provider.SipEndpointArgs),
    "AccessControlList": (schema.ACCESS_CONTROL_LIST, provider.AccessControlListArgs),
    "TrunkAccessControlList": (schema.TRUNK_ACCESS_CONTROL_LIST, provider.TrunkAccessControlListArgs),
    "CredentialList": (schema.CREDENTIAL_LIST, provider.CredentialListArgs),
    "TrunkCredentialList": (schema.TRUNK_CREDENTIAL_LIST, provider.TrunkCredentialListArgs),
    "PhoneNumberAssignment": (schema.PHONE_NUMBER, provider.PhoneNumberAssignmentArgs),
    "TrunkPhoneNumbers": (schema.PHONE_NUMBER_SET, provider.TrunkPhoneNumbersArgs),
    "TrunkEndpoints": (schema.SIP_ENDPOINT_SET, provider.TrunkEndpointsArgs),
    "CountryPermission": (schema.COUNTRY_PERMISSION, provider.CountryPermissionArgs),
    "CallBlockingRule": (schema.CALL_BLOCKING_RULE, provider.CallBlockingRuleArgs),
}


@pytest.mark.parametrize("class_name", sorted(RESOURCES))
def test_args_match_the_schema_inputs(class_name: str) -> None:
    spec, args = RESOURCES[class_name]
    assert {f.name for f in dataclasses.fields(args)} == {f.name for f in spec.inputs}


@pytest.mark.parametrize("class_name", sorted(RESOURCES))
def test_type_tokens(class_name: str) -> None:
    cls = getattr(sinch_est, class_name)
    assert cls._resource_type_name == f"dynamic/sinch_est:{class_name}"


def test_top_level_lazy_names_match_their_packages() -> None:
    from sinch_est import components

    assert set(sinch_est._COMPONENT_NAMES) == set(components.__all__)
    from_provider = set(sinch_est.__all__) - sinch_est._COMPONENT_NAMES - {"__version__"}
    assert from_provider <= set(provider.__all__)
    for name in sinch_est.__all__:
        assert getattr(sinch_est, name) is not None, name


def test_type_checkers_see_the_same_names_as_the_lazy_loader() -> None:
    """The ``TYPE_CHECKING`` imports (what mypy and editors see) name exactly the lazily loaded names."""
    import ast
    from pathlib import Path

    tree = ast.parse(Path(sinch_est.__file__).read_text())
    guarded = next(n for n in tree.body if isinstance(n, ast.If) and "TYPE_CHECKING" in ast.unparse(n.test))
    imported = {a.name for node in ast.walk(guarded) if isinstance(node, ast.ImportFrom) for a in node.names}
    assert imported == set(sinch_est.__all__) - {"__version__"}
