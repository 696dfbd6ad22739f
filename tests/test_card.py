"""The pocket card: the five groups of signs and the key numbers, on one printed page."""

from __future__ import annotations

import pytest

from screening.content_loader import load_content

from .pages import ROOT, allowed_phone_numbers, numbers_on


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
