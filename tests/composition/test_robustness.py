"""Bad input never escapes as an exception: mutated corpus SDLs compose or fail with coded errors."""

from __future__ import annotations

import random

from router.composition import SubgraphSource, compose

from .corpus import generated, hand_written

INSERTS = [
    "@external ",
    '@key(fields: "id") ',
    "@shareable ",
    '@provides(fields: "x") ',
    '@requires(fields: "a { b }") ',
    '@override(from: "a") ',
    "@inaccessible ",
    "@interfaceObject ",
    "! ",
    "[",
    "]",
    "implements Node ",
    "extend ",
    '"""',
]


def _mutate(rng: random.Random, sdl: str) -> str:
    choice = rng.random()
    if choice < 0.3:
        lines = sdl.splitlines()
        if lines:
            del lines[rng.randrange(len(lines))]
        return "\n".join(lines)
    if choice < 0.6:
        tokens = sdl.split(" ")
        tokens[rng.randrange(len(tokens))] = tokens[rng.randrange(len(tokens))]
        return " ".join(tokens)
    position = rng.randrange(len(sdl) + 1)
    return sdl[:position] + rng.choice(INSERTS) + sdl[position:]


def test_mutated_subgraphs_never_raise() -> None:
    rng = random.Random(7)
    cases = hand_written() + generated(20)
    outcomes = {"composed": 0, "errors": 0}
    for _ in range(400):
        case = rng.choice(cases)
        sources = [SubgraphSource(s["name"], s["url"], _mutate(rng, s["sdl"])) for s in case["subgraphs"]]
        result = compose(sources)
        if result.ok:
            outcomes["composed"] += 1
        else:
            outcomes["errors"] += 1
            assert all(e.code and e.message for e in result.errors)
    assert outcomes["composed"] >= 10 and outcomes["errors"] >= 100, outcomes
