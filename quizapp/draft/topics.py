"""Topics for a draft: the sections clustered by the key phrases they share (average-link
agglomerative clustering on cosine similarity), a handful per document, each titled by the
phrase its sections have most in common."""

from __future__ import annotations

import math
from collections import Counter

from quizapp.lint.text import terms

MAX_TOPICS = 6
# Neighbouring sections often continue one subject: a small bonus for merging them.
NEIGHBOUR_BONUS = 0.05


def topic_count(sections: int) -> int:
    return max(1, min(MAX_TOPICS, round(sections / 2)))


def cluster(part_phrases: list[list[str]], titles: list[str]) -> list[tuple[str, list[int]]]:
    """(title, section indexes) per topic, in the order of their first section."""
    vectors = [Counter(t for p in phrases for t in terms(p)) for phrases in part_phrases]
    groups: list[list[int]] = [[i] for i in range(len(part_phrases))]
    wanted = topic_count(len(groups))
    while len(groups) > wanted:
        best: tuple[float, int, int] = (-1.0, 0, 1)
        for a in range(len(groups)):
            for b in range(a + 1, len(groups)):
                score = _linkage(vectors, groups[a], groups[b])
                if any(abs(x - y) == 1 for x in groups[a] for y in groups[b]):
                    score += NEIGHBOUR_BONUS
                if score > best[0]:
                    best = (score, a, b)
        _, a, b = best
        groups[a] = sorted(groups[a] + groups.pop(b))
    groups.sort(key=lambda g: g[0])
    used: set[str] = set()
    named = []
    for group in groups:
        name = _name(group, part_phrases, titles, used)
        used.add(name.casefold())
        named.append((name, group))
    return named


def _linkage(vectors: list[Counter[str]], a: list[int], b: list[int]) -> float:
    scores = [_cosine(vectors[x], vectors[y]) for x in a for y in b]
    return sum(scores) / len(scores)


def _cosine(a: Counter[str], b: Counter[str]) -> float:
    dot = sum(a[t] * b[t] for t in a.keys() & b.keys())
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def _name(
    group: list[int], part_phrases: list[list[str]], titles: list[str], used: set[str]
) -> str:
    """The phrase whose terms the group's sections share most, the best-ranked on a tie; a
    one-section topic takes its section's title."""
    if len(group) > 1:
        shared: Counter[str] = Counter()
        rank: dict[str, int] = {}
        for index in group:
            for position, phrase in enumerate(part_phrases[index]):
                rank[phrase] = min(rank.get(phrase, position), position)
                shared[phrase] += sum(
                    1
                    for other in group
                    if other != index and terms(phrase) & _all_terms(part_phrases[other])
                )
        ranked = sorted(shared, key=lambda p: (-shared[p], rank[p]))
        for phrase in ranked:
            if phrase.casefold() not in used and shared[phrase] > 0:
                return phrase[:1].upper() + phrase[1:]
    for index in group:
        if titles[index].casefold() not in used:
            return titles[index]
    return f"{titles[group[0]]} and more"


def _all_terms(phrases: list[str]) -> frozenset[str]:
    return frozenset().union(*(terms(p) for p in phrases)) if phrases else frozenset()
