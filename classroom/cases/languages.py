"""Language names and tags: what curators and Urgent Actions write, as BCP 47 tags.

One place for the rule "Spanish, English" means Spanish (Urgent Actions list the preferred
language first), used by the validator and by every reader of pasted text.
"""
from __future__ import annotations

import re

# Names a curator may write instead of a code ("Preferred language: Spanish"). The list
# covers the languages Urgent Actions are usually written in; codes are accepted as well.
LANGUAGE_NAMES: dict[str, str] = {
    "english": "en", "spanish": "es", "castilian": "es", "russian": "ru", "chinese": "zh",
    "mandarin": "zh", "simplified chinese": "zh-hans", "traditional chinese": "zh-hant",
    "cantonese": "yue", "arabic": "ar", "french": "fr", "portuguese": "pt",
    "brazilian portuguese": "pt-br", "turkish": "tr", "hebrew": "he", "hindi": "hi",
    "japanese": "ja", "korean": "ko", "german": "de", "greek": "el", "persian": "fa",
    "farsi": "fa", "dari": "prs", "uzbek": "uz", "italian": "it", "dutch": "nl", "polish": "pl",
    "ukrainian": "uk", "belarusian": "be", "kazakh": "kk", "kyrgyz": "ky", "tajik": "tg",
    "turkmen": "tk", "azerbaijani": "az", "azeri": "az", "armenian": "hy", "georgian": "ka",
    "vietnamese": "vi", "thai": "th", "burmese": "my", "khmer": "km", "lao": "lo",
    "indonesian": "id", "malay": "ms", "filipino": "fil", "tagalog": "tl", "bengali": "bn",
    "bangla": "bn", "urdu": "ur", "punjabi": "pa", "tamil": "ta", "nepali": "ne",
    "sinhala": "si", "swahili": "sw", "amharic": "am", "somali": "so", "hausa": "ha",
    "yoruba": "yo", "igbo": "ig", "zulu": "zu", "afrikaans": "af", "kurdish": "ku",
    "pashto": "ps", "hungarian": "hu", "romanian": "ro", "bulgarian": "bg", "serbian": "sr",
    "croatian": "hr", "bosnian": "bs", "czech": "cs", "slovak": "sk", "slovenian": "sl",
    "swedish": "sv", "norwegian": "no", "danish": "da", "finnish": "fi", "estonian": "et",
    "latvian": "lv", "lithuanian": "lt", "albanian": "sq", "macedonian": "mk", "catalan": "ca",
    "basque": "eu", "galician": "gl", "mongolian": "mn", "tigrinya": "ti",
    "kinyarwanda": "rw", "malagasy": "mg", "haitian creole": "ht", "quechua": "qu",
    "guarani": "gn", "uyghur": "ug", "tibetan": "bo", "icelandic": "is", "irish": "ga",
    "welsh": "cy", "maltese": "mt",
}

# ISO 639-1: every two-letter primary language subtag. Checking against it catches typos
# such as "sp" for Spanish, which a pattern alone would let through.
ISO_639_1: frozenset[str] = frozenset(
    "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv "
    "cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr "
    "ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw "
    "ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv "
    "ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr "
    "ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi "
    "yo za zh zu".split()
)
# language[-script][-region][-variant...], compared lower-case. Three-letter primary tags
# (ISO 639-2/3, e.g. "fil", "yue") are many; they are accepted by shape only.
_LANGUAGE_TAG_RE = re.compile(
    r"^(?P<primary>[a-z]{2,3})(?:-[a-z]{4})?(?:-(?:[a-z]{2}|\d{3}))?(?:-(?:[a-z0-9]{5,8}|\d[a-z0-9]{3}))*$")


def language_code(value: str) -> str | None:
    """The lower-case BCP 47 tag for a language name or tag ("Spanish", "es", "pt_BR"), else None."""
    cleaned = " ".join(value.split()).lower()
    if cleaned in LANGUAGE_NAMES:
        return LANGUAGE_NAMES[cleaned]
    tag = cleaned.replace("_", "-")
    match = _LANGUAGE_TAG_RE.match(tag)
    if not match or len(tag) > 20:
        return None
    if len(match["primary"]) == 2 and match["primary"] not in ISO_639_1:
        return None
    return tag


def preferred_language(value: str) -> str | None:
    """The tag of the first language in a list ("Spanish, English", "Arabic or French"), else None."""
    return language_code(re.split(r"\s*(?:,|/|;|\bor\b)\s*", value.strip())[0])
