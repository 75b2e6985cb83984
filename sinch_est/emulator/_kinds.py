"""Domain behaviour per object kind: the generic spec-driven CRUD and the integrity rules of each object."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sinch_est.emulator import _errors as errors
from sinch_est.emulator._ids import new_id
from sinch_est.emulator._records import as_object, check, ordered, parent_field, server_default, writable
from sinch_est.emulator._seed import COUNTRIES, ENABLED_COUNTRIES, NumberPool
from sinch_est.emulator._tables import ProjectData, Record, Records, Table
from sinch_est.schema import (
    ACCESS_CONTROL_LIST,
    CALL_BLOCKING_RULE,
    COUNTRY_PERMISSION,
    IP_RANGE,
    SIP_ENDPOINT,
    SIP_TRUNK,
    TOP_LEVEL_DOMAIN,
    ObjectSpec,
    Violation,
)

__all__ = [
    "AclKind",
    "BlockingRuleKind",
    "CountryKind",
    "Ctx",
    "EndpointKind",
    "IpRangeKind",
    "Kind",
    "TrunkKind",
]


@dataclass
class Ctx:
    """What one store operation works on: a project's data plus the few facts shared by all projects."""

    project_id: str
    data: ProjectData
    now: str
    moment: float
    host_names: dict[str, tuple[str, str]]
    """Trunk host names are DNS names, so unique across projects: host name -> (project id, trunk id)."""
    pool: NumberPool
    provisioning_delay: float
    kinds: Mapping[str, Kind]

    def kind(self, spec: ObjectSpec) -> Kind:
        return self.kinds[spec.name]


class Kind:
    """Spec-driven CRUD over one table; subclasses add the object's computed fields and integrity rules."""

    def __init__(self, spec: ObjectSpec, parent_spec: ObjectSpec | None = None) -> None:
        self.spec = spec
        self.parent_spec = parent_spec
        self.parent_field = parent_field(spec)

    # Operations (the HTTP routes call these through the store, under its lock).

    def table(self, ctx: Ctx) -> Table:
        return ctx.data.table(self.spec.name)

    def list(self, ctx: Ctx, parent: str | None, filters: Mapping[str, str]) -> Records:
        if parent is not None:
            self.require_parent(ctx, parent)
        return [self.render(ctx, r) for r in self.table(ctx).records(parent) if self.matches(ctx, r, filters)]

    def get(self, ctx: Ctx, parent: str | None, key: str) -> Record:
        return self.render(ctx, self.find(ctx, parent, key))

    def create(self, ctx: Ctx, parent: str | None, body: Any) -> Record:
        if parent is not None:
            self.require_parent(ctx, parent)
        key = new_id()
        props = self.check(ctx, parent, key, as_object(body), None)
        return self.write(ctx, parent, key, props, None)

    def replace(self, ctx: Ctx, parent: str | None, key: str, body: Any) -> Record:
        old = self.find(ctx, parent, key)
        props = self.check(ctx, parent, key, as_object(body), old)
        return self.write(ctx, parent, key, props, old)

    def replace_all(self, ctx: Ctx, parent: str | None, body: Any) -> Record:
        raise errors.method_not_allowed("PUT")

    def delete(self, ctx: Ctx, parent: str | None, key: str) -> None:
        record = self.find(ctx, parent, key)
        self.guard_delete(ctx, record)
        self.cascade(ctx, record)
        self.table(ctx).remove(key)

    # Building blocks and hooks.

    def require_parent(self, ctx: Ctx, parent: str) -> None:
        if self.parent_spec is not None and ctx.data.table(self.parent_spec.name).get(parent) is None:
            raise errors.not_found(self.parent_spec.label, parent)

    def find(self, ctx: Ctx, parent: str | None, key: str) -> Record:
        if parent is not None:
            self.require_parent(ctx, parent)
        record = self.table(ctx).get(key, parent)
        if record is None:
            raise errors.not_found(self.spec.label, key)
        return record

    def check(self, ctx: Ctx, parent: str | None, key: str, body: Mapping[str, Any], old: Record | None) -> Record:
        return check(self.spec, body, parent=parent)

    def computed(self, ctx: Ctx, props: Mapping[str, Any], old: Record | None) -> Record:
        return {}

    def write(self, ctx: Ctx, parent: str | None, key: str, props: Mapping[str, Any], old: Record | None) -> Record:
        values: Record = {"id": key}
        if self.parent_field is not None and parent is not None:
            values[self.parent_field.wire] = parent
        values.update(writable(self.spec, props))
        values.update(self.computed(ctx, props, old))
        names = {f.name for f in self.spec.fields}
        if "project_id" in names:
            values["projectId"] = ctx.project_id
        if "create_time" in names:
            values["createTime"] = old["createTime"] if old else ctx.now
        if "update_time" in names:
            values["updateTime"] = ctx.now if old else None
        record = ordered(self.spec, values)
        self.table(ctx).put(key, record, parent)
        self.after_write(ctx, key, props, old)
        return self.render(ctx, record)

    def after_write(self, ctx: Ctx, key: str, props: Mapping[str, Any], old: Record | None) -> None:
        return None

    def render(self, ctx: Ctx, record: Record) -> Record:
        return dict(record)

    def matches(self, ctx: Ctx, record: Record, filters: Mapping[str, str]) -> bool:
        return True

    def guard_delete(self, ctx: Ctx, record: Record) -> None:
        return None

    def cascade(self, ctx: Ctx, record: Record) -> None:
        return None


