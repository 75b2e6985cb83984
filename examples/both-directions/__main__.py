"""Workflow C: both directions — ACL and credentials linked, failover endpoints, numbers."""

import pulumi

import sinch_est as est

config = pulumi.Config()

estate = est.BothDirections(
    "both",
    host_name="acme-both-directions",
    ip_ranges=["203.0.113.32/28"],
    credentials={"acme-office": config.require_secret("sipPassword")},
    endpoints=[
        est.EndpointSpec(
            name="sbc-primary", priority=1, address="sbc1.acme.example", transport="TLS", port=5061
        ),
        est.EndpointSpec(
            name="sbc-failover", priority=2, address="sbc2.acme.example", transport="TLS", port=5061
        ),
    ],
    phone_numbers=["+14155550120", "+14155550121"],
)

pulumi.export("sip_domain", estate.domain)
pulumi.export("trunk_id", estate.trunk.id)
