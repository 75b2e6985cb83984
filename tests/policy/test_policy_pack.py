"""The pack as the engine sees it: metadata, config schemas, the pack directory, and the analyzer service."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from google.protobuf import json_format, struct_pb2
from policy_harness import PREFIX, UNKNOWN, Estate, opts, run_resource, run_stack, urn
from pulumi.runtime import proto
from pulumi_policy import EnforcementLevel, PolicyResource, ResourceValidationPolicy, StackValidationPolicy
from pulumi_policy.policy import _POLICY_PACK_NAME_RE, _PolicyAnalyzerServicer

import sinch_est
import sinch_est.policy
from sinch_est.policy import rules
from sinch_est.policy._values import TYPE_TOKENS

PACK_DIR = Path(sinch_est.policy.__file__).parent
LEVELS = {level.value for level in EnforcementLevel}


def _object_schema(policy: Any) -> dict[str, Any]:
    """The schema the engine checks a policy config against (``convertSchema``, pkg/resource/analyzer)."""
    schema: dict[str, Any] = {"type": "object", "properties": policy.config_schema.properties}
    if policy.config_schema.required:
        schema["required"] = policy.config_schema.required
    return schema


def test_pack_policies_metadata() -> None:
    assert _POLICY_PACK_NAME_RE.match(rules.PACK_NAME)
    names = [policy.name for policy in rules.POLICIES]
    assert len(set(names)) == len(names) == 8
    for policy in rules.POLICIES:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", policy.name) and _POLICY_PACK_NAME_RE.match(policy.name)
        assert policy.name != "all"
        assert policy.description and policy.description.endswith(".")
        assert isinstance(policy.enforcement_level, EnforcementLevel)
        assert isinstance(policy, ResourceValidationPolicy | StackValidationPolicy)
    assert sinch_est.policy.POLICIES is rules.POLICIES


def test_pack_default_enforcement_levels() -> None:
    levels = {policy.name: policy.enforcement_level for policy in rules.POLICIES}
    assert levels == {
        "acl-no-open-ranges": EnforcementLevel.MANDATORY,
        "trunk-authenticated": EnforcementLevel.MANDATORY,
        "registered-endpoint-credentials-linked": EnforcementLevel.MANDATORY,
        "trunk-numbers-have-failover": EnforcementLevel.ADVISORY,
        "endpoint-uses-tls": EnforcementLevel.ADVISORY,
        "country-permissions-allow-list": EnforcementLevel.MANDATORY,
        "phone-number-assigned-once": EnforcementLevel.MANDATORY,
        "trunk-host-name-pattern": EnforcementLevel.ADVISORY,
    }


@pytest.mark.parametrize("policy", [p for p in rules.POLICIES if p.config_schema], ids=lambda p: p.name)
def test_pack_config_schema_is_valid_json_schema_with_valid_defaults(policy: Any) -> None:
    schema = _object_schema(policy)
    jsonschema.Draft7Validator.check_schema(schema)
    assert "enforcementLevel" not in schema["properties"]
    defaults = {}
    for key, prop in schema["properties"].items():
        assert re.fullmatch(r"[a-z][a-zA-Z0-9]*", key), "config keys are camelCase"
        assert prop.get("description") and "type" in prop and "default" in prop
        defaults[key] = prop["default"]
    jsonschema.validate(defaults, schema)
    jsonschema.validate({}, schema)  # the engine validates the config even when none is given
    json.dumps(schema)  # sent to the engine as a protobuf Struct


def test_pack_defaults_in_schema_are_the_rules_own_defaults() -> None:
    """With the engine's defaults or with none (unit tests, old engines), a rule behaves the same."""
    for policy in rules.POLICIES:
        if policy.config_schema is None:
            continue
        defaults = {k: v["default"] for k, v in policy.config_schema.properties.items()}
        if isinstance(policy, ResourceValidationPolicy):
            samples = {
                "acl-no-open-ranges": (
                    "AccessControlList",
                    {"ip_ranges": [{"ip_address": "10.0.0.0", "range": 23}]},
                ),
                "country-permissions-allow-list": ("CountryPermission", {"iso_code": "SE", "enabled": True}),
                "trunk-host-name-pattern": ("SipTrunk", {"host_name": "-x"}),
            }
            cls, props = samples[policy.name]
            assert run_resource(policy, cls, props, config=defaults) == run_resource(policy, cls, props)
        else:
            estate = Estate()
            trunk = estate.trunk()
            estate.number("n", trunk, "+14155550100")
            assert run_stack(policy, estate.resources, defaults) == run_stack(policy, estate.resources)


