"""Quotes: direct, indirect and mixed, with the speaker resolved to an actor id.

Direct quotes are found on the characters (every quotation style, sloppy marks from
machine translation, quotes running over paragraphs), then attributed through the
dependency parse of the clause around them. Indirect quotes come from speech verbs with a
reported clause ("X said that ...", "According to X, ..."). The speech cues are data
(``data/speech_cues.json``, documented in ``data/speech_cues.md``).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from types import MappingProxyType
from typing import Sequence

from spacy.attrs import LEMMA

from .layout import MAX_ATTRIBUTION_WORDS, Layout
from .learned.speakers import SpeakerModel
from .records import Cast, Mention, Quote
from .resources import Cues

PERSONLIKE = ("PERSON", "ROLE", "PRON")
# Which mention in a subject phrase speaks: "President of Ukraine Volodymyr Zelenskyy" -> the person.
LABEL_ORDER = MappingProxyType({label: rank for rank, label in enumerate(("PERSON", "ROLE", "PRON", "ORG", "GROUP", "NORP", "GPE"))})
SENTENCE_END = ".!?"
# Subjects of a present-tense "say" that report hearsay, not a statement: "they say", "people say".
GENERIC_SUBJECTS = ("they", "you", "one", "people", "everyone", "everybody")
# Speech verbs whose object's 'that' clause is what the speaker rejects: "denied the claim that …".
DENYING_VERBS = frozenset({"deny", "reject", "dismiss", "refute", "dispute"})
# How far (in paragraphs) an unclosed quote may look for a stray closing mark.
MAX_CARRY = 4
# Pronouns that tell a person's gender: someone the resolver already tied to "she" is not a later "he".
GENDERED = MappingProxyType({"he": "m", "him": "m", "his": "m", "himself": "m", "she": "f", "her": "f", "hers": "f", "herself": "f"})


# --------------------------------------------------------------------------- attribution


@dataclass
class _Candidate:
    start: int
    end: int
    kind: str
    cue: str | None
    cue_at: int  # offset used to order speaker resolution
    speaker: object  # an actor id, or one of the markers below
    marks: tuple[int, int] | None = None  # (open mark, after close) for direct quotes
    attribution_end: int | None = None  # where the attribution clause after a direct quote ends
    parts: tuple[tuple[int, int], ...] = ()  # the pieces of words an attribution inside them splits


_PRONOUN = "pronoun"  # a pronoun the resolver left unresolved: most recent compatible speaker
_CONTEXT = "context"  # a document ("the telegram") or nothing: the speaker from context
_CONTINUE = "continue"  # no cue: the previous quote's speaker when nothing intervenes
_BODY = "body"  # 'they', 'it': the last quote's speaker, when that is an organization in the same or last paragraph


class _Text:
    """Character-offset helpers over one parsed document."""

    def __init__(self, doc, layout: Layout, cast: Cast, cues: Cues):
        self.doc = doc
        self.text = layout.text  # the text parsed; doc.text would rebuild it token by token
        self.layout = layout
        self.cues = cues
        self.nationalities = cast.nationalities
        self.mentions = sorted(cast.mentions, key=lambda m: (m.start, m.end))
        self.mention_starts = [m.start for m in self.mentions]
        # No mention is longer than this: one starting further back cannot reach an offset.
        self.longest_mention = max((m.end - m.start for m in self.mentions), default=0)
        self.token_starts = [t.idx for t in doc]
        self.quoted = layout.quoted
        self.gender = _genders(self.mentions)
        # Where each lower-cased lemma occurs (token indices, in order), made when first asked:
        # "the statement" looks for an earlier "statement", which scanning every token before it
        # made quadratic.
        self.lemma_positions: dict[str, list[int]] | None = None

    def label_of(self, actor_id: str) -> str | None:
        """The entity label ('PERSON', 'ORG', 'GPE' …) of an actor's first mention."""
        return next((m.label for m in self.mentions if m.actor_id == actor_id), None)

    def token_at(self, offset: int):
        if not len(self.doc):
            return None
        i = bisect.bisect_right(self.token_starts, offset) - 1
        return self.doc[max(i, 0)]

    def tokens(self, start: int, end: int):
        lo = bisect.bisect_left(self.token_starts, start)
        hi = bisect.bisect_left(self.token_starts, end)
        return [self.doc[i] for i in range(lo, hi)]

    def in_quote(self, offset: int) -> bool:
        return self.layout.in_quote(offset)

    def paragraph_of(self, offset: int) -> tuple[int, int]:
        start = self.text.rfind("\n", 0, offset) + 1
        end = self.text.find("\n", offset)
        return start, end if end >= 0 else len(self.text)

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        hi = bisect.bisect_left(self.mention_starts, end)
        lo = bisect.bisect_left(self.mention_starts, start - self.longest_mention)
        return [m for m in self.mentions[lo:hi] if m.end > start]

    def lemma_tokens(self, lemma: str, start: int, end: int):
        """The tokens starting at offsets ``start`` to ``end`` whose lower-cased lemma is ``lemma``, in order."""
        if self.lemma_positions is None:
            self.lemma_positions = {}
            strings = self.doc.vocab.strings
            lemmas = self.doc.to_array(LEMMA).tolist() if len(self.doc) else []
            for i, key in enumerate(lemmas):
                self.lemma_positions.setdefault(strings[key].lower(), []).append(i)
        positions = self.lemma_positions.get(lemma, ())
        lo = bisect.bisect_left(self.token_starts, start)
        hi = bisect.bisect_left(self.token_starts, end)
        return [self.doc[i] for i in positions[bisect.bisect_left(positions, lo) : bisect.bisect_left(positions, hi)]]

    def phrase_actor(self, head, limit: tuple[int, int] | None = None):
        """The actor a noun phrase names: mentions overlapping its subtree, the head's first."""
        left, right = head.left_edge.idx, head.right_edge.idx + len(head.right_edge)
        if limit is not None:
            left, right = max(left, limit[0]), min(right, limit[1])
        found = self.mentions_in(left, right)
        on_head = [m for m in found if m.start <= head.idx < m.end]
        if on_head:
            if on_head[0].label == "PRON":
                return self.pronoun_actor(head, on_head[0])
            if on_head[0].label not in PERSONLIKE:
                # "African Export–Import Bank president Okey Oramah" parsed with the bank as the
                # head and the person in apposition: the person speaks.
                people = [
                    m
                    for child in head.children
                    if child.dep_ == "appos" and child.i > head.i
                    for m in self.mentions_in(child.idx, child.idx + len(child))
                    if m.label == "PERSON"
                ]
                if people:
                    return people[0].actor_id
            return on_head[0].actor_id
        appositions = [
            m
            for child in head.children
            if child.dep_ == "appos"
            for m in self.mentions_in(child.left_edge.idx, child.right_edge.idx + len(child.right_edge))
        ]
        if appositions:
            # "The spokesman, Dmitry Peskov,"; of a glued dateline's appositions, the person.
            return min(appositions, key=lambda m: (LABEL_ORDER.get(m.label, len(LABEL_ORDER)), -m.start)).actor_id
        # "Niger's president Mahamadou Issoufou": the owner is not the speaker.
        owners = [t for t in head.subtree if t.dep_ == "poss"]
        lemma = head.lemma_.lower()
        if head.pos_ == "NOUN" and not any(
            lemma in words for words in (self.cues.speaker_nouns, self.cues.proxy_nouns, self.cues.official_nouns)
        ):
            # "associates of Navalny", "supporters of the president": the owner is not the speaker.
            owners += [c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"]
        own_spans = [(c.left_edge.idx, c.right_edge.idx + len(c.right_edge)) for c in owners]
        free = [m for m in found if not any(s <= m.start < e for s, e in own_spans)]
        if head.lemma_.lower() in self.cues.statement_nouns and head.pos_ == "NOUN":
            return self.document_author(head)
        if free:
            # "(Reuters) - The U.N. human rights chief": of equal kinds, the name nearest the head.
            return min(free, key=lambda m: (LABEL_ORDER.get(m.label, len(LABEL_ORDER)), abs(m.start - head.idx))).actor_id
        nation = self.nationality_of(head) if not free else None
        if nation is not None:
            return nation
        body = self.body_behind(head)
        if body is not None:
            return body
        if head.lower_ in ("they", "it") and head.dep_ == "nsubj":
            # "Police said … They said …", "the statement from the prison service said … it said":
            # a body that spoke just before, never a person ("it" may be no one named).
            return _BODY
        if head.lower_ in ("they", "them", "we", "us"):
            return None  # a plural pronoun the resolver left open: no single speaker to guess
        if head.pos_ == "PRON" or head.lower_ in ("he", "she", "him", "her", "it"):
            return _PRONOUN
        if head.pos_ == "PROPN" and head.text[:1].isupper():
            # "the Navy said" after "the Indian Navy", "Hale said" (a surname the NER left
            # out) after "Constable Tim Hale": the body or person named before in full.
            earlier = self.named_before(head)
            if earlier is not None:
                return earlier
            if any(c.lower_ == "the" for c in head.children):
                # "the Secretary-General said" after "Secretary-General Mira Osei": a title
                # written capitalized, the person named with it before.
                earlier = self.same_head_before(head)
                if earlier is not None:
                    return earlier
        if head.pos_ == "NOUN" or head.pos_ == "PROPN" and head.text[:1].islower():
            # (a lower-case word tagged as a name, "the navy said", is a common noun)
            earlier = self.same_head_before(head)
            if earlier is not None:
                return earlier
            if found and head.lemma_.lower() in self.cues.proxy_nouns:
                return found[0].actor_id  # "Erdogan's office": the owner speaks through it
            definite = any(c.lower_ == "the" or c.dep_ == "poss" for c in head.children)
            if definite and head.lemma_.lower() in self.cues.speaker_nouns:
                # "the Russian top diplomat" with no mention: a definite description of
                # someone already in the story, most often the one who spoke last; in a
                # story's first lines, the one the next sentence names with that title.
                later = self.same_title_after(head) if self.same_head_before(head) is None else None
                return later if later is not None else _PRONOUN
            if definite and lemma in self.cues.body_nouns:
                # "the company said", "the news wire reported": the organization last a subject.
                body = self.last_subject_before(head.idx, labels=("ORG",), paragraphs=3)
                if body is not None:
                    return body[1]
            if lemma in self.cues.speaker_nouns and lemma in self.cues.proxy_nouns:
                # "A spokesperson told reporters", with no body named: the body speaking in the story.
                return _CONTEXT
            return None
        if found:
            return found[0].actor_id
        return None

    def pronoun_actor(self, pronoun, mention: Mention):
        """Who a subject 'he' or 'she' opening a paragraph stands for.

        The resolver's referent is kept unless it was never the subject of a sentence before
        (only a possessor or an object, "despite X's support"), while someone else was: a
        new paragraph's 'he' most often goes on with the last paragraph's subject.
        """
        if pronoun.dep_ not in ("nsubj", "nsubjpass") or pronoun.lower_ not in ("he", "she"):
            return mention.actor_id
        if pronoun.dep_ == "nsubj" and self.cues.is_speech(pronoun.head):
            reporter = self.talked_about(pronoun, mention.actor_id)
            if reporter is not None:
                return reporter
        paragraph_start = self.paragraph_of(pronoun.idx)[0]
        if self.layout.sentence_start(pronoun.idx, paragraph_start) != paragraph_start:
            return mention.actor_id
        subject = self.last_subject_before(paragraph_start, named=True, gender=GENDERED[pronoun.lower_])
        if subject is None or subject[1] == mention.actor_id:
            return mention.actor_id
        was_subject = any(
            m.actor_id == mention.actor_id and m.label != "PRON" and (self._is_subject(m) or self._names_subject(m))
            for m in self.mentions_in(0, paragraph_start)
        )
        return mention.actor_id if was_subject else subject[1]

    def talked_about(self, pronoun, actor_id: str):
        """Who a speaking 'he' or 'she' stands for when the resolver's referent was last named only
        in what was reported: in the words this verb reports ('Lena was on leave, she said':
        not Lena; the context decides, ``_PRONOUN``), or in what someone else of the same gender
        said just before ('Berg said Koch had left. "We knew," she told …': Berg). None when the
        referent was last named anywhere else."""
        named = [
            m for m in self.mentions_in(0, pronoun.idx)
            if m.actor_id == actor_id and m.label != "PRON" and m.end <= pronoun.idx and not self.in_quote(m.start)
        ]
        if not named:
            return None
        last = named[-1]
        head = self.token_at(last.start)
        sent = pronoun.sent
        verb = pronoun.head
        if sent.start_char <= last.start:
            reported = [c for c in verb.children if c.dep_ in ("ccomp", "parataxis") and c.i < pronoun.i]
            if any(c.left_edge.idx <= last.start <= c.right_edge.idx for c in reported):
                return _PRONOUN
            return None
        if head.sent.end_char < sent.start_char and self.sentence_index_gap(head.sent, sent) > 1:
            return None  # named two sentences or more before: too far to tell
        gender = GENDERED[pronoun.lower_]
        token = head
        while token.head.i != token.i:
            if token.dep_ == "ccomp" and self.cues.is_speech(token.head):
                subjects = [c for c in token.head.children if c.dep_ == "nsubj"]
                for subject in subjects:
                    for other in self.mentions_in(subject.idx, subject.idx + len(subject)):
                        fits = self.gender.get(other.actor_id, gender) == gender
                        if other.label in ("PERSON", "ROLE") and other.actor_id != actor_id and fits:
                            return other.actor_id
                return None
            token = token.head
        return None

    def sentence_index_gap(self, first, second) -> int:
        """How many sentences from ``first`` to ``second`` (1: the next one)."""
        gap, sent = 0, second
        while sent.start > first.start and gap < 3:
            sent = self.doc[sent.start - 1].sent
            gap += 1
        return gap

    def nationality_of(self, head):
        """The state behind unnamed officials: 'German officials', 'a Saudi government source'."""
        if head.pos_ not in ("NOUN", "PROPN"):
            return None
        lemma = head.lemma_.lower()
        cues = self.cues
        if lemma not in cues.speaker_nouns and lemma not in cues.proxy_nouns and lemma not in cues.official_nouns:
            return None
        definite = any(c.lower_ == "the" or c.dep_ == "poss" for c in head.children)
        if definite and head.tag_ in ("NN", "NNP") and lemma in cues.speaker_nouns and lemma not in cues.proxy_nouns:
            return None  # "the Chinese minister said": a person already in the story, not the state
        modifiers = [c for c in head.children if c.dep_ in ("amod", "compound", "nmod") and c.i < head.i]
        modifiers += [g for c in modifiers for g in c.children if g.dep_ in ("amod", "compound", "conj") and g.i < head.i]
        for modifier in sorted(modifiers, key=lambda t: t.i):
            if not modifier.text[:1].isupper():
                continue
            actor_id = self.nationalities.get(modifier.text)
            if actor_id is not None:
                return actor_id
        return None

    def body_behind(self, head):
        """The body an unnamed spokesperson or source speaks for, when a word before the noun is
        the last word of an organization's name: the one named earlier ('a navy spokesman' after
        'the Coastal Navy', 'police sources' after 'Harbour City Police'), else the only one the
        story names with it."""
        lemma = head.lemma_.lower()
        cues = self.cues
        if head.pos_ not in ("NOUN", "PROPN") or not any(
            lemma in words for words in (cues.speaker_nouns, cues.proxy_nouns, cues.official_nouns)
        ):
            return None
        modifiers = [c for c in head.children if c.dep_ in ("compound", "nmod", "amod") and c.i < head.i]
        for modifier in sorted(modifiers, key=lambda t: -t.i):
            if modifier.pos_ not in ("NOUN", "PROPN"):
                continue
            body = self.named_before(modifier, labels=("ORG",)) or self.only_body_named(modifier)
            if body is not None:
                return body
        return None

    def only_body_named(self, word):
        """The one organization of the document, named anywhere in it, whose name ends in ``word``
        ('a Navy spokesperson' in a story that names the Coastal Navy only later), or None."""
        lower = word.lower_
        found = {
            m.actor_id
            for m in self.mentions
            if m.label == "ORG" and m.text.lower().split()[-1:] == [lower] and not self.in_quote(m.start)
        }
        return found.pop() if len(found) == 1 else None

    def same_head_before(self, head):
        """The actor an earlier phrase with the same head noun named.

        'the spokesperson' after 'a foreign ministry spokesperson' (one mention), or
        'the commissioner' after 'trade commissioner Albert Muchanga' (a title before a name),
        'the firm' after 'NPD Group, a market research firm' (an apposition after it).
        """
        word = re.escape(head.lower_)
        in_mention = re.compile(rf"\b{word}\b")
        # Only the rest of a title and name may stand between: "commissioner Albert Muchanga".
        title_before = re.compile(rf"(?i:\b{word}\b),?(?:\s+[A-Z][\w.'’-]*)*,?\s*$")
        # Or an apposition after the name: "NPD Group, a market research firm".
        apposition_after = re.compile(rf"(?i),\s+an?\s+(?:[\w'’-]+\s+){{0,3}}{word}\b")
        for mention in reversed(self.mentions_in(0, head.idx)):
            if mention.end > head.idx:
                continue
            if in_mention.search(mention.text.lower()) or title_before.search(self.text[max(0, mention.start - 60) : mention.start]):
                return mention.actor_id
            if apposition_after.match(self.text[mention.end : mention.end + 60]):
                return mention.actor_id
        return None

    def same_title_after(self, head):
        """The person the next sentence names with the title a description's head noun ends:
        'the province's attorney general said …' then 'Attorney General Ilse Brandt said …',
        when no one was named before with it."""
        word = re.escape(head.lower_)
        title_before = re.compile(rf"(?i:\b{word}\b)\s*$")
        sent = head.sent
        end = sent.end_char
        if sent.end < len(self.doc):
            end = self.doc[sent.end].sent.end_char
        for mention in self.mentions_in(head.idx + len(head), end):
            if mention.label == "PERSON" and not self.in_quote(mention.start):
                if title_before.search(self.text[max(0, mention.start - 60) : mention.start]):
                    return mention.actor_id
        return None

    def named_before(self, head, labels: Sequence[str] = ("ORG", "PERSON")):
        """The organization or person an earlier mention named in full whose last word is ``head``:
        'the Navy' after 'the Indian Navy', 'Hale' after 'Constable Tim Hale'."""
        word = head.lower_
        for mention in reversed(self.mentions_in(0, head.idx)):
            if mention.end <= head.idx and mention.label in labels and mention.text.lower().split()[-1:] == [word]:
                return mention.actor_id
        return None

    def document_author(self, head):
        """The author of a document that speaks: 'X's telegram', 'a statement from X',
        'a statement released by X', or the same document introduced earlier ('the telegram')."""
        lemma = head.lemma_.lower()
        actor = self._author_named_at(head)
        if actor is not None:
            return actor
        earlier = [t for t in reversed(self.lemma_tokens(lemma, 0, head.idx)) if not self.in_quote(t.idx)]
        if not earlier:
            # "according to a prison statement … The statement from the Department said": the
            # same document named in the next lines.
            end = self.paragraph_of(head.idx)[1]
            horizon = self.paragraph_of(end + 1)[1] if end + 1 < len(self.text) else end
            for token in self.lemma_tokens(lemma, head.idx + len(head), horizon):
                if not self.in_quote(token.idx):
                    actor = self._author_named_at(token)
                    if actor is not None:
                        return actor
            return None  # "the report said", with no report introduced before: nobody known
        for token in earlier:
            actor = self._author_named_at(token)
            if actor is not None:
                return actor
        return _CONTEXT

    def _author_named_at(self, token):
        # "a UN report", "the Kremlin's statement": a name before the document noun.
        before = [m for m in self.mentions_in(token.left_edge.idx, token.idx) if m.end <= token.idx]
        if before:
            return before[-1].actor_id
        targets = []
        for child in token.children:
            if child.dep_ == "poss":
                targets.append(child)
            elif child.dep_ == "prep" and child.lower_ in ("from", "by"):
                targets += [g for g in child.children if g.dep_ == "pobj"]
            elif child.dep_ == "acl" and child.lemma_.lower() not in self.cues.quoting_verbs:
                for agent in (g for g in child.children if g.dep_ == "agent"):
                    targets += [g for g in agent.children if g.dep_ == "pobj"]
        if token.dep_ == "dobj" and token.head.pos_ == "VERB":
            # "X released a statement", "the ministry issued a note": who put it out wrote it.
            targets += [c for c in token.head.children if c.dep_ == "nsubj"]
        for target in targets:
            actor = self.phrase_actor(target)
            if actor not in (None, _PRONOUN, _CONTEXT):
                return actor
        return None

    def speaker_of(self, cue_token, limit: tuple[int, int] | None = None):
        """Who speaks through a cue: 'X quoted him as saying' -> him; 'the minister went on to say'."""
        if limit is None:
            limit = self.paragraph_of(cue_token.idx)
        token = cue_token
        for _ in range(4):
            if token.lemma_.lower() in self.cues.quoting_verbs:
                objects = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
                if objects:
                    return self.phrase_actor(objects[0])
                if token.dep_ in ("acl", "relcl") and token.head.i != token.i:
                    # a telegram's text as a news agency quotes it: the telegram's author speaks.
                    return self.document_author(token.head)
                return _CONTEXT
            if token.dep_ == "acl" and token.head.lemma_.lower() in self.cues.statement_nouns:
                # "a statement saying …", "a letter stating …": the document's author says it.
                author = self.document_author(token.head)
                if author is not None:
                    return author
            subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
            # A heading glued to the next line by the parser is no subject.
            subjects = [c for c in subjects if limit[0] <= c.idx < limit[1]]
            if subjects:
                if subjects[0].dep_ == "nsubjpass" and subjects[0].lower_ == "it":
                    return None  # "it was said that": no speaker
                # "Niger's president Mahamadou Issoufou said" or a dateline glued to the
                # sentence may give two subjects: the nearest one first.
                subjects.sort(key=lambda subject: abs(subject.i - token.i))
                subjects = [self.past_the_source(subject) for subject in subjects]
                if token.dep_ == "relcl":
                    # "Wang Yi, who told him that …": the relative pronoun stands for the noun it follows.
                    subjects = [token.head if s.lower_ in ("who", "which", "that") else s for s in subjects]
                actors = [self.phrase_actor(subject, limit) for subject in subjects]
                named = [a for a in actors if a not in (None, _PRONOUN, _CONTEXT)]
                return named[0] if named else actors[0]
            if token.head.i == token.i or token.dep_ not in ("xcomp", "conj", "advcl", "pcomp", "prep", "ccomp", "acl"):
                break
            token = token.head
        # '“…,” told Sergei Lavrov to the journalists': with its hearer in a 'to' phrase, a hearer
        # verb's object is the inverted subject too.
        heard_by_to = any(c.dep_ in ("prep", "dative") and c.lower_ == "to" for c in cue_token.children)
        inverted = [
            c for c in cue_token.children
            if c.dep_ == "dobj" and c.i > cue_token.i
            and (cue_token.lemma_.lower() not in self.cues.hearer_verbs or heard_by_to)
        ]
        if inverted and (inverted[0].pos_ != "NOUN" or _speaks(self.cues, inverted[0])):
            # '“…,” read the statement': the inverted subject parsed as an object.
            actor = self.phrase_actor(inverted[0], limit)
            if actor is not None:
                return actor
        # No subject in the parse: the nearest name around the cue that is not its hearer
        # ("told Reuters"), its medium ("quoted by the agency") or inside a quote.
        hearers = [
            c for c in cue_token.children
            if c.dep_ in ("prep", "agent", "dative")
            or c.dep_ == "dobj" and cue_token.lemma_.lower() in self.cues.hearer_verbs
        ]
        spans = [(c.left_edge.idx, c.right_edge.idx + len(c.right_edge)) for c in hearers]
        outside = [
            m for m in self.mentions_in(*limit)
            if not self.in_quote(m.start) and not any(a <= m.start < b for a, b in spans)
        ]
        persons = [m for m in outside if m.label in PERSONLIKE]
        found = persons or outside
        if found:
            return min(found, key=lambda m: abs(m.start - cue_token.idx)).actor_id
        return None

    def past_the_source(self, subject):
        """'According to ISNA, the prosecutor, X, said': the parser's subject is the source; X speaks."""
        left = subject.left_edge.i
        sourced = False
        for token in subject.doc[subject.sent.start : left]:
            phrase = _source_phrase(self.cues, token)
            if phrase is None:
                continue
            target = _according_object(token, phrase)
            # The source phrase's object is the subject itself or runs up to it.
            sourced = target is None or target.i == subject.i or target.right_edge.i >= left - 1
        if not sourced:
            return subject
        appositions = [c for c in subject.children if c.dep_ == "appos" and c.i > subject.i]
        return appositions[0] if appositions else subject

    def last_subject_before(
        self,
        offset: int,
        named: bool = False,
        labels: Sequence[str] = PERSONLIKE,
        paragraphs: int | None = None,
        gender: str | None = None,
    ) -> tuple[int, str] | None:
        """(offset, actor) of the last sentence subject with one of ``labels`` before ``offset``, outside quotes.

        ``named``: a name or a role, not a pronoun. ``paragraphs``: only within that many
        paragraphs before the one holding ``offset``. ``gender`` ("m", "f"): not someone the
        document refers to with the other gender's pronouns.
        """
        floor = 0
        if paragraphs is not None:
            starts = [start for start, _ in self.layout.paragraphs_before(offset)]
            floor = starts[-paragraphs - 1] if len(starts) > paragraphs else 0
        for mention in reversed(self.mentions_in(floor, offset)):
            if mention.end > offset or mention.label not in labels or named and mention.label == "PRON":
                continue
            if gender is not None and self.gender.get(mention.actor_id, gender) != gender:
                continue
            if any(q[1] <= mention.start < q[2] for q in self.quoted):
                continue
            if self._is_subject(mention):
                return mention.start, mention.actor_id
        return None

    def _is_subject(self, mention: Mention) -> bool:
        return any(t.dep_ in ("nsubj", "nsubjpass") for t in self.tokens(mention.start, mention.end))

    def _names_subject(self, mention: Mention) -> bool:
        """A name in apposition to a sentence's subject: 'A professor of economics, Ilse Brandt, did not go'."""
        return any(
            t.dep_ == "appos" and t.head.dep_ in ("nsubj", "nsubjpass") and not mention.start <= t.head.idx < mention.end
            for t in self.tokens(mention.start, mention.end)
        )


def _genders(mentions: Sequence[Mention]) -> dict[str, str]:
    """The gender ("m", "f") of each actor the resolver tied only one gender's pronouns to."""
    seen: dict[str, set[str]] = {}
    for mention in mentions:
        if mention.label == "PRON" and mention.text.lower() in GENDERED:
            seen.setdefault(mention.actor_id, set()).add(GENDERED[mention.text.lower()])
    return {actor_id: next(iter(found)) for actor_id, found in seen.items() if len(found) == 1}


def extract_quotes(doc, layout: Layout, cast: Cast, cues: Cues, speakers: SpeakerModel | None = None) -> list[Quote]:
    """Direct, indirect and mixed quotes in ``doc`` with their speakers resolved to actor ids.

    ``layout`` is the document's layout (its quoted spans, paragraphs, datelines, headline);
    ``cast`` the resolved actors and mentions; ``cues`` the speech cues (``Resources.cues``).
    Unnamed officials speak for the state their nationality adjective names ("German officials
    said" -> Germany), as the cast's ``nationalities`` read it. ``speakers``, the learned speaker
    chooser (``Resources.speaker_model``), picks each quote's speaker among the actors around it,
    the rules' choice being one candidate and one of its features.
    """
    helper = _Text(doc, layout, cast, cues)
    direct = _direct_candidates(helper)
    indirect = _indirect_candidates(helper, direct)
    candidates = _merge(helper, direct, indirect)
    quotes = _resolve_speakers(helper, candidates)
    return quotes if speakers is None else speakers.choose(doc, layout, cast, cues, quotes)


def _clause_end(layout: Layout, offset: int, ceiling: int) -> int:
    text = layout.text
    i = offset
    while i < ceiling:
        if text[i] == "\n" or text[i] == ";":
            return i
        if text[i] in SENTENCE_END and (i + 1 >= len(text) or text[i + 1].isspace()) and not layout.is_abbreviation(i):
            return i
        i += 1
    return ceiling


def _direct_candidates(helper: _Text) -> list[_Candidate]:
    text = helper.text
    spans = helper.quoted
    paragraphs = helper.layout.paragraphs
    para_starts = [s for s, _ in paragraphs]
    found: list[_Candidate] = []
    for n, (open_at, start, end, after) in enumerate(spans):
        p = bisect.bisect_right(para_starts, open_at) - 1
        para_start, para_end = paragraphs[p] if p >= 0 else (0, len(text))
        prev_after = spans[n - 1][3] if n and spans[n - 1][3] > para_start else para_start
        next_open = spans[n + 1][0] if n + 1 < len(spans) else len(text)
        lead_start = helper.layout.sentence_start(open_at, prev_after)
        close_para_end = next((e for s, e in paragraphs if s <= after <= e), para_end)
        trail_end = _clause_end(helper.layout, after, min(next_open, close_para_end))
        content = text[start:end]
        words = re.findall(r"\w+(?:[’'-]\w+)*", content)
        if not words:
            continue
        cue, speaker, how = _attribute_direct(helper, (lead_start, open_at), (after, trail_end), content)
        if how == "reject":
            continue  # quoted words no speech cue governs: scare quotes, names, titles
        if how in ("fragment", "continue") and _looks_like_title(helper, content, open_at, after):
            continue
        candidate = _Candidate(
            start=start,
            end=end,
            kind="direct",
            cue=cue,
            cue_at=open_at,
            speaker=speaker if cue is not None else _CONTINUE,
            marks=(open_at, after),
            attribution_end=trail_end if how == "trailing" else after,
        )
        found.append(candidate)
    return found


def _attribute_direct(helper: _Text, lead: tuple[int, int], trail: tuple[int, int], content: str):
    """(cue, speaker, how) for a direct quote from the clauses before and after it."""
    text, cues = helper.text, helper.cues
    trail_tokens = [t for t in helper.tokens(*trail) if not t.is_space]
    trail_text = text[trail[0] : trail[1]].strip()
    ends_sentence = content.rstrip()[-1:] in SENTENCE_END
    # '"….” She explained, “…”': after a finished sentence, a clause that introduces the
    # next quote belongs to that quote, and a long clause is a new sentence of narration.
    introduces_next = trail_text.endswith((",", ":")) and ends_sentence
    # An attribution after a quote follows a comma ('“…,” she said', '"…", said X') or a quote
    # that opens its sentence ('“We stand ready” tweeted X'); not 'the “area” first announced'.
    opens_sentence = not text[lead[0] : lead[1]].strip(" \n\t\"“”‘’«»„'`([—–-")
    attached = content.rstrip()[-1:] in ",!?—–-" or trail_text.startswith(",") or opens_sentence
    if trail_tokens and attached and not introduces_next and (
        len(trail_tokens) <= 8 or not ends_sentence or _opening_attribution(helper, trail_tokens)
    ):
        # The cue comes early: '“…,” he said, repeating his remarks of May 2'; not a cue
        # deep in a long clause of narration.
        cue = _cue_in(helper, [t for t in trail_tokens if not t.is_punct][:12])
        if cue is not None and trail_tokens[0].lower_ in ("and", "but", "or"):
            cue = None  # '“…” and said that …': a new statement, not this quote's attribution
        if cue is not None and any(
            c.dep_ == "ccomp" and c.i > cue[0].i and _has_subject(c) and not helper.in_quote(c.idx)
            for c in cue[0].children
        ):
            cue = None  # the verb reports a clause of its own after it (not the next quote's words)
        if cue is not None:
            token, phrase = cue
            if phrase in cues.source_phrases:
                target = _according_object(token, phrase)
                speaker = helper.phrase_actor(target, trail) if target is not None else _CONTEXT
            else:
                speaker = helper.speaker_of(token, trail)
            return phrase, speaker, "trailing"
    lead_text = text[lead[0] : lead[1]].rstrip()
    if not lead_text.strip():
        # A quote paragraph after "X said:" (or "To which she replied,") at the end of the paragraph before.
        before = text[: lead[0]].rstrip()
        if before.endswith((":", ",")):
            lead = (helper.layout.sentence_start(len(before), text.rfind("\n", 0, len(before)) + 1), len(before))
            lead_text = text[lead[0] : lead[1]]
    lead_tokens = [t for t in helper.tokens(*lead) if not t.is_space]
    # The cue's subject may stand before an earlier quote of the same sentence.
    sentence = (helper.layout.sentence_start(lead[0], helper.paragraph_of(lead[0])[0]), lead[1])
    if lead_tokens and lead_text.endswith((",", ":", ";", "—", "–")) or (
        lead_tokens and lead_tokens[-1].lemma_.lower() in cues.speech_verbs
    ):
        cue = _cue_in(helper, list(reversed(lead_tokens)))
        if cue is not None:
            token, phrase = cue
            if phrase in cues.source_phrases:
                target = _according_object(token, phrase)
                return phrase, helper.phrase_actor(target, lead) if target is not None else _CONTEXT, "lead"
            return phrase, helper.speaker_of(token, sentence), "lead"
        # "X opposed the plan: “…”", "Trump defended his decision, “As I said …”": a whole
        # sentence quoted after a clause is that clause's subject's.
        whole_sentence = content[:1].isupper() and len(content.split()) >= 4
        if lead_text.endswith(":") or lead_text.endswith(",") and whole_sentence:
            verb = _verb_above(lead_tokens[-1], lead[1]) or _main_verb(lead_tokens)
            if verb is not None:
                return verb.lemma_.lower(), helper.speaker_of(verb, sentence), "lead"
    if not lead_tokens or all(t.is_punct for t in lead_tokens):
        return None, None, "continue"  # the quote opens its sentence with no cue on either side
    # A fragment inside a sentence: quoted words governed by a speech verb.
    inside = helper.tokens(lead[1], trail[0])
    verb = _governing_cue(helper, inside)
    if verb is not None:
        return verb.lemma_.lower(), helper.speaker_of(verb, None), "fragment"
    return None, None, "reject"


def _opening_attribution(helper: _Text, trail_tokens) -> bool:
    """'“So which is it?” Defender Peter Lynch asked Coleman, who …': a long sentence after a
    finished quote that opens with its subject and a speech verb heading the sentence."""
    words = [t for t in trail_tokens if not t.is_punct][:8]
    cue = _cue_in(helper, words)
    if cue is None or cue[0].dep_ != "ROOT":
        return False
    subjects = [c for c in cue[0].children if c.dep_ == "nsubj"]
    return bool(subjects) and subjects[0].left_edge.i == words[0].i


def _cue_in(helper: _Text, tokens):
    """The first speech cue among ``tokens``: a speech verb or 'according to'; quoting verbs first."""
    cues = helper.cues
    for token in tokens:
        phrase = _source_phrase(cues, token)
        if phrase is not None:
            return token, phrase
        if cues.is_speech(token) and token.pos_ != "NOUN":
            return token, token.lower_
    return None


def _source_phrase(cues: Cues, token) -> str | None:
    """The source phrase ("according to", or a user's "as reported by") starting at ``token``."""
    doc = token.doc
    first = token.lower_  # asked once: most tokens start no phrase
    for phrase in cues.source_phrases:
        words = phrase.split()
        if words and words[0] != first:
            continue
        if token.i + len(words) <= len(doc) and all(doc[token.i + k].lower_ == w for k, w in enumerate(words)):
            return phrase
    return None


def _according_object(token, phrase: str = "according to"):
    """The source a source phrase names: the object of its last word ('according to **X**')."""
    last = token.doc[min(token.i + len(phrase.split()) - 1, len(token.doc) - 1)]
    for candidate in (last, *token.children):
        for child in candidate.children:
            if child.dep_ == "pobj":
                return child
        for child in candidate.children:
            if child.dep_ == "prep":
                for grandchild in child.children:
                    if grandchild.dep_ == "pobj":
                        return grandchild
    return None


def _verb_above(token, before: int):
    """The nearest verb above ``token`` (the colon that introduces a quote) before offset ``before``."""
    for _ in range(6):
        if token.pos_ in ("VERB", "AUX") and token.idx < before:
            return token
        if token.head.i == token.i:
            return None
        token = token.head
    return None


def _main_verb(tokens):
    for token in tokens:
        if token.dep_ == "ROOT" and token.pos_ in ("VERB", "AUX"):
            return token
    verbs = [t for t in tokens if t.pos_ == "VERB"]
    return verbs[0] if verbs else None


def _governing_cue(helper: _Text, inside):
    """A speech or fragment verb that governs the quoted words through function words only.

    "called it “null and void”", "promising to “expand ties”", "described them as “calm”";
    not "the “Heroes” campaign" (a noun in between) nor "managed to “grind”" (another verb).
    """
    if not inside:
        return None
    lo, hi = inside[0].i, inside[-1].i
    heads = [t for t in inside if not (lo <= t.head.i <= hi) or t.head.i == t.i]
    cues = helper.cues
    for head in heads[:2]:
        token = head
        for _ in range(4):
            if token.head.i == token.i:
                break
            token = token.head
            lemma = token.lemma_.lower()
            if token.pos_ == "VERB":
                # "the “immediate area” first announced": a participle describing the quoted words.
                passive = any(c.dep_ == "auxpass" for c in token.children) or (
                    token.dep_ in ("acl", "amod") and lo <= token.head.i <= hi
                )
                if (lemma in cues.speech_verbs or lemma in cues.fragment_verbs) and not passive:
                    return token
                break
            if token.pos_ in ("NOUN", "PROPN", "PRON"):
                # "calling the agreements “legitimate”" parsed as an adjective of the object.
                verb = token.head
                if token.dep_ == "dobj" and token.i < lo and verb.lemma_.lower() in cues.fragment_verbs:
                    return verb
                break
    return None


def _looks_like_title(helper: _Text, content: str, open_at: int, after: int) -> bool:
    """Titles of laws, books, campaigns and events, and names ('the “X” campaign')."""
    cues = helper.cues
    before = helper.tokens(max(0, open_at - 40), open_at)
    following = [t for t in helper.tokens(after, after + 40) if not t.is_space]
    if before and before[-1].lemma_.lower() in cues.naming_verbs:
        return True
    inside = helper.tokens(open_at, after)
    lo, hi = (inside[0].i, inside[-1].i) if inside else (0, -1)
    heads = {t.head.i for t in inside if not lo <= t.head.i <= hi}
    # 'the law “On …”', 'the “…” campaign': a title noun next to the quote that governs it.
    for neighbour in (before[-1:] + following[:1]):
        if neighbour.lemma_.lower() in cues.title_nouns and neighbour.pos_ in ("NOUN", "PROPN"):
            if neighbour.i in heads or any(t.i in heads for t in neighbour.subtree) or neighbour.head.i in range(lo, hi + 1):
                return True
    words = [w for w in re.findall(r"[^\W\d_][\w’'-]*", content) if w.lower() not in cues.stop_words]
    if len(words) >= 2:
        capitals = sum(1 for w in words if w[0].isupper())
        if capitals / len(words) >= 0.75:
            return True
    return False


class _InsideDirect:
    """Whether an offset lies inside a direct quote's marks, by bisection over their merged spans
    (asking every quote for every token made long texts quadratic)."""

    def __init__(self, direct: list[_Candidate]):
        merged: list[list[int]] = []
        for start, end in sorted(c.marks for c in direct if c.marks and c.marks[0] < c.marks[1]):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self.starts = [start for start, _ in merged]
        self.ends = [end for _, end in merged]

    def __call__(self, offset: int) -> bool:
        i = bisect.bisect_right(self.starts, offset) - 1
        return i >= 0 and offset < self.ends[i]


def _indirect_candidates(helper: _Text, direct: list[_Candidate]) -> list[_Candidate]:
    cues = helper.cues
    doc = helper.doc
    found: list[_Candidate] = []
    headline = helper.layout.headline
    inside_direct = _InsideDirect(direct)
    for sent in doc.sents:
        for token in sent:
            if inside_direct(token.idx) or headline[0] <= token.idx < headline[1]:
                continue
            if _source_phrase(cues, token) is not None:
                candidate = _according_clause(helper, sent, token, _source_phrase(cues, token))
            elif cues.reports(token) and token.pos_ in ("VERB", "AUX"):
                candidate = _reported_clause(helper, sent, token)
            elif token.pos_ == "VERB" and _in_a_statement(helper, token):
                candidate = _statement_clause(helper, token)
            else:
                continue
            if candidate is not None:
                found.append(candidate)
    return found


def _in_a_statement(helper: _Text, verb) -> str | None:
    """'In a statement, the ministry expressed concern that …': the phrase that makes it speech."""
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in ("in", "during", "via", "through"):
            for noun in child.children:
                if noun.dep_ == "pobj" and noun.lemma_.lower() in helper.cues.statement_nouns:
                    return f"{child.lower_} {noun.lower_}" if noun.i == child.i + 1 else f"{child.lower_} a {noun.lower_}"
    return None


def _statement_clause(helper: _Text, verb) -> _Candidate | None:
    """The 'that' clause of a verb said in a statement: its own, or its object's ('concern that …')."""
    if any(c.dep_ == "neg" for c in verb.children):
        return None
    clauses = [c for c in verb.children if c.dep_ == "ccomp" and _has_subject(c) and c.i > verb.i]
    for obj in (c for c in verb.children if c.dep_ == "dobj"):
        clauses += [
            c for c in obj.children
            if c.dep_ in ("acl", "ccomp") and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
        ]
    if not clauses:
        return None
    span = _span_of([t for t in clauses[0].subtree], helper.paragraph_of(verb.idx))
    if span is None:
        return None
    return _indirect(helper, span, verb, _in_a_statement(helper, verb))


def _span_of(tokens, paragraph: tuple[int, int] | None = None) -> tuple[int, int] | None:
    """The character span of a reported clause, trimmed of 'that', punctuation and a dangling 'but'."""
    tokens = [t for t in tokens if not t.is_space]
    if paragraph is not None:
        # A reported clause never runs over a paragraph (the parser glues headlines on).
        tokens = [t for t in tokens if paragraph[0] <= t.idx < paragraph[1]]
    while tokens and (tokens[0].is_punct and tokens[0].text not in "\"“‘«„" or tokens[0].lower_ == "that"):
        tokens = tokens[1:]
    while tokens and (
        tokens[-1].is_punct and tokens[-1].text not in "\"”’»" or tokens[-1].pos_ in ("CCONJ", "SCONJ")
    ):
        if tokens[-1].text == ")" and sum(t.text == "(" for t in tokens) >= sum(t.text == ")" for t in tokens):
            break  # it closes "(PKK)" inside the clause
        tokens = tokens[:-1]
    if len(tokens) < 3:
        return None
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1])


