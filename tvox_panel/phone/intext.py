"""Find the phone numbers in free text: the phone matcher's validity, weighed by nearby words.

Agents copy from tickets, invoices, CRM pages and e-mail signatures, full of order numbers,
VAT and fiscal codes, IBANs, postcodes, dates and times. A number counts as a phone number
when phonenumbers finds it valid for the region and no word such as "P.IVA", "ordine" or
"ticket" labels it; a number that is only *possible* counts when a word such as "tel" or
"chiamare" labels it; a short run of digits counts as an internal extension only after
"interno", "int." or "ext".
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Literal

from tvox_panel.phone.numbers import NumberError, is_region_code, normalize

__all__ = ["Found", "find_phone_numbers"]

Kind = Literal["phone", "extension"]

# Text beyond this many characters is not searched (a whole pasted document).
MAX_SEARCH_CHARS = 100_000
# A whole text this short that is nothing but a number is that number ("600", "+39 02 1234").
_WHOLE_TEXT_CHARS = 40
_EXTENSION_DIGITS = (2, 6)

# Words that say "this is a phone number" (Italian and English), matched case-insensitively.
_PHONE_WORDS = (
    r"tel(?:efono)?\.?\s*(?:/|e|&)\s*fax",  # "Tel/Fax": a phone too
    r"tel(?:efono|efonare|efonico|efonicamente)?\.?",
    r"cell(?:ulare)?\.?",
    r"mob(?:ile)?\.?",
    r"(?:ri)?chiam(?:a|are|ami|aci|ateci|atemi)",
    r"contatt(?:are|ami|ateci|o|i)",
    r"recapit(?:o|i)",
    r"centralino",
    r"numero\s+verde",
    r"(?:linea\s+)?dirett[oa]",
    r"ufficio",
    r"whatsapp",
    r"phone",
    r"telephone",
    r"ph\.",
    r"call(?:\s+back)?",
    r"ring",
    r"reach",
    r"switchboard",
    r"landline",
    r"direct(?:\s+line)?",
    r"office",
    r"contact",
    r"[TM](?=\s*:)",  # e-mail signatures: "T: +39 ...", "M: 333 ..."
)
# Words that introduce a short internal extension.
_EXTENSION_WORDS = (r"intern[oi]", r"int\.?", r"ext\.?", r"extension", r"estensione")
# Words that label a number as something else, when they stand right before it.
_OTHER_WORDS = (
    r"p\.?\s?iva",
    r"partita\s+iva",
    r"vat(?:\s+(?:no\.?|number|reg\.?))?",
    r"c\.\s?f\.",
    r"cf",
    r"codice\s+fiscale",
    r"(?:fiscal|tax)\s+(?:code|id)",
    r"iban",
    r"bic",
    r"swift",
    r"c/c",
    r"conto(?:\s+corrente)?",
    r"account",
    r"ord(?:ine|er)?\.?",
    r"fatt(?:ura)?\.?",
    r"invoice",
    r"ticket",
    r"pratica",
    r"case",
    r"cap",
    r"c\.a\.p\.",
    r"zip(?:\s+code)?",
    r"post(?:al\s+)?code",
    r"prot(?:ocollo)?\.?",
    r"rif(?:erimento)?\.?",
    r"ref(?:erence)?\.?",
    r"cod(?:ice)?\.?(?:\s+cliente)?",
    r"code",
    r"id",
    r"matricola",
    r"contratto",
    r"contract",
    r"pod",
    r"pdr",
    r"fax",
    r"documento",
    r"doc\.",
    r"ddt",
    r"lotto",
    r"lot",
    r"seriale",
    r"serial",
    r"s/n",
    r"tracking",
    r"spedizione",
    r"shipment",
    r"importo",
    r"amount",
    r"totale",
    r"total",
)


def _word_re(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)", re.IGNORECASE)


_PHONE_RE = _word_re(_PHONE_WORDS)
_EXTENSION_RE = _word_re(_EXTENSION_WORDS)
_OTHER_RE = _word_re(_OTHER_WORDS)
# Between a label and its number: no digits, on the same line or the next, not too far.
_LABEL_REACH = 40
_LABEL_GAP_RE = re.compile(r"[^\d\n]*\n?[^\d\n]*")
# Between a label of something else and its number: only "n.", "nr", ":", "#" and the like.
_TIGHT_GAP_RE = re.compile(
    r"(?:[\s:.#°º'’\"()=\-–/]|\b(?:n|nr|no|num|numero|number|id|del|of)\b)*", re.IGNORECASE
)
# Between two numbers of one list ("tel 02 1234 5678 / 333 1234567"): a label covers both.
_LIST_GAP_RE = re.compile(
    r"[\s,;/|()\-–]*(?:\b(?:e|o|oppure|or|and)\b[\s,;/|()\-–]*)?", re.IGNORECASE
)
# A label in brackets right after the number: "02 1234 5678 (fax)".
_TRAILING_LABEL_RE = re.compile(r"\s*[(\[]\s*([^\d()\[\]\n]{1,20}?)\s*[)\]]")

# What the matcher could take for a number but is not one: masked before matching.
_MASKS = (
    re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE),  # web addresses
    re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+"),  # e-mail addresses
    re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b"),  # IBAN
    re.compile(r"\b[A-Z]{6}\d{2}[A-Z]\d{2}[A-Z]\d{3}[A-Z]\b", re.IGNORECASE),  # codice fiscale
    re.compile(r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{1,2}:\d{2}(?::\d{2})?)?\b"),  # ISO dates
    re.compile(r"\b\d{1,2}([-./])\d{1,2}\1\d{2,4}\b"),  # 15/01/2024, 15.01.24
    re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?\b"),  # 12:30
    re.compile(r"\b(?:ore|alle|dalle|h|at)\s*\d{1,2}[.:]\d{2}\b", re.IGNORECASE),  # ore 14.30
    re.compile(
        r"[€$£]\s*\d[\d.,']*|\b\d[\d.,']*\s*(?:€|eur\b|euro\b|usd\b|\$)", re.IGNORECASE
    ),  # amounts
)
# Matches the phone matcher accepts but people mean otherwise: dates and amounts.
_DATE_RE = re.compile(r"\d{1,4}([-./])\d{1,2}\1\d{1,4}")
_AMOUNT_RE = re.compile(r"[1-9]\d{0,2}([.,'])\d{3}(?:\1\d{3})*|\d[.,]\d+")
_DIGIT_RUN_RE = re.compile(r"[0-9]+")
_LETTER_RE = re.compile(r"[^\W\d_]")
# Between two digit runs, these make one longer token (1.500, 12:30, 02 1234, 15/01).
_JOINERS = frozenset(".,:/-' \u00a0")


@dataclass(frozen=True)
class Found:
    """A phone number found in text.

    Attributes:
        number: The normalised number: what is dialled when it is chosen.
        raw: The number as it is written in the text, on one line.
        start: Where it starts in the text.
        kind: ``"phone"``, or ``"extension"`` for a short internal number.
    """

    number: str
    raw: str
    start: int
    kind: Kind = "phone"


@dataclass(frozen=True)
class _Label:
    start: int
    end: int
    kind: Literal["phone", "extension", "other"]


def _labels(text: str) -> list[_Label]:
    found = [_Label(m.start(), m.end(), "phone") for m in _PHONE_RE.finditer(text)]
    found += [_Label(m.start(), m.end(), "extension") for m in _EXTENSION_RE.finditer(text)]
    found += [_Label(m.start(), m.end(), "other") for m in _OTHER_RE.finditer(text)]
    found.sort(key=lambda label: (label.end, -label.start))  # the longer label last
    return found


def _label_before(text: str, labels: list[_Label], ends: list[int], start: int) -> _Label | None:
    """The label that speaks for the number at ``start``, if any.

    A label of something else counts only when nothing but "n.", ":" and the like separate
    it from the number; a phone or extension label may stand a few words away.
    ``ends`` holds the labels' ends, in the same (ascending) order.
    """
    for index in range(bisect.bisect_right(ends, start) - 1, -1, -1):
        label = labels[index]
        gap = text[label.end : start]
        if len(gap) > _LABEL_REACH or not _LABEL_GAP_RE.fullmatch(gap):
            return None
        if label.kind != "other":
            return label
        if _TIGHT_GAP_RE.fullmatch(gap):
            return label
    return None


def _label_after(text: str, end: int) -> _Label | None:
    """A label in brackets right after the number: "02 1234 5678 (fax)"."""
    match = _TRAILING_LABEL_RE.match(text, end)
    if match is None:
        return None
    word = match.group(1)
    for pattern, kind in ((_OTHER_RE, "other"), (_PHONE_RE, "phone")):
        if pattern.fullmatch(word):
            return _Label(match.start(1), match.end(1), kind)  # type: ignore[arg-type]
    return None


def _mask(text: str) -> str:
    """``text`` with dates, times, amounts, IBANs, codes and addresses blanked out."""
    chars = list(text)
    for pattern in _MASKS:
        for match in pattern.finditer(text):
            chars[match.start() : match.end()] = " " * (match.end() - match.start())
    return "".join(chars)


def _glued(char: str) -> bool:
    """True when ``char`` next to a number makes it part of a word, code or amount."""
    return bool(char) and (
        char.isalnum() or char in "_+*#%@&" or unicodedata.category(char) == "Sc"
    )


def _standalone(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` stands alone, e.g. "interno 600" but not "3.14"."""
    before = text[start - 1] if start >= 1 else ""
    before2 = text[start - 2] if start >= 2 else ""
    after = text[end] if end < len(text) else ""
    after2 = text[end + 1] if end + 1 < len(text) else ""
    if _glued(before) or _glued(after):
        return False
    if before in _JOINERS and before2.isdigit():
        return False
    return not (after in _JOINERS and after2.isdigit())


