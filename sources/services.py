"""Store articles: the one write path for files, the API, the admin and background workers."""

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from simple_history.utils import bulk_create_with_history

from claims.extraction import extract
from claims.models import Claim, ClaimLink
from claims.services import (
    claims_extract,
    claims_extract_new,
    claims_reanchor,
    links_update_for_article,
    links_update_for_articles,
    topics_refresh,
)
from kbase.cache import content_changed
from sources.hashing import text_sha256
from sources.keys import name_key
from sources.models import Article, Outlet
from sources.validation import ArticleInput

IMPORTED, UPDATED, UNCHANGED = "imported", "updated", "unchanged"
UNKNOWN_OUTLET = "Unknown"
# Fields a new version of a known article replaces when the new version gives them.
_UPDATABLE = ("title", "author", "wire", "language", "retrieved")


@dataclass(frozen=True, slots=True)
class IngestResult:
    """What `article_ingest` did with one article."""

    status: str  # imported, updated or unchanged
    article: Article
    # Counts from claims_extract and links_update_for_article; empty when deferred or unchanged.
    claims: dict = field(default_factory=dict)
    links: dict = field(default_factory=dict)
    # Counts from claims_reanchor, when an updated text moved the article's claims.
    anchoring: dict = field(default_factory=dict)
    deferred: bool = False
    detail: str = ""

    @property
    def claims_created(self) -> int | None:
        return self.claims.get("created") if self.claims else None


@transaction.atomic
def article_ingest(*, data: ArticleInput, defer: bool = False) -> IngestResult:
    """Store one article together with its claims and links, or nothing at all.

    The same text (under any URL) is "unchanged" and writes nothing; a new text for a known URL
    updates that article and re-anchors its claims; anything else is "imported". Unless
    `defer`, the claims are extracted and linked in this same transaction; with `defer` the
    article is committed and `claims.tasks.article_process` enqueued once it is.
    """
    return _ingest(data, defer=defer, retry=True)


@dataclass(frozen=True, slots=True)
class BatchItem:
    """One article of `articles_ingest`: what became of it, or why it was refused."""

    result: IngestResult | None = None
    error: Exception | None = None


@dataclass(frozen=True, slots=True)
class IngestBatch:
    """What `articles_ingest` did: an item per article in order, and the links of them all."""

    items: list[BatchItem]
    links: dict = field(default_factory=dict)


def articles_ingest(
    *, data: Sequence[ArticleInput], extracted: Sequence[list | Exception] | None = None
) -> IngestBatch:
    """Store many articles with their claims and links: as `article_ingest` each would, faster.

    Each article is stored and its claims extracted on its own (an article that fails is
    reported in its item and leaves nothing); then the claims of all of them are linked
    together, once per subject key, and committed together. Should that last step fail, the
    articles are ingested again one by one, so one bad article never costs the others.
    `extracted` may give what `extract` finds in each article's text (or the error it raised),
    worked out beforehand, elsewhere (sources.workers).
    """
    try:
        with transaction.atomic():
            return _ingest_batch(data, extracted)
    except Exception:
        if len(data) == 1:
            raise
    items, links = [], Counter()
    for one in data:
        try:
            result = article_ingest(data=one)
        except Exception as exc:
            items.append(BatchItem(error=exc))
        else:
            items.append(BatchItem(result=result))
            links.update(result.links)
    return IngestBatch(items=items, links=dict(links))


def _ingest_batch(
    data: Sequence[ArticleInput], extracted: Sequence[list | Exception] | None
) -> IngestBatch:
    items: list[BatchItem | None] = [None] * len(data)
    fresh, later = _split_new(data)
    if fresh:
        try:
            with transaction.atomic():
                done = _store_new(
                    [(i, data[i]) for i in fresh],
                    extracted=[extracted[i] for i in fresh] if extracted is not None else None,
                )
        except IntegrityError:
            # A concurrent writer stored one of these texts or URLs: decide each on its own.
            later = sorted([*fresh, *later])
        else:
            items = [done.get(i, item) for i, item in enumerate(items)]
    for i in later:
        try:
            with transaction.atomic():
                items[i] = BatchItem(result=_ingest(data[i], defer=False, retry=True, link=False))
        except Exception as exc:
            items[i] = BatchItem(error=exc)
    stored = [item.result for item in items if item.result and item.result.status != UNCHANGED]
    links = Counter()
    # Claims all created just now count in no topic yet: stored topics are extended by them.
    for uncounted in (True, False):
        ids = [r.article.pk for r in stored if _all_created(r.claims) == uncounted]
        if ids:
            links.update(links_update_for_articles(article_ids=ids, uncounted=uncounted))
    return IngestBatch(items=items, links=dict(links))