def _has_subject(clause) -> bool:
    """A reported clause has a subject of its own ('which media said were under control' has not).

    A free relative ('rejected what they called …') is an object, not a reported clause.
    """
    if clause.left_edge.lower_ in ("what", "whatever", "which", "who", "whom", "whose"):
        return False
    subjects = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj")]
    if any(c.lower_ not in ("which", "who", "that", "whom") for c in subjects):
        return True
    return any(_has_subject(c) for c in clause.children if c.dep_ == "conj")


def _reported_clause(helper: _Text, sent, verb) -> _Candidate | None:
    if any(c.dep_ == "neg" for c in verb.children):
        return None
    if any(c.dep_ == "auxpass" for c in verb.children) and verb.lemma_.lower() not in helper.cues.quoting_verbs:
        return None
    paragraph = helper.paragraph_of(verb.idx)
    clauses = [c for c in verb.children if c.dep_ == "ccomp" and _has_subject(c)]
    clauses += [
        c for c in verb.children
        if c.dep_ in ("advcl", "dobj", "conj", "xcomp") and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
    ]
    if not clauses:
        clauses += _clause_on_the_content_noun(verb)
    if not clauses and not any(c.dep_ == "dobj" for c in verb.children):
        clauses += _clause_on_the_medium(helper, verb)
    if verb.lemma_.lower() in helper.cues.hearer_verbs:
        clauses = _clause_on_the_hearer(verb) + clauses
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if subjects and (_generic_hearsay(helper, verb, subjects[0]) or _mute(helper, subjects[0])):
        return None
    if not clauses and verb.dep_ == "parataxis" and verb.head.i < verb.i and subjects:
        # "The talks went well, the minister said." parsed with the verb as parataxis.
        span = _span_of([t for t in sent if t.i < subjects[0].left_edge.i], paragraph)
        return _indirect(helper, span, verb, verb.lower_) if span else None
    if not clauses and verb.dep_ == "parataxis" and verb.head.i > verb.i and subjects:
        return _parenthetical(helper, sent, verb, paragraph)
    if not clauses and subjects:
        nearest = min(subjects, key=lambda subject: abs(subject.i - verb.i))
        span = _trailing_attribution(sent, verb, nearest, paragraph)
        if span is not None:
            return _indirect(helper, span, verb, verb.lower_)
    if not clauses and _states_content(helper, verb):
        # "released a statement saying an attack (…) produced no casualties", the clause
        # misparsed as the verb's object and an adverbial: the rest of the sentence was said.
        span = _span_of([t for t in sent if t.i > verb.i], paragraph)
        return _indirect(helper, span, verb, verb.lower_) if span else None
    if not clauses:
        return None
    # "Noting ..., the spokesperson said that X": the clause after the verb is what was said.
    clause = next((c for c in clauses if c.i > verb.i), clauses[0])
    if clause.i > verb.i:
        tokens = [t for t in clause.subtree if t.i > verb.i]
        later = [c for c in verb.children if c.dep_ == "ccomp" and c.i > clause.right_edge.i]
        if later:
            # "said the person killed was a woman", "noting that A has two and B has one": the
            # parser cut one reported clause into several; they run on to the last one's end.
            last = max(c.right_edge.i for c in later)
            tokens = [t for t in sent if clause.left_edge.i <= t.i <= last and t.i > verb.i]
        if verb.lemma_.lower() not in helper.cues.hearer_verbs and clause.dep_ != "acl":
            # "said hundreds of fighters (…) escaped": the parser made the clause's subject
            # an object of the verb; a speech verb that is no hearer verb has none before its clause.
            objects = [c for c in verb.children if c.dep_ == "dobj" and verb.i < c.i < clause.left_edge.i]
            if objects:
                tokens = [t for t in sent if objects[0].left_edge.i <= t.i <= clause.right_edge.i]
        if helper.cues.reports(clause) and any(c.dep_ == "ccomp" and c.i < clause.i for c in clause.children):
            # "X said that …, the Daily Mail reported": the paper's attribution is no part of X's words.
            reporters = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass") and c.i > verb.i]
            if reporters:
                tokens = [t for t in tokens if t.i < reporters[0].left_edge.i]
        others = [
            t for t in tokens
            if t.i > clause.i and t.dep_ in ("advcl", "conj") and helper.cues.is_speech(t)
            and any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children)
        ]
        if others:
            # "X told the paper there was no sign of it, while Y said …": Y's statement is no
            # part of X's words.
            tokens = [t for t in tokens if t.i < others[0].left_edge.i]
    else:
        # "X ..., Y said": from the clause's first word to the attribution.
        stop = min([s.left_edge.i for s in subjects if s.i > clause.i] + [verb.i])
        tokens = [t for t in sent if clause.left_edge.i <= t.i < stop]
    span = _span_of(tokens, paragraph)
    if span is None:
        return None
    return _indirect(helper, span, verb, verb.lower_)


