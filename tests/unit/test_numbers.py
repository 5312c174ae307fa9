"""Tests for number normalisation, dial links and finding numbers in text."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tvox_panel.phone.numbers import (
    NormalizeOptions,
    NumberError,
    Reason,
    describe,
    find_numbers,
    normalize,
)
from tvox_panel.phone.uris import DialTarget, parse_any, parse_uri, parse_uri_full

REPO_ROOT = Path(__file__).resolve().parents[2]
DIALABLE = re.compile(r"\+?[0-9*#]+")

# --- normalize: what the dial field accepts -------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("+39 02-1234.5678", "+390212345678"),
        ("600", "600"),
        ("*72#", "*72#"),
        ("#31#0212345", "#31#0212345"),
        ("(02) 1234/5678", "0212345678"),
        ("02\u00a01234\u00a05678", "0212345678"),
        ("(+39) 02 1234", "+39021234"),
        ("  600\n", "600"),
        ("02\u20131234\u20145678", "0212345678"),  # en and em dashes from web pages
        ("\u200e+39 02 1234\u200e", "+39021234"),  # direction marks from copied text
        ("\uff0b\uff13\uff19\uff10\uff12", "+3902"),  # full-width + and digits
        ("\u0666\u0660\u0660", "600"),  # Arabic-Indic digits
    ],
)
def test_normalize_keeps_digits_and_feature_codes(typed: str, expected: str) -> None:
    assert normalize(typed) == expected


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("", Reason.EMPTY),
        ("   ", Reason.EMPTY),
        ("call 600", Reason.LETTERS),
        ("1-800-FLOWERS", Reason.LETTERS),
        ("600\n601", Reason.CONTROL_CHARACTER),
        ("60\t0", Reason.CONTROL_CHARACTER),
        ("60\x000", Reason.CONTROL_CHARACTER),
        ("600\u2028601", Reason.CONTROL_CHARACTER),
        ("0212345;22", Reason.PAUSE_CHARACTER),
        ("0212345,,22", Reason.PAUSE_CHARACTER),
        ("39+02", Reason.MISPLACED_PLUS),
        ("++39", Reason.MISPLACED_PLUS),
        ("+39*72#", Reason.SYMBOL_IN_INTERNATIONAL),
        ("+", Reason.NO_DIGITS),
        ("*#", Reason.NO_DIGITS),
        ("( - )", Reason.NO_DIGITS),
        ("600@pbx", Reason.INVALID_CHARACTER),
        ("600!", Reason.INVALID_CHARACTER),
        ("1" * 33, Reason.TOO_LONG),
        ("1" + " " * 5000 + "2", Reason.TOO_LONG),
    ],
)
def test_normalize_refuses_with_reason(typed: str, reason: Reason) -> None:
    with pytest.raises(NumberError) as caught:
        normalize(typed)
    assert caught.value.reason is reason
    assert reason.default_text in str(caught.value)


def test_normalize_refuses_text_that_is_not_a_string() -> None:
    with pytest.raises(NumberError) as caught:
        normalize(600)  # type: ignore[arg-type]
    assert caught.value.reason is Reason.NOT_TEXT


def test_thirty_two_digits_is_the_default_limit() -> None:
    assert normalize("1" * 32) == "1" * 32
    with pytest.raises(NumberError) as caught:
        normalize("1" * 33)
    assert "33 digits" in caught.value.detail


def test_max_digits_option_lowers_the_limit() -> None:
    options = NormalizeOptions(max_digits=4)
    assert normalize("1234", options) == "1234"
    with pytest.raises(NumberError) as caught:
        normalize("12345", options)
    assert caught.value.reason is Reason.TOO_LONG


@pytest.mark.parametrize(
    ("typed", "mode", "expected"),
    [
        ("0039 02 1234", "plus", "+39021234"),
        ("+39 02 1234", "plus", "+39021234"),
        ("0039 02 1234", "keep", "0039021234"),
        ("+39 02 1234", "keep", "+39021234"),
        ("+39 02 1234", "00", "0039021234"),
        ("0039 02 1234", "00", "0039021234"),
        ("000", "plus", "000"),  # an emergency number, not a prefix
        ("0012345", "plus", "0012345"),  # too short to be an international number
        ("0039*72#", "plus", "0039*72#"),
        ("600", "00", "600"),
    ],
)
def test_international_prefix_modes(typed: str, mode: str, expected: str) -> None:
    options = NormalizeOptions(international=mode)  # type: ignore[arg-type]
    assert normalize(typed, options) == expected


def test_digit_limit_applies_to_the_converted_number() -> None:
    options = NormalizeOptions(international="00", max_digits=12)
    assert normalize("+39021234567", NormalizeOptions(max_digits=12)) == "+39021234567"
    with pytest.raises(NumberError) as caught:
        normalize("+39021234567", options)
    assert caught.value.reason is Reason.TOO_LONG


@pytest.mark.parametrize(
    "kwargs",
    [
        {"region": "ITA"},
        {"region": "1T"},
        {"region": ""},
        {"international": "011"},
        {"max_digits": 0},
        {"max_digits": 1000},
        {"max_digits": True},
    ],
)
def test_invalid_options_are_refused(kwargs: dict[str, object]) -> None:
    with pytest.raises(NumberError) as caught:
        NormalizeOptions(**kwargs)  # type: ignore[arg-type]
    assert caught.value.reason is Reason.BAD_OPTIONS


def test_region_is_upper_cased() -> None:
    assert NormalizeOptions(region="us").region == "US"


def test_every_reason_has_a_distinct_code_and_english_text() -> None:
    codes = [reason.value for reason in Reason]
    assert len(set(codes)) == len(codes)
    assert all(re.fullmatch(r"[a-z_]+", code) for code in codes)
    assert all(reason.default_text.endswith(".") for reason in Reason)


def test_number_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="Letters"):
        normalize("abc")


# --- describe: the live preview -------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "region", "shown"),
    [
        ("+39 02-1234.5678", "IT", "+39 02 1234 5678"),
        ("0212345678", "IT", "+39 02 1234 5678"),
        ("0039021234", "IT", "+39 02 1234"),
        ("2125550123", "US", "+1 212-555-0123"),
        ("600", "IT", "600"),
        ("*72#", "IT", "*72#"),
        ("0212345678", "ZZ", "0212345678"),
    ],
)
def test_describe_shows_international_format_or_the_number(
    number: str, region: str, shown: str
) -> None:
    assert describe(number, region) == shown


def test_describe_refuses_what_cannot_be_dialled() -> None:
    with pytest.raises(NumberError) as caught:
        describe("600;1")
    assert caught.value.reason is Reason.PAUSE_CHARACTER


# --- links ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("uri", "number", "extension"),
    [
        ("tel:+39-02-1234-5678", "+390212345678", None),
        ("tel:%2B39-02-1234", "+39021234", None),
        ("tel:+39%2002%201234", "+39021234", None),
        ("tel:+39.02.(1234)", "+39021234", None),
        ("tel:+39-02-1234;ext=22", "+39021234", "22"),
        ("tel:+39-02-1234;EXT=2-2", "+39021234", "22"),
        ("tel:1234;phone-context=+39-02", "+39021234", None),
        ("tel:1234;phone-context=%2B39-02", "+39021234", None),
        ("tel:600;phone-context=pbx.example.com", "600", None),
        ("tel:*72%23;phone-context=+39", "*72#", None),
        ("tel:+39021234;phone-context=+1", "+39021234", None),
        ("tel:600;isub=1234;unknown=x", "600", None),
        ("tel://600/", "600", None),
        ("TEL:600", "600", None),
        ("  tel:600\n", "600", None),
        ("callto:+39021234", "+39021234", None),
        ("callto://+39021234", "+39021234", None),
        ("CallTo:+39 02 1234?call", "+39021234", None),
        ("sip:600@pbx.example.com;user=phone", "600", None),
        ("sip:+39021234@host", "+39021234", None),
        ("sips:+39021234@host:5061;transport=tls", "+39021234", None),
        ("sip:+1-212-555-0123:secret@gateway.example.com;user=phone", "+12125550123", None),
        ("sip:+39021234;ext=7@host;user=phone", "+39021234", "7"),
        ("sip:600", "600", None),
        ("SIP:600@host?subject=x", "600", None),
    ],
)
def test_links_give_number_and_extension(uri: str, number: str, extension: str | None) -> None:
    target = parse_uri_full(uri)
    assert target == DialTarget(number=number, extension=extension, raw=uri.strip())
    assert parse_uri(uri) == number


@pytest.mark.parametrize(
    ("uri", "reason"),
    [
        ("sip:alice@example.com", Reason.NOT_A_PHONE_NUMBER),
        ("sip:pbx.example.com", Reason.NOT_A_PHONE_NUMBER),
        ("callto:echo123", Reason.NOT_A_PHONE_NUMBER),
        ("callto://alice", Reason.NOT_A_PHONE_NUMBER),
        ("tel:abc", Reason.LETTERS),
        ("http://example.com/600", Reason.UNSUPPORTED_SCHEME),
        ("mailto:600@example.com", Reason.UNSUPPORTED_SCHEME),
        ("600", Reason.MALFORMED_URI),
        ("tel:600;ext=", Reason.MALFORMED_URI),
        ("tel:600;ext=12a", Reason.MALFORMED_URI),
        ("tel:600;phone-context=+x", Reason.MALFORMED_URI),
        ("sip:@host", Reason.MALFORMED_URI),
        ("tel:600;postd=pp22", Reason.PAUSE_CHARACTER),
        ("tel:600%3B1", Reason.PAUSE_CHARACTER),
        ("tel:600,1", Reason.PAUSE_CHARACTER),
        ("tel:60%0A0", Reason.CONTROL_CHARACTER),
        ("tel:600%0A", Reason.CONTROL_CHARACTER),
        ("tel:600\n;ext=1", Reason.CONTROL_CHARACTER),
        ("tel:", Reason.EMPTY),
        ("", Reason.EMPTY),
        ("tel:" + "1" * 3000, Reason.TOO_LONG),
    ],
)
def test_links_refused_with_reason(uri: str, reason: Reason) -> None:
    with pytest.raises(NumberError) as caught:
        parse_uri_full(uri)
    assert caught.value.reason is reason


def test_links_follow_the_international_option() -> None:
    options = NormalizeOptions(international="00")
    assert parse_uri("tel:1234;phone-context=+39-02", options) == "0039021234"
    assert parse_uri("sip:+39021234@host", options) == "0039021234"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("600", DialTarget("600", None, "600")),
        (" +39 02 1234 ", DialTarget("+39021234", None, "+39 02 1234")),
        ("tel:+39021234;ext=5", DialTarget("+39021234", "5", "tel:+39021234;ext=5")),
        ("sip:600@pbx", DialTarget("600", None, "sip:600@pbx")),
        ("Tel: 02 1234", DialTarget("021234", None, "Tel: 02 1234")),
    ],
)
def test_parse_any_takes_links_and_bare_numbers(text: str, expected: DialTarget) -> None:
    assert parse_any(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("alice", Reason.LETTERS),
        ("ftp://600", Reason.UNSUPPORTED_SCHEME),
        ("", Reason.EMPTY),
    ],
)
def test_parse_any_refuses(text: str, reason: Reason) -> None:
    with pytest.raises(NumberError) as caught:
        parse_any(text)
    assert caught.value.reason is reason


# --- finding numbers in text ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("chiama l'interno 600", ["600"]),
        ("chiama l'interno 600.", ["600"]),
        ("interni: 600, 601 e (602)", ["600", "601", "602"]),
        ("ordine 600, fattura 601", []),
        ("tel. 02 1234 5678 oppure +39 06 1234567", ["0212345678", "+39061234567"]),
        ("ufficio +39 02 1234 5678 int. 22", ["+390212345678"]),
        ("mobile 333 123 4567, poi 600, poi di nuovo 333-123-4567", ["3331234567"]),
        ("il 2024-01-15 alle 12:30", []),
        ("il 15/01/2024 o il 15.01.2024", []),
        ("pi greco 3.14 o 3.1415926535", []),
        ("costa 1.500 euro, 1,250 dollari, €600 o 600€ o 600%", []),
        ("IBAN IT60X0542811101000000123456", []),
        ("codice 12345678901234567890123", []),
        ("x600 v1.2.3 ABC123 600abc", []),
        ("", []),
    ],
)
def test_find_numbers(text: str, expected: list[str]) -> None:
    assert find_numbers(text) == expected


def test_find_numbers_honours_digit_bounds() -> None:
    text = "interno 600, centralino interno 12345, mobile 333 123 4567"
    assert find_numbers(text) == ["600", "12345", "3331234567"]
    assert find_numbers(text, min_digits=4) == ["12345", "3331234567"]
    assert find_numbers(text, max_digits=5) == ["600", "12345"]
    assert find_numbers(text, min_digits=7, max_digits=3) == []


def test_find_numbers_stops_at_the_limit() -> None:
    text = "interni " + ", ".join(str(n) for n in range(600, 650))
    assert find_numbers(text, limit=3) == ["600", "601", "602"]
    assert len(find_numbers(text)) == 20
    assert find_numbers(text, limit=0) == []


def test_find_numbers_uses_the_region() -> None:
    text = "call (212) 555-0123 today"
    assert find_numbers(text, region="US") == ["2125550123"]


def test_find_numbers_never_raises_on_bad_arguments() -> None:
    assert find_numbers("interno 600", region="ITALY") == []
    assert find_numbers(None) == []  # type: ignore[arg-type]


def test_find_numbers_on_a_huge_paste() -> None:
    text = "lorem interno 600 ipsum " + "x" * 2_000_000 + " interno 601"
    assert find_numbers(text) == ["600"]


# --- properties -----------------------------------------------------------------------------

dial_alphabet = st.sampled_from(list("0123456789+*#()-./ \u00a0;,\naZ%:@?=\u200e\u0660\uff11"))
dialish_text = st.text(alphabet=dial_alphabet, max_size=60)
any_text = st.one_of(st.text(), dialish_text, st.text(min_size=200, max_size=3000))
options_strategy = st.builds(
    NormalizeOptions,
    region=st.sampled_from(["IT", "US", "GB", "ZZ"]),
    international=st.sampled_from(["keep", "plus", "00"]),
    max_digits=st.integers(min_value=1, max_value=40),
)
link_text = st.tuples(
    st.sampled_from(["tel:", "TEL:", "callto:", "callto://", "sip:", "sips:", "mailto:", ""]),
    st.one_of(dialish_text, st.text()),
    st.sampled_from(["", ";ext=12", ";phone-context=+39", "@host;user=phone", "?call"]),
).map("".join)

property_settings = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


@property_settings
@given(text=any_text, options=options_strategy)
def test_normalize_output_is_dialable_and_stable(text: str, options: NormalizeOptions) -> None:
    try:
        number = normalize(text, options)
    except NumberError:
        return
    assert DIALABLE.fullmatch(number)
    assert normalize(number, options) == number


@property_settings
@given(text=st.one_of(link_text, any_text), options=options_strategy)
def test_links_raise_only_number_error(text: str, options: NormalizeOptions) -> None:
    for parse in (parse_uri_full, parse_any):
        try:
            target = parse(text, options)
        except NumberError:
            continue
        assert DIALABLE.fullmatch(target.number)
        assert target.extension is None or target.extension.isdigit()
    try:
        number = parse_uri(text, options)
    except NumberError:
        return
    assert DIALABLE.fullmatch(number)


@property_settings
@given(text=st.one_of(dialish_text, st.text()), region=st.sampled_from(["IT", "US", "ZZ", "x"]))
def test_describe_raises_only_number_error(text: str, region: str) -> None:
    try:
        shown = describe(text, region)
    except NumberError:
        return
    assert shown == normalize(text) or shown.startswith("+")


@property_settings
@given(
    text=any_text,
    region=st.sampled_from(["IT", "US", "it", "ZZ", "", "ITA"]),
    min_digits=st.integers(min_value=-1, max_value=20),
    max_digits=st.integers(min_value=-1, max_value=20),
    limit=st.integers(min_value=-1, max_value=25),
)
def test_find_numbers_never_raises(
    text: str, region: str, min_digits: int, max_digits: int, limit: int
) -> None:
    numbers = find_numbers(text, region, min_digits, max_digits, limit)
    assert len(numbers) <= max(limit, 0)
    assert len(set(numbers)) == len(numbers)
    for number in numbers:
        assert DIALABLE.fullmatch(number)
        assert min_digits <= sum(char.isdigit() for char in number) <= max_digits


# --- start-up cost --------------------------------------------------------------------------


def _modules_loaded_after(code: str) -> set[str]:
    script = f"import sys\n{code}\nprint(' '.join(sorted(sys.modules)))"
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return {name.split(".")[0] for name in result.stdout.split()}


def test_import_and_plain_numbers_load_neither_qt_nor_phonenumbers() -> None:
    loaded = _modules_loaded_after(
        "import tvox_panel.phone.numbers as n, tvox_panel.phone.uris as u\n"
        "n.normalize('+39 02 1234'); n.normalize('0039 021234', n.NormalizeOptions("
        "international='plus'))\n"
        "u.parse_any('tel:+39-02-1234;ext=5'); u.parse_any('600')"
    )
    assert "tvox_panel" in loaded
    assert "PySide6" not in loaded
    assert "phonenumbers" not in loaded


def test_describe_loads_phonenumbers_on_demand() -> None:
    loaded = _modules_loaded_after("import tvox_panel.phone.numbers as n\nn.describe('0212345678')")
    assert "phonenumbers" in loaded
    assert "PySide6" not in loaded
