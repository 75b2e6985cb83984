"""Generated estates: a realistic mix of EST objects per trunk, as JSON the benchmark program reads."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

__all__ = [
    "FIXED_PER_TRUNK",
    "NUMBERS_PER_TRUNK",
    "Endpoint",
    "Estate",
    "EstateSpec",
    "Trunk",
    "generate",
    "touched",
]

FIXED_PER_TRUNK = 8
"""Trunk, ACL and its link, credential list and its link, two static and one registered endpoint."""
NUMBERS_PER_TRUNK = 12
"""Phone numbers per trunk in the benchmark's standard estates."""
US_NUMBERS = [f"+1415555{i:04d}" for i in range(2000)]
SE_NUMBERS = [f"+46701740{i:03d}" for i in range(200)]
"""The emulator's number pool."""


@dataclass(frozen=True)
class Endpoint:
    name: str
    priority: int
    address: str | None = None
    credential_username: str | None = None


@dataclass(frozen=True)
class Trunk:
    """One trunk and everything hanging off it (one ``BothDirections`` component)."""

    key: str
    trunk_name: str
    host_name: str
    ip_ranges: list[dict[str, Any]]
    credentials: dict[str, str]
    endpoints: list[Endpoint]
    phone_numbers: list[str]

    def objects(self) -> int:
        return FIXED_PER_TRUNK + len(self.phone_numbers)


@dataclass(frozen=True)
class Estate:
    trunks: list[Trunk] = field(default_factory=list)
    pool: int = 1
    """Provider processes (``sinch_est.components.provider_pool``); 1 is the default provider."""
    number_per_resource: bool = False
    """The components' ``number_per_resource=True``: one ``PhoneNumberAssignment`` per number instead of
    their default, one ``TrunkPhoneNumbers`` per trunk."""

    @property
    def objects(self) -> int:
        """EST objects, links included (each one a Pulumi resource and one write to create)."""
        return sum(t.objects() for t in self.trunks)

    @property
    def numbers(self) -> int:
        return sum(len(t.phone_numbers) for t in self.trunks)

    @property
    def endpoints(self) -> int:
        return sum(len(t.endpoints) for t in self.trunks)

    @property
    def resources(self) -> int:
        """Pulumi resources the program declares for the objects (components and the stack not counted): per
        trunk the trunk (which links its lists itself), its ACL and credential list, one ``TrunkEndpoints`` and
        one ``TrunkPhoneNumbers``, or one ``PhoneNumberAssignment`` per number with ``number_per_resource``."""
        total = 0
        for t in self.trunks:
            numbers = len(t.phone_numbers) if self.number_per_resource else int(bool(t.phone_numbers))
            total += 1 + int(bool(t.ip_ranges)) + int(bool(t.credentials)) + int(bool(t.endpoints)) + numbers
        return total

    def critical_path(self) -> int:
        """Writes one after another on the longest dependency chain: trunk (and credential list) ->
        credential link -> registered endpoint."""
        return 3 if any(e.credential_username for t in self.trunks for e in t.endpoints) else 2

    def write(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self), indent=1))

    @classmethod
    def read(cls, path: Path) -> Estate:
        data = json.loads(path.read_text())
        trunks = [Trunk(**{**t, "endpoints": [Endpoint(**e) for e in t["endpoints"]]}) for t in data["trunks"]]
        return cls(trunks=trunks, pool=data.get("pool", 1), number_per_resource=data.get("number_per_resource", False))


@dataclass(frozen=True)
class EstateSpec:
    """Which estate to generate: ``objects`` in all, ``numbers_per_trunk`` phone numbers on each trunk.
    Written ``1000`` (the standard twelve numbers per trunk) or ``880:80``."""

    objects: int
    numbers_per_trunk: int = NUMBERS_PER_TRUNK

    @property
    def label(self) -> str:
        if self.numbers_per_trunk == NUMBERS_PER_TRUNK:
            return str(self.objects)
        return f"{self.objects}:{self.numbers_per_trunk}"

    @property
    def standard(self) -> bool:
        return self.numbers_per_trunk == NUMBERS_PER_TRUNK

    @classmethod
    def parse(cls, text: str) -> EstateSpec:
        objects, _, numbers = text.strip().partition(":")
        try:
            spec = cls(int(objects), int(numbers) if numbers else NUMBERS_PER_TRUNK)
        except ValueError:
            raise ValueError(
                f"an estate is OBJECTS or OBJECTS:NUMBERS_PER_TRUNK (like 1000 or 880:80), got {text!r}"
            ) from None
        if spec.objects < FIXED_PER_TRUNK or spec.numbers_per_trunk < 0:
            raise ValueError(f"an estate has at least {FIXED_PER_TRUNK} objects and no negative numbers: {text!r}")
        return spec

    def generate(self, *, pool: int = 1, number_per_resource: bool = False) -> Estate:
        return generate(
            self.objects, numbers_per_trunk=self.numbers_per_trunk, pool=pool, number_per_resource=number_per_resource
        )