def _parenthetical(helper: _Text, sent, verb, paragraph) -> _Candidate | None:
    """'The talks, the minister said, were productive': an attribution set off by commas inside
    the words said. The quote is the sentence, in two parts around the attribution."""
    doc = sent.doc
    left, right = verb.left_edge.i, verb.right_edge.i
    while left < verb.i and doc[left].is_punct:
        left += 1  # the parser hangs the commas on the verb
    while right > verb.i and doc[right].is_punct:
        right -= 1
    if left - 1 <= sent.start or right + 1 >= sent.end - 1 or doc[left - 1].text != "," or doc[right + 1].text != ",":
        return None
    if right - left + 1 > MAX_ATTRIBUTION_WORDS:
        return None
    # The pieces may be short ("The talks", "were productive"): only their edges are trimmed.
    before = _edges([t for t in sent if t.i < left - 1], paragraph)
    after = _edges([t for t in sent if t.i > right + 1], paragraph)
    if before is None or after is None or not any(t.pos_ in ("VERB", "AUX") for t in sent if t.i > right + 1):
        return None
    candidate = _indirect(helper, (before[0], after[1]), verb, verb.lower_)
    if candidate is not None and candidate.start == before[0]:
        candidate.parts = ((before[0], before[1]), (after[0], candidate.end))
    return candidate


