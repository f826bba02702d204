"""Thread workers that report through messages: the work returns the :mod:`messages` to post
(or None), an exception becomes the ``failed`` message, a cancelled worker (an exclusive one
replaced by a newer) posts nothing."""

from __future__ import annotations

from typing import Callable

from textual.message import Message
from textual.worker import Worker, get_current_worker

from itatui.tui.messages import BackgroundFailed


def run_reporting(app, work: Callable[[], Message | None], *, group: str,
                  exclusive: bool = False, name: str = "",
                  failed: Callable[[BaseException], Message] | None = BackgroundFailed) -> Worker:
    """Run ``work`` in a thread worker of ``group`` on ``app``; post what it returns."""

    def run() -> None:
        try:
            message = work()
        except Exception as exc:                # never a traceback: the app tells the officer
            message = failed(exc) if failed is not None else None
        if message is not None and not get_current_worker().is_cancelled:
            app.post_message(message)

    return app.run_worker(run, thread=True, group=group, exclusive=exclusive, name=name,
                          exit_on_error=False)
