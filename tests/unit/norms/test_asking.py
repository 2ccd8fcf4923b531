"""Does a message ask something of someone? The rules one by one, then the labelled corpus.

tests/fixtures/asking/README.md says where every sample comes from and how it was labelled.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.norms.asking import AskReason, asks, judge

SAMPLES = Path(__file__).parents[2] / "fixtures" / "asking" / "samples.jsonl"
FIELDS = {"id", "language", "source", "asks", "origin", "license", "note", "text"}
MIN_PRECISION = MIN_RECALL = 0.95


@dataclass(frozen=True, slots=True)
class Sample:
    """One labelled message."""

    id: str
    language: str
    source: str
    asks: bool
    origin: str
    license: str
    note: str
    text: str


def _rows() -> list[dict[str, object]]:
    lines = SAMPLES.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line]


SAMPLE_LIST = [Sample(**row) for row in _rows()]  # type: ignore[arg-type]


# --- the rules ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("<@U1> is the build green?", AskReason.QUESTION_MARK),
        ("<@U1> could you rerun the job", AskReason.REQUEST),
        ("<@U1> would you mind checking the logs", AskReason.REQUEST),
        ("<@U1> please review the draft", AskReason.REQUEST),
        ("<@U1> lmk", AskReason.REQUEST),
        ("<@U1> wdyt", AskReason.REQUEST),
        ("Thoughts", AskReason.REQUEST),
        ("Send me the file please", AskReason.REQUEST),
        ("<@U1> do you have the key", AskReason.QUESTION_FORM),
        ("what's the status <@U1>", AskReason.QUESTION_FORM),
        ("Sanne, are you around", AskReason.QUESTION_FORM),
        ("<@U1> kun je dit nakijken", AskReason.QUESTION_FORM),
        ("<@U1> zou je dit willen nakijken", AskReason.REQUEST),
        ("<@U1> graag een review", AskReason.REQUEST),
        ("<@U1> laat maar even weten", AskReason.REQUEST),
        ("<@U1> wat vind jij", AskReason.REQUEST),
        ("<@U1> ff kijken naar de build", AskReason.REQUEST),
        ("klopt dit <@U1>", AskReason.QUESTION_FORM),
        ("hoe werkt dit", AskReason.QUESTION_FORM),
    ],
)
def test_what_asks(text: str, reason: AskReason) -> None:
    assert judge(text).asks
    assert judge(text).reason == reason


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", AskReason.EMPTY),
        (":tada: :tada:", AskReason.EMPTY),
        ("<@U1>", AskReason.EMPTY),
        ("```is it?```", AskReason.EMPTY),
        ("fyi <@U1>", AskReason.STATEMENT),
        ("ter info <@U1>", AskReason.STATEMENT),
        ("bedankt!", AskReason.STATEMENT),
        ("top!", AskReason.STATEMENT),
        ("no worries", AskReason.STATEMENT),
        ("geen haast", AskReason.STATEMENT),
        ("graag gedaan", AskReason.STATEMENT),
        ("<@U1> see <https://x.example/?q=1>", AskReason.STATEMENT),
        ("<@U1> see https://x.example/a?b=c", AskReason.STATEMENT),
        ("<@U1> the regex is `a?b`", AskReason.STATEMENT),
        ("&gt; why would anyone?\nagreed <@U1>", AskReason.STATEMENT),
        ("<@U1> quoted:\n&gt;&gt;&gt; can you call?\nwhy?", AskReason.STATEMENT),
        ("<@U1> we gaan morgen even kijken", AskReason.STATEMENT),
        ("<@U1> ik help je graag", AskReason.STATEMENT),
        ("als je wilt, kun je het zelf mergen", AskReason.STATEMENT),
        ("Kan het niet vinden", AskReason.STATEMENT),
        ("<@U1> let me know if you need anything", AskReason.STATEMENT),
        ("laat maar weten als je nog vragen hebt", AskReason.STATEMENT),
        ("Dank je wel", AskReason.STATEMENT),
        ("Wie weet", AskReason.STATEMENT),
    ],
)
def test_what_does_not_ask(text: str, reason: AskReason) -> None:
    assert not asks(text)
    assert judge(text).reason == reason


def test_a_link_keeps_its_label_and_a_channel_its_name() -> None:
    assert asks("<@U1> <https://x.example/|is this the one?>")
    assert not asks("<@U1> <https://x.example/?a=1|https://x.example/?a=1>")
    assert judge("<#C1|general>").reason == AskReason.STATEMENT  # the name is text


def test_an_offer_cancels_only_itself() -> None:
    assert asks("<@U1> could you review, and let me know if you need anything")


def test_an_unclosed_fence_is_text_as_slack_shows_it() -> None:
    assert asks("<@U1> ``` is this right?")


# Messages are untrusted: each of these shapes is quadratic for a careless pattern.
_LONG = 100_000


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("a" * _LONG, AskReason.STATEMENT),
        ("a." * (_LONG // 2), AskReason.STATEMENT),
        ("<" * _LONG, AskReason.EMPTY),
        ("<a" * (_LONG // 2), AskReason.STATEMENT),
        ("`a" * (_LONG // 2), AskReason.STATEMENT),
        (":a" * (_LONG // 2), AskReason.STATEMENT),
        ("```" * (_LONG // 3), AskReason.EMPTY),
        ("ik graag je " * (_LONG // 12), AskReason.STATEMENT),
        ("ik graag, " * (_LONG // 10), AskReason.STATEMENT),
        ("&gt;" * (_LONG // 4), AskReason.EMPTY),
        ("http://" + "a" * _LONG, AskReason.EMPTY),
        ("let me know if " * (_LONG // 15), AskReason.REQUEST),
    ],
)
def test_adversarial_messages_get_a_verdict(text: str, reason: AskReason) -> None:
    assert judge(text).reason == reason


# --- properties ------------------------------------------------------------------------------

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PROSE = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="`"))


@SETTINGS
@given(PROSE)
def test_never_raises(text: str) -> None:
    assert isinstance(judge(text).reason, AskReason)


@SETTINGS
@given(PROSE)
def test_text_in_a_code_block_never_asks(text: str) -> None:
    assert not asks(f"<@U1> see\n```\n{text}\n```")


@SETTINGS
@given(st.lists(PROSE.filter(lambda line: "\n" not in line), max_size=5))
def test_quoted_lines_never_ask(lines: list[str]) -> None:
    assert not asks("\n".join(f"&gt; {line}" for line in lines) + "\nnoted <@U1>")


@SETTINGS
@given(st.from_regex(r"[A-Za-z ,.]{0,60}", fullmatch=True))
def test_a_question_mark_in_prose_asks(text: str) -> None:
    assert asks(f"<@U1> {text} ok?")


# --- the corpus ------------------------------------------------------------------------------


def test_the_corpus_is_well_formed() -> None:
    rows = _rows()
    assert all(set(row) == FIELDS for row in rows), [row.get("id") for row in rows]
    ids = [sample.id for sample in SAMPLE_LIST]
    assert len(ids) == len(set(ids)), [i for i, n in Counter(ids).items() if n > 1]
    assert len(SAMPLE_LIST) >= 150
    assert all(s.text.strip() and s.origin and s.note and s.license for s in SAMPLE_LIST)
    assert {(s.language, s.asks) for s in SAMPLE_LIST} == {
        (language, label) for language in ("en", "nl") for label in (True, False)
    }
    assert {s.source for s in SAMPLE_LIST} == {"real", "written"}
    real = [s for s in SAMPLE_LIST if s.source == "real"]
    assert len(real) * 2 > len(SAMPLE_LIST)  # mostly real
    assert all(s.origin.startswith("https://github.com/") for s in real)


def _report(misjudged: list[tuple[Sample, AskReason]], counts: Counter[str]) -> str:
    tp, fp, fn, tn = counts["tp"], counts["fp"], counts["fn"], counts["tn"]
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    lines = [
        f"asking corpus: {len(SAMPLE_LIST)} messages",
        f"precision {precision:.1%}  recall {recall:.1%}  (on 'asks')",
        f"true asks {tp}  false asks {fp}  missed asks {fn}  true not-asks {tn}",
    ]
    lines += [
        f"  {'FALSE ASKS' if not sample.asks else 'MISSED ASKS'} {sample.id}: {reason.value}"
        f" — {sample.note} — {sample.text[:80]!r}"
        for sample, reason in misjudged
    ]
    return "\n".join(lines)


def test_judgement_agrees_with_the_labels() -> None:
    counts: Counter[str] = Counter()
    misjudged: list[tuple[Sample, AskReason]] = []
    for sample in SAMPLE_LIST:
        verdict = judge(sample.text)
        counts[("t" if verdict.asks == sample.asks else "f") + ("p" if verdict.asks else "n")] += 1
        if verdict.asks != sample.asks:
            misjudged.append((sample, verdict.reason))
    tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
    report = _report(misjudged, counts)
    print(report)  # shown with -s, and in the failure message below
    assert tp / (tp + fp) >= MIN_PRECISION, report
    assert tp / (tp + fn) >= MIN_RECALL, report
