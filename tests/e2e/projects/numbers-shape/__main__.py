"""Workflow B with four numbers; `perNumber` switches the component between its two shapes."""

import pulumi

import sinch_est as est

config = pulumi.Config()
estate = est.InboundStatic(
    "shape",
    host_name="e2e-shape",
    endpoints=[est.EndpointSpec(name="sbc", address="192.0.2.10")],
    phone_numbers=["+14155550130", "+14155550131", "+14155550132", "+14155550133"],
    number_per_resource=config.get_bool("perNumber") or False,
)
pulumi.export("phone_numbers", estate.phone_numbers)
