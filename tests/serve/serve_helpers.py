"""What the tests of itatui serve share (the fixtures are in conftest.py): the officers, a
server process, a Chromium window with the page instrumented, waiting for commits."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from helpers import git

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"

#: the officers the tests log in as; none of them is the server's own git or itatui identity
SOMCHAI = ("somchai@banruean.go.th", "นายสมชาย ใจดี", "officer", "รหัสผ่าน-สมชาย-1")
PRANEE = ("pranee@banruean.go.th", "นางปราณี มีสุข", "head", "pranee-secret-22")
AUDITOR = ("auditor@nacc.go.th", "นายตรวจ สอบดี", "auditor", "auditor-secret-3")
#: what the server's own itatui config names (the browser sessions must not commit as it)
SERVER_OFFICER = ("ผู้ดูแลเครื่อง", "server-admin@banruean.go.th")


def add_officer(repo: Path, email: str, name: str, role: str, password: str,
                **kw) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "itatui", "serve", "--repo", str(repo), "--add-officer", email,
         "--name", name, "--role", role, "--password-stdin"],
        input=password + "\n", capture_output=True, text=True, timeout=60, **kw)


@dataclass
class Served:
    repo: Path
    url: str
    proc: subprocess.Popen
    log: list[str] = field(default_factory=list)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


def start_server(repo: Path, *extra: str, env: dict | None = None) -> Served:
    proc = subprocess.Popen(
        [sys.executable, "-m", "itatui", "serve", "--repo", str(repo), "--port", "0", *extra],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
        start_new_session=True)
    deadline = time.monotonic() + 60
    lines = []
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line)
        found = re.search(r"(http://\S+/)", line)
        if found:
            served = Served(repo, found.group(1), proc, lines)
            import threading

            def drain():                       # keep the pipe from filling up
                for more in proc.stdout:
                    lines.append(more)

            threading.Thread(target=drain, daemon=True).start()
            return served
    proc.kill()
    raise AssertionError("itatui serve did not start:\n" + "".join(lines))


# --- the browser ---------------------------------------------------------------------------

def chromium_present() -> bool:
    return Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()


#: recorded in the page before its own scripts run: each websocket message (time, bytes),
#: each key pressed (time), the next animation frame after each message, and the app's output
#: as text (``__drawn()``: what the terminal was sent, escape sequences and all, UTF-8 decoded)
INSTRUMENT = """
(() => {
  const Native = window.WebSocket;
  window.__frames = []; window.__keys = []; window.__chunks = []; window.__text = "";
  const decoder = new TextDecoder("utf-8");
  window.__drawn = () => {          // decoded when asked: nothing added to a message's path
    for (const chunk of window.__chunks) window.__text += decoder.decode(chunk, {stream: true});
    window.__chunks = [];
    return window.__text;
  };
  function Recorded(url, protocols) {
    const socket = protocols === undefined ? new Native(url) : new Native(url, protocols);
    window.__socket = socket;
    socket.addEventListener("message", (e) => {
      const at = performance.timeOrigin + performance.now();
      const size = typeof e.data === "string" ? e.data.length : e.data.byteLength;
      if (typeof e.data !== "string") window.__chunks.push(e.data);
      const entry = [at, size, 0];
      window.__frames.push(entry);
      requestAnimationFrame(() => { entry[2] = performance.timeOrigin + performance.now(); });
    });
    return socket;
  }
  Recorded.prototype = Native.prototype;
  for (const k of ["CONNECTING", "OPEN", "CLOSING", "CLOSED"]) Recorded[k] = Native[k];
  window.WebSocket = Recorded;
  document.addEventListener("keydown", () => {
    window.__keys.push(performance.timeOrigin + performance.now());
  }, true);
})();
"""


class Browser:
    """One Chromium window (its own profile: its own cookies) on the served editor."""

    def __init__(self, url: str, size=(1280, 800)) -> None:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    f"--window-size={size[0]},{size[1]}", "--lang=th-TH"):
            options.add_argument(arg)
        options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
        self.url = url
        self.driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
        self.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument",
                                    {"source": INSTRUMENT})

    def login(self, email: str, password: str) -> None:
        from selenium.webdriver.common.by import By

        self.driver.get(self.url + "login")
        self.driver.find_element(By.ID, "email").send_keys(email)
        self.driver.find_element(By.ID, "password").send_keys(password)
        self.driver.find_element(By.ID, "login").click()

    def wait_for_app(self, timeout: float = 30.0, settle: float = 0.6) -> None:
        """Until the app's first screen has arrived and the terminal has the keyboard: the
        first frames came, then none for ``settle`` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            frames = self.driver.execute_script("return window.__frames || []")
            if sum(f[1] for f in frames) > 5000:
                now = self.driver.execute_script(
                    "return performance.timeOrigin + performance.now()")
                if now - frames[-1][0] > settle * 1000:
                    break
            time.sleep(0.1)
        else:
            raise AssertionError("the app's first screen never arrived in the browser")
        self.driver.execute_script(
            "document.querySelector('.xterm-helper-textarea').focus()")

    def text_mark(self) -> int:
        """Where the app's output stands now: :meth:`wait_for_text` looks after it."""
        return int(self.driver.execute_script("return window.__drawn().length"))

    def drawn(self, since: int = 0) -> str:
        """The app's output as text, after ``since`` (a :meth:`text_mark`)."""
        return self.driver.execute_script("return window.__drawn().slice(arguments[0])", since)

    def wait_for_text(self, *texts: str, since: int = 0, timeout: float = 30.0) -> str:
        """Until the app has drawn one of ``texts`` (after ``since``): the one drawn."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            drawn = self.drawn(since)
            for text in texts:
                if text in drawn:
                    return text
            time.sleep(0.1)
        raise AssertionError(f"the app never drew any of {texts!r}")

    def keys(self, *keys: str, pause: float = 0.25) -> None:
        from selenium.webdriver.common.action_chains import ActionChains

        for key in keys:
            ActionChains(self.driver).send_keys(key).perform()
            time.sleep(pause)

    def ctrl(self, key: str, pause: float = 0.3) -> None:
        from selenium.webdriver.common.action_chains import ActionChains
        from selenium.webdriver.common.keys import Keys

        ActionChains(self.driver).key_down(Keys.CONTROL).send_keys(key).key_up(
            Keys.CONTROL).perform()
        time.sleep(pause)

    def requested_urls(self) -> list[str]:
        import json

        urls = []
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message["method"] in ("Network.requestWillBeSent",
                                     "Network.webSocketCreated"):
                params = message["params"]
                urls.append(params.get("request", {}).get("url") or params.get("url", ""))
        return urls

    def quit(self) -> None:
        self.driver.quit()


def wait_for_draft(repo: Path, email: str, path: str, key: str, text: str,
                   timeout: float = 30.0) -> None:
    """Until the served editor of the officer ``email`` holds ``text`` as an unsaved edit of
    ``path``'s ``key``: its draft journal (written a second after the typing stops) says so."""
    import hashlib
    import json

    journal = (repo / ".git" / "itatui" / "serve-config"
               / hashlib.sha256(email.encode()).hexdigest()[:16] / "drafts" / "drafts.json")
    deadline = time.monotonic() + timeout
    held = None
    while time.monotonic() < deadline:
        try:
            held = json.loads(journal.read_text(encoding="utf-8"))["texts"][path][key]
        except (OSError, ValueError, KeyError):
            held = None
        if held == text:
            return
        time.sleep(0.2)
    raise AssertionError(f"{email}'s editor holds {held!r} for {path} {key}, not {text!r}")


def wait_for_commits(repo: Path, count: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if int(git(repo, "rev-list", "--count", "HEAD").strip()) >= count:
            return
        time.sleep(0.2)
    raise AssertionError(f"expected {count} commits, have "
                         f"{git(repo, 'rev-list', '--count', 'HEAD').strip()}")

