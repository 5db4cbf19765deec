"""Storing an article's extracted claims: idempotent, curated claims kept, origins in bulk."""

import datetime
from dataclasses import dataclass, replace
from decimal import Decimal

import pytest

from claims.models import Claim
from claims.services import extraction as service
from claims.services.extraction import claims_extract, version_key
from sources.models import Origin
from tests.factories import ArticleFactory, ClaimFactory, ClaimLinkFactory, OriginFactory

pytestmark = pytest.mark.django_db

TEXT = (
    "Officials said that Kuwait currently hosts about 6,000 North Korean labourers in total, "
    "the Public Authority of Manpower reported. Earlier about 2,500 were working there. "
    "Each one earns around $1,000 a month."
)


@dataclass(frozen=True)
class FakeClaim:
    """Stands in for claims.extraction.ExtractedClaim."""

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
    confidence: float = 0.9

    def as_of_date(self):
        if not self.as_of:
            return None, None
        parts = [int(p) for p in self.as_of.split("-")]
        precision = {1: "year", 2: "month", 3: "day"}[len(parts)]
        return datetime.date(*(parts + [1] * (3 - len(parts)))), precision


def fake(quote: str, **kwargs) -> FakeClaim:
    start = TEXT.index(quote)
    defaults = {
        "kind": "worker_count",
        "measure": "stock",
        "unit": "workers",
        "place": "KW",
        "qualifier": "approximately",
    }
    return FakeClaim(quote=quote, start=start, end=start + len(quote), **(defaults | kwargs))


SIX_THOUSAND = fake(
    "hosts about 6,000 North Korean labourers",
    value_low=Decimal(6000),
    value_high=Decimal(6000),
    as_of="2017-08",
    attributed_to="Kuwait's Public Authority of Manpower",
)
TWO_THOUSAND = fake(
    "about 2,500 were working there",
    value_low=Decimal(2500),
    value_high=Decimal(2500),
    attributed_to="officials",
)
PAY = fake(
    "around $1,000 a month",
    kind="remittance",
    measure="per_worker",
    unit="USD",
    period="month",
    place=None,
    value_low=Decimal(1000),
    value_high=Decimal(1000),
)


@pytest.fixture
def extractor(monkeypatch):
    """A fake extractor whose output and version a test sets."""

    class Fake:
        claims: list = [SIX_THOUSAND, TWO_THOUSAND, PAY]
        calls: list = []

        def set_version(self, version: str) -> None:
            monkeypatch.setattr(service, "EXTRACTOR_VERSION", version)

    fake_extractor = Fake()

    def extract(text, published=None):
        fake_extractor.calls.append((text, published))
        return list(fake_extractor.claims)

    monkeypatch.setattr(service, "extract", extract)
    fake_extractor.set_version("1.0")
    return fake_extractor


@pytest.fixture
def article():
    return ArticleFactory(text=TEXT, published=datetime.date(2017, 8, 10))


def test_claims_are_stored_with_quote_context_key_and_origin(extractor, article):
    counts = claims_extract(article=article)

    assert counts == {"created": 3, "updated": 0, "unchanged": 0, "kept": 0, "removed": 0}
    assert extractor.calls == [(TEXT, datetime.date(2017, 8, 10))]
    claim = Claim.objects.get(article=article, value_low=6000)
    assert TEXT[claim.start : claim.end] == claim.quote == SIX_THOUSAND.quote
    assert claim.prefix == TEXT[claim.start - 32 : claim.start]
    assert claim.suffix == TEXT[claim.end : claim.end + 32]
    assert len(claim.prefix) == len(claim.suffix) == 32
    assert claim.subject_key == "worker_count.stock.KW"
    assert claim.as_of == datetime.date(2017, 8, 1)
    assert claim.as_of_precision == "month"
    assert claim.origin.key == "public authority of manpower"
    assert claim.attributed_to == "Kuwait's Public Authority of Manpower"
    assert claim.extractor_version == "1.0"
    assert claim.confidence == pytest.approx(0.9)
    assert claim.review_status == "proposed"
    assert claim.method == "extractor"
    pay = Claim.objects.get(article=article, kind="remittance")
    assert pay.subject_key == "remittance.per_worker.-.USD"
    assert (pay.place, pay.attributed_to, pay.origin, pay.as_of, pay.as_of_precision) == (
        "",
        "",
        None,
        None,
        "",
    )
    assert pay.period == "month"


