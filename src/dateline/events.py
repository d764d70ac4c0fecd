"""The events stage: PLOVER event coding from the dependency parse.

A trigger lexicon (``data/plover_lexicon.json``, format in ``plover_lexicon.md``) names the
verbs, nouns and phrases that signal each PLOVER event type, with its mode and CAMEO root.
For every trigger in a sentence the coder reads the source and target from the parse
(subject, by-agent, object, prepositional objects, possessor, "between X and Y"), maps the
syntactic heads to actors through the resolved mentions, and attaches the time expression,
place and status (occurred / planned / negated / hypothetical) the clause carries.

Every event has an actor on at least one side: harms done to a named target by someone
unnamed ("three soldiers were killed") stand on their own, with a lower confidence. What a
demand, threat, promise or rejection is about is part of that event, not one of its own.
Statements of intent are coded as the intended action with status "planned" (as current
PLOVER does), except that a declared intent to harm is a THREATEN.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Iterable, Sequence

from spacy.attrs import LEMMA, LOWER, POS
from spacy.symbols import AUX, VERB
from spacy.tokens import Doc, Span, Token

from .layout import Layout
from .learned.triggers import TriggerModel, is_candidate
from .records import PLOVER_TYPES, Cast, Event, Mention, Place, Published, Quote, TimeExpr
from .resources import Lexicon, Trigger

__all__ = ["PLOVER_TYPES", "JOINT_TYPES", "code_events"]

# Types where the two sides act together, so a swapped source and target mean the same event.
JOINT_TYPES = ("CONSULT", "AGREE", "COOPERATE")

# ---------------------------------------------------------------------------- reading the parse

CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "csubj", "parataxis", "punct"})
NOMINAL_PARTS = frozenset({"conj", "appos", "compound", "amod", "poss", "nmod", "nummod", "det", "cc", "prep", "pobj", "case"})
SUBJECT_DEPS = frozenset({"nsubj", "csubj", "expl"})
# Participles whose passive subject does what the "in" phrase names: "forces were engaged in shelling".
ENGAGED_PARTICIPLES = frozenset({"engage", "involve"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
HYPOTHETICAL_AUX = frozenset({"could", "would", "might", "may", "should", "can", "must"})
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
CONDITIONAL_MARKS = frozenset({"if", "unless", "whether"})
PLANNED_MODIFIERS = frozenset(
    {"upcoming", "planned", "forthcoming", "proposed", "future", "scheduled", "expected", "next", "possible", "prospective", "impending"}
)
NEGATING_GOVERNORS = frozenset({"fail", "refrain", "cease", "neglect"})
NOT_EXCLUDING = frozenset({"exclude", "rule"})
NEGATORS = frozenset({"not", "n't", "never", "no"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
PLACE_PREPS = frozenset({"in", "at"})
# Types whose trigger takes what it is about as a clause: the clause's events are not events.
STANCE_TYPES = frozenset({"REQUEST", "THREATEN", "AGREE", "REJECT", "ACCUSE"})
CONTENT_DEPS = frozenset({"ccomp", "acl", "xcomp", "oprd"})
# Harms whose declared intent is a threat (CAMEO 13), and intent words that are joint decisions, not declarations.
HARM_TYPES = frozenset({"ASSAULT", "COERCE", "SANCTION"})
# A charge ("charged with", "convicted of", "arrested for") reports the harm it names as done.
CHARGE_TYPES = frozenset({"ACCUSE", "COERCE"})
CHARGE_PREPS = frozenset({"with", "of", "for", "in"})
JOINT_DECISIONS = frozenset({"agree", "consent", "accept"})
STANCE_PARTICIPLES = frozenset({"oppose", "commit", "dedicate", "devote"})
TRAVEL_NOUNS = frozenset({"visit", "trip", "tour", "arrival", "journey"})
TOPIC_VERBS = frozenset({"discuss"})
# "accepted responsibility for the attack": an admission, not an agreement with anyone
ADMISSION_NOUNS = frozenset({"responsibility", "blame", "guilt", "liability", "culpability", "fault"})
# a document named, not an act: "Article 5 of the treaty", "the terms of the deal"
DOCUMENT_NOUNS = frozenset({"agreement", "deal", "accord", "pact", "treaty", "memorandum", "protocol", "convention", "charter"})
# things that are driven: "struck by a car driving on the wrong side" is an accident
VEHICLE_VERBS = frozenset({"drive", "driving", "driven", "steer", "ride"})
# Knowledge-base organization types one speaks to for an audience ("told Reuters", "spoke to a think tank").
AUDIENCE_TYPES = frozenset({"agency", "outlet", "ngo"})
LEADER_OFFICES = frozenset({"head_of_state", "head_of_government"})
SPEAKER_PRONOUNS = frozenset({"he", "she", "it"})
# only the singular: a speaker's "we" is often the state or body spoken for, not the speaker
FIRST_PERSON = frozenset({"i", "me", "my"})
# People whose nationality or office names the side they stand for when they are welcomed or received.
# people who are often abroad: "ministers in Cairo" are not Egypt's, "protesters in Baghdad" are Iraq's
VISITING_NOUNS = frozenset(
    {
        "minister",
        "diplomat",
        "official",
        "delegation",
        "delegate",
        "envoy",
        "leader",
        "representative",
        "ambassador",
        "negotiator",
        "visitor",
        "guest",
        "journalist",
        "reporter",
        "tourist",
    }
)
GUEST_NOUNS = frozenset(
    {
        "guest",
        "visitor",
        "counterpart",
        "delegation",
        "delegate",
        "envoy",
        "leader",
        "president",
        "premier",
        "minister",
        "chancellor",
        "monarch",
        "king",
        "queen",
        "emir",
        "prince",
    }
)
QUANTITY_NOUNS = frozenset(
    {"hundred", "thousand", "million", "billion", "dozen", "score", "ton", "tonne", "package", "round", "batch", "wave", "raft", "series"}
)
# Regular verb endings and what may replace them: "staged" -> "stage", "carried" -> "carry".
VERB_ENDINGS = (("ied", ("y",)), ("ies", ("y",)), ("ing", ("", "e")), ("ed", ("", "e")), ("es", ("", "e")), ("s", ("",)))
ISO_DAY = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
ISO_WEEK = re.compile(r"^(\d{4})-W(\d{2})(-WE)?$")


@dataclass(frozen=True)
class _Side:
    actors: tuple[str, ...] = ()
    explicit: bool = False  # read from the trigger's own arguments, not inherited


def _blocks(doc: Doc) -> list[int]:
    """For each token, the number of line breaks before it: headings and paragraphs are separate blocks."""
    blocks, count = [], 0
    for token in doc:
        blocks.append(count)
        count += token.whitespace_.count("\n") + (token.text.count("\n") if token.is_space else 0)
    return blocks


def _quoted_spans(quotes) -> list[tuple[int, int, str]]:
    return [(q.start, q.end, q.speaker) for q in quotes if q.kind in ("direct", "mixed") and q.speaker]


class _Coder:
    """Codes the events of one document; holds the token -> actor index."""

    def __init__(self, doc: Doc, mentions: Sequence[Mention], lexicon: Lexicon, quotes: Sequence[Quote], cast: Cast):
        self.doc = doc
        self.lexicon = lexicon
        self.cast = cast
        self.block_of = _blocks(doc)
        self.block: int | None = None  # the text block (line) of the trigger being coded
        self.actors_at: dict[int, list[str]] = {}
        self.mention_at: dict[int, Mention] = {}
        self.mentions = mentions
        # verbs of harm, which take an object whenever they are active ("X arrested on a charge" is a passive)
        self.harm_verbs = frozenset(
            t.words[0] for t in lexicon.triggers if t.type in HARM_TYPES | {"ACCUSE"} and t.pos == "verb" and len(t.words) == 1
        )
        # Direct quotes' spans and speakers, from the quotes stage.
        self._quoted = _quoted_spans(quotes)
        for mention in mentions:
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None:
                continue
            for token in span:
                bucket = self.actors_at.setdefault(token.i, [])
                if mention.actor_id not in bucket:
                    bucket.append(mention.actor_id)
                self.mention_at.setdefault(token.i, mention)

    # -- actors of a phrase

    def actors_of(self, token: Token, seen: set[int] | None = None, nationality: bool = True) -> tuple[str, ...]:
        """Actors a noun phrase headed by ``token`` names, its coordinated phrases included."""
        seen = seen if seen is not None else set()
        if token.i in seen or (self.block is not None and self.block_of[token.i] != self.block):
            return ()  # a heading glued to the next sentence by the parser is not part of it
        seen.add(token.i)
        found: list[str] = []
        if token.i in self.actors_at:
            found.extend(self.actors_at[token.i])
            for child in token.children:
                if child.dep_ in ("conj", "appos"):
                    found.extend(self.actors_of(child, seen))
        elif token.lower_ in FIRST_PERSON and self.quote_speaker(token):
            found.append(self.quote_speaker(token))  # "I strongly reject ...", said inside a quote
        elif token.lower_ in RELATIVE_PRONOUNS and token.head.dep_ == "relcl":
            found.extend(self.actors_of(token.head.head, seen))
        elif token.pos_ == "VERB" and token.dep_ in SUBJECT_DEPS:
            # "The Red Cross operating in Iraq said": the parser made the participle the subject
            for child in token.children:
                if child.dep_ == "nsubj":
                    found.extend(self.actors_of(child, seen, nationality))
        else:
            if token.pos_ in ("ADJ", "PROPN") and nationality and any(c.lower_ == "ethnic" for c in token.children):
                found.extend(self.home_of_minority(token) or self.nationality_of(token))
            elif token.pos_ in ("ADJ", "PROPN") and nationality:
                found.extend(self.nationality_of(token) or self.state_of_place(token))  # "Russian and Chinese agencies"
            for child in token.children:
                if child.dep_ == "amod" and child.lower_ == "led" and child.pos_ == "VERB":
                    # "Saudi-led forces", "U.S.-led coalition": the leader acts
                    found.extend(
                        a
                        for c in child.children
                        if c.dep_ in ("npadvmod", "compound", "nmod")
                        for a in self.actors_of(c, seen, nationality)
                    )
                elif token.lemma_.lower() in self.lexicon.non_proxy_nouns and (child.dep_ == "poss" or child.lower_ == "of"):
                    continue  # "his associates", "the fiancee of X", "Khashoggi's killers" do not act for him
                elif child.dep_ in ("conj", "appos", "compound", "amod", "poss", "nmod"):
                    found.extend(self.actors_of(child, seen, nationality))
                elif child.dep_ == "prep" and child.lower_ in ("of", "from"):
                    for pobj in child.children:
                        if pobj.dep_ == "pobj":
                            # "thousands of Iraqi Kurds" stand for Iraq, "the fiancee of a Saudi journalist" does not
                            group = pobj.tag_ in ("NNS", "NNPS") or pobj.pos_ != "NOUN"
                            found.extend(self.actors_of(pobj, seen, nationality and group))
            if token.pos_ in ("NOUN", "PROPN"):
                # "36 people, including Trump", "several states such as France": the members named
                for child in token.children:
                    if child.dep_ == "prep" and child.lower_ in ("including", "such"):
                        found.extend(
                            a
                            for p in child.subtree
                            if p.dep_ == "pobj" and p.head.i in (child.i, *(c.i for c in child.children))
                            for a in self.actors_of(p, seen, nationality)
                        )
            if (
                not found
                and token.pos_ == "NOUN"
                and nationality
                and not self.is_event_noun(token)
                and token.lemma_.lower() not in VISITING_NOUNS
            ):
                # "demonstrators in Baghdad", "students throughout Indonesia": the state they act in
                for child in token.children:
                    if child.dep_ == "prep" and child.lower_ in ("in", "throughout", "across"):
                        found.extend(a for pobj in child.children if pobj.dep_ == "pobj" for a in self.state_of_place_phrase(pobj))
        return tuple(dict.fromkeys(found))

    def quote_speaker(self, token: Token) -> str | None:
        """The speaker of the direct quote a token stands in, if the quote's speaker is known."""
        return next((speaker for start, end, speaker in self._quoted if start <= token.idx < end), None)

    def is_event_noun(self, token: Token) -> bool:
        """A noun the lexicon codes as an event ("talks in New Delhi" are held there, not by India)."""
        return any(t.pos == "noun" for key in _lemmas(token) for t in self.lexicon.by_word.get(key, ()))

    def guest_objects(self, verb: Token) -> set[int]:
        """Objects that are people standing for a named side: "received the Chinese guest", "hosted his Indian counterpart"."""
        return {c.i for c in verb.children if c.dep_ in ("dobj", "obj") and c.lemma_.lower() in GUEST_NOUNS and self.actors_of(c)}

    def state_of_place_phrase(self, token: Token) -> tuple[str, ...]:
        """The state of "Baghdad", and of "the western Ukrainian city of Lviv" (its name, else its nationality)."""
        found = self.state_of_place(token)
        if found or token.pos_ != "NOUN":
            return found
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                found += tuple(a for p in child.children if p.dep_ == "pobj" for a in self.state_of_place(p))
        if not found:
            found = tuple(a for c in token.children if c.dep_ in ("amod", "compound") for a in self.nationality_of(c))
        return tuple(dict.fromkeys(found))

    def state_of_place(self, token: Token) -> tuple[str, ...]:
        """The state a capital or country name stands for when it is an argument: "sent aid to Baghdad"."""
        if token.ent_type_ not in ("GPE", "LOC"):
            return ()
        place = self.cast.places.get(_entity_name(token))
        return (place.state,) if place is not None and place.state else ()

    def home_of_minority(self, token: Token) -> tuple[str, ...]:
        """The state "ethnic Albanians in Serbia" live in: Serbia, not Albania, whose state does not act.

        The country comes from an "in" phrase on the people noun, or, for a subject, on its verb
        ("ethnic Hungarians rallied in Romania"); with none the caller falls back to the nationality,
        so the event keeps a side.
        """
        holders = [token]
        if token.dep_ in ("nsubj", "nsubjpass"):
            holders.append(token.head)
        for holder in holders:
            for child in holder.children:
                if child.dep_ == "prep" and child.lower_ == "in":
                    for pobj in child.children:
                        if pobj.dep_ == "pobj":
                            place = self.state_of_place_phrase(pobj)
                            if place:
                                return place
        return ()

    def nationality_of(self, token: Token) -> tuple[str, ...]:
        """The state behind "Egyptian police", "Israeli troops", "Kurdish and Iraqi officials".

        The resolver leaves bare nationality adjectives alone; as the argument of an event they
        stand for the state (or group) whose forces or officials act.
        """
        if not token.text[:1].isupper():
            return ()
        nationalities = self.cast.nationalities
        actor = nationalities.get(token.text)
        before = token.doc[token.i - 1] if token.i > 0 else None
        if actor is None and before is not None and before.dep_ in ("compound", "amod") and before.head.i in (token.i, token.head.i):
            actor = nationalities.get(f"{before.text} {token.text}")  # "Sri Lankan", "South Korean"
        return (actor,) if actor is not None else ()

    def prep_objects(self, token: Token, preps: Iterable[str]) -> tuple[str, ...]:
        preps = set(preps)
        found: list[str] = []
        for child in token.children:
            if child.dep_ in ("prep", "dative", "agent") and child.lower_ in preps:
                for pobj in child.children:
                    if pobj.dep_ in ("pobj", "pcomp"):
                        found.extend(self.actors_of(pobj))
        return tuple(dict.fromkeys(found))

    # -- the sides of a verb trigger

    def verb_source(self, verb: Token, depth: int = 0) -> _Side:
        passive = _passive_form(verb, self.harm_verbs)
        # The subject nearest the verb first: a dateline parsed as a second subject comes earlier.
        for child in sorted(verb.children, key=lambda c: abs(c.i - verb.i)):
            if child.dep_ in SUBJECT_DEPS and not (passive and child.dep_ == "nsubj"):
                actors = self.actors_of(child)
                if child.lower_ in SPEAKER_PRONOUNS and depth < 4:
                    # "Blinken said he had spoken", "Tokyo said it would lift": the speaker, whatever
                    # an earlier sentence's name made of the pronoun
                    speaker = self.reporting_verb(verb)
                    if speaker is not None and child.lower_ != "it" and _named_after(speaker, child):
                        # "She then opened fire, a police captain said": a person named after the pronoun
                        # is not the one it points back to
                        speaker = None
                    said_by = self.verb_source(speaker, depth + 1) if speaker is not None else _Side()
                    if child.lower_ == "it" and said_by.actors and self.all_people(said_by.actors):
                        # "Houthi spokesperson Sarea said it had carried out the attack": "it" is the body he speaks for
                        return _Side(self.body_of_speaker(speaker), False)
                    if said_by.explicit and said_by.actors:
                        return _Side(said_by.actors, False)
                if actors:
                    return _Side(actors, True)
                if child.tag_ == "PRP" and depth < 4:
                    # "Japan said it had halted aid": an unresolved pronoun under a reporting verb is its speaker
                    speaker = self.reporting_verb(verb)
                    if speaker is not None and not (child.lower_ != "it" and _named_after(speaker, child)):
                        said_by = self.verb_source(speaker, depth + 1).actors
                        if child.lower_ == "it" and said_by and self.all_people(said_by):
                            return _Side(self.body_of_speaker(speaker), False)
                        return _Side(said_by, False)
        agents = self.prep_objects(verb, ("by",)) if any(c.dep_ == "agent" for c in verb.children) else ()
        if agents:
            return _Side(agents, True)
        if passive:
            # "X took a guard hostage and was arrested", "when arrested, X told", "X is due to be
            # sentenced": whoever a passive shares its subject with underwent it (``passive_patients``)
            return _Side()
        return self.inherited_source(verb, depth)

    def passive_patients(self, verb: Token) -> tuple[str, ...]:
        """Who undergoes a passive verb that names no passive subject of its own: the subject of a bare
        participle ("X arrested on fraud charge"), or the subject it shares with the clause it hangs on
        ("X took a guard hostage and was arrested", "if convicted, X faces", "X is due to be sentenced")."""
        if not _passive_form(verb, self.harm_verbs):
            return ()
        bare = [a for c in verb.children if c.dep_ == "nsubj" for a in self.actors_of(c)]
        if bare:
            return tuple(dict.fromkeys(bare))
        if any(c.dep_ == "nsubjpass" for c in verb.children) or verb.dep_ == "relcl":
            return ()  # its own passive subject is among its objects ("X, who was arrested": X)
        return self.inherited_source(verb, 0).actors

    def inherited_source(self, verb: Token, depth: int) -> _Side:
        """The doer a verb with no subject of its own takes from the clause it hangs on."""
        if depth > 4 or verb.head is verb:
            return _Side()
        head = verb.head
        if verb.dep_ in ("xcomp", "pcomp") or (verb.dep_ == "pobj" and head.dep_ == "prep"):
            governor = head.head if verb.dep_ in ("pcomp", "pobj") and head.dep_ == "prep" else head
            if _lemma_in(governor, self.lexicon.object_control):
                objects = self.verb_target(governor).actors
                if objects:
                    return _Side(objects, False)
            # "Putin is expected to visit", "X is due to travel": the passive subject does the infinitive
            raised = [a for c in governor.children if c.dep_ == "nsubjpass" for a in self.actors_of(c)]
            if raised and verb.dep_ == "xcomp":
                return _Side(tuple(dict.fromkeys(raised)), False)
            return _Side(self.verb_source(governor, depth + 1).actors, False)
        # "X arrived and crowds cheered": a clause with a subject of its own does not inherit X, unless
        # the subject is X's ("and its forces attacked"), and X's associates are not X
        own_subject = any(
            c.dep_ in ("nsubj", "nsubjpass")
            and c.pos_ in ("NOUN", "PROPN")
            and (c.lemma_.lower() in self.lexicon.non_proxy_nouns or not any(p.dep_ == "poss" and p.pos_ == "PRON" for p in c.children))
            for c in verb.children
        )
        if verb.dep_ in ("conj", "advcl", "acomp") and head.pos_ in ("VERB", "AUX") and not own_subject:
            # "X arrived and met Y", "X is guilty of violating the truce"
            return _Side(self.verb_source(head, depth + 1).actors, False)
        passive = head.i in self.actors_at and any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
        # "fighters whom other nations refused to take back": the noun is the object, the clause has its own subject
        subject_of_its_own = any(c.dep_ in SUBJECT_DEPS and c.lower_ not in RELATIVE_PRONOUNS for c in verb.children)
        if verb.dep_ == "relcl" and head.pos_ in ("NOUN", "PROPN", "PRON") and not passive and not subject_of_its_own:
            return _Side(self.actors_of(head), True)  # "Y, who was also killed": Y suffered it
        if verb.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN"):
            # "protesters demanding reforms": the noun acts; "issued a statement demanding": its issuer
            named = self.actors_of(head)
            if named:
                return _Side(named, True)
            if head.dep_ in ("dobj", "obj") and _lemma_in(head.head, self.lexicon.light_verbs):
                return _Side(self.verb_source(head.head, depth + 1).actors, False)
            clause = self.clause_of_medium(head)
            if verb.tag_ == "VBG" and clause is not None:
                # "posted a message on Twitter blaming Iran": the parser hangs the participle on the
                # name of the medium; the one who posted blames
                return _Side(self.verb_source(clause, depth + 1).actors, False)
        return _Side()

    def clause_of_medium(self, noun: Token) -> Token | None:
        """The verb of "posted a message on Twitter", "said in a statement", for the singular name or noun
        ``noun`` after "on", "in" or "via"; not for "sanctions on companies" (a plural noun names who is hit)."""
        if noun.tag_ not in ("NNP", "NN") or noun.dep_ != "pobj" or noun.head.lower_ not in ("on", "in", "via"):
            return None
        node = noun.head.head
        if node.dep_ in ("dobj", "obj") and node.pos_ == "NOUN":
            node = node.head
        return node if node.pos_ == "VERB" else None

    def all_people(self, actors: Sequence[str]) -> bool:
        """Every actor is a person (by the knowledge base, else by how the resolver labelled a mention)."""
        labels = {m.actor_id: m.label for m in self.mention_at.values()}

        def person(actor_id: str) -> bool:
            entry = self.cast.facts.get(actor_id)
            return entry.kind == "person" if entry is not None else labels.get(actor_id) == "PERSON"

        return all(person(a) for a in actors)

    def body_of_speaker(self, speaker: Token) -> tuple[str, ...]:
        """The organization or state named in the speaker's title: "Houthi spokesperson Sarea", "Kremlin spokesman Peskov"."""
        subjects = [c for c in speaker.children if c.dep_ in SUBJECT_DEPS]
        found: list[str] = []
        for subject in subjects:
            own = set(self.actors_at.get(subject.i, ()))
            for token in subject.subtree:
                if token.i == subject.i or token.dep_ in CLAUSE_DEPS:
                    continue
                named = [a for a in self.actors_at.get(token.i, ()) if a not in own] or (
                    list(self.nationality_of(token)) if token.pos_ in ("ADJ", "PROPN") else []
                )
                found.extend(a for a in named if not self.all_people((a,)))
        return tuple(dict.fromkeys(found))

    def reporting_verb(self, verb: Token) -> Token | None:
        node = verb
        while node.dep_ in ("conj", "xcomp") and node.head is not node:
            node = node.head
        if node.dep_ == "ccomp" and _lemma_in(node.head, self.lexicon.speech):
            return node.head
        return None

    def objects(self, verb: Token) -> tuple[str, ...]:
        found: list[str] = []
        for child in verb.children:
            if child.dep_ in ("dobj", "iobj", "nsubjpass", "dative", "obj", "oprd"):
                if child.dep_ == "dative" and child.pos_ == "ADP":
                    continue
                found.extend(self.actors_of(child))
        return tuple(dict.fromkeys(found))

    def verb_target(self, verb: Token, obj_noun: Token | None = None, preps: Iterable[str] = ()) -> _Side:
        preps = self.lexicon.target_preps | set(preps)
        found = list(self.objects(verb))
        found.extend(self.prep_objects(verb, preps))
        if obj_noun is not None:
            found.extend(self.prep_objects(obj_noun, preps))
            found.extend(self.nested_targets(obj_noun, preps))
        return _Side(tuple(dict.fromkeys(found)), True)

    def state_of_struck_thing(self, trigger: Token, obj: Token | None, preps: Iterable[str]) -> tuple[str, ...]:
        """The state a harmed place or thing is in: "fired rounds aimed at a loudspeaker in X",
        "shelled a village in X", "an attack on a base in X"."""
        aims = set(preps) | {"at", "on", "against"}
        things = [c for c in trigger.children if c.dep_ in ("dobj", "obj", "nsubjpass")]
        if obj is not None and obj not in things:
            things.append(obj)
        for node in (trigger, *things, *(a for t in things for a in t.children if a.dep_ == "acl")):
            things.extend(
                p for prep in node.children if prep.dep_ == "prep" and prep.lower_ in aims for p in prep.children if p.dep_ == "pobj"
            )
        found: list[str] = []
        for thing in things:
            if thing.i in self.actors_at or thing.ent_type_ in ("GPE", "NORP", "PERSON", "ORG"):
                continue  # a named side is a target of its own, not a thing placed somewhere
            for prep in thing.children:
                if prep.dep_ == "prep" and prep.lower_ in ("in", "near", "inside"):
                    for place in prep.children:
                        if place.dep_ == "pobj":
                            found.extend(self.actors_at.get(place.i, ()) or self.state_of_place_phrase(place))
        return tuple(dict.fromkeys(found))

    def nested_targets(self, noun: Token, preps: Iterable[str]) -> list[str]:
        """Targets one noun further down: "a suspension of air links with Serbia", "the severing
        of ties with X", "restrictions on flights to Cuba"."""
        found: list[str] = []
        for prep in noun.children:
            if prep.dep_ == "prep" and prep.lower_ in ("of", "on"):
                for pobj in prep.children:
                    # "restrictions on flights to Cuba", and on the gerund: "on flying to Cuba"
                    if pobj.dep_ in ("pobj", "pcomp") and pobj.i not in self.actors_at:
                        found.extend(a for a in self.prep_objects(pobj, preps) if a not in found)
        return found

    def complement_target(self, verb: Token) -> tuple[str, ...]:
        """The other side named in a complement: "demanded that Y withdraw" (Y), "threatened to strike Y" (Y)."""
        for child in verb.children:
            if (child.dep_ == "ccomp" or any(m.head.i == child.i for m in _clause_marks(verb))) and child.pos_ in ("VERB", "AUX"):
                subjects = [a for c in child.children if c.dep_ in ("nsubj", "nsubjpass") for a in self.actors_of(c)]
                if subjects:
                    return tuple(dict.fromkeys(subjects))
            if child.dep_ in ("xcomp", "ccomp") and child.pos_ in ("VERB", "AUX"):
                obj = next((c for c in child.children if c.dep_ in ("dobj", "obj")), None)
                return self.verb_target(child, obj).actors
            if child.dep_ in ("dobj", "obj"):
                # "accepted an invitation to visit Washington"
                for acl in child.children:
                    if acl.dep_ == "acl" and acl.pos_ == "VERB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in acl.children):
                        obj = next((c for c in acl.children if c.dep_ in ("dobj", "obj")), None)
                        return self.verb_target(acl, obj).actors
        return ()

    # -- the sides of a noun trigger

    def noun_sides(
        self, noun: Token, preps: Iterable[str] = (), third_party: bool = False, adjunct: bool = False
    ) -> tuple[_Side, _Side, bool]:
        """Source, target and whether "between X and Y" made it a joint event (for a mediation,
        ``third_party``, X and Y are its targets and the mediator its source; for a meeting,
        ``adjunct``, a fronted "in a phone call" takes the sides of the clause it opens)."""
        own_preps = set(preps)
        preps = self.lexicon.target_preps | own_preps
        source: list[str] = []
        between: list[str] = []
        patients = self.prep_objects(noun, ("of",))
        for child in noun.children:
            if child.dep_ == "poss" and noun.lemma_.lower() in self.lexicon.patient_nouns and not patients:
                patients = self.actors_of(child)  # "Khashoggi's killing": the possessor is the one killed
            elif child.dep_ == "poss" or (child.dep_ in ("compound", "amod", "nmod") and child.i in self.actors_at):
                source.extend(self.actors_of(child))
            elif child.dep_ in ("compound", "amod", "nmod"):
                source.extend(self.nationality_of(child))  # "Palestinian riots", "a Russian attack"
        # "a withdrawal from Syria": an entry's own "from" names what is left, not who acts
        source.extend(self.prep_objects(noun, tuple(p for p in ("by", "from") if p not in own_preps)))
        if not source and noun.lemma_.lower() in TRAVEL_NOUNS:
            source.extend(patients)  # "the visit of the Russian leader to China": the visitor
        between.extend(self.prep_objects(noun, ("between", "among", "amongst")))
        target = list(self.prep_objects(noun, preps))
        target.extend(a for a in self.nested_targets(noun, preps) if a not in target)
        if noun.lemma_.lower() in self.lexicon.patient_nouns:
            target = list(dict.fromkeys([*patients, *target]))  # "the killing of X"
        if third_party:
            target, between = list(dict.fromkeys([*between, *target])), []
        if between:
            return _Side(tuple(dict.fromkeys(between)), True), _Side(tuple(target), True), True
        if source:
            if not target:
                target = list(self.attached_elsewhere(noun, preps))
            if not target:
                # "a visit by the president to Japan": the parser hangs "to Japan" on the visitor
                target = [
                    a
                    for prep in noun.children
                    if prep.dep_ == "prep" and prep.lower_ in ("by", "from")
                    for p in prep.children
                    if p.dep_ == "pobj"
                    for a in self.prep_objects(p, preps)
                    if a not in source
                ]
            return _Side(tuple(dict.fromkeys(source)), True), _Side(tuple(dict.fromkeys(target)), True), False
        first = noun
        while first.dep_ == "conj" and first.head is not first:
            first = first.head  # "launched artillery, mortar and rocket fire": the first conjunct is the object
        if first.dep_ == "pobj" and first.head.lower_ == "of" and _is_quantity(first.head.head):
            first = first.head.head  # "launched ten days of war games": the measure stands in the noun's place
        noun_dep, verb = first.dep_, first.head
        if adjunct and noun_dep == "pobj" and verb.dep_ == "prep" and verb.lower_ in ("in", "during") and verb.i < verb.head.i:
            clause = verb.head
            if clause.pos_ in ("VERB", "AUX") and not _lemma_in(clause, self.lexicon.light_verbs):
                # "In a telephone call, X told Y ...": the meeting is between the clause's subject and its addressee
                side = self.verb_source(clause)
                if side.actors:
                    heard = [a for c in clause.children if c.dep_ in ("dobj", "dative", "iobj") for a in self.actors_of(c)]
                    return side, _Side(tuple(dict.fromkeys([*target, *heard])), True), False
        if noun_dep == "pobj" and verb.dep_ == "prep" and verb.lower_ in ("in", "into"):
            noun_dep, verb = "dobj", verb.head  # "engaged in ethnic cleansing", "took part in talks", "entered into a deal"
            if verb.lemma_.lower() in ENGAGED_PARTICIPLES and verb.pos_ in ("VERB", "AUX"):
                # "X were engaged in shelling", "X was involved in the attack": the passive subject does it
                doers = [a for c in verb.children if c.dep_ == "nsubjpass" for a in self.actors_of(c)]
                if doers:
                    return _Side(tuple(dict.fromkeys(doers)), True), _Side(tuple(target), True), False
        if noun_dep in ("dobj", "attr", "nsubjpass", "obj") and verb.pos_ in ("VERB", "AUX"):
            light = _lemma_in(verb, self.lexicon.light_verbs)
            if light:
                side = self.verb_source(verb)
                verb_target = self.verb_target(verb, noun, preps)
                extra = [a for a in verb_target.actors if a not in target]
                return side, _Side(tuple(dict.fromkeys(target + extra)), True), False
        return _Side(), _Side(tuple(target), True), False

    def attached_elsewhere(self, noun: Token, preps: Iterable[str]) -> tuple[str, ...]:
        """Targets of a noun's prepositions the parser hung on its verb ("sent a note from X to Y")."""
        if noun.dep_ in ("dobj", "obj") and noun.head.pos_ in ("VERB", "AUX"):
            return self.prep_objects(noun.head, set(preps) | self.lexicon.target_preps)
        return ()