def _edges(tokens, paragraph: tuple[int, int]) -> tuple[int, int] | None:
    """The span from the first to the last word of ``tokens`` within the paragraph."""
    words = [t for t in tokens if paragraph[0] <= t.idx < paragraph[1] and not t.is_punct and not t.is_space]
    return (words[0].idx, words[-1].idx + len(words[-1])) if words else None


def _clause_on_the_content_noun(verb) -> list:
    """'stressed his view that the process would be quick', 'reiterated the position that …': the
    'that' clause of the noun the verb states is what was said; not what the verb denies."""
    if verb.lemma_.lower() in DENYING_VERBS:
        return []
    return [
        clause
        for noun in verb.children
        if noun.dep_ == "dobj" and noun.pos_ == "NOUN"
        for clause in noun.children
        if clause.dep_ == "acl" and clause.i > noun.i and _has_subject(clause)
        and any(m.dep_ == "mark" and m.lower_ == "that" for m in clause.children)
    ]


def _clause_on_the_medium(helper: _Text, verb) -> list:
    """'said in a video message that Germany would stand by Ukraine', the clause parsed as a
    relative clause of the message: a speech verb with no words of its own says that clause."""
    found = []
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.i > verb.i):
        for noun in (g for g in prep.children if g.dep_ == "pobj" and g.lemma_.lower() in helper.cues.statement_nouns):
            for clause in (g for g in noun.children if g.dep_ == "relcl" and g.left_edge.lower_ == "that"):
                if any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ not in ("that", "which") for c in clause.children):
                    found.append(clause)
    return found


