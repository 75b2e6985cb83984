"""Credential lists and their credentials: write-only passwords kept only as salted hashes."""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Mapping
from typing import Any

from sinch_est.emulator import _errors as errors
from sinch_est.emulator._ids import new_id
from sinch_est.emulator._kinds import Ctx, Kind
from sinch_est.emulator._records import as_object, check, ordered
from sinch_est.emulator._tables import Record, Records
from sinch_est.schema import CREDENTIAL, CREDENTIAL_LIST, SIP_ENDPOINT

__all__ = ["CredentialKind", "CredentialListKind", "hash_password", "verify_password"]

_ITERATIONS = 2_000


def hash_password(password: str) -> str:
    salt = os.urandom(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, _ITERATIONS)
    return f"pbkdf2-sha256${_ITERATIONS}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    _, iterations, salt, digest = stored.split("$")
    candidate = hashlib.pbkdf2_hmac("sha256", password.encode(), bytes.fromhex(salt), int(iterations))
    return hmac.compare_digest(candidate.hex(), digest)


def _endpoint_usernames(ctx: Ctx) -> set[str]:
    return {r["credentialUsername"] for r in ctx.data.table(SIP_ENDPOINT.name).records() if r.get("isRegistered")}


class CredentialListKind(Kind):
    """Created with its credentials; a PUT renames only; refused while linked to a trunk or an endpoint."""

    link = "TrunkCredentialList"

    def __init__(self) -> None:
        super().__init__(CREDENTIAL_LIST)

    def check(self, ctx: Ctx, parent: str | None, key: str, body: Mapping[str, Any], old: Record | None) -> Record:
        if old is not None:
            # The list PUT carries only the name; credentials change through their own routes.
            return {**check(self.spec, {"name": body.get("name")}), "credentials": None}
        return check(self.spec, body)

    def after_write(self, ctx: Ctx, key: str, props: Mapping[str, Any], old: Record | None) -> None:
        for item in props.get("credentials") or ():
            _store_credential(ctx, key, item["username"], item["password"])

    def render(self, ctx: Ctx, record: Record) -> Record:
        values = dict(record)
        values["credentials"] = [_public(r) for r in ctx.data.table(CREDENTIAL.name).records(record["id"])]
        return ordered(self.spec, values)

    def guard_delete(self, ctx: Ctx, record: Record) -> None:
        if ctx.data.link(self.link).sources(record["id"]):
            raise errors.failed_precondition("Credential List cannot be deleted while attached to a SIP Trunk")
        usernames = {r["username"] for r in ctx.data.table(CREDENTIAL.name).records(record["id"])}
        if usernames & _endpoint_usernames(ctx):
            raise errors.failed_precondition("Credential List cannot be deleted while attached to a SIP Endpoint")

    def cascade(self, ctx: Ctx, record: Record) -> None:
        credentials = ctx.data.table(CREDENTIAL.name)
        for key in credentials.keys(record["id"]):
            credentials.remove(key)
            ctx.data.passwords.pop(key, None)


def _public(record: Record) -> Record:
    return {"id": record["id"], "username": record["username"]}


def _store_credential(ctx: Ctx, list_id: str, username: str, password: str) -> Record:
    table = ctx.data.table(CREDENTIAL.name)
    record = next((r for r in table.records(list_id) if r["username"] == username), None)
    if record is None:
        record = {"id": new_id(), "username": username}
        table.put(record["id"], record, list_id)
    ctx.data.passwords[record["id"]] = hash_password(password)
    return record


class CredentialKind(Kind):
    """Addressed by username; PUT sets the password (and adds the username if the list lacks it)."""

    def __init__(self) -> None:
        super().__init__(CREDENTIAL, CREDENTIAL_LIST)

    def list(self, ctx: Ctx, parent: str | None, filters: Mapping[str, str]) -> Records:
        if parent is not None:
            self.require_parent(ctx, parent)
        return [_public(r) for r in self.table(ctx).records(parent)]

    def find(self, ctx: Ctx, parent: str | None, key: str) -> Record:
        if parent is not None:
            self.require_parent(ctx, parent)
        for record in self.table(ctx).records(parent):
            if record["username"] == key:
                return record
        raise errors.not_found(self.spec.label, key)

    def get(self, ctx: Ctx, parent: str | None, key: str) -> Record:
        return _public(self.find(ctx, parent, key))

    def replace(self, ctx: Ctx, parent: str | None, key: str, body: Any) -> Record:
        if parent is None:
            raise errors.method_not_allowed("PUT")
        self.require_parent(ctx, parent)
        password = as_object(body).get("password")
        props = check(self.spec, {"username": key, "password": password}, parent=parent)
        return _public(_store_credential(ctx, parent, props["username"], props["password"]))

    def delete(self, ctx: Ctx, parent: str | None, key: str) -> None:
        record = self.find(ctx, parent, key)
        if record["username"] in _endpoint_usernames(ctx):
            raise errors.failed_precondition("Credential cannot be deleted while used by a SIP Endpoint")
        self.table(ctx).remove(record["id"])
        ctx.data.passwords.pop(record["id"], None)
