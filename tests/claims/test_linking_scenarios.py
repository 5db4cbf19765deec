"""Scenarios on real and demo articles: extract, store and link them, then check the links."""

import dataclasses
import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from claims.models import Claim, ClaimLink, Topic
from claims.services import claims_extract, links_update_for_article
from claims.services import extraction as extraction_service
from sources.keys import slug_key
from sources.models import Article, Outlet
from sources.validation import parse_date
from tests.factories import OutletFactory

pytestmark = pytest.mark.django_db

SHARED_PUBLISHED = {
    "000": date(2017, 8, 10),
    "001": date(2017, 8, 10),
    "002": date(2017, 9, 28),
    "003": date(2016, 6, 15),
    "004": date(2023, 4, 10),
}


@dataclass(frozen=True)
class GoldClaim:
    """An analyst's annotation, shaped as the extractor's ExtractedClaim."""

    kind: str
    quote: str
    start: int
    end: int
    measure: str | None = None
    value_low: Decimal | None = None
    value_high: Decimal | None = None
    qualifier: str | None = None
    unit: str | None = None
    period: str | None = None
    place: str | None = None
    as_of: str | None = None
    attributed_to: str | None = None
    instrument: str | None = None
    provision: str | None = None
    confidence: float = 1.0

    def as_of_date(self):
        if not self.as_of:
            return None, None
        parts = [int(p) for p in self.as_of.split("-")]
        precision = {1: "year", 2: "month", 3: "day"}[len(parts)]
        return date(*(parts + [1] * (3 - len(parts)))), precision


def gold_extractor(rows: list[dict]):
    """An extract() that returns the annotated claims (not traps) of the text it is given."""
    fields = {f.name for f in dataclasses.fields(GoldClaim)}

    def extract(text, published=None):
        found = []
        for row in rows:
            if row.get("role") == "trap" or row["quote"] not in text:
                continue
            start = row["start"] if text[row["start"] : row["end"]] == row["quote"] else None
            start = text.index(row["quote"]) if start is None else start
            values = {k: v for k, v in row.items() if k in fields and v is not None}
            for bound in ("value_low", "value_high"):
                if bound in values:
                    values[bound] = Decimal(str(values[bound]))
            values.update(start=start, end=start + len(row["quote"]))
            found.append(GoldClaim(**values))
        return found

    return extract


@pytest.fixture(params=["gold", "extractor"])
def extractor(request, monkeypatch):
    """Link the analysts' annotations (testing the rules), then the real extractor's output."""
    if request.param == "gold":
        return lambda gold_path: monkeypatch.setattr(
            extraction_service,
            "extract",
            gold_extractor(
                [json.loads(line) for line in gold_path.read_text().splitlines() if line.strip()]
            ),
        )
    extraction = pytest.importorskip("claims.extraction")
    if not hasattr(extraction, "extract"):
        pytest.skip("the extractor (claims.extraction.extract) is not there yet")
    return lambda gold_path: None


def ingest(article: Article) -> Article:
    claims_extract(article=article)
    links_update_for_article(article=article)
    return article


@pytest.fixture
def shared(corpus_dir, extractor) -> dict[str, Article]:
    """The five real articles, stored, extracted and linked in order."""
    from sources.parsing.txt import parse_txt

    extractor(corpus_dir / "gold.jsonl")
    articles = {}
    for path in sorted(corpus_dir.glob("*.txt")):
        number = path.name[:3]
        fields = parse_txt(path.read_bytes()).fields
        articles[number] = ingest(
            Article.objects.create(
                outlet=OutletFactory(name=f"Shared outlet {number}"),
                title=fields["title"][:500],
                text=fields["text"],
                published=SHARED_PUBLISHED[number],
            )
        )
    return articles


