"""Write each resource's typed API from the schema: its ``…Args`` dataclass, its outputs and its constructors.

.venv/bin/python scripts/gen_types.py          # rewrite the generated blocks in sinch_est/provider/*.py
.venv/bin/python scripts/gen_types.py --check  # exit 1 when a block is out of date (run by the tests)

Each block sits between ``# BEGIN GENERATED <name>`` and ``# END GENERATED <name>`` markers. Constructors
are two overloads, as in Pulumi's generated SDKs: one taking the ``…Args`` object, one taking keyword
inputs (required ones required), so that editors and type checkers know every input by name and type.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from sinch_est.schema import (
    ACCESS_CONTROL_LIST,
    BOOLEAN,
    CALL_BLOCKING_RULE,
    COUNTRY_PERMISSION,
    CREDENTIAL_LIST,
    INTEGER,
    OBJECT_LIST,
    PHONE_NUMBER,
    PHONE_NUMBER_SET,
    SIP_ENDPOINT,
    SIP_ENDPOINT_SET,
    SIP_TRUNK,
    STRING_LIST,
    TRUNK_ACCESS_CONTROL_LIST,
    TRUNK_CREDENTIAL_LIST,
    Field,
    ObjectSpec,
)

PROVIDER = Path(__file__).resolve().parents[1] / "sinch_est" / "provider"


@dataclass(frozen=True)
class Resource:
    name: str
    spec: ObjectSpec
    module: str
    items: dict[str, str]
    """Element type of each list-of-objects input."""
    extra_outputs: dict[str, str]
    """Outputs the provider derives beyond the spec's fields, with their types."""


COMMON_OUTPUTS = {"adopt_id": "str | None"}

RESOURCES = (
    Resource("SipTrunk", SIP_TRUNK, "sip_trunk.py", {}, {}),
    Resource("SipEndpoint", SIP_ENDPOINT, "sip_endpoint.py", {}, {}),
    Resource(
        "TrunkEndpoints", SIP_ENDPOINT_SET, "trunk_endpoints.py", {"endpoints": "EndpointArgs | EndpointDict"}, {}
    ),
    Resource(
        "AccessControlList",
        ACCESS_CONTROL_LIST,
        "access_control_list.py",
        {"ip_ranges": "IpRangeArgs | IpRangeDict"},
        {"ip_range_ids": "list[str]"},
    ),
    Resource("TrunkAccessControlList", TRUNK_ACCESS_CONTROL_LIST, "trunk_links.py", {}, {}),
    Resource(
        "CredentialList",
        CREDENTIAL_LIST,
        "credential_list.py",
        {"credentials": "CredentialArgs | CredentialDict"},
        {"usernames": "list[str]", "credential_ids": "list[str]"},
    ),
    Resource("TrunkCredentialList", TRUNK_CREDENTIAL_LIST, "trunk_links.py", {}, {}),
    Resource("PhoneNumberAssignment", PHONE_NUMBER, "phone_number.py", {}, {}),
    Resource("TrunkPhoneNumbers", PHONE_NUMBER_SET, "trunk_phone_numbers.py", {}, {}),
    Resource("CountryPermission", COUNTRY_PERMISSION, "country_permission.py", {}, {"previous_enabled": "bool | None"}),
    Resource("CallBlockingRule", CALL_BLOCKING_RULE, "call_blocking_rule.py", {}, {}),
)

_SCALARS = {BOOLEAN: "bool", INTEGER: "int"}


def _value_type(r: Resource, f: Field) -> str:
    if f.kind == OBJECT_LIST:
        return f"Sequence[{r.items[f.name]}]"
    if f.kind == STRING_LIST:
        return "Sequence[pulumi.Input[str]]"
    return _SCALARS.get(f.kind, "str")


def _input_type(r: Resource, f: Field) -> str:
    return f"pulumi.Input[{_value_type(r, f)}]"


NULLABLE_OUTPUTS = {"update_time"}
"""Computed outputs the API may leave null (an object never updated has no update time)."""
MAPPING_OUTPUTS = {"country_codes": "dict[str, str]", "endpoint_ids": "dict[str, str]"}


