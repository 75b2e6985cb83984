"""A Swedish team's estate: calls to Sweden enabled, besides the US and Canada Sinch enables by default."""

import sinch_est as est

est.CountryPermission("sweden", iso_code="SE", enabled=True)
