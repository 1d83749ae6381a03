"""Child-safety checks run when a student submits a letter.

They FLAG; the teacher decides. Each check is a pure function of the letter text and of
the human-edited lists in ``data/wordlists/`` (each list explains in its header how to
edit it). Flags come back in a fixed order of kinds, each with the exact text matched and
its character offsets, so the student and the teacher see the same highlighted passages.
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import product

from ..datafiles import word_list
from ..paper import DEFAULT_PAGE_SIZE, PAPERS, check_page_size
from .kinds import PAPER_KINDS

KINDS = ("phone", "email", "address", "handle", "surname", "insult", "threat", "length")

MESSAGES = {
    "phone": "This looks like a phone number. Letters never include phone numbers.",
    "email": "This looks like an email address. Letters never include email addresses.",
    "address": "This looks like a home address. Letters are sent from the school's address, "
               "so leave yours out.",
    "handle": "This looks like a social media or game account. Letters never include account names.",
    "surname": "This looks like a last name. Your class signs letters without last names, "
               "so please take it out.",
    "insult": "These words could sound rude to the reader. Polite letters work best, "
              "so try saying how you feel instead.",
    "threat": "This could sound like a threat. Letters must never threaten anyone, "
              "so please take it out.",
}

Span = tuple[int, int]


@dataclass(frozen=True)
class Flag:
    """One kind of problem found in a letter, with every place it was found."""

    kind: str
    message: str
    matches: tuple[str, ...]
    spans: tuple[Span, ...]


# --- words: folding, short forms and spelling tricks -------------------------------------

_TOKEN = re.compile(r"[\w$@]+(?:['’][\w$@]+)*")
_LETTER = re.compile(r"[^\W\d_]")
_STRETCH = re.compile(r"([^\W\d_])\1\1")
_GAP = re.compile(r"[\s\-‐–—]*")
_LEET = str.maketrans("03457890@$", "oeastbgoas")
_UNDECOMPOSED = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ı": "i", "æ": "ae", "œ": "oe", "’": "'"})


def fold(text: str) -> str:
    """Lower-case text without accents, for accent- and case-insensitive comparison."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_UNDECOMPOSED)


def _adjacent(text: str, end: int, start: int) -> bool:
    """True when only spaces or hyphens lie between two words (or they share one token)."""
    return start <= end or bool(_GAP.fullmatch(text, end, start))


def _squeeze(word: str) -> str:
    """The word with every run of one repeated letter cut to a single letter."""
    return re.sub(r"(.)\1+", r"\1", word)


@dataclass(frozen=True)
class _Word:
    """A word of the letter as list phrases see it; a short form yields several."""

    forms: frozenset[str]
    squeezed: frozenset[str]
    start: int
    end: int


@cache
def _contractions() -> dict[str, tuple[str, ...]]:
    """Short forms and their long forms, from ``contractions.txt``."""
    rules = (line.split("=", 1) for line in word_list("wordlists/contractions.txt"))
    return {fold(short.strip()): tuple(fold(long).split()) for short, long in rules}


def _spellings(norm: str) -> frozenset[str]:
    """The folded word, plus its letters-for-numbers reading when it mixes both ("1d10t").

    At least two real letters are needed, so road names such as "A55" stay as they are.
    """
    if len(_LETTER.findall(norm)) < 2 or not re.search(r"[\d$@]", norm):
        return frozenset({norm})
    base = norm.translate(_LEET)
    return frozenset({norm, base.replace("1", "i"), base.replace("1", "l")})


def _words(text: str) -> list[_Word]:
    """The letter's words with short forms expanded, ready for phrase matching."""
    words: list[_Word] = []
    for match in _TOKEN.finditer(text):
        norm = fold(match.group())
        for part in _contractions().get(norm, (norm,)):
            forms = _spellings(part)
            stretched = any(_STRETCH.search(f) for f in forms)
            squeezed = frozenset(_squeeze(f) for f in forms) if stretched else frozenset()
            words.append(_Word(forms, squeezed, match.start(), match.end()))
    return words


def _expand(line: str) -> list[tuple[str, ...]]:
    """Every phrase a list line stands for: "(i|we) will hurt" gives two phrases."""
    choices: list[list[tuple[str, ...]]] = []
    for group, word in re.findall(r"\(([^()]*)\)|([^\s()]+)", line):
        alternatives = group.split("|") if group else [word]
        choices.append([_phrase_words(alt) for alt in alternatives])
    return [tuple(w for part in combo for w in part) for combo in product(*choices)]


