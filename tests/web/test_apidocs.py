import json

from tests.support.browser import chromium, console_errors
from tests.support.pserve import get, pserve
from timesvc.web.apidocs import CSP


def test_docs_page_has_a_strict_csp_and_no_inline_script(testapp):
    response = testapp.get("/docs", status=200)
    assert response.content_type == "text/html"
    assert response.headers["Content-Security-Policy"] == CSP
    assert "'unsafe-inline'" not in CSP and "'unsafe-eval'" not in CSP
    html = response.text
    assert html.count("<script") == html.count("<script src=") == 2


def test_docs_answer_a_client_that_accepts_only_html(testapp):
    assert testapp.get("/docs", headers={"Accept": "text/html"}, status=200).content_type == "text/html"
    assert testapp.get("/time", headers={"Accept": "text/html"}, status=406).json["status"] == "error"


def test_docs_assets_come_from_the_installed_packages(testapp):
    assert "SwaggerUIBundle" in testapp.get("/docs/static/docs.js").text
    assert testapp.get("/docs/swagger-ui/swagger-ui-bundle.js").content_length > 100_000
    assert testapp.get("/docs/swagger-ui/swagger-ui.css").content_type == "text/css"


def test_docs_render_every_operation_in_headless_chromium(tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    with chromium(tmp_path) as driver, pserve("testing.ini") as (port, _):
        document = json.loads(get(port, "/openapi.json")[2])
        driver.get(f"http://127.0.0.1:{port}/docs")
        WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".opblock-summary-path"))
        shown = sorted(element.get_attribute("data-path") for element in driver.find_elements(By.CSS_SELECTOR, ".opblock-summary-path"))
        driver.save_screenshot(str(tmp_path / "docs.png"))
        errors = console_errors(driver)
    assert shown == sorted(path for path, operations in document["paths"].items() for _ in operations)  # a block each
    assert (tmp_path / "docs.png").stat().st_size > 10_000
    assert errors == []
