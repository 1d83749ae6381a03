"""Benchmark: does copying text out of a letter PDF give the letter back, in every script?

For each script, one letter is rendered as the app renders it (tagged PDF, fonts shrunk)
and ``pdftotext`` (poppler) extracts its text. Reported per script:

* ``exact``: the body comes back character for character (whitespace aside);
* ``chars``: similarity of the extracted body to the written one (difflib ratio, 1.0 = same);
* ``words``: the share of the body's words found whole in the extracted text.

The baseline in the same run is Latin text (Spanish), which must be exact. Run:
``.venv/bin/python bench/pdf_text.py``; the last line of output is one JSON object.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import replace
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# One sentence a student might write, per script (made up; the person is fictional).
BODIES = {
    "es": "Le pido que proteja a Ana y a su familia y que investigue las amenazas de inmediato.",
    "ru": "Прошу вас немедленно освободить Анну и обеспечить ей доступ к адвокату.",
    "el": "Σας παρακαλώ να προστατέψετε την Άννα και την οικογένειά της.",
    "ar": "أطلب منكم الإفراج عن آنا فورا ودون قيد أو شرط وضمان سلامة أسرتها.",
    "fa": "از شما می‌خواهم که آنا را فوراً و بدون قید و شرط آزاد کنید.",
    "ur": "میں آپ سے درخواست کرتی ہوں کہ آنا اور ان کے خاندان کی حفاظت کریں۔",
    "he": "אני מבקשת שתשחררו את אנה מיד ותגנו על משפחתה.",
    "hi": "मैं आपसे आग्रह करती हूँ कि अन्ना को तुरंत और बिना शर्त रिहा करें।",
    "ne": "म तपाईंलाई अन्नालाई तुरुन्तै रिहा गर्न अनुरोध गर्छु।",
    "bn": "আমি আপনাকে অনুরোধ করছি আন্নাকে অবিলম্বে মুক্তি দিন।",
    "ta": "அன்னாவை உடனடியாக விடுவிக்குமாறு கேட்டுக்கொள்கிறேன்.",
    "si": "කරුණාකර ඇනා වහාම නිදහස් කරන්න.",
    "th": "ขอให้ท่านปล่อยตัวแอนนาโดยทันทีและไม่มีเงื่อนไข",
    "my": "ကျေးဇူးပြု၍ အန်နာကို ချက်ချင်း လွှတ်ပေးပါ။",
    "km": "សូមដោះលែងអាណាភ្លាមៗ។",
    "am": "እባክዎን አና ወዲያውኑ ይልቀቋት።",
    "zh": "我恳请您立即无条件释放安娜，并保护她的家人。",
    "ja": "アンナさんを直ちに無条件で釈放してください。",
    "ko": "안나를 즉시 무조건 석방해 주십시오.",
    "vi": "Tôi đề nghị ngài trả tự do ngay lập tức cho Anna.",
    "tr": "Anna'yı derhal ve koşulsuz olarak serbest bırakmanızı rica ediyorum.",
}
# Why a script cannot come back exact (docs/benchmarks.md has the longer story).
WHY = {
    "rtl": "right-to-left lines come back in visual order around neutral punctuation",
    "indic": "a PDF maps each glyph to text; reordered vowel signs and conjuncts come back reordered or split",
    "nastaliq": "Nastaliq draws several letters with one shared glyph, so one glyph maps to one of them",
}
KIND = {"ar": "rtl", "fa": "rtl", "he": "rtl", "ur": "nastaliq", "hi": "indic", "ne": "indic", "bn": "indic",
        "ta": "indic", "si": "indic", "my": "indic", "km": "indic"}


def squash(text: str) -> str:
    """Text without whitespace or bidi controls."""
    return re.sub(r"[\s\u200e\u200f\u202a-\u202e]", "", text)


def measure(pdf: bytes, body: str) -> dict[str, object]:
    """How much of ``body`` pdftotext gets back from ``pdf``."""
    out = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    want, got = squash(body), squash(out)
    chars = max(SequenceMatcher(None, want, got[i:i + len(want)]).ratio()
                for i in range(max(1, len(got) - len(want) + 1)))
    words = [w for w in re.split(r"[\s.,،。，、！!？?]+", body) if w]
    found = sum(1 for w in words if squash(w) in got)
    return {"exact": want in got, "chars": round(chars, 3), "words": round(found / len(words), 3)}


def main() -> None:
    """Render one letter per script and compare the extracted text."""
    from classroom.printing import render
    from classroom.printing.documents import LetterDocument

    base = LetterDocument(
        kind="appeal", school_name="Riverside Community School", school_address=("14 Alder Lane", "Riverside"),
        date_text="4 December 2026", recipient_name="Minister", recipient_title="", recipient_address=("Capital",),
        salutation="", body="", closing="", signature="Maya K.", signature_note="", language="en",
        page_size="A4", draft=False, people=("Ana Example",), case_reference="")
    results = {}
    for language, body in BODIES.items():
        pdf = render.render_letter(replace(base, language=language, body=body))
        results[language] = {**measure(pdf, body), "kb": round(len(pdf) / 1024, 1)}
        reason = "" if results[language]["exact"] else f"  ({WHY[KIND[language]]})" if language in KIND else ""
        print(f"{language}: exact {results[language]['exact']!s:5}  chars {results[language]['chars']:.3f}  "
              f"words {results[language]['words']:.3f}  {results[language]['kb']} KB{reason}", flush=True)
    exact = sorted(lang for lang, r in results.items() if r["exact"])
    print(json.dumps({"scripts": len(results), "exact": exact,
                      "not_exact": sorted(set(results) - set(exact)),
                      "baseline_es_exact": results["es"]["exact"],
                      "chars_min": min(r["chars"] for r in results.values()),  # type: ignore[type-var]
                      "results": results}, ensure_ascii=False))


if __name__ == "__main__":
    main()
