"""Forty resources with every kind of object, for killing `pulumi up` and `pulumi destroy` halfway."""

import pulumi

import sinch_est as est

config = pulumi.Config()
password = config.require_secret("sipPassword")

for n in range(3):
    trunk = est.SipTrunk(f"trunk-{n}", name=f"Crash trunk {n}", host_name=f"e2e-crash-{n}")
    acl = est.AccessControlList(
        f"acl-{n}", name=f"Crash ACL {n}", ip_ranges=[est.IpRangeArgs(cidr=f"203.0.113.{16 * n}/28")]
    )
    creds = est.CredentialList(
        f"creds-{n}",
        name=f"Crash credentials {n}",
        credentials=[est.CredentialArgs(username=f"ua-{n}", password=password)],
    )
    est.TrunkAccessControlList(f"acl-link-{n}", trunk_id=trunk.id, access_control_list_id=acl.id)
    creds_link = est.TrunkCredentialList(f"creds-link-{n}", trunk_id=trunk.id, credential_list_id=creds.id)
    for e in range(2):
        est.SipEndpoint(
            f"sbc-{n}-{e}", trunk_id=trunk.id, name=f"sbc-{e}", priority=e + 1, address=f"192.0.2.{10 * n + e + 1}"
        )
    est.SipEndpoint(
        f"ua-{n}",
        trunk_id=trunk.id,
        name=f"ua-{n}",
        priority=3,
        credential_username=f"ua-{n}",
        opts=pulumi.ResourceOptions(depends_on=[creds_link]),
    )
    for k in range(2):
        est.PhoneNumberAssignment(f"number-{n}-{k}", trunk_id=trunk.id, phone_number=f"+141555501{n}{k}")

for code in ("SE", "DE"):
    est.CountryPermission(f"country-{code.lower()}", iso_code=code, enabled=True)
for r, prefix in enumerate(("1900", "1976", "1809", "1264", "1268", "1284")):
    est.CallBlockingRule(f"outbound-{r}", name=f"Crash outbound {r}", direction="OUTBOUND", callee_match=prefix)
for r, prefix in enumerate(("1900", "1976")):
    est.CallBlockingRule(f"inbound-{r}", name=f"Crash inbound {r}", direction="INBOUND", caller_match=prefix)