def _clause_on_the_hearer(verb) -> list:
    """'informed police she had diplomatic immunity', the clause parsed as a relative clause of
    the hearer: a clause that opens with its own subject (no 'who', 'that') is what was told."""
    found = []
    for hearer in (c for c in verb.children if c.dep_ == "dobj"):
        for clause in (g for g in hearer.children if g.dep_ == "relcl" and g.i > hearer.i):
            subjects = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subjects and subjects[0].lower_ not in ("who", "that", "which", "whom") and clause.left_edge.i == subjects[0].left_edge.i:
                found.append(clause)
    return found


def _trailing_attribution(sent, verb, subject, paragraph) -> tuple[int, int] | None:
    """'<what was said>, said X.' or '<…>, X said.' that the parser did not hang on the verb.

    The attribution closes its sentence after a comma (only a few words, say a day, may follow),
    and what comes before the comma is a clause with a verb of its own.
    """
    start = min(verb.i, subject.left_edge.i)
    end = max(verb.i, subject.right_edge.i)
    if start <= sent.start or sent.doc[start - 1].text != ",":
        return None
    after = [t for t in sent if t.i > end and not t.is_punct]
    if len(after) > 3 or any(t.pos_ in ("VERB", "AUX") for t in after):
        return None
    before = [t for t in sent if t.i < start - 1]
    if not any(t.pos_ in ("VERB", "AUX") and t.dep_ != "aux" for t in before):
        return None
    return _span_of(before, paragraph)


