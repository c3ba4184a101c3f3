"""Figures told as people hit: "four people were shot", "died of his injuries" count everyone
hit, the dead among them, so reconciling takes the document's dead from them ("4 hit, 1 of
them killed": 3 wounded); "wounded", "injured", "hurt" count the survivors already ("two
killed and three wounded"). ``is_hit`` tells which a claim's figure is: a hit word
(``hit_words``, as written) and no "other(s)" after the figure ("twelve other people were
treated for wounds" counts people beyond the dead).
"""

from __future__ import annotations

import re

from harmledger.extract import rulebook_words as rw
from harmledger.models import Claim

#: Words of being hit rather than of surviving hurt (``rules_data/link.toml``).
HIT_WORDS = rw.words("hit_words")
_OTHERS = re.compile(r"\s+others?\b", re.IGNORECASE)


def is_hit(claim: Claim) -> bool:
    """Is the claim's figure told as people hit, the dead among them?"""
    return claim.trigger.text.lower() in HIT_WORDS and not _others(claim)


def _others(claim: Claim) -> bool:
    """Does "other" or "others" follow the figure ("twelve other people", "12 others")?"""
    count, sentence = claim.count.span, claim.span
    if count is None or not sentence.start <= count.end <= sentence.end:
        return False
    return _OTHERS.match(sentence.text, count.end - sentence.start) is not None