def _named_after(speech: Token, pronoun: Token) -> bool:
    """The subject of a speech verb comes after ``pronoun`` (a report told first, its teller named last)."""
    return any(c.dep_ in SUBJECT_DEPS and c.i > pronoun.i for c in speech.children)


def _passive_form(verb: Token, harm_verbs: frozenset[str] = frozenset()) -> bool:
    """A verb in the passive: with a passive auxiliary or subject ("was arrested", "being convicted"),
    a participle with no auxiliary of its own ("when arrested"; with a subject, "X arrested on a fraud
    charge", only for one of ``harm_verbs``), or joined to a passive ("was arrested and charged")."""
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children):
        return True
    if verb.tag_ != "VBN" or any(c.dep_ in ("aux", "dobj", "obj", "dative") for c in verb.children):
        return False
    if verb.dep_ == "conj":
        return _passive_form(verb.head, harm_verbs) and not any(c.dep_ in SUBJECT_DEPS for c in verb.children)
    if verb.dep_ == "advcl":
        # (not "acl": the parser makes a plain past tense one, "the youths resorted to stones")
        return not any(c.dep_ in SUBJECT_DEPS for c in verb.children)
    # a bare participle with a subject only for a verb of harm, which always takes an object when active:
    # the parser tags a plain past tense so too ("X reneged on the deal")
    return _lemma_in(verb, harm_verbs) and any(c.dep_ == "nsubj" for c in verb.children)


