"""Deterministic in-memory data shared by the test subgraphs (each subgraph reads only its own part).

Users, products, inventory and reviews come from the public gateway benchmark (`bench_data.json`, copied from
/work/shared/bench-data with shortened review bodies); the rest is derived here by fixed rules.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

_BENCH = Path(__file__).with_name("bench_data.json")


@cache
def bench() -> dict[str, list[dict[str, Any]]]:
    loaded: dict[str, list[dict[str, Any]]] = json.loads(_BENCH.read_text())
    return loaded


def users() -> dict[str, dict[str, Any]]:
    return {u["id"]: u for u in bench()["users"]}


def products() -> dict[str, dict[str, Any]]:
    result: dict[str, dict[str, Any]] = {}
    for p in bench()["products"]:
        upc = p["upc"]
        n = int(upc)
        result[upc] = {
            **p,
            "sku": f"SKU-{upc}",
            "variation": {"id": f"V{upc}"},
            "category": ["furniture", "kitchen", "electronics"][n % 3],
            "dimensions": {"size": ["S", "M", "L"][n % 3], "weight": float(p["weight"]) / 10},
            "createdById": str((n % 6) + 1),
        }
    return result


def in_stock() -> dict[str, bool]:
    return {i["upc"]: i["inStock"] for i in bench()["inventory"]}


def reviews() -> dict[str, dict[str, Any]]:
    """Product reviews (from the benchmark) plus reviews of media items (ids m1..m5)."""
    result: dict[str, dict[str, Any]] = {}
    for r in bench()["reviews"]:
        n = int(r["id"])
        result[r["id"]] = {
            "id": r["id"],
            "body": r["body"],
            "rating": (n % 5) + 1,
            "productUpc": r["productUpc"],
            "authorId": str((n % 6) + 1),
            "mediaId": None,
        }
    for n, media_id in enumerate(["b1", "m1", "b1", "m2", "b2"], start=1):
        result[f"m{n}"] = {
            "id": f"m{n}",
            "body": f"Media review {n}",
            "rating": (n % 5) + 1,
            "productUpc": None,
            "authorId": str(n),
            "mediaId": media_id,
        }
    return result


def media() -> dict[str, dict[str, Any]]:
    return {
        "b1": {"__typename": "Book", "id": "b1", "title": "Dune", "author": "Frank Herbert", "pages": 412},
        "b2": {"__typename": "Book", "id": "b2", "title": "Emma", "author": "Jane Austen", "pages": None},
        "b3": {"__typename": "Book", "id": "b3", "title": "Ulysses", "author": "James Joyce", "pages": 730},
        "m1": {"__typename": "Movie", "id": "m1", "title": "Alien", "director": "Ridley Scott", "genre": "DRAMA"},
        "m2": {"__typename": "Movie", "id": "m2", "title": "Playtime", "director": "Jacques Tati", "genre": "COMEDY"},
        "m3": {"__typename": "Movie", "id": "m3", "title": "Koyaanisqatsi", "director": "G. Reggio", "genre": None},
    }
