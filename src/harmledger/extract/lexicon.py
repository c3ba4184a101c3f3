"""Word lists the rule extractor reads: harm words, speech verbs, actor and source types, and
the cue frames of quotes (at the end).

These are general English lexicons written for the project (not taken from any gold data).
Keys are spaCy lemmas in lower case.
"""

from __future__ import annotations

# Verbs (by lemma) whose patient suffers the harm.
HARM_VERBS: dict[str, str] = {
    **dict.fromkeys(
        [
            "kill",
            "murder",
            "slay",
            "execute",
            "massacre",
            "slaughter",
            "assassinate",
            "behead",
            "lynch",
            "strangle",
        ],
        "killed",
    ),
    **dict.fromkeys(["injure", "wound", "maim", "hurt"], "injured"),
    **dict.fromkeys(["abduct", "kidnap"], "abducted"),
    **dict.fromkeys(["detain", "arrest", "imprison", "jail", "incarcerate"], "detained"),
    **dict.fromkeys(["displace", "uproot", "expel"], "displaced"),
    **dict.fromkeys(
        [
            "attack",
            "assault",
            "bomb",
            "shell",
            "ambush",
            "raid",
            "torture",
            "beat",
            "rape",
            "bombard",
            "storm",
            "strafe",
            "shoot",
            "stab",
            "machinegun",
            "machine-gun",
            "hijack",
            "fire",
        ],
        "attacked",
    ),
    **dict.fromkeys(
        [
            "loot",
            "burn",
            "torch",
            "ransack",
            "raze",
            "demolish",
            "pillage",
            "plunder",
            "destroy",
            "vandalize",
            "vandalise",
            "bulldoze",
            "dynamite",
            "sabotage",
            "damage",
            "rob",
        ],
        "property",
    ),
}

# Intransitive verbs whose subject suffers the harm ("12 people died").
HARM_INTRANSITIVE: dict[str, str] = {
    **dict.fromkeys(["die", "perish"], "killed"),
    **dict.fromkeys(["flee"], "displaced"),
}

# Nouns naming a harm event ("the killing of 12", "mass killings", "looting of homes").
HARM_NOUNS: dict[str, str] = {
    **dict.fromkeys(
        [
            "killing",
            "murder",
            "massacre",
            "execution",
            "slaughter",
            "assassination",
            "death",
            "beheading",
            "lynching",
            "bloodbath",
        ],
        "killed",
    ),
    **dict.fromkeys(["injury", "wounding"], "injured"),
    **dict.fromkeys(["abduction", "kidnapping", "kidnap"], "abducted"),
    **dict.fromkeys(["arrest", "detention", "imprisonment"], "detained"),
    **dict.fromkeys(["displacement", "expulsion"], "displaced"),
    **dict.fromkeys(
        [
            "attack",
            "assault",
            "bombing",
            "shelling",
            "airstrike",
            "air_strike",
            "raid",
            "ambush",
            "strike",
            "bombardment",
            "shooting",
        ],
        "attacked",
    ),
    **dict.fromkeys(
        ["looting", "arson", "destruction", "pillage", "plunder", "ransacking"], "property"
    ),
}

# Adjectives or participles used as a predicate or a noun with a number: "12 dead", "left 5 injured".
HARM_STATES: dict[str, str] = {
    "dead": "killed",
    "killed": "killed",
    "injured": "injured",
    "wounded": "injured",
    "missing": "abducted",
    "displaced": "displaced",
    "homeless": "displaced",
}

# Nouns that are themselves the count of the harmed ("the death toll rose to 45").
TOLL_NOUNS: frozenset[str] = frozenset({"toll", "fatality", "casualty", "body"})

# Modal, negating and non-factual governors that make a harm word not a report of harm.
MODALS: frozenset[str] = frozenset(
    {"will", "would", "could", "might", "may", "should", "must", "can", "shall", "'ll", "wo"}
)
NONFACTUAL_GOVERNORS: frozenset[str] = frozenset(
    {
        "forbid", "prevent", "threaten", "plan", "vow", "avoid", "stop", "deny", "refrain",
        "prohibit", "ban", "allow", "permit", "fear", "risk", "try", "attempt", "want",
        "intend", "plot", "urge", "call", "demand", "escape", "survive",
    }
)  # fmt: skip

# Verbs of speech and report, by lemma (cues for sources and quotes).
SPEECH_VERBS: frozenset[str] = frozenset(
    {
        "say", "tell", "add", "report", "state", "claim", "announce", "confirm", "declare",
        "decry", "urge", "warn", "accuse", "allege", "insist", "explain", "note", "write",
        "tweet", "post", "document", "estimate", "record", "reveal", "describe", "recount",
        "recall", "indicate", "assert", "maintain", "deny", "admit", "acknowledge", "stress",
        "suggest", "argue", "complain", "condemn", "denounce", "call", "ask", "reply",
        "respond", "continue", "conclude", "cite", "quote", "show", "mention", "believe",
        "testify", "disclose", "publish", "count", "put", "verify", "comment", "observe",
    }
)  # fmt: skip

