"""factory_boy factories for kbase's models."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from claims.models import Claim, ClaimLink, Topic
from sources.models import Article, Origin, Outlet


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


class CuratorFactory(UserFactory):
    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get(name="curator"))


class AnalystFactory(UserFactory):
    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get(name="analyst"))


class OutletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outlet
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Outlet {n}")
    kind = Outlet.Kind.NEWSPAPER
    country = "GB"


class OriginFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Origin
        django_get_or_create = ["key"]

    name = factory.Sequence(lambda n: f"Origin {n}")
    key = factory.LazyAttribute(lambda o: o.name.lower())


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    outlet = factory.SubFactory(OutletFactory)
    title = factory.Sequence(lambda n: f"Article {n}")
    url = factory.Sequence(lambda n: f"https://example.org/articles/{n}")
    published = datetime.date(2017, 8, 10)
    text = factory.Sequence(
        lambda n: f"Report {n}. Kuwait hosts about 6,000 North Korean workers, officials said."
    )


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    article = factory.SubFactory(ArticleFactory)
    kind = "worker_count"
    measure = "stock"
    quote = "about 6,000 North Korean workers"
    start = 25
    end = factory.LazyAttribute(lambda c: c.start + len(c.quote))
    value_low = Decimal(6000)
    value_high = Decimal(6000)
    qualifier = "approximately"
    unit = "workers"
    place = "KW"
    as_of = datetime.date(2017, 8, 1)
    as_of_precision = "month"
    origin = factory.SubFactory(OriginFactory)
    subject_key = "worker_count.stock.KW"
    extractor_version = "test"


class ClaimLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClaimLink

    from_claim = factory.SubFactory(ClaimFactory)
    to_claim = factory.SubFactory(ClaimFactory)
    relation = ClaimLink.Relation.AGREES
    score = 0.9
    rationale = "6,000 (about) and 6,064 are 1.1% apart"


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ["key"]

    key = "worker_count.stock.KW"
    kind = "worker_count"
    measure = "stock"
    place = "KW"
    unit = "workers"
    label = "Workers present · Kuwait"
