"""Against real Sinch (opt-in: ``pytest -m live``): the client's trunk round trip, swept afterwards."""

from __future__ import annotations

import pytest

from sinch_est.client import EstClient, NotFoundError

pytestmark = pytest.mark.live


def test_live_sip_trunk_round_trip(live_client: EstClient, live_prefix: str) -> None:
    trunk = live_client.sip_trunks.create({"name": f"{live_prefix}trunk", "host_name": f"{live_prefix}trunk"})
    assert trunk["domain"].startswith(f"{live_prefix}trunk.")
    renamed = live_client.sip_trunks.update(
        trunk["id"], {"name": f"{live_prefix}renamed", "host_name": trunk["host_name"]}
    )
    assert renamed["name"] == f"{live_prefix}renamed"
    live_client.sip_trunks.delete(trunk["id"])
    with pytest.raises(NotFoundError):
        live_client.sip_trunks.get(trunk["id"])
