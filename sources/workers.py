"""Bulk import on several cores: the claims of the next batches extracted in other processes."""

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING

from claims.extraction import extract

if TYPE_CHECKING:
    from sources.services import IngestBatch
    from sources.validation import ArticleInput


def ingest_batches[T](
    batches: Iterable[tuple[T, Sequence["ArticleInput"]]], *, workers: int = 0
) -> Iterator[tuple[T, "IngestBatch"]]:
    """`articles_ingest` each batch in turn; each result comes with its batch's label.

    With `workers`, that many processes extract the claims of the batches ahead while this one
    stores and links a batch: extraction is pure Python and the slowest step that needs no
    database. Storing and linking stay here, one batch after the other in the order given, so
    the result is the one a single process gives, whatever the number of workers.
    """
    from sources.services import articles_ingest

    if workers <= 0:
        for label, batch in batches:
            yield label, articles_ingest(data=batch)
        return
    # Spawned, not forked: a fork would share this process's database connection. The workers
    # import the extractor only (no Django).
    context = multiprocessing.get_context("spawn")
    pending = deque()
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        try:
            for label, batch in batches:
                batch = list(batch)
                texts = [(one.text, one.published) for one in batch]
                pending.append((label, batch, pool.submit(extract_each, texts)))
                # A batch a worker extracted ahead, and one more being extracted.
                if len(pending) > 2 * workers:
                    yield _ingested(pending.popleft(), articles_ingest)
            while pending:
                yield _ingested(pending.popleft(), articles_ingest)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _ingested(job, articles_ingest):
    label, batch, future = job
    return label, articles_ingest(data=batch, extracted=future.result())


def extract_each(texts: Sequence[tuple[str, object]]) -> list:
    """The claims `extract` finds in each (text, publication date), or the error it raised."""
    found = []
    for text, published in texts:
        try:
            found.append(extract(text, published=published))
        except Exception as exc:  # the article fails alone, as it would in articles_ingest
            found.append(exc)
    return found