def _numbers() -> list[str]:
    """Nine US numbers for each Swedish one, so both countries' numbers appear in every estate."""
    us, se = iter(US_NUMBERS), iter(SE_NUMBERS)
    out = []
    for i in range(len(US_NUMBERS) + len(SE_NUMBERS)):
        source = se if i % 10 == 9 else us
        number = next(source, None)
        if number is not None:
            out.append(number)
    return out


def generate(
    objects: int, *, numbers_per_trunk: int = NUMBERS_PER_TRUNK, pool: int = 1, number_per_resource: bool = False
) -> Estate:
    """An estate of exactly ``objects`` objects (at least ``FIXED_PER_TRUNK``), with as many trunks as give
    each about ``numbers_per_trunk`` numbers."""
    if objects < FIXED_PER_TRUNK:
        raise ValueError(f"an estate has at least {FIXED_PER_TRUNK} objects, got {objects}")
    count = max(1, round(objects / (FIXED_PER_TRUNK + numbers_per_trunk)))
    numbers = objects - FIXED_PER_TRUNK * count
    pool_numbers = _numbers()
    if numbers > len(pool_numbers):
        raise ValueError(f"the emulator's pool has {len(pool_numbers)} numbers, the estate needs {numbers}")
    trunks = []
    taken = 0
    for i in range(count):
        share = numbers // count + (1 if i < numbers % count else 0)
        key = f"t{i:03d}"
        trunks.append(
            Trunk(
                key=key,
                trunk_name=f"Bench trunk {i:03d}",
                host_name=f"bench-{key}",
                ip_ranges=[{"cidr": f"198.51.{i // 16}.{(i % 16) * 16}/28", "description": "office"}],
                credentials={f"ua-{key}": f"Bench-Passw0rd-{key}"},
                endpoints=[
                    Endpoint("sbc-a", 1, address=f"192.0.2.{i % 250 + 1}"),
                    Endpoint("sbc-b", 2, address=f"198.18.0.{i % 250 + 1}"),
                    Endpoint("ua", 3, credential_username=f"ua-{key}"),
                ],
                phone_numbers=pool_numbers[taken : taken + share],
            )
        )
        taken += share
    return Estate(trunks=trunks, pool=pool, number_per_resource=number_per_resource)


def touched(estate: Estate, fraction: float = 0.1) -> tuple[Estate, int]:
    """The estate with ``fraction`` of its objects changed in place (trunk renamed, endpoint priority,
    ACL range description, SIP password rotated), spread evenly over the trunks; and how many."""
    candidates = [(t, kind) for t in range(len(estate.trunks)) for kind in ("trunk", "ep0", "acl", "cred", "ep1")]
    wanted = min(len(candidates), max(1, round(fraction * estate.objects)))
    stride = len(candidates) / wanted
    chosen = {candidates[int(i * stride)] for i in range(wanted)}
    trunks = []
    for i, t in enumerate(estate.trunks):
        kinds = {kind for (j, kind) in chosen if j == i}
        ranges = [{**r, "description": "office (moved)"} for r in t.ip_ranges]
        credentials = {u: p + "-rotated" for u, p in t.credentials.items()}
        endpoints = [
            replace(e, priority=e.priority + 10) if f"ep{n}" in kinds else e for n, e in enumerate(t.endpoints)
        ]
        trunks.append(
            replace(
                t,
                trunk_name=t.trunk_name + " (renamed)" if "trunk" in kinds else t.trunk_name,
                ip_ranges=ranges if "acl" in kinds else t.ip_ranges,
                credentials=credentials if "cred" in kinds else t.credentials,
                endpoints=endpoints,
            )
        )
    return replace(estate, trunks=trunks), len(chosen)
