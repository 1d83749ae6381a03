"""Child-safety checks on letters: personal details, insults, threats and the one-page limit."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from classroom.datafiles import data_path
from classroom.letters.safety import KINDS, check_letter
from classroom.letters.safety.findings import Flag
from classroom.letters.safety.pagefit import layout, page_fraction, word_count

POSITIVE = [
    # phone numbers: US
    pytest.param("phone", "Call me on (555) 123-4567 after school.", "(555) 123-4567", id="phone-us-parens"),
    pytest.param("phone", "My number is 555-123-4567.", "555-123-4567", id="phone-us-dashes"),
    pytest.param("phone", "Text 555.123.4567 please", "555.123.4567", id="phone-us-dots"),
    pytest.param("phone", "Ring +1 555 123 4567 any time", "+1 555 123 4567", id="phone-us-plus1"),
    # phone numbers: UK
    pytest.param("phone", "my mobile is 07700 900123", "07700 900123", id="phone-uk-mobile"),
    pytest.param("phone", "or +44 7700 900123.", "+44 7700 900123", id="phone-uk-plus44"),
    pytest.param("phone", "Home: 020 7946 0958", "020 7946 0958", id="phone-uk-london"),
    pytest.param("phone", "Home: (020) 7946 0958", "(020) 7946 0958", id="phone-uk-parens"),
    # phone numbers: international
    pytest.param("phone", "Appelez le +33 1 23 45 67 89", "+33 1 23 45 67 89", id="phone-france"),
    pytest.param("phone", "Ruf an: +49 30 1234567", "+49 30 1234567", id="phone-germany"),
    pytest.param("phone", "Call +91 98765 43210 today", "+91 98765 43210", id="phone-india"),
    pytest.param("phone", "Call +61 2 9876 5432 today", "+61 2 9876 5432", id="phone-australia"),
    # email
    pytest.param("email", "email me at maya.k@gmail.com", "maya.k@gmail.com", id="email"),
    pytest.param("email", "write to maya at gmail dot com", "maya at gmail dot com", id="email-spoken"),
    pytest.param("email", "it is maya(at)school(dot)org", "maya(at)school(dot)org", id="email-brackets"),
    # street addresses: US
    pytest.param("address", "I am at 123 Main Street most days", "123 Main Street", id="address-us-street"),
    pytest.param("address", "Visit 42 Oak Ave, Apt 5 soon", "42 Oak Ave, Apt 5", id="address-us-apt"),
    pytest.param("address", "not 1600 Pennsylvania Avenue NW!", "1600 Pennsylvania Avenue NW",
                 id="address-us-nw"),
    pytest.param("address", "in Springfield, IL 62704 there", "Springfield, IL 62704", id="address-us-zip"),
    # street addresses: UK
    pytest.param("address", "I wrote from 10 Downing Street", "10 Downing Street", id="address-uk-street"),
    pytest.param("address", "Flat 3, 22 Baker Street is ours", "Flat 3, 22 Baker Street",
                 id="address-uk-flat"),
    pytest.param("address", "postcode SW1A 2AA", "SW1A 2AA", id="postcode-sw1a"),
    pytest.param("address", "postcode M1 1AE", "M1 1AE", id="postcode-m1"),
    pytest.param("address", "postcode RV1 2AB", "RV1 2AB", id="postcode-rv1"),
    # street addresses: international
    pytest.param("address", "Vivo en Calle Mayor 5 con mi madre", "Calle Mayor 5", id="address-spain"),
    pytest.param("address", "J'habite Rue de Rivoli 12", "Rue de Rivoli 12", id="address-france"),
    pytest.param("address", "Ich wohne in der Hauptstraße 5", "Hauptstraße 5", id="address-germany"),
    pytest.param("address", "Mieszkam ul. Marszałkowska 10", "ul. Marszałkowska 10", id="address-poland"),
    # "I live at ..."
    pytest.param("address", "I live on Maple Street and I like it.", "I live on Maple Street", id="live-on"),
    pytest.param("address", "I live at 42 Oak Ave, Apt 5. Bye", "I live at 42 Oak Ave, Apt 5", id="live-at"),
    # social handles
    pytest.param("handle", "Say hi to @maya_k please", "@maya_k", id="handle-at"),
    pytest.param("handle", "see instagram.com/maya_k.", "instagram.com/maya_k", id="handle-link"),
    pytest.param("handle", "my TikTok is maya.dances.", "my TikTok is maya.dances", id="handle-tiktok"),
    pytest.param("handle", "add me on snapchat: maya_k", "add me on snapchat: maya_k", id="handle-snapchat"),
    pytest.param("handle", "my discord is maya#1234", "my discord is maya#1234", id="handle-discord"),
    # insults
    pytest.param("insult", "You are stupid.", "stupid", id="insult-stupid"),
    pytest.param("insult", "You are a stuuupid person", "stuuupid", id="insult-stretched"),
    pytest.param("insult", "What a 1d10t.", "1d10t", id="insult-leetspeak"),
    pytest.param("insult", "Liars! All of you.", "Liars", id="insult-plural"),
    pytest.param("insult", "Just SHUT UP and listen", "SHUT UP", id="insult-phrase"),
    # threats aimed at the reader
    pytest.param("threat", "You will pay for this.", "You will pay", id="threat-pay"),
    pytest.param("threat", "You'll pay for this.", "You'll pay", id="threat-short-form"),
    pytest.param("threat", "If not, I will hurt you.", "I will hurt you", id="threat-hurt"),
    pytest.param("threat", "I want to kill you", "I want to kill you", id="threat-kill"),
    pytest.param("threat", "We will find you.", "We will find you", id="threat-find"),
    pytest.param("threat", "Let them go, or else!", "or else", id="threat-or-else"),
    pytest.param("threat", "Watch out, minister.", "Watch out", id="threat-watch-out"),
    pytest.param("threat", "We're going to burn your office", "We're going to burn your", id="threat-burn"),
    pytest.param("threat", "I hope somebody k1lls you", "k1lls you", id="threat-leetspeak"),
]

NEGATIVE = [
    pytest.param("Since 2020, we have written every year.", id="year"),
    pytest.param("On 14 July 2020 she was released.", id="date-words"),
    pytest.param("On 2020-07-14 she was released.", id="date-iso"),
    pytest.param("On 14/07/2020 she was released.", id="date-slashes"),
    pytest.param("Their hearing is on 05.08.2020 at 10:30.", id="date-dots"),
    pytest.param("I am writing about UA 59.20 and UA 116.20.", id="ua-number"),
    pytest.param("This follows UA 229/10.", id="ua-number-old"),
    pytest.param("Kelly, a 23-year-old transgender woman, fled at 12.", id="age"),
    pytest.param("Police arrested 19 activists; 10 of them remain in detention.", id="counts"),
    pytest.param("He was sentenced to 4 and a half years.", id="sentence"),
    pytest.param("Article 9 and Article 19 of the UDHR protect us.", id="articles"),
    pytest.param("We are 25 students in class 6B; we meet at 9.30 in Room 12.", id="short-numbers"),
    pytest.param("We will keep writing until she is free. Please find them.", id="we-will-keep-writing"),
    pytest.param("He was beaten up by police and they might kill him.", id="harm-to-others"),
    pytest.param("More than 1,000,000 people and 10 000 students signed.", id="big-numbers"),
    pytest.param("He was sent to house arrest in Santiago de Cuba.", id="santiago-de-cuba"),
    pytest.param("He was arrested in Duhok, Kurdistan Region of Iraq.", id="duhok"),
    pytest.param("He went missing in the Province of Buenos Aires.", id="buenos-aires"),
    pytest.param("500 people marched down the street for him.", id="people-street"),
    pytest.param("In 2019 Federal Court judges met on 25 June Military Court day.", id="court"),
    pytest.param("We sent 30 via Royal Mail.", id="via-royal-mail"),
    pytest.param("I live on a farm and I live at home.", id="live-on-a-farm"),
    pytest.param("I saw this case on Instagram. Follow Amnesty on Twitter. #FreeThemAll",
                 id="social-no-handle"),
    pytest.param("I am worried about the risk of torture.", id="torture"),
    pytest.param("Please stop the violence against women.", id="violence"),
    pytest.param("He was killed and they burned homes.", id="killed"),
    pytest.param("I hope you will pay attention to this case.", id="pay-attention"),
    pytest.param("Please release him, or else his health may get worse.", id="or-else-polite"),
    pytest.param("Scientists test medicines on guinea pigs.", id="guinea-pig"),
    pytest.param("The prisoners of conscience had unfair trials on trumped-up charges.", id="case-words"),
    pytest.param("Drive on the A55 road to the class.", id="road-number"),
    pytest.param("Thank you. Are dead ends all we get?", id="across-sentences"),
]


def _single_flag(text: str, **options: object) -> Flag:
    """The one flag a text raises (fails when there are none or several kinds)."""
    flags = check_letter(text, **options)  # type: ignore[arg-type]
    assert len(flags) == 1, flags
    return flags[0]


@pytest.mark.parametrize(("kind", "text", "expected"), POSITIVE)
def test_personal_details_and_rude_words_are_flagged(kind: str, text: str, expected: str) -> None:
    flag = _single_flag(text)
    assert flag.kind == kind
    assert flag.matches == (expected,)
    [(start, end)] = flag.spans
    assert text[start:end] == expected


@pytest.mark.parametrize("text", NEGATIVE)
def test_case_facts_and_polite_words_are_not_flagged(text: str) -> None:
    assert check_letter(text) == []


POLITE_LETTER = """Dear Minister,

