"""Credential lists: SIP digest usernames and write-only passwords, reconciled one credential at a time."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypedDict, overload

import pulumi

from sinch_est.client import APIError, EstClient
from sinch_est.provider._base import EstProvider
from sinch_est.provider._reads import Reads
from sinch_est.provider._resource import EstResource
from sinch_est.schema import CREDENTIAL_LIST

__all__ = ["CredentialArgs", "CredentialDict", "CredentialList", "CredentialListArgs", "CredentialListProvider"]


class CredentialDict(TypedDict):
    """One credential as a dict: the same keys as ``CredentialArgs``."""

    username: pulumi.Input[str]
    password: pulumi.Input[str]


@dataclass
class CredentialArgs:
    username: pulumi.Input[str]
    password: pulumi.Input[str]

    def __repr__(self) -> str:
        return f"CredentialArgs(username={self.username!r}, password='***')"


# BEGIN GENERATED CredentialListArgs (scripts/gen_types.py)
@dataclass
class CredentialListArgs:
    """The inputs of ``CredentialList`` as one object."""

    name: pulumi.Input[str]
    credentials: pulumi.Input[Sequence[CredentialArgs | CredentialDict]] | None = None


# END GENERATED CredentialListArgs


class CredentialListProvider(EstProvider):
    spec = CREDENTIAL_LIST
    extra_outputs = ("usernames", "credential_ids")

    def create_remote(self, client: EstClient, inputs: dict[str, Any]) -> dict[str, Any]:
        return client.credential_lists.create(inputs)

    def get_remote(self, reads: Reads, id_: str, props: Mapping[str, Any]) -> dict[str, Any]:
        return reads.get(CREDENTIAL_LIST, id_)

    def list_remote(self, client: EstClient, inputs: Mapping[str, Any]) -> Iterable[dict[str, Any]]:
        return client.credential_lists.list()

    def delete_remote(self, client: EstClient, id_: str, props: Mapping[str, Any]) -> None:
        client.credential_lists.delete(id_)

    def update_remote(
        self, client: EstClient, id_: str, olds: Mapping[str, Any], inputs: dict[str, Any]
    ) -> dict[str, Any]:
        """Rename through the list's route, and touch only the credentials that changed."""
        remote = {k: olds.get(k) for k in ("name", "project_id", "create_time", "update_time")}
        if olds.get("name") != inputs.get("name"):
            remote = client.credential_lists.update(id_, inputs)
        old = {c["username"]: c for c in olds.get("credentials") or ()}
        ids = {u: c.get("id") for u, c in old.items()}
        for cred in inputs.get("credentials") or ():
            username = cred["username"]
            if username not in old or old[username].get("password") != cred["password"]:
                ids[username] = client.credentials.upsert(id_, username, cred["password"]).get("credential_id")
        for username in old.keys() - {c["username"] for c in inputs.get("credentials") or ()}:
            client.credentials.delete(id_, username)
            del ids[username]
        wanted = [c["username"] for c in inputs.get("credentials") or ()]
        remote["credentials"] = [{"username": u, "credential_id": ids.get(u)} for u in wanted]
        return remote

    def remote_to_outputs(self, remote: Mapping[str, Any], inputs: Mapping[str, Any]) -> dict[str, Any]:
        outs = super().remote_to_outputs(remote, inputs)
        applied = {c.get("username"): c.get("password") for c in inputs.get("credentials") or ()}
        creds = [
            {
                "username": c.get("username"),
                "password": applied.get(c.get("username")),
                "id": c.get("credential_id"),
            }
            for c in remote.get("credentials") or ()
        ]
        outs["credentials"] = creds
        outs["usernames"] = [c["username"] for c in creds]
        outs["credential_ids"] = [c["id"] for c in creds]
        return outs

    def delete_hint(self, exc: APIError) -> str:
        message = (exc.message or "").lower()
        if "endpoint" in message:
            return ". A registered SIP endpoint still uses one of its usernames: delete that endpoint first"
        if "trunk" in message:
            return ". It is still linked to a trunk: delete the TrunkCredentialList link first"
        return ""


class CredentialList(EstResource, module="sinch_est", name="CredentialList"):
    """A credential list. Passwords are secret in state and never returned by the API: a rotation is a
    diff against the password last applied, and updates only that credential."""

    provider_class = CredentialListProvider

    # BEGIN GENERATED CredentialList (scripts/gen_types.py)
    name: pulumi.Output[str]
    credentials: pulumi.Output[list[dict[str, Any]]]
    project_id: pulumi.Output[str]
    create_time: pulumi.Output[str]
    update_time: pulumi.Output[str | None]
    usernames: pulumi.Output[list[str]]
    credential_ids: pulumi.Output[list[str]]
    adopt_id: pulumi.Output[str | None]

    @overload
    def __init__(
        self,
        resource_name: str,
        args: CredentialListArgs,
        opts: pulumi.ResourceOptions | None = None,
        *,
        adopt_id: pulumi.Input[str] | None = None,
        update_on_adopt: pulumi.Input[bool] | None = None,
    ) -> None: ...

    @overload
    def __init__(
        self,
        resource_name: str,
        args: None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        name: pulumi.Input[str],
        credentials: pulumi.Input[Sequence[CredentialArgs | CredentialDict]] | None = None,
        adopt_id: pulumi.Input[str] | None = None,
        update_on_adopt: pulumi.Input[bool] | None = None,
    ) -> None: ...

    def __init__(self, resource_name: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(resource_name, *args, **kwargs)

    # END GENERATED CredentialList

    @classmethod
    def prepare(cls, inputs: dict[str, Any]) -> dict[str, Any]:
        creds = inputs.get("credentials")
        if isinstance(creds, list | tuple):
            inputs["credentials"] = [
                {"username": c.username, "password": c.password} if isinstance(c, CredentialArgs) else c for c in creds
            ]
        return inputs