def _starts_block(token: Token) -> bool:
    """First word of a sentence, line or paragraph (where a capital says nothing about names)."""
    if token.i == token.sent.start or token.i == 0:
        return True
    before = token.doc[token.i - 1]
    return "\n" in before.whitespace_ or (before.is_space and "\n" in before.text)


def _descendants(token: Token, depth: int) -> list[Token]:
    """Words up to ``depth`` links below ``token`` in its own clause, its subject left out ("talks ended")."""
    found, frontier = [], [token]
    for _ in range(depth):
        frontier = [c for t in frontier for c in t.children if c.dep_ not in CLAUSE_DEPS and c.dep_ not in SUBJECT_DEPS]
        found.extend(frontier)
    return found


def _clause_marks(token: Token) -> list[Token]:
    """The "for" of a "for X to do Y" clause under ``token`` ("called for Russia to withdraw")."""
    return [m for c in token.children if c.dep_ in ("advcl", "ccomp") for m in c.children if m.dep_ == "mark" and m.lower_ == "for"]


def _candidates(lexicon: Lexicon, token: Token, forms: tuple[str, ...] | None = None) -> list[Trigger]:
    """Entries that may fire on ``token``: longer phrases first, then in file order (users' files first).

    ``forms``: ``_lemmas(token)``, when the caller has it already.
    """
    found: list[Trigger] = []
    seen: set[Trigger] = set()  # the same as ``trigger not in found`` (equal by value), without a scan
    for key in forms if forms is not None else _lemmas(token):
        for trigger in lexicon.by_word.get(key, ()):
            if trigger not in seen:
                seen.add(trigger)
                found.append(trigger)
    return sorted(found, key=lambda t: -len(t.words))


