"""The pocket card: the signs, when to call whom, and a QR code of the checklist's address."""

from __future__ import annotations

import pytest
from babel.dates import format_date
from bs4 import Tag

from screening.app_data import app_data
from screening.facts import digits
from screening.next_steps import OPTION, STEP_RULES
from screening.pocket_card import CONDITIONS, qr_svg

from .page_list import open_state, page_states
from .pages import ClientRequest, channel_note, numbers_on, parse

#: The next steps' rules the card shows: all but the law-enforcement option.
CARD_RULES = [(step_id, when) for step_id, when in STEP_RULES if when != OPTION]

FORWARDED = {
    "X-Forwarded-Proto": "https",
    "X-Forwarded-Host": "intranet.example",
    "X-Forwarded-Prefix": "/screening",
}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_card_has_every_group_and_the_key_numbers(app, client_request, lang):
    soup = client_request.get(f"/{lang}/card")
    content = app_data(app).content[lang]
    headings = [h.get_text(strip=True) for h in soup.select(".pocket-card__signs h3")]
    assert headings == [group.title for group in content.checklist.groups]
    assert headings
    # The numbers are the card steps' own (911 also heads the card): no other.
    numbers = numbers_on(soup)
    assert numbers == _numbers_of(content, [step_id for step_id, _ in CARD_RULES])
    # The law-enforcement option is never the default call, so not on the card.
    assert not numbers & _numbers_of(content, ["law-enforcement"])


def _numbers_of(content, step_ids: list[str]) -> set[str]:
    """The numbers to call or text that these next steps give, as digits."""
    return {
        digits(channel.value)
        for step_id in step_ids
        for resource in content.steps[step_id].resources
        for channel in resource.channels
        if not channel.is_web
    }


@pytest.mark.parametrize("lang", ["en", "es"])
def test_each_call_on_the_card_says_when_to_make_it(app, client_request, lang):
    soup = client_request.get(f"/{lang}/card")
    content = app_data(app).content[lang]
    steps = soup.select(".pocket-card__numbers h3")
    conditions = [h.select_one(".pocket-card__when").get_text(strip=True) for h in steps]
    titles = [
        h.get_text(" ", strip=True).removeprefix(c).strip()
        for h, c in zip(steps, conditions, strict=True)
    ]
    # The calls and their conditions are next_steps' rules, in its order.
    assert titles == [content.steps[step_id].title for step_id, _ in CARD_RULES]
    with app.test_request_context(f"/{lang}/card"):
        app.preprocess_request()
        assert conditions == [f"{CONDITIONS[when]}:" for _, when in CARD_RULES]
    # Each condition is its own words, not blank and not repeated.
    assert all(len(c) > 10 for c in conditions)
    assert len(set(conditions)) == len(conditions)


@pytest.mark.parametrize(
    ("lang", "step_id", "words"),
    [
        ("en", "report-child", "mandated reporter"),
        ("es", "report-child", "obliga a reportar"),
        ("en", "their-wishes", "only if they agree"),
        ("es", "their-wishes", "solo si ella está de acuerdo"),
    ],
)
def test_the_card_keeps_the_line_each_step_needs(app, client_request, lang, step_id, words):
    # The child report comes with the reporter's duty; with an adult and no
    # danger, the person's own say over what is shared.
    soup = client_request.get(f"/{lang}/card")
    title = app_data(app).content[lang].steps[step_id].title
    heading = next(h for h in soup.select(".pocket-card__numbers h3") if title in h.get_text())
    line = heading.find_next_sibling("p")
    assert words in line.get_text()
    assert heading.find_next_sibling("h3") is not None  # before the next step, not at the end


def test_every_page_links_to_the_card_in_its_navigation(app, client_request):
    for state in page_states(app):
        if state.post is not None:
            continue
        soup = client_request.get(state.path, status=state.status)
        links = [a["href"] for a in soup.select(".site-footer nav a")]
        lang = soup.html["lang"]
        expected = "/card" if lang == "en" else f"/{lang}/card"
        assert expected in links, f"{state.name}: no link to the card in {links}"


def is_qr_code_of(svg: Tag, address: str) -> bool:
    """True if ``svg`` is the QR code of ``address`` as the card draws it (segno encodes it)."""
    return svg == parse(qr_svg(address)).svg


