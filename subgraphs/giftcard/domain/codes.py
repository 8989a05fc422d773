"""Gift card codes: generation, normalisation, the peppered HMAC that is all we store, and masking. Pure.

A code is 16 symbols of Crockford's base-32 alphabet (no I, L, O, U: nothing to misread), drawn with `secrets`:
16 x 5 = 80 bits. It is shown once, grouped `XXXX-XXXX-XXXX-XXXX`. Input is forgiving (case, dashes, spaces, and
the look-alikes O->0, I/L->1) but anything else is simply not a code. Only `HMAC-SHA256(pepper, code)` is stored,
so a stolen database does not yield spendable codes; only the last four symbols are ever shown again.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

#: Crockford base-32: digits and upper-case letters without I, L, O, U.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 16
GROUP = 4
#: Longer input is refused before any work (it cannot be a code).
MAX_INPUT_LENGTH = 64

_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_ALPHABET_SET = frozenset(ALPHABET)

assert len(ALPHABET) == 32 and len(_ALPHABET_SET) == 32


def generate_code() -> str:
    """A fresh code: 16 symbols from `secrets` (80 bits), without grouping."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def format_code(code: str) -> str:
    """`ABCDEFGH...` -> `ABCD-EFGH-...` (how a code is shown, once)."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


def normalise_code(raw: object) -> str | None:
    """The canonical 16 symbols of a user-typed code, or None when it cannot be a code."""
    if not isinstance(raw, str) or len(raw) > MAX_INPUT_LENGTH:
        return None
    compact = raw.replace("-", "").replace(" ", "").upper().translate(_LOOKALIKES)
    if len(compact) != CODE_LENGTH or not set(compact) <= _ALPHABET_SET:
        return None
    return compact


def hash_code(code: str, pepper: bytes) -> str:
    """Hex HMAC-SHA256 of a normalised code under the configured pepper: the only stored form."""
    return hmac.new(pepper, code.encode("ascii"), hashlib.sha256).hexdigest()


def last4(code: str) -> str:
    """The last four symbols: all that is ever shown after issue."""
    return code[-GROUP:]


def mask(last_four: str) -> str:
    """`****-****-****-WXYZ`."""
    hidden = "-".join("*" * GROUP for _ in range(CODE_LENGTH // GROUP - 1))
    return f"{hidden}-{last_four}"