def _lemmas(token: Token) -> tuple[str, ...]:
    """The base forms a token may stand for: its lemma, its form, and for verbs the regular stems.

    The small model's lemmatizer misreads some regular verbs ("staged" -> "stag"); the stems of
    the written form ("stage", "stag") let the lexicon find them anyway. Nouns are left alone
    ("AIDS" is not "aid").
    """
    return _base_forms(token.lemma_, token.lower_, token.pos in _VERB_POS)


_VERB_POS = frozenset({VERB, AUX})


def _base_forms(lemma: str, word: str, verb: bool) -> tuple[str, ...]:
    """``_lemmas`` of a token with this lemma and lower-case form, a verb or auxiliary or not."""
    forms = [lemma.lower(), word]
    if verb:
        for ending, replacements in VERB_ENDINGS:
            if word.endswith(ending) and len(word) > len(ending) + 2:
                forms.extend(word[: -len(ending)] + r for r in replacements)
                break
    return tuple(dict.fromkeys(forms))


def _all_lemmas(doc: Doc) -> list[tuple[str, ...]]:
    """``_lemmas`` of every token, read from the doc's attribute arrays (no Token made), each
    distinct (lemma, form, part of speech) worked out once."""
    strings = doc.vocab.strings
    known: dict[tuple[int, int, int], tuple[str, ...]] = {}
    forms = []
    for lemma, lower, pos in doc.to_array([LEMMA, LOWER, POS]).tolist():
        key = (lemma, lower, pos)
        found = known.get(key)
        if found is None:
            found = known[key] = _base_forms(strings[lemma], strings[lower], pos in _VERB_POS)
        forms.append(found)
    return forms


def _lemma_in(token: Token, words: Iterable[str]) -> bool:
    return any(form in words for form in _lemmas(token))


def _is_quantity(token: Token) -> bool:
    """ "700 kg", "thousands", "dozens": a measure whose "of" object is what is meant."""
    return token.lemma_.lower() in QUANTITY_NOUNS or any(c.dep_ == "nummod" for c in token.children)


def _word_matches(token: Token, word: str) -> bool:
    return word in _lemmas(token)


def _match_triggers(token: Token, lexicon: Lexicon, forms: tuple[str, ...] | None = None) -> list[tuple[Trigger, tuple[int, ...]]]:
    """Lexicon entries that fire on ``token`` (best first) with the tokens each match used.

    ``forms``: ``_lemmas(token)``, when the caller has it already.
    """
    matches = []
    forms = forms if forms is not None else _lemmas(token)  # what ``_word_matches(token, ...)`` asks, worked out once
    for trigger in _candidates(lexicon, token, forms):
        if trigger.pos == "verb":
            # A participle used as an adjective ("clashing claims", "the killed soldiers") reports no act.
            if token.pos_ == "VERB" and token.dep_ != "amod" and trigger.words[0] in forms:
                matches.append((trigger, (token.i,)))
            continue
        if trigger.pos == "noun":
            # A capitalized proper noun is a name ("the Great Patriotic War"), not an event noun.
            if (token.pos_ == "NOUN" or (token.pos_ == "PROPN" and _starts_block(token))) and trigger.words[0] in forms:
                matches.append((trigger, (token.i,)))
            continue
        if trigger.pos == "adjective":
            # "is ready to", "willing to": only with the infinitive that says what is intended
            if token.pos_ == "ADJ" and trigger.words[0] in forms and any(c.dep_ == "xcomp" for c in token.children):
                matches.append((trigger, (token.i,)))
            continue
        if token.pos_ not in ("VERB", "NOUN", "PROPN"):
            continue
        heads = [i for i, w in enumerate(trigger.words) if w in forms]
        if not heads:
            continue
        rest = [w for i, w in enumerate(trigger.words) if i != heads[0]]
        below = _descendants(token, 2)
        # "handed over 700 kg of medicine", "sent thousands of troops": a quantity is no link
        below += [
            p
            for t in below
            if _is_quantity(t)
            for prep in t.children
            if prep.dep_ == "prep" and prep.lower_ == "of"
            for p in prep.children
            if p.dep_ == "pobj"
        ]
        below += _clause_marks(token)  # "called for the killers to be tried": "for" opens the clause
        used = [token.i]
        for word in rest:
            # a preposition or particle belongs to the trigger itself: "called on X", not "called it an attack on X"
            hit = next(
                (
                    t
                    for t in below
                    if t.i not in used
                    and t.pos_ not in ("VERB", "AUX")
                    and _word_matches(t, word)
                    and (t.pos_ not in ("ADP", "PART") or t.head.i == token.i)
                ),
                None,
            )
            if hit is None:
                break
            used.append(hit.i)
        else:
            matches.append((trigger, tuple(used)))
    return matches


# ---------------------------------------------------------------------------- status, time, place


def _clause_anchor(token: Token) -> Token:
    """The verb whose clause carries the tense, modality and adjuncts of a trigger."""
    if token.pos_ == "ADJ" and token.dep_ in ("acomp", "amod", "oprd") and token.head.pos_ in ("VERB", "AUX"):
        return token.head
    if token.pos_ in ("NOUN", "PROPN"):
        head = token.head
        if token.dep_ in ("dobj", "nsubj", "nsubjpass", "attr", "obj") and head.pos_ in ("VERB", "AUX"):
            return head
        if token.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
            return head.head
    return token


def _status(trigger_token: Token, anchor: Token, lexicon: Lexicon) -> tuple[str, bool]:
    """(status, cue found) from negation, modality, planning verbs and conditionals."""
    tokens = [trigger_token] if anchor is trigger_token else [trigger_token, anchor]
    for token in tokens:
        for child in token.children:
            if child.dep_ == "neg" or (child.dep_ in ("det", "advmod") and child.lower_ in NEGATORS):
                return "negated", True
    # Walk up through infinitive and complement chains: "plans to visit", "said it would meet".
    node = anchor
    for _ in range(6):
        auxes = [c.lower_ for c in node.children if c.dep_ in ("aux", "auxpass")]
        marks = [c.lower_ for c in node.children if c.dep_ == "mark"]
        if any(m in CONDITIONAL_MARKS for m in marks):
            return "hypothetical", True
        if any(a in FUTURE_AUX for a in auxes):
            return "planned", True
        if any(a in HYPOTHETICAL_AUX for a in auxes):
            # "said it would meet", "Putin would visit Turkey, the Kremlin said": future in the past
            reported = node
            while reported.dep_ == "conj" and reported.head is not reported:
                reported = reported.head  # "said that X would resume ... and that he would visit"
            speech_head = (
                reported.dep_ == "ccomp" and _lemma_in(reported.head, lexicon.speech | lexicon.planning | JOINT_DECISIONS)
            ) or any(c.dep_ in ("parataxis", "ccomp") and c.i > node.i and _lemma_in(c, lexicon.speech) for c in node.children)
            return ("planned" if speech_head and "would" in auxes else "hypothetical"), True
        if (
            node.dep_ in ("xcomp", "pcomp", "dobj")
            and _lemma_in(node.head, NOT_EXCLUDING)
            and any(c.dep_ == "neg" for c in node.head.children)
        ):
            return "hypothetical", True  # "did not exclude delivering tanks", "did not rule out sending troops"
        if node.dep_ == "xcomp" and _lemma_in(node.head, NEGATING_GOVERNORS):
            return "negated", True  # "failed to reach an agreement"
        if node.dep_ == "xcomp" and _lemma_in(node.head, lexicon.planning):
            return "planned", True
        if node.dep_ == "acl" and node.head.pos_ == "NOUN" and "to" in auxes:
            return "planned", True  # "accepted an invitation to visit", "a plan to build"
        if node.dep_ == "xcomp" and node.head.lemma_.lower() == "be" and "to" in auxes:
            return "planned", True  # "Xi is to visit Moscow"
        if node.dep_ == "ROOT" and "to" in auxes and not any(c.dep_ in ("aux", "auxpass") and c.lower_ != "to" for c in node.children):
            return "planned", True  # headline infinitive: "Xi to pay state visit to Russia"
        if node.dep_ not in ("xcomp", "conj", "ccomp", "advcl") or node.head is node:
            break
        if node.dep_ in ("ccomp", "advcl") and not _lemma_in(node.head, lexicon.planning):
            break
        node = node.head
    if trigger_token.pos_ in ("NOUN", "PROPN"):
        for child in trigger_token.children:
            if child.dep_ in ("amod", "compound") and child.lower_ in PLANNED_MODIFIERS:
                return "planned", True
            if child.dep_ in ("relcl", "acl") and child.tag_ == "VBN" and _lemma_in(child, lexicon.planning):
                return "planned", True  # "the visit which is planned for this year", "a summit scheduled for May"
    return "occurred", False


