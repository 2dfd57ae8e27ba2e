"""``trainer group --record-server``: a one-screen group session's answers, recorded on this
machine into a profile per player, are also sent to the players' server histories.

The leader's device (``trainer sync --setup``) sends them to ``POST /api/v1/org/group-reviews``;
the server accepts them only for members of groups the leader leads (all or nothing), keyed on
each answer's uid, so sending again stores nothing twice. The players' own devices pull them at
their next sync. Only answers in group mode not sent before are sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from trainer.core.store import Store
from trainer.core.store import sync as local
from trainer.server import protocol
from trainer.server.client import SyncConfig, SyncError, load_config, request

PATH = "/api/v1/org/group-reviews"


@dataclass(frozen=True)
class PushOutcome:
    sent: int
    accepted: int
    players: int


def push_group_answers(
    store: Store, players: list[str], config: SyncConfig | None = None
) -> PushOutcome:
    """Send the players' unsent group answers to their server histories.

    Raises:
        SyncError: this device is not set up for sync, or the server refused or was unreachable
            (what was sent before the failure stays sent).
    """
    config = config or load_config()
    if config is None:
        raise SyncError("sync.error.not_setup")
    pending: list[dict[str, Any]] = []
    for name in players:
        for review in local.pending_reviews(store, name, 10 * protocol.MAX_PUSH_REVIEWS):
            if review["mode"] == "group":
                pending.append({"user": name, **review})
    accepted = 0
    names = {r["user"] for r in pending}
    for start in range(0, len(pending), 1000):
        batch = pending[start : start + 1000]
        answer = request(
            config.url, "POST", PATH, body={"reviews": batch}, token=config.token,
            cafile=config.cafile,
        )  # fmt: skip
        if not isinstance(answer, dict) or not isinstance(answer.get("accepted"), int):
            raise SyncError("sync.error.bad_answer", reason="accepted")
        accepted += answer["accepted"]
        local.mark_pushed(store, [r["uid"] for r in batch])
    return PushOutcome(sent=len(pending), accepted=accepted, players=len(names))
