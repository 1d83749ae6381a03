"""Two tabs, one letter: the student sees both versions with the differences marked and combines
them by keyboard; nothing claims to be typing or saved while the choice is open (issue 12, item 5)."""
from __future__ import annotations

from types import SimpleNamespace

from playwright.sync_api import Page, expect

from .conftest import A11y
from .test_letters_journeys import SAVED, in_db, letter_box, sign_in, start_appeal, status, world  # noqa: F401


def test_a_conflict_is_resolved_by_combining_both_versions(page: Page, a11y: A11y, world: SimpleNamespace) -> None:
    sign_in(page, a11y, "maya.k", "Hello, Maya!")
    letter_id = start_appeal(page, a11y, world)
    url = page.url
    letter_box(page).fill("Please free Ana. She is brave.")
    expect(status(page)).to_have_text(SAVED)
    second = page.context.new_page()
    second.goto(url)
    a11y.check(second)
    letter_box(page).fill("Please free Ana. She is brave.\n\nThank you.")
    expect(status(page)).to_have_text(SAVED)

    letter_box(second).fill("Please free Ana now. She is brave.")
    heading = second.get_by_role("heading", name="This letter was changed somewhere else")
    expect(heading).to_be_focused()
    other = second.get_by_role("region", name="The other version (saved)")
    mine = second.get_by_role("region", name="Your version (not saved yet)")
    expect(other.locator("mark")).to_have_text(["Ana.", "Thank you."])
    expect(mine.locator("mark")).to_have_text(["Ana now."])
    a11y.check(second)
    # Typing while the choice is open saves nothing and says so.
    letter_box(second).press("End")
    letter_box(second).type("!")
    expect(status(second)).to_contain_text("Not saved")
    expect(status(second)).not_to_contain_text("Typing")
    letter_box(second).fill("Please free Ana now. She is brave.")
    assert in_db(letter_id).body == "Please free Ana. She is brave.\n\nThank you."

    # By keyboard: from the heading through both texts to the buttons.
    heading.focus()
    second.keyboard.press("Tab")
    expect(other).to_be_focused()
    for _ in range(4):
        second.keyboard.press("Tab")
        if second.evaluate("document.activeElement.textContent") == "Combine both":
            break
    expect(second.get_by_role("button", name="Combine both")).to_be_focused()
    second.keyboard.press("Enter")
    expect(second.locator("#live-conflict")).to_have_count(0)
    expect(status(second)).to_have_text(SAVED)
    combined = "Please free Ana. She is brave.\n\nThank you.\n\nPlease free Ana now. She is brave."
    expect(letter_box(second)).to_have_value(combined)
    expect(letter_box(second)).to_be_focused()
    a11y.check(second)
    assert in_db(letter_id).body == combined
    second.close()