def _phrase_words(phrase: str) -> tuple[str, ...]:
    """A list phrase's words, folded and with short forms written out."""
    rules = _contractions()
    return tuple(w for raw in fold(phrase).split() for w in rules.get(raw, (raw,)))


_Index = dict[str, tuple[tuple[str, ...], ...]]


def _index(phrases: Iterable[tuple[str, ...]]) -> _Index:
    """Phrases filed under their first word, and under its squeezed form for stretched spellings."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        for key in {phrase[0], _squeeze(phrase[0])}:
            index.setdefault(key, []).append(phrase)
    return {key: tuple(found) for key, found in index.items()}


@cache
def _lexicon(name: str) -> tuple[_Index, _Index]:
    """Phrases to flag and harmless phrases of ``data/wordlists/<name>.txt`` (cached)."""
    lines = sorted(word_list(f"wordlists/{name}.txt"))
    flagged = [p for line in lines if not line.startswith("!") for p in _expand(line)]
    harmless = [p for line in lines if line.startswith("!") for p in _expand(line[1:])]
    return _index(flagged), _index(harmless)


def _word_matches(listed: str, word: _Word) -> bool:
    """True when a letter word is the listed word, a plural of it, or a stretched spelling."""
    endings = ("", "s", "es") if len(listed) >= 3 else ("",)
    if any(listed + e in word.forms for e in endings):
        return True
    if not word.squeezed:
        return False
    squeezed = _squeeze(listed)
    return any(squeezed + e in word.squeezed for e in endings)


def _phrase_end(words: Sequence[_Word], text: str, i: int, phrase: tuple[str, ...]) -> int | None:
    """Index of the last letter word of ``phrase`` when it starts at word ``i``, else None."""
    if i + len(phrase) > len(words):
        return None
    for k, listed in enumerate(phrase):
        word = words[i + k]
        if not _word_matches(listed, word):
            return None
        if k and not _adjacent(text, words[i + k - 1].end, word.start):
            return None
    return i + len(phrase) - 1


def _candidates(word: _Word) -> set[str]:
    """Index keys under which phrases starting with this word may be filed."""
    keys = set(word.forms) | set(word.squeezed)
    keys |= {f[:-1] for f in keys if f.endswith("s")} | {f[:-2] for f in keys if f.endswith("es")}
    return keys


def _found(text: str, words: Sequence[_Word], index: _Index) -> list[Span]:
    """Spans of the indexed phrases found among the letter's words."""
    spans: list[Span] = []
    for i, word in enumerate(words):
        for key in _candidates(word):
            for phrase in index.get(key, ()):
                end = _phrase_end(words, text, i, phrase)
                if end is not None:
                    spans.append((word.start, words[end].end))
    return spans


def _phrase_spans(text: str, words: Sequence[_Word], name: str) -> list[Span]:
    """Spans of the phrases of word list ``name`` found in the text, minus harmless ones."""
    flagged, harmless = _lexicon(name)
    safe = _found(text, words, harmless)
    return [s for s in _found(text, words, flagged) if not any(a <= s[0] and s[1] <= b for a, b in safe)]


# --- phone numbers ----------------------------------------------------------------------

_PHONE_RUN = re.compile(
    r"(?<![\w/.,\-+])(?:\+[ \u00a0]?)?\(?\d(?:[\d()]|[ \t\u00a0.\-](?=[\d(]))*")


_MAX_PHONE_GROUPS = 7  # "+33 1 23 45 67 89" has six


def _is_phone(groups: Sequence[str], seps: Sequence[str], plus: bool) -> bool:
    """True when digit groups read as a phone number rather than a date, year or count."""
    digits = "".join(groups)
    sizes = [len(g) for g in groups]
    n = len(digits)
    if plus:
        return 8 <= n <= 15
    if digits.startswith("00"):
        return 10 <= n <= 17
    if n == 7:
        return sizes == [3, 4] and seps[0] in ("-", ".")
    if n == 10 and digits[0] in "23456789":
        return sizes in ([3, 3, 4], [3, 7], [10])
    if n in (10, 11) and digits[0] == "0":
        return sizes == [n] or 3 <= sizes[0] <= 5
    if n == 11 and digits[0] == "1":
        return sizes in ([1, 3, 3, 4], [11])
    return False


