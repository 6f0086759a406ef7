"""Property tests: whatever is done to a valid bank, the validator answers without raising,
with decks and no problems or problems and no decks, every problem at a real position."""

from __future__ import annotations

import copy
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.questions.bank import MAX_PROBLEMS, load_bank_texts
from quizapp.questions.export import dump_deck
from tests.questions.conftest import VALID_BANK

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
DATA = yaml.safe_load(VALID_BANK)
Path = tuple[Any, ...]

values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-5, max_value=100),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
    st.lists(st.text(max_size=8), max_size=4),
    st.dictionaries(st.text(max_size=8), st.text(max_size=8), max_size=3),
)


def paths(node: Any, prefix: Path = ()) -> list[Path]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += paths(value, (*prefix, index))
    return found


ALL_PATHS = paths(DATA)[1:]


def node_at(data: Any, path: Path) -> Any:
    for step in path:
        data = data[step]
    return data


def parent_of(data: Any, path: Path) -> Any:
    return node_at(data, path[:-1])


MAPPING_PATHS = [path for path in paths(DATA) if isinstance(node_at(DATA, path), dict)]


def check(text: str | bytes) -> None:
    data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    decks, problems = load_bank_texts([("bank.yaml", data)])
    assert bool(decks) != bool(problems)
    assert len(problems) <= MAX_PROBLEMS + 1
    for problem in problems:
        assert problem.line >= 1 and problem.column >= 1, problem
        assert str(problem).startswith(f"bank.yaml:{problem.line}:{problem.column}: ")
    for deck in decks:
        again, more = load_bank_texts([("again.yaml", dump_deck(deck).encode())])
        assert more == []
        assert again[0].content() == deck.content()
        assert [q.content() for q in again[0].questions] == [q.content() for q in deck.questions]


def dumped(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@SETTINGS
@given(st.sampled_from(ALL_PATHS))
def test_deleting_any_key_or_entry(path: Path) -> None:
    data = copy.deepcopy(DATA)
    del parent_of(data, path)[path[-1]]
    check(dumped(data))


@SETTINGS
@given(st.sampled_from(ALL_PATHS), values)
def test_replacing_any_value(path: Path, value: Any) -> None:
    data = copy.deepcopy(DATA)
    parent_of(data, path)[path[-1]] = value
    check(dumped(data))


@SETTINGS
@given(st.sampled_from(MAPPING_PATHS), st.text(max_size=12), values)
def test_adding_a_field(path: Path, key: str, value: Any) -> None:
    data = copy.deepcopy(DATA)
    node_at(data, path)[key] = value
    check(dumped(data))


@SETTINGS
@given(st.integers(min_value=0, max_value=6), st.booleans())
def test_duplicating_a_question(index: int, same_id: bool) -> None:
    data = copy.deepcopy(DATA)
    twin = copy.deepcopy(data["questions"][index])
    if not same_id:
        twin["id"] += "-copy"
    data["questions"].append(twin)
    check(dumped(data))


@SETTINGS
@given(st.integers(min_value=0, max_value=len(VALID_BANK)))
def test_truncating_the_text(cut: int) -> None:
    check(VALID_BANK[:cut])


@SETTINGS
@given(st.integers(min_value=0, max_value=len(VALID_BANK)), st.text(min_size=1, max_size=12))
def test_inserting_random_text(position: int, inserted: str) -> None:
    check(VALID_BANK[:position] + inserted + VALID_BANK[position:])


@SETTINGS
@given(
    st.integers(min_value=0, max_value=len(VALID_BANK)),
    st.binary(min_size=1, max_size=12),
)
def test_overwriting_with_random_bytes(position: int, noise: bytes) -> None:
    data = VALID_BANK.encode()
    check(data[:position] + noise + data[position + len(noise) :])


@SETTINGS
@given(st.binary(max_size=200))
def test_random_bytes(data: bytes) -> None:
    check(data)
