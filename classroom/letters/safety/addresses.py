"""Street addresses in a letter: house number and street, postcodes, "I live at ..."."""
from __future__ import annotations

import re
from functools import cache

from ...datafiles import word_list
from .personal import alternation
from .words import Span, fold

_NAME = r"[^\W\d_][\w'’.\-]*"
_UNIT = r"(?:Flat|Apt\.?|Apartment|Unit|Suite|Ste\.?|\#)\s*\#?\s*\d+[A-Za-z]?"
_NUMBER = r"(?<![\w.,/])(?P<house>\d{1,5})[A-Za-z]?(?:[-–]\d{1,5})?"
_PARTICLE_WORDS = frozenset(
    "de del la las los des du di da do dos das della delle dei le les van von der den el al".split())
_PARTICLES = rf"(?:(?:{'|'.join(sorted(_PARTICLE_WORDS))})\s+)*"
_US_STATES = ("AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|"
              "NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR")
US_POSTAL = (r"\b(?:[A-Z][a-z'’.\-]+\s){0,2}[A-Z][a-z'’.\-]+,\s*(?:" + _US_STATES + r")\s+\d{5}(?:-\d{4})?\b"
             r"|\b(?:" + _US_STATES + r")\s+\d{5}(?:-\d{4})?\b")          # state and ZIP
_POSTAL = re.compile(
    US_POSTAL
    + r"|\b(?:[A-Z]{1,2}\d[A-Z\d]?|GIR)\s?\d[A-Z]{2}\b"           # UK postcode
    r"|\b[A-Z]\d[A-Z]\s?\d[A-Z]\d\b")                           # Canadian postal code
_PO_BOX = re.compile(r"\bP\.?\s?O\.?\s*Box\s+\d+", re.IGNORECASE)
_LIVE_AT = re.compile(
    r"\b(?:I|we)\s+live\s+(?:at|on)\s+|\b(?:my|our)\s+(?:home\s+|house\s+|street\s+)?address\s+is\s*:?\s*"
    r"|\bmy\s+(?:house|home|flat|apartment)\s+is\s+(?:at|on)\s+", re.IGNORECASE)
_CLAUSE_END = re.compile(
    r"\s*(?:[.!?;,:\n]|$)|\s+(?:and|but|so|because|with|near|where|which|in|since|for|who|it)\b",
    re.IGNORECASE)
YEAR = re.compile(r"(?:19|20)\d\d")
STREET_NAME = rf"(?P<name>{_PARTICLES}{_NAME}(?:\s+{_PARTICLES}{_NAME}){{0,3}})"


@cache
def number_first_street() -> re.Pattern[str]:
    """"12 Oak Street", "Apt 4, 350 5th Ave": house number, name, then an English street word."""
    types = alternation("street_types")
    return re.compile(
        rf"(?:{_UNIT},?\s+)?{_NUMBER},?\s+(?P<name>(?:{_NAME}\s+){{0,3}}(?:{_NAME}|\d{{1,3}}(?:st|nd|rd|th)))"
        rf"\s+(?:{types})\b(?:\.?\s+(?:NW|NE|SW|SE)\b)?(?:\.?,?\s+{_UNIT})?", re.IGNORECASE)


@cache
def _street_patterns() -> tuple[re.Pattern[str], ...]:
    """Street addresses: English number-first, prefix-type (Calle, Rue, ul.) and one-word (…straße)."""
    prefixes = alternation("street_prefixes")
    suffixes = alternation("street_suffixes")
    prefix = rf"(?P<type>{prefixes})(?:(?<=\.)\s*|\s+)"
    name = STREET_NAME
    return (number_first_street(), *(re.compile(p, re.IGNORECASE) for p in (
        # Italian puts the number after the name: "30 via Royal Mail" is English.
        rf"{_NUMBER},?\s+(?!via\b){prefix}{name}",
        rf"\b{prefix}{name}\s*,?\s*(?P<num>\d{{1,5}}[A-Za-z]?)\b(?![.,/]\d)",
        rf"(?<![\w])(?P<compound>[^\W\d_]{{2,}}(?:{suffixes}))(?:(?<=\.)|(?![^\W\d_]))\s*,?\s*"
        rf"(?P<num>\d{{1,4}}[A-Za-z]?)\b(?![.,/]\d)",
    )))


def is_street(match: re.Match[str], text: str, stopwords: frozenset[str] | None = None) -> bool:
    """True when a street match has a real-looking name: capitalised, not a date, not a year.

    ``stopwords`` are the words that never start a street name (``address_stopwords.txt``).
    """
    groups = match.groupdict()
    number, prefix = groups.get("num"), groups.get("type")
    if stopwords is None:
        stopwords = word_list("wordlists/address_stopwords.txt")
    if any(groups.get(g) and YEAR.fullmatch(groups[g]) for g in ("num", "house")):
        return False  # "In 2019 Federal Court ...", "Plaza de Mayo 1977"
    if groups.get("compound"):
        return True  # "Hauptstraße 5": the ending is telling enough, in any case
    if number and prefix and prefix[0].islower() and not prefix.endswith("."):
        return False  # "via Google 5 times": a lower-case prefix needs the number first
    if number and "," in text[match.end("name"):match.start("num")] and re.match(
            r"\s+[a-z]", text[match.end():]):
        return False  # "Via Facebook, 200 people joined"
    named = [w for w in re.findall(r"[\w'’.\-]+", groups["name"]) if w.lower() not in _PARTICLE_WORDS]
    if not named or fold(named[0].rstrip(".")) in stopwords:
        return False
    return all(w[0].isupper() or w[0].isdigit() for w in named)


def address_spans(text: str) -> list[Span]:
    """Spans of street addresses, postcodes and "I live at ..." phrases."""
    stop = word_list("wordlists/address_stopwords.txt")
    spans = [m.span() for p in _street_patterns() for m in p.finditer(text) if is_street(m, text)]
    spans += [m.span() for p in (_POSTAL, _PO_BOX) for m in p.finditer(text)]
    for m in _LIVE_AT.finditer(text):
        first = re.match(r"\s*([\w'’]+)", text[m.end():])
        if not first or fold(first.group(1)) in stop:
            continue  # "I live on a farm", "I live at home"
        end = _CLAUSE_END.search(text, m.end() + first.end())
        spans.append((m.start(), end.start() if end else len(text)))
    return spans
