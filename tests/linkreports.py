"""Short news reports written for the linking tests (fictional texts about real towns).

One incident told three ways, all published on 5 March 2025: a wire story, a syndicated copy of
it (the same body between another outlet's header and footer lines) and a local report with a
different death toll. Beside them: an attack near El Geneina the same day, about 310 km west of
El Fasher; a follow-up on the El Fasher toll; an abduction in Nyala; and a second syndicated
copy of the wire story. The towns are in the offline gazetteer.

``records`` gives JSON Lines records (``harmledger ingest`` input); ``extracted`` the cleaned
document and the default extractor's output, cached per process.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from harmledger.clean.pipeline import clean
from harmledger.extract.rules import RuleExtractor
from harmledger.ingest.files import record_document
from harmledger.link.linker import all_incidents
from harmledger.models import ClaimRef, Document, Extraction, Incident, RawDocument
from harmledger.store.base import Store

PUBLISHED = "2025-03-05"

_WIRE_BODY = """EL FASHER, Sudan, March 5 (Sahel Press Agency) - Paramilitary fighters shelled a \
crowded livestock market in El Fasher on Tuesday, killing five civilians, a doctor at the city's \
Saudi Hospital said.

The doctor, who spoke on condition of anonymity because he was not authorised to talk to the \
media, said the shells struck the market shortly after traders opened their stalls. Several of \
the wounded were in a critical condition, he said.

The Rapid Support Forces, which have besieged the capital of North Darfur state for months, did \
not respond to a request for comment. The group has denied targeting civilians in the past.

Aid agencies have warned that food and medicine are running out in the city, where hundreds of \
thousands of displaced people have sought shelter."""

_LOCAL_BODY = """Seven people, among them two children, were killed when shells fell on the \
livestock market in El Fasher on Tuesday morning, residents said.

A resident of El Fasher, Hawa Ishaq, 52, told Darfur Voice that seven people she knew from the \
market were killed and that her stall was destroyed. "The first shell fell while we were \
unloading goats," she said.

Volunteers from the local emergency response room carried the wounded to the Saudi Hospital, \
the last functioning hospital in the city, where doctors worked without electricity.

Residents blamed the Rapid Support Forces, whose positions lie east of the city."""

WIRE = f"""Sahel Press Agency | Africa service

{_WIRE_BODY}

(Reporting by the Sahel Press Agency Darfur desk; editing by the Nairobi bureau)"""

WIRE_COPY = f"""The Khartoum Courier | World | Wednesday 5 March 2025

{_WIRE_BODY}

This story was supplied by a news agency and has not been edited by Khartoum Courier staff.
Share this article: Facebook | WhatsApp | Email"""

LOCAL = f"""Seven killed as shells hit El Fasher market

{_LOCAL_BODY}"""

WIRE_COPY_2 = f"""Nile Post - Sudan - 5 March 2025 - 14:20

{_WIRE_BODY}

Copyright Sahel Press Agency. All rights reserved. Republication without permission is
prohibited."""

GENEINA = """Gunmen kill four farmers near El Geneina

Gunmen on motorcycles killed four farmers in their fields outside El Geneina on Tuesday, a \
local official said.

The official told Darfur Voice that the attackers also stole the farmers' livestock and set \
fire to two huts before fleeing. No group has claimed the attack.

West Darfur state has seen repeated attacks on farmers since the start of the planting season."""

FOLLOW_UP = """Nine dead after El Fasher market shelling

Nine people have now died as a result of Tuesday's shelling of the livestock market in El \
Fasher, the Sudan Doctors Network said on Thursday.

The medical group said two of the wounded died overnight at the Saudi Hospital. It accused the \
Rapid Support Forces of shelling residential areas of the city every day.

The United Nations humanitarian office said it was alarmed by the attack and called for safe \
passage for civilians trying to leave El Fasher."""

NYALA = """Aid workers abducted in Nyala

Armed men abducted three aid workers from their office in Nyala on Monday, the charity they \
work for said on Wednesday.

The three Sudanese staff members were taken away in a pickup truck, the charity said in a \
statement. It has suspended its food distributions in South Darfur until they are released."""


@dataclass(frozen=True, slots=True)
class Report:
    name: str
    text: str
    title: str
    url: str
    published: str = PUBLISHED


_WIRE_TITLE = "Shelling kills five at Darfur livestock market, doctor says"

REPORTS: dict[str, Report] = {
    r.name: r
    for r in (
        Report("wire", WIRE, _WIRE_TITLE, "https://sahelpress.example/africa/el-fasher-market"),
        Report("copy", WIRE_COPY, _WIRE_TITLE, "https://khartoumcourier.example/world/4471"),
        Report("local", LOCAL, "Seven killed as shells hit El Fasher market",
               "https://darfurvoice.example/news/el-fasher-market-shelling"),
        Report("geneina", GENEINA, "Gunmen kill four farmers near El Geneina",
               "https://darfurvoice.example/news/geneina-farmers"),
        Report("follow_up", FOLLOW_UP, "Nine dead after El Fasher market shelling",
               "https://sudanmedical.example/statements/market", "2025-03-06"),
        Report("nyala", NYALA, "Aid workers abducted in Nyala",
               "https://darfurvoice.example/news/nyala-aid-workers"),
        Report("copy2", WIRE_COPY_2, _WIRE_TITLE, "https://nilepost.example/sudan/market-shelling"),
    )
}  # fmt: skip

#: The three reports of the El Fasher market shelling and the unrelated El Geneina attack.
FOUR = ("wire", "copy", "local", "geneina")
#: Those four and two more (a follow-up on El Fasher, an abduction in Nyala).
SIX = (*FOUR, "follow_up", "nyala")


def record(name: str) -> dict[str, str]:
    """The JSON Lines record of one report."""
    r = REPORTS[name]
    return {"id": r.name, "text": r.text, "title": r.title, "url": r.url, "published": r.published}


def write_jsonl(path: Path, names: tuple[str, ...] | list[str]) -> Path:
    """Write the reports ``names`` (in that order) as one JSON Lines file."""
    lines = [json.dumps(record(n), ensure_ascii=False) for n in names]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def raw(name: str) -> RawDocument:
    """The raw document ingest makes of a report's record (its headline stored first)."""
    return record_document(record(name), f"{name}.jsonl", f"{name}.jsonl")


def doc_id(name: str) -> str:
    """The document id a report gets in a ledger (the hash of its stored body)."""
    return raw(name).content_hash


@cache
def extracted(name: str) -> tuple[Document, Extraction]:
    """The cleaned document of a report and the default extractor's output."""
    document = clean(raw(name))
    return document, _extractor().extract(document)


@cache
def _extractor() -> RuleExtractor:
    return RuleExtractor()


def ref(name: str, position: int) -> ClaimRef:
    """Claim ``position`` of the named report."""
    return ClaimRef(doc_id(name), position)


def holding(store: Store, claim: ClaimRef) -> Incident:
    """The live incident that holds ``claim``."""
    [found] = [i for i in all_incidents(store) if claim in i.claims]
    return found
