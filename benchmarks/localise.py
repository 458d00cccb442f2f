"""Error localisation: how often the first suggestion is the changed cell with its original value, and how long
localising takes.

    python benchmarks/localise.py [--reports 200] [--seed 1]

Reports: balanced ones as benchmarks/generate.py makes them (every unit its own figures, in the proportions of
real reports), plus the sample.  Each trial changes one cell of table 三 or 四 (an input or a total, chosen at
random) by +1, -1, +2, -2, +10, -10 or a swap of two adjacent digits (a value that stays a non-negative
integer and differs), in the values as read (the totals do not follow: a clerk typing over a cell), and then
localises.  A trial counts as found when the changed cell is the only suggestion of rank 1 and its value is
the original one; "among the first" when it is one of the rank-1 suggestions (equal candidates).  Two-cell
trials change two cells of table 三 in different rows and columns.  Time: per failing report, localisation
alone (process time).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

CHANGES = (1, -1, 2, -2, 10, -10, "swap")
Key = tuple[str, str, str]
Numbers = dict[Key, int | float]


def _changed(value: int, change: object, rng: random.Random) -> int | None:
    if change == "swap":
        digits = str(value)
        if len(digits) < 2:
            return None
        i = rng.randrange(len(digits) - 1)
        swapped = digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :]
        new = int(swapped)
        return new if new != value and not swapped.startswith("0") else None
    new = value + int(change)  # type: ignore[call-overload]
    return new if new >= 0 else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=200)
    parser.add_argument("--trials", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    from generate import random_values

    from report_check.format import CURRENT
    from report_check.reader.place.codes import build_report
    from report_check.rules.base import Subject
    from report_check.rules.localise import Suggestion, localise
    from report_check.template.fill import fill, grids_of

    rng = random.Random(args.seed)
    layout = build_report("<memory>", grids_of(fill(random_values(rng, 0, 2022))), CURRENT)
    numbers_of = [random_values(rng, index, 2022).numbers for index in range(args.reports)]
    keys = [key for key in layout.cells if key[0] in ("t3", "t4")]
    t3 = [key for key in keys if key[0] == "t3"]

    def trial(numbers: Numbers, changes: dict[Key, int]) -> tuple[list[Suggestion], float]:
        subject = Subject(layout)
        subject.numbers = {**numbers, **changes}
        start = time.process_time()
        found = localise(subject)
        return found, time.process_time() - start

    results: dict[str, list[tuple[bool, bool]]] = {
        "one cell of 三": [],
        "one cell of 四": [],
        "two cells of 三": [],
        "one typed cell of 三, totals following (the template's SUMs)": [],
    }
    following = "one typed cell of 三, totals following (the template's SUMs)"
    results_rows = {row.code for row in CURRENT.table("t3").rows if row.code.startswith("3.3.") and row.code != "3.3.7"}
    typed = [key for key in t3 if key[2] != "total" and key[1] != "3.3.7"]
    single = "one cell"  # a single change: any cell of 三 and 四 alike (175 and 15 of them)
    times: list[float] = []
    attempts = 0
    while sum(len(v) for v in results.values()) < args.trials and attempts < args.trials * 20:
        attempts += 1
        numbers = rng.choice(numbers_of)
        kind = rng.choice([single, single, "two cells of 三", following])
        count = 2 if kind.startswith("two") else 1
        chosen = rng.sample(t3 if count == 2 else typed if kind == following else keys, count)
        if count == 1 and kind != following:
            kind = "one cell of 三" if chosen[0][0] == "t3" else "one cell of 四"
        if count == 2 and (chosen[0][1] == chosen[1][1] or chosen[0][2] == chosen[1][2]):
            continue
        changes = {}
        for key in chosen:
            value = numbers.get(key)
            new = _changed(int(value), rng.choice(CHANGES), rng) if isinstance(value, int | float) else None
            if new is None:
                break
            changes[key] = new
        if len(changes) != count:
            continue
        if kind == following:  # the template's SUMs carry the change into the totals
            ((key, new),) = changes.items()
            delta = new - numbers[key]
            _, row, column = key
            totals = [("t3", row, "total")]
            if row in results_rows:
                totals += [("t3", "3.3.7", column), ("t3", "3.3.7", "total")]
            changes.update({total: int(numbers[total] + delta) for total in totals})
        found, spent = trial(numbers, changes)
        times.append(spent)
        truth = sorted((key, int(numbers[key])) for key in chosen)
        groups: dict[int, list[tuple[Key, int]]] = {}
        for s in found:
            if s.rank == 1:
                groups.setdefault(s.group, []).append((s.key, s.value))
        exact = len(groups) == 1 and sorted(next(iter(groups.values()))) == truth
        among = any(sorted(group) == truth for group in groups.values())
        results[kind].append((exact, among))
    print("| trials | first suggestion is the changed cell(s) with the original value | among the equal first |")
    print("|---|---|---|")
    total = [item for items in results.values() for item in items]
    for kind, items in [
        *results.items(),
        ("all single-cell changes", results["one cell of 三"] + results["one cell of 四"]),
    ]:
        first = sum(1 for e, _ in items if e) / max(1, len(items))
        equal = sum(1 for _, a in items if a) / max(1, len(items))
        print(f"| {kind} ({len(items)}) | {first:.1%} | {equal:.1%} |")
    median, slowest = statistics.median(times) * 1000, max(times) * 1000
    print(f"\nlocalising a failing report: median {median:.2f} ms, slowest {slowest:.2f} ms ({len(total)} reports)")


if __name__ == "__main__":
    main()