def test_prefix_is_short_at_the_start_of_the_text(extractor):
    article = ArticleFactory(text="6,000 workers stay. " + "x" * 50)
    extractor.claims = [
        FakeClaim(kind="worker_count", quote="6,000 workers", start=0, end=13, place="KW")
    ]
    claims_extract(article=article)
    claim = Claim.objects.get(article=article)
    assert (claim.prefix, claim.suffix) == ("", " stay. " + "x" * 25)


def test_a_rerun_is_idempotent_and_keeps_ids(extractor, article):
    claims_extract(article=article)
    ids = set(Claim.objects.values_list("pk", flat=True))

    counts = claims_extract(article=article)

    assert counts == {"created": 0, "updated": 0, "unchanged": 3, "kept": 0, "removed": 0}
    assert set(Claim.objects.values_list("pk", flat=True)) == ids


def test_a_new_extractor_version_replaces_proposed_claims(extractor, article):
    claims_extract(article=article)
    six = Claim.objects.get(value_low=6000)
    extractor.set_version("1.1")
    extractor.claims = [replace(SIX_THOUSAND, value_low=Decimal(6001), value_high=Decimal(6001))]

    counts = claims_extract(article=article)

    assert counts == {"created": 0, "updated": 1, "unchanged": 0, "kept": 0, "removed": 2}
    six.refresh_from_db()
    assert (six.value_low, six.extractor_version) == (Decimal(6001), "1.1")
    assert Claim.objects.count() == 1


def test_curated_manual_and_newer_claims_are_kept_and_not_duplicated(extractor, article):
    accepted = ClaimFactory(
        article=article,
        start=SIX_THOUSAND.start,
        end=SIX_THOUSAND.end,
        quote=SIX_THOUSAND.quote,
        review_status="accepted",
        extractor_version="0.1",
    )
    rejected = ClaimFactory(
        article=article,
        start=TWO_THOUSAND.start,
        end=TWO_THOUSAND.end,
        quote=TWO_THOUSAND.quote,
        review_status="rejected",
        extractor_version="0.1",
    )
    manual = ClaimFactory(article=article, method="manual", start=0, end=8, quote=TEXT[:8])
    newer = ClaimFactory(article=article, extractor_version="2.0", start=1, end=9, quote=TEXT[1:9])
    older = ClaimFactory(article=article, extractor_version="0.9", start=2, end=9, quote=TEXT[2:9])

    counts = claims_extract(article=article)

    assert counts == {"created": 1, "updated": 0, "unchanged": 0, "kept": 4, "removed": 1}
    remaining = set(Claim.objects.filter(article=article))
    assert {accepted, rejected, manual, newer} <= remaining
    assert older not in remaining
    assert Claim.objects.filter(article=article, start=SIX_THOUSAND.start).count() == 1
    assert Claim.objects.get(article=article, kind="remittance").extractor_version == "1.0"


def test_a_claim_with_a_decided_link_is_kept(extractor, article):
    claim = ClaimFactory(article=article, extractor_version="0.1", start=3, end=9, quote=TEXT[3:9])
    suggested = ClaimFactory(
        article=article, extractor_version="0.1", start=4, end=9, quote=TEXT[4:9]
    )
    ClaimLinkFactory(from_claim=claim, decision="rejected")
    ClaimLinkFactory(from_claim=suggested, decision="suggested")

    claims_extract(article=article)

    assert Claim.objects.filter(pk=claim.pk).exists()
    assert not Claim.objects.filter(pk=suggested.pk).exists()


def test_origins_are_fetched_and_created_in_bulk(extractor, article):
    existing = OriginFactory(
        name="Public Authority of Manpower", key="public authority of manpower"
    )
    extractor.claims = [
        SIX_THOUSAND,
        replace(TWO_THOUSAND, attributed_to="The Officials"),
        replace(PAY, attributed_to="officials"),
    ]
    claims_extract(article=article)

    assert Claim.objects.get(value_low=6000).origin == existing
    officials = Origin.objects.get(key="officials")
    assert officials.name == "The Officials"
    assert Claim.objects.filter(origin=officials).count() == 2
    assert Origin.objects.count() == 2


