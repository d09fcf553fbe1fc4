"""The dashboard in a real headless Chromium (Debian's chromium + chromedriver, driven by Selenium):
pages load without console errors, timelines show the replayed values, an article's figures are
marked, and script injected through an article stays inert, with the CSP blocking what got through."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from monitor.store import EventStore
from tests.test_serve_helpers import Served, replayed_project, serving

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
pytestmark = pytest.mark.skipif(not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
                                reason="needs Debian's chromium and chromium-driver (.ci/run installs them)")
webdriver = pytest.importorskip("selenium.webdriver")
from selenium.common.exceptions import NoAlertPresentException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

# The network is closed: without these Chromium stalls on connections it tries at start.
FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--window-size=1280,900")
PAGES = {"/": "Watchlists", "/watchlists/north-korea": "North Korea", "/actors": "Actors", "/alerts": "Alerts",
         "/feeds": "Feeds", "/articles": "Articles"}


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return replayed_project(tmp_path_factory.mktemp("browser"))


@pytest.fixture(scope="module")
def served(config: Path) -> Iterator[Served]:
    with serving(config) as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    profile = tempfile.mkdtemp(prefix="monitor-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)  # with the driver's path below, Selenium Manager never downloads
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(20)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def problems(driver: Any) -> list[str]:
    """Console messages of warning level or worse since the last call (CSP reports are errors)."""
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] in ("SEVERE", "WARNING")]


def query(config: Path, sql: str) -> list[tuple[Any, ...]]:
    with EventStore(config.parent / "monitor.duckdb", lock_timeout=5).session(read_only=True) as session:
        return session.query(sql).rows


def test_the_main_pages_load_without_console_errors(browser: Any, served: Served) -> None:
    problems(browser)
    for page, heading in PAGES.items():
        browser.get(served.url + page)
        assert browser.find_element(By.TAG_NAME, "h1").text == heading
        assert browser.execute_script("return document.styleSheets.length") == 1  # ours, allowed by the CSP
        assert problems(browser) == [], page


def test_a_timeline_shows_the_replayed_values_with_evidence_on_hover(browser: Any, served: Served,
                                                                      config: Path) -> None:
    browser.get(served.url + "/watchlists/north-korea")
    points = browser.find_elements(By.CSS_SELECTOR, 'section[data-metric="nk-troops-in-russia"] svg g.point')
    drawn = {float(p.get_attribute("data-value")) for p in points}
    replayed = {row[0] for row in query(config, "SELECT DISTINCT value FROM figures "
                                                "WHERE metric = 'nk-troops-in-russia'")}
    assert replayed and drawn == replayed
    hover = browser.execute_script("return arguments[0].querySelector('title').textContent", points[0])
    assert "\u201c" in hover and "UTC" in hover  # the evidence sentence and the date
    assert browser.find_element(By.CSS_SELECTOR, "svg").size["width"] > 300
    assert problems(browser) == []


def injected_page(browser: Any, served: Served, config: Path) -> None:
    article_id = query(config, "SELECT article_id FROM articles WHERE outlet LIKE '%Evil%'")[0][0]
    browser.get(f"{served.url}/articles/{article_id}")


def test_an_article_page_marks_its_figures(browser: Any, served: Served, config: Path) -> None:
    injected_page(browser, served, config)
    marks = browser.find_elements(By.CSS_SELECTOR, "div.text mark")
    assert [m.text for m in marks] == ["11,000"]
    assert "National Intelligence Service" in marks[0].get_attribute("title")
    assert marks[0].value_of_css_property("background-color") == "rgba(255, 229, 138, 1)"  # style.css applied
    assert problems(browser) == []


def test_script_injected_through_an_article_stays_inert(browser: Any, served: Served, config: Path) -> None:
    injected_page(browser, served, config)
    with pytest.raises(NoAlertPresentException):
        _ = browser.switch_to.alert.text
    assert browser.execute_script("return document.scripts.length") == 0
    assert browser.execute_script("return document.images.length") == 0
    assert browser.execute_script("return document.body.getAttribute('data-pwned')") is None
    assert "<script>alert('title')</script>" in browser.find_element(By.TAG_NAME, "h1").text
    assert "<img src=x onerror=" in browser.find_element(By.CSS_SELECTOR, "div.text").text
    assert "<b>Evil</b> Outlet" in browser.find_element(By.CSS_SELECTOR, "table.facts").text
    assert problems(browser) == []


def test_the_policy_blocks_script_that_escaping_had_let_through(browser: Any, served: Served, config: Path) -> None:
    """Were a page ever to carry an article's markup raw, the Content-Security-Policy still stops it."""
    injected_page(browser, served, config)
    browser.execute_script("""
        const s = document.createElement('script');
        s.textContent = "document.body.setAttribute('data-ran', 'inline')";
        document.body.appendChild(s);
        document.body.insertAdjacentHTML('beforeend',
            '<img src="/nope.png" onerror="document.body.setAttribute(\\'data-ran\\', \\'onerror\\')">');
        const e = document.createElement('script');
        e.src = 'http://127.0.0.1:9/evil.js';
        document.body.appendChild(e);""")
    browser.implicitly_wait(0)
    browser.execute_async_script("setTimeout(arguments[arguments.length - 1], 500)")
    assert browser.execute_script("return document.body.getAttribute('data-ran')") is None
    reported = " ".join(problems(browser))
    assert "Content Security Policy" in reported