@pytest.fixture
def demo(demo_dir, extractor) -> list[Article]:
    """The ten demo articles, stored, extracted and linked in order."""
    path = demo_dir / "articles.jsonl"
    if not path.is_file():
        pytest.skip("the demo corpus is not there")
    extractor(demo_dir / "gold.jsonl")
    articles = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        data = json.loads(line)
        outlet, _ = Outlet.objects.get_or_create(
            name=data["outlet"], defaults={"kind": data["outlet_kind"]}
        )
        published, precision = parse_date(data["published"])
        articles.append(
            ingest(
                Article.objects.create(
                    outlet=outlet,
                    title=data["title"],
                    text=data["text"],
                    url=data["url"],
                    author=data.get("author", ""),
                    published=published,
                    published_precision=precision,
                    wire=slug_key(data["wire"]) if data.get("wire") else "",
                )
            )
        )
    return articles


def claim(article: Article, key: str, value=None) -> Claim:
    """The one claim of this article with this subject key (and low value)."""
    found = Claim.objects.filter(article=article, subject_key=key)
    if value is not None:
        found = found.filter(value_low=Decimal(value))
    found = list(found)
    assert len(found) == 1, f"{len(found)} claims of {key} {value} in {article.title!r}"
    return found[0]


def relation(a: Claim, b: Claim) -> str | None:
    link = ClaimLink.objects.filter(from_claim__in=[a, b], to_claim__in=[a, b]).first()
    return link.relation if link else None


def link(a: Claim, b: Claim) -> ClaimLink:
    return ClaimLink.objects.get(from_claim__in=[a, b], to_claim__in=[a, b])


# The shared corpus of real articles.


def test_kuwaits_6000_and_6064_repeat_one_origin(shared):
    about = claim(shared["000"], "worker_count.stock.KW", 6000)
    exact = claim(shared["001"], "worker_count.stock.KW", 6064)
    assert about.origin is not None and about.origin == exact.origin
    found = link(about, exact)
    assert found.relation == "repeats"
    assert "1.1% apart" in found.rationale


def test_the_earlier_2500_conflicts_with_6064(shared):
    earlier = claim(shared["000"], "worker_count.stock.KW", 2500)
    later = claim(shared["001"], "worker_count.stock.KW", 6064)
    found = link(earlier, later)
    assert found.relation in ("contradicts", "supersedes")
    if found.relation == "supersedes":
        assert found.from_claim == later
    # Never linked within its own article.
    assert relation(earlier, claim(shared["000"], "worker_count.stock.KW", 6000)) is None


def test_50000_in_2017_and_100000_before_the_pandemic_do_not_agree(shared):
    un = claim(shared["000"], "worker_count.stock.world", 50000)
    us = claim(shared["004"], "worker_count.stock.world", 100000)
    found = link(un, us)
    assert found.relation not in ("agrees", "repeats")
    assert (found.relation, found.from_claim) == ("supersedes", us)


def test_two_billion_contradicts_hundreds_of_millions(shared):
    billions = claim(shared["000"], "remittance.total.world.USD", 2_000_000_000)
    hundreds = claim(shared["001"], "remittance.total.world.USD", 100_000_000)
    assert relation(billions, hundreds) == "contradicts"
    topic = Topic.objects.get(key="remittance.total.world.USD")
    assert topic.open_contradictions >= 1
    assert topic.label == "Total remittances · worldwide · USD"


def test_the_kuwait_topic_of_the_shared_corpus(shared):
    topic = Topic.objects.get(key="worker_count.stock.KW")
    assert topic.label == "Workers present · Kuwait"
    assert topic.claim_count == Claim.objects.live().filter(subject_key=topic.key).count()
    assert topic.best_claim.value_low in (Decimal(6000), Decimal(6064))
    assert (topic.spread_low, topic.spread_high) == (Decimal(2500), Decimal(6064))


def test_relinking_every_article_changes_nothing(shared):
    before = set(ClaimLink.objects.values_list("pk", "relation", "rationale"))
    for article in shared.values():
        counts = links_update_for_article(article=article)
        assert (counts["created"], counts["updated"], counts["deleted"]) == (0, 0, 0)
    assert set(ClaimLink.objects.values_list("pk", "relation", "rationale")) == before