def test_pack_main_only_constructs_the_pack() -> None:
    tree = ast.parse((PACK_DIR / "__main__.py").read_text())
    docstring, import_sys, guarded, construct = tree.body
    assert isinstance(docstring, ast.Expr) and isinstance(docstring.value, ast.Constant)
    assert isinstance(import_sys, ast.Import) and [a.name for a in import_sys.names] == ["sys"]
    # The requirements are imported under a guard whose only job is a clear message when they are missing.
    assert isinstance(guarded, ast.Try) and not guarded.orelse and not guarded.finalbody
    assert all(isinstance(node, ast.ImportFrom) and node.level == 0 for node in guarded.body)
    assert [node.module for node in guarded.body if isinstance(node, ast.ImportFrom)] == [
        "pulumi_policy",
        "sinch_est.policy",
    ]
    [handler] = guarded.handlers
    assert isinstance(handler.type, ast.Name) and handler.type.id == "ImportError"
    [stop] = handler.body
    assert isinstance(stop, ast.Expr) and isinstance(stop.value, ast.Call)
    assert ast.unparse(stop.value.func) == "sys.exit"
    assert isinstance(construct, ast.Expr) and isinstance(construct.value, ast.Call)
    assert ast.unparse(construct.value) == "PolicyPack(rules.PACK_NAME, policies=rules.POLICIES)"


@pytest.mark.parametrize("missing", ["pulumi_policy", "sinch_est"])
def test_pack_that_cannot_start_names_its_python_the_missing_module_and_the_fix(
    missing: str, without_modules: Any
) -> None:
    """What the engine shows when the pack's Python lacks a requirement (the command Pulumi runs)."""
    result = subprocess.run(
        [sys.executable, "-u", "-m", "pulumi.policy", "127.0.0.1:1", str(PACK_DIR)],
        cwd=PACK_DIR,
        env=without_modules(missing),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stdout == "", "no port: the engine must not think the pack started"
    message = result.stderr
    assert f"this Python ({sys.executable}) cannot import {missing}" in message
    assert "PULUMI_PYTHON_CMD, else python3 on PATH, not on the program's virtualenv" in message
    assert f'{sys.executable} -m pip install --upgrade "sinch-est"' in message
    assert "Traceback" not in message


def test_pack_directory_files() -> None:
    manifest = yaml.safe_load((PACK_DIR / "PulumiPolicy.yaml").read_text())
    assert manifest["runtime"] == "python"
    assert manifest["version"] == sinch_est.__version__
    assert set(manifest) <= {"runtime", "version", "main", "description", "author", "website", "license"}
    requirements = (PACK_DIR / "requirements.txt").read_text().split("\n")
    assert "sinch-est" in [line.strip() for line in requirements]


def test_pack_imports_only_the_schema_from_the_package() -> None:
    for path in PACK_DIR.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            modules = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom):
                assert node.level == 0, f"{path.name}: relative import (the pack dir runs as a script)"
                modules = [node.module or ""]
            for module in modules:
                if module.startswith("sinch_est"):
                    assert module in ("sinch_est", "sinch_est.schema") or module.startswith("sinch_est.policy"), (
                        f"{path.name} imports {module}"
                    )


def test_pack_example_config_is_valid_for_the_engine() -> None:
    config = json.loads((PACK_DIR / "example-config.json").read_text())
    policies = {policy.name: policy for policy in rules.POLICIES}
    assert (
        config["acl-no-open-ranges"]["minPrefixLength"]
        != rules.ACL_NO_OPEN_RANGES.config_schema.properties["minPrefixLength"]["default"]
    )
    assert config["endpoint-uses-tls"]["enforcementLevel"] == "mandatory"
    for name, value in config.items():
        policy = policies[name]
        if isinstance(value, str):
            assert value in LEVELS
            continue
        properties = dict(value)
        assert properties.pop("enforcementLevel", "advisory") in LEVELS
        # The engine ignores unknown keys; a typo would silently do nothing, so reject it here.
        known = policy.config_schema.properties if policy.config_schema else {}
        assert set(properties) <= set(known), f"{name}: unknown config keys {set(properties) - set(known)}"
        if policy.config_schema:
            jsonschema.validate(properties, _object_schema(policy))


