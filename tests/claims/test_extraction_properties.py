"""The extractor over any Unicode: it never raises, quotes are exact, low never exceeds high."""

import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.extraction import extract

# Modest and derandomized: the same examples on every run, so CI is fast and reproducible.
PROPERTIES = settings(
    max_examples=100,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
# Every code point, lone surrogates and controls included (the API and import refuse those,
# but the extractor must not depend on it).
ANY_CHARACTER = st.one_of(st.characters(), st.characters(categories=["Cs", "Cc", "Cf"]))
# Marks that change how text is shown but not what it says.
INVISIBLE = ["\u202e", "\u202c", "\u2066", "\u2069", "\u200f", "\u200b", "\u200d", "\ufeff"]
# Sentences that give claims, so the invariants are checked on claims and not only on silence.
SENTENCES = [
    "About 6,000 North Korean workers are in Kuwait, the authority said.",
    "North Korean workers earn around $1,000 a month, of which the state keeps half.",
    "Resolution 2397 requires states to repatriate North Korean workers within 24 months.",
    "Between 2,000 and 3,000 North Korean laborers remained in Qatar in 2017.",
    "Tens of thousands of North Korean workers are in Russia.",
    "North Korea earns $200-500 million a year from workers abroad.",
]
DATES = st.one_of(
    st.none(),
    st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2100, 12, 31)),
)


def assert_well_formed(text: str, published) -> list:
    found = extract(text, published=published)
    for claim in found:
        assert claim.quote and text[claim.start : claim.end] == claim.quote
        if claim.value_low is not None or claim.value_high is not None:
            assert claim.value_low is not None and claim.value_high is not None
            assert claim.value_low <= claim.value_high
    return found


@PROPERTIES
@given(
    st.sampled_from(["", "North Korean workers: ", "DPRK labourers, 1,000 "]),
    st.lists(ANY_CHARACTER, max_size=400).map("".join),
    DATES,
)
def test_any_unicode_text(lead, text, published):
    # The lead passes the extractor's North Korea gate, so the rules run over the rest.
    assert_well_formed(lead + text, published)


@PROPERTIES
@given(
    st.lists(
        st.one_of(
            st.sampled_from(SENTENCES),
            st.sampled_from(INVISIBLE),
            st.lists(ANY_CHARACTER, max_size=8).map("".join),
        ),
        max_size=12,
    ),
    st.sampled_from(["", " ", "\n", "\n\n"]),
    DATES,
)
def test_claim_sentences_among_any_unicode(parts, glue, published):
    assert_well_formed(glue.join(parts), published)


@PROPERTIES
@given(
    st.sampled_from(SENTENCES),
    st.lists(st.tuples(st.integers(0, 200), st.sampled_from(INVISIBLE)), max_size=4),
    DATES,
)
def test_invisible_marks_inside_a_claim_keep_quotes_exact(sentence, inserts, published):
    text = sentence
    for at, mark in inserts:
        at = min(at, len(text))
        text = text[:at] + mark + text[at:]

    assert_well_formed(f"North Korea. {text}", published)


# Whitespace other than a space, and the letters case-insensitive patterns take for "i", "s" and
# "k": the words of a claim may be written with them and still be read.
ODD_SPACES = ["\t", "\u00a0", "\u2009", "\u3000", "  \n "]
ASCII_TWINS = {"i": ["ı", "İ"], "s": ["ſ"], "k": ["\u212a"]}
SPELLED_ODDLY = [
    *SENTENCES,
    "North Korean workers must be sent home by December 2019 under resolution 2397.",
    "About 3 thousand North Korean workers are in Kuwait, officials said.",
    "North Korean workers in Qatar sent $2-3 million a year to Pyongyang.",
    "In September 2017 some 3,000 North Korean workers were in Kuwait, officials said on Tuesday.",
    "Tens of thousands of North Korean workers were in Russia last year, and a dozen in Malta.",
    "Two-thirds of their pay goes to the state, North Korean workers in Poland said this month.",
]


@PROPERTIES
@given(st.sampled_from(SPELLED_ODDLY), st.randoms(use_true_random=False), DATES)
def test_odd_whitespace_and_letter_twins_inside_claims(sentence, rng, published):
    # These once raised KeyError ("sent\thome", "mıllion"), failing a whole article.
    text = "".join(
        rng.choice(ODD_SPACES)
        if char == " " and rng.random() < 0.5
        else rng.choice(ASCII_TWINS[char])
        if char in ASCII_TWINS and rng.random() < 0.5
        else char
        for char in sentence
    )
    assert_well_formed(text, published)


def test_a_sanctions_keyword_and_a_scale_word_read_through_odd_spelling():
    plain = (
        "North Korean workers must be sent home by December 2019 under resolution 2397, the UN "
        "said. About 3 thousand North Korean workers are in Kuwait, officials said."
    )
    odd = plain.replace("sent home", "sent\u00a0home").replace("thousand", "thouſand")

    def read(text):
        return [(c.kind, c.value_low, c.provision) for c in extract(text)]

    assert read(odd) == read(plain) != []
