"""Role nouns that are a named person: "the suspect, John Doe," / "the gunman was identified as John Doe"."""

from __future__ import annotations

import pytest
from test_resolve import ids_of, resolve

from dateline.resources import load_roles

pytestmark = pytest.mark.model

ON = "2024-03-01"


def role_ids(nlp, kb, text, word):
    """The actor ids of every mention written ``word`` in ``text``, and the actors' ids."""
    actors, mentions = resolve(nlp, kb, text, ON)
    return ids_of(mentions, word), {a.id for a in actors}


@pytest.mark.parametrize(
    "text",
    [
        # apposition
        "The gunman, Tobias Krennick, opened fire on the guards. Later the gunman fled the town.",
        # a copula
        "The gunman was Tobias Krennick, the police chief said. The gunman fled the town.",
        # identified as
        "A gunman attacked a bus station on Monday. The gunman was identified as Tobias Krennick.",
        "Police identified the gunman as Tobias Krennick. The gunman had fled the town.",
        "The gunman, identified as Tobias Krennick, attacked two guards.",
    ],
)
def test_a_role_noun_said_to_be_a_named_person_is_that_person(nlp, kb, text):
    ids, actors = role_ids(nlp, kb, text, "gunman")
    person = "new:tobias-krennick"
    assert person in actors
    assert "new:gunman" not in actors
    assert all(i == person for i in ids)


def test_the_name_in_apposition_is_the_mention_and_the_event_side(nlp, kb):
    ids, actors = role_ids(nlp, kb, "The suspect, Marten Vollgrave, attacked a guard. The suspect later fled.", "suspect")
    assert ids == ["new:marten-vollgrave"]  # the apposed "suspect" gives way to the name beside it
    assert "new:suspect" not in actors


def test_a_definite_role_noun_after_one_person_arrested_is_that_person(nlp, kb):
    text = "Ludo Farnsby was arrested on Monday in the port. Police said the suspect had planned the attack."
    ids, actors = role_ids(nlp, kb, text, "suspect")
    assert ids == ["new:ludo-farnsby"]
    assert "new:suspect" not in actors


def test_a_person_charged_ties_the_role_too(nlp, kb):
    text = "Prosecutors charged Ludo Farnsby with murder on Friday. The gunman had worked at the firm for years."
    ids, _ = role_ids(nlp, kb, text, "gunman")
    assert ids == ["new:ludo-farnsby"]


def test_no_merge_when_two_people_fit(nlp, kb):
    text = ("Ludo Farnsby was arrested on Monday. Kerrin Maddox was also arrested on Tuesday. "
            "Police said the suspect had planned the attack.")
    ids, _ = role_ids(nlp, kb, text, "suspect")
    assert ids == ["new:suspect"]  # the role stays an actor of its own


def test_a_gunman_is_no_woman_arrested(nlp, kb):
    text = "Kerrin Maddox was arrested on Monday. She denied the charges. Police said the gunman had fled."
    ids, _ = role_ids(nlp, kb, text, "gunman")
    assert ids == ["new:gunman"]


def test_no_merge_with_a_person_arrested_only_after_the_role_noun(nlp, kb):
    ids, _ = role_ids(nlp, kb, "Police said the suspect attacked a guard. Ludo Farnsby was arrested later.", "suspect")
    assert ids == ["new:suspect"]


def test_an_indefinite_role_noun_is_not_the_person_arrested(nlp, kb):
    text = "Ludo Farnsby was arrested on Monday. Police said a suspect had attacked a guard in another town."
    ids, _ = role_ids(nlp, kb, text, "suspect")
    assert ids == ["new:suspect"]


def test_a_plural_role_noun_stays_the_group(nlp, kb):
    text = "The gunman, Tobias Krennick, fled. Police said the gunmen had planned the attack together."
    actors, mentions = resolve(nlp, kb, text, ON)
    assert ids_of(mentions, "gunmen") == ["new:gunman"]
    assert ids_of(mentions, "Tobias Krennick") == ["new:tobias-krennick"]


def test_a_negated_copula_ties_no_one(nlp, kb):
    text = "Police said the gunman was not Tobias Krennick. The gunman fled the town."
    ids, _ = role_ids(nlp, kb, text, "gunman")
    assert "new:tobias-krennick" not in ids


def test_the_role_words_are_data():
    spec = load_roles().named_roles
    assert {"suspect", "gunman"} <= set(spec["roles"])
    assert set(spec["roles"]) <= set(load_roles().unnamed_actors)
    assert "arrest" in spec["ties"] and "identify" in spec["links"]
