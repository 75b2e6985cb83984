"""Workflow D: inbound calls to user agents that REGISTER with credentials linked to the trunk."""

import pulumi

import sinch_est as est

config = pulumi.Config()

estate = est.InboundRegistered(
    "registered",
    host_name="acme-inbound-registered",
    credentials={
        "desk-phone-1": config.require_secret("sipPassword"),
        "desk-phone-2": config.require_secret("sipPassword"),
    },
    endpoints=[
        est.EndpointSpec(name="desk-1", priority=1, credential_username="desk-phone-1", transport="TLS"),
        est.EndpointSpec(name="desk-2", priority=2, credential_username="desk-phone-2", transport="TLS"),
    ],
    phone_numbers=["+14155550130"],
)

pulumi.export("sip_domain", estate.domain)
pulumi.export("trunk_id", estate.trunk.id)