def _main_number(raw: str) -> str | None:
    """Normalise a matcher hit, dropping a trailing extension ("int. 22", "ext 5")."""
    raw = raw.strip()
    if _DATE_RE.fullmatch(raw) or _AMOUNT_RE.fullmatch(raw):
        return None
    letter = _LETTER_RE.search(raw)
    if letter is not None:
        raw = raw[: letter.start()].rstrip(" ,;:.-/(")
    try:
        return normalize(raw)
    except NumberError:
        return None


def _digits(number: str) -> int:
    return sum(char.isdigit() for char in number)


@dataclass
class _Candidate:
    found: Found
    key: str
    valid: bool
    label: _Label | None
    end: int


def _matcher_candidates(text: str, masked: str, region: str) -> tuple[list[_Candidate], list[Any]]:
    import phonenumbers

    candidates: list[_Candidate] = []
    spans: list[tuple[int, int]] = []
    matcher = phonenumbers.PhoneNumberMatcher(
        masked, region, leniency=phonenumbers.Leniency.POSSIBLE
    )
    for match in matcher:
        start, end = match.start, match.end
        spans.append((start, end))
        if _glued(text[start - 1 : start]) or _glued(text[end : end + 1]):
            continue  # part of a code or word: "ABC123 600abc"
        number = _main_number(match.raw_string)
        if number is None:
            continue
        parsed = match.number
        key = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
        raw = " ".join(text[start:end].split())
        candidates.append(
            _Candidate(
                Found(number, raw, start),
                key,
                phonenumbers.is_valid_number(parsed),
                None,
                end,
            )
        )
    return candidates, spans


