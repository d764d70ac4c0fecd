"""Coreference: the person a "he"/"his" refers to, the group a "they" refers to."""

from __future__ import annotations

from spacy.tokens import Token


class _Coreference:
    """Rules that resolve pronouns to actors met before them."""

    def _quoted(self, token: Token) -> bool:
        """True inside a quotation."""
        return self.layout.in_quote(token.idx)

    def _pronoun_person(self, i: int, gender: str) -> str | None:
        """The person a he/his refers to: the only person in this sentence so far, else the last one named.

        People already referred to with the other gender's pronoun are not candidates.
        """
        sent = self.doc[i].sent

        def fits(aid: str) -> bool:
            return self._kind(aid) == "person" and self.gender.get(aid, gender) == gender

        here = self._history(i, sent.start)
        if not self._quoted(self.doc[i]):
            # '“Putin's imperialism will not prevail,” he said': someone the quote talks about
            # is not who 'he' outside it stands for.
            here = [f for f in here if not self._quoted(self.doc[f.tok_start])]
        people = list(dict.fromkeys(aid for f in here for aid in f.actor_ids if fits(aid) and len(f.actor_ids) == 1))
        if len(people) == 1:
            if people[0] not in self.gender:
                # "her" beside a man not yet known as either, while a woman was just "she": her.
                known = self._recent_with_gender(sent.start, gender)
                if known is not None and known != people[0]:
                    return known
            return people[0]
        if len(people) > 1:
            # Several people in the sentence: the subject's.
            for f in here:
                if len(f.actor_ids) == 1 and self.doc[f.tok_start : f.tok_end].root.dep_ in ("nsubj", "nsubjpass"):
                    if fits(f.actor_ids[0]):
                        return f.actor_ids[0]
            return None
        if self.doc[i].dep_ in ("nsubj", "nsubjpass") and self._opens_paragraph(sent.start):
            # A new paragraph's subject "he" goes on with the last paragraph's subject, not with
            # someone it mentioned only as a possessor or object ("... Trump's plans.").
            subject = self._last_subject_person(sent.start, fits)
            if subject is not None:
                return subject
        previous = self._history(sent.start, max(0, sent.start - 120))
        if not previous:
            return None
        last_sent = self.doc[previous[-1].tok_start].sent
        in_last = [f for f in previous if f.tok_start >= last_sent.start]
        people = list(dict.fromkeys(aid for f in in_last for aid in f.actor_ids if fits(aid) and len(f.actor_ids) == 1))
        if len(people) == 1:
            return people[0]
        for f in in_last:
            if len(f.actor_ids) == 1 and fits(f.actor_ids[0]):
                if self.doc[f.tok_start : f.tok_end].root.dep_ in ("nsubj", "nsubjpass"):
                    return f.actor_ids[0]
        return None

    def _opens_paragraph(self, tok: int) -> bool:
        """Whether token ``tok`` starts a line (a paragraph, in news text)."""
        start = self.doc[tok].idx
        line_start = self.text.rfind("\n", 0, start) + 1
        return not self.text[line_start:start].strip()

    def _last_subject_person(self, before: int, fits) -> str | None:
        """The person who was the last grammatical subject in the paragraph before token ``before``.

        Names, role phrases ("the Chinese leader") and pronouns already resolved count; a subject
        coordinated with another person ("X and Y met") is no single subject, and a subject inside
        a quotation is someone the speaker talks about.
        """
        char = self.doc[before].idx
        end = len(self.text[:char].rstrip())
        paragraph_start = self.text.rfind("\n", 0, end) + 1
        for f in reversed(self._history(before)):
            if f.start < paragraph_start:
                break
            if len(f.actor_ids) != 1 or not fits(f.actor_ids[0]) or self._quoted(self.doc[f.tok_start]):
                continue
            root = self.doc[f.tok_start : f.tok_end].root
            if root.dep_ == "appos" and root.head.dep_ in ("nsubj", "nsubjpass") and not f.tok_start <= root.head.i < f.tok_end:
                root = root.head  # "His barber, Omar Reyes, concurred": the name in apposition to the subject
            if root.dep_ not in ("nsubj", "nsubjpass"):
                continue
            if any(c.dep_ == "conj" for c in root.children):
                continue
            return f.actor_ids[0]
        return None

    def _recent_with_gender(self, before: int, gender: str, window: int = 3) -> str | None:
        """The person most recently referred to by a pronoun of ``gender`` in the last few sentences."""
        sents = 0
        for f in reversed(self._history(before)):
            if f.label == "PRON" and len(f.actor_ids) == 1 and self.gender.get(f.actor_ids[0]) == gender:
                return f.actor_ids[0]
            if self.doc[f.tok_start].is_sent_start:
                sents += 1
                if sents > window:
                    break
        return None

    def _recent_group(self, i: int) -> list[str]:
        """'they'/'their': the last group or coordinated pair in this or the previous sentence."""
        sent = self.doc[i].sent
        window_start = sent.start
        if sent.start > 0:
            window_start = self.doc[sent.start - 1].sent.start
        history = self._history(i, window_start)
        for f in reversed(history):
            if len(f.actor_ids) > 1:
                return list(f.actor_ids)
            root = self.doc[f.tok_start : f.tok_end].root
            if root.dep_ == "conj":
                head_found = [g for g in history if g.tok_start <= root.head.i < g.tok_end and len(g.actor_ids) == 1]
                if head_found and head_found[0].actor_ids[0] != f.actor_ids[0]:
                    return [head_found[0].actor_ids[0], f.actor_ids[0]]
        return []