# News agencies that relay a statement ("told AFP").
WIRE_AGENCIES: frozenset[str] = frozenset(
    {
        "afp", "reuters", "ap", "associated press", "agence france-presse", "anadolu",
        "xinhua", "efe", "ansa", "dpa", "sana", "tass", "upi", "al jazeera", "bbc", "cnn",
    }
)  # fmt: skip

# Source types by a word in the source phrase, checked in this order.
SOURCE_TYPE_WORDS: tuple[tuple[str, frozenset[str]], ...] = (
    ("monitor", frozenset({"observatory", "monitor", "monitors", "acled", "airwars", "network"})),
    (
        "UN",
        frozenset(
            {"un", "united nations", "unicef", "unhcr", "ocha", "unrwa", "envoy", "world health organization", "unama"}
        ),
    ),
    (
        "NGO",
        frozenset(
            {
                "red cross", "icrc", "crescent", "amnesty", "human rights watch", "msf",
                "médecins", "medecins", "ngo", "charity", "organisation", "organization",
                "committee", "group", "watchdog", "save the children", "oxfam",
            }
        ),
    ),
    (
        "medical",
        frozenset(
            {"hospital", "doctor", "doctors", "medic", "medics", "health", "medical",
             "paramedic", "paramedics", "nurse", "clinic", "morgue", "coroner"}
        ),
    ),
    ("social media", frozenset({"social media", "twitter", "facebook", "telegram", "user", "users",
                                "posts", "post", "video", "footage", "tiktok", "x"})),
    ("journalist", frozenset({"journalist", "reporter", "correspondent", "newspaper", "editor"})),
    (
        "official",
        frozenset(
            {
                "ministry", "minister", "spokesman", "spokeswoman", "spokesperson", "official",
                "officials", "police", "army", "military", "governor", "president", "director",
                "government", "authorities", "authority", "commander", "mayor", "security",
                "forces", "prosecutor", "agency", "department", "council", "state", "chief",
                "garrison", "command", "battalion", "sheriff", "deputies", "lt", "office",
            }
        ),
    ),
    (
        "witness",
        frozenset(
            {
                "resident", "residents", "witness", "witnesses", "survivor", "survivors",
                "villager", "villagers", "relative", "relatives", "neighbour", "neighbor",
                "father", "mother", "brother", "sister", "son", "daughter", "wife", "husband",
                "man", "woman", "farmer", "shopkeeper", "local", "locals", "eyewitness",
            }
        ),
    ),
)  # fmt: skip

# Victim nouns that are civilians, and nouns for combatants.
CIVILIAN_NOUNS: frozenset[str] = frozenset(
    {
        "civilian", "resident", "villager", "child", "kid", "woman", "man", "people", "person",
        "family", "farmer", "peasant", "worker", "student", "worshipper", "worshiper",
        "passer", "pedestrian", "patient", "refugee", "teacher", "doctor", "nurse", "journalist",
        "reporter", "girl", "boy", "baby", "infant", "toddler", "elderly", "inhabitant",
        "shopkeeper", "trader", "merchant", "fisherman", "shepherd", "pilgrim", "priest",
        "imam", "monk", "nun", "activist", "protester", "protestor", "demonstrator",
        "mourner", "bystander", "passenger", "driver", "teenager", "youth", "minor",
        "aid", "volunteer", "medic", "paramedic", "citizen", "individual", "native",
    }
)  # fmt: skip
COMBATANT_NOUNS: frozenset[str] = frozenset(
    {
        "soldier", "fighter", "troop", "militant", "insurgent", "rebel", "guerrilla",
        "guerrillas", "combatant", "militiaman", "militia", "gunman", "policeman", "officer",
        "guard", "jihadist", "terrorist", "commander", "recruit", "paratrooper", "marine",
        "serviceman", "loyalist", "member", "personnel", "force", "police", "army", "unit",
    }
)  # fmt: skip
KIN_NOUNS: frozenset[str] = frozenset(
    {
        "brother", "sister", "niece", "nephew", "mother", "father", "son", "daughter",
        "cousin", "uncle", "aunt", "wife", "husband", "grandmother", "grandfather",
        "grandson", "granddaughter", "relative", "friend", "neighbour", "neighbor", "parent",
        "sibling", "child", "grandchild",
    }
)  # fmt: skip

