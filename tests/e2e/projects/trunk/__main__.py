"""One SIP trunk whose friendly name comes from config, so a test can rename it."""

import pulumi

import sinch_est as est

config = pulumi.Config()
trunk = est.SipTrunk(
    "main",
    name=config.get("trunkName") or "Main trunk",
    host_name=config.get("hostName") or "e2e-main",
    adopt_id=config.get("adoptId"),
    update_on_adopt=config.get_bool("updateOnAdopt"),
)
pulumi.export("sip_domain", trunk.domain)
pulumi.export("trunk_id", trunk.id)
