"""The auditor's view of the records' git history: diffs, blame, as-of, approvals, releases.

No rendering here (a PDF of a commit, publishing and verifying a PDF are
:mod:`itatui.publishing`'s), no Textual or Rich (the faces colour a word diff).

- :mod:`.dates`      BE / Thai / ISO dates typed by a user
- :mod:`.versions`   a record's versions through renames, the records as of a commit or date
- :mod:`.fielddiff`  two versions of a record compared field by field
- (:mod:`itatui.core.worddiff`: inside a text field, a diff by Thai word — in the
  base layer, the sync's conflict report marks words too)
- :mod:`.timeline`   the history with filters (officer, dates, record, field)
- :mod:`.blame`      per field, the last commit that changed it, through renames
- :mod:`.signing`    whether git signing is configured, signature status of commits and tags,
                     whose key signed (another officer's key: an error)
- :mod:`.approvals`  the officers list, ``approve`` commits, which version is approved
- :mod:`.asof`       the report of a commit (records and recorded approvals), its edition
                     and provenance
- :mod:`.releases`   the ``ita-*`` release tags, the publication entries, a commit's edition
- :mod:`.ledger`     commits that change no record (approvals, publication entries)
- :mod:`.changes`    field-level changes between two commits or made by one
- :mod:`.restore`    an earlier version of a record back, as a new commit
"""
