"""Eleven resources with bad inputs (and one good trunk): one preview must report all of them."""

import pulumi

import sinch_est as est

trunk = est.SipTrunk("good-trunk", name="Good", host_name="e2e-good")
est.SipTrunk("bad-host", name="Bad host", host_name="Bad_Host")
est.SipTrunk("bad-forward", name="Forward", host_name="e2e-forward", enable_call_forward=True)
est.SipEndpoint("bad-port", trunk_id=trunk.id, name="sbc", priority=1, address="192.0.2.1", port=70000)
est.SipEndpoint("bad-priority", trunk_id=trunk.id, name="sbc-2", priority=0, address="192.0.2.2", transport="SCTP")
est.AccessControlList("bad-cidr", name="Office", ip_ranges=[{"ip_address": "203.0.113.0/28"}])
est.CredentialList("bad-password", name="Phones", credentials=[{"username": "desk", "password": "Planted1pw"}])
est.PhoneNumberAssignment("bad-number", trunk_id=trunk.id, phone_number="4155550100")
est.TrunkPhoneNumbers("bad-block", trunk_id=trunk.id, phone_numbers=["+14155550100", "+14155550100"])
est.CountryPermission("bad-country", iso_code="Sweden", enabled=True)
est.CallBlockingRule("bad-rule", name="r", direction="SIDEWAYS", callee_match="19x")
est.SipTrunk("misspelt", name="Misspelt", hostname="e2e-misspelt")  # type: ignore[call-overload]
pulumi.export("trunk", trunk.id)
