"""The accepted ISO-4217 currencies and their minor-unit exponents.

Active codes of the ISO-4217 list (funds, precious metals and the "no currency" codes excluded). The exponent says
how many minor units make one major unit (EUR 2, JPY 0, KWD 3); amounts are always stored in minor units.
"""

from __future__ import annotations

from types import MappingProxyType

# Grouped by exponent; written as text so the list stays readable.
_TWO = """
AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF
CNY COP CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF
IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR
MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD
SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD UYU UZS VES WST XCD XCG YER
ZAR ZMW ZWG
"""
_ZERO = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX VND VUV XAF XOF XPF"
_THREE = "BHD IQD JOD KWD LYD OMR TND"

_EXPONENTS: dict[str, int] = {
    **dict.fromkeys(_TWO.split(), 2),
    **dict.fromkeys(_ZERO.split(), 0),
    **dict.fromkeys(_THREE.split(), 3),
    "UYW": 4,
}

#: Currency code -> minor-unit exponent, read-only.
CURRENCY_EXPONENTS = MappingProxyType(_EXPONENTS)


def is_known_currency(code: str) -> bool:
    """True for an upper-case three-letter code in the accepted list."""
    return code in CURRENCY_EXPONENTS
