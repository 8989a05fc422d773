"""`python -m subgraphs.giftcard.reconcile --giftcard-db URL --wallet-db URL`: card debits vs wallet credits.

Reads both databases (read-only) and checks, per redemption: its REDEEM activity debited exactly its amount; a
COMPLETED one has exactly one matching wallet credit (same wallet, amount, currency; reference = redemption id) and
no refund; a FAILED one has a REFUND of its amount and no wallet credit; a PENDING one has no refund (its credit may
be in flight). It also checks that every card's balance equals the sum of its activities and that every credit the
relay booked belongs to a redemption. Totals: debits - refunds = credits + in flight. Any difference is printed and
the exit status is 1 (2 for bad arguments); `--require-settled` also counts PENDING redemptions as differences.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select, text

from subgraphs.giftcard.persistence.tables import gift_card_activities, gift_cards, redemptions
from subgraphs.shared.database import create_database_engine


@dataclass(frozen=True, slots=True)
class RedemptionRecord:
    """A redemption as the giftcard database has it."""

    id: str
    wallet_id: str
    amount: int
    currency: str
    status: str


@dataclass(frozen=True, slots=True)
class CreditRecord:
    """A wallet credit that carries a reference."""

    reference: str
    wallet_id: str
    amount: int
    currency: str
    actor: str


@dataclass
class Report:
    """The outcome: differences (empty = books agree) and totals per currency."""

    differences: list[str] = field(default_factory=list)
    debited: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    refunded: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    credited: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    in_flight: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))


def compare(
    redemption_rows: Iterable[RedemptionRecord],
    money_activities: Iterable[tuple[str, str, int]],
    credits: Iterable[CreditRecord],
    card_drift: Iterable[tuple[str, int, int]],
    *,
    relay_actor: str,
    require_settled: bool = False,
) -> Report:
    """Pure comparison. `money_activities`: (kind, reference, amount) of REDEEM/REFUND; `card_drift`: (card id,
    balance, ledger sum) of cards whose balance differs from their ledger."""
    report = Report()
    redeemed: dict[str, int] = {}
    refunds: dict[str, int] = {}
    for kind, reference, amount in money_activities:
        (redeemed if kind == "REDEEM" else refunds)[reference] = amount
    by_reference: dict[str, list[CreditRecord]] = defaultdict(list)
    for credit in credits:
        by_reference[credit.reference].append(credit)
    known: set[str] = set()
    for r in redemption_rows:
        known.add(r.id)
        report.counts[r.status] += 1
        matched = [
            c
            for c in by_reference.get(r.id, [])
            if (c.wallet_id, c.amount, c.currency) == (r.wallet_id, r.amount, r.currency)
        ]
        others = len(by_reference.get(r.id, [])) - len(matched)
        report.debited[r.currency] += -redeemed.get(r.id, 0)
        report.refunded[r.currency] += refunds.get(r.id, 0)
        report.credited[r.currency] += sum(c.amount for c in matched)
        if redeemed.get(r.id) != -r.amount:
            report.differences.append(f"redemption {r.id}: card debit {redeemed.get(r.id)} != -{r.amount}")
        if others:
            report.differences.append(f"redemption {r.id}: {others} wallet credit(s) with other wallet/amount")
        if len(matched) > 1:
            report.differences.append(f"redemption {r.id}: credited {len(matched)} times")
        if r.status == "COMPLETED" and (len(matched) != 1 or r.id in refunds):
            report.differences.append(
                f"redemption {r.id}: COMPLETED but {len(matched)} credit(s), refund {r.id in refunds}"
            )
        elif r.status == "FAILED" and (matched or refunds.get(r.id) != r.amount):
            report.differences.append(
                f"redemption {r.id}: FAILED but {len(matched)} credit(s), refund {refunds.get(r.id)}"
            )
        elif r.status == "PENDING":
            if r.id in refunds:
                report.differences.append(f"redemption {r.id}: PENDING but refunded")
            if not matched:
                report.in_flight[r.currency] += r.amount
            if require_settled:
                report.differences.append(f"redemption {r.id}: still PENDING")
    for reference, found in by_reference.items():
        if reference not in known and any(c.actor == relay_actor for c in found):
            report.differences.append(f"wallet credit {reference}: booked by the relay but no such redemption")
    for card_id, balance, ledger in card_drift:
        report.differences.append(f"gift card {card_id}: balance {balance} != activity sum {ledger}")
    for currency in set(report.debited) | set(report.credited):
        net = report.debited[currency] - report.refunded[currency]
        if net != report.credited[currency] + report.in_flight[currency]:
            report.differences.append(
                f"{currency}: debits {report.debited[currency]} - refunds {report.refunded[currency]} != credits "
                f"{report.credited[currency]} + in flight {report.in_flight[currency]}"
            )
    return report


def load_and_compare(giftcard_db: str, wallet_db: str, *, relay_actor: str, require_settled: bool = False) -> Report:
    """Read both databases and compare them."""
    giftcard = create_database_engine(giftcard_db, pool_size=1, max_overflow=0)
    wallet = create_database_engine(wallet_db, pool_size=1, max_overflow=0)
    try:
        with giftcard.connect() as connection:
            rows = [
                RedemptionRecord(row.id, row.wallet_id, int(row.amount), row.currency, row.status)
                for row in connection.execute(select(redemptions))
            ]
            a = gift_card_activities.c
            activities = [
                (row.kind, row.reference, int(row.amount))
                for row in connection.execute(
                    select(a.kind, a.reference, a.amount).where(a.kind.in_(["REDEEM", "REFUND"]))
                )
            ]
            balances = {row.id: int(row.balance) for row in connection.execute(select(gift_cards))}
            sums: dict[str, int] = defaultdict(int)
            for row in connection.execute(select(a.gift_card_id, a.amount)):
                sums[row.gift_card_id] += int(row.amount)
        with wallet.connect() as connection:
            credits = [
                CreditRecord(row.reference, row.wallet_id, int(row.amount), row.currency, row.actor)
                for row in connection.execute(
                    text(
                        "SELECT reference, wallet_id, amount, currency, actor FROM wallet_transactions "
                        "WHERE kind = 'CREDIT' AND reference IS NOT NULL"
                    )
                )
            ]
    finally:
        giftcard.dispose()
        wallet.dispose()
    drift = [(card_id, balance, sums[card_id]) for card_id, balance in balances.items() if balance != sums[card_id]]
    return compare(rows, activities, credits, drift, relay_actor=relay_actor, require_settled=require_settled)


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments, reconcile, print the report; 0 when the books agree, 1 otherwise."""
    parser = argparse.ArgumentParser(
        prog="python -m subgraphs.giftcard.reconcile", description="Compare gift card debits with wallet credits."
    )
    parser.add_argument("--giftcard-db", required=True, help="SQLAlchemy URL of the giftcard database")
    parser.add_argument("--wallet-db", required=True, help="SQLAlchemy URL of the wallet database")
    parser.add_argument("--relay-actor", default="service:giftcard-relay", help="`sub` of the relay's token")
    parser.add_argument("--require-settled", action="store_true", help="count PENDING redemptions as differences")
    args = parser.parse_args(argv)
    report = load_and_compare(
        args.giftcard_db, args.wallet_db, relay_actor=args.relay_actor, require_settled=args.require_settled
    )
    out = sys.stdout
    out.write(f"redemptions: {dict(report.counts)}\n")
    for currency in sorted(set(report.debited) | set(report.credited)):
        out.write(
            f"{currency}: debited {report.debited[currency]}, refunded {report.refunded[currency]}, "
            f"credited {report.credited[currency]}, in flight {report.in_flight[currency]}\n"
        )
    for difference in report.differences:
        out.write(f"DIFFERENCE {difference}\n")
    out.write("books agree\n" if not report.differences else f"{len(report.differences)} difference(s)\n")
    return 1 if report.differences else 0


if __name__ == "__main__":
    raise SystemExit(main())
