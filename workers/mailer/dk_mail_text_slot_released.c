/* dk_mail_text_slot_released.c — the words of the "slot_released" e-mail:
 * the applicant cancelled the interview or declined the proposal, so the
 * time slot is free again; a new request is the way back. The mailer
 * attaches a METHOD:CANCEL calendar entry when vars.calendar is present.
 * vars: first_names, last_name, application_id, slot_start, slot_end (UTC
 * instants of the released slot), request_url (made by the mailer);
 * optional: calendar, support_url. */
#include "dk_mail_style.h"
#include "dk_mail_texts.h"

/* ---- Dutch -------------------------------------------------------------- */

const char dk_mt_slot_released_nl_subject[] =
    "Mijn digitale sleutels: je tijdslot van {{slot_start|datetime}} is vrijgegeven";

#define SR_NL_DONE "Zoals je gevraagd hebt, hebben we het tijdslot van je video-interview vrijgegeven:"
#define SR_NL_NONE "Er staat dus geen video-interview meer voor je gepland."
#define SR_NL_CALENDAR "Met de bijlage (interview.ics) haal je de afspraak ook uit je agenda."
#define SR_NL_AGAIN "Heb je toch nog een digitale sleutel nodig? Dien dan een nieuwe aanvraag in:"

const char dk_mt_slot_released_nl_text[] =
    "Beste {{first_names}} {{last_name}},\n"
    "\n" SR_NL_DONE "\n" DK_MT_SLOT_NL "\n"
    "\n" SR_NL_NONE "{{?calendar}} " SR_NL_CALENDAR "{{/calendar}}\n"
    "\n" SR_NL_AGAIN "\n"
    "{{request_url|url}}\n"
    "\n"
    "Referentie van je aanvraag: {{application_id}}\n" DK_MT_HELP_NL_TEXT DK_MT_END_NL_TEXT;

const char dk_mt_slot_released_nl_html[] =
    H1 "Je tijdslot is vrijgegeven</h1>\n"
    "<p>Beste {{first_names}} {{last_name}},</p>\n"
    "<p>" SR_NL_DONE "</p>\n" SLOT DK_MT_SLOT_NL "</p>\n"
    "<p>" SR_NL_NONE "{{?calendar}} " SR_NL_CALENDAR "{{/calendar}}</p>\n"
    "<p>" SR_NL_AGAIN " " LINK "{{request_url|url}}\">{{request_url}}</a></p>\n"
    "<p>Referentie van je aanvraag: " REF "{{application_id}}</strong></p>\n"
    DK_MT_HELP_NL_HTML DK_MT_END_NL_HTML;

/* ---- French ------------------------------------------------------------- */

const char dk_mt_slot_released_fr_subject[] =
    "Mes clés numériques : votre créneau du {{slot_start|datetime}} a été libéré";

#define SR_FR_DONE "Comme vous l'avez demandé, nous avons libéré le créneau de votre entretien vidéo :"
#define SR_FR_NONE "Aucun entretien vidéo n'est donc plus prévu pour vous."
#define SR_FR_CALENDAR "La pièce jointe (interview.ics) retire aussi le rendez-vous de votre agenda."
#define SR_FR_AGAIN                                                                                \
    "Vous avez malgré tout encore besoin d'une clé numérique ? Introduisez alors une nouvelle "    \
    "demande :"

const char dk_mt_slot_released_fr_text[] =
    "Bonjour {{first_names}} {{last_name}},\n"
    "\n" SR_FR_DONE "\n" DK_MT_SLOT_FR "\n"
    "\n" SR_FR_NONE "{{?calendar}} " SR_FR_CALENDAR "{{/calendar}}\n"
    "\n" SR_FR_AGAIN "\n"
    "{{request_url|url}}\n"
    "\n"
    "Référence de votre demande : {{application_id}}\n" DK_MT_HELP_FR_TEXT DK_MT_END_FR_TEXT;

const char dk_mt_slot_released_fr_html[] =
    H1 "Votre créneau a été libéré</h1>\n"
    "<p>Bonjour {{first_names}} {{last_name}},</p>\n"
    "<p>" SR_FR_DONE "</p>\n" SLOT DK_MT_SLOT_FR "</p>\n"
    "<p>" SR_FR_NONE "{{?calendar}} " SR_FR_CALENDAR "{{/calendar}}</p>\n"
    "<p>" SR_FR_AGAIN " " LINK "{{request_url|url}}\">{{request_url}}</a></p>\n"
    "<p>Référence de votre demande : " REF "{{application_id}}</strong></p>\n"
    DK_MT_HELP_FR_HTML DK_MT_END_FR_HTML;

/* ---- English ------------------------------------------------------------ */

const char dk_mt_slot_released_en_subject[] =
    "My digital keys: your time slot on {{slot_start|datetime}} has been released";

#define SR_EN_DONE "As you asked, we have released the time slot of your video interview:"
#define SR_EN_NONE "So no video interview is planned for you any more."
#define SR_EN_CALENDAR "The attachment (interview.ics) also removes the appointment from your calendar."
#define SR_EN_AGAIN "Do you still need a digital key after all? Then submit a new request:"

const char dk_mt_slot_released_en_text[] =
    "Dear {{first_names}} {{last_name}},\n"
    "\n" SR_EN_DONE "\n" DK_MT_SLOT_EN "\n"
    "\n" SR_EN_NONE "{{?calendar}} " SR_EN_CALENDAR "{{/calendar}}\n"
    "\n" SR_EN_AGAIN "\n"
    "{{request_url|url}}\n"
    "\n"
    "Your request reference: {{application_id}}\n" DK_MT_HELP_EN_TEXT DK_MT_END_EN_TEXT;

const char dk_mt_slot_released_en_html[] =
    H1 "Your time slot has been released</h1>\n"
    "<p>Dear {{first_names}} {{last_name}},</p>\n"
    "<p>" SR_EN_DONE "</p>\n" SLOT DK_MT_SLOT_EN "</p>\n"
    "<p>" SR_EN_NONE "{{?calendar}} " SR_EN_CALENDAR "{{/calendar}}</p>\n"
    "<p>" SR_EN_AGAIN " " LINK "{{request_url|url}}\">{{request_url}}</a></p>\n"
    "<p>Your request reference: " REF "{{application_id}}</strong></p>\n"
    DK_MT_HELP_EN_HTML DK_MT_END_EN_HTML;
