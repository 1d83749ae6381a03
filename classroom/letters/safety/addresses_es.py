"""Street addresses in letters written in Spanish: Spain, Mexico and US Spanish-speaking classes.

"calle Mayor 12, 3º B", "C/ Alcalá 45", "Av. Insurgentes Sur 1602, Col. Crédito Constructor",
"C.P. 03100", "vivo en la calle Durango 5", "mi casa está en ..."; and, for bilingual classes
in the US, "1234 Oak Street" and "TX 78701". Names and numbers follow the same rules as the
English check (``addresses``): a capitalised name, a house number that is not a year.
"""
from __future__ import annotations

import re
from functools import cache

from ...datafiles import word_list
from .addresses import STREET_NAME, US_POSTAL, YEAR, is_street, number_first_street
from .personal import alternation
from .words import Span, fold

_CAPITAL = r"(?-i:[A-ZÁÉÍÓÚÑÜ])"
_PLACE = rf"{_CAPITAL}[\w'’.\-]*(?:\s+(?:(?:de|del|la|las|los|el)\s+)*{_CAPITAL}[\w'’.\-]*){{0,3}}"
# What may follow the house number: floor and door, flat, interior, neighbourhood, postal code.
_TAIL_PART = (
    r"\d{1,2}\s*\.?\s*[º°ª]\s*(?:\d{1,2}\s*\.?\s*[º°ª]|izq(?:uierda|da)?\.?|dcha\.?|derecha|centro|[A-Za-z]\b)?"
    r"|(?:piso|planta)\s+\d{1,2}"
    r"|(?:depto|dpto|depa|departamento|apto|apartamento)\.?\s*\d{1,4}[A-Za-z]?"
    r"|int(?:erior)?\.?\s*\d{1,4}[A-Za-z]?"
    r"|(?:puerta|pta)\.?\s*\d{1,3}[A-Za-z]?"
    r"|(?:esc|escalera)\.?\s*[A-Za-z0-9]\b"
    r"|bajo\b|entresuelo\b|[aá]tico\b"
    rf"|(?:col|colonia|fracc?|fraccionamiento)\.?\s+{_PLACE}"
    r"|(?:c\.\s?p\.|cp|c[oó]digo\s+postal)\s*:?\s*\d{5}"
    rf"|\d{{5}}\s+{_PLACE}"
)
_HOUSE = (r"(?:(?:n[º°]|n\.\s?º|no\.|n[uú]m\.?|n[uú]mero)\s*)?(?P<num>\d{1,5}[A-Za-z]?)\b(?![.,/]\d)"
          r"|(?P<sn>s/n\b)")
_POSTAL = re.compile(  # letter case matters: "de 10000" is no Delaware ZIP code
    US_POSTAL
    + r"|\bC\.?\s?P\.?\s*\d{5}\b|\b[Cc][oó]digo\s+[Pp]ostal\s*:?\s*\d{5}\b"  # C.P. 03100, código postal 28013
    + rf"|(?<![\w.])Col\.\s*{_PLACE}|,\s*Colonia\s+{_PLACE}")       # a Mexican neighbourhood
_LIVE_IN = re.compile(
    r"\b(?:vivo|vivimos)\s+en\s+"
    r"|\b(?:mi|nuestra)\s+(?:casa|departamento|depa|piso|apartamento|domicilio)\s+(?:est[aá]|queda)\s+en\s+"
    r"|\b(?:mi|nuestra|nuestro)\s+(?:direcci[oó]n|domicilio)\s*(?:es\s*:?|:)\s*", re.IGNORECASE)
# Where the clause after "vivo en" ends: a comma, a full stop that is not an abbreviation's, a link word.
_CLAUSE_END = re.compile(
    r"[!?;,:\n]|\.(?=\s|$)|\s(?:y|e|pero|porque|con|cerca|donde|que|desde|hace|aunque|cuando|para|pues)\b",
    re.IGNORECASE)
_ABBREVIATIONS = frozenset("av avda c p col int depto dpto no num núm ctra calz priv prol blvd esq pta esc "
                           "izq dcha fracc frac s n sta sto gral".split())