def _split_value(value: str) -> tuple[str | None, str | None]:
    """ISO value -> (start, end): '2025-05-07/2025-05-10', '2025-05' -> both '2025-05'; a time of day is its day."""
    value = re.sub(r"T[\d:A-Z]+$", "", value)  # "2025-05-08T12:00", "2025-05-08TMO": the day
    if "/" in value:
        start, _, end = value.partition("/")
        if ISO_DAY.match(start) and ISO_DAY.match(end):
            return start, end
        return None, None
    if ISO_DAY.match(value):
        return value, value
    week = ISO_WEEK.match(value)
    if week:
        # "next week", "later this week": Monday to Sunday (a weekend: Saturday and Sunday)
        year, number, weekend = int(week.group(1)), int(week.group(2)), bool(week.group(3))
        try:
            first = date.fromisocalendar(year, number, 6 if weekend else 1)
        except ValueError:
            return None, None
        return first.isoformat(), (first + timedelta(days=1 if weekend else 6)).isoformat()
    return None, None


def _clausal_subtrees(anchor: Token, skip: Token) -> set[int]:
    """Token indices inside nested clauses of ``anchor`` (their times belong to them)."""
    inside: set[int] = set()
    for token in anchor.subtree:
        if token is not anchor and token.dep_ in ("relcl", "ccomp", "advcl", "acl", "parataxis") and token is not skip:
            if skip not in token.subtree:
                inside.update(t.i for t in token.subtree)
    return inside


def _modifier_clauses(sent: Span, skip: Token) -> set[int]:
    """Token indices of the sentence's clauses that describe a noun (relative clauses, participles) without ``skip``."""
    inside: set[int] = set()
    for token in sent:
        if token.dep_ in ("relcl", "acl") and token.head.pos_ in ("NOUN", "PROPN", "PRON") and skip not in token.subtree:
            inside.update(t.i for t in token.subtree)
    return inside


def _attach_time(trigger_token: Token, anchor: Token, sent: Span, times: Sequence[TimeExpr]) -> tuple[TimeExpr | None, bool]:
    """The time expression the event's clause carries (or the sentence's), and whether it is in the clause."""
    doc = sent.doc
    clause = {t.i for t in anchor.subtree} | {t.i for t in trigger_token.subtree}
    nested = _clausal_subtrees(anchor, trigger_token)
    best, best_key = None, None
    for time in times:
        if time.start < sent.start_char or time.end > sent.end_char:
            continue
        start, _ = _split_value(time.value)
        if start is None:
            continue
        span = doc.char_span(time.start, time.end, alignment_mode="expand")
        if span is None:
            continue
        indices = {t.i for t in span}
        if indices & nested:
            continue  # "met Y, a week after Z criticized W on Friday": Friday is the criticism's
        if indices & _modifier_clauses(sent, trigger_token):
            continue  # "issued warrants for people involved in the killing in January, and asked X": not the asking's
        in_clause = bool(indices & clause)
        distance = min(abs(t.i - trigger_token.i) for t in span)
        key = (0 if in_clause else 1, distance)
        if best_key is None or key < best_key:
            best, best_key = time, key
    return best, bool(best_key and best_key[0] == 0)


def _place_country(name: str, cast: Cast) -> str | None:
    place = cast.places.get(name)
    return place.country if place is not None else None


def _entity_name(token: Token) -> str:
    if token.ent_type_:
        # The entity around the token, read from its IOB tags (``doc.ents`` is rebuilt over the
        # whole document on each access), without a leading "the".
        doc = token.doc
        start, end = token.i, token.i + 1
        while start > 0 and doc[start].ent_iob_ == "I":
            start -= 1
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
        first = start + 1 if doc[start].lower_ == "the" else start
        return doc[first if first < end else start : end].text
    return token.text


def _places_under(token: Token, depth: int = 0) -> list[Token]:
    """Place tokens in "in/at" phrases of ``token``, the outermost first ("in the Kremlin in Moscow")."""
    found = []
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in PLACE_PREPS:
            for pobj in child.children:
                if pobj.dep_ == "pobj" and pobj.ent_type_ in PLACE_LABELS:
                    found.append(pobj)
                    if depth < 2:
                        found.extend(_places_under(pobj, depth + 1))
    return found


def _attach_place(trigger_token: Token, anchor: Token, trigger: Trigger, used: Sequence[int], cast: Cast) -> Place | None:
    doc = trigger_token.doc
    heads = list(dict.fromkeys((trigger_token, anchor, *(doc[i] for i in used))))
    # The parser often hangs "in X" on the object: "met Lula in Brasilia".
    heads += [c for h in list(heads) for c in h.children if c.dep_ in ("dobj", "obj") and c not in heads]
    candidates: list[Token] = []
    for token in heads:
        candidates.extend(_places_under(token))
    node = anchor
    while not candidates and node.dep_ == "conj" and node.head is not node:
        node = node.head  # "arrived in Moscow and held talks"
        candidates.extend(_places_under(node))
    if not candidates and trigger.mode == "visit":
        for token in heads:
            for child in token.children:
                if child.dep_ in ("prep", "dative") and child.lower_ in ("to", "in"):
                    candidates.extend(p for p in child.children if p.dep_ == "pobj" and p.ent_type_ in ("GPE", "LOC"))
            candidates.extend(c for c in token.children if c.dep_ == "dobj" and c.ent_type_ in ("GPE", "LOC"))
    if not candidates:
        return None
    # A city or country names the place better than a building inside it.
    chosen = next((c for c in candidates if c.ent_type_ == "GPE"), candidates[0])
    name = _entity_name(chosen)
    return Place(name=name, country=_place_country(name, cast))


# ---------------------------------------------------------------------------- coding


def _is_embedded(
    token: Token, trigger_tokens: set[int], stance_tokens: dict[int, str] | None = None, clause_heads: set[int] = frozenset()
) -> bool:
    """True when a trigger is part of another's: the infinitive of another ("agreed to meet",
    "threatened to strike"), or what a demand, threat, promise, rejection or accusation is about
    ("demanded that Israel withdraw", "rejected Washington's attempt to prevent them"), or the
    object of a demand, threat, promise or rejection ("called for talks", "reneged on its commitment";
    not of an accusation: "condemned the attack" reports the attack too)."""
    stance_tokens = stance_tokens or {}  # trigger index -> type
    anchor = _clause_anchor(token)
    if token.pos_ in ("NOUN", "PROPN") and anchor is not token and stance_tokens.get(anchor.i, "ACCUSE") != "ACCUSE":
        return True
    node = _clause_anchor(token)
    while node.dep_ == "xcomp" or _is_purpose(node) or (node.dep_ == "pcomp" and node.head.dep_ == "prep"):
        node = node.head if node.dep_ != "pcomp" else node.head.head
        if node.i in trigger_tokens:
            return True
    node, content = _clause_anchor(token), None
    for _ in range(6):
        if node.head is node:
            break
        content = content or (node if node.dep_ in CONTENT_DEPS else None)
        node = node.head
        if content is not None and (node.i in stance_tokens or node.i in clause_heads):
            return not _decided_event(content, node, stance_tokens)
        if node.dep_ == "ROOT":
            break
    return False


def _charged_deed(token: Token, found, matches) -> bool:
    """A harm someone is charged with, convicted of or arrested for ("X was charged with killing Y", "the
    man accused of stabbing Y"): the crime is reported as done, not only alleged as talk. Only under a
    charge in the passive or a participle; an active accusation ("X accused Y of shelling Z") stays talk."""
    if found[0][0].type not in HARM_TYPES or token.dep_ not in ("pcomp", "pobj"):
        return False
    prep = token.head
    if prep.dep_ != "prep" or prep.lower_ not in CHARGE_PREPS:
        return False
    charge = prep.head
    charged = matches.get(charge.i)
    return (
        charged is not None
        and charged[0][0].type in CHARGE_TYPES
        and (any(c.dep_ in ("auxpass", "nsubjpass") for c in charge.children) or (charge.tag_ == "VBN" and charge.dep_ in ("acl", "advcl")))
    )


def _decided_event(content: Token, stance: Token, stance_tokens: dict[int, str]) -> bool:
    """What a joint decision settles is an event of its own: "agreed that Putin would visit Turkey"
    (a named doer of its own), "accepted an invitation to visit Washington" (the invitation's content)."""
    if stance_tokens.get(stance.i) == "AGREE" and content.dep_ == "ccomp":
        return any(c.dep_ in ("nsubj", "nsubjpass") and c.pos_ in ("PROPN", "NOUN") for c in content.children)
    if content.dep_ == "acl" and stance.pos_ == "NOUN" and stance.dep_ in ("dobj", "obj"):
        return _lemma_in(stance.head, JOINT_DECISIONS) and any(c.dep_ == "aux" and c.lower_ == "to" for c in content.children)
    return False


def _is_purpose(node: Token) -> bool:
    """A purpose infinitive or participle ("staged rallies to demand", "marched, saying ...") belongs to its head's event."""
    if node.dep_ != "advcl" or node.head is node:
        return False
    return node.tag_ == "VBG" or any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children)


def _with_mode_of_parts(doc: Doc, trigger: Trigger, used: tuple[int, ...], lexicon: Lexicon) -> tuple[Trigger, tuple[int, ...]]:
    """ "had a phone conversation": the light-verb phrase takes the mode its noun phrase gives."""
    if trigger.mode is None:
        for i in used[1:]:
            for part, _ in _match_triggers(doc[i], lexicon):
                if part.type == trigger.type and part.mode is not None:
                    return replace(trigger, mode=part.mode), used
    return trigger, used


def _requirements_met(
    trigger: Trigger, source: _Side, target: _Side, token: Token, coder_actor_tokens=frozenset(), sides: bool = True
) -> bool:
    """Whether ``trigger`` codes an event here (``sides`` False: leaving out the sides it requires,
    which the learned event detector may find elsewhere)."""
    for need in trigger.requires:
        if need in ("target", "counterpart") and not target.actors and sides:
            return False
        if need == "source" and not source.actors and sides:
            return False
        if need == "object" and not any(c.dep_ in ("dobj", "obj") for c in token.children):
            return False
        if need == "actor_object" and not any(c.dep_ in ("dobj", "obj") and c.i in coder_actor_tokens for c in token.children):
            return False  # "welcomed Lula" is a visit, "welcomed Lula's plan" is support
        if need == "infinitive" and not any(c.dep_ == "xcomp" for c in token.children):
            return False  # "offered to mediate" is an intent, "offered flights" is not
        if need == "untargeted" and target.actors:
            return False  # "fired a missile into the sea" is a show of force, "fired a missile at Y" an attack
        if need == "intransitive" and any(c.dep_ in ("dobj", "obj") for c in token.children):
            return False  # "demonstrated their resolve" is no demonstration
    return True


