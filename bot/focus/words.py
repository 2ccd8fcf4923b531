"""The words `/focus` reads, in English and Dutch (pure).

People type either language, or both at once ("ma-fri 9-11"), whatever language Kairos
speaks to them: parsing never looks at the person's language, so a command that works for
one colleague works for every other. The Dutch words were chosen so that none of them
changes what an English command already meant:

* Day abbreviations: `ma di wo do vr za zo` (with or without a dot). "do" and "zo" are
  English words, but no `/focus` command ever read them, and at the start of a command only
  subcommands are looked up before days, so they can only mean Thursday and Sunday.
* `vrij` is Friday (`vrijdag`), never "free" or "off": `/focus vrij 9-11` is a block on
  Friday. Time off is `afwezig` or `verlof`.
* `tot` is a subcommand (`/focus tot 11:30`, like `until`), a range word between two times
  or two days (`9:00 tot 11:00`, `ma tot vr`, like `to`), and in leave `afwezig tot ma`
  means back on Monday, like `away until mon`. Between two days of leave it includes the
  last day, as `to` does (`12 jan tot 16 jan` is five days); `t/m` ("tot en met") always
  includes it.
* `uur` (`2 uur`, `1u30`) is a unit of a duration only; a time of day stays `9:00`/`9`.
* `en` joins days (`ma en wo`) as `and` does; no command ever read it alone.
"""

from __future__ import annotations

from bot.i18n.languages import Language

ENGLISH_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DUTCH_DAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
DUTCH_DAY_ABBREVIATIONS = ("ma", "di", "wo", "do", "vr", "za", "zo")
ENGLISH_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
DUTCH_MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def prefixes(names: tuple[str, ...]) -> dict[str, int]:
    """Every prefix of three letters or more of each name, to its position (`wed` is 2)."""
    words: dict[str, int] = {}
    for number, name in enumerate(names):
        for length in range(3, len(name) + 1):
            words.setdefault(name[:length], number)
    return words


def _weekday_words() -> dict[str, int]:
    words = prefixes(ENGLISH_DAYS) | {"tues": 1, "weds": 2, "thur": 3, "thurs": 3}
    words |= prefixes(DUTCH_DAYS)
    words |= {abbreviation: day for day, abbreviation in enumerate(DUTCH_DAY_ABBREVIATIONS)}
    return words


# One day, for leave (`afwezig vr`) and in weekly schedules (`ma-vr 9-11`).
WEEKDAY_WORDS = _weekday_words()
# Weekly schedules also read plurals: "mondays", "maandags" (on Mondays), "maandagen".
DAY_WORDS = (
    WEEKDAY_WORDS
    | {name + "s": day for day, name in enumerate(ENGLISH_DAYS)}
    | {name + "s": day for day, name in enumerate(DUTCH_DAYS)}
    | {name + "en": day for day, name in enumerate(DUTCH_DAYS)}
)
MONTH_WORDS = prefixes(ENGLISH_MONTHS) | {"sept": 8} | prefixes(DUTCH_MONTHS)

# Words joining days in a list: "mon and wed", "ma en wo".
DAY_JOINERS = frozenset({"and", "en"})

# Dutch subcommands, to the English one they mean.
DUTCH_SUBCOMMANDS = {
    "nu": "now",
    "tot": "until",
    "uit": "off",
    "hulp": "help",
    "verwijder": "remove",
    "wis": "clear",
    "uren": "hours",
    "werkuren": "hours",
    "werktijden": "hours",
    "afwezig": "away",
    "verlof": "away",
    "terug": "back",
    "feestdagen": "holidays",
    "taal": "language",
}
# What `hours` and `holidays` take to mean "none": `hours off`, `uren uit`, `feestdagen geen`.
OFF_WORDS = frozenset({"off", "none", "clear", "uit", "geen", "wis"})
# What `remove` takes to mean every block: `remove all`, `verwijder alles`.
ALL_WORDS = frozenset({"all", "alles"})
# Words before a duration or a time that add nothing: `now for 90m`, `nu voor 90 min`.
FOR_WORDS = ("for ", "voor ")
UNTIL_WORDS = ("until ", "till ", "tot ")
# Before the times of a schedule: "mon-fri from 9 to 11", "ma-vr van 9 tot 11".
FROM_WORDS = frozenset({"from", "van"})

# Leave: a day as typed, once trimmed of these.
ON_WORDS = ("on ", "op ")
NEXT_WORDS = ("next ", "volgende ", "komende ")
TODAY_WORDS = frozenset({"today", "vandaag"})
TOMORROW_WORDS = frozenset({"tomorrow", "morgen"})
NEXT_WEEK_WORDS = frozenset({"next week", "volgende week", "komende week"})
# Leave through a day from today: "afwezig t/m vr" (today up to and including Friday).
THROUGH_WORDS = ("t/m ", "tot en met ")

# `/focus language <word>`: None follows the person's Slack language ("auto").
LANGUAGE_WORDS: dict[str, Language | None] = {
    "nl": "nl",
    "nederlands": "nl",
    "dutch": "nl",
    "en": "en",
    "engels": "en",
    "english": "en",
    "auto": None,
    "automatisch": None,
    "automatic": None,
}