def _extension_candidates(text: str, masked: str, taken: list[tuple[int, int]]) -> list[_Candidate]:
    candidates: list[_Candidate] = []
    span_index = 0
    for run in _DIGIT_RUN_RE.finditer(masked):
        start, end = run.span()
        while span_index < len(taken) and taken[span_index][1] <= start:
            span_index += 1
        if span_index < len(taken) and taken[span_index][0] < end:
            continue  # inside (or overlapping) something the phone matcher looked at
        if not _EXTENSION_DIGITS[0] <= end - start <= _EXTENSION_DIGITS[1]:
            continue
        if not _standalone(text, start, end):
            continue
        digits = run.group()
        candidates.append(
            _Candidate(Found(digits, digits, start, "extension"), digits, False, None, end)
        )
    return candidates


def _inherit_labels(text: str, candidates: list[_Candidate], labels: list[_Label]) -> None:
    """Give each candidate its label: its own, or its list's ("tel 02 1234 5678 / 333 ...")."""
    ends = [label.end for label in labels]
    previous: _Candidate | None = None
    for candidate in candidates:
        start = candidate.found.start
        label = _label_before(text, labels, ends, start)
        if previous is not None and previous.end <= start:
            in_list = _LIST_GAP_RE.fullmatch(text[previous.end : start]) is not None
            if in_list and (label is None or label.end <= previous.found.start):
                label = previous.label  # the list's label, not one before the whole list
        candidate.label = label or _label_after(text, candidate.end)
        previous = candidate