def _states_content(helper: _Text, verb) -> bool:
    """'a statement saying …' with the clause lost in the parse: a finite verb follows the object."""
    if verb.tag_ != "VBG" or verb.dep_ != "acl" or verb.head.lemma_.lower() not in helper.cues.statement_nouns:
        return False
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    if not objects:
        return False
    after = objects[0].right_edge.i
    return any(
        t.i > after and t.tag_ in ("VBD", "VBZ", "VBP", "MD") and t.dep_ in ("advcl", "conj", "ccomp", "ROOT")
        for t in verb.sent
    )


def _mute(helper: _Text, subject) -> bool:
    """'The flight data suggests that …', 'tests confirmed that …': a thing that shows, no one who says."""
    if subject.lemma_.lower() not in helper.cues.mute_nouns or subject.pos_ != "NOUN":
        return False
    right = subject.right_edge.idx + len(subject.right_edge)
    return not helper.mentions_in(subject.left_edge.idx, right)


def _generic_hearsay(helper: _Text, verb, subject) -> bool:
    """'They say they want …', 'people say …': a present-tense report by nobody in particular.

    A vague subject the resolver tied to no actor makes hearsay, not a statement; in the
    past tense ('They said that …') someone particular spoke, so that stays a quote.
    """
    if verb.tag_ not in ("VBP", "VBZ") or subject.lower_ not in GENERIC_SUBJECTS:
        return False
    return not helper.mentions_in(subject.idx, subject.idx + len(subject))