def _phone_spans(text: str) -> list[Span]:
    """Spans of phone numbers: US, UK and international (with + or 00) formats."""
    spans: list[Span] = []
    for run in _PHONE_RUN.finditer(text):
        if re.match(r"/\d", text[run.end():run.end() + 2]):
            continue  # a UA number such as 229/10 or a date such as 14/07/2020
        found = list(re.finditer(r"\d+", run.group()))
        digits = [m.group() for m in found]
        bounds = [(m.start() + run.start(), m.end() + run.start()) for m in found]
        seps = [text[a[1]:b[0]] for a, b in zip(bounds, bounds[1:])]
        i = 0
        while i < len(found):
            plus = i == 0 and run.group().startswith("+")
            for j in range(min(len(found), i + _MAX_PHONE_GROUPS) - 1, i - 1, -1):
                if _is_phone(digits[i:j + 1], seps[i:j], plus):
                    start = run.start() if plus else bounds[i][0]
                    if not plus and start > run.start() and text[start - 1] == "(":
                        start -= 1
                    spans.append((start, bounds[j][1]))
                    i = j
                    break
            i += 1
    return spans


# --- email addresses and social handles --------------------------------------------------

_EMAIL = re.compile(r"(?<![\w.+\-])[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)*\.[^\W\d_]{2,}\b")
_SPOKEN_EMAIL = re.compile(
    r"(?<![\w.+\-])[\w.+\-]+\s*(?:[(\[{]at[)\]}]|\bat\b)\s*[\w\-]+"
    r"(?:\s*(?:[(\[{]dot[)\]}]|\bdot\b)\s*[\w\-]+)+", re.IGNORECASE)
_AT_HANDLE = re.compile(r"(?<![\w@.+\-])@[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?")
_VALUE = r"@?[\w#\-]+(?:\.[\w#\-]+)*"
_ODD_VALUE = r"@?(?=[\w.#\-]*[\d_#])(?=[\w.#\-]*[^\W\d_])[\w#\-]+(?:\.[\w#\-]+)*"


def _alternation(name: str) -> str:
    """A regex alternation of the entries of a word list, longest first."""
    entries = sorted(word_list(f"wordlists/{name}.txt"), key=len, reverse=True)
    return "|".join(re.escape(e).replace(r"\ ", r"\s+") for e in entries)


@cache
def _handle_patterns() -> tuple[re.Pattern[str], ...]:
    """Patterns for account names given by phrasing or by profile link."""
    plat = rf"(?:{_alternation('social_platforms')})\b"
    said = r"\s*(?:is\s*:?|:|=)\s*"
    return tuple(re.compile(p, re.IGNORECASE) for p in (
        rf"\bmy\s+{plat}(?:\s+(?:user\s*name|name|handle|account|acc|id|tag|gamer\s*tag|code|page|channel))?"
        rf"{said}{_VALUE}",
        rf"\bmy\s+(?:user\s*name|gamer\s*tag|handle|screen\s*name|account\s+name){said}{_VALUE}",
        rf"\b(?:follow|add|find|friend|message|dm|text|subscribe\s+to|check\s+out)\s+"
        rf"(?:me|us|my\s+(?:account|channel|page))\s+(?:on|at)\s+{plat}"
        rf"(?:\s*(?::|\bat\b|\bas\b)\s*{_VALUE}|\s+@{_VALUE})?",
        rf"\b(?:i\s*'?m|i\s+am|we\s+are)\s+{_ODD_VALUE}\s+on\s+{plat}",
        rf"(?<![\w.@])(?:https?://)?(?:www\.|m\.)?(?:{_alternation('social_domains')})"
        rf"/[\w@.~%+\-]*[\w@~%+\-]",
    ))


def _email_spans(text: str) -> list[Span]:
    """Spans of email addresses, written normally or spoken ("maya at gmail dot com")."""
    return [m.span() for pattern in (_EMAIL, _SPOKEN_EMAIL) for m in pattern.finditer(text)]


def _handle_spans(text: str) -> list[Span]:
    """Spans of social media handles, profile links and "my TikTok is ..." phrasing."""
    spans = [m.span() for m in _AT_HANDLE.finditer(text) if _LETTER.search(m.group())]
    return spans + [m.span() for p in _handle_patterns() for m in p.finditer(text)]


# --- street addresses -------------------------------------------------------------------

