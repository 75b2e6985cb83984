"""Deliberately non-compliant: every mandatory rule of the policy pack should fire on this program.

Used by tests/e2e/test_policy_pack.py; it is never applied, only previewed.
"""

import pulumi

import sinch_est as est

config = pulumi.Config()

# Rule: ACLs never open to the world (0.0.0.0/0 is refused by check already) nor wider than the minimum prefix.
trunk = est.SipTrunk("open-trunk", name="Open trunk", host_name="acme-open")
world = est.AccessControlList("world", name="everyone", ip_ranges=[est.IpRangeArgs(cidr="0.0.0.0/1")])
est.TrunkAccessControlList("world-link", trunk_id=trunk.id, access_control_list_id=world.id)

# Rule: every trunk that places calls is authenticated (this one has no ACL or credential link).
bare = est.SipTrunk("bare-trunk", name="Unauthenticated", host_name="acme-bare")

# Rule: a registered endpoint's username belongs to a credential list linked to the same trunk.
creds = est.CredentialList(
    "unlinked-creds",
    name="not linked",
    credentials=[est.CredentialArgs(username="phone-9", password=config.require_secret("sipPassword"))],
)
est.SipEndpoint("orphan-phone", trunk_id=bare.id, name="phone-9", priority=1, credential_username="phone-9")

# Rule: no high-risk toll-fraud destination is enabled (Cuba is on the default list).
est.CountryPermission("cuba", iso_code="CU", enabled=True)

# Rule: a phone number is assigned by at most one resource.
est.PhoneNumberAssignment("n1", trunk_id=trunk.id, phone_number="+14155550140")
est.PhoneNumberAssignment("n1-again", trunk_id=bare.id, phone_number="+14155550140")

pulumi.export("sip_domain", trunk.domain)
