"""Attendees read once per distinct person: each event still gets its own answers."""

from __future__ import annotations

from tests.unit.meetings.ics_helpers import OWNER, calendar, parse


def test_the_same_person_answers_each_event_separately() -> None:
    text = calendar(
        f"UID:a\nSUMMARY:A\nDTSTART:20260112T090000Z\nATTENDEE;PARTSTAT=ACCEPTED:mailto:{OWNER}",
        f"UID:b\nSUMMARY:B\nDTSTART:20260113T090000Z\nATTENDEE;PARTSTAT=DECLINED:mailto:{OWNER}",
        f"UID:c\nSUMMARY:C\nDTSTART:20260114T090000Z\nATTENDEE;CN=Ana:MAILTO:{OWNER.upper()}",
    )
    parsed = parse(text)
    assert [o.title for o in parsed.occurrences] == ["A", "C"]
    a, c = (o.attendees[0] for o in parsed.occurrences)
    assert (a.email, a.name, a.partstat) == (OWNER, None, "ACCEPTED")
    assert (c.email, c.name, c.partstat) == (OWNER, "Ana", "NEEDS-ACTION")


def test_an_empty_parameter_is_not_replaced_by_its_default() -> None:
    text = calendar(
        "UID:a\nDTSTART:20260112T090000Z\nATTENDEE;CUTYPE=;PARTSTAT=:mailto:room@example.com",
        "UID:b\nDTSTART:20260113T090000Z\nATTENDEE;CUTYPE=ROOM:mailto:room@example.com",
    )
    first, second = (o.attendees[0] for o in parse(text).occurrences)
    assert (first.partstat, first.is_resource) == ("", False)
    assert (second.partstat, second.is_resource) == ("NEEDS-ACTION", True)