_NAME = r"[^\W\d_][\w'’.\-]*"
_UNIT = r"(?:Flat|Apt\.?|Apartment|Unit|Suite|Ste\.?|\#)\s*\#?\s*\d+[A-Za-z]?"
_NUMBER = r"(?<![\w.,/])(?P<house>\d{1,5})[A-Za-z]?(?:[-–]\d{1,5})?"
_PARTICLE_WORDS = frozenset(
    "de del la las los des du di da do dos das della delle dei le les van von der den el al".split())
_PARTICLES = rf"(?:(?:{'|'.join(sorted(_PARTICLE_WORDS))})\s+)*"
_US_STATES = ("AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|"
              "NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR")
_POSTAL = re.compile(
    r"\b(?:[A-Z][a-z'’.\-]+\s){0,2}[A-Z][a-z'’.\-]+,\s*(?:" + _US_STATES + r")\s+\d{5}(?:-\d{4})?\b"
    r"|\b(?:" + _US_STATES + r")\s+\d{5}(?:-\d{4})?\b"          # state and ZIP
    r"|\b(?:[A-Z]{1,2}\d[A-Z\d]?|GIR)\s?\d[A-Z]{2}\b"           # UK postcode
    r"|\b[A-Z]\d[A-Z]\s?\d[A-Z]\d\b")                           # Canadian postal code
_PO_BOX = re.compile(r"\bP\.?\s?O\.?\s*Box\s+\d+", re.IGNORECASE)
_LIVE_AT = re.compile(
    r"\b(?:I|we)\s+live\s+(?:at|on)\s+|\b(?:my|our)\s+(?:home\s+|house\s+|street\s+)?address\s+is\s*:?\s*"
    r"|\bmy\s+(?:house|home|flat|apartment)\s+is\s+(?:at|on)\s+", re.IGNORECASE)
_CLAUSE_END = re.compile(
    r"\s*(?:[.!?;,:\n]|$)|\s+(?:and|but|so|because|with|near|where|which|in|since|for|who|it)\b",
    re.IGNORECASE)
_YEAR = re.compile(r"(?:19|20)\d\d")


@cache
def _street_patterns() -> tuple[re.Pattern[str], ...]:
    """Street addresses: English number-first, prefix-type (Calle, Rue, ul.) and one-word (…straße)."""
    types = _alternation("street_types")
    prefixes = _alternation("street_prefixes")
    suffixes = _alternation("street_suffixes")
    prefix = rf"(?P<type>{prefixes})(?:(?<=\.)\s*|\s+)"
    name = rf"(?P<name>{_PARTICLES}{_NAME}(?:\s+{_PARTICLES}{_NAME}){{0,3}})"
    return tuple(re.compile(p, re.IGNORECASE) for p in (
        rf"(?:{_UNIT},?\s+)?{_NUMBER},?\s+(?P<name>(?:{_NAME}\s+){{0,3}}(?:{_NAME}|\d{{1,3}}(?:st|nd|rd|th)))"
        rf"\s+(?:{types})\b(?:\.?\s+(?:NW|NE|SW|SE)\b)?(?:\.?,?\s+{_UNIT})?",
        # Italian puts the number after the name: "30 via Royal Mail" is English.
        rf"{_NUMBER},?\s+(?!via\b){prefix}{name}",
        rf"\b{prefix}{name}\s*,?\s*(?P<num>\d{{1,5}}[A-Za-z]?)\b(?![.,/]\d)",
        rf"(?<![\w])(?P<compound>[^\W\d_]{{2,}}(?:{suffixes}))(?:(?<=\.)|(?![^\W\d_]))\s*,?\s*"
        rf"(?P<num>\d{{1,4}}[A-Za-z]?)\b(?![.,/]\d)",
    ))


def _is_street(match: re.Match[str], text: str) -> bool:
    """True when a street match has a real-looking name: capitalised, not a date, not a year."""
    groups = match.groupdict()
    number, prefix = groups.get("num"), groups.get("type")
    if any(groups.get(g) and _YEAR.fullmatch(groups[g]) for g in ("num", "house")):
        return False  # "In 2019 Federal Court ...", "Plaza de Mayo 1977"
    if groups.get("compound"):
        return True  # "Hauptstraße 5": the ending is telling enough, in any case
    if number and prefix and prefix[0].islower() and not prefix.endswith("."):
        return False  # "via Google 5 times": a lower-case prefix needs the number first
    if number and "," in text[match.end("name"):match.start("num")] and re.match(
            r"\s+[a-z]", text[match.end():]):
        return False  # "Via Facebook, 200 people joined"
    named = [w for w in re.findall(r"[\w'’.\-]+", groups["name"]) if w.lower() not in _PARTICLE_WORDS]
    if not named or fold(named[0].rstrip(".")) in word_list("wordlists/address_stopwords.txt"):
        return False
    return all(w[0].isupper() or w[0].isdigit() for w in named)