def _output_type(r: Resource, f: Field) -> str:
    if f.name in MAPPING_OUTPUTS:
        return MAPPING_OUTPUTS[f.name]
    if f.kind == OBJECT_LIST:
        base = "list[dict[str, Any]]"
    elif f.kind == STRING_LIST:
        base = "list[str]"
    else:
        base = _SCALARS.get(f.kind, "str")
    if f.output:
        return f"{base} | None" if f.name in NULLABLE_OUTPUTS else base
    return base if f.required or f.default is not None else f"{base} | None"


def _keywords(r: Resource, *, required: bool) -> list[str]:
    lines = []
    for f in r.spec.inputs:
        if required and f.required:
            lines.append(f"        {f.name}: {_input_type(r, f)},")
        else:
            lines.append(f"        {f.name}: {_input_type(r, f)} | None = None,")
    return lines


ADOPT_KEYWORDS = [
    "        adopt_id: pulumi.Input[str] | None = None,",
    "        update_on_adopt: pulumi.Input[bool] | None = None,",
]


def render_args(r: Resource) -> str:
    lines = ["@dataclass", f"class {r.name}Args:", f'    """The inputs of ``{r.name}`` as one object."""', ""]
    ordered = sorted(r.spec.inputs, key=lambda f: not f.required)
    for f in ordered:
        suffix = "" if f.required else " | None = None"
        lines.append(f"    {f.name}: {_input_type(r, f)}{suffix}")
    return "\n".join([*lines, "", ""])  # as ruff format spaces a class from the next line


def render_class(r: Resource) -> str:
    lines = []
    for f in r.spec.fields:
        lines.append(f"    {f.name}: pulumi.Output[{_output_type(r, f)}]")
    for name, kind in {**r.extra_outputs, **COMMON_OUTPUTS}.items():
        lines.append(f"    {name}: pulumi.Output[{kind}]")
    lines += [
        "",
        "    @overload",
        "    def __init__(",
        "        self,",
        "        resource_name: str,",
        f"        args: {r.name}Args,",
        "        opts: pulumi.ResourceOptions | None = None,",
        "        *,",
        *ADOPT_KEYWORDS,
        "    ) -> None: ...",
        "",
        "    @overload",
        "    def __init__(",
        "        self,",
        "        resource_name: str,",
        "        args: None = None,",
        "        opts: pulumi.ResourceOptions | None = None,",
        "        *,",
        *_keywords(r, required=True),
        *ADOPT_KEYWORDS,
        "    ) -> None: ...",
        "",
        "    def __init__(self, resource_name: str, *args: Any, **kwargs: Any) -> None:",
        "        super().__init__(resource_name, *args, **kwargs)",
        "",  # ruff format keeps a blank line before the closing marker
    ]
    return "\n".join(lines)


def _replace(text: str, name: str, body: str, indent: str) -> str:
    begin = f"{indent}# BEGIN GENERATED {name} (scripts/gen_types.py)"
    end = f"{indent}# END GENERATED {name}"
    pattern = re.compile(re.escape(begin) + r"\n.*?" + re.escape(end), re.DOTALL)
    if not pattern.search(text):
        raise SystemExit(f"no generated block {name!r}: add the two marker lines where it belongs")
    return pattern.sub(lambda _: f"{begin}\n{body}\n{end}", text)


def render_module(path: Path) -> str:
    text = path.read_text()
    for r in RESOURCES:
        if r.module == path.name:
            text = _replace(text, f"{r.name}Args", render_args(r), "")
            text = _replace(text, r.name, render_class(r), "    ")
    return text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="exit 1 if a generated block is out of date")
    args = parser.parse_args()
    stale = []
    for module in sorted({r.module for r in RESOURCES}):
        path = PROVIDER / module
        text = render_module(path)
        if text != path.read_text():
            stale.append(module)
            if not args.check:
                path.write_text(text)
    if args.check and stale:
        print(f"out of date: {', '.join(stale)}; run scripts/gen_types.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