def _according_clause(helper: _Text, sent, token, phrase: str) -> _Candidate | None:
    """'According to X, …' and '…, according to X.': the rest of the sentence is X's."""
    target = _according_object(token, phrase)
    if target is None or target.lower_ in ("which", "whom", "who", "that"):
        return None
    paragraph = helper.paragraph_of(token.idx)
    phrase_end = max(target.right_edge.i, token.i + len(phrase.split()) - 1)
    head_tokens = [t for t in sent if t.i < token.i and not t.is_punct and t.idx >= paragraph[0]]
    relayed = None
    if len(head_tokens) <= 2:  # "According to X, ..." (maybe after "But" or "And")
        rest = [t for t in sent if t.i > phrase_end]
        rest, relayed = _past_relay(helper, rest)
        span = _span_of(rest, paragraph)
    elif all(t.is_punct or t.is_space or _of_a_day(t) for t in sent if t.i > phrase_end):
        # "..., according to X." (maybe "… a prison statement Monday."); when the parser glued a
        # quote before it into the sentence ('“…” read the statement. Rockets struck, according
        # to X'), what X says starts after that quote.
        closed = [after for _, _, _, after in helper.quoted if sent.start_char < after <= token.idx]
        begin = max(closed, default=sent.start_char)
        said = token.head
        if closed and helper.cues.is_speech(said) and any(
            c.dep_ in ("nsubj", "nsubjpass") and c.idx >= begin for c in said.children
        ):
            return None  # '“…,” Xi told Blinken, according to CCTV': the words are the quote's
        span = _span_of([t for t in sent if t.i < token.i and t.idx >= begin], paragraph)
    else:
        return None
    if span is None:
        return None
    candidate = _indirect(helper, span, token, phrase)
    if candidate is None:
        return None
    # "according to a complaint": a source that is no actor has no speaker.
    candidate.speaker = relayed or helper.phrase_actor(target)
    if candidate.speaker is None and not _speaks(helper.cues, target):
        return None  # "according to traffic camera footage", "according to estimates": no one said it
    return candidate


def _of_a_day(token) -> bool:
    """A word of a time phrase: 'Monday', 'on Monday', 'last week'."""
    if token.ent_type_ in ("DATE", "TIME"):
        return True
    return token.pos_ == "ADP" and any(c.dep_ == "pobj" and c.ent_type_ in ("DATE", "TIME") for c in token.children)


def _past_relay(helper: _Text, tokens):
    """'According to Yonhap, quoting KCNA, …': what was said starts after the relay, and the
    relayed source speaks when it is an actor ('citing two sources' leaves the outlet).

    Returns the tokens after the relay phrase and the relayed actor, or the tokens unchanged.
    """
    words = [t for t in tokens if not t.is_space]
    if len(words) < 2 or words[0].text != "," or words[1].lower_ not in ("quoting", "citing"):
        return tokens, None
    depth = 0
    comma = None
    for k in range(2, len(words)):
        depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(words[k].text, 0)
        if words[k].text == "," and depth <= 0:
            comma = k
            break
    if comma is None:
        return tokens, None
    rest = words[comma + 1 :]
    named = [m for m in helper.mentions_in(words[1].idx, words[comma].idx) if m.label != "PRON"]
    # "North Korea's news agency KCNA": the agency, not its owner.
    named.sort(key=lambda m: (LABEL_ORDER.get(m.label, len(LABEL_ORDER)), -m.start))
    return rest, named[0].actor_id if named else None


def _speaks(cues: Cues, source) -> bool:
    """A source that says things: a person or body, a pronoun, a document, a spokesperson or official."""
    if source.pos_ in ("PRON", "PROPN") or source.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
        return True
    lemma = source.lemma_.lower()
    return any(
        lemma in words
        for words in (cues.statement_nouns, cues.speaker_nouns, cues.official_nouns, cues.proxy_nouns)
    )


def _indirect(helper: _Text, span: tuple[int, int], cue_token, cue: str) -> _Candidate | None:
    span = _after_dateline(helper, span)
    if span is None:
        return None
    return _Candidate(
        start=span[0],
        end=span[1],
        kind="indirect",
        cue=cue,
        cue_at=cue_token.idx,
        speaker=helper.speaker_of(cue_token) if cue not in helper.cues.source_phrases else None,
        attribution_end=span[1],
    )


def _after_dateline(helper: _Text, span: tuple[int, int]) -> tuple[int, int] | None:
    """A reported clause opening a wire story starts after its dateline ("BEIJING, May 4 (Xinhua) --").

    The lead sentence of a wire story is often reported speech ("…, the ministry said"), and
    the parser keeps the dateline in its first clause; it is never part of what was said.
    """
    text = helper.text
    paragraph_start, paragraph_end = helper.paragraph_of(span[0])
    if text[paragraph_start : span[0]].strip(" \t\"“”‘’«»„'`"):
        return span  # a dateline opens its paragraph; this clause starts later
    dateline = next((d for d in helper.layout.datelines if span[0] <= d[0] < paragraph_end), None)
    if dateline is None or text[span[0] : dateline[0]].strip():
        return span
    start = dateline[1]
    while start < span[1] and (text[start].isspace() or text[start] in "-–—:.,/"):
        start += 1
    if len(re.findall(r"\w+", text[start : span[1]])) < 3:
        return None
    return start, span[1]


