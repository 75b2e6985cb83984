"""Workflow B: inbound calls to a static SBC, with a failover endpoint and two numbers."""

import pulumi

import sinch_est as est

estate = est.InboundStatic(
    "inbound",
    host_name="acme-inbound-static",
    endpoints=[
        est.EndpointSpec(name="sbc-primary", priority=1, address="192.0.2.10", transport="TLS", port=5061),
        est.EndpointSpec(name="sbc-failover", priority=2, address="192.0.2.11", transport="TLS", port=5061),
    ],
    phone_numbers=["+14155550110", "+14155550111"],
)

pulumi.export("sip_domain", estate.domain)
pulumi.export("trunk_id", estate.trunk.id)
