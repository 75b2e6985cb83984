"""Write README's resource reference from the schema, so the docs cannot disagree with the code.

.venv/bin/python scripts/gen_docs.py          # rewrite the block between the markers in README.md
.venv/bin/python scripts/gen_docs.py --check  # exit 1 when README.md is out of date (run by the tests)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sinch_est import provider as p
from sinch_est.schema import OBJECT_LIST, Field

README = Path(__file__).resolve().parents[1] / "README.md"
BEGIN = "<!-- BEGIN GENERATED RESOURCE REFERENCE (scripts/gen_docs.py) -->"
END = "<!-- END GENERATED RESOURCE REFERENCE -->"

RESOURCES: list[tuple[type[p.EstResource], type[p.EstProvider], str, str]] = [
    (
        p.SipTrunk,
        p.SipTrunkProvider,
        "the trunk id",
        'trunk = est.SipTrunk("main", name="Main trunk", host_name="acme-voice")',
    ),
    (
        p.SipEndpoint,
        p.SipEndpointProvider,
        "the endpoint id (with `trunk_id` set to its trunk)",
        'est.SipEndpoint("sbc", trunk_id=trunk.id, name="sbc-1", priority=1, address="192.0.2.10", '
        'transport="TLS", port=5061)',
    ),
    (
        p.TrunkEndpoints,
        p.TrunkEndpointsProvider,
        "`<trunk id>/endpoints` (the endpoints it lists, by name, must already be on the trunk as listed, unless "
        "`update_on_adopt=True`)",
        'est.TrunkEndpoints("sbcs", trunk_id=trunk.id, endpoints=[est.EndpointArgs(name="sbc-1", priority=1, '
        'address="192.0.2.10"), est.EndpointArgs(name="sbc-2", priority=2, address="192.0.2.11")])',
    ),
    (
        p.AccessControlList,
        p.AccessControlListProvider,
        "the access control list id",
        'acl = est.AccessControlList("office", name="Office", ip_ranges=[est.IpRangeArgs(cidr="203.0.113.0/28")])',
    ),
    (
        p.TrunkAccessControlList,
        p.TrunkAccessControlListProvider,
        "`<trunk id>/<access control list id>` of an existing link",
        'est.TrunkAccessControlList("office-link", trunk_id=trunk.id, access_control_list_id=acl.id)',
    ),
    (
        p.CredentialList,
        p.CredentialListProvider,
        "the credential list id (its passwords are then set from your inputs)",
        'creds = est.CredentialList("phones", name="Phones", credentials=[est.CredentialArgs(username="desk-1", '
        'password=cfg.require_secret("sipPassword"))])',
    ),
    (
        p.TrunkCredentialList,
        p.TrunkCredentialListProvider,
        "`<trunk id>/<credential list id>` of an existing link",
        'est.TrunkCredentialList("phones-link", trunk_id=trunk.id, credential_list_id=creds.id)',
    ),
    (
        p.PhoneNumberAssignment,
        p.PhoneNumberAssignmentProvider,
        "the E.164 number",
        'est.PhoneNumberAssignment("main-line", trunk_id=trunk.id, phone_number="+14155550100")',
    ),
    (
        p.TrunkPhoneNumbers,
        p.TrunkPhoneNumbersProvider,
        "the trunk id (the numbers it lists must already be on the trunk, unless `update_on_adopt=True`)",
        'est.TrunkPhoneNumbers("sales-lines", trunk_id=trunk.id, phone_numbers=["+14155550100", "+14155550101"])',
    ),
    (
        p.CountryPermission,
        p.CountryPermissionProvider,
        "the ISO code",
        'est.CountryPermission("sweden", iso_code="SE", enabled=True)',
    ),
    (
        p.CallBlockingRule,
        p.CallBlockingRuleProvider,
        "the rule id",
        'est.CallBlockingRule("no-premium", name="No premium", direction="OUTBOUND", callee_match="1900")',
    ),
]


def _type(f: Field) -> str:
    if f.kind == OBJECT_LIST and f.items is not None:
        inner = ", ".join(i.name for i in f.items.inputs if not i.path_param)
        return f"list of {{{inner}}}"
    return {"string": "str", "integer": "int", "boolean": "bool", "string_list": "list[str]"}[f.kind]


def _notes(f: Field) -> str:
    notes = []
    if f.required:
        notes.append("required")
    if f.default not in (None, ()):
        notes.append(f"default `{f.default!r}`")
    if f.enum:
        notes.append(" / ".join(f.enum))
    if f.replace:
        notes.append("**replaces**")
    if f.secret or (f.items is not None and f.items.secret_fields):
        notes.append("secret, write-only")
    return "; ".join(notes)


def render() -> str:
    out = [BEGIN, ""]
    for resource, provider, adopt, example in RESOURCES:
        spec = provider.spec
        name = resource.__name__
        out += [
            f"### `{name}`",
            "",
            " ".join((resource.__doc__ or spec.description).split()),
            "",
        ]
        out += [f"Type token `pulumi-python:dynamic/sinch_est:{name}`. {spec.description}", ""]
        out += ["| input | type | notes | description |", "|---|---|---|---|"]
        for f in spec.inputs:
            out.append(f"| `{f.name}` | {_type(f)} | {_notes(f)} | {f.description} |")
        out.append("| `adopt_id` | str | | Take over an existing object: " + adopt + ". |")
        out.append(
            "| `update_on_adopt` | bool | default `False` | Let adoption update the object to these inputs "
            "(else a difference fails the adoption and changes nothing). |"
        )
        outputs = [f"`{f.name}`" for f in spec.outputs] + [f"`{n}`" for n in provider.extra_outputs]
        out += ["", f"Outputs: every input, plus {', '.join(outputs) if outputs else 'nothing else'}.", ""]
        replaces = [f"`{n}`" for n in spec.replace_fields]
        if name == "SipEndpoint":
            replaces.append("switching between static (`address`) and registered (`credential_username`)")
        out += [
            f"Replaces on change of: {', '.join(replaces) if replaces else 'nothing (all updates in place)'}.",
            "",
        ]
        out += ["```python", example, "```", ""]
    out.append(END)
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    text = README.read_text()
    start, stop = text.index(BEGIN), text.index(END) + len(END)
    updated = text[:start] + render() + text[stop:]
    if args.check:
        if updated != text:
            print("README.md's resource reference is out of date: run scripts/gen_docs.py", file=sys.stderr)
            return 1
        return 0
    README.write_text(updated)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
