"""A small BothDirections estate on ``provider_pool(poolSize)`` (0: the default provider)."""

import pulumi

import sinch_est as est
from sinch_est.components import provider_pool

config = pulumi.Config()
size = config.get_int("poolSize") or 0
if size:
    provider_pool(size)

estate = est.BothDirections(
    "pool",
    host_name="e2e-pool",
    ip_ranges=["203.0.113.0/28"],
    credentials={"pool-ua": config.require_secret("sipPassword")},
    endpoints=[
        est.EndpointSpec(name="sbc", priority=1, address="192.0.2.10"),
        est.EndpointSpec(name="ua", priority=2, credential_username="pool-ua"),
    ],
    phone_numbers=["+14155550150", "+14155550151", "+46701740150"],
)
pulumi.export("trunk_id", estate.trunk.id)
