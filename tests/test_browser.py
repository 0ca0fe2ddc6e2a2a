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
import time

import pytest

from analysis import paths

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
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1280,900",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
    ):
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


def _open(driver, url: str, css: str, timeout: float = 20) -> list:
    """Load ``url`` and wait until ``css`` matches at least one element (a page read before it has
    finished loading shows none: an intermittent failure, not a finding); return the matches."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(url)
    return WebDriverWait(driver, timeout).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, css), message=f"nothing matches {css!r} on {url}"
    )


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

    rows = _open(driver, f"{site_url}/speech/", ".speech-row")
    assert len(rows) == 18
    zh = rows[1].find_element(By.CSS_SELECTOR, ".zh").text
    en = rows[1].find_element(By.CSS_SELECTOR, ".en").text
    assert "27111人" in zh and "27,111" in en
    # side by side on a desktop window: the English column starts to the right of the Chinese one
    assert (
        rows[1].find_element(By.CSS_SELECTOR, ".en").location["x"]
        > rows[1].find_element(By.CSS_SELECTOR, ".zh").location["x"]
    )


def test_figure_in_speech_links_to_its_row_in_the_table(driver, site_url):
    from selenium.webdriver.common.by import By

    _open(driver, f"{site_url}/speech/", "a.fig")
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
    box = WebDriverWait(driver, 20).until(
        ec.element_to_be_clickable((By.CSS_SELECTOR, "input.md-search__input"))
    )
    box.click()
    box.send_keys(query)
    WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".md-search-result__item"))
    assert driver.find_elements(By.CSS_SELECTOR, ".md-search-result__item")


def test_no_internal_link_is_broken(full_site):
    from analysis.site.linkcheck import broken_links

    assert broken_links(full_site) == []


# --------------------------------------------------------------------------- issue 14: reader checks


def _phone(driver, width: int = 390, height: int = 844) -> None:
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": True},
    )


def _desktop(driver) -> None:
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_no_page_overflows_horizontally_at_390px(driver, site_url, full_site):
    _phone(driver)
    try:
        wide = {}
        for page in _pages(full_site):
            driver.get(f"{site_url}/{page}")
            overflow = driver.execute_script(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if overflow > 1:
                # name the widest offenders: elements whose right edge passes the viewport
                culprits = driver.execute_script("""
                    const w = document.documentElement.clientWidth, out = [];
                    for (const el of document.querySelectorAll('body *')) {
                      const r = el.getBoundingClientRect();
                      if (r.right > w + 1 && r.width > 0) {
                        let p = el.parentElement, clipped = false;
                        while (p) { const s = getComputedStyle(p);
                          if (['auto', 'scroll', 'hidden'].includes(s.overflowX)) { clipped = true; break; }
                          p = p.parentElement; }
                        if (!clipped) out.push(el.tagName + '.' + el.className);
                      }
                    }
                    return out.slice(0, 5);""")
                wide[page] = (overflow, culprits)
        assert wide == {}, wide
    finally:
        _desktop(driver)


def _search(driver, site_url, query: str) -> list[str]:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(f"{site_url}/")
    box = WebDriverWait(driver, 20).until(
        ec.element_to_be_clickable((By.CSS_SELECTOR, "input.md-search__input"))
    )
    box.click()
    box.send_keys(query)
    # Results re-render as the query completes: read them by script (no stale elements) until stable.
    script = (
        "return [...document.querySelectorAll('.md-search-result__item > a.md-search-result__link')]"
        ".map(a => a.href)"
    )
    previous: list[str] = []
    for _ in range(60):
        hits = driver.execute_script(script)
        if hits and hits == previous:
            return hits
        previous = hits
        time.sleep(0.3)
    return previous


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("subsidy", "/generated/notebooks/03_subsidies/"),
        ("cost per", "/generated/notebooks/05_synthesis/"),
        ("training", "/generated/notebooks/02_training/"),
        ("job creation", "/generated/notebooks/04_job_creation/"),
        ("glossary", "/glossary/"),
    ],
)
def test_search_ranks_the_expected_page_first(driver, site_url, query, expected):
    hits = _search(driver, site_url, query)
    assert hits and expected in hits[0], f"{query!r}: first hits {hits[:3]}"


def test_nothing_is_loaded_from_another_host(driver, site_url, full_site):
    remote = {}
    for page in _pages(full_site):
        driver.get(f"{site_url}/{page}")
        urls = driver.execute_script(
            "return performance.getEntriesByType('resource').map(e => e.name)"
            ".concat([...document.querySelectorAll('[src]')].map(e => e.src))"
        )
        others = [u for u in urls if u and not u.startswith(site_url) and not u.startswith("data:")]
        if others:
            remote[page] = others[:5]
    assert remote == {}, remote


def test_link_to_a_cell_lands_on_that_cell_with_its_code_open(driver, site_url):
    import nbformat
    from selenium.webdriver.common.by import By

    nb = nbformat.read(paths.NOTEBOOKS / "02_training.ipynb", as_version=4)  # ids are stable in the source
    cell = next(c for c in nb.cells if c.cell_type == "code")
    (el,) = _open(driver, f"{site_url}/generated/notebooks/02_training/#cell-{cell.id}", f"#cell-{cell.id}")
    top = driver.execute_script("return arguments[0].getBoundingClientRect().top", el)
    assert 0 <= top < 300
    assert el.find_element(By.CSS_SELECTOR, "details.nb-code").get_attribute("open") is not None


def test_code_is_folded_until_the_reader_asks(driver, site_url):
    from selenium.webdriver.common.by import By

    cells = _open(driver, f"{site_url}/generated/notebooks/03_subsidies/", "details.nb-code")
    assert cells and all(d.get_attribute("open") is None for d in cells)
    assert not cells[0].find_element(By.CSS_SELECTOR, "pre").is_displayed()
    driver.find_element(By.CSS_SELECTOR, "button.nb-code-toggle").click()
    assert all(d.get_attribute("open") is not None for d in cells)
    link = driver.find_element(By.CSS_SELECTOR, "a.nb-download")
    assert link.get_attribute("href").endswith("/03_subsidies/03_subsidies.ipynb")


@pytest.mark.parametrize(("width", "height"), [(1366, 900), (390, 844)])
def test_home_takeaways_sit_on_the_first_screen_and_link_to_cells(driver, site_url, width, height):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    _phone(driver, width, height)
    try:
        driver.get(f"{site_url}/")
        # Home has its takeaway cards (docs/index.md); wait for them rather than read a half-loaded page
        cards = WebDriverWait(driver, 20).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, ".takeaways .takeaway"),
            message=f"no takeaway cards on Home at {width} px",
        )
        top = driver.execute_script("return arguments[0].getBoundingClientRect().top", cards[0])
        assert top < height * 0.6, f"first takeaway starts {top:.0f} px down at {width} px"
        for link in driver.find_elements(By.CSS_SELECTOR, ".takeaways a.result"):
            href = link.get_attribute("href")
            assert "/generated/notebooks/" in href, href
    finally:
        _desktop(driver)
