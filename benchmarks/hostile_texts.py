"""What one hostile crowd text costs: the check at load, and rendering the worst texts the limits let through.

    python benchmarks/hostile_texts.py

For each pattern it prints the time the load check takes on the hostile text (which it refuses), then the
time Markdown + sanitising take on the largest text of the same pattern that stays within the limits of
crowdgallery/load/limits.py. Figures belong in docs/performance.md with the machine they were measured on.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from crowdgallery import markup  # noqa: E402
from crowdgallery.load import limits  # noqa: E402


def nested(depth: int) -> str:
    return "".join("    " * i + "- x\n" for i in range(depth))


def within(make, limit: int) -> str:
    """The largest repetition of ``make(n)`` that the limits accept (binary search on n)."""
    low, high = 1, limit
    while low < high:
        mid = (low + high + 1) // 2
        if limits.text_problem("description", make(mid)) is None:
            low = mid
        else:
            high = mid - 1
    return make(low)


PATTERNS = {
    # name: (the hostile text of the report, a maker for the same pattern at size n)
    "nested lists (3,000 deep)": (nested(3000), lambda n: nested(limits.MAX_NESTING) * max(1, n // 100)),
    "brackets ([×20,000 x ](y)×20,000)": ("[" * 20000 + "x" + "](y)" * 20000,
                                          lambda n: ("[" * limits.MAX_OPEN + "x" + "](y)" * limits.MAX_OPEN + "\n") * n),
    "unclosed brackets ([a ×20,000)": ("[a " * 20000, lambda n: ("[a " * limits.MAX_OPEN + "]" * limits.MAX_OPEN) * n),
    "unclosed tags (<a ×20,000)": ("<a " * 20000, lambda n: ("<a " * limits.MAX_OPEN + ">" * limits.MAX_OPEN) * n),
    "entities (&amp;×100,000)": ("&amp;" * 100000, lambda n: "&amp;" * n),
    "a 50 MB title": ("x" * 50_000_000, lambda n: "x" * n),
}


def main() -> None:
    print(f"{'pattern':40} {'check (refused)':>16} {'worst accepted':>15} {'its size':>10} {'render':>8}")
    for name, (hostile, make) in PATTERNS.items():
        start = time.perf_counter()
        refused = limits.text_problem("description", hostile) is not None
        check = time.perf_counter() - start
        text = within(make, 100_000)
        start = time.perf_counter()
        markup.CrowdText().render_markdown(text)  # a fresh converter: nothing cached
        render = time.perf_counter() - start
        print(f"{name:40} {check * 1000:13.1f} ms {'refused' if refused else 'ACCEPTED':>15} "
              f"{len(text):>10,} {render:7.2f}s")


if __name__ == "__main__":
    main()