class TrunkKind(Kind):
    """Host names are unique and derive the domain; numbers block deletion; endpoints and links cascade."""

    def __init__(self) -> None:
        super().__init__(SIP_TRUNK)

    def check(self, ctx: Ctx, parent: str | None, key: str, body: Mapping[str, Any], old: Record | None) -> Record:
        props = check(self.spec, body, parent=parent)
        owner = ctx.host_names.get(props["host_name"])
        if owner is not None and owner != (ctx.project_id, key):
            host = props["host_name"]
            raise errors.conflict(
                f"A SIP trunk with host name '{host}' already exists: {host}.{TOP_LEVEL_DOMAIN} is taken; "
                "choose another host name"
            )
        return props

    def computed(self, ctx: Ctx, props: Mapping[str, Any], old: Record | None) -> Record:
        return {
            "domain": f"{props['host_name']}.{TOP_LEVEL_DOMAIN}",
            "topLevelDomain": TOP_LEVEL_DOMAIN,
            "callsPerSecond": old["callsPerSecond"] if old else server_default(self.spec, "calls_per_second"),
        }

    def after_write(self, ctx: Ctx, key: str, props: Mapping[str, Any], old: Record | None) -> None:
        if old is not None:
            ctx.host_names.pop(old["hostName"], None)
        ctx.host_names[props["host_name"]] = (ctx.project_id, key)

    def matches(self, ctx: Ctx, record: Record, filters: Mapping[str, str]) -> bool:
        domain = filters.get("domain")
        return not domain or record["domain"] == domain

    def guard_delete(self, ctx: Ctx, record: Record) -> None:
        if ctx.data.table("PhoneNumber").has_children(record["id"]):
            raise errors.failed_precondition(
                f"Cannot delete SIP Trunk {record['id']} when there are phone numbers assigned"
            )

    def cascade(self, ctx: Ctx, record: Record) -> None:
        # Chosen (est-api.md §12.9): a trunk takes its endpoints and its list links with it.
        endpoints = ctx.data.table(SIP_ENDPOINT.name)
        for key in endpoints.keys(record["id"]):
            endpoints.remove(key)
        for links in ctx.data.links.values():
            links.drop_source(record["id"])
        ctx.host_names.pop(record["hostName"], None)


def _usernames(ctx: Ctx) -> set[str]:
    return {r["username"] for r in ctx.data.table("Credential").records()}


class EndpointKind(Kind):
    """Static (address) or registered (a username that some credential list of the project holds)."""

    def __init__(self) -> None:
        super().__init__(SIP_ENDPOINT, SIP_TRUNK)

    def check(self, ctx: Ctx, parent: str | None, key: str, body: Mapping[str, Any], old: Record | None) -> Record:
        if "credentialUsername" not in body and "credentialUserName" in body:
            # The Node SDK's deprecated misspelling (est-api.md §6.1) is accepted as the real name.
            body = {**body, "credentialUsername": body["credentialUserName"]}
        extra = []
        if body.get("isRegistered") is True and not body.get("credentialUsername"):
            f = self.spec.field("credential_username")
            extra.append(Violation(f.name, f"is required for a registered endpoint: {f.description}"))
        props = check(self.spec, body, parent=parent, extra=extra)
        username = props.get("credential_username")
        if username and username not in _usernames(ctx):
            raise errors.credential_not_found(username)
        return props

    def computed(self, ctx: Ctx, props: Mapping[str, Any], old: Record | None) -> Record:
        return {"isRegistered": bool(props.get("credential_username"))}

    def render(self, ctx: Ctx, record: Record) -> Record:
        omit = "address" if record["isRegistered"] else "credentialUsername"
        return {k: v for k, v in record.items() if k != omit}


