"""``builds_on`` as a graph, checked: an idea cannot grow from itself, even by a long way round.

A cycle is an error that names every id on it, at the first submission of the cycle.
"""
from __future__ import annotations

from typing import Iterable

from crowdgallery.model import Submission
from crowdgallery.problems import Problem


def check_cycles(submissions: Iterable[Submission], problems: list[Problem]) -> None:
    by_id = {s.id: s for s in submissions}
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    reported: set[frozenset[str]] = set()
    for start in sorted(by_id):
        if state.get(start):
            continue
        path: list[str] = []
        stack = [(start, iter(sorted(by_id[start].builds_on)))]
        state[start] = 1
        path.append(start)
        while stack:
            node, children = stack[-1]
            child = next((c for c in children if c in by_id and c != node), None)
            if child is None:
                state[node] = 2
                stack.pop()
                path.pop()
            elif state.get(child) == 1:
                cycle = path[path.index(child):]
                key = frozenset(cycle)
                if key not in reported:
                    reported.add(key)
                    first = min(cycle)
                    i = cycle.index(first)
                    ring = cycle[i:] + cycle[:i] + [first]
                    problems.append(Problem(by_id[first].loc, "builds_on goes round in a circle: "
                                            f"{' → '.join(ring)}; an idea cannot build on its own descendants, "
                                            "so remove one of these links"))
            elif not state.get(child):
                state[child] = 1
                path.append(child)
                stack.append((child, iter(sorted(by_id[child].builds_on))))


