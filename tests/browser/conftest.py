"""Fixtures for the real-browser tests: Debian's Chromium, the production server, a phone.

The app under test is the production server, started as ``make serve``
starts it (gunicorn with ``screening.gunicorn_conf``), on a free loopback
port. Its quick-exit destination is a neutral HTTPS page on another loopback
port, since these machines reach no other site.

Under CI (``CI=true``) a missing Chromium fails the run: a browser suite
that silently skips proves nothing. On a developer's machine it skips, with
the command that installs it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Request

from ..ci import in_ci
from ..live_server import Server, serve
from ..page_list import PageState
from .tools import AXE, AXE_TAGS, CHROMIUM, CHROMIUM_FLAGS, neutral_site

#: The phone profile: a 390 x 844 CSS px touch screen.
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict:
    """Launch Debian's Chromium (never a downloaded one) with the closed-network flags."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: run `make test`, which installs Debian's chromium"
        if in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return {"executable_path": str(CHROMIUM), "headless": True, "args": CHROMIUM_FLAGS}


@pytest.fixture(scope="session")
def exit_site() -> Iterator[str]:
    """The quick exit's destination: a plain HTTPS page on loopback."""
    with neutral_site() as url:
        yield url


@pytest.fixture(scope="session")
def live_server(exit_site: str) -> Iterator[Server]:
    """The production server, as ``make serve`` runs it, exiting to :func:`exit_site`."""
    with serve(env={"FLASK_EXIT_URL": exit_site}) as server:
        yield server


class Recorder:
    """Every request a browser context makes, in order."""

    def __init__(self) -> None:
        self.requests: list[Request] = []

    def __call__(self, request: Request) -> None:
        self.requests.append(request)

    @property
    def urls(self) -> list[str]:
        """The addresses requested, in order."""
        return [request.url for request in self.requests]

    def foreign(self, origin: str, allowed: tuple[str, ...] = ()) -> list[str]:
        """Requests that went anywhere but ``origin`` (or an ``allowed`` prefix)."""
        return [
            url
            for url in self.urls
            if not url.startswith(origin + "/")
            and not url.startswith("data:")
            and not url.startswith(allowed or ("\0",))
        ]


@pytest.fixture
def new_phone(
    browser: Browser, live_server: Server
) -> Iterator[Callable[..., tuple[Page, Recorder]]]:
    """Open a page in a fresh phone context; return it and its request recorder.

    ``javascript=False`` turns scripts off; other keywords go to the context.
    """
    contexts: list[BrowserContext] = []

    def open_phone(javascript: bool = True, **options) -> tuple[Page, Recorder]:
        settings = {**PHONE, **options}
        context = browser.new_context(
            base_url=live_server.base_url,
            java_script_enabled=javascript,
            ignore_https_errors=True,  # only the stand-in exit site is self-signed
            **settings,
        )
        # Fail in seconds, not half a minute, when something never appears.
        context.set_default_timeout(10_000)
        contexts.append(context)
        recorder = Recorder()
        context.on("request", recorder)
        return context.new_page(), recorder

    yield open_phone
    for context in contexts:
        context.close()


def open_state(
    page: Page, state: PageState, before_submit: Callable[[], None] = lambda: None
) -> int:
    """Bring ``page`` to ``state`` as a user would; return the final response's status.

    POST states submit the page's own form (its token included) with the
    state's fields, built in the page so that the browser sends it itself.
    ``before_submit`` runs once the form's page is loaded.
    """
    response = page.goto(state.path)
    if state.post is None:
        return response.status
    before_submit()
    with page.expect_navigation() as navigation:
        page.evaluate(
            """([target, fields]) => {
                const form = document.createElement("form");
                form.method = "post";
                form.action = target;
                const token = document.querySelector("input[name=csrf_token]");
                const all = token ? [...fields, ["csrf_token", token.value]] : fields;
                for (const [name, value] of all) {
                    const input = document.createElement("input");
                    input.type = "hidden";
                    input.name = name;
                    input.value = value;
                    form.append(input);
                }
                document.body.append(form);
                form.submit();
            }""",
            [state.target, [list(pair) for pair in state.post]],
        )
    return navigation.value.status


@cache
def axe_source() -> str:
    """The pinned axe-core, read once."""
    return AXE.read_text()


def axe_violations(page: Page) -> list[dict]:
    """Run axe-core in the page (injected by evaluate, which the CSP allows)."""
    page.evaluate(axe_source())
    return page.evaluate(
        """(tags) => axe.run(document, {runOnly: {type: "tag", values: tags}})
            .then(result => result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.map(n => n.target.join(" ")).slice(0, 5),
            })))""",
        AXE_TAGS,
    )