def code_events(
    doc: Doc,
    layout: Layout,
    cast: Cast,
    times: Sequence[TimeExpr],
    published: Published,
    quotes: Sequence[Quote],
    lexicon: Lexicon,
    learned: TriggerModel | None = None,
    arguments=None,
    detection=None,
) -> list[Event]:
    """Code the PLOVER events of a parsed document from its resolved mentions, times and quotes.

    ``quotes`` (the quotes stage's output) give the speaker of a first-person event inside a
    direct quote; ``layout.dateline`` names where and who reports, never who acts. ``learned``,
    the learned trigger typer (``Resources.trigger_model``), reads the verbs and nouns the
    lexicon has no entry for. ``arguments``, the learned argument chooser
    (``Resources.argument_model``, ``learned.arguments``), may choose other sides for each event
    the rules code, among the actors around its trigger. ``detection``, the learned event detector
    (``Resources.detection_model``, ``learned.detection``; it needs ``arguments``), recovers the
    triggers the rules drop for a missing side and the words its trigger typer types: the argument
    chooser fills their sides and the detector keeps those it judges real events.
    """
    # An event is dated by calendar times only: durations, sets and "now"/"the past" place nothing.
    times = [t for t in times if t.type in ("DATE", "TIME") and not t.value.endswith("_REF")]
    dateline = layout.dateline
    mentions: Sequence[Mention] = cast.mentions
    if dateline is not None and dateline.end > dateline.start:
        # "BEIJING, May 4 (Xinhua) --" names where and who reports, not who acts.
        mentions = [m for m in mentions if m.end <= dateline.start or m.start >= dateline.end]
    coder = _Coder(doc, mentions, lexicon, quotes, cast)
    choose_sides = arguments.for_document(doc, mentions, cast, quotes) if arguments is not None else None
    detect = detection.for_document(doc, mentions, cast, quotes, arguments) if detection is not None and arguments is not None else None
    matches: dict[int, list[tuple[Trigger, tuple[int, ...]]]] = {}
    proposals: dict[int, tuple[list[tuple[Trigger, tuple[int, ...]]], float]] = {}  # the detector's words: (trigger, its lead)
    typed: set[int] = set()  # triggers the learned typer gave
    consumed: set[int] = set()
    learned_triggers = lexicon.plain_triggers if learned is not None or detect is not None else {}
    # Each token's base forms, worked out once: the loops below ask them of every token.
    forms = _all_lemmas(doc)
    by_word = lexicon.by_word
    for i, token_forms in enumerate(forms):
        if i in consumed:
            continue
        if learned is None and detect is None and not any(form in by_word for form in token_forms):
            continue  # no entry can fire on it and no typer or detector reads it (the Token is not even made)
        token = doc[i]
        found = _match_triggers(token, lexicon, forms[token.i])
        known = None  # (the learned typer, its reading of the token), for the detector too
        if not found and learned is not None and is_candidate(token) and token.dep_ != "amod":
            # a word the lexicon does not know: the learned typer's reading of it, if any
            known = (learned, learned.reading(token))
            type_, _ = learned.predict(token, known[1])
            if type_ in learned_triggers:
                found = [(replace(learned_triggers[type_], words=(token.lemma_.lower(),), pos=token.pos_.lower()), (token.i,))]
                typed.add(token.i)
        if not found and detect is not None and is_candidate(token) and token.dep_ != "amod":
            proposal = detect.propose(token, known)  # a word the lexicon lacks, typed for the detector alone
            if proposal is not None and proposal[0] in learned_triggers:
                trigger = replace(learned_triggers[proposal[0]], words=(token.lemma_.lower(),), pos=token.pos_.lower())
                proposals[token.i] = ([(trigger, (token.i,))], proposal[1])
            continue
        if found:
            found[0] = _with_mode_of_parts(doc, *found[0], lexicon)
            matches[token.i] = found
            consumed.update(i for i in found[0][1] if i != token.i)
    for i in consumed:
        matches.pop(i, None)
        proposals.pop(i, None)
    trigger_tokens = set(matches)
    stance_tokens = {i: found[0][0].type for i, found in matches.items() if found[0][0].type in STANCE_TYPES}
    # "reiterated its demand that Y ease ...": the parser hangs the demand's clause on the light verb
    clause_heads = {
        doc[i].head.i
        for i in stance_tokens
        if doc[i].pos_ == "NOUN" and doc[i].dep_ in ("dobj", "obj") and _lemma_in(doc[i].head, lexicon.light_verbs)
    }
    speech = lexicon.speech
    clause_heads |= {
        i
        for i, token_forms in enumerate(forms)
        if i not in trigger_tokens and any(f in speech for f in token_forms) and _demands_of(coder, doc[i])
    }
    fallback = Place(dateline.place, _place_country(dateline.place, cast)) if dateline and dateline.place else None
    events: list[Event] = []
    for i in sorted(matches.keys() | proposals.keys()):
        token = doc[i]
        found, lead = (matches[i], 0.0) if i in matches else proposals[i]
        if _is_embedded(token, trigger_tokens, stance_tokens, clause_heads) and not _charged_deed(token, found, matches):
            continue
        if token.dep_ == "compound" and token.pos_ == "NOUN" and len(found[0][1]) == 1:
            continue  # "attack helicopters", "summit venue": a noun that names a kind of thing
        event = _code_one(coder, token, found, times, published, fallback) if i in matches else None
        if event is not None:
            if not event.source and _in_stance_content(token, stance_tokens):
                continue  # "accused the West of turning the G20 into a forum for attacks on Russia": talk, not a report
            event = _resolve_anaphora(event, token, matches, events, times, published)
            if choose_sides is not None:
                event = choose_sides(token, event)  # the learned chooser fills what the rules left empty
        elif detect is not None:
            # a trigger the rules drop for a missing side, or a word only the typer knows: the chooser
            # finds its sides, and the detector keeps it if it judges it a real event
            event = _code_one(coder, token, found, times, published, fallback, relaxed=True)
            if event is None:
                continue
            origin = "typer" if i in typed or i in proposals else "lexicon"
            event = detect(token, event, origin, lead, _in_stance_content(token, stance_tokens))
            if event is None:
                continue
        else:
            continue
        if _mentions_again(event, token, events, times):
            continue
        events.append(event)
    for event in list(events):
        visit = _invited_visit(coder, doc, event, times, published, fallback)
        if visit is not None:
            events.append(visit)
    for token in doc:
        if (
            any(f in speech for f in forms[token.i])  # _lemma_in(token, lexicon.speech)
            and token.i not in trigger_tokens
            and not _is_embedded(token, trigger_tokens, stance_tokens, clause_heads)
        ):
            event = _code_obligation(coder, token, times, published, fallback)
            if event is not None:
                events.append(event)
    first_line = layout.text.find("\n")  # the text parsed (doc.text rebuilds it token by token)
    return _dedupe(events, cast, headline_end=first_line if first_line > 0 else 0)


def _in_stance_content(token: Token, stance_tokens: dict[int, str]) -> bool:
    """Inside the clause a demand, threat, promise, rejection or accusation is about ("accused X of
    turning ... into a forum for attacks on Y"); the plain object of an accusation ("condemned the
    attack on Y") is a report of its own."""
    clausal = False
    node = token
    while node.head.i != node.i:
        clausal = clausal or node.dep_ in ("pcomp", "ccomp", "xcomp", "advcl", "acl", "relcl")
        node = node.head
        if node.i in stance_tokens:
            return clausal
    return False


def _mentions_again(event: Event, token: Token, earlier: list[Event], times: Sequence[TimeExpr] = ()) -> bool:
    """ "The visit of the Chinese president to Russia will last until Friday": a definite visit noun
    whose visitor already travelled or met in the story names that event again (its dates differ)."""
    if token.pos_ != "NOUN":
        return False
    if event.mode == "visit" and any(c.dep_ == "det" and c.lower_ == "the" for c in token.children):
        return any(e.type == "CONSULT" and set(e.source) & set(event.source) for e in earlier)
    # "X resigned on Friday. ... X's resignation was the first since ...": a possessed event noun in a
    # sentence with no time of its own recaps the event its possessor was reported doing
    sent = token.sent
    if not event.source or any(sent.start_char <= t.start < sent.end_char for t in times):
        return False
    if not any(c.dep_ == "poss" and c.pos_ != "PRON" for c in token.children):
        return False
    return any(
        e.type == event.type and set(event.source) <= set(e.source) and set(event.target) <= set(e.target) and e.evidence_start < token.idx
        for e in earlier
    )


def _resolve_anaphora(event: Event, token: Token, matches, earlier: list[Event], times, published: Published) -> Event:
    """Sides and dates that refer back to an event reported before.

    "Duda condemned the strike", "the ministry denied the accusation": with no target of its own, a
    reaction to a definite event noun targets the doer of the last such event. "During the visit,
    X will meet Y": an undated event inside a definite earlier event takes that event's date.
    """

    def last_of(type_: str, mode: str | None = None) -> Event | None:
        # the story's own event, reported first, is what "the strike" or "the visit" usually means
        return next((e for e in earlier if e.type == type_ and (mode is None or e.mode == mode) and e.source), None)

    def definite(noun: Token) -> bool:
        return any(
            c.dep_ in ("det", "poss") and c.lower_ in ("the", "this", "that", "his", "her", "its", "their") for c in noun.children
        ) and not any(c.dep_ in ("poss", "compound", "amod") and c.ent_type_ for c in noun.children)

    if not event.target and event.type in ("ACCUSE", "REJECT", "SUPPORT", "PROTEST"):
        for obj in token.children:
            if obj.dep_ in ("dobj", "obj") and obj.i in matches and definite(obj) and not any(c.dep_ == "prep" for c in obj.children):
                before = last_of(matches[obj.i][0][0].type)
                if before is not None and not set(before.source) & set(event.source):
                    event = replace(event, target=before.source)
                break
    sent = token.sent
    if event.date_start == published.date and not any(sent.start_char <= t.start < sent.end_char for t in times):
        anchor = _clause_anchor(token)
        while anchor.dep_ == "conj" and anchor.head is not anchor:
            anchor = anchor.head
        for prep in anchor.children:
            if prep.dep_ == "prep" and prep.lower_ in ("during", "at", "on") and prep.i < anchor.i:
                for noun in prep.children:
                    if noun.dep_ == "pobj" and noun.i in matches and definite(noun):
                        trigger = matches[noun.i][0][0]
                        before = last_of(trigger.type, trigger.mode)
                        if before is not None and before.date_start:
                            status = "planned" if before.status == "planned" and event.status == "occurred" else event.status
                            event = replace(event, date_start=before.date_start, date_end=before.date_end, status=status)
    return event


INVITED_VISIT = Trigger(words=("invite", "to"), pos="construction", type="CONSULT", mode="visit", cameo="04")


def _invited_visit(coder: _Coder, doc: Doc, invitation: Event, times, published: Published, fallback: Place | None) -> Event | None:
    """ "X invited Y to Berlin / to the summit he will host in May": besides the invitation (REQUEST),
    the visit it asks for is a planned meeting of Y with X, dated by the invitation's own words."""
    if invitation.type != "REQUEST" or not invitation.source or not invitation.target:
        return None
    token = next(
        (
            t
            for t in doc.char_span(invitation.evidence_start, invitation.evidence_end, alignment_mode="expand") or ()
            if t.lemma_.lower() == "invite" and t.pos_ == "VERB"
        ),
        None,
    )
    if token is None:
        return None
    where = [
        p for prep in token.children if prep.dep_ in ("prep", "dative") and prep.lower_ == "to" for p in prep.children if p.dep_ == "pobj"
    ]
    if not where or not (where[0].ent_type_ in PLACE_LABELS or coder.is_event_noun(where[0])):
        return None
    guests = tuple(a for a in invitation.target if a not in coder.actors_of(where[0]))
    if not guests:
        return None
    coder.block = coder.block_of[token.i]
    # the guest comes to the host
    event = _build_event(
        coder, token, INVITED_VISIT, (token.i,), _Side(guests, True), _Side(invitation.source, True), False, times, published, fallback
    )
    if event is None:
        return None
    # the visit's own time: "to the summit he will host in May", else the sentence's future time
    inside = [t for t in times if any(x.idx <= t.start < x.idx + len(x.text) for x in where[0].subtree)]
    for time in inside:
        start, end = _split_value(time.value)
        if start:
            event = replace(event, date_start=start, date_end=end)
            break
    if event.date_start and published.date and event.date_end and event.date_end < published.date[: len(event.date_end)]:
        return None  # an invitation to something already over is no plan
    return replace(event, status="planned", mode="visit")


