"""Every operation's response validated against the published OpenAPI file, minus its known errors.

The file is kept unedited in ``data/`` with its source and hash (``data/README.md``). Where it is wrong
according to est-api.md, ``SPEC_ERRORS`` corrects it and says why; operations it lacks are validated
against ``SDK_OPERATIONS``, built from its own component schemas. The README lists the same corrections.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from emulator_harness import NUMBER, PASSWORD, PROJECT
from jsonschema import Draft202012Validator

from sinch_est.emulator import EmulatorServer

DATA = Path(__file__).resolve().parent / "data"
SPEC_PATH = DATA / "sinch-est-openapi.yaml"
SPEC_SHA256 = "9eadd50365c3ee39b3c7605952760a313d7a62fdd0a64d868835858d71380f75"
"""Of the published file as copied (data/README.md says from where); corrections are made in code."""
Doc = dict[str, Any]


def _schemas(doc: Doc) -> Doc:
    return doc["components"]["schemas"]


def _response(doc: Doc, operation_id: str) -> Doc:
    for item in doc["paths"].values():
        for op in item.values():
            if isinstance(op, dict) and op.get("operationId") == operation_id:
                return op
    raise KeyError(operation_id)


def _nullable(doc: Doc, schema: str, *props: str) -> None:
    for prop in props:
        _schemas(doc)[schema]["properties"][prop]["nullable"] = True


def _endpoint_created(doc: Doc) -> None:
    op = _response(doc, "createSipEndpoint")
    op["responses"] = {
        "201": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/SipEndpoint"}}}}
    }


def _rules_envelope(doc: Doc) -> None:
    content = _response(doc, "getBlockingRules")["responses"]["200"]["content"]["application/json"]
    items = content["schema"]
    content["schema"] = {
        "allOf": [
            {"$ref": "#/components/schemas/Pagination"},
            {"type": "object", "required": ["callBlockingRules"], "properties": {"callBlockingRules": items}},
        ]
    }


def _all_update_times(doc: Doc) -> None:
    for schema in _schemas(doc).values():
        if "updateTime" in schema.get("properties", {}):
            schema["properties"]["updateTime"]["nullable"] = True


SPEC_ERRORS: list[tuple[str, str, Callable[[Doc], None]]] = [
    (
        "Pagination.pageNumber is declared a string",
        "est-api.md §3.4: the Node SDK adds 1 to it and needs a number; the emulator sends an int",
        lambda d: _schemas(d)["Pagination"]["properties"]["pageNumber"].update(type="integer"),
    ),
    (
        "createSipEndpoint answers 200 with a paginated list of endpoints",
        "§6.1: the response is one SipEndpoint (SDK, E2E) and live status is 201 (SKILL-1.2)",
        _endpoint_created,
    ),
    (
        "getBlockingRules answers a bare array",
        "§10.2/§11: the SDK reads the callBlockingRules key of a paginated envelope; a bare array breaks it",
        _rules_envelope,
    ),
    (
        "updateTime is never null",
        "§3.2: it is null until the first change (E2E create responses)",
        _all_update_times,
    ),
    (
        "unset optional CallBlockingRule fields and IpRange.description are never null",
        "§10.2: unset fields come back as null (E2E); an IP range without a description likewise",
        lambda d: (
            _nullable(d, "CallBlockingRule", "name", "callerCountry", "calleeCountry", "callerMatch", "calleeMatch"),
            _nullable(d, "IpRange", "description"),
        ),
    ),
    (
        "Money.amount is a string with four decimals",
        "§10.3: the live API and SDK >= 1.2 send a number (0.004)",
        lambda d: _schemas(d)["Money"]["properties"]["amount"].update(type="number"),
    ),
]

SPEC_ERRORS_NOT_NEEDING_A_PATCH = {
    "getSipTrunks lists under sipTrunks": "§5.2: SDK/E2E read trunks; the emulator sends both keys",
    "getCredentialListsForTrunk has only credentialListIds": "§8.3: the SDK reads credentialLists objects; both sent",
    "bulkUpdateCredentialListsForTrunk takes a raw array": "§8.3: the SDK sends {credentialListIds}; both accepted",
    "sipEndpointId (path) and sipTrunkId (query) are int64": "§3.1: ids are 26-character strings",
    "updateCredential answers Credential {password}": "§8.1: passwords are write-only; the API answers {id, username}",
    "SipTrunk.topLevelDomain example is .elastic-sip.sinch.com": "§5.1: pstn.sinch.com (E2E, skills)",
}

SDK_OPERATIONS: dict[str, tuple[int, Doc]] = {
    # In the Node SDK, not in the published file (est-api.md §4 #24, #25, #38).
    "createCredentialList": (200, {"$ref": "#/components/schemas/CredentialListResponse"}),
    "getCredentialLists": (
        200,
        {
            "allOf": [
                {"$ref": "#/components/schemas/Pagination"},
                {
                    "type": "object",
                    "required": ["credentialLists"],
                    "properties": {
                        "credentialLists": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/CredentialListResponse"},
                        }
                    },
                },
            ]
        },
    ),
    "assignPhoneNumber": (201, {"$ref": "#/components/schemas/Number"}),
}


def _json_schema(node: Any) -> Any:
    """OpenAPI 3.0 to JSON Schema: ``nullable`` becomes a null type; component refs point at ``$defs``."""
    if isinstance(node, list):
        return [_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _json_schema(value) for key, value in node.items() if key not in ("nullable", "discriminator")}
    if isinstance(out.get("$ref"), str):
        out["$ref"] = out["$ref"].replace("#/components/schemas/", "#/$defs/")
    if node.get("nullable") is True and "type" in out:
        out["type"] = [out["type"], "null"]
    return out


def load_openapi(path: Path) -> Doc:
    """The OpenAPI file with ``SPEC_ERRORS`` corrected; a missing file fails the test, it never skips."""
    if not path.exists():
        pytest.fail(f"the OpenAPI file is missing: expected {path} (kept in the repository; see data/README.md)")
    doc: Doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    for _, _, patch in SPEC_ERRORS:
        patch(doc)
    return doc


@pytest.fixture(scope="module")
def openapi() -> Doc:
    return load_openapi(SPEC_PATH)


def _expected(doc: Doc) -> dict[str, tuple[int, Doc | None]]:
    """operationId -> (success status, JSON response schema or None for a non-JSON body)."""
    expected: dict[str, tuple[int, Doc | None]] = {}
    for item in doc["paths"].values():
        for op in item.values():
            if not isinstance(op, dict) or "operationId" not in op:
                continue
            [(status, response)] = [(s, r) for s, r in op["responses"].items() if s.startswith("2")]
            content = response.get("content", {})
            schema = content.get("application/json", {}).get("schema")
            expected[op["operationId"]] = (int(status), schema)
    for operation_id, (status, schema) in SDK_OPERATIONS.items():
        expected[operation_id] = (status, schema)
    return expected


class Recorder:
    """Calls the API and remembers each response under its operationId."""

    def __init__(self, api: httpx.Client) -> None:
        self.api = api
        self.seen: list[tuple[str, httpx.Response]] = []

    def __call__(self, operation_id: str, method: str, path: str, **kwargs: Any) -> Any:
        response = self.api.request(method, path, **kwargs)
        assert response.is_success, f"{operation_id}: {response.status_code} {response.text}"
        self.seen.append((operation_id, response))
        return response.json() if response.headers.get("content-type", "").startswith("application/json") else None


def _scenario(call: Recorder, emulator: EmulatorServer) -> None:
    """Every operation of est-api.md §4, in an order that leaves nothing behind."""
    trunk = call("createSipTrunk", "POST", "/trunks", json={"name": "main", "hostName": "main"})
    t = trunk["id"]
    call("getSipTrunks", "GET", "/trunks")
    call("getSipTrunkById", "GET", f"/trunks/{t}")
    call("updateSipTrunk", "PUT", f"/trunks/{t}", json={"name": "main 2", "hostName": "main"})
    static = call(
        "createSipEndpoint", "POST", f"/trunks/{t}/endpoints", json={"name": "a", "address": "10.0.0.1", "priority": 1}
    )
    call("getSipEndpoint", "GET", f"/trunks/{t}/endpoints")
    call("getSipEndpointById", "GET", f"/trunks/{t}/endpoints/{static['id']}")
    call(
        "updateSipEndpoint",
        "PUT",
        f"/trunks/{t}/endpoints/{static['id']}",
        json={"name": "b", "address": "10.0.0.2", "priority": 2},
    )

    acl = call(
        "createAccessControlList",
        "POST",
        "/accessControlLists",
        json={"name": "office", "ipRanges": [{"ipAddress": "10.1.0.0", "range": 16, "description": "hq"}]},
    )
    a = acl["id"]
    call("getAccessControlList", "GET", "/accessControlLists")
    call("getAccessListById", "GET", f"/accessControlLists/{a}")
    call("updateAccessControlList", "PUT", f"/accessControlLists/{a}", json={"name": "office 2", "enabled": False})
    r = call(
        "addIpRangeToAccessControlList", "POST", f"/accessControlLists/{a}/ipRanges", json={"ipAddress": "10.2.0.1"}
    )
    call("getIpRangesForAccessControlList", "GET", f"/accessControlLists/{a}/ipRanges")
    call(
        "updateIpRangeFromAccessControlList",
        "PUT",
        f"/accessControlLists/{a}/ipRanges/{r['id']}",
        json={"ipAddress": "10.2.0.2", "range": 31},
    )
    call("deleteIpRangeFromAccessControlList", "DELETE", f"/accessControlLists/{a}/ipRanges/{r['id']}")
    call("addAccessControlListToTrunk", "POST", f"/trunks/{t}/accessControlLists", json={"accessControlListIds": [a]})
    call("getAccessControlListsForTrunk", "GET", f"/trunks/{t}/accessControlLists")
    call("trunksByACL", "GET", f"/accessControlLists/{a}/trunks")
    call("deleteAccessControlListFromTrunk", "DELETE", f"/trunks/{t}/accessControlLists/{a}")
    call("deleteAccessControlList", "DELETE", f"/accessControlLists/{a}")

    cl = call(
        "createCredentialList",
        "POST",
        "/credentialLists",
        json={"name": "agents", "credentials": [{"username": "alice", "password": PASSWORD}]},
    )
    c = cl["id"]
    call("getCredentialLists", "GET", "/credentialLists")
    call("getCredentialListById", "GET", f"/credentialLists/{c}")
    call("updateCredentialList", "PUT", f"/credentialLists/{c}", json={"name": "agents 2"})
    call("updateCredential", "PUT", f"/credentialLists/{c}/credentials/alice", json={"password": PASSWORD + "x"})
    call("updateCredential", "PUT", f"/credentialLists/{c}/credentials/bob", json={"password": PASSWORD})
    call("deleteCredential", "DELETE", f"/credentialLists/{c}/credentials/bob")
    call("addCredentialListToTrunk", "POST", f"/trunks/{t}/credentialLists", json={"credentialListIds": [c]})
    call("bulkUpdateCredentialListsForTrunk", "PUT", f"/trunks/{t}/credentialLists", json=[c])
    call("bulkUpdateCredentialListsForTrunk", "PUT", f"/trunks/{t}/credentialLists", json={"credentialListIds": [c]})
    call("getCredentialListsForTrunk", "GET", f"/trunks/{t}/credentialLists")
    call("trunksByCredentialList", "GET", f"/credentialLists/{c}/trunks")
    registered = call(
        "createSipEndpoint",
        "POST",
        f"/trunks/{t}/endpoints",
        json={"name": "ua", "isRegistered": True, "credentialUsername": "alice", "priority": 1, "transport": "TLS"},
    )
    call("getSipEndpointById", "GET", f"/trunks/{t}/endpoints/{registered['id']}")
    call("deleteSipEndpoint", "DELETE", f"/trunks/{t}/endpoints/{registered['id']}")
    call("removeCredentialListFromTrunk", "DELETE", f"/trunks/{t}/credentialLists/{c}")
    call("deleteCredentialList", "DELETE", f"/credentialLists/{c}")

    call("assignPhoneNumber", "POST", "/phoneNumbers", json={"sipTrunkId": t, "phoneNumber": NUMBER})
    call("GetPhoneNumbers", "GET", "/phoneNumbers", params={"sipTrunkId": t})
    call("GetPhoneNumberByNumber", "GET", f"/phoneNumbers/{NUMBER}")
    call("assignPhoneNumber", "POST", "/phoneNumbers", json={"sipTrunkId": "", "phoneNumber": NUMBER})

    call("getCountryPermissions", "GET", "/countryPermissions")
    call("getCountryPermission", "GET", "/countryPermissions/SE")
    call("updateCountryPermission", "PUT", "/countryPermissions/SE", json={"enabled": True})

    rule = call(
        "createBlockingRule",
        "POST",
        "/callBlockingRules",
        json={"name": "no 900", "direction": "OUTBOUND", "calleeMatch": "1900"},
    )
    call("getBlockingRules", "GET", "/callBlockingRules")
    call(
        "updateBlockingRuleById",
        "PUT",
        f"/callBlockingRules/{rule['id']}",
        json={"direction": "INBOUND", "callerCountry": "US"},
    )
    call("deleteBlockingRuleById", "DELETE", f"/callBlockingRules/{rule['id']}")

    calls = call("findCalls", "GET", "/calls")
    call("exportCallRecords", "GET", "/calls/export")
    call("getPcap", "GET", f"/calls/records/{calls['calls'][0]['pcapId']}/pcap", params={"direction": "INBOUND"})
    call("addEstProjects", "POST", "/addProjects", json={"projectIds": ["another-project"]})

    call("deleteSipEndpoint", "DELETE", f"/trunks/{t}/endpoints/{static['id']}")
    call("deleteSipTrunk", "DELETE", f"/trunks/{t}")
    assert emulator.store.objects(PROJECT, "SipTrunk") == []


@pytest.fixture
def recorded(emulator: EmulatorServer, api: httpx.Client) -> Iterator[list[tuple[str, httpx.Response]]]:
    call = Recorder(api)
    _scenario(call, emulator)
    yield call.seen


def test_every_operation_is_exercised(openapi: Doc, recorded: list[tuple[str, httpx.Response]]) -> None:
    assert {operation_id for operation_id, _ in recorded} == set(_expected(openapi))
    assert len(_expected(openapi)) == 49, "est-api.md §4 lists 49 operations"


def test_every_response_matches_the_published_schema(openapi: Doc, recorded: list[tuple[str, httpx.Response]]) -> None:
    expected = _expected(openapi)
    defs = _json_schema(_schemas(openapi))
    problems = []
    for operation_id, response in recorded:
        status, schema = expected[operation_id]
        if response.status_code != status:
            problems.append(f"{operation_id}: status {response.status_code}, the file says {status}")
        if schema is None:
            continue
        validator = Draft202012Validator({**_json_schema(schema), "$defs": defs})
        for failure in validator.iter_errors(response.json()):
            path = "/".join(str(p) for p in failure.absolute_path)
            problems.append(f"{operation_id}: {path}: {failure.message[:200]}")
    assert not problems, "\n".join(problems)


def test_both_list_keys_are_sent_where_sources_disagree(recorded: list[tuple[str, httpx.Response]]) -> None:
    bodies = {
        operation_id: response.json()
        for operation_id, response in recorded
        if operation_id.startswith("get") and response.headers["content-type"].startswith("application/json")
    }
    assert bodies["getSipTrunks"]["trunks"] == bodies["getSipTrunks"]["sipTrunks"]
    links = bodies["getCredentialListsForTrunk"]
    assert links["credentialListIds"] == [c["id"] for c in links["credentialLists"]]


_RFC3339_Z = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$")
_ULID = re.compile(r"^[0-9A-HJKMNP-TV-Z]{26}$")


def _walk(node: Any) -> Iterator[tuple[str, Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield key, value
            yield from _walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item)


def test_timestamps_are_rfc3339_with_z_and_ids_are_ulids(recorded: list[tuple[str, httpx.Response]]) -> None:
    for operation_id, response in recorded:
        if not response.headers.get("content-type", "").startswith("application/json"):
            continue
        for key, value in _walk(response.json()):
            if key.endswith("Time") and value is not None:
                assert _RFC3339_Z.match(value), f"{operation_id}: {key}={value!r}"
            if key in ("id", "sipTrunkId", "callId") and value and operation_id != "assignPhoneNumber":
                assert _ULID.match(value), f"{operation_id}: {key}={value!r}"


def test_every_correction_cites_its_evidence() -> None:
    whys = [why for _, why, _ in SPEC_ERRORS] + list(SPEC_ERRORS_NOT_NEEDING_A_PATCH.values())
    assert [why for why in whys if "§" not in why] == []


def test_the_copy_is_the_published_file_unedited() -> None:
    assert hashlib.sha256(SPEC_PATH.read_bytes()).hexdigest() == SPEC_SHA256
    assert SPEC_SHA256 in (DATA / "README.md").read_text(encoding="utf-8")


def test_readme_lists_every_correction_the_tests_apply() -> None:
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    corrections = [what for what, _, _ in SPEC_ERRORS] + list(SPEC_ERRORS_NOT_NEEDING_A_PATCH) + list(SDK_OPERATIONS)
    missing = [what for what in corrections if f"| {what} |" not in readme]
    assert not missing, f"data/README.md does not list: {missing}"


def test_missing_spec_file_fails_with_a_clear_message(tmp_path: Path) -> None:
    with pytest.raises(pytest.fail.Exception, match="OpenAPI file is missing"):
        load_openapi(tmp_path / "absent.yaml")


def test_schema_conversion_handles_nullable_and_refs() -> None:
    converted = _json_schema({"nullable": True, "type": "string", "items": {"$ref": "#/components/schemas/X"}})
    assert converted == {"type": ["string", "null"], "items": {"$ref": "#/$defs/X"}}
