"""The auditor's view of the records' git history (never imports Textual).

- :mod:`.dates`      BE / Thai / ISO dates typed by a user
- :mod:`.versions`   a record's versions through renames, the records as of a commit or date
- :mod:`.fielddiff`  two versions of a record compared field by field
- :mod:`.worddiff`   inside a text field, a diff by Thai word
- :mod:`.timeline`   the history with filters (officer, dates, record, field)
- :mod:`.blame`      per field, the last commit that changed it, through renames
- :mod:`.signing`    whether git signing is configured, signature status of commits and tags
- :mod:`.approvals`  the officers list, ``approve`` commits, which version is approved
- :mod:`.pdfstamp`   the commit, tag and source records inside a PDF (pypdf)
- :mod:`.publish`    render the approved version, tag the release, stamp the PDF
- :mod:`.verify`     is a PDF what this history says, and is the history intact
- :mod:`.restore`    an earlier version of a record back, as a new commit
"""
