"""Fictional reports that name private persons, for the redaction tests (tests/test_redaction.py).

Each report names witnesses, victims, relatives, residents or survivors in a different way
("..., whose son was killed, told AFP", "who lives nearby", "his cousin", "told Al Jazeera",
"According to witness ...", victims in lists, "<Name>, 34, a teacher", surname-only later
mentions, names in headlines ...). Every name is invented. ``PRIVATE`` holds, per report, the
strings that must never appear in a public output: full names and the surnames and first names
that are repeated alone. ``PUBLIC`` holds officials named in their role, who may be shown.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

PUBLISHED = "2025-04-10"


@dataclass(frozen=True)
class Phrasing:
    """One report: its id, headline, body, the private names it holds and its public ones."""

    id: str
    title: str
    text: str
    private: tuple[str, ...]
    public: tuple[str, ...] = ()


PHRASINGS: tuple[Phrasing, ...] = (
    Phrasing("son-afp", "Gunmen kill five in Maiduguri",
             "Gunmen killed five people in Maiduguri on Tuesday. Musa Garbatu, whose son was "
             "killed, told AFP that the attackers came at dawn.", ("Musa Garbatu", "Garbatu")),
    Phrasing("lives-nearby", "Shelling kills three in Homs",
             "Shelling killed three civilians in Homs on Monday, said Rahaf Siboueh, who lives "
             "nearby.", ("Rahaf Siboueh", "Siboueh")),
    Phrasing("cousin", "Two farmers shot dead near Gao",
             "Two farmers were shot dead near Gao on Sunday. His cousin Idrissa Maganta said "
             "the men had gone to the fields.", ("Idrissa Maganta", "Maganta")),
    Phrasing("al-jazeera", "Air strike kills seven in Idlib",
             "An air strike killed seven people in Idlib on Saturday, Walid Qasraoui told Al "
             "Jazeera.", ("Walid Qasraoui", "Qasraoui")),
    Phrasing("according-witness", "Four killed in Kherson",
             "According to witness Halima Yakubuvna, four people were killed when a shell hit a "
             "bus stop in Kherson on Friday.", ("Halima Yakubuvna", "Yakubuvna")),
    Phrasing("victim-list", "Three killed in Nyala attack",
             "Gunmen killed three people in Nyala on Thursday. The victims were identified as "
             "Adam Tirengo, Fatma Kolloma and Yahya Dabbari.",
             ("Adam Tirengo", "Fatma Kolloma", "Yahya Dabbari", "Tirengo", "Kolloma", "Dabbari")),
    Phrasing("age-teacher", "Teacher among six dead in Aleppo",
             "Six people were killed in Aleppo on Wednesday. Sameer Haddoubi, 34, a teacher, was "
             "among the dead. Haddoubi had taught at the school for ten years.",
             ("Sameer Haddoubi", "Haddoubi")),
    Phrasing("surname-repeat", "Bomb kills two in Mogadishu",
             "A bomb killed two people in Mogadishu on Tuesday. Abdiwali Ferrowe, a shopkeeper, "
             "said he heard the blast. Ferrowe said his brother was wounded.",
             ("Abdiwali Ferrowe", "Ferrowe")),
    Phrasing("resident-quote", "Militants kill nine in Kidal",
             '"They shot everyone they saw," said Oumou Tessaleye, a resident of Kidal, where '
             "militants killed nine people on Monday.", ("Oumou Tessaleye", "Tessaleye")),
    Phrasing("survivor", "Survivor recounts attack in Bunia",
             "Rebels killed eleven villagers near Bunia on Sunday. Jeanine Mbakulu, a survivor "
             "of the attack, said she hid in the bush.", ("Jeanine Mbakulu", "Mbakulu")),
    Phrasing("wife-named", "Man shot dead in Kandahar",
             "Gunmen shot dead a man in Kandahar on Saturday. His wife, Zarmina Hotakwal, said "
             "he was returning from the mosque.", ("Zarmina Hotakwal", "Hotakwal")),
    Phrasing("victim-subject", "Journalist's brother killed in Goma",
             "Pascal Kabongolo was killed by gunmen in Goma on Friday, police said.",
             ("Pascal Kabongolo", "Kabongolo")),
    Phrasing("among-dead", "Twelve killed in Kaduna",
             "Bandits killed twelve people in Kaduna on Thursday. Among the dead was Hauwa "
             "Dankishiya, 61.", ("Hauwa Dankishiya", "Dankishiya")),
    Phrasing("eyewitness", "Drone strike kills four in Marib",
             "A drone strike killed four people in Marib on Monday, eyewitness Nabil Sharafani "
             "said.", ("Nabil Sharafani", "Sharafani")),
    Phrasing("told-reuters-phone", "Five abducted in Zamfara",
             "Gunmen abducted five people in Zamfara on Wednesday, Bilkisu Tsafeyi told Reuters "
             "by phone.", ("Bilkisu Tsafeyi", "Tsafeyi")),
    Phrasing("mother-of-victim", "Boy killed in Hebron",
             "A boy was killed in Hebron on Tuesday. His mother, Maysoun Qawasbeh, told "
             "reporters he was 14.", ("Maysoun Qawasbeh", "Qawasbeh")),
    Phrasing("headline-name", "Farmer Ousmane Diakalo killed near Mopti",
             "A farmer was killed near Mopti on Sunday by unidentified gunmen. Ousmane Diakalo "
             "was 52.", ("Ousmane Diakalo", "Diakalo")),
    Phrasing("list-with-ages", "Family of three killed in Rafah",
             "An air strike killed three people in Rafah on Friday: Samir Abu Hadrous, 40, his "
             "wife Nisreen, 35, and their son Karim, 9.",
             ("Samir Abu Hadrous", "Hadrous", "Nisreen", "Karim")),
    Phrasing("nephew", "Two killed in Mosul",
             "Two men were killed in Mosul on Saturday. Their nephew, Haider Khazrajiyah, said "
             "the men were unarmed.", ("Haider Khazrajiyah", "Khazrajiyah")),
    Phrasing("social-media", "Three killed in Bamako",
             "Soldiers killed three civilians in Bamako on Monday, Fanta Kouyateba wrote on "
             "Facebook.", ("Fanta Kouyateba", "Kouyateba")),
    Phrasing("local-farmer", "Herders attack village near Jos",
             "Local farmer Danjuma Pwakwol said attackers killed eight people near Jos on "
             "Tuesday.", ("Danjuma Pwakwol", "Pwakwol")),
    Phrasing("speaking-to", "Shell kills two in Donetsk",
             "Speaking to the BBC, Olena Hrytsaychuk said a shell killed two of her neighbours "
             "in Donetsk on Sunday.", ("Olena Hrytsaychuk", "Hrytsaychuk")),
    Phrasing("body-found", "Body of abducted man found in Beni",
             "The body of Moise Katembwe, who was abducted last week, was found in Beni on "
             "Thursday. Katembwe's family said he had been shot.",
             ("Moise Katembwe", "Katembwe")),
    Phrasing("two-witnesses", "Gunmen kill six at market in Kano",
             "Gunmen killed six people at a market in Kano on Friday. Aminu Dorayiwa, a trader, "
             "and Zainab Kurmawa, who sells vegetables, said the gunmen fled on motorbikes.",
             ("Aminu Dorayiwa", "Zainab Kurmawa", "Dorayiwa", "Kurmawa")),
    Phrasing("abducted-named", "Teacher abducted in Katsina",
             "Gunmen abducted Rabi Yandakawa, a teacher, in Katsina on Monday, her brother Sani "
             "said.", ("Rabi Yandakawa", "Yandakawa", "Sani")),
    Phrasing("injured-named", "Shooting wounds four in Tripoli",
             "Four people were wounded in a shooting in Tripoli on Sunday, including Fathi "
             "Zletnawi, 27, who was hit in the leg.", ("Fathi Zletnawi", "Zletnawi")),
    Phrasing("recalled", "Eight dead in Timbuktu attack",
             "Jihadists killed eight civilians in Timbuktu on Wednesday. \"I saw the smoke first,"
             "\" recalled Aichatou Wangaraba, whose shop was burned.",
             ("Aichatou Wangaraba", "Wangaraba")),
    Phrasing("official-and-witness", "Police say five killed in Maiduguri",
             "Five people were killed in Maiduguri on Saturday, police spokesman Ibrahim "
             "Dagoloma said. Falmata Kachallah, a resident, said the toll was higher. Kachallah "
             "said she lost two neighbours.", ("Falmata Kachallah", "Kachallah"),
             ("Ibrahim Dagoloma",)),
    Phrasing("minister", "Minister says 10 killed in Aleppo",
             "Ten civilians were killed in Aleppo on Tuesday, Health Minister Rami Halabawi "
             "said. Layla Qattanieh, whose daughter was wounded, said the hospital was full.",
             ("Layla Qattanieh", "Qattanieh"), ("Rami Halabawi",)),
    Phrasing("mrs-title", "Woman killed in Kharkiv strike",
             "A missile strike killed a woman in Kharkiv on Monday. Mrs Svitlana Horobchenko, 70, "
             "died at the scene, her neighbour said.", ("Svitlana Horobchenko", "Horobchenko")),
    Phrasing("identified-as", "Aid worker killed in Juba",
             "An aid worker was killed in Juba on Friday. Police identified him as Deng "
             "Malualdit, 29.", ("Deng Malualdit", "Malualdit")),
    Phrasing("father-told", "Gunmen kill student in Zaria",
             "Gunmen killed a student in Zaria on Thursday. Her father, Yusuf Makarfiwa, told "
             "journalists that she was 19. Makarfiwa said the family wants justice.",
             ("Yusuf Makarfiwa", "Makarfiwa")),
)  # fmt: skip


def record(p: Phrasing) -> dict[str, str]:
    """The JSON Lines record of one report (``harmledger ingest`` input)."""
    return {"id": p.id, "title": p.title, "text": p.text, "published": PUBLISHED,
            "url": f"https://news.example/{len(p.text)}/{p.id.replace('-', '')[:4]}"}  # fmt: skip


def write_reports(path: Path) -> Path:
    """Write every phrasing as one JSON Lines file."""
    lines = [json.dumps(record(p), ensure_ascii=False) for p in PHRASINGS]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def private_names() -> tuple[str, ...]:
    """Every string that must not appear in a public output."""
    return tuple(dict.fromkeys(n for p in PHRASINGS for n in p.private))
