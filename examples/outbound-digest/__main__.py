"""Workflow E: outbound calls from dynamic IPs with SIP digest authentication."""

import pulumi

import sinch_est as est

config = pulumi.Config()

estate = est.OutboundByDigest(
    "digest",
    host_name="acme-outbound-digest",
    credentials={"road-warrior": config.require_secret("sipPassword")},
)

pulumi.export("sip_domain", estate.domain)
pulumi.export("trunk_id", estate.trunk.id)