# Words that make the clause after "vivo en" an address, besides a house number.
_PLACE_WORDS = frozenset({"esquina", "colonia", "col", "fraccionamiento", "numero", "num"})


@cache
def _stopwords() -> frozenset[str]:
    """Words that never start a street name or follow a house number (both lists, folded)."""
    words = word_list("wordlists/address_stopwords.txt") | word_list("wordlists/address_stopwords.es.txt")
    return frozenset(fold(w) for w in words)


@cache
def _prefix_words() -> frozenset[str]:
    """Street words before a name, folded and without their dot or slash ("av", "c", "calle")."""
    words = word_list("wordlists/street_prefixes.txt") | word_list("wordlists/street_prefixes.es.txt")
    return frozenset(fold(w).rstrip("./") for w in words)


@cache
def _street() -> re.Pattern[str]:
    """A street word, a capitalised name, then a house number (or "s/n") and what may follow it."""
    prefixes = "|".join(p for p in (alternation("street_prefixes"), alternation("street_prefixes.es")))
    return re.compile(
        rf"\b(?P<type>{prefixes})(?:(?<=[./])\s*|\s+){STREET_NAME}\s*,?\s*(?:{_HOUSE})"
        rf"(?:\s*,?\s*(?:{_TAIL_PART}))*", re.IGNORECASE)


def _is_spanish_street(match: re.Match[str], text: str) -> bool:
    """True when a match is a street: a real-looking name, and a house number that counts nothing."""
    after = re.match(r"\s+([\w]+)", text[match.end():])
    if after and fold(after.group(1)) in _stopwords():
        return False  # "la Plaza Mayor 200 personas"
    prefix = match.group("type")
    if prefix.lower() == "via":
        return is_street(match, text, _stopwords())  # "via Google 5 times" rules apply
    named = [w for w in re.findall(r"[\w'’.\-]+", match.group("name"))
             if w.lower() not in ("de", "del", "la", "las", "los", "el")]
    if not named or fold(named[0].rstrip(".")) in _stopwords():
        return False
    if match.group("num") and YEAR.fullmatch(match.group("num")):
        return False  # "Plaza de Mayo 1977"
    return all(w[0].isupper() or w[0].isdigit() for w in named)  # "calle Mayor": lower-case word is fine


_LONGEST_CLAUSE = 160  # characters: a full Mexican address with its colonia and postal code fits


def _clause_end(text: str, start: int) -> int:
    """Where the clause starting at ``start`` ends (abbreviation dots such as "Av." do not end it)."""
    limit = min(len(text), start + _LONGEST_CLAUSE)
    for end in _CLAUSE_END.finditer(text, start, limit):
        if end.group() == ".":
            word = re.search(r"([\w]+)$", text[start:end.start()])
            if word and fold(word.group(1)) in _ABBREVIATIONS:
                continue
        return end.start()
    return limit


def _is_address_clause(clause: str) -> bool:
    """True when the words after "vivo en" hold a house number or a street word, not just a town."""
    for number in re.finditer(r"\d+", clause):
        counted = re.match(r"\s+([\w]+)", clause[number.end():])
        if not YEAR.fullmatch(number.group()) and not (counted and fold(counted.group(1)) in _stopwords()):
            return True  # a house number, not "desde 2015" or "de 300 habitantes"
    words = {fold(w) for w in re.findall(r"[^\W\d_]+", clause)}
    return bool(words & (_prefix_words() | _PLACE_WORDS))


def address_spans(text: str) -> list[Span]:
    """Spans of street addresses, postal codes and "vivo en ..." phrases in a Spanish letter."""
    spans = [m.span() for m in _street().finditer(text) if _is_spanish_street(m, text)]
    spans += [m.span() for m in number_first_street().finditer(text) if is_street(m, text)]
    spans += [m.span() for m in _POSTAL.finditer(text)]
    for m in _LIVE_IN.finditer(text):
        end = _clause_end(text, m.end())
        if _is_address_clause(text[m.end():end]):
            spans.append((m.start(), end))
    return spans
