"""Phone numbers: EST's view and assignment, and the Numbers API's voice configuration (est-api.md §9)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from sinch_est.client._exceptions import ProvisioningError
from sinch_est.client._poll import poll
from sinch_est.client._resources import Resource
from sinch_est.client._session import segment
from sinch_est.schema import PHONE_NUMBER

__all__ = ["PhoneNumbers"]

# Numbers API wire names (https://numbers.api.sinch.com); that API is not described by the EST schema.
_VOICE = "voiceConfiguration"
_SCHEDULED = "scheduledVoiceProvisioning"
_EST = {"type": "EST"}
_DETACHED = {"type": "RTC", "appId": ""}


class PhoneNumbers(Resource):
    """``client.phone_numbers``: numbers the project owns and the trunk each one rings."""

    spec = PHONE_NUMBER

    def list(self, trunk_id: str | None = None) -> Iterator[dict[str, Any]]:
        """Every EST number of the project, or only those assigned to ``trunk_id``."""
        return self._list({self.spec.field("trunk_id").wire: trunk_id})

    def get(self, phone_number: str) -> dict[str, Any]:
        """One number by its E.164 form, e.g. ``"+14155550100"``."""
        return self._get(phone_number)

    def assign(self, phone_number: str, trunk_id: str) -> dict[str, Any]:
        """Assign the number to the trunk (``POST /phoneNumbers``). The API may accept a number the project
        does not own, so confirm with ``get`` when it matters."""
        props = {"phone_number": phone_number, "trunk_id": trunk_id}
        # Keyed by the number and setting absolute state, so repeating it is harmless.
        return self._post(self._collection(), props, self._body(props), retry_safe=True)

    def unassign(self, phone_number: str) -> None:
        """Take the number off its trunk (the same route with an empty trunk id)."""
        props = {"phone_number": phone_number, "trunk_id": ""}
        self._session.call("POST", self._collection(), json=self._body(props), retry_safe=True)

    def assign_via_numbers_api(
        self, phone_number: str, trunk_id: str, *, timeout: float = 60.0, poll_interval: float = 0.5
    ) -> dict[str, Any]:
        """Point the number's voice configuration at the trunk through the Numbers API and wait for the
        asynchronous provisioning to finish; ``ProvisioningError`` if it fails or exceeds ``timeout``."""
        body = self._patch_voice(phone_number, {**_EST, "trunkId": trunk_id})

        def done(voice: Mapping[str, Any]) -> bool:
            return voice.get("type") == _EST["type"] and voice.get("trunkId") == trunk_id

        body = self._await_voice(phone_number, body, done, f"assigned to trunk {trunk_id}", timeout, poll_interval)
        voice = body.get(_VOICE) or {}
        return {
            "phone_number": body.get("phoneNumber") or phone_number,
            "trunk_id": voice.get("trunkId"),
            "country_code": body.get("regionCode"),
        }

    def unassign_via_numbers_api(self, phone_number: str, *, timeout: float = 60.0, poll_interval: float = 0.5) -> None:
        """Detach the number from EST through the Numbers API and wait until that has taken effect."""
        body = self._patch_voice(phone_number, dict(_DETACHED))

        def done(voice: Mapping[str, Any]) -> bool:
            return not (voice.get("type") == _EST["type"] and voice.get("trunkId"))

        self._await_voice(phone_number, body, done, "detached from EST", timeout, poll_interval)

    def _numbers_path(self, phone_number: str) -> str:
        return f"/activeNumbers/{segment(phone_number)}"

    def _patch_voice(self, phone_number: str, voice: dict[str, Any]) -> dict[str, Any]:
        # Setting an absolute configuration: repeating the PATCH is harmless.
        body = self._session.call(
            "PATCH",
            self._numbers_path(phone_number),
            base=self._session.numbers_base,
            json={_VOICE: voice},
            retry_safe=True,
        )
        return body if isinstance(body, dict) else {}

    def _await_voice(
        self,
        phone_number: str,
        body: dict[str, Any],
        done: Callable[[Mapping[str, Any]], bool],
        wanted: str,
        timeout: float,
        poll_interval: float,
    ) -> dict[str, Any]:
        current, looks = body, 0

        def attempt() -> dict[str, Any] | None:
            nonlocal current, looks
            if looks:  # the PATCH's answer is the first look; later looks are GETs
                fresh = self._session.call("GET", self._numbers_path(phone_number), base=self._session.numbers_base)
                current = fresh if isinstance(fresh, dict) else {}
            looks += 1
            voice = current.get(_VOICE) or {}
            scheduled = voice.get(_SCHEDULED)
            if isinstance(scheduled, Mapping) and scheduled.get("status") == "FAILED":
                raise ProvisioningError(
                    f"the Numbers API failed to get {phone_number} {wanted} (status FAILED); "
                    "check the number's voice configuration in the Sinch dashboard"
                )
            return current if not scheduled and done(voice) else None

        result = poll(attempt, timeout=timeout, interval=poll_interval, clock=self._session.clock)
        if result is None:
            voice = current.get(_VOICE) or {}
            scheduled = voice.get(_SCHEDULED)
            state = scheduled.get("status") if isinstance(scheduled, Mapping) else None
            raise ProvisioningError(
                f"{phone_number} was not {wanted} within {timeout:g}s (provisioning status "
                f"{state or 'none'}, voice type {voice.get('type')!r}); it may still finish: "
                "check the number later or call again with a longer timeout"
            )
        return result
