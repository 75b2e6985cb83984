"""Serves the sinch-est policy pack to the Pulumi engine (``python -m pulumi.policy <engine> <pack dir>``)."""

from pulumi_policy import PolicyPack

from sinch_est.policy import rules

PolicyPack(rules.PACK_NAME, policies=rules.POLICIES)
