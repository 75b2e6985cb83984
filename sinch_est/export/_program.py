"""The exported program as declarations: which resources, named how, with which arguments, from a snapshot.

Arguments come from the schema: every input whose live value differs from the field's default is written, so
adoption finds nothing to change; lists inside an object (IP ranges, credentials) keep the API's order, which
adoption compares as is, while a trunk's endpoints (one ``TrunkEndpoints``) are sorted by name, as the provider
keeps them. Ids appear only in ``adopt_id``; everything else refers to other resources by variable.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sinch_est.export._errors import ExportError
from sinch_est.export._names import Names, config_key, resource_name, slug
from sinch_est.export._snapshot import Live, Snapshot, TrunkSnapshot
from sinch_est.export._source import Call, Declaration, Expr, Ref, Secret
from sinch_est.schema import (
    ACCESS_CONTROL_LIST,
    CALL_BLOCKING_RULE,
    COUNTRY_PERMISSION,
    CREDENTIAL_LIST,
    ENDPOINT_ITEM,
    ENDPOINTS_ID_SUFFIX,
    IP_RANGE,
    MAX_ENDPOINTS_PER_SET,
    MAX_NUMBERS_PER_SET,
    OBJECT_LIST,
    PHONE_NUMBER_SET,
    SIP_ENDPOINT,
    SIP_ENDPOINT_SET,
    SIP_TRUNK,
    TOP_LEVEL_DOMAIN,
    TRUNK_ACCESS_CONTROL_LIST,
    TRUNK_CREDENTIAL_LIST,
    Field,
    ObjectSpec,
    endpoint_order,
    validate,
    validators,
)

__all__ = ["CLASSES", "Options", "PasswordKey", "Program", "Section", "build_program"]

ADOPT_ID = "adopt_id"
CLASSES = tuple(
    spec.name
    for spec in (
        SIP_TRUNK,
        SIP_ENDPOINT,
        SIP_ENDPOINT_SET,
        ACCESS_CONTROL_LIST,
        TRUNK_ACCESS_CONTROL_LIST,
        CREDENTIAL_LIST,
        TRUNK_CREDENTIAL_LIST,
        PHONE_NUMBER_SET,
        COUNTRY_PERMISSION,
        CALL_BLOCKING_RULE,
    )
)
"""The resource classes an export writes (each is the name of its spec and of the public class)."""
IP_RANGE_ARGS = "est.IpRangeArgs"
CREDENTIAL_ARGS = "est.CredentialArgs"
ENDPOINT_ARGS = "est.EndpointArgs"


@dataclass(frozen=True)
class Options:
    """``adopt``: take the live objects over (else create new ones, with host names given the prefix/suffix)."""

    adopt: bool = True
    host_name_prefix: str = ""
    host_name_suffix: str = ""

    def check(self) -> None:
        """Refuse options that cannot work, before any API call."""
        affix = self.host_name_prefix + self.host_name_suffix
        if affix and self.adopt:
            raise ExportError(
                "host_name_prefix/host_name_suffix: only an export without adoption (adopt=False, --no-adopt) "
                "can change host names; adopting keeps the live ones"
            )
        if affix and validators.dns_label(f"{self.host_name_prefix}a{self.host_name_suffix}") is not None:
            raise ExportError(
                f"host_name_prefix/host_name_suffix: {self.host_name_prefix!r}/{self.host_name_suffix!r} cannot be "
                "part of a DNS label; use lowercase letters, digits and '-' (a prefix cannot start with '-', a "
                "suffix cannot end with it), e.g. 'prod-'"
            )

    def host_name(self, live: str) -> str:
        return f"{self.host_name_prefix}{live}{self.host_name_suffix}"


@dataclass(frozen=True)
class Section:
    """Declarations under one comment heading (a trunk and what hangs off it, or one kind of object)."""

    title: str
    declarations: tuple[Declaration, ...]


@dataclass(frozen=True)
class PasswordKey:
    """The stack config key of one credential's password; the user sets it with ``pulumi config set --secret``."""

    key: str
    username: str
    credential_list: str


@dataclass(frozen=True)
class Program:
    """Everything the exported files say, in the order they say it."""

    project_id: str
    options: Options
    sections: tuple[Section, ...]
    passwords: tuple[PasswordKey, ...]
    domains: tuple[tuple[str, str], ...]
    """(trunk variable, SIP domain) of every trunk, for the program's outputs and the README."""
    warnings: tuple[str, ...]

    @property
    def declarations(self) -> tuple[Declaration, ...]:
        return tuple(d for s in self.sections for d in s.declarations)

    def counts(self) -> dict[str, int]:
        """Resources per class, in ``CLASSES`` order, leaving out classes with none."""
        classes = [d.cls for d in self.declarations]
        return {cls: classes.count(cls) for cls in CLASSES if cls in classes}


