"""Constraints of the claims models."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from claims.models import Claim, ClaimLink
from tests.factories import ClaimFactory, ClaimLinkFactory

pytestmark = pytest.mark.django_db


def test_value_low_above_value_high_is_rejected():
    with pytest.raises(IntegrityError):
        ClaimFactory(value_low=Decimal(7000), value_high=Decimal(6000))


def test_value_range_and_open_bounds_are_accepted():
    ClaimFactory(value_low=Decimal(10000), value_high=Decimal(99999))
    ClaimFactory(kind="sanctions_clause", value_low=None, value_high=None)
    assert Claim.objects.count() == 2


def test_a_pair_of_claims_has_one_link_in_either_direction():
    a, b = ClaimFactory(), ClaimFactory()
    ClaimLinkFactory(from_claim=a, to_claim=b)
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimLinkFactory(from_claim=a, to_claim=b, relation="contradicts")
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimLinkFactory(from_claim=b, to_claim=a)
    assert ClaimLink.objects.count() == 1


def test_a_claim_is_never_linked_to_itself():
    a = ClaimFactory()
    with pytest.raises(IntegrityError):
        ClaimLinkFactory(from_claim=a, to_claim=a)


def test_unknown_kind_is_rejected_by_the_database():
    with pytest.raises(IntegrityError):
        ClaimFactory(kind="weather")


def test_link_counts_count_both_directions():
    a, b, c = ClaimFactory(), ClaimFactory(), ClaimFactory()
    ClaimLinkFactory(from_claim=a, to_claim=b, relation="agrees")
    ClaimLinkFactory(from_claim=c, to_claim=a, relation="contradicts")
    ClaimLinkFactory(from_claim=b, to_claim=c, relation="agrees", decision="rejected")
    counts = {c.pk: (c.agree_count, c.contradict_count) for c in Claim.objects.with_link_counts()}
    assert counts == {a.pk: (1, 1), b.pk: (1, 0), c.pk: (0, 1)}
    assert set(Claim.objects.with_contradictions()) == {a, c}
