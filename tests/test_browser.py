"""The built site as a reader uses it, in headless Chromium (Debian's chromium + chromedriver).

Served from 127.0.0.1 by a thread in this process; no browser is downloaded. The site is the
session's single build into a temporary copy (``full_site`` in ``conftest.py``). In CI
(``CI`` set) a missing Chromium is a failure; on a developer machine it is a skip.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.site]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")


@pytest.fixture(scope="module")
def site_url(full_site):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(full_site))
    handler.log_message = lambda *a, **k: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    if not (CHROMIUM and CHROMEDRIVER):
        msg = "Chromium/chromedriver not installed (apt-get install chromium chromium-driver)"
        if os.environ.get("CI"):
            pytest.fail(msg)
        pytest.skip(msg)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--window-size=1280,900",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    drv = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    drv.set_page_load_timeout(60)
    yield drv
    drv.quit()


def _severe_console_errors(driver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def _pages(site) -> list[str]:
    rels = sorted(p.parent.relative_to(site).as_posix() for p in site.rglob("index.html"))
    return ["" if rel == "." else rel + "/" for rel in rels]


def test_every_page_loads_without_console_errors(driver, site_url, full_site):
    failures = {}
    for page in _pages(full_site):
        driver.get(f"{site_url}/{page}")
        errors = _severe_console_errors(driver)
        if errors:
            failures[page] = errors
    assert not failures, failures


def test_speech_page_shows_chinese_beside_english(driver, site_url):
    from selenium.webdriver.common.by import By

    driver.get(f"{site_url}/speech/")
    rows = driver.find_elements(By.CSS_SELECTOR, ".speech-row")
    assert len(rows) == 18
    zh = rows[1].find_element(By.CSS_SELECTOR, ".zh").text
    en = rows[1].find_element(By.CSS_SELECTOR, ".en").text
    assert "27111人" in zh and "27,111" in en
    # side by side on a desktop window: the English column starts to the right of the Chinese one
    assert rows[1].find_element(By.CSS_SELECTOR, ".en").location["x"] > rows[1].find_element(By.CSS_SELECTOR, ".zh").location["x"]


def test_figure_in_speech_links_to_its_row_in_the_table(driver, site_url):
    from selenium.webdriver.common.by import By

    driver.get(f"{site_url}/speech/")
    link = driver.find_element(By.XPATH, "//a[contains(@class,'fig') and text()='1200万元']")
    link.click()
    assert "/figures/#fig-" in driver.current_url
    row = driver.find_element(By.ID, driver.current_url.split("#")[1])
    assert "1200万元" in row.text


@pytest.mark.parametrize("query", ["再就业", "training"])
def test_search_returns_results(driver, site_url, query):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(f"{site_url}/")
    box = WebDriverWait(driver, 20).until(ec.element_to_be_clickable((By.CSS_SELECTOR, "input.md-search__input")))
    box.click()
    box.send_keys(query)
    WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".md-search-result__item"))
    assert driver.find_elements(By.CSS_SELECTOR, ".md-search-result__item")


def test_no_internal_link_is_broken(full_site):
    from analysis.site.linkcheck import broken_links

    assert broken_links(full_site) == []