def test_pack_readme_lists_every_policy_with_its_default_level() -> None:
    readme = (PACK_DIR / "README.md").read_text()
    assert "--policy-pack" in readme and "--policy-pack-config" in readme and "example-config.json" in readme
    for policy in rules.POLICIES:
        row = next((line for line in readme.splitlines() if f"`{policy.name}`" in line), "")
        assert policy.enforcement_level is not None and policy.enforcement_level.value in row, policy.name
        for key in policy.config_schema.properties if policy.config_schema else ():
            assert f"`{key}`" in readme


def test_pack_never_echoes_passwords() -> None:
    estate = Estate(preview=False, graph=False)
    trunk = estate.trunk("main")
    users = estate.credential_list("users", ("bob",))
    estate.link_credentials(trunk, users)
    estate.endpoint("phone", trunk, address=None, credential_username="alice", transport="UDP")
    messages: list[str] = []
    for policy in rules.POLICIES:
        if isinstance(policy, StackValidationPolicy):
            messages += run_stack(policy, estate.resources).messages
        else:
            for resource in estate.resources:
                cls = resource.resource_type.removeprefix(PREFIX)
                messages += run_resource(policy, cls, estate.raw[resource.urn], name=resource.name).messages
    assert messages and not any("Sup3rSecretPassw0rd" in message for message in messages)


# The analyzer service the engine talks to (private to pulumi-policy, used by its own tests).


def _servicer() -> _PolicyAnalyzerServicer:
    return _PolicyAnalyzerServicer(rules.PACK_NAME, "0.1.0", rules.POLICIES, EnforcementLevel.ADVISORY)


def _struct(props: dict[str, Any]) -> struct_pb2.Struct:
    struct = struct_pb2.Struct()
    struct.update(props)
    return struct


def test_pack_analyzer_info_carries_schemas_and_levels() -> None:
    info = _servicer().GetAnalyzerInfo(None, None)
    assert info.name == "sinch-est" and info.supportsConfig
    by_name = {p.name: p for p in info.policies}
    assert list(by_name) == [p.name for p in rules.POLICIES]
    acl = json_format.MessageToDict(by_name["acl-no-open-ranges"].configSchema)
    assert acl["properties"]["minPrefixLength"]["default"] == 24
    assert by_name["endpoint-uses-tls"].enforcementLevel == proto.ADVISORY
    assert by_name["trunk-authenticated"].enforcementLevel == proto.MANDATORY


def test_pack_example_config_through_the_analyzer() -> None:
    servicer = _servicer()
    config = json.loads((PACK_DIR / "example-config.json").read_text())
    request = proto.ConfigureAnalyzerRequest()
    for name, value in config.items():
        properties = {k: v for k, v in value.items() if k != "enforcementLevel"}
        level = {"advisory": proto.ADVISORY, "mandatory": proto.MANDATORY}
        # The engine always sends the level, the policy's default when the file gives none.
        default = next(p for p in rules.POLICIES if p.name == name).enforcement_level
        assert default is not None
        request.policyConfig[name].CopyFrom(
            proto.PolicyConfig(
                enforcementLevel=level[value.get("enforcementLevel", default.value)],
                properties=_struct(properties),
            )
        )
    servicer.Configure(request, None)

    def analyze(cls: str, props: dict[str, Any]) -> list[Any]:
        request = proto.AnalyzeRequest(type=PREFIX + cls, properties=_struct(props), urn=urn(cls, "x"), name="x")
        return list(servicer.Analyze(request, None).diagnostics)

    [tls] = analyze("SipEndpoint", {"name": "pbx", "priority": 1, "transport": "UDP", "address": "198.51.100.7"})
    assert tls.policyName == "endpoint-uses-tls" and tls.enforcementLevel == proto.MANDATORY
    block = {"trunk_id": "t", "endpoints": [{"name": "a", "transport": "TLS"}, {"name": "b", "transport": "UDP"}]}
    [entry] = analyze("TrunkEndpoints", block)
    assert entry.policyName == "endpoint-uses-tls" and "'b' (endpoints[1] of TrunkEndpoints 'x')" in entry.message
    [acl] = analyze("AccessControlList", {"name": "o", "ip_ranges": [{"ip_address": "203.0.113.0", "range": 24}]})
    assert acl.policyName == "acl-no-open-ranges" and "/28" in acl.message


