"""The draft journal is written after typing that went on longer than ``MAX_WAIT`` (found by
the plan's wrapping walk: opening records one after the other for over three seconds asked
Textual for a timer of 0 seconds, which divides by zero when it starts late and never calls
back, so the journal was not written and the app failed as it closed)."""

from __future__ import annotations

import time

from helpers import make_app, wait_until
from itatui.tui.controllers.drafts import MAX_WAIT


async def test_the_journal_is_written_after_typing_longer_than_max_wait(sample_repo):
    app, _ = make_app(sample_repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.pending["records/agency.toml"] = {"district": "ลี้"}
        before = app.drafts.writes
        app.drafts.first_change = time.monotonic() - MAX_WAIT - 1   # typing for 4 seconds
        app.drafts.changed()
        await wait_until(pilot, lambda: app.drafts.writes > before, "the journal's write")