# The demo corpus.


def test_demo_6120_supersedes_the_earlier_2800(demo):
    earlier = claim(demo[0], "worker_count.stock.KW", 2800)
    wire = claim(demo[1], "worker_count.stock.KW", 6120)
    found = link(earlier, wire)
    assert (found.relation, found.from_claim) == ("supersedes", wire)


def test_demo_wire_relay_and_spelling_variant_repeat_one_origin(demo):
    wire = claim(demo[1], "worker_count.stock.KW", 6120)
    relay = claim(demo[2], "worker_count.stock.KW", 6120)
    rounded = claim(demo[3], "worker_count.stock.KW", 6000)
    assert relation(wire, relay) == "repeats"
    assert relation(wire, rounded) == "repeats"
    assert relation(relay, rounded) == "repeats"


def test_demo_independent_ngo_roughly_agrees(demo):
    ngo = claim(demo[4], "worker_count.stock.KW", 6500)
    wire = claim(demo[1], "worker_count.stock.KW", 6120)
    assert relation(ngo, wire) == "agrees"


def test_demo_money_figures(demo):
    hundreds = claim(demo[2], "remittance.total.world.USD", 100_000_000)
    billions = claim(demo[3], "remittance.total.world.USD", 2_000_000_000)
    assert relation(hundreds, billions) == "contradicts"
    monthly = claim(demo[1], "remittance.per_worker.KW.USD", 1000)
    yearly = claim(demo[4], "remittance.per_worker.KW.USD", 12000)
    found = link(monthly, yearly)
    assert found.relation == "agrees"
    assert "12,000 a year" in found.rationale


def test_demo_world_figures(demo):
    un = claim(demo[1], "worker_count.stock.world", 50000)
    tens = claim(demo[2], "worker_count.stock.world", 10000)
    before_pandemic = claim(demo[9], "worker_count.stock.world", 100000)
    # The relaying paper carries the wire's report: not an independent confirmation.
    assert relation(un, tens) == "repeats"
    assert relation(un, before_pandemic) not in ("agrees", "repeats", None)
    assert relation(tens, before_pandemic) not in ("agrees", "repeats", None)


def test_demo_two_descriptions_of_the_2371_cap_agree(demo):
    key = "sanctions_clause.UNSCR-2371.cap_work_authorizations"
    named = claim(demo[3], key)
    by_date = claim(demo[4], key)
    found = link(named, by_date)
    assert found.relation == "agrees"
    assert found.rationale == "both describe UNSCR 2371's cap on work authorizations"
    assert Topic.objects.get(key=key).label == "UNSCR 2371 · cap on work authorizations"


def test_demo_qatar_later_stock_supersedes(demo):
    ministry = claim(demo[6], "worker_count.stock.QA", 1750)
    later = claim(demo[7], "worker_count.stock.QA", 1000)
    found = link(ministry, later)
    assert (found.relation, found.from_claim) == ("supersedes", later)


def test_demo_russia_stock_and_repatriated_are_never_compared(demo):
    stock = claim(demo[8], "worker_count.stock.RU", 30000)
    sent_home = claim(demo[8], "worker_count.repatriated.RU", 11490)
    assert relation(stock, sent_home) is None
    assert not ClaimLink.objects.filter(
        from_claim__subject_key="worker_count.repatriated.RU"
    ).exclude(to_claim__subject_key="worker_count.repatriated.RU")


def test_demo_no_link_crosses_subject_keys_or_stays_in_one_article(demo):
    links = ClaimLink.objects.select_related("from_claim", "to_claim")
    assert links.exists()
    for found in links:
        assert found.from_claim.subject_key == found.to_claim.subject_key
        assert found.from_claim.article_id != found.to_claim.article_id