def _is_default(f: Field, value: Any) -> bool:
    if f.default is None:
        return value is None or value == ""
    default = list(f.default) if isinstance(f.default, tuple) else f.default
    return value is None or value == default


def _arguments(spec: ObjectSpec, live: Live, *, item: bool = False, **given: Any) -> dict[str, Any]:
    """The object's inputs a program must state: required ones, and the others where the live value is not
    the default. Values in ``given`` replace the live ones (references, nested lists, changed host names).
    For an ``item`` of a list input a value left out is compared as the field's default, so only that is
    left out (an empty string is written as is)."""
    props: dict[str, Any] = {}
    for f in spec.inputs:
        if f.name in given:
            props[f.name] = given[f.name]
            continue
        if f.path_param or f.local or f.secret or f.kind == OBJECT_LIST:
            continue
        value = live.get(f.name)
        if f.enum and isinstance(value, str):
            value = value.upper()
        default = (f.default is not None and value == f.default) if item else _is_default(f, value)
        if value is None or (not f.required and default):
            continue
        props[f.name] = value
    return props


def _to_expr(value: Any) -> Expr:
    if isinstance(value, list | tuple):
        return tuple(_to_expr(v) for v in value)
    if isinstance(value, Mapping):
        raise TypeError("nested objects are written as calls")  # pragma: no cover - a programming error
    if isinstance(value, float) and value.is_integer():
        return int(value)
    assert isinstance(value, str | int | bool | Ref | Secret | Call), value
    return value


@dataclass
class _Builder:
    snapshot: Snapshot
    options: Options
    names: Names = field(default_factory=Names)
    warnings: list[str] = field(default_factory=list)
    password_keys: list[PasswordKey] = field(default_factory=list)
    config_keys: set[str] = field(default_factory=set)

    def declare(
        self,
        spec: ObjectSpec,
        variable: str,
        props: dict[str, Any],
        adopt: str,
        depends_on: tuple[str, ...] = (),
        *,
        checked: Mapping[str, Any] | None = None,
    ) -> Declaration:
        """One resource; ``checked`` is ``props`` with nested objects as plain dicts (default: ``props``)."""
        self._check(spec, variable, props if checked is None else checked)
        arguments = [(k, _to_expr(v)) for k, v in props.items()]
        if self.options.adopt:
            arguments.append((ADOPT_ID, adopt))
        return Declaration(variable, spec.name, resource_name(variable), tuple(arguments), depends_on)

    def _check(self, spec: ObjectSpec, variable: str, props: Mapping[str, Any]) -> None:
        """Live values the provider's offline check would refuse: the user must fix them first."""
        for violation in validate(spec, props, is_unknown=lambda value: isinstance(value, Ref | Secret)):
            self.warnings.append(
                f"{variable}: {violation}; `pulumi preview` refuses it until you fix it in the program "
                "(and, when adopting, in Sinch too)"
            )


def _by_id(items: tuple[Live, ...]) -> list[Live]:
    return sorted(items, key=lambda item: str(item.get("id")))


def build_program(snapshot: Snapshot, options: Options) -> Program:
    """The declarations for ``snapshot``: names claimed in order of id, sections sorted by variable."""
    b = _Builder(snapshot, options)
    trunks = sorted(snapshot.trunks, key=lambda t: t.id)
    trunk_vars = {t.id: b.names.object(t.trunk.get("name") or t.trunk.get("host_name"), "trunk") for t in trunks}
    acls = _by_id(snapshot.access_control_lists)
    acl_vars = {a["id"]: b.names.object(a.get("name"), "acl") for a in acls}
    lists = _by_id(snapshot.credential_lists)
    list_vars = {c["id"]: b.names.object(c.get("name"), "credentials") for c in lists}

    sections = [
        Section("Access control lists", _sorted(_acl(b, a, acl_vars[a["id"]]) for a in acls)),
        Section("Credential lists", _sorted(_credential_list(b, c, list_vars[c["id"]]) for c in lists)),
    ]
    trunk_sections = [_trunk(b, t, trunk_vars[t.id], acl_vars, list_vars) for t in trunks]
    sections += sorted(trunk_sections, key=lambda s: s.declarations[0].variable)
    sections.append(Section("Country permissions that differ from a new project's", _countries(b)))
    sections.append(Section("Call-blocking rules", _sorted(_rule(b, r) for r in _by_id(snapshot.call_blocking_rules))))
    for base, variables in b.names.shared.items():
        b.warnings.append(
            f"{len(variables)} objects are named alike ({base}): they are {', '.join(variables)} in order of creation; "
            "give them distinct names in Sinch so that later exports cannot swap them"
        )
    domains = tuple(
        sorted(
            (trunk_vars[t.id], f"{options.host_name(str(t.trunk.get('host_name')))}.{TOP_LEVEL_DOMAIN}") for t in trunks
        )
    )
    return Program(
        project_id=snapshot.project_id,
        options=options,
        sections=tuple(s for s in sections if s.declarations),
        passwords=tuple(sorted(b.password_keys, key=lambda p: p.key)),
        domains=domains,
        warnings=tuple(sorted(b.warnings)),
    )