OBLIGATION = Trigger(words=("must",), pos="construction", type="REQUEST", mode=None, cameo="10")


def _code_obligation(coder: _Coder, speech: Token, times, published: Published, fallback: Place | None) -> Event | None:
    """ "X said Y must/should do Z" is a demand by X on Y (PLOVER REQUEST, CAMEO 10)."""
    clause = _obligation_clause(speech, coder.lexicon)
    if clause is not None:
        coder.block = coder.block_of[speech.i]  # before reading any side: the block of the last trigger is stale
        modals = [c for c in clause.children if c.dep_ == "aux" and c.lower_ in coder.lexicon.obligation]
        subjects = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
        target = _Side(tuple(a for s in subjects for a in coder.actors_of(s)), True)
        source = coder.verb_source(speech)
        speakers = [coder.cast.facts.get(a) for a in source.actors]
        own = {p.country for p in speakers if p is not None and p.kind == "person" and p.country}
        if own & set(target.actors):
            return None  # "Xi said China and Russia should ...": a shared resolve, not a demand on others
        event = _build_event(coder, speech, OBLIGATION, (speech.i, modals[0].i), source, target, False, times, published, fallback)
        if event is not None and event.source and event.target:
            return event
    return None


def _demands_of(coder: _Coder, speech: Token) -> bool:
    """ "X said Y should/must ..." with Y a named side: the clause is the demand's content, no event of its own."""
    if not _lemma_in(speech, coder.lexicon.speech):
        return False
    clause = _obligation_clause(speech, coder.lexicon)
    if clause is None:
        return False
    coder.block = coder.block_of[speech.i]
    return any(coder.actors_of(c) for c in clause.children if c.dep_ in ("nsubj", "nsubjpass"))


def _obligation_clause(speech: Token, lexicon: Lexicon) -> Token | None:
    """The clause of "X said Y must/should do Z" (not negated: "should not" is advice against)."""
    for clause in speech.children:
        if clause.dep_ != "ccomp":
            continue
        if any(c.dep_ == "aux" and c.lower_ in lexicon.obligation for c in clause.children) and not any(
            c.dep_ == "neg" for c in clause.children
        ):
            if any(c.dep_ in ("nsubj", "nsubjpass") for c in clause.children):
                return clause
    return None


def _code_one(
    coder: _Coder, token: Token, found, times, published: Published, fallback: Place | None, relaxed: bool = False
) -> Event | None:
    """The event ``token`` codes with the first of its triggers whose requirements are met, or None.
    ``relaxed``: a candidate for the learned event detector, whose sides may be missing (the first
    trigger met but for its sides, built whatever sides it has)."""
    coder.block = coder.block_of[token.i]
    joint = False
    held = None
    for trigger, used in found:
        if token.pos_ in ("NOUN", "PROPN"):
            source, target, joint = coder.noun_sides(token, trigger.preps, trigger.mode == "third-party", trigger.type == "CONSULT")
        elif token.pos_ == "ADJ":
            anchor = _clause_anchor(token)
            source = coder.verb_source(anchor) if anchor is not token else _Side()
            target = _Side(coder.complement_target(token), False)
        else:
            obj = next((c for c in token.children if c.dep_ in ("dobj", "obj") and c.i in used), None)
            if obj is None and len(used) > 1:
                # "held seven hours of talks with X": the phrase's noun under a measure carries the target
                obj = next((coder.doc[i] for i in used[1:] if coder.doc[i].pos_ == "NOUN"), None)
                while obj is not None and obj.dep_ == "compound" and obj.head.pos_ == "NOUN":
                    obj = obj.head  # "closed its border crossings with Belarus"
            # a phrase's own preposition introduces its target: "stand by Ukraine", "side with Russia"
            own_preps = tuple(coder.doc[i].lower_ for i in used if coder.doc[i].pos_ == "ADP")
            source, target = coder.verb_source(token), coder.verb_target(token, obj, (*trigger.preps, *own_preps))
            patients = [a for a in coder.passive_patients(token) if a not in target.actors and a not in source.actors]
            if patients:
                target = _Side((*target.actors, *patients), True)
            if _lemma_in(token, TOPIC_VERBS):
                # "discussed Sweden's bid": what is discussed is the topic, the partner comes with "with"
                target = _Side(coder.prep_objects(token, ("with",)), True)
            if _is_stance_passive(token):
                # "Israel is opposed to the plan": the subject holds the stance, "to" names its object
                subjects = [a for c in token.children if c.dep_ == "nsubjpass" for a in coder.actors_of(c)]
                source, target = _Side(tuple(subjects), True), _Side(coder.prep_objects(token, ("to",)), True)
            if not target.actors and trigger.type in ("REQUEST", "THREATEN", "REJECT", "AGREE", "ACCUSE"):
                target = _Side(coder.complement_target(token), False)
        if trigger.type == "ASSAULT" and not target.actors:
            # "fired rounds at a loudspeaker in South Korea": a thing struck stands for the state it is in
            target = _Side(
                coder.state_of_struck_thing(token, obj if token.pos_ not in ("NOUN", "PROPN", "ADJ") else None, trigger.preps), True
            )
        if trigger.type == "REQUEST" and _asks_question(token):
            continue
        if trigger.type == "AGREE" and _admits(token):
            continue
        if trigger.type == "AGREE" and _names_document(token):
            continue
        if "counterpart" in trigger.requires:
            # "spoke to Reuters" is an interview, "spoke with Blinken" a consultation
            target = _Side(tuple(a for a in target.actors if not _is_news_medium(a, coder.cast)), target.explicit)
        actor_tokens = coder.actors_at.keys() | coder.guest_objects(token)
        if _requirements_met(trigger, source, target, token, actor_tokens):
            break
        if relaxed and held is None and _requirements_met(trigger, source, target, token, actor_tokens, sides=False):
            held = (trigger, used, source, target, joint)
    else:
        if held is None:
            return None
        trigger, used, source, target, joint = held
    if trigger.type == "AGREE" and not _lemma_in(token, JOINT_DECISIONS) and _intends_harm(token, coder.lexicon):
        # "vowed to retaliate", "is prepared to impose martial law": declared intent to harm is a threat
        trigger = replace(trigger, type="THREATEN", mode=None, cameo="13")
    return _build_event(coder, token, trigger, used, source, target, joint, times, published, fallback, relaxed)


def _admits(token: Token) -> bool:
    """ "Accepted responsibility/the blame for X": an admission, not an agreement."""
    return _lemma_in(token, ("accept", "admit", "acknowledge", "take", "claim")) and any(
        c.dep_ in ("dobj", "obj") and _lemma_in(c, ADMISSION_NOUNS) for c in token.children
    )


def _names_document(noun: Token) -> bool:
    """A document named as the thing something belongs to, not an act: "Article 5 of the
    treaty", "the terms of the deal", "signatories to the accord"."""
    if noun.pos_ not in ("NOUN", "PROPN") or not _lemma_in(noun, DOCUMENT_NOUNS):
        return False
    prep = noun.head
    return (
        noun.dep_ == "pobj"
        and prep.lower_ in ("of", "to", "under")
        and prep.head.pos_ in ("NOUN", "PROPN")
        # "the signing of the treaty", "the ratification of the accord" report the act itself
        and not prep.head.lower_.endswith(("ing", "tion", "sion"))
        and not any(c.dep_ == "prep" and c.lower_ in ("between", "among") for c in noun.children)
    )


def _is_news_medium(actor_id: str, cast: Cast) -> bool:
    """A news agency, an outlet or a think tank: an audience spoken to, not a counterpart."""
    entry = cast.facts.get(actor_id)
    return entry is not None and getattr(entry, "type", None) in AUDIENCE_TYPES


def _asks_question(token: Token) -> bool:
    """ "Asked whether Wang would meet Biden, ...": a question asked, not a request made."""
    return any(
        child.dep_ in ("ccomp", "advcl")
        and any(m.lower_ in ("whether", "if") and m.dep_ == "mark" for m in child.children)
        or (child.dep_ == "ccomp" and any(w.tag_ in ("WDT", "WP", "WRB") and w.head.i == child.i for w in child.children))
        for child in token.children
    )


def _is_stance_passive(token: Token) -> bool:
    """ "is opposed to", "is committed to": a passive form that states the subject's own stance."""
    return (
        _lemma_in(token, STANCE_PARTICIPLES)
        and any(c.dep_ == "auxpass" for c in token.children)
        and not any(c.dep_ == "agent" for c in token.children)
    )


def _intends_harm(token: Token, lexicon: Lexicon) -> bool:
    """The infinitive of an intent word ("ready to", "vowed to") holds a harmful trigger."""
    for child in token.children:
        if child.dep_ != "xcomp" and not _is_purpose(child):
            continue
        for verb in (child, *(c for c in child.children if c.dep_ == "conj")):
            # the verb's own coding first ("lift a ban" is no ban); a light verb's object otherwise
            found = _match_triggers(verb, lexicon) or [
                m for c in verb.children if c.dep_ in ("dobj", "obj") for m in _match_triggers(c, lexicon)
            ]
            if found and found[0][0].type in HARM_TYPES:
                return True
    return False