def test_a_qr_code_of_another_address_is_told_apart():
    # Not vacuous: the codes of two addresses a card may carry differ.
    code = parse(qr_svg("http://localhost/check")).svg
    assert is_qr_code_of(code, "http://localhost/check")
    assert not is_qr_code_of(code, "http://localhost/es/check")


@pytest.mark.parametrize(
    ("path", "address"),
    [("/card", "http://localhost/check"), ("/es/card", "http://localhost/es/check")],
)
def test_the_qr_code_opens_the_checklist_in_the_cards_language(client_request, path, address):
    soup = client_request.get(path)
    qr = soup.select_one(".pocket-card__qr")
    assert address in qr.get_text(" ")
    assert is_qr_code_of(qr.select_one("svg"), address)


def test_behind_a_proxy_the_qr_code_holds_the_deployments_own_address(app_with):
    app = app_with(TRUSTED_PROXIES=1, TRUSTED_HOSTS=["intranet.example"])
    soup = ClientRequest(app.test_client()).get("/es/card", headers=FORWARDED)
    qr = soup.select_one(".pocket-card__qr")
    address = "https://intranet.example/screening/es/check"
    assert address in qr.get_text(" ")
    assert is_qr_code_of(qr.select_one("svg"), address)


def test_without_a_trusted_proxy_forwarded_headers_do_not_reach_the_qr_code(client_request):
    soup = client_request.get("/card", headers=FORWARDED)
    assert is_qr_code_of(soup.select_one(".pocket-card__qr svg"), "http://localhost/check")
    assert "intranet.example" not in soup.select_one(".pocket-card__qr").get_text()


def test_the_qr_code_obeys_the_content_security_policy(client_request):
    # The CSP has no 'unsafe-inline' for styles: a style attribute would be
    # dropped by the browser and could leave the code undrawn.
    svg = client_request.get("/card").select_one(".pocket-card__qr svg")
    assert svg.get("style") is None
    assert not svg.select("[style], style, script")
    # Decorative for screen readers: the address is written out beside it.
    assert svg["aria-hidden"] == "true"


def test_an_address_too_long_for_a_qr_code_leaves_the_code_out(app_with):
    # No QR code holds more than about 2,300 characters of an address, and a
    # trusted proxy's path prefix can be longer (a host name cannot: the app
    # refuses one over 253). The card is still printed, with the address
    # written out for anyone to type.
    app = app_with(TRUSTED_PROXIES=1)
    headers = {"X-Forwarded-Prefix": "/" + "p" * 2500}
    soup = ClientRequest(app.test_client()).get("/card", headers=headers)
    qr = soup.select_one(".pocket-card__qr")
    assert qr.select("svg") == []
    address = qr.select_one(".pocket-card__address").get_text()
    assert address.endswith("/check") and len(address) > 2400
    assert "Scan" not in qr.get_text()


def test_wherever_a_channel_with_a_caveat_is_shown_its_caveat_and_date_go_with_it(
    app, client_request
):
    # The text code 233733 has not been confirmed again since the hotline
    # changed operator: every page that gives it (the printed card and a
    # practice debrief as well as the resources) says so, with its date.
    pages_with_one = set()
    for state in page_states(app):
        page = parse(open_state(client_request, state).data)
        text = " ".join(page.get_text(" ").split())
        links = {" ".join(a.get_text().split()): a for a in page.select("a")}
        language = page.html["lang"]
        for resource in app_data(app).content[language].resources.values():
            for channel in resource.channels:
                if not channel.caveat or channel.label not in text:
                    continue
                pages_with_one.add(state.path)
                date = format_date(channel.confirmed, "long", locale=language)
                if channel.label in links:
                    # A link: its note follows it, or heads the list it shares with others.
                    note = channel_note(links[channel.label])
                    assert note is not None, (state.name, channel.label)
                    note_text = " ".join(note.get_text().split())
                    assert date in note_text and channel.caveat in note_text, state.name
                    continue
                # Plain text (a debrief's line): the note in brackets right after it.
                for after in text.split(channel.label)[1:]:
                    assert date in after[:120] and channel.caveat in after[:250], state.name
    assert {"/card", "/es/card", "/resources", "/es/resources"} <= pages_with_one
    assert any(path.startswith("/training/") for path in pages_with_one)  # the debrief
