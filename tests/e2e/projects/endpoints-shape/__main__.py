"""Workflow C with two static endpoints and a registered one; `perEndpoint` switches the component between
its two shapes."""

import pulumi

import sinch_est as est

config = pulumi.Config()
estate = est.BothDirections(
    "shape",
    host_name="e2e-endpoints-shape",
    ip_ranges=["192.0.2.0/28"],
    credentials={"desk-user": config.require_secret("sipPassword")},
    endpoints=[
        est.EndpointSpec(name="sbc-a", priority=1, address="192.0.2.10", transport="TLS", port=5061),
        est.EndpointSpec(name="sbc-b", priority=2, address="192.0.2.11", transport="TLS", port=5061),
        est.EndpointSpec(name="desk", priority=3, credential_username="desk-user"),
    ],
    endpoint_per_resource=config.get_bool("perEndpoint") or False,
)
pulumi.export("trunk_id", estate.trunk.id)
