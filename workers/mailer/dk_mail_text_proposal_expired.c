/* dk_mail_text_proposal_expired.c — the words of the "proposal_expired"
 * e-mail: the applicant did not answer the proposal before the hold ran
 * out, so the slot went to someone else and the request is closed.
 * vars: first_names, last_name, application_id, request_url (made by the
 * mailer); optional: slot_start (UTC instant of the proposed slot),
 * support_url. */
#include "dk_mail_style.h"
#include "dk_mail_texts.h"

/* ---- Dutch -------------------------------------------------------------- */

const char dk_mt_proposal_expired_nl_subject[] =
    "Mijn digitale sleutels: het voorstel voor je video-interview is verlopen";

#define PE_NL_WHAT                                                                                 \
    "We hebben je een tijdstip voor een video-interview voorgesteld{{?slot_start}}, op "           \
    "{{slot_start|datetime}} (Belgische tijd){{/slot_start}}, maar we hebben niet op tijd een "    \
    "antwoord van je ontvangen."
#define PE_NL_FREED                                                                                \
    "Daarom hebben we het tijdslot vrijgegeven voor iemand anders, en is je aanvraag afgesloten."
#define PE_NL_AGAIN "Heb je nog een digitale sleutel nodig? Dien dan een nieuwe aanvraag in:"

const char dk_mt_proposal_expired_nl_text[] =
    "Beste {{first_names}} {{last_name}},\n"
    "\n" PE_NL_WHAT " " PE_NL_FREED "\n"
    "\n" PE_NL_AGAIN "\n"
    "{{request_url|url}}\n"
    "\n"
    "Referentie van je aanvraag: {{application_id}}\n" DK_MT_HELP_NL_TEXT DK_MT_END_NL_TEXT;

const char dk_mt_proposal_expired_nl_html[] =
    H1 "Het voorstel voor je video-interview is verlopen</h1>\n"
    "<p>Beste {{first_names}} {{last_name}},</p>\n"
    "<p>" PE_NL_WHAT " " PE_NL_FREED "</p>\n"
    "<p>" PE_NL_AGAIN " " LINK "{{request_url|url}}\">{{request_url}}</a></p>\n"
    "<p>Referentie van je aanvraag: " REF "{{application_id}}</strong></p>\n"
    DK_MT_HELP_NL_HTML DK_MT_END_NL_HTML;

/* ---- French ------------------------------------------------------------- */

const char dk_mt_proposal_expired_fr_subject[] =
    "Mes clés numériques : la proposition pour votre entretien vidéo a expiré";

#define PE_FR_WHAT                                                                                 \
    "Nous vous avons proposé un moment pour un entretien vidéo{{?slot_start}}, le "                \
    "{{slot_start|datetime}} (heure belge){{/slot_start}}, mais nous n'avons pas reçu votre "      \
    "réponse à temps."
#define PE_FR_FREED                                                                                \
    "Nous avons donc libéré ce créneau pour quelqu'un d'autre, et votre demande est clôturée."
#define PE_FR_AGAIN                                                                                \
    "Vous avez encore besoin d'une clé numérique ? Introduisez alors une nouvelle demande :"

const char dk_mt_proposal_expired_fr_text[] =
    "Bonjour {{first_names}} {{last_name}},\n"
    "\n" PE_FR_WHAT " " PE_FR_FREED "\n"
    "\n" PE_FR_AGAIN "\n"
    "{{request_url|url}}\n"
    "\n"
    "Référence de votre demande : {{application_id}}\n" DK_MT_HELP_FR_TEXT DK_MT_END_FR_TEXT;

const char dk_mt_proposal_expired_fr_html[] =
    H1 "La proposition pour votre entretien vidéo a expiré</h1>\n"
    "<p>Bonjour {{first_names}} {{last_name}},</p>\n"
    "<p>" PE_FR_WHAT " " PE_FR_FREED "</p>\n"
    "<p>" PE_FR_AGAIN " " LINK "{{request_url|url}}\">{{request_url}}</a></p>\n"
    "<p>Référence de votre demande : " REF "{{application_id}}</strong></p>\n"
    DK_MT_HELP_FR_HTML DK_MT_END_FR_HTML;

/* ---- English ------------------------------------------------------------ */

const char dk_mt_proposal_expired_en_subject[] =
    "My digital keys: the proposal for your video interview has expired";

#define PE_EN_WHAT                                                                                 \
    "We proposed a time for a video interview to you{{?slot_start}}, on {{slot_start|datetime}} "  \
    "(Belgian time){{/slot_start}}, but we did not receive your answer in time."
#define PE_EN_FREED "So we have released the time slot for someone else, and your request is closed."
#define PE_EN_AGAIN "Do you still need a digital key? Then submit a new request:"

const char dk_mt_proposal_expired_en_text[] =
    "Dear {{first_names}} {{last_name}},\n"
    "\n" PE_EN_WHAT " " PE_EN_FREED "\n"
    "\n" PE_EN_AGAIN "\n"
    "{{request_url|url}}\n"
    "\n"
    "Your request reference: {{application_id}}\n" DK_MT_HELP_EN_TEXT DK_MT_END_EN_TEXT;

const char dk_mt_proposal_expired_en_html[] =
    H1 "The proposal for your video interview has expired</h1>\n"
    "<p>Dear {{first_names}} {{last_name}},</p>\n"
    "<p>" PE_EN_WHAT " " PE_EN_FREED "</p>\n"
    "<p>" PE_EN_AGAIN " " LINK "{{request_url|url}}\">{{request_url}}</a></p>\n"
    "<p>Your request reference: " REF "{{application_id}}</strong></p>\n"
    DK_MT_HELP_EN_HTML DK_MT_END_EN_HTML;
