"""The reference estate: workflow C (both directions) with failover endpoints and numbers.

Run it with README's set-up command (against the embedded emulator), or with `pulumi up` and real
Sinch credentials in stack config (sinch:projectId, sinch:keyId, sinch:keySecret --secret).
"""

import pulumi

import sinch_est as est

config = pulumi.Config()
host_name = config.get("hostName") or "acme-voice-reference"

estate = est.BothDirections(
    "reference",
    host_name=host_name,
    trunk_name="Acme voice (reference)",
    ip_ranges=["203.0.113.0/28", {"ip_address": "198.51.100.7", "range": 32, "description": "DR site SBC"}],
    credentials={"acme-pbx": config.require_secret("sipPassword")},
    endpoints=[
        est.EndpointSpec(
            name="primary-sbc", priority=1, address="sbc1.acme.example", transport="TLS", port=5061
        ),
        est.EndpointSpec(
            name="failover-sbc", priority=2, address="sbc2.acme.example", transport="TLS", port=5061
        ),
    ],
    phone_numbers=["+14155550100", "+14155550101"],
    call_forward_number="+14155550199",
)

pulumi.export("trunk_id", estate.trunk.id)
pulumi.export("sip_domain", estate.domain)
pulumi.export("phone_numbers", estate.phone_numbers)
