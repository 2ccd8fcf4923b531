"""Which words say something about a meeting's content (English, Dutch, German, French, Spanish).

Pure and standard library only. Greetings, filler, meeting words and the words of dates
and times ("Tuesday", "pm", "minutes") say nothing about what a meeting is for, so they do
not count towards "enough meaningful words". A few Hungarian function words are here
because the corpus holds Hungarian Exchange exports.
"""

from __future__ import annotations

import re

_STOP_WORDS_TEXT = """
    a an and are as at be but by can do for from hi hello hey hallo hoi dear all
    i if in into is it its i'm let's lets me my of on or our please pls re so that the
    their them then there these this those to up us was we we'll were will with you your
    you're thanks thank thx cheers regards best kind greetings bye see soon
    meeting meetings sync call calls catch catchup chat quick invite invited join joining
    discuss discussion talk about some just also etc via zoom teams meet google link
    good morning afternoon evening team everyone folks find below attached updated invitation
    number please here has have had been being
    de het een en of voor met op te van is zijn we wij ik jij je u jullie dit dat die
    hier daar om aan bij naar als ook nog er maar dan dus wel niet geen
    bedankt dank groet groetjes gr overleg afspraak even kort beste goedemorgen allemaal
    vergadering uitnodiging link
    der die das den dem des ein eine einen einem einer und oder mit für von zu zum zur im
    in an am auf aus bei nach vor über unter ist sind war wird werden es wir ihr sie ich du
    uns euch sich nicht kein keine auch noch nur so wie wo was dass da hier dort bitte danke um
    liebe lieber liebes hallo grüße gruß besprechung termin treffen einladung
    le la les un une des du de d l et ou pour avec sur dans par au aux est sont nous vous
    je tu il elle ils elles ce cette ces qui que quoi ne pas plus se sa son ses leur
    bonjour merci cordialement salut réunion rendez-vous invitation lien
    el los las unos unas del al y o para con por en es son somos nosotros vosotros yo tú
    él ella ellos este esta estos estas que qué no sí se su sus lo hola gracias saludos
    reunión reunion cita enlace un una uno mi mis tu tus nos os me te le les si ya muy más
    pero como cuando donde porque hay
    a az és vagy is nem hogy de meg mint ha már még egy ez ezt azt kedves kollégák
    sziasztok szia üdv üdvözlettel köszönöm köszönettel ezúton szeretnénk meghívni
    meghívjuk benneteket titeket részvételetekre számítunk feltétlenül
"""
# Days, months, parts of the day and units of time: when a meeting is, not what it is for.
_CALENDAR_WORDS_TEXT = """
    monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs
    fri sat sun january february march april may june july august september october
    november december jan feb mar apr jun jul aug sep sept oct nov dec
    today tomorrow tonight yesterday week weeks weekly day days daily month months monthly
    year years hour hours minute minutes min mins am pm noon midnight morning
    utc gmt cet cest bst pst pdt est edt cst cdt mst mdt ist aest jst
    maandag dinsdag woensdag donderdag vrijdag zaterdag zondag januari februari maart mei
    juni juli augustus oktober vandaag morgen week uur uren minuten middag ochtend avond
    montag dienstag mittwoch donnerstag freitag samstag sonntag januar februar märz juni
    juli oktober dezember heute morgen woche uhr stunde stunden minuten mittag abend
    lundi mardi mercredi jeudi vendredi samedi dimanche janvier février mars avril mai juin
    juillet août septembre octobre novembre décembre aujourd'hui demain semaine heure heures
    lunes martes miércoles jueves viernes sábado domingo enero febrero marzo abril mayo junio
    julio agosto septiembre octubre noviembre diciembre hoy mañana semana hora horas
"""
# Casefolded like the words they are compared with ("Grüße" becomes "grüsse").
STOP_WORDS = frozenset(w.casefold() for w in (_STOP_WORDS_TEXT + _CALENDAR_WORDS_TEXT).split())

_URL = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]{1,64}@\S+", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def meaningful_words(text: str) -> set[str]:
    """The distinct words of a text that can say what a meeting is about."""
    return {
        word
        for word in (w.strip("'’-").casefold() for w in _WORD.findall(_URL.sub(" ", text)))
        if len(word) > 1 and word not in STOP_WORDS
    }