# Heads of perpetrator phrases (beyond PERSON/ORG/NORP entities).
PERPETRATOR_NOUNS: frozenset[str] = frozenset(
    {
        "force", "gunman", "militant", "troop", "soldier", "rebel", "insurgent", "fighter",
        "militia", "group", "army", "police", "terrorist", "guerrilla", "attacker",
        "assailant", "man", "personnel", "loyalist", "jihadist", "extremist", "bandit",
        "gang", "unit", "squad", "commando", "mob", "settler", "paramilitary", "regime",
        "government", "military", "jet", "aircraft", "drone", "warplane", "helicopter",
        "member", "cell", "faction", "kidnapper", "killer", "shooter", "sniper", "raider",
        "battalion", "brigade", "front", "movement", "organization", "organisation",
        "criminal", "suspect", "youth", "thug", "official", "agent",
        "cartel", "mafia", "trafficker", "assassin", "hitman", "murderer", "bomber",
        "subversive", "coalition", "junta", "separatist", "jihadi",
    }
)  # fmt: skip

# Animals: their killing is a loss of property, never a count of people ("30 goats were killed").
ANIMAL_NOUNS: frozenset[str] = frozenset(
    {"goat", "sheep", "cattle", "cow", "camel", "donkey", "horse", "mule", "ox", "livestock",
     "animal", "chicken", "poultry", "dog", "pig", "buffalo", "herd", "flock", "bull", "calf"}
)  # fmt: skip

# Nouns an appositive uses for a place, not a person: "Kabul, the capital".
PLACE_ROLE_NOUNS: frozenset[str] = frozenset(
    {"capital", "city", "town", "village", "district", "province", "region", "area", "country",
     "state", "county", "neighbourhood", "neighborhood", "suburb", "camp", "market", "base",
     "border", "hub", "seat", "centre", "center", "port", "valley", "stronghold", "home"}
)  # fmt: skip

# Adjectives that say a number is not known: "an unknown number were detained".
UNKNOWN_NUMBER_WORDS: frozenset[str] = frozenset(
    {"unknown", "undisclosed", "unspecified", "undetermined", "unconfirmed", "uncertain"}
)

# Nouns that say only that someone did the deed, not who: "assailants attacked a checkpoint".
# Alone they name no perpetrator (the doer is unidentified); with a name they do
# ("Taliban assailants"), and a group blamed or owning up elsewhere takes their place.
ANONYMOUS_DOERS: frozenset[str] = frozenset(
    {"assailant", "attacker", "perpetrator", "culprit", "unknown", "unidentified"}
)

# Determiners that deny the noun they modify: "No group claimed responsibility".
NEGATING_DETERMINERS: frozenset[str] = frozenset({"no", "neither", "none"})

# Determiners and pronouns that make a harm noun refer back to one already mentioned.
ANAPHORIC_DETERMINERS: frozenset[str] = frozenset({"the", "these", "those", "this", "that"})


def _cue_frames(table: str) -> dict[str, str]:
    """``"say:cx refer:p"`` -> ``{"say": "cx", "refer": "p"}``."""
    return dict(item.split(":") for item in table.split())


