"""Workflow A: outbound calls from static IPs, authorised by an access control list."""

import pulumi

import sinch_est as est

estate = est.OutboundByAcl(
    "outbound",
    host_name="acme-outbound-acl",
    ip_ranges=["203.0.113.0/29", {"ip_address": "198.51.100.20", "range": 32, "description": "backup PBX"}],
)

pulumi.export("sip_domain", estate.domain)
pulumi.export("trunk_id", estate.trunk.id)