def _build_event(
    coder: _Coder,
    token: Token,
    trigger: Trigger,
    used,
    source: _Side,
    target: _Side,
    joint: bool,
    times,
    published: Published,
    fallback: Place | None,
    relaxed: bool = False,
) -> Event | None:
    """The event with its date, status, place and raw confidence; None when the rules judge its sides
    too few (``relaxed``: never for that, the learned event detector judges)."""
    lexicon = coder.lexicon
    cast = coder.cast
    source_ids = list(source.actors)
    if trigger.type == "MOBILIZE":
        # "Poland sent troops to the border": the forces sent are what is mobilized, not a target.
        unnamed = {actor.id for actor in cast.incidental}
        target = _Side(tuple(a for a in target.actors if a not in unnamed), target.explicit)
    target_ids = [a for a in target.actors if a not in source_ids]
    target_read = bool(target_ids) and target.explicit
    if not target_ids and len(source_ids) > 1:
        if trigger.reciprocal or joint:  # "X and Y met": one side meets the other
            source_ids, target_ids = source_ids[:1], source_ids[1:]
        elif trigger.type in JOINT_TYPES:  # "X and Y signed a treaty": each side acts towards the others
            target_ids = list(source_ids)
    if not target_ids:
        target_ids = [a for a in _addressee(coder, token) if a not in source_ids]
        target_read = False
    if trigger.mode == "visit":
        # A visit goes abroad: "his visit to Russia" is not Putin's, whatever a pronoun says.
        facts = cast.facts
        homes = {_home_state(a, facts) for a in source_ids}
        target_ids = [a for a in target_ids if _home_state(a, facts) not in homes or facts.get(a) is None or facts[a].kind != "country"]
    target_only = not source_ids
    if target_only and not relaxed and not (target_read and trigger.type in lexicon.target_only_types):
        # Who acted is unknown: a harm done to a named target ("three soldiers were killed")
        # is still an event on its own; a meeting or a request by nobody is not.
        return None
    if not target_ids and trigger.type in lexicon.dyadic_types and not relaxed:
        return None  # a meeting, agreement or request needs its other side
    sent = token.sent
    anchor = _clause_anchor(token)
    status, _ = _status(token, anchor, lexicon)
    time, in_clause = _attach_time(token, anchor, sent, times)
    if time is not None:
        date_start, date_end = _split_value(time.value)
    else:
        date_start = date_end = published.date
    if status == "occurred" and published.date and date_start and len(date_start) == 10 and date_start > published.date:
        status = "planned"
    if status == "hypothetical" and published.date and date_end and date_end > published.date[: len(date_end)] and _plain_would(anchor):
        status = "planned"  # "would receive the guest later this week": a schedule, not a condition
    if (
        trigger.type == "AGREE"
        and status == "negated"
        and _lemma_in(token, ("accept",))
        and not any(c.lower_ == "yet" for c in token.children)
    ):
        # "had not accepted a U.S. proposal": a refusal (CAMEO 12), not an agreement that did not happen
        trigger, status = replace(trigger, type="REJECT", mode=None, cameo="12"), "occurred"
    if trigger.type in lexicon.threat_types and status in ("planned", "hypothetical") and _has_condition(anchor):
        # "will cut aid unless Y withdraws": a conditional harm is a threat (PLOVER THREATEN, CAMEO 13)
        trigger = replace(trigger, type="THREATEN", mode=None, cameo="13")
    deed = target_only and _reported_harm(date_start, published, target_ids, cast) and _is_deed(token, anchor, time, lexicon)
    if target_only and not relaxed and not deed:
        return None
    if target_only and not relaxed and status in ("planned", "hypothetical"):
        return None  # a harm no one is named to intend ("a plan to increase sanctions on Iran") is talk, not an event
    place = _attach_place(token, anchor, trigger, used, cast) or fallback
    confidence = 0.35
    confidence += 0.3 if source.explicit and source_ids else (0.15 if source_ids else 0.0)
    confidence += 0.2 if target_read else (0.1 if target_ids else 0.0)
    confidence += 0.05 if len(trigger.words) > 1 else 0.0
    confidence += 0.05 if time is not None and in_clause else 0.0
    confidence += 0.05 if _in_main_clause(anchor, lexicon) else 0.0
    confidence -= 0.1 if status == "hypothetical" else 0.0
    confidence -= 0.1 if target_only else 0.0
    start, text = _evidence(sent, token)
    return Event(
        type=trigger.type,
        mode=trigger.mode,
        cameo=trigger.cameo,
        source=tuple(source_ids),
        target=tuple(target_ids),
        date_start=date_start,
        date_end=date_end,
        location=place,
        status=status,
        evidence_start=start,
        evidence_end=start + len(text),
        evidence_text=text,
        confidence=round(min(confidence, 0.95), 2),
        trigger=" ".join(coder.doc[j].text for j in sorted(used)),
    )


def _is_deed(token: Token, anchor: Token, time: TimeExpr | None, lexicon: Lexicon) -> bool:
    """Whether a harm with no known doer was done by someone: not a standing state ("the party is
    banned", in the present and undated) nor the work of an accident ("a collision killed two")."""
    if time is None and any(c.dep_ == "auxpass" and c.tag_ in ("VBZ", "VBP") for c in anchor.children):
        return False
    for child in (*token.children, *anchor.children):
        if child.dep_ in ("nsubj", "csubj"):
            doers = [child]
        elif child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ in ("in", "during")):
            doers = [p for p in child.children if p.dep_ == "pobj"]  # "killed by a truck", "killed in a crash"
        else:
            continue
        if any(_lemma_in(doer, lexicon.accident_nouns) or _is_vehicle(doer) for doer in doers):
            return False
    if token.dep_ in ("relcl", "acl") and _lemma_in(token.head, lexicon.accident_nouns):
        return False  # "a collision which killed two"
    return True


def _is_vehicle(doer: Token) -> bool:
    """A named make or model ("a Volvo XC90", "a Toyota driving on the wrong side"): a thing
    the NER calls a product, or one said to be driven, is an accident's cause, not a doer."""
    if doer.ent_type_ == "PRODUCT":
        return True
    return any(c.dep_ in ("acl", "relcl") and _lemma_in(c, VEHICLE_VERBS) for c in doer.children)


def _reported_harm(date_start: str | None, published: Published, target_ids: Sequence[str], cast: Cast) -> bool:
    """Whether a harm with no known doer is news in its own right, not background.

    Such an event must not be dated more than a year before the article ("the country was
    attacked in 1941"), nor be done to a state that no longer existed on its date (an undated
    recollection of a past war falls back to the article's date).
    """
    if published.date and date_start and int(date_start[:4]) < int(published.date[:4]) - 1:
        return False
    if date_start:
        for actor_id in target_ids:
            actor = cast.facts.get(actor_id)
            if actor is not None and actor.kind == "country" and actor.end and actor.end < date_start:
                return False
    return True


def _home_state(actor_id: str, facts) -> str | None:
    actor = facts.get(actor_id)
    if actor is None:
        return None
    return actor.id if actor.kind == "country" else actor.country


def _plain_would(anchor: Token) -> bool:
    """The clause's only modal is "would" and no if/unless/whether clause conditions it."""
    auxes = [c.lower_ for c in anchor.children if c.dep_ in ("aux", "auxpass")]
    marks = [c.lower_ for c in anchor.children if c.dep_ == "mark"]
    return (
        "would" in auxes
        and not any(a in HYPOTHETICAL_AUX and a != "would" for a in auxes)
        and not any(m in CONDITIONAL_MARKS for m in marks)
        and not _has_condition(anchor)
    )


def _has_condition(anchor: Token) -> bool:
    """The clause is the consequence of an if/unless clause."""
    return any(
        child.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in CONDITIONAL_MARKS for m in child.children)
        for child in anchor.children
    )


def _addressee(coder: _Coder, token: Token) -> tuple[str, ...]:
    """Whom a reported intention was told: "X told Y that he was ready to ..." -> Y."""
    node = _clause_anchor(token)
    for _ in range(4):
        if node.dep_ == "ccomp" and _lemma_in(node.head, coder.lexicon.speech):
            speech = node.head
            return tuple(a for c in speech.children if c.dep_ in ("dobj", "dative", "iobj") for a in coder.actors_of(c))
        if node.dep_ not in ("xcomp", "conj", "acomp") or node.head is node:
            break
        node = node.head
    return ()


def _evidence(sent: Span, token: Token) -> tuple[int, str]:
    """The sentence as evidence, cut to the line that holds the trigger when the parser ran lines together."""
    text = sent.text
    offset = token.idx - sent.start_char
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = text.find("\n", offset)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    stripped = line.strip()
    return sent.start_char + line_start + (len(line) - len(line.lstrip())), stripped


def _in_main_clause(anchor: Token, lexicon: Lexicon) -> bool:
    """The sentence's own predicate, or what a reporting verb reports ("X said Y attacked Z")."""
    if anchor.dep_ == "ROOT":
        return True
    return anchor.dep_ in ("ccomp", "conj") and anchor.head.dep_ == "ROOT" and _lemma_in(anchor.head, lexicon.speech)


def _visit_and_meeting(event: Event, other: Event, cast: Cast) -> bool:
    """ "Arrived in Moscow and met Putin": ``event`` (the visit to a state) is part of ``other`` (the meeting with its leader)."""
    if event.type != "CONSULT" or other.type != "CONSULT":
        return False
    if (event.date_start, event.date_end, event.status) != (other.date_start, other.date_end, other.status):
        return False
    if not set(event.source) & set(other.source):
        return False
    # in one sentence any host stands for the visit ("arrived in Moscow and met Lavrov"); across
    # sentences only the state's leader does ("will visit the U.S." and later "will hold talks with
    # the Secretary of State" are two events)
    same_sentence = event.evidence_start == other.evidence_start
    countries = {
        getattr(cast.facts.get(a), "country", None)
        for a in other.target
        if same_sentence or any(r.office in LEADER_OFFICES for r in getattr(cast.facts.get(a), "roles", ()))
    }
    return bool(event.target) and set(event.target) <= countries


def _dedupe(events: list[Event], cast: Cast, headline_end: int = 0) -> list[Event]:
    """One event per type, sentence and set of actors (joint types count either way round), and one
    per type, sides, date and status in the document; a headline's event (``headline_end``: where
    the first line ends) is the same as the story's report of it whatever date each carries."""
    kept: dict[tuple, Event] = {}
    for event in events:
        if event.type in JOINT_TYPES:
            sides = frozenset(event.source) | frozenset(event.target)
            key = (event.type, event.evidence_start, sides)
        else:
            # "accused Belarus of ... and summoned its envoy": two acts of one type, told apart by their mode
            key = (event.type, event.mode, event.evidence_start, frozenset(event.source), frozenset(event.target))
        held = kept.get(key)
        if held is None or event.confidence > held.confidence:
            kept[key] = event
    # A headline and a lead (or a later recap) often report the same event: one per document.
    reported: list[Event] = []
    for event in sorted(kept.values(), key=lambda e: -e.confidence):
        if any(
            _same_report(event, other) or _visit_and_meeting(event, other, cast) or _headline_of(event, other, headline_end)
            for other in reported
        ):
            continue
        # A meeting with a leader replaces the visit to the leader's state reported beside it.
        reported = [other for other in reported if not (_visit_and_meeting(other, event, cast) or _headline_of(other, event, headline_end))]
        reported.append(event)
    return sorted(reported, key=lambda e: (e.evidence_start, -e.confidence))


def _headline_of(event: Event, other: Event, headline_end: int) -> bool:
    """ "Blinken meets Xi" (headline, present tense, dated by the article) and "Blinken met Xi on Monday"."""
    if not (event.evidence_start < headline_end) or other.evidence_start < headline_end or event.type != other.type:
        return False
    return _same_report(replace(event, date_start=other.date_start, date_end=other.date_end, status=other.status), other)


def _same_report(event: Event, other: Event) -> bool:
    """Same type, date and status, and one's sides within the other's (either way round for joint types).

    A harm by an unnamed doer is the same as any report of that harm to the same target in the
    document, whatever its date: "X was murdered last October" and "X's murder" later on.
    """
    if not event.source and (event.type, event.status) == (other.type, other.status) and set(event.target) <= set(other.target):
        return True
    if (event.type, event.date_start, event.date_end, event.status) != (other.type, other.date_start, other.date_end, other.status):
        return False
    if event.type in JOINT_TYPES:
        mine, theirs = {*event.source, *event.target}, {*other.source, *other.target}
        return mine <= theirs or theirs <= mine
    if event.evidence_start == other.evidence_start and event.mode != other.mode:
        return False  # "accused Belarus and summoned its envoy": two acts in one sentence
    return set(event.source) <= set(other.source) and set(event.target) <= set(other.target)