My name is Maya and I am 11 years old. I am writing about Urgent Action UA 122.20, which follows UA 229/10.

On 19 July 2020, Palestinian forces arrested 19 anti-corruption activists during a peaceful protest in Ramallah. While 3 were released, 10 remain in detention and are on hunger strike. Their next court hearing is on 5 August 2020 (05/08/2020).

I also read that Kelly, a 23-year-old woman, was released on 14 July 2020, that a man was sent to house arrest in Santiago de Cuba after 4 and a half years, and that a teacher was arrested in Duhok on 2020-05-16. In the Province of Buenos Aires, more than 500 people marched for a missing student.

Article 19 of the Universal Declaration of Human Rights protects peaceful protest. I am worried about the risk of torture. Please release the activists immediately and drop all charges.

Thank you for reading my letter.

Yours sincerely,
Maya"""


def test_realistic_polite_letter_raises_no_flags() -> None:
    for page_size in ("A4", "Letter"):
        assert check_letter(POLITE_LETTER, hidden_surnames=["Fernández"], page_size=page_size) == []


def test_every_match_is_the_text_at_its_span() -> None:
    text = "Call 555-123-4567 or 020 7946 0958, you idiot, you stupid pig."
    flags = check_letter(text)
    assert [(f.kind, f.matches) for f in flags] == [
        ("phone", ("555-123-4567", "020 7946 0958")), ("insult", ("idiot", "stupid", "pig"))]
    for flag in flags:
        assert tuple(text[a:b] for a, b in flag.spans) == flag.matches


def test_flags_come_in_the_documented_order_of_kinds() -> None:
    text = ("You will pay, you idiot. Add me on discord: maya#1234. I live at 5 Elm Road. "
            "Mail maya@example.org or call 555-123-4567. Love, Maya Fernandez")
    flags = check_letter(text, hidden_surnames=["Fernandez"])
    assert [f.kind for f in flags] == ["phone", "email", "address", "handle", "surname", "insult", "threat"]
    assert [f.kind for f in flags] == [k for k in KINDS if k in {f.kind for f in flags}]


def test_an_email_address_is_not_also_a_handle() -> None:
    flags = check_letter("Find me at @maya or maya_k@gmail.com")
    assert [(f.kind, f.matches) for f in flags] == [("email", ("maya_k@gmail.com",)), ("handle", ("@maya",))]
    assert [f.kind for f in check_letter("email me at maya_k@gmail.com")] == ["email"]


def test_surname_is_flagged_only_when_the_signature_rule_hides_it() -> None:
    text = "Thank you for reading.\nMaya Fernandez"
    flag = _single_flag(text, hidden_surnames=["Fernández"])
    assert (flag.kind, flag.matches) == ("surname", ("Fernandez",))
    assert check_letter(text) == []
    assert check_letter(text, hidden_surnames=[]) == []


def test_surname_matching_ignores_case_and_accents_but_needs_whole_words() -> None:
    text = "MAYA FERNÁNDEZ, Fernandez's friend, met Fernandezes and Ana de la Cruz"
    flag = _single_flag(text, hidden_surnames=["Fernandez", "De la Cruz", "", "x"])
    assert flag.matches == ("FERNÁNDEZ", "Fernandez", "de la Cruz")


def test_page_fraction_grows_with_the_text() -> None:
    paragraph = "Please release the activists and drop all the charges against them. " * 3
    fractions = [page_fraction("\n\n".join([paragraph] * n)) for n in range(1, 6)]
    assert fractions == sorted(fractions) and fractions[0] < fractions[-1]
    assert 0 < fractions[0] < 0.5
    assert page_fraction("") == 0


@pytest.mark.parametrize("page_size", ["A4", "Letter"])
def test_length_flag_appears_past_one_page(page_size: str) -> None:
    sentence = "Please release the activists and drop all the charges against them. "
    short = "\n\n".join([sentence * 4] * 3)       # about 130 words
    long = "\n\n".join([sentence * 4] * 8)        # about 350 words
    assert page_fraction(short, page_size=page_size) < 1.0
    assert check_letter(short, page_size=page_size) == []
    assert page_fraction(long, page_size=page_size) > 1.0
    flag = _single_flag(long, page_size=page_size)
    assert flag.kind == "length" and flag.matches == () and flag.spans == ()
    words = int(re.search(r"about (\d+) words too long for one page", flag.message).group(1))
    assert words % 5 == 0 and 0 < words < word_count(long)


def test_solidarity_card_holds_about_120_words() -> None:
    words = ("Dear Kelly, our class is thinking of you. We hope you stay strong and know that "
             "people around the world care about you and your freedom.").split()
    card = lambda n: " ".join((words * 20)[:n])  # noqa: E731
    assert page_fraction(card(100), kind="solidarity") < 1.0
    assert check_letter(card(100), kind="solidarity") == []
    flag = _single_flag(card(160), kind="solidarity")
    assert flag.kind == "length" and "too long for the card" in flag.message
    assert page_fraction(card(100), kind="solidarity") > page_fraction(card(100), kind="appeal")


def test_layout_gives_the_numbers_the_editor_counts_with() -> None:
    for page_size in ("A4", "Letter"):
        per_line, lines = layout("appeal", page_size)
        card_per_line, card_lines = layout("solidarity", page_size)
        assert 70 < per_line < 100 and 20 < lines < 30
        assert card_per_line < per_line and card_lines < lines
        assert page_fraction("x" * per_line, page_size=page_size) == pytest.approx(1 / lines)
        assert page_fraction("x" * (per_line + 1), page_size=page_size) == pytest.approx(2 / lines)
        assert page_fraction("a b\n\nc", page_size=page_size) == pytest.approx(2.5 / lines)


def test_unknown_kind_or_page_size_is_refused() -> None:
    with pytest.raises(ValueError):
        page_fraction("Hello", kind="postcard")
    with pytest.raises(ValueError):
        check_letter("Hello", page_size="A5")


def test_word_count_counts_words_not_punctuation() -> None:
    assert word_count("") == 0
    assert word_count("Dear Minister, — I am a 23-year-old student!\n\nThanks.") == 8


WORDLISTS = sorted(data_path("wordlists").glob("*.txt"))


def test_the_word_lists_exist() -> None:
    names = {p.name for p in WORDLISTS}
    assert {"insults.txt", "threats.txt"} <= names


@pytest.mark.parametrize("path", WORDLISTS, ids=lambda p: p.name)
def test_word_lists_are_documented_lower_case_and_trimmed(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines and lines[0].startswith("# "), "each list starts with a comment header on how to edit it"
    entries = [line for line in lines if line.strip() and not line.startswith("#")]
    assert entries
    for line in entries:
        assert line == line.strip() and line == line.lower(), f"{path.name}: {line!r}"
        assert line.count("(") == line.count(")")
    assert len(entries) == len(set(entries)), f"{path.name} has duplicate lines"