def _sorted(declarations: Iterable[Declaration]) -> tuple[Declaration, ...]:
    return tuple(sorted(declarations, key=lambda d: d.variable))


def _acl(b: _Builder, acl: Live, variable: str) -> Declaration:
    ranges = []
    for r in acl.get("ip_ranges") or ():
        prefix = IP_RANGE.field("range").default if r.get("range") is None else r["range"]
        arguments: list[tuple[str, Expr]] = [("cidr", f"{r.get('ip_address')}/{prefix}")]
        if r.get("description") is not None:  # compared as is inside the list, so "" is written too
            arguments.append(("description", str(r["description"])))
        ranges.append(Call(IP_RANGE_ARGS, tuple(arguments)))
    props = _arguments(ACCESS_CONTROL_LIST, acl, ip_ranges=ranges)
    checked = {**props, "ip_ranges": list(acl.get("ip_ranges") or ())}
    return b.declare(ACCESS_CONTROL_LIST, variable, props, str(acl["id"]), checked=checked)


def _credential_list(b: _Builder, cl: Live, variable: str) -> Declaration:
    credentials, plain = [], []
    for c in cl.get("credentials") or ():
        username = str(c.get("username"))
        key = config_key(variable, username, b.config_keys)
        b.password_keys.append(PasswordKey(key, username, str(cl.get("name"))))
        credentials.append(Call(CREDENTIAL_ARGS, (("username", username), ("password", Secret(key)))))
        plain.append({"username": username, "password": Secret(key)})
    given: dict[str, Any] = {"credentials": credentials} if credentials else {}
    props = _arguments(CREDENTIAL_LIST, cl, **given)
    checked = {**props, "credentials": plain} if plain else props
    return b.declare(CREDENTIAL_LIST, variable, props, str(cl["id"]), checked=checked)


def _trunk(
    b: _Builder, t: TrunkSnapshot, variable: str, acl_vars: Mapping[str, str], list_vars: Mapping[str, str]
) -> Section:
    host = str(t.trunk.get("host_name"))
    trunk = b.declare(SIP_TRUNK, variable, _arguments(SIP_TRUNK, t.trunk, host_name=b.options.host_name(host)), t.id)
    ref = Ref(variable)
    links: list[Declaration] = []
    holders: dict[str, list[str]] = {}
    """username → the variables a registered endpoint using it should wait for."""
    for spec, target, kind, ids, known in (
        (
            TRUNK_ACCESS_CONTROL_LIST,
            "access_control_list_id",
            "access control list",
            t.access_control_list_ids,
            acl_vars,
        ),
        (TRUNK_CREDENTIAL_LIST, "credential_list_id", "credential list", t.credential_list_ids, list_vars),
    ):
        for list_id in sorted(ids):
            if list_id not in known:
                b.warnings.append(f"{variable}: its link to {kind} {list_id} is left out (that list was not exported)")
                continue
            link = b.names.claim(f"{variable}_{known[list_id]}")
            links.append(b.declare(spec, link, {"trunk_id": ref, target: Ref(known[list_id])}, f"{t.id}/{list_id}"))
            if spec is TRUNK_CREDENTIAL_LIST:
                for held in _usernames(b.snapshot, list_id):
                    holders.setdefault(held, []).append(link)
    numbers, listed = [], sorted(t.phone_numbers)  # as the provider keeps them, whatever order the API used
    for i in range(0, len(listed), MAX_NUMBERS_PER_SET):
        chunk = listed[i : i + MAX_NUMBERS_PER_SET]
        name = b.names.claim(f"{variable}_numbers")
        numbers.append(b.declare(PHONE_NUMBER_SET, name, {"trunk_id": ref, "phone_numbers": chunk}, t.id))
    endpoints = _endpoints(b, t, variable, ref, holders, list_vars)
    title = f"Trunk {t.trunk.get('name')!r}: {b.options.host_name(host)}.{TOP_LEVEL_DOMAIN}"
    return Section(title, (trunk, *_sorted(links), *_sorted(endpoints), *numbers))