def _split_new(data: Sequence[ArticleInput]) -> tuple[list[int], list[int]]:
    """Which articles are new (text and URL unknown, and first of their batch to have them),
    to be stored together, and which must be decided one by one after them; as indexes."""
    shas = [text_sha256(one.text) for one in data]
    urls = {one.url for one in data if one.url}
    known = set(Article.objects.filter(sha256__in=set(shas)).values_list("sha256", flat=True))
    if urls:
        known.update(Article.objects.filter(url__in=urls).values_list("url", flat=True))
    fresh, later = [], []
    for i, (one, sha) in enumerate(zip(data, shas, strict=True)):
        marks = {sha, one.url} - {""}
        (later if marks & known else fresh).append(i)
        known |= marks
    return fresh, later


def _store_new(
    batch: list[tuple[int, ArticleInput]], *, extracted: list[list | Exception] | None = None
) -> dict[int, BatchItem]:
    """Store new articles with their history and claims in a few statements for them all.

    What `_ingest` does for each (without linking), by index; an article whose text the
    extractor fails on is refused alone. `extracted`: as articles_ingest's, one per article.
    """
    done, found = {}, []
    for n, (i, one) in enumerate(batch):
        claims = _extracted(one) if extracted is None else extracted[n]
        if isinstance(claims, Exception):
            done[i] = BatchItem(error=claims)
        else:
            found.append((i, one, claims))
    outlets = _outlets_for([one for _, one, _ in found])
    articles = []
    for _, one, _ in found:
        outlet = _outlet_for(one, known=outlets)
        articles.append(
            Article(
                outlet=outlet,
                title=one.title,
                url=one.url,
                author=one.author,
                published=one.published,
                published_precision=one.published_precision,
                retrieved=one.retrieved,
                language=one.language,
                text=one.text,
                sha256=text_sha256(one.text),
                wire=one.wire,
            )
        )
    if not articles:
        return done
    articles = bulk_create_with_history(articles, Article)
    counts = claims_extract_new(
        extracted=[(a, claims) for a, (_, _, claims) in zip(articles, found, strict=True)]
    )
    content_changed()
    for article, (i, _, _), claims in zip(articles, found, counts, strict=True):
        done[i] = BatchItem(result=IngestResult(status=IMPORTED, article=article, claims=claims))
    return done


def _extracted(one: ArticleInput) -> list | Exception:
    try:
        return extract(one.text, published=one.published)
    except Exception as exc:
        return exc


@transaction.atomic
def article_analyse(*, article: Article, link: bool = True, first_time: bool = False) -> dict:
    """Extract the article's claims and link them, atomically; safe to run again.

    Without `link` the claims are only extracted (the caller links a batch of articles).
    `first_time` says the article was created in this transaction, so has no claims yet.
    """
    if not first_time:
        # Lock the row so a concurrent update cannot change the text under the extractor.
        article = Article.objects.select_for_update().get(pk=article.pk)
    content_changed()
    claims = claims_extract(article=article, first_time=first_time)
    if not link:
        return {"claims": claims}
    links = links_update_for_article(article=article, uncounted=_all_created(claims))
    return {"claims": claims, "links": links}


def _all_created(claims: dict) -> bool:
    """Whether claims_extract created every claim the article has (none was there before)."""
    return claims.get("created", 0) > 0 and not any(
        claims.get(name) for name in ("updated", "unchanged", "kept", "removed")
    )


@transaction.atomic
def articles_delete(*, articles: Iterable[Article]) -> int:
    """Delete articles with their claims and links; the topics that counted them are refreshed.

    Returns the number of articles deleted. Their history keeps their text, for a restore.
    """
    if isinstance(articles, QuerySet):
        ids = list(articles.values_list("pk", flat=True))
    else:
        ids = [a.pk for a in articles]
    claims = Claim.objects.filter(article_id__in=ids)
    keys = set(claims.values_list("subject_key", flat=True).distinct())
    # A link's other end may sit under another key (a corrected claim) and count in its topic.
    for ends in ClaimLink.objects.filter(
        Q(from_claim__in=claims) | Q(to_claim__in=claims)
    ).values_list("from_claim__subject_key", "to_claim__subject_key"):
        keys.update(ends)
    deleted = Article.objects.filter(pk__in=ids).delete()[1].get(Article._meta.label, 0)
    content_changed()
    topics_refresh(keys=keys)
    return deleted