# Quote cues, read by ``extract.speakers``: a cue word's lemma -> the complements it takes.
# c = a clause ("said (that) ..."), x = a to-infinitive ("urged them to ..."), o = a direct
# object ("decried the attacks", "called him a liar"), p = a prepositional object ("referred
# to ...", "the claim of ..."). Besides speech, they cover what news attribution also reports:
# beliefs ("thinks that"), intentions ("plans to", "would vote for"), attitudes ("is reluctant
# to", "lambasted X") and statement nouns ("his denial of", "her intention to").
VERB_FRAMES: dict[str, str] = _cue_frames(
    """say:cx tell:cx add:c write:c note:co argue:cp suggest:co report:cxo state:co insist:c
    warn:cxp declare:co explain:co announce:co claim:co acknowledge:co admit:co deny:co
    confirm:co reveal:co disclose:co indicate:c conclude:c predict:co respond:cp reply:c
    recall:co continue:c assert:c contend:c complain:cp concede:c emphasize:co emphasise:co
    stress:co point:cop tweet:cop post:co joke:cp quip:c remark:c repeat:co reiterate:co
    allege:c estimate:c imply:c ask:cxop question:co wonder:c assure:c speculate:c boast:cp
    brag:cp lament:co decry:o mention:co comment:cp testify:c observe:c caution:cp hint:cp
    signal:c show:cxo find:c learn:c fear:c worry:cp hope:cx hop:cx expect:cx agree:cxp
    promise:cxo pledge:cxo vow:cx threaten:cx urge:xo call:cxop demand:co decline:x refuse:x
    propose:cxo order:x encourage:x seem:cx appear:x recommend:co counter:c retort:c charge:c
    read:c describe:o cite:o praise:o criticize:op criticise:op accuse:o blame:o slam:o blast:o
    denounce:o condemn:o mock:o dismiss:o reject:o defend:o tout:o applaud:o endorse:o oppose:o
    discuss:o express:o voice:o highlight:o reference:o portray:o list:o detail:o quote:o
    echo:o refer:p talk:p rail:p attack:o issue:o offer:o seek:x invoke:o recognize:c muse:c
    exclaim:c proclaim:co elaborate:c clarify:c think:c know:c believe:c see:c want:x
    consider:co support:o back:o feel:c understand:c assume:c suspect:c realize:c decide:x
    plan:x intend:x remind:c deem:o name:o view:o favor:o prefer:o welcome:o embrace:o
    champion:o push:op press:op address:o share:o promote:o sign:o compare:o nominate:o
    advocate:op ignore:o underscore:o like:x thank:o aim:x apologize:p paint:o request:o
    outline:o approve:o maintain:c downplay:o liken:o characterize:o credit:o guess:c imagine:c
    dispute:co veto:o figure:c justify:o bash:o bet:c wish:cx float:o dub:o forecast:co
    notice:c calculate:c brand:o beg:x label:o term:o remember:co insinuate:c inform:c
    reassure:c notify:c advise:cx instruct:x invite:x challenge:x dare:x posit:c theorize:c
    opine:c affirm:c demonstrate:c doubt:c regret:co foresee:c anticipate:c confess:c
    reaffirm:co swear:cx resolve:x protest:c shout:c yell:c scream:c whisper:c mutter:c chant:c
    plead:cx answer:c retweet:o blog:c bemoan:o hail:o laud:o commend:o congratulate:o fault:o
    chide:o scold:o rebuke:o lambaste:o lambast:o ridicule:o deride:o disparage:o belittle:o
    insult:o assail:o castigate:o excoriate:o berate:o rebut:o refute:o contradict:o debunk:o
    object:p disapprove:p mourn:o depict:o envision:o restate:o retract:o summarize:o speak:p vote:p"""
)
NOUN_FRAMES: dict[str, str] = _cue_frames(
    """claim:cp statement:c assertion:c accusation:cp criticism:p warning:cp promise:cx pledge:cx
    vow:cx call:xp demand:cxp suggestion:c argument:c contention:c acknowledgment:c
    acknowledgement:c admission:c denial:cp insistence:c belief:c fear:cp hope:cx concern:cp
    comment:cp remark:cp plea:xp proposal:cxp announcement:c complaint:cp prediction:c
    assurance:c threat:cx notion:c doubt:cp assessment:c conclusion:c finding:c insinuation:c
    support:p attack:p question:cp plan:x push:xp view:cp praise:p decision:x idea:c
    opposition:p endorsement:p request:xp refusal:x case:c commitment:xp remarks:p comments:p
    defense:p defence:p rejection:p condemnation:p denunciation:p apology:p guarantee:c
    confidence:c certainty:c worry:c frustration:p skepticism:p desire:x intention:x intent:x
    determination:x willingness:x reluctance:x"""
)
ADJ_FRAMES: dict[str, str] = _cue_frames(
    """hopeful:cp afraid:cp concerned:cp skeptical:cp sceptical:cp confident:cp certain:cp
    convinced:cp worried:cp eager:x critical:p optimistic:cp pessimistic:p adamant:c aware:cp
    mindful:p supportive:p sure:c unsure:cp uncertain:cp doubtful:cp proud:cp upset:cp angry:p
    furious:p frustrated:p disappointed:cp glad:cx pleased:cx unhappy:p happy:cx open:p
    determined:x willing:x unwilling:x reluctant:x keen:x anxious:cx fearful:c wary:p
    suspicious:p dismissive:p enthusiastic:p sympathetic:p hostile:p vocal:p outspoken:p"""
)
# Verbs of saying proper (a statement, not a stance): such a quote inside "According to X, ..."
# is a second attribution, not part of the first.
SPEECH_LEMMAS: frozenset[str] = frozenset(
    {
        "say", "tell", "add", "write", "claim", "state", "report", "announce", "insist", "warn",
        "explain", "argue", "note", "declare", "confirm", "reveal", "deny", "admit",
        "acknowledge", "tweet", "post", "testify", "reply", "respond",
    }
)  # fmt: skip
# Prepositions that introduce what was said ("talked about X", "called for X", "rail against X").
CONTENT_PREPS: frozenset[str] = frozenset({"about", "against", "for", "of", "on", "to", "as"})
