"""Word lists the rule extractor reads: harm words, speech verbs, actor and source types.

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
    }
)  # fmt: skip

# Determiners and pronouns that make a harm noun refer back to one already mentioned.
ANAPHORIC_DETERMINERS: frozenset[str] = frozenset({"the", "these", "those", "this", "that"})
