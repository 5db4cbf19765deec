"""worker_count's head and tail patterns and word lists: what ties a number to workers."""

from __future__ import annotations

import re

from claims.extraction.patterns import Bounded, Guarded

SAMPLE_HEAD_RE = Bounded(
    r"\b(?:interviews?\s+with|interviewed|interviewing|surveyed|survey\s+of|spoke\s+(?:to|with)"
    r"|talked\s+(?:to|with)|met\s+with|questioned|polled|testimon(?:y|ies)\s+(?:of|from)"
    r"|accounts\s+of|sample\s+of)\s+(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)
REPATRIATED_HEAD_RE = Bounded(
    r"\b(?:repatriated|repatriating|repatriates|sent\s+(?:back\s+)?home|sending\s+(?:back\s+)?home"
    r"|sent\s+back|deported|deporting|expelled|expelling|returned|sends\s+home)"
    r"\s+(?:a\s+total\s+of\s+|all\s+|another\s+|the\s+last\s+)?$",
    re.IGNORECASE,
)
HOME_RIGHT_RE = re.compile(r"\s+(?:back\s+)?home\b", re.IGNORECASE)
REPATRIATED_TAIL_RE = Bounded(
    r"\b(?:(?:were|have\s+been|had\s+been|was|being|are\s+being|will\s+be|would\s+be)\s+(?:\w+\s+)?"
    r"(?:repatriated|sent\s+(?:back\s+)?home|sent\s+back|deported|expelled|returned\s+home)"
    r"|(?:have|had|has)\s+(?:all\s+|since\s+|already\s+)?(?:returned|gone|went)\s+home"
    r"|returned\s+home|went\s+home|left\s+the\s+country)\b",
    re.IGNORECASE,
)
INCIDENT_TAIL_RE = Bounded(
    r"\b(?:fled|flee|fleeing|escaped|escape|defected|defect|mutinied|mutiny|rioted|riot"
    r"|went\s+on\s+strike|staged\s+(?:a\s+)?(?:strike|protest|walkout|sit-in)|struck|walked\s+(?:out|off)"
    r"|protested|refused\s+to\s+work|stopped\s+work(?:ing)?|downed\s+tools|died|were\s+killed"
    r"|were\s+injured|were\s+hurt|were\s+arrested|were\s+detained|were\s+caught|disappeared"
    r"|went\s+missing|sought\s+(?:asylum|refuge|help)|asked\s+for\s+(?:help|asylum)|deserted"
    r"|absconded|ran\s+away|were\s+rescued|were\s+trafficked|demonstrated|clashed"
    r"|were\s+hospitali[sz]ed|were\s+taken\s+to\s+hospital|were\s+evacuated)\b",
    re.IGNORECASE,
)
INCIDENT_HEAD_RE = Bounded(
    r"\b(?:defection|escape|strike|protest|deaths?|arrest|detention|disappearance|mutiny|walkout"
    r"|riot|flight|rescue)\s+(?:of|by)\s+(?:the\s+|some\s+)?$",
    re.IGNORECASE,
)
FORECAST_HEAD_RE = Bounded(
    r"\b(?:will|would|plans?\s+to|planning\s+to|planned\s+to|expects?\s+to|expected\s+to|set\s+to"
    r"|intends?\s+to|aims?\s+to|seeks?\s+to|wants?\s+to|agreed\s+to|is\s+to|are\s+to)\s+"
    r"(?:\w+\s+){0,2}?(?:send|hire|bring(?:\s+in)?|dispatch|recruit|employ|accept|take(?:\s+in)?"
    r"|receive|import|admit)\s+(?:another\s+|an\s+additional\s+|a\s+further\s+)?$",
    re.IGNORECASE,
)
FORECAST_TAIL_RE = Bounded(
    r"\b(?:will|are\s+(?:expected|set|due|scheduled)\s+to|would|could|may)\s+(?:soon\s+)?"
    r"(?:arrive|be\s+sent|be\s+hired|be\s+dispatched|be\s+employed|join|come|be\s+brought)\b",
    re.IGNORECASE,
)
VISA_VERB_RE = Bounded(
    r"\b(?:issued|issues|issue|issuing|granted|grants|grant|granting|approved|approves|gave"
    r"|given|received|receive|awarded)\b",
    re.IGNORECASE,
)
STOCK_TAIL_RE = Bounded(
    r"\b(?:working|employed|registered|based|living|stationed|deployed|toiling|labou?ring|hired"
    r"|dispatched|work|worked|live|lived|remain|remained|remaining|stay|stayed|held|hold|holding"
    r"|present|are\s+still|were\s+still|abroad|overseas|sent"
    r"|(?:in|at|on)\s+(?:\w+\s+){0,3}?(?:plants?|factories|factory|sites?|shipyards?|yards?"
    r"|camps?|mines?|farms?|restaurants?|hotels?|compounds?|mills?))\b",
    re.IGNORECASE,
)
SEND_HEAD_RE = Bounded(
    r"\b(?:send|sends|sent|sending|bring|brings|brought|bringing|ship|ships|shipped|fly|flew"
    r"|flown)\s+(?:back\s+)?(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
STOCK_HEAD_RE = Bounded(
    r"\b(?:hosts?|hosted|hosting|houses?|housed|employs?|employed|employing|has|have|had"
    r"|there\s+(?:are|were|is|was|remain|remained)|sent|sends|sending|dispatched|dispatches"
    r"|dispatching|exported|exports|exporting|keeps?|kept|accommodates?|totals?|totaled|totalled"
    r"|numbering|numbered|stood\s+at|stands\s+at|put\s+(?:the\s+)?(?:number|figure|total)\s+at"
    r"|estimated|estimates?|including|of\s+whom|with)\s+$",
    re.IGNORECASE,
)
# "1,000 North Koreans are still in the country" (in a text about labour); not "lived in China",
# which counts residents.
PRESENCE_RE = re.compile(
    r"\s+(?:\w+\s+){0,2}?(?:are|were|is|was|remain|remained|stay|stayed)\s+"
    r"(?:still\s+|now\s+|currently\s+)?(?:in|on|at|inside)\b",
    re.IGNORECASE,
)
# North Koreans described as something else than workers.
OTHER_PEOPLE_RE = Bounded(
    r"\b(?:traders|students|tourists|defectors|refugees|diplomats|officials|soldiers|troops"
    r"|athletes|delegates|asylum\s+seekers|residents|visitors|spouses|children)\b",
    re.IGNORECASE,
)
NUMBER_OF_RE = Bounded(
    r"\b(?:number|numbers|total|count|population|contingent|workforce|labou?r\s+force)\s+of\s+"
    r"(?:[\w’'\-]+\s+){0,3}?(?:workers|laborers|labourers|North\s+Koreans|nationals|citizens"
    r"|Koreans|employees)\b",
    re.IGNORECASE,
)
FIGURE_RE = Bounded(
    r"\b(?:the|this|that|its|their|a)\s+(?:figure|number|total|estimate|count|tally|headcount)\b",
    re.IGNORECASE,
)
# The head and tail patterns behind cheap word tests (see patterns.Guarded).
SAMPLE_HEAD = Guarded(
    SAMPLE_HEAD_RE,
    (
        "interview",
        "survey",
        "spoke",
        "talked",
        "met with",
        "questioned",
        "polled",
        "testimon",
        "accounts of",
        "sample of",
    ),
)
REPATRIATED_HEAD = Guarded(
    REPATRIATED_HEAD_RE, ("repatriat", "sent", "sending", "deport", "expel", "returned", "sends")
)
REPATRIATED_TAIL = Guarded(
    REPATRIATED_TAIL_RE,
    ("repatriat", "sent", "deport", "expel", "returned", "home", "left the country"),
)
INCIDENT_HEAD = Guarded(
    INCIDENT_HEAD_RE,
    (
        "defection",
        "escape",
        "strike",
        "protest",
        "death",
        "arrest",
        "detention",
        "disappearance",
        "mutiny",
        "walkout",
        "riot",
        "flight",
        "rescue",
    ),
)
INCIDENT_TAIL = Guarded(
    INCIDENT_TAIL_RE,
    (
        "fled",
        "flee",
        "escape",
        "defect",
        "mutin",
        "riot",
        "strike",
        "struck",
        "walked",
        "protest",
        "refused",
        "stopped work",
        "downed",
        "died",
        "killed",
        "injured",
        "hurt",
        "arrested",
        "detained",
        "caught",
        "disappeared",
        "missing",
        "sought",
        "asked for",
        "deserted",
        "absconded",
        "ran away",
        "rescued",
        "trafficked",
        "demonstrated",
        "clashed",
        "hospital",
        "evacuated",
    ),
)
FORECAST_HEAD = Guarded(
    FORECAST_HEAD_RE,
    (
        "will",
        "would",
        "plan",
        "expect",
        "set to",
        "intend",
        "aim",
        "seek",
        "want",
        "agreed to",
        "is to",
        "are to",
    ),
)
FORECAST_TAIL = Guarded(
    FORECAST_TAIL_RE, ("will", "expected", "set to", "due to", "scheduled", "would", "could", "may")
)
STOCK_HEAD = Guarded(
    STOCK_HEAD_RE,
    (
        "host",
        "house",
        "employ",
        "has",
        "have",
        "had",
        "there",
        "sent",
        "send",
        "dispatch",
        "export",
        "keep",
        "kept",
        "accommodat",
        "total",
        "number",
        "stood",
        "stands",
        "put the",
        "estimat",
        "including",
        "of whom",
        "with",
    ),
)
SEND_HEAD = Guarded(
    SEND_HEAD_RE, ("send", "sent", "bring", "brought", "ship", "fly", "flew", "flown")
)
NUMBER_OF = Guarded(
    NUMBER_OF_RE,
    (
        "number",
        "total",
        "count",
        "population",
        "contingent",
        "workforce",
        "labour force",
        "labor force",
    ),
)
FIGURE = Guarded(
    FIGURE_RE, ("figure", "number", "total", "estimate", "count", "tally", "headcount")
)
CONTINUATION_WORDS = frozenset(
    [
        "from",
        "to",
        "than",
        "with",
        "versus",
        "vs",
        "vs.",
        "against",
        "above",
        "below",
        "over",
        "under",
        "at",
        "leaving",
        "leaves",
        "bringing",
        "brings",
    ]
)

ESTIMATED_AT_RE = Bounded(
    r"\b(?:estimated|put|numbering|numbered|totall?ing|totall?ed|thought|believed|reckoned"
    r"|said)\s+(?:to\s+(?:be|number|total)\s+)?(?:at\s+)?(?:around\s+|about\s+|some\s+)?$",
    re.IGNORECASE,
)
WORKER_PHRASE_RE = Bounded(
    r"\b(?:North\s+Korean|DPRK)\s+(?:[\w-]+\s+){0,2}?(?:workers|laborers|labourers|nationals"
    r"|employees)\b|\bNorth\s+Koreans\s+(?:working|employed)\b"
)

BARE_FOLLOWERS = frozenset(
    [
        "a",
        "in",
        "as",
        "at",
        "by",
        "from",
        "last",
        "this",
        "during",
        "since",
        "that",
        "before",
        "after",
        "on",
        "until",
        "to",
        "and",
        "or",
    ]
)
DATE_TAIL_RE = re.compile(
    r"\s*(?:,\s*)?(?:as\s+of|in|at|by|since|until|during|at\s+the\s+end\s+of)\s+[^,;.()]{1,30}",
    re.IGNORECASE,
)
LEAVING_RE = re.compile(r"\b(?:leaving|leaves|left|bringing|brings)\s+(?:the\s+|a\s+)?$")
