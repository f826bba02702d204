"""``itatui serve`` under test: a real server process on a free port over a real sample
repository, officers added through the command line, and real Chromium (Debian's ``chromium``
and ``chromium-driver``, driven by Selenium; no browser is downloaded).

Browser tests are skipped only when Chromium is absent and the ``CI`` variable is not set;
in CI (.ci/bootstrap installs it) a missing Chromium fails them.
"""

from __future__ import annotations

import os

import pytest

from serve_helpers import (AUDITOR, PRANEE, SERVER_OFFICER, SOMCHAI, Browser, add_officer,
                           chromium_present, start_server)


@pytest.fixture
def officers_repo(sample_repo, isolated_env):
    """The sample with three officers who may log in, and a server identity of its own."""
    for officer in (SOMCHAI, PRANEE, AUDITOR):
        done = add_officer(sample_repo, *officer)
        assert done.returncode == 0, done.stderr
    config = isolated_env / ".config" / "itatui" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(f'[officer]\nname = "{SERVER_OFFICER[0]}"\nemail = "{SERVER_OFFICER[1]}"\n',
                      encoding="utf-8")
    return sample_repo


@pytest.fixture
def served(officers_repo):
    server = start_server(officers_repo)
    yield server
    server.stop()


@pytest.fixture
def need_chromium():
    if not chromium_present():
        if os.environ.get("CI"):
            pytest.fail("CI: Chromium (chromium, chromium-driver) must be installed "
                        "(.ci/bootstrap test installs them)")
        pytest.skip("Chromium is not installed (apt-get install chromium chromium-driver)")
    pytest.importorskip("selenium")


@pytest.fixture
def browsers(need_chromium):
    opened: list[Browser] = []

    def open_browser(url: str, **kw) -> Browser:
        browser = Browser(url, **kw)
        opened.append(browser)
        return browser

    yield open_browser
    for browser in opened:
        browser.quit()
