"""The editor in real Chromium through ``itatui serve``: an officer logs in, opens a measure,
types Thai with tone marks and saves; the TOML file holds the text and the commit names the
logged-in officer (not the server's git identity, not the server's itatui config). A wrong
password is refused in the page; two officers in two browsers edit two records at once and
both commits land, and the same record one after the other without a lost update; the page
loads nothing from another origin; Thai marks sit on their consonant in the terminal grid (the
served Thai font gives them no advance of their own)."""

from __future__ import annotations

import tomllib

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from helpers import git
from serve_helpers import PRANEE, SERVER_OFFICER, SOMCHAI, wait_for_commits

MEASURE_1 = "records/measures/01-01.toml"
MEASURE_2 = "records/measures/02-01.toml"
#: rows of the tree, from the memo at the top, to the first measure of issue 1 and of issue 2
DOWN_TO = {MEASURE_1: 7, MEASURE_2: 9}
TYPED = " ที่ น้ำ ผู้ใหญ่"


def name_of(repo, path: str) -> str:
    return tomllib.loads((repo / path).read_text(encoding="utf-8"))["name"]


def open_measure_and_type(browser, path: str, text: str) -> None:
    """The officer's keys: down the tree to the measure, Enter, Tab to its first field (the
    measure's name), End, the Thai text, ctrl+s."""
    browser.keys(*[Keys.DOWN] * DOWN_TO[path], pause=0.15)
    browser.keys(Keys.ENTER, pause=1.0)
    browser.keys(Keys.TAB, pause=0.5)
    browser.keys(Keys.END)
    browser.keys(text, pause=0.8)


def test_an_officer_edits_a_measure_in_the_browser(served, browsers, tmp_path):
    repo = served.repo
    before_name = name_of(repo, MEASURE_1)
    commits = int(git(repo, "rev-list", "--count", "HEAD"))
    browser = browsers(served.url)
    browser.login(SOMCHAI[0], SOMCHAI[3])
    browser.wait_for_app()
    assert SOMCHAI[1] in browser.driver.find_element(By.ID, "who").text
    open_measure_and_type(browser, MEASURE_1, TYPED)
    browser.driver.save_screenshot(str(tmp_path / "typed.png"))   # looked at by hand
    browser.ctrl("s")
    wait_for_commits(repo, commits + 1)

    assert name_of(repo, MEASURE_1) == before_name + TYPED
    assert tomllib.loads(git(repo, "show", f"HEAD:{MEASURE_1}"))["name"] == before_name + TYPED
    assert git(repo, "log", "-1", "--format=%an%n%ae%n%cn%n%ce").split("\n")[:4] == [
        SOMCHAI[1], SOMCHAI[0], SOMCHAI[1], SOMCHAI[0]]
    assert SERVER_OFFICER[0] not in git(repo, "log", "--format=%an%n%cn")
    assert git(repo, "show", "--name-only", "--format=", "HEAD").split() == [MEASURE_1]

    # everything the page asked for came from this server
    urls = [u for u in browser.requested_urls() if u and not u.startswith(("data:", "blob:"))]
    origin = served.url.rstrip("/")
    ws_origin = origin.replace("http://", "ws://")
    assert urls and all(u.startswith((origin, ws_origin)) for u in urls), urls
    assert any(u.endswith("/assets/thai-mono-regular.otf") for u in urls), urls


def test_a_wrong_password_is_refused_in_the_page(served, browsers):
    browser = browsers(served.url)
    browser.login(SOMCHAI[0], "ผิด-wrong-password")
    # the answer comes after the password's hash is checked (slower on a busy machine)
    from selenium.webdriver.support.ui import WebDriverWait

    error = WebDriverWait(browser.driver, 20).until(
        lambda driver: driver.find_elements(By.ID, "login-error"))[0].text
    assert error == "อีเมลหรือรหัสผ่านไม่ถูกต้อง"
    assert browser.driver.current_url.endswith("/login")
    assert not browser.driver.get_cookies()
    browser.driver.get(served.url)                      # the editor: back to the login page
    assert browser.driver.current_url.endswith("/login")


