"""Three trunks written with components, so that a kill can land inside a block of endpoints or numbers."""

import pulumi

import sinch_est as est

config = pulumi.Config()
password = config.require_secret("sipPassword")

for n in range(3):
    est.BothDirections(
        f"site-{n}",
        host_name=f"e2e-crash-site-{n}",
        ip_ranges=[f"203.0.113.{16 * n}/28"],
        credentials={f"ua-{n}": password},
        endpoints=[
            est.EndpointSpec(name="sbc-0", priority=1, address=f"192.0.2.{10 * n + 1}"),
            est.EndpointSpec(name="sbc-1", priority=2, address=f"192.0.2.{10 * n + 2}"),
            est.EndpointSpec(name=f"ua-{n}", priority=3, credential_username=f"ua-{n}"),
        ],
        phone_numbers=[f"+141555502{n}{k}" for k in range(3)],
    )
