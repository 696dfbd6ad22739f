"""The pocket card: the five groups of signs and the key numbers, on one printed page."""

from __future__ import annotations

import re
import shutil
import subprocess
import threading

import pytest
from werkzeug.serving import make_server

from screening.content import load_content

from .pages import ROOT, allowed_phone_numbers, numbers_on

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.mark.parametrize("lang", ["en", "es"])
def test_card_has_every_group_and_the_key_numbers(get_page, lang):
    soup = get_page(f"/{lang}/card")
    content = load_content(ROOT / "config", lang)
    headings = [h.get_text(strip=True) for h in soup.select(".pocket-card__signs h3")]
    assert headings == [group.title for group in content.checklist.groups]
    assert len(headings) == 5
    numbers = numbers_on(soup)
    assert {"911", "8883737888", "233733", "8003923738"} <= numbers
    assert numbers <= allowed_phone_numbers()
    # The law-enforcement option is never the default call, so not on the card.
    assert "8663472423" not in numbers


@pytest.fixture(scope="module")
def live_url(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.mark.server
@pytest.mark.parametrize("lang", ["en", "es"])
def test_card_prints_on_one_letter_page(live_url, tmp_path, lang):
    pdf = tmp_path / "card.pdf"
    subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            f"{live_url}/{lang}/card",
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    data = pdf.read_bytes()
    pages = re.findall(rb"/Type\s*/Page(?!s)", data)
    assert len(pages) == 1
    # US letter is 612 x 792 points.
    assert re.search(rb"/MediaBox\s*\[\s*0\s+0\s+612\s+792\s*\]", data)
