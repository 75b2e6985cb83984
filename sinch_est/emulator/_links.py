"""Trunk links to access control lists and credential lists: POST appends, DELETE unlinks, PUT replaces."""

from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any

from sinch_est.emulator import _errors as errors
from sinch_est.emulator._kinds import Ctx, Kind
from sinch_est.emulator._tables import Links, Record, Records
from sinch_est.schema import SIP_TRUNK, ObjectSpec

__all__ = ["LinkKind"]


class LinkKind(Kind):
    """Links from a trunk to objects of ``target``; ``bulk`` allows the set-replacing PUT."""

    def __init__(self, spec: ObjectSpec, target: ObjectSpec, *, bulk: bool) -> None:
        super().__init__(spec, SIP_TRUNK)
        self.target = target
        self.bulk = bulk
        self.key = spec.list_keys[0]

    def links(self, ctx: Ctx) -> Links:
        return ctx.data.link(self.spec.name)

    def list(self, ctx: Ctx, parent: str | None, filters: Mapping[str, str]) -> Records:
        kind = ctx.kind(self.target)
        if parent is None:
            # Inspection of every link of the project: one record per pair, in the spec's wire names.
            source, target = (f.wire for f in self.spec.fields[:2])
            return [{source: s, target: t} for s, t in self.links(ctx).dump()]
        self.require_parent(ctx, parent)
        return [kind.get(ctx, None, target) for target in self.links(ctx).targets(parent)]

    def _ids(self, ctx: Ctx, body: Any) -> builtins.list[str]:
        ids = body.get(self.key) if isinstance(body, Mapping) else body if self.bulk else None
        if ids is None and isinstance(body, Mapping):
            label = self.target.label
            raise errors.invalid_argument(self.spec.label, [(self.key, f"is required: the ids of the {label}s")])
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            raise errors.unreadable([(self.key, "expected a list of id strings")])
        table = ctx.data.table(self.target.name)
        for target in ids:
            if table.get(target) is None:
                raise errors.not_found(self.target.label, target)
        return ids

    def create(self, ctx: Ctx, parent: str | None, body: Any) -> Record:
        assert parent is not None
        self.require_parent(ctx, parent)
        ids = self._ids(ctx, body)
        for target in ids:
            self.links(ctx).add(parent, target)  # linking an already linked id changes nothing
        return {self.key: ids}

    def replace_all(self, ctx: Ctx, parent: str | None, body: Any) -> Record:
        if not self.bulk or parent is None:
            raise errors.method_not_allowed("PUT")
        self.require_parent(ctx, parent)
        ids = self._ids(ctx, body)
        links = self.links(ctx)
        links.drop_source(parent)
        for target in ids:
            links.add(parent, target)
        return {self.key: links.targets(parent)}

    def delete(self, ctx: Ctx, parent: str | None, key: str) -> None:
        assert parent is not None
        self.require_parent(ctx, parent)
        if not self.links(ctx).remove(parent, key):
            raise errors.EstError(
                404,
                "NOT_FOUND",
                f"{self.target.label[0].upper()}{self.target.label[1:]} '{key}' is not linked to SIP trunk '{parent}'",
            )
