"""Codes: alphabet and entropy, normalisation, the peppered HMAC, masking."""

from __future__ import annotations

import hashlib
import hmac
import math

from subgraphs.giftcard.domain.codes import (
    ALPHABET,
    CODE_LENGTH,
    format_code,
    generate_code,
    hash_code,
    last4,
    mask,
    normalise_code,
)


def test_alphabet_is_32_unambiguous_symbols_and_codes_carry_80_bits() -> None:
    assert len(set(ALPHABET)) == 32
    assert not set("ILOU") & set(ALPHABET)
    assert CODE_LENGTH >= 16
    assert CODE_LENGTH * math.log2(len(ALPHABET)) >= 80


def test_generated_codes_use_the_alphabet_and_do_not_repeat() -> None:
    codes = [generate_code() for _ in range(2000)]
    assert all(len(code) == CODE_LENGTH and set(code) <= set(ALPHABET) for code in codes)
    assert len(set(codes)) == len(codes)
    # every symbol shows up: the draw covers the whole alphabet
    assert set("".join(codes)) == set(ALPHABET)


def test_normalisation_accepts_how_people_type_and_refuses_everything_else() -> None:
    code = generate_code()
    shown = format_code(code)
    assert shown.count("-") == 3 and shown.replace("-", "") == code
    assert normalise_code(shown) == code
    assert normalise_code(shown.lower()) == code
    assert normalise_code(" ".join(shown.split("-"))) == code
    assert normalise_code("0000-1111-0000-1111".replace("0", "O").replace("1", "l")) == "0000111100001111"
    for bad in ["", code[:-1], code + "0", code[:-1] + "U", "x" * 10_000, None, 12345]:
        assert normalise_code(bad) is None


def test_only_the_peppered_hmac_is_stored_and_it_depends_on_the_pepper() -> None:
    code = generate_code()
    digest = hash_code(code, b"p" * 32)
    assert digest == hmac.new(b"p" * 32, code.encode(), hashlib.sha256).hexdigest()
    assert digest != hash_code(code, b"q" * 32)
    assert digest != hashlib.sha256(code.encode()).hexdigest()
    assert code not in digest


def test_masking_shows_only_the_last_four() -> None:
    code = generate_code()
    assert last4(code) == code[-4:]
    assert mask(last4(code)) == "****-****-****-" + code[-4:]
    assert code[:12] not in mask(last4(code))