def _counts(candidate: _Candidate) -> bool:
    """Whether the weighed evidence says "phone number" (or "extension")."""
    kind = candidate.label.kind if candidate.label is not None else None
    if kind == "other":
        return False
    if candidate.found.kind == "extension":
        return kind == "extension"
    return candidate.valid or kind is not None


def _whole_text(text: str, min_digits: int, max_digits: int) -> Found | None:
    """The text itself when it is nothing but one short dialable number ("600", "*72#")."""
    stripped = text.strip()
    if not stripped or len(stripped) > _WHOLE_TEXT_CHARS or _mask(stripped) != stripped:
        return None
    if _LETTER_RE.search(stripped) or _DATE_RE.fullmatch(stripped):
        return None
    if _AMOUNT_RE.fullmatch(stripped):
        return None
    try:
        number = normalize(stripped)
    except NumberError:
        return None
    if not min_digits <= _digits(number) <= max_digits:
        return None
    return Found(number, " ".join(stripped.split()), text.index(stripped[0]))


def find_phone_numbers(
    text: str,
    region: str = "IT",
    min_digits: int = 3,
    max_digits: int = 15,
    limit: int = 20,
) -> list[Found]:
    """The phone numbers in ``text``, in order of appearance, each once; never raises.

    A text that is nothing but one number is that number. Otherwise a number counts when
    the phone matcher finds it valid for ``region`` and no word labels it as something else
    (P.IVA, codice fiscale, IBAN, ordine, fattura, ticket, pratica, CAP, ...), or when it is
    only possible but a phone word labels it (tel, cell, chiamare, recapito, ...); a short
    number counts as an extension after interno, int. or ext. Dates, times, amounts, IBANs,
    fiscal codes, e-mail and web addresses never count. Numbers whose digit count lies
    outside ``min_digits``..``max_digits`` are skipped; at most ``limit`` are returned.
    """
    if not isinstance(text, str) or not isinstance(region, str) or limit <= 0:
        return []
    if not is_region_code(region):
        return []
    text = text[:MAX_SEARCH_CHARS]
    if sum(char.isdigit() for char in text) < max(min_digits, 1):
        return []  # nothing to find: spare loading the phone-number tables
    whole = _whole_text(text, min_digits, max_digits)
    if whole is not None:
        return [whole]
    masked = _mask(text)
    labels = _labels(text)
    candidates, spans = _matcher_candidates(text, masked, region.upper())
    candidates += _extension_candidates(text, masked, spans)
    candidates.sort(key=lambda candidate: candidate.found.start)
    _inherit_labels(text, candidates, labels)
    found: list[Found] = []
    keys: set[str] = set()
    for candidate in candidates:
        number = candidate.found.number
        if not min_digits <= _digits(number) <= max_digits or not _counts(candidate):
            continue
        if candidate.key in keys:
            continue
        keys.add(candidate.key)
        found.append(candidate.found)
        if len(found) >= limit:
            break
    return found
