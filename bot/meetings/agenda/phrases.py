"""What calendar and conferencing products write into a description, in several languages.

Pure data. Each phrase is a whole line as the product writes it (compared after URLs are
removed, lowercased, edges trimmed); each prefix starts a line the product writes. Lines
were taken from real invitations (see tests/fixtures/agenda_corpus/) and from the products'
own translations of the same blocks.
"""

from __future__ import annotations

PHRASES_TEXT = """
# Google Meet and Google Calendar
join with google meet
join google meet
meeting link
join by phone
join with phone
more phone numbers
view more phone numbers
or dial
learn more about meet at
please do not edit this section
invitation from google calendar
view your event at
view all guest info
reply
more options
join video call
meet.google.com
mit google meet teilnehmen
weitere telefonnummern
oder wählen
participer avec google meet
autres numéros de téléphone
ou composer le
unirse con google meet
más números de teléfono
o marca el
deelnemen met google meet
meer telefoonnummers
of bel
# Microsoft Teams (old and new layouts)
microsoft teams meeting
microsoft teams
microsoft teams need help?
need help?
join on your computer, mobile app or room device
join on your computer or mobile app
join on your computer, mobile app or room
click here to join the meeting
join the meeting now
join microsoft teams meeting
download teams
join on the web
learn more
meeting options
help
or call in (audio only)
find a local number
reset pin
reset dial-in pin
for organizers: meeting options
dial in by phone
dial-in by phone
join on a video conferencing device
join with a video conferencing device
more info
privacy and security
you've been invited to a microsoft teams meeting
local numbers
learn more about teams
microsoft teams-besprechung
nehmen sie auf dem computer oder in der mobilen app teil
nehmen sie auf dem computer, in der mobilen app oder im raumgerät teil
hier klicken, um an der besprechung teilzunehmen
jetzt an der besprechung teilnehmen
teams herunterladen
im web beitreten
weitere infos
besprechungsoptionen
rechtliche hinweise
benötigen sie hilfe?
lokale nummer suchen
pin zurücksetzen
für organisatoren: besprechungsoptionen
oder rufen sie an (nur audio)
einwahl per telefon
microsoft teams-vergadering
deelnemen op uw computer, mobiele app of ruimteapparaat
deelnemen op uw computer of mobiele app
klik hier om deel te nemen aan de vergadering
nu deelnemen aan de vergadering
teams downloaden
deelnemen op het web
meer informatie
vergaderopties
hulp nodig?
of bel in (alleen audio)
een lokaal nummer zoeken
pincode opnieuw instellen
voor organisatoren: vergaderopties
réunion microsoft teams
rejoindre sur votre ordinateur, application mobile ou appareil de salle
rejoindre sur votre ordinateur ou application mobile
participez à partir de votre ordinateur, de votre application mobile ou de l'appareil de la salle
cliquez ici pour rejoindre la réunion
rejoindre la réunion maintenant
télécharger teams
rejoindre sur le web
en savoir plus
options de réunion
besoin d'aide ?
ou appelez (audio uniquement)
trouver un numéro local
réinitialiser le code confidentiel
pour les organisateurs : options de réunion
reunión de microsoft teams
únase a través de su ordenador, aplicación móvil o dispositivo de sala
unirse desde el ordenador o la aplicación móvil
haga clic aquí para unirse a la reunión
unirse a la reunión ahora
descargar teams
unirse en la web
más información
opciones de reunión
¿necesita ayuda?
o llame (solo audio)
buscar un número local
restablecer pin
para organizadores: opciones de reunión
para organizadores
# Zoom
join zoom meeting
one tap mobile
dial by your location
find your local number
join by sip
join by h.323
join by skype for business
join instructions
meeting url
join from pc, mac, linux, ios or android
or ios/android
or an h.323/sip room system
or join by phone
or skype for business (lync)
zoom-meeting beitreten
schnelleinwahl mobil
einwahl nach aktuellem standort
ortseinwahl suchen
participer à la réunion zoom
une seule touche sur l'appareil mobile
composez le numéro en fonction de votre emplacement
trouvez votre numéro local
unirse a la reunión zoom
móvil con un toque
marcar según su ubicación
buscar su número local
deelnemen aan zoom-vergadering
zoom-vergadering deelnemen
snelkiezen mobiel
bellen op basis van uw locatie
zoek uw lokale nummer
# Webex
-- do not delete or change any of the following text. --
when it's time, join the webex meeting here.
join webex meeting
join meeting
join the meeting
tap to join from a mobile device (attendees only)
global call-in numbers
join from a video system or application
can't join the meeting?
join using microsoft lync or microsoft skype for business
need help? go to
if you are a host, click here to view host information.
if you are a host, go here to view host information.
webex
# Skype for Business, Lync, Office Communications Server / Live Meeting
join skype meeting
--> join skype meeting
trouble joining? try skype web app
join lync meeting
join online meeting
first online meeting?
forgot your dial-in pin?
(dial-in number)
english (united states)
audio has not been setup for this meeting.
troubleshooting
notice
# GoToMeeting and GoToWebinar
please join my meeting from your computer, tablet or smartphone.
please join the meeting from your computer, tablet or smartphone.
you can also dial in using your phone.
(for supported devices, tap a one-touch number below to join instantly.)
more phone numbers:
joining from a video-conferencing room or system?
click and join at the specified time and date:
more webinar details:
join webinar
add to calendar
view system requirements
location
"""

PREFIXES_TEXT = """
# Google Calendar and Gmail
you are receiving this email because
you are receiving this courtesy email
forwarding this invitation could allow
to stop receiving future updates for this event
invitation from google calendar
or dial:
to see detailed information for automatically created events
this event was created from an email you received in gmail
this event was created automatically from an email
# Skype for Business, Lync, Office Communications Server / Live Meeting
welcome to skype for business online meetings.
the join by phone option must dial the full number
this is an online meeting for skype for business
this is an online meeting for microsoft lync
meetings and communications app formerly known as lync
make sure the office live meeting client is installed
unable to join the meeting?
if you still cannot enter the meeting, contact support
office live meeting can be used to record
by participating in this meeting, you agree that your communications
# GoToMeeting and GoToWebinar
first gotomeeting?
new to gotomeeting?
note: this link should be not shared with others
note: this link should not be shared with others
thank you for registering for
please send your questions, comments and feedback to
to cancel this registration
brought to you by gotowebinar
# Mail clients
sent from my iphone
sent from my ipad
sent from outlook
get outlook for
"""


def lines_of(text: str) -> list[str]:
    """The data lines of one of the texts above (comments and blank lines left out)."""
    return [line for line in text.splitlines() if line and not line.startswith("#")]
