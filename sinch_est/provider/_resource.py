"""``EstResource``: what a program declares. Builds the props from the schema and checks the inputs it knows."""

from __future__ import annotations

import dataclasses
import hashlib
from typing import Any, ClassVar

import pulumi
from pulumi.dynamic import Resource

from sinch_est.provider._adopt import ADOPT_ID, UPDATE_ON_ADOPT
from sinch_est.provider._base import EstProvider
from sinch_est.provider._program import held, mask_unknowns, report, unknown_keywords

__all__ = ["EstResource"]


class EstResource(Resource):
    """Base of the resource classes: ``Cls(name, args=None, opts=None, *, adopt_id=None, update_on_adopt=None,
    **inputs)``; each class declares its typed overloads (generated from the schema by scripts/gen_types.py).

    Builds the props dict from the provider's spec, with every output seeded as ``None`` so that it
    becomes an attribute. Inputs known while the program runs are checked here, so every bad input of the
    program is reported in one run (``_program``). Subclasses name their ``provider_class`` and may
    ``prepare`` the inputs.
    """

    provider_class: ClassVar[type[EstProvider]]

    def __init__(
        self,
        resource_name: str,
        args: Any | None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        adopt_id: pulumi.Input[str] | None = None,
        update_on_adopt: pulumi.Input[bool] | None = None,
        **kwargs: Any,
    ) -> None:
        if isinstance(args, pulumi.ResourceOptions) and opts is None:
            args, opts = None, args  # Cls(name, opts) as Pulumi's own classes allow
        provider = self.provider_class()
        provider.resource_key = _resource_key(type(self).__name__, resource_name, opts)
        spec = provider.spec
        inputs = {f.name: getattr(args, f.name) for f in dataclasses.fields(args)} if args is not None else {}
        inputs = self.prepare({**inputs, **kwargs})
        names = [f.name for f in spec.inputs]
        problems = unknown_keywords(set(inputs) - set(names), [*names, ADOPT_ID, UPDATE_ON_ADOPT])
        inputs = {k: v for k, v in inputs.items() if k in names and v is not None}
        known = {**inputs, ADOPT_ID: adopt_id, UPDATE_ON_ADOPT: update_on_adopt}
        problems += [(f.property, f.reason) for f in provider.check({}, mask_unknowns(known)).failures]
        if problems:
            report(type(self).__name__, resource_name, problems)
        props: dict[str, Any] = {f.name: None for f in spec.fields}
        props.update(dict.fromkeys(provider.extra_outputs))
        props.update(inputs)
        props[ADOPT_ID] = held(adopt_id)
        props[UPDATE_ON_ADOPT] = update_on_adopt
        secrets = list(spec.secret_fields)
        for f in spec.fields:
            if f.items is not None and f.items.secret_fields and props.get(f.name) is not None:
                # Secret as an input too, so the state holds no plaintext password even before the first output.
                props[f.name] = pulumi.Output.secret(props[f.name])
                secrets.append(f.name)
        if secrets:
            opts = pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(additional_secret_outputs=secrets))
        super().__init__(provider, resource_name, props, opts)

    @classmethod
    def prepare(cls, inputs: dict[str, Any]) -> dict[str, Any]:
        """The inputs as the provider expects them (for example nested ``…Args`` turned into dicts)."""
        return inputs


def _resource_key(kind: str, name: str, opts: pulumi.ResourceOptions | None) -> str:
    """The resource's identity in its stack, as a short digest (it travels in every resource's state): project,
    stack, its parent's type and name, its own class and name (the parts of its URN a program knows at once)."""
    parent = opts.parent if opts is not None else None
    owner = f"{parent.pulumi_resource_type}::{parent.pulumi_resource_name}" if parent is not None else ""
    identity = f"{pulumi.get_project()}/{pulumi.get_stack()}/{owner}/{kind}::{name}"
    return hashlib.sha256(identity.encode()).hexdigest()[:20]
