"""Object URLs from a pattern reversed once equal Django's reverse, script prefix included."""

import pytest
from django.urls import clear_script_prefix, reverse, set_script_prefix

from kbase.reversing import pk_url


@pytest.mark.parametrize(
    "view_name",
    ["claims:claim", "sources:article", "sources:outlet", "sources:origin", "claim-detail"],
)
def test_a_pk_url_is_what_reverse_gives(view_name):
    for pk in (1, 42, 918273645, 10**12):
        assert pk_url(view_name, pk) == reverse(view_name, args=[pk])


def test_a_pk_url_follows_the_script_prefix():
    set_script_prefix("/kbase/")
    try:
        assert pk_url("claims:claim", 7) == reverse("claims:claim", args=[7])
        assert pk_url("claims:claim", 7).startswith("/kbase/")
    finally:
        clear_script_prefix()
    assert not pk_url("claims:claim", 7).startswith("/kbase/")


def test_a_pk_url_takes_integers_only():
    with pytest.raises(ValueError):
        pk_url("claims:claim", "7/../../admin")