def _merge(helper: _Text, direct: list[_Candidate], indirect: list[_Candidate]) -> list[_Candidate]:
    """Drop indirect quotes inside direct ones; an indirect clause holding a quote becomes mixed."""
    text = helper.text
    kept_direct = list(direct)
    result: list[_Candidate] = []
    seen: set[tuple[int, int]] = set()
    for candidate in indirect:
        if (candidate.start, candidate.end) in seen:
            continue
        overlapping = [d for d in direct if d.marks[0] < candidate.end and candidate.start < d.marks[1]]
        if overlapping:
            outside = text[candidate.start : candidate.end]
            for d in overlapping:
                a, b = max(d.marks[0], candidate.start) - candidate.start, min(d.marks[1], candidate.end) - candidate.start
                outside = outside[:a] + " " * (b - a) + outside[b:]
            if len(re.findall(r"\w+", outside)) < 2:
                continue  # the indirect clause is the direct quote itself
            if any(d.marks[0] < candidate.start for d in overlapping):
                continue  # it starts inside a direct quote
            if any(
                d.cue is not None and d.speaker not in (None, _CONTEXT, _CONTINUE)
                and d.attribution_end is not None and d.attribution_end > d.marks[1]
                and candidate.cue_at >= d.marks[1] and candidate.cue != d.cue
                for d in overlapping
            ):
                # '“…,” Xi told Blinken, according to CCTV' or '…, state television reported': the
                # quote has an attribution of its own; the outlet only relays it.
                continue
            attributed = [
                d.attribution_end for d in overlapping
                if d.cue is not None and d.speaker not in (None, _CONTEXT, _CONTINUE)
                and d.attribution_end is not None and d.attribution_end > d.marks[1] and candidate.cue_at >= d.attribution_end
            ]
            if attributed:
                # '“…,” said X, a pastor; a date had yet to be set, he said': the direct quote and its
                # attribution come first, and the indirect one starts after them.
                start = max(attributed)
                while start < candidate.end and text[start] in " \t;,:—–-":
                    start += 1
                if len(re.findall(r"\w+", text[start : candidate.end])) < 2:
                    continue
                candidate.start = start
                seen.add((candidate.start, candidate.end))
                result.append(candidate)
                continue
            candidate.kind = "mixed"
            # Up to the closing mark: a mixed quote's text holds both of its quoted words' marks.
            candidate.end = max(candidate.end, *(d.marks[1] for d in overlapping))
            for d in overlapping:
                if d in kept_direct:
                    kept_direct.remove(d)
                    if candidate.speaker in (None, _CONTEXT) and d.speaker not in (None, _CONTEXT, _CONTINUE):
                        candidate.speaker = d.speaker
        else:
            # Quoted words that were no quote of their own ("was “martyred”") still make it mixed.
            inside = [q for q in helper.quoted if candidate.start <= q[0] < candidate.end]
            if inside:
                candidate.kind = "mixed"
                candidate.end = max(candidate.end, *(q[3] for q in inside))
        seen.add((candidate.start, candidate.end))
        result.append(candidate)
    result.extend(kept_direct)
    result.sort(key=lambda c: (c.start, c.end))
    return result


def _resolve_speakers(helper: _Text, candidates: list[_Candidate]) -> list[Quote]:
    text = helper.text
    quotes: list[Quote] = []
    spoken: list[tuple[int, str]] = []  # (offset, actor id) of quotes already attributed
    previous: _Candidate | None = None
    previous_speaker: str | None = None
    for candidate in candidates:
        speaker = candidate.speaker
        if speaker == _CONTINUE:
            gap_from = previous.attribution_end if previous and previous.attribution_end else None
            between = text[gap_from : candidate.marks[0]] if gap_from is not None and gap_from <= candidate.marks[0] else None
            if previous is None or between is None or between.strip(" \n\t,.;:—–-\"“”'"):
                previous = None
                continue  # a quote with no cue and no speaker before it is not attributable
            speaker = previous_speaker
        elif speaker == _PRONOUN:
            # The most recent of: the last quote's speaker, the last person who was a subject.
            # A person who is the subject in the quote's own paragraph, else the last
            # speaker of the last two paragraphs, else the last person who was a subject
            # (before the quote's words, when they come before the cue: not one they talk about).
            at = min(candidate.start, candidate.cue_at)
            subject = helper.last_subject_before(at)
            recent = _recent_speaker(spoken, at, text)
            paragraph = helper.paragraph_of(at)
            if subject and subject[0] >= paragraph[0]:
                speaker = subject[1]
            else:
                speaker = (recent or subject or (0, None))[1]
        elif speaker == _CONTEXT:
            subject = helper.last_subject_before(candidate.cue_at)
            speaker = spoken[-1][1] if spoken else (subject[1] if subject else None)
        elif speaker == _BODY:
            recent = _recent_speaker(spoken, candidate.cue_at, text, paragraphs=1)
            speaker = recent[1] if recent and helper.label_of(recent[1]) == "ORG" else None
        if speaker in (_PRONOUN, _CONTEXT, _CONTINUE, _BODY):
            speaker = None
        quote = Quote(
            text=text[candidate.start : candidate.end],
            start=candidate.start,
            end=candidate.end,
            speaker=speaker,
            kind=candidate.kind,
            cue=candidate.cue,
            parts=candidate.parts,
        )
        quotes.append(quote)
        if speaker is not None:
            spoken.append((candidate.start, speaker))
        previous, previous_speaker = candidate, speaker
    return _join_split(helper, _drop_nested(quotes))


def _join_split(helper: _Text, quotes: list[Quote]) -> list[Quote]:
    """Quoted words split by one attribution are one quote: '“A,” she said, “b …”', '“A,” he said. “B.”'.

    Both pieces are direct and share a speaker, and nothing but a short attribution stands
    between them; the quote's span covers the pieces and the attribution, and ``parts``
    gives each piece. A piece with an attribution of its own, or after narration, stays apart.
    """
    text = helper.text
    joined: list[Quote] = []
    for quote in quotes:
        previous = joined[-1] if joined else None
        if previous is not None and _continues(helper, previous, quote):
            parts = previous.parts or ((previous.start, previous.end),)
            joined[-1] = Quote(
                text=text[previous.start : quote.end],
                start=previous.start,
                end=quote.end,
                speaker=previous.speaker,
                kind="direct",
                cue=previous.cue,
                parts=(*parts, (quote.start, quote.end)),
            )
            continue
        joined.append(quote)
    return joined


def _continues(helper: _Text, first: Quote, second: Quote) -> bool:
    """The second quote goes on with the first across an attribution that belongs to both."""
    if first.kind != "direct" or second.kind != "direct" or first.speaker != second.speaker:
        return False
    gap = helper.text[first.end : second.start]
    if "\n" in gap:
        return False
    attribution = gap.strip(" \t\"“”‘’«»„'`")
    if not attribution.endswith((",", ";", ".", ":")):
        return False  # '“…” and “…”': no attribution between them
    core = attribution.strip(",;.: ")
    if not core or len(core.split()) > MAX_ATTRIBUTION_WORDS or any(mark in core for mark in ",;.:"):
        return False  # '…,” she said, asking them to be “…”': narration, not just the attribution
    return any(helper.cues.is_speech(t) for t in helper.tokens(first.end, second.start))


def _drop_nested(quotes: list[Quote]) -> list[Quote]:
    """One reported clause inside another ('Reuters reported a source said X'): keep one.

    The inner one is kept when it has its own speaker, who said it first hand; the outer
    one when the inner speaker is unknown or the same.
    """
    dropped: set[int] = set()
    for i, outer in enumerate(quotes):
        for j, inner in enumerate(quotes):
            if i == j or "direct" in (outer.kind, inner.kind):
                continue
            if outer.start <= inner.start and inner.end <= outer.end and (outer.start, outer.end) != (inner.start, inner.end):
                if inner.speaker is None or inner.speaker == outer.speaker:
                    dropped.add(j)
                else:
                    dropped.add(i)
    return [q for k, q in enumerate(quotes) if k not in dropped]


def _recent_speaker(spoken: list[tuple[int, str]], offset: int, text: str, paragraphs: int = 2) -> tuple[int, str] | None:
    """The last quote's speaker when it was within the last ``paragraphs`` paragraphs."""
    if not spoken:
        return None
    at, speaker = spoken[-1]
    # paragraph breaks, whether single line breaks or blank lines
    if len(re.findall(r"\n\s*", text[at:offset])) <= paragraphs:
        return at, speaker
    return None
