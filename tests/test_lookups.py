"""`field__any_of`: the rows `__in` gives, as one array on PostgreSQL."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Claim
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def ids(queryset) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


def test_any_of_finds_what_in_finds_on_ids_foreign_keys_and_text():
    claims = ClaimFactory.create_batch(5)
    some = [claims[0].pk, claims[3].pk, 10**9]
    articles = [claims[1].article_id, claims[2].article_id]
    keys = [claims[4].subject_key, "no such key"]
    for lookup, values in (("pk", some), ("article_id", articles), ("subject_key", keys)):
        wanted = Claim.objects.filter(**{f"{lookup}__in": values})
        found = Claim.objects.filter(**{f"{lookup}__any_of": values})
        assert ids(found) == ids(wanted) != set(), lookup
        assert ids(Claim.objects.exclude(**{f"{lookup}__any_of": values})) == ids(
            Claim.objects.exclude(**{f"{lookup}__in": values})
        )
    assert ids(Claim.objects.filter(pk__any_of=set(some))) == {claims[0].pk, claims[3].pk}


def test_no_values_match_nothing_and_exclude_nothing():
    ClaimFactory.create_batch(2)
    assert not Claim.objects.filter(pk__any_of=[]).exists()
    assert Claim.objects.exclude(pk__any_of=[]).count() == 2


def test_one_parameter_for_any_number_of_values_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("elsewhere any_of is IN with a parameter per value")
    claim = ClaimFactory()
    with CaptureQueriesContext(connection) as ctx:
        assert ids(Claim.objects.filter(pk__any_of=[claim.pk, *range(10**9, 10**9 + 999)])) == {
            claim.pk
        }
    assert "= ANY(" in ctx.captured_queries[0]["sql"]
