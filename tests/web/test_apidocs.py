import json
import posixpath
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from swagger_ui_bundle import swagger_ui_path

from tests.support.browser import chromium, console_errors, requested_urls
from tests.support.pserve import get, pserve
from timesvc.web.apidocs import PAGE
from timesvc.web.static import CSP

STATIC = Path(__file__).resolve().parents[2] / "timesvc" / "static"
# Neither localhost nor 127.0.0.1, for which Swagger UI leaves its validator badge out; Chromium maps it to 127.0.0.1.
HOST = "timesvc.test"
RESOLVE_HOST = (f"--host-resolver-rules=MAP {HOST} 127.0.0.1",)
WAIT = 60  # seconds a page may take to render on a loaded machine before the test fails: a bound, not a measurement
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def elsewhere(requested: list[str], port: int) -> list[str]:
    """The URLs asked over the network (not data: or the browser's own chrome:// pages) of any host but the server."""
    return [url for url in requested if urlsplit(url).scheme in ("http", "https", "ws", "wss") and urlsplit(url).netloc != f"{HOST}:{port}"]


def test_docs_page_has_the_strict_csp_and_no_inline_script(testapp):
    response = testapp.get("/docs", status=200)
    assert response.content_type == "text/html"
    assert response.headers["Content-Security-Policy"] == CSP
    assert "'unsafe-inline'" not in CSP and "'unsafe-eval'" not in CSP and "frame-ancestors 'none'" in CSP
    html = response.text
    assert html.count("<script") == html.count("<script src=") == 2


def test_docs_answer_a_client_that_accepts_only_html(testapp):
    assert testapp.get("/docs", headers={"Accept": "text/html"}, status=200).content_type == "text/html"
    assert testapp.get("/time", headers={"Accept": "text/html"}, status=406).json["status"] == "error"


def test_docs_assets_come_from_the_installed_packages(testapp):
    assert "validatorUrl: null" in testapp.get("/docs/static/docs.js").text
    assert testapp.get("/docs/swagger-ui/swagger-ui-bundle.js").content_length > 100_000
    assert testapp.get("/docs/swagger-ui/swagger-ui.css").content_type == "text/css"


def test_only_the_files_the_docs_page_loads_are_served_under_docs(server_port):
    candidates = {f"/docs/swagger-ui/{file.name}" for file in Path(swagger_ui_path).iterdir()}
    candidates |= {f"/docs/static/{file.relative_to(STATIC)}" for file in STATIC.rglob("*") if file.is_file()}
    candidates |= {"/docs/swagger-ui/", "/docs/static/", "/docs/swagger-ui/../static/docs.js", "/docs/static/clock/../docs.js"}
    answers = {path: get(server_port, path) for path in sorted(candidates)}
    loaded = {urljoin("/docs", reference) for reference in re.findall(r'(?:src|href)="([^"]+)"', PAGE.decode())}
    assert {posixpath.normpath(path) for path, (status, _, _) in answers.items() if status == 200} == loaded  # clock/../docs.js is docs.js
    assert "/docs/swagger-ui/index.html" in answers and "/docs/swagger-ui/oauth2-redirect.html" in answers  # the stock pages were tried
    refused = [json.loads(body)["status"] for status, headers, body in answers.values() if status == 404 and headers["Content-Type"] == "application/json"]
    assert len(refused) == len(answers) - len(loaded) - 1


def test_every_html_answer_carries_the_strict_csp(server_port):
    index = json.loads(get(server_port, "/")[2])
    paths = {re.sub(r"\{name\}", "Europe/Paris", re.sub(r"\{ext\}|\{address\}", "", route["path"])) for route in index["routes"]}
    paths |= {"/?tz=nowhere", "/docs", "/docs/", "/docs/swagger-ui/index.html", "/openapi.json", "/nothing-here", "/static/clock/clock.js"}
    html = {}
    for path in sorted(paths):
        _, headers, _ = get(server_port, path, {"Accept": BROWSER_ACCEPT})
        if headers["Content-Type"].startswith("text/html"):
            html[path] = headers.get("Content-Security-Policy")
    assert {"/", "/?tz=nowhere", "/docs"} <= html.keys()  # the pages, and the clock page refusing a zone
    assert set(html.values()) == {CSP}


def test_docs_render_every_operation_in_headless_chromium_and_ask_no_other_host(tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    with chromium(tmp_path, flags=RESOLVE_HOST, network=True) as driver, pserve("testing.ini") as (port, _):
        document = json.loads(get(port, "/openapi.json")[2])
        driver.get(f"http://{HOST}:{port}/docs")
        WebDriverWait(driver, WAIT).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".opblock-summary-path"))
        shown = sorted(element.get_attribute("data-path") for element in driver.find_elements(By.CSS_SELECTOR, ".opblock-summary-path"))
        driver.save_screenshot(str(tmp_path / "docs.png"))
        errors, requested = console_errors(driver), requested_urls(driver)
    assert shown == sorted(path for path, operations in document["paths"].items() for _ in operations)  # a block each
    assert (tmp_path / "docs.png").stat().st_size > 10_000
    assert errors == []
    assert f"http://{HOST}:{port}/openapi.json" in requested
    assert elsewhere(requested, port) == []


def test_the_clock_page_asks_no_other_host_either(tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    with chromium(tmp_path, flags=RESOLVE_HOST, network=True) as driver, pserve("testing.ini") as (port, _):
        driver.get(f"http://{HOST}:{port}/")
        WebDriverWait(driver, WAIT).until(lambda d: d.find_element(By.ID, "offset").get_attribute("data-bound-ms"))  # its scripts have asked /time
        errors, requested = console_errors(driver), requested_urls(driver)
    assert errors == []
    assert any(urlsplit(url).path == "/time" for url in requested)
    assert elsewhere(requested, port) == []