def test_spelling_variants_of_a_stored_origin_join_it(extractor, article):
    existing = OriginFactory(
        name="Public Authority of Manpower", key="public authority of manpower"
    )
    OriginFactory(name="Authority of Manpower", key="authority of manpower")
    OriginFactory(
        name="Public Authority of Manpower Kuwait", key="public authority of manpower kuwait"
    )
    extractor.claims = [
        replace(SIX_THOUSAND, attributed_to="the Public Authority for Manpower"),
        replace(TWO_THOUSAND, attributed_to="Public Authority on the Manpower"),
        replace(PAY, attributed_to="Public Authority"),
    ]
    claims_extract(article=article)

    assert Claim.objects.get(value_low=6000).origin == existing
    assert Claim.objects.get(value_low=2500).origin == existing
    # Different words are a different body.
    assert Claim.objects.get(kind="remittance").origin.key == "public authority"
    assert Origin.objects.count() == 4


def test_spelling_variants_new_together_share_one_origin(extractor, article):
    extractor.claims = [
        replace(SIX_THOUSAND, attributed_to="Public Authority of Manpower"),
        replace(TWO_THOUSAND, attributed_to="the Public Authority for Manpower"),
    ]
    claims_extract(article=article)

    [origin] = Origin.objects.all()
    assert origin.name == "Public Authority of Manpower"
    assert set(Claim.objects.values_list("origin", flat=True)) == {origin.pk}


def test_origins_read_possessives_as_attributions_do(extractor, article):
    pam = OriginFactory(name="Public Authority of Manpower", key="public authority of manpower")
    extractor.claims = [
        replace(SIX_THOUSAND, attributed_to="the Public Authority of Manpower's spokesman"),
        replace(TWO_THOUSAND, attributed_to="Kuwait's labour ministry"),
        replace(PAY, attributed_to="Qatar's labour ministry"),
    ]
    claims_extract(article=article)

    assert Claim.objects.get(value_low=6000).origin == pam
    assert Claim.objects.get(value_low=2500).origin.key == "kuwait labour ministry"
    assert Claim.objects.get(kind="remittance").origin.key == "qatar labour ministry"


def test_query_count_does_not_grow_with_the_number_of_claims(extractor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def run(n: int) -> int:
        text = "".join(f"Source{i} says {i + 1},000 workers. " for i in range(n))
        article = ArticleFactory(text=text)
        extractor.claims = [
            FakeClaim(
                kind="worker_count",
                quote=f"{i + 1},000 workers",
                start=text.index(f" {i + 1},000 workers") + 1,
                end=text.index(f" {i + 1},000 workers") + 1 + len(f"{i + 1},000 workers"),
                place="KW",
                measure="stock",
                value_low=Decimal((i + 1) * 1000),
                value_high=Decimal((i + 1) * 1000),
                attributed_to=f"Source{i}",
            )
            for i in range(n)
        ]
        with CaptureQueriesContext(connection) as ctx:
            claims_extract(article=article)
        assert Claim.objects.filter(article=article).count() == n
        return len(ctx.captured_queries)

    assert run(2) == run(20)


def test_version_order():
    assert version_key("1.10") > version_key("1.9") > version_key("1.0") > version_key("")
    assert version_key("2025.11.2") > version_key("2025.2.9")
    assert version_key("1.0") == version_key("1.0")


def test_topics_of_keys_the_article_no_longer_has_are_refreshed(extractor, article):
    from claims.models import Topic
    from claims.services import topics_refresh

    claims_extract(article=article)
    topics_refresh(keys=Claim.objects.values_list("subject_key", flat=True))
    assert Topic.objects.filter(key="remittance.per_worker.-.USD").exists()
    extractor.set_version("1.1")
    extractor.claims = [SIX_THOUSAND, TWO_THOUSAND]

    claims_extract(article=article)

    assert not Topic.objects.filter(key="remittance.per_worker.-.USD").exists()