def _address_spans(text: str) -> list[Span]:
    """Spans of street addresses, postcodes and "I live at ..." phrases."""
    stop = word_list("wordlists/address_stopwords.txt")
    spans = [m.span() for p in _street_patterns() for m in p.finditer(text) if _is_street(m, text)]
    spans += [m.span() for p in (_POSTAL, _PO_BOX) for m in p.finditer(text)]
    for m in _LIVE_AT.finditer(text):
        first = re.match(r"\s*([\w'’]+)", text[m.end():])
        if not first or fold(first.group(1)) in stop:
            continue  # "I live on a farm", "I live at home"
        end = _CLAUSE_END.search(text, m.end() + first.end())
        spans.append((m.start(), end.start() if end else len(text)))
    return spans


# --- surnames ---------------------------------------------------------------------------

def _surname_spans(text: str, surnames: Iterable[str]) -> list[Span]:
    """Spans where a hidden surname appears as whole words, ignoring case and accents."""
    tokens = []
    for m in _TOKEN.finditer(text):
        norm, end = fold(m.group()), m.end()
        if norm.endswith("'s"):  # "Fernández's dog": highlight the name only
            norm, end = norm[:-2], end - 2
        tokens.append((norm, m.start(), end))
    spans: list[Span] = []
    for surname in surnames:
        parts = [fold(p) for p in re.split(r"[\s\-‐]+", surname.strip()) if p]
        if not parts or len("".join(parts)) < 2:
            continue
        for i in range(len(tokens) - len(parts) + 1):
            window = tokens[i:i + len(parts)]
            if [t[0] for t in window] == parts and all(
                    _adjacent(text, a[2], b[1]) for a, b in zip(window, window[1:])):
                spans.append((window[0][1], window[-1][2]))
    return spans


# --- length -----------------------------------------------------------------------------

# Keep in step with the print templates. Widths are of an average character of running
# serif text (0.45 em); lines are 1.4 times the type size.
_LETTER_PT, _CARD_PT = 12.0, 13.0  # cards use slightly larger type
PARAGRAPH_GAP = 0.5               # space between paragraphs, in lines
_APPEAL_MARGIN_MM = 25.0
_APPEAL_BODY_SHARE = 0.6           # sender, date, recipient, salutation and signature take ~40%
_CARD_MARGIN_MM = 10.0             # a solidarity card is a quarter sheet (A6 from A4): ~120 words
_CARD_RESERVED_LINES = 2           # greeting and signature


def layout(kind: str, page_size: str) -> tuple[int, float]:
    """Characters per line and lines available for the body of this kind of letter.

    The editor's live count (static/js/editor.js) wraps text with the same numbers.
    """
    if kind not in PAPER_KINDS:  # the page limit is about paper
        raise ValueError(f"unknown letter kind {kind!r}; expected one of {PAPER_KINDS}")
    paper = PAPERS[check_page_size(page_size)]
    width, height = paper.width_mm, paper.height_mm
    if kind == "appeal":
        font_mm = _LETTER_PT * 25.4 / 72
        usable_w, usable_h = width - 2 * _APPEAL_MARGIN_MM, height - 2 * _APPEAL_MARGIN_MM
        return int(usable_w / (font_mm * 0.45)), usable_h / (font_mm * 1.4) * _APPEAL_BODY_SHARE
    font_mm = _CARD_PT * 25.4 / 72
    usable_w, usable_h = width / 2 - 2 * _CARD_MARGIN_MM, height / 2 - 2 * _CARD_MARGIN_MM
    return int(usable_w / (font_mm * 0.45)), usable_h / (font_mm * 1.4) - _CARD_RESERVED_LINES


def _is_wide(char: str) -> bool:
    """A character that takes the room of two on paper (CJK, full-width forms, most emoji)."""
    return unicodedata.east_asian_width(char) in "WF"


def printed_width(text: str) -> int:
    """Width of a text in average characters; wide (CJK) characters count double."""
    return sum(2 if _is_wide(c) else 1 for c in text)


_LAST_PLANE_WITH_WIDE = 0x40000  # CJK extensions end in plane 3; no later plane has a wide character


