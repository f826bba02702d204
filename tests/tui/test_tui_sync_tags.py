"""The editor's sync notification names the release tags the sync sent and received (review of
issue 15: an officer who pressed F6 is told that a release travelled, as ``itatui sync`` says)."""

from __future__ import annotations


def test_the_editors_sync_notification_names_release_tags():
    from itatui.core.sync.remote import SyncResult
    from itatui.tui.controllers.sync import SyncController

    class Host:                          # the app as the controller sees it after a sync
        current = None

        def __init__(self):
            self.notes = []

        def notify(self, message, **kw):
            self.notes.append(message)

        def refresh_title(self):
            pass

    host = Host()
    result = SyncResult(remote="origin", branch="main")
    result.tags_received = ["ita-2569-o26-v2"]
    result.tags_sent = ["ita-2569-o26-v3"]
    SyncController(host).done(result)
    assert host.notes == ["รับฉบับเผยแพร่ ita-2569-o26-v2, ส่งฉบับเผยแพร่ ita-2569-o26-v3"]
