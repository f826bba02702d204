"""``itatui audit``: the auditor's read-only terminal UI (separate from the editor)."""