@cache
def wide_ranges() -> str:
    """The characters ``printed_width`` counts double, as hex ranges ("1100-115f 231a-231b …").

    The editor's live count (static/js/editor.js) reads them from the page, so the browser's
    estimate and the server's agree without a second list. A range runs on over unassigned
    code points (no text holds them), which keeps the list short.
    """
    ranges: list[list[int]] = []
    wide_run = False  # the last assigned character was wide
    for code in range(_LAST_PLANE_WITH_WIDE):
        char = chr(code)
        if unicodedata.category(char) in ("Cn", "Cs"):
            continue
        if not _is_wide(char):
            wide_run = False
        elif wide_run:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
            wide_run = True
    return " ".join(f"{start:x}-{end:x}" for start, end in ranges)


def _lines_needed(text: str, per_line: int) -> float:
    """Printed lines the text needs when wrapped word by word; each line break starts a paragraph."""
    paragraphs = [words for words in (line.split() for line in text.splitlines()) if words]
    total = 0
    for words in paragraphs:
        lines, used = 1, 0
        for word in words:
            width = printed_width(word)
            if used and used + 1 + width <= per_line:
                used += 1 + width
                continue
            if used:
                lines += 1
            lines += (width - 1) // per_line
            used = width - (width - 1) // per_line * per_line
        total += lines
    return total + PARAGRAPH_GAP * max(0, len(paragraphs) - 1)


def word_count(text: str) -> int:
    """Words in the text: runs without spaces that hold at least one letter or digit."""
    return sum(1 for chunk in text.split() if re.search(r"[^\W_]", chunk))


def page_fraction(text: str, kind: str = "appeal", page_size: str = DEFAULT_PAGE_SIZE) -> float:
    """Estimated share of one printed page (or card) the body fills; 1.0 is exactly full."""
    per_line, lines = layout(kind, page_size)
    return _lines_needed(text, per_line) / lines


def _length_message(text: str, fraction: float, kind: str) -> str:
    """Tell the child roughly how many words to cut, rounded up to a multiple of five."""
    words = word_count(text)
    over = max(5, math.ceil(max(words - words / fraction, 1) / 5) * 5)
    where = "one page" if kind == "appeal" else "the card"
    return f"This letter is about {over} words too long for {where}. Try to cut about {over} words."


# --- putting it together ----------------------------------------------------------------

def _merge(spans: Iterable[Span], text: str, join: str | None = None) -> list[Span]:
    """Sorted spans with overlaps united; also spans separated only by ``join`` characters."""
    merged: list[Span] = []
    for start, end in sorted(set(spans)):
        if merged and (start < merged[-1][1] or (
                join is not None and re.fullmatch(join, text[merged[-1][1]:start]))):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _outside(spans: Iterable[Span], taken: Sequence[Span]) -> list[Span]:
    """The spans that do not overlap any of ``taken``."""
    return [s for s in spans if not any(s[0] < b and a < s[1] for a, b in taken)]


def find_spans(text: str, hidden_surnames: Iterable[str] = ()) -> dict[str, list[Span]]:
    """Spans found for every text kind (all kinds but "length"), merged and in text order."""
    words = _words(text)
    emails = _merge(_email_spans(text), text)
    return {
        "phone": _merge(_outside(_phone_spans(text), emails), text),
        "email": emails,
        "address": _merge(_outside(_address_spans(text), emails), text, join=r"[ \t,]*"),
        "handle": _merge(_outside(_handle_spans(text), emails), text),
        "surname": _merge(_surname_spans(text, list(hidden_surnames)), text),
        "insult": _merge(_phrase_spans(text, words, "insults"), text),
        "threat": _merge(_phrase_spans(text, words, "threats"), text),
    }


def check_letter(text: str, *, hidden_surnames: Iterable[str] = (), kind: str = "appeal",
                 page_size: str = DEFAULT_PAGE_SIZE) -> list[Flag]:
    """All child-safety flags for a letter body, ordered by kind as in ``KINDS``.

    ``hidden_surnames`` are the surnames the class signature rule keeps off letters
    (pass none when the rule shows full names). ``kind`` is "appeal" or "solidarity";
    ``page_size`` is one of paper.PAGE_SIZES.
    """
    flags = [Flag(kind_, MESSAGES[kind_], tuple(text[a:b] for a, b in spans), tuple(spans))
             for kind_, spans in find_spans(text, hidden_surnames).items() if spans]
    fraction = page_fraction(text, kind, page_size)
    if fraction > 1.0:
        flags.append(Flag("length", _length_message(text, fraction, kind), (), ()))
    return flags