def test_pack_unknowns_through_the_analyzer_never_fail_a_policy() -> None:
    """The engine turns an escaped UnknownValueError into a "can't run policy" warning; none may appear."""
    servicer = _servicer()
    for cls in (
        "SipTrunk",
        "SipEndpoint",
        "TrunkEndpoints",
        "AccessControlList",
        "CountryPermission",
        "CredentialList",
    ):
        props = {
            key: UNKNOWN
            for key in (
                "name",
                "host_name",
                "transport",
                "ip_ranges",
                "iso_code",
                "enabled",
                "credentials",
                "credential_username",
                "trunk_id",
                "endpoints",
            )
        }
        response = servicer.Analyze(proto.AnalyzeRequest(type=PREFIX + cls, properties=_struct(props)), None)
        assert not response.diagnostics, cls
    resources = [
        proto.AnalyzerResource(type=PREFIX + cls, urn=urn(cls, cls), name=cls, properties=_struct(props))
        for cls, props in (
            ("SipTrunk", {"enable_call_forward": UNKNOWN}),
            ("SipEndpoint", {"trunk_id": UNKNOWN, "credential_username": UNKNOWN, "priority": UNKNOWN}),
            ("TrunkEndpoints", {"trunk_id": UNKNOWN, "endpoints": [{"credential_username": UNKNOWN}, UNKNOWN]}),
            ("TrunkCredentialList", {"trunk_id": UNKNOWN, "credential_list_id": UNKNOWN}),
            ("TrunkAccessControlList", {"trunk_id": UNKNOWN, "access_control_list_id": UNKNOWN}),
            ("CredentialList", {"credentials": UNKNOWN}),
            ("PhoneNumberAssignment", {"trunk_id": UNKNOWN, "phone_number": UNKNOWN}),
        )
    ]
    response = servicer.AnalyzeStack(proto.AnalyzeStackRequest(resources=resources), None)
    assert not response.diagnostics
    assert {n.policy_name for n in response.not_applicable} >= {
        "trunk-authenticated",
        "phone-number-assigned-once",
    }


def test_pack_type_tokens_are_the_resource_classes_tokens() -> None:
    """The rules filter on these strings; a renamed class or module would silently switch a rule off."""
    for token in TYPE_TOKENS:
        cls = getattr(sinch_est, token.removeprefix(PREFIX))
        assert f"pulumi-python:{cls._resource_type_name}" == token


_BUILD_COMPONENTS = """
import pulumi
from pulumi.runtime import Mocks, set_mocks

class M(Mocks):
    def new_resource(self, args):
        return (args.name + "-id", dict(args.inputs))

    def call(self, args):
        return {}

set_mocks(M(), preview=False)
import sinch_est as est

@pulumi.runtime.test
def build():
    pbx = est.EndpointSpec("pbx", address="198.51.100.7")
    static = est.InboundStatic("reception", host_name="reception", endpoints=[pbx])
    outbound = est.OutboundByAcl("sbc", host_name="sbc", ip_ranges=["203.0.113.10/32"])
    return pulumi.Output.all(static.trunk.urn, outbound.trunk.urn).apply(lambda urns: print(*urns))

build()
"""


def test_pack_inbound_static_component_trunk_is_exempt_from_authentication() -> None:
    """Built by the real component (under mocks, in a child process to keep mocks out of this one)."""

    result = subprocess.run(
        [sys.executable, "-c", _BUILD_COMPONENTS], capture_output=True, text=True, timeout=120, check=True
    )
    static_urn, outbound_urn = result.stdout.split()
    trunks = [
        PolicyResource(PREFIX + "SipTrunk", {}, u, u.rsplit("::", 1)[1], opts(), None, None, [], {})
        for u in (static_urn, outbound_urn)
    ]
    outcome = run_stack(rules.TRUNK_AUTHENTICATED, trunks)
    assert outcome.urns == [outbound_urn]