def test_two_officers_edit_two_records_at_once(served, browsers):
    repo = served.repo
    names = {MEASURE_1: name_of(repo, MEASURE_1), MEASURE_2: name_of(repo, MEASURE_2)}
    commits = int(git(repo, "rev-list", "--count", "HEAD"))
    somchai, pranee = browsers(served.url), browsers(served.url)
    somchai.login(SOMCHAI[0], SOMCHAI[3])
    pranee.login(PRANEE[0], PRANEE[3])
    somchai.wait_for_app()
    pranee.wait_for_app()
    open_measure_and_type(somchai, MEASURE_1, " สมชาย")
    open_measure_and_type(pranee, MEASURE_2, " ปราณี")
    somchai.ctrl("s", pause=0)                          # the two saves at the same moment
    pranee.ctrl("s", pause=0)
    wait_for_commits(repo, commits + 2)

    assert name_of(repo, MEASURE_1) == names[MEASURE_1] + " สมชาย"
    assert name_of(repo, MEASURE_2) == names[MEASURE_2] + " ปราณี"
    by_file = {}
    for sha in git(repo, "log", "-2", "--format=%H").split():
        author, *files = [line for line in git(repo, "show", "--name-only", "--format=%an|%ae",
                                                 sha).splitlines() if line]
        assert len(files) == 1, files
        by_file[files[0]] = author
    assert by_file == {MEASURE_1: f"{SOMCHAI[1]}|{SOMCHAI[0]}",
                       MEASURE_2: f"{PRANEE[1]}|{PRANEE[0]}"}
    assert git(repo, "status", "--porcelain", "records").strip() == ""


def test_thai_marks_take_no_cell_of_their_own(served, browsers):
    """xterm.js puts a consonant and its marks in one cell and draws them as one string; with a
    font whose marks have an advance (TlwgMono) they were drawn over the next cell. The served
    font draws "ที่", "น้", "ผู้" exactly as wide as their consonant, and a Thai letter as wide as
    a Latin one (the grid's cell)."""
    browser = browsers(served.url)
    browser.login(SOMCHAI[0], SOMCHAI[3])
    browser.wait_for_app()
    widths = browser.driver.execute_script("""
        const font = "16px 'Roboto Mono'";
        const ctx = document.createElement("canvas").getContext("2d");
        ctx.font = font;
        const w = (s) => ctx.measureText(s).width;
        return {W: w("W"), t: w("ท"), tii: w("ที่"), n: w("น"), nm: w("น้"), ph: w("ผ"),
                phuu: w("ผู้"), loaded: document.fonts.check(font, "ที่")};
    """)
    assert widths["loaded"]
    assert abs(widths["t"] - widths["W"]) < 0.01, widths
    assert abs(widths["tii"] - widths["t"]) < 0.01, widths
    assert abs(widths["nm"] - widths["n"]) < 0.01, widths
    assert abs(widths["phuu"] - widths["ph"]) < 0.01, widths


def test_two_officers_on_the_same_record_lose_nothing(served, browsers, tmp_path):
    """Both open measure 1-1; Somchai saves first, then Pranee, who typed into the same field,
    saves: her save does not overwrite his (the editor refuses it, "ไฟล์ถูกแก้ไขจากที่อื่น...",
    reloads the record and keeps her unsaved text for her to check), the file stays valid TOML
    and his commit stays whole."""
    repo = served.repo
    name = name_of(repo, MEASURE_1)
    commits = int(git(repo, "rev-list", "--count", "HEAD"))
    somchai, pranee = browsers(served.url), browsers(served.url)
    somchai.login(SOMCHAI[0], SOMCHAI[3])
    pranee.login(PRANEE[0], PRANEE[3])
    somchai.wait_for_app()
    pranee.wait_for_app()
    open_measure_and_type(somchai, MEASURE_1, " สมชาย")
    open_measure_and_type(pranee, MEASURE_1, " ปราณี")
    somchai.ctrl("s")
    wait_for_commits(repo, commits + 1)
    pranee.ctrl("s", pause=3.0)
    pranee.driver.save_screenshot(str(tmp_path / "pranee.png"))   # looked at by hand

    saved = name_of(repo, MEASURE_1)                      # valid TOML, his text kept
    assert name + " สมชาย" in saved
    first = git(repo, "log", "--reverse", "--format=%an|%H").split("\n")[commits]
    author, sha = first.split("|")
    assert author == SOMCHAI[1]
    assert tomllib.loads(git(repo, "show", f"{sha}:{MEASURE_1}"))["name"] == name + " สมชาย"
    for later in git(repo, "log", f"{sha}..HEAD", "--format=%H").split():
        assert " สมชาย" in tomllib.loads(git(repo, "show", f"{later}:{MEASURE_1}"))["name"]


def test_a_small_window_keeps_the_logout_button_whole(served, browsers):
    """At 1024x640 the bar above the terminal gave the agency's long name its whole width and
    cut the logout button off at the right edge; the name now gives way (an ellipsis)."""
    browser = browsers(served.url, size=(1024, 640))
    browser.login(SOMCHAI[0], SOMCHAI[3])
    browser.wait_for_app()
    box = browser.driver.execute_script("""
        const r = (id) => document.getElementById(id).getBoundingClientRect();
        return {width: window.innerWidth, logout: r("logout").right, who: r("who").left,
                nav: document.querySelector(".bar nav").getBoundingClientRect().right};
    """)
    assert box["logout"] <= box["width"], box
    assert box["nav"] <= box["who"], box
    browser.driver.find_element(By.ID, "logout").click()
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser.driver, 20).until(lambda driver: driver.current_url.endswith("/login"))
