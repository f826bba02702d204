"""Moved to :mod:`itatui.core.worddiff` (the base layer: ``sync``'s conflict report marks words
too, and ``audit`` and ``sync`` may not import each other). Kept only so that an import of the
old name elsewhere keeps working while helpers edit in parallel; nothing in itatui/ imports it."""

from itatui.core.worddiff import (DEL_CLOSE, DEL_OPEN, DELETE, EQUAL, INS_CLOSE,  # noqa: F401
                                  INS_OPEN, INSERT, Segment, changed_words, marked, to_plain,
                                  tokens, word_diff)