def _ingest(data: ArticleInput, *, defer: bool, retry: bool, link: bool = True) -> IngestResult:
    sha256 = text_sha256(data.text)
    same_text = Article.objects.filter(sha256=sha256).first()
    at_url = Article.objects.select_for_update().filter(url=data.url).first() if data.url else None
    if same_text is not None:
        return IngestResult(
            status=UNCHANGED, article=same_text, detail=_unchanged_detail(same_text, at_url, data)
        )
    outlet = _outlet_for(data)
    anchoring: dict = {}
    if at_url is None:
        try:
            with transaction.atomic():
                article = Article.objects.create(
                    outlet=outlet,
                    title=data.title,
                    url=data.url,
                    author=data.author,
                    published=data.published,
                    published_precision=data.published_precision,
                    retrieved=data.retrieved,
                    language=data.language,
                    text=data.text,
                    wire=data.wire,
                )
        except IntegrityError:
            if not retry:
                raise
            # A concurrent writer stored this text or URL first: decide again against theirs.
            return _ingest(data, defer=defer, retry=False, link=link)
        status = IMPORTED
    else:
        article, old_text = at_url, at_url.text
        article.text = data.text
        if data.outlet:
            article.outlet = outlet
        for name in _UPDATABLE:
            if getattr(data, name):
                setattr(article, name, getattr(data, name))
        if data.published:
            article.published, article.published_precision = (
                data.published,
                data.published_precision,
            )
        article._change_reason = "new text imported"
        article.save()
        anchoring = claims_reanchor(article=article, old_text=old_text)
        status = UPDATED
    content_changed()
    if defer:
        from claims.tasks import article_process

        transaction.on_commit(partial(article_process.enqueue, article_id=article.pk))
        return IngestResult(status=status, article=article, anchoring=anchoring, deferred=True)
    counts = article_analyse(article=article, link=link, first_time=status == IMPORTED)
    return IngestResult(status=status, article=article, anchoring=anchoring, **counts)


def _outlet_for(data: ArticleInput, *, known: dict | None = None) -> Outlet:
    """The outlet of this name (spelling variants meet by key), created when new.

    `known` remembers the outlets found for a batch, so each name and kind is looked up once.
    """
    name, key, kind = _outlet_named(data)
    if known is None:
        return _find_outlet(name, key, kind)
    if (key, kind) not in known:
        known[key, kind] = _find_outlet(name, key, kind)
    return known[key, kind]


def _outlets_for(data: Sequence[ArticleInput]) -> dict[tuple[str, str], Outlet]:
    """The stored outlets of these articles, by (key, kind) as `_outlet_for` remembers them: one
    query for a batch. Outlets still to create, or to learn their kind, are left out."""
    wanted = {_outlet_named(one)[1:] for one in data}
    stored = {o.key: o for o in Outlet.objects.filter(key__in={key for key, _ in wanted})}
    return {
        (key, kind): stored[key]
        for key, kind in wanted
        if key in stored and (stored[key].kind != Outlet.Kind.UNKNOWN or kind == stored[key].kind)
    }


def _outlet_named(data: ArticleInput) -> tuple[str, str, str]:
    """The name, key and kind of an article's outlet ("Unknown" when it names none)."""
    name = data.outlet if name_key(data.outlet) else UNKNOWN_OUTLET
    return name, name_key(name), data.outlet_kind or Outlet.Kind.UNKNOWN


def _find_outlet(name: str, key: str, kind: str) -> Outlet:
    outlet = Outlet.objects.filter(key=key).first()
    if outlet is None:
        try:
            with transaction.atomic():
                return Outlet.objects.create(name=name, kind=kind)
        except IntegrityError:
            # Created meanwhile by another writer.
            return Outlet.objects.get(key=key)
    if outlet.kind == Outlet.Kind.UNKNOWN and kind != Outlet.Kind.UNKNOWN:
        outlet.kind = kind
        outlet.save(update_fields=["kind", "updated"])
    return outlet


def _unchanged_detail(same_text: Article, at_url: Article | None, data: ArticleInput) -> str:
    if not data.url or data.url == same_text.url:
        return ""
    detail = f"same text as article #{same_text.pk} ({same_text.url or 'stored without a URL'})"
    if at_url is not None:
        detail += f"; article #{at_url.pk} at this URL keeps its own text"
    return detail
