"""Lists read as light rows answer exactly what model instances give; the fast paths are DRF's."""

import datetime
import zoneinfo
from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework import serializers

from claims.api.filters import ClaimFilter, ClaimLinkFilter
from claims.api.serializers import ClaimLinkSerializer, ClaimSerializer, TopicSerializer
from claims.models import Claim, ClaimLink
from kbase.api_rows import ListRows
from tests.api_helpers import client_for
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    ClaimLinkFactory,
    CuratorFactory,
)

pytestmark = pytest.mark.django_db


def _varied_claims():
    """Claims with and without an origin, a reviewer, a published date and links, odd figures."""
    curator = CuratorFactory(username="cur")
    plain = ClaimFactory()
    undated = ClaimFactory(article=ArticleFactory(url="", published=None))
    no_origin = ClaimFactory(
        origin=None, value_low=None, value_high=Decimal("0.0001"), as_of=None, place=""
    )
    reviewed = ClaimFactory(
        review_status="accepted",
        reviewed_by=curator,
        reviewed_at=datetime.datetime(2024, 2, 29, 23, 59, 59, 999999, tzinfo=datetime.UTC),
        value_low=Decimal("123456789012.3456"),
        value_high=Decimal("123456789012.3456"),
    )
    ClaimLinkFactory(from_claim=plain, to_claim=undated)
    ClaimLinkFactory(
        from_claim=reviewed,
        to_claim=no_origin,
        relation=ClaimLink.Relation.CONTRADICTS,
        decision=ClaimLink.Decision.CONFIRMED,
        decided_by=curator,
        decided_at=timezone.now(),
    )
    return [plain, undated, no_origin, reviewed]


@pytest.mark.parametrize("resource", ["claims", "links"])
def test_every_listed_row_is_what_its_detail_gives(resource):
    _varied_claims()
    client = client_for()

    rows = client.get(f"/api/v1/{resource}/").json()["results"]

    assert len(rows) == (4 if resource == "claims" else 2)
    for row in rows:
        # The detail reads a model instance, the list a light row.
        assert client.get(f"/api/v1/{resource}/{row['id']}/").json() == row


def test_listed_rows_follow_the_lists_filters_ordering_and_pages():
    claims = _varied_claims()
    client = client_for()

    body = client.get("/api/v1/claims/?ordering=id&page_size=3&review_status=proposed").json()

    assert body["count"] == 3
    assert [row["id"] for row in body["results"]] == [c.pk for c in claims[:3]]
    assert body["results"][0]["agree_count"] == 1


def test_rows_are_named_tuples_with_nested_objects_and_nulls():
    _varied_claims()
    reader = ListRows(ClaimSerializer)
    queryset = Claim.objects.with_link_counts().order_by("id")

    rows = reader.of(queryset)[0:4]

    assert reader.of(queryset).count() == 4
    assert rows[0].pk == rows[0].id
    assert rows[0].article.outlet.name
    assert rows[1].article.published is None
    assert rows[2].origin is None
    assert rows[3].reviewed_by.username == "cur"
    assert rows[0].reviewed_by is None


def test_a_serializer_field_without_a_column_is_refused_when_the_reader_is_made():
    # The topic serializer's URLs are built from its key and methods: no column holds them.
    with pytest.raises(TypeError, match="'api_url' reads no column"):
        ListRows(TopicSerializer)


def test_link_rows_read_both_ends():
    reader = ListRows(ClaimLinkSerializer)

    assert "from_claim__article__outlet__name" in reader.columns
    assert "to_claim__article__outlet__name" in reader.columns
    assert "decided_by__username" in reader.columns


def test_datetimes_in_another_current_time_zone_are_what_drf_gives():
    claim = Claim.objects.with_link_counts().get(pk=_varied_claims()[3].pk)
    seoul = zoneinfo.ZoneInfo("Asia/Seoul")

    with timezone.override(seoul):
        ours = ClaimSerializer(claim).data
        drf = serializers.ModelSerializer.to_representation(ClaimSerializer(claim), claim)

    assert ours == drf
    assert ours["reviewed_at"] == "2024-03-01T08:59:59.999999+09:00"
    assert ClaimSerializer(claim).data["reviewed_at"] == "2024-02-29T23:59:59.999999Z"


def test_each_filter_set_builds_its_own_form_once():
    claim_form = ClaimFilter({}, queryset=Claim.objects.all()).form
    link_form = ClaimLinkFilter({}, queryset=ClaimLink.objects.all()).form

    assert type(ClaimFilter({}, queryset=Claim.objects.all()).form) is type(claim_form)
    assert "kind" in claim_form.fields and "kind" not in link_form.fields
    assert "relation" in link_form.fields
    # Each form has fields of its own, as any Django form does.
    assert (
        ClaimFilter({}, queryset=Claim.objects.all()).form.fields["kind"]
        is not (claim_form.fields["kind"])
    )


def test_a_filter_error_is_still_reported_after_the_form_is_cached():
    client = client_for()
    assert client.get("/api/v1/claims/?kind=worker_count").status_code == 200

    response = client.get("/api/v1/claims/?kind=nonsense&as_of_after=2020-13-01")

    assert response.status_code == 400
    assert set(response.json()) >= {"kind", "as_of_after"}


def test_a_missing_annotation_is_left_out_as_drf_leaves_it_out():
    claim = ClaimFactory()  # not read with its link counts

    ours = ClaimSerializer(claim).data
    drf = serializers.ModelSerializer.to_representation(ClaimSerializer(claim), claim)

    assert ours == drf
    assert "agree_count" not in ours and ours["quote"] == claim.quote
