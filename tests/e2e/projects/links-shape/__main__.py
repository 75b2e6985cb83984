"""A trunk with an ACL and a credential list; `linkResources` links them with TrunkAccessControlList and
TrunkCredentialList resources (the components' older shape) instead of the trunk's own list inputs."""

import pulumi

import sinch_est as est

config = pulumi.Config()
by_resources = config.get_bool("linkResources") or False
acl = est.AccessControlList("acl", name="Shape ACL", ip_ranges=[est.IpRangeArgs(cidr="203.0.113.0/28")])
creds = est.CredentialList(
    "creds",
    name="Shape credentials",
    credentials=[est.CredentialArgs(username="shape-ua", password=config.require_secret("sipPassword"))],
)
trunk = est.SipTrunk(
    "trunk",
    name="Shape trunk",
    host_name="e2e-links-shape",
    access_control_list_ids=None if by_resources else [acl.id],
    credential_list_ids=None if by_resources else [creds.id],
)
if by_resources:
    est.TrunkAccessControlList("acl-link", trunk_id=trunk.id, access_control_list_id=acl.id)
    est.TrunkCredentialList("creds-link", trunk_id=trunk.id, credential_list_id=creds.id)
pulumi.export("trunk_id", trunk.id)