def _endpoints(
    b: _Builder,
    t: TrunkSnapshot,
    variable: str,
    ref: Ref,
    holders: Mapping[str, list[str]],
    list_vars: Mapping[str, str],
) -> list[Declaration]:
    """The trunk's endpoints as one ``TrunkEndpoints``, or one ``SipEndpoint`` each when one resource cannot
    hold them (names repeated on the trunk, or more than it takes), with a warning saying so."""
    if not t.endpoints:
        return []
    repeated = sorted(str(n) for n, count in Counter(e.get("name") for e in t.endpoints).items() if count > 1)
    if repeated or len(t.endpoints) > MAX_ENDPOINTS_PER_SET:
        why = (
            f"more than one endpoint is named {', '.join(repr(n) for n in repeated)}"
            if repeated
            else f"it has {len(t.endpoints)} endpoints, more than one TrunkEndpoints holds ({MAX_ENDPOINTS_PER_SET})"
        )
        fix = "give them distinct names in Sinch" if repeated else "remove some in Sinch"
        b.warnings.append(
            f"{variable}: {why}, so its endpoints are declared one SipEndpoint each instead of one TrunkEndpoints; "
            f"{fix} and export again to get one resource"
        )
        return [
            b.declare(
                SIP_ENDPOINT,
                b.names.scoped(variable, e.get("name"), "endpoint"),
                _arguments(SIP_ENDPOINT, e, trunk_id=ref),
                str(e["id"]),
                _waits(b, e, holders, list_vars),
            )
            for e in _by_id(t.endpoints)
        ]
    ordered = sorted(t.endpoints, key=endpoint_order)  # as the provider keeps them
    items = [_arguments(ENDPOINT_ITEM, e, item=True) for e in ordered]
    waits = tuple(sorted({w for e in ordered for w in _waits(b, e, holders, list_vars)}))
    calls = [Call(ENDPOINT_ARGS, tuple((k, _to_expr(v)) for k, v in item.items())) for item in items]
    name = b.names.claim(f"{variable}_endpoints")
    adopt = t.id + ENDPOINTS_ID_SUFFIX
    props = {"trunk_id": ref, "endpoints": calls}
    checked = {"trunk_id": ref, "endpoints": items}
    return [b.declare(SIP_ENDPOINT_SET, name, props, adopt, waits, checked=checked)]


def _waits(b: _Builder, e: Live, holders: Mapping[str, list[str]], list_vars: Mapping[str, str]) -> tuple[str, ...]:
    """What a registered endpoint waits for: the trunk's links to the lists holding its username, or, when
    none of them is linked to this trunk, at least the lists that hold it."""
    username = e.get("credential_username")
    if not username:
        return ()
    waits = holders.get(username, [])
    if not waits:
        waits = [list_vars[c["id"]] for c in b.snapshot.credential_lists if username in _usernames(b.snapshot, c["id"])]
    return tuple(sorted(waits))


def _usernames(snapshot: Snapshot, list_id: str) -> list[str]:
    for cl in snapshot.credential_lists:
        if cl["id"] == list_id:
            return [str(c.get("username")) for c in cl.get("credentials") or ()]
    return []


def _countries(b: _Builder) -> tuple[Declaration, ...]:
    declarations = []
    for p in sorted(b.snapshot.country_permissions, key=lambda p: str(p.get("iso_code"))):
        iso = str(p.get("iso_code")).upper()
        variable = b.names.claim(slug(p.get("name")) or iso.lower())
        props = {"iso_code": iso, "enabled": bool(p.get("enabled"))}
        declarations.append(b.declare(COUNTRY_PERMISSION, variable, props, iso))
    return tuple(declarations)


def _rule(b: _Builder, rule: Live) -> Declaration:
    props = _arguments(CALL_BLOCKING_RULE, rule)
    for key in ("caller_country", "callee_country"):
        if isinstance(props.get(key), str):
            props[key] = props[key].upper()
    # An unnamed rule is named after what it blocks, e.g. "OUTBOUND 1900".
    facts = [
        props.get("direction"),
        props.get("caller_country") or props.get("callee_country"),
        props.get("caller_match") or props.get("callee_match"),
    ]
    text = str(rule.get("name") or " ".join(str(v) for v in facts if v))
    return b.declare(CALL_BLOCKING_RULE, b.names.object(text, "rule"), props, str(rule["id"]))