class IpRangeKind(Kind):
    def __init__(self) -> None:
        super().__init__(IP_RANGE, ACCESS_CONTROL_LIST)


class AclKind(Kind):
    """IP ranges are children; a PUT without ``ipRanges`` keeps them; a linked list cannot be deleted."""

    link = "TrunkAccessControlList"

    def __init__(self) -> None:
        super().__init__(ACCESS_CONTROL_LIST)

    def check(self, ctx: Ctx, parent: str | None, key: str, body: Mapping[str, Any], old: Record | None) -> Record:
        keep = old is not None and body.get("ipRanges") is None
        if keep:
            current = ctx.data.table(IP_RANGE.name).records(key)
            body = {**body, "ipRanges": [{"ipAddress": r["ipAddress"], "range": r["range"]} for r in current]}
        props = check(self.spec, body, parent=parent)
        return {**props, "ip_ranges": None} if keep else props

    def after_write(self, ctx: Ctx, key: str, props: Mapping[str, Any], old: Record | None) -> None:
        wanted = props.get("ip_ranges")
        if wanted is None:
            return
        ranges = ctx.data.table(IP_RANGE.name)
        kind = ctx.kind(IP_RANGE)
        spare = {(r["ipAddress"], r["range"]): r for r in ranges.records(key)}
        for item in wanted:
            item_props = {**item, "access_control_list_id": key}
            values = writable(IP_RANGE, item_props)
            existing = spare.pop((values["ipAddress"], values["range"]), None)
            if existing is None:
                kind.write(ctx, key, new_id(), item_props, None)
            elif existing["description"] != values["description"]:
                kind.write(ctx, key, existing["id"], item_props, existing)
        for gone in spare.values():
            ranges.remove(gone["id"])

    def render(self, ctx: Ctx, record: Record) -> Record:
        values = dict(record)
        values["ipRanges"] = [dict(r) for r in ctx.data.table(IP_RANGE.name).records(record["id"])]
        values["trunks"] = ctx.data.link(self.link).sources(record["id"])
        return ordered(self.spec, values)

    def guard_delete(self, ctx: Ctx, record: Record) -> None:
        # Undocumented (est-api.md §12.8); refused like a linked credential list, so teardown order matters.
        if ctx.data.link(self.link).sources(record["id"]):
            raise errors.failed_precondition("Access Control List cannot be deleted while attached to a SIP Trunk")

    def cascade(self, ctx: Ctx, record: Record) -> None:
        ranges = ctx.data.table(IP_RANGE.name)
        for key in ranges.keys(record["id"]):
            ranges.remove(key)


class BlockingRuleKind(Kind):
    def __init__(self) -> None:
        super().__init__(CALL_BLOCKING_RULE)


class CountryKind(Kind):
    """A fixed, seeded set per project; only ``enabled`` can change (est-api.md §10.1)."""

    def __init__(self) -> None:
        super().__init__(COUNTRY_PERMISSION)
        self._seed = {iso: (name, continent, codes) for iso, name, continent, codes in COUNTRIES}

    def _record(self, ctx: Ctx, iso: str) -> Record:
        name, continent, codes = self._seed[iso]
        return {
            "isoCode": iso,
            "name": name,
            "continent": continent,
            "countryDialingCodes": list(codes),
            "enabled": ctx.data.countries.get(iso, iso in ENABLED_COUNTRIES),
        }

    def list(self, ctx: Ctx, parent: str | None, filters: Mapping[str, str]) -> Records:
        return [self._record(ctx, iso) for iso in self._seed]

    def find(self, ctx: Ctx, parent: str | None, key: str) -> Record:
        if key.upper() not in self._seed:
            raise errors.not_found(self.spec.label, key)
        return self._record(ctx, key.upper())

    def create(self, ctx: Ctx, parent: str | None, body: Any) -> Record:
        raise errors.method_not_allowed("POST")

    def replace(self, ctx: Ctx, parent: str | None, key: str, body: Any) -> Record:
        iso = self.find(ctx, parent, key)["isoCode"]
        props = check(self.spec, {**as_object(body), "isoCode": iso})
        ctx.data.countries[iso] = props["enabled"]
        return self._record(ctx, iso)

    def delete(self, ctx: Ctx, parent: str | None, key: str) -> None:
        raise errors.method_not_allowed("DELETE")
