/* dk_mail_text_application_exists.c — the words of the "application_exists"
 * e-mail: someone (perhaps the applicant) asked again for an interview with
 * an address whose request is still in progress; no second request was
 * made, and this mail — to the address, never on screen — points to the
 * request in progress: its self-service link when a slot is proposed or
 * reserved, else that the proposal will follow.
 * vars: first_names, last_name, application_id (of the request in
 * progress); optional: appointment_id (then proposal_url, made by the
 * mailer), support_url. */
#include "dk_mail_style.h"
#include "dk_mail_texts.h"

/* ---- Dutch -------------------------------------------------------------- */

const char dk_mt_application_exists_nl_subject[] =
    "Mijn digitale sleutels: je aanvraag voor een video-interview loopt al";

#define AE_NL_WHAT                                                                                 \
    "Er werd zonet opnieuw een video-interview aangevraagd met dit e-mailadres. Voor dit adres "   \
    "loopt al een aanvraag, dus hebben we geen tweede aanvraag geregistreerd."
#define AE_NL_LINK                                                                                 \
    "Via deze link, met je persoonlijke beveiligingscode, bekijk je je afspraak en kun je "        \
    "ze bevestigen, wijzigen of annuleren:"
#define AE_NL_WAIT                                                                                 \
    "We behandelen je aanvraag. Zodra er een tijdslot en een interviewer bekend zijn, sturen we "  \
    "je een e-mail met een voorstel en een link."
#define AE_NL_NOT_YOU "Heb jij dit niet gevraagd? Dan hoef je niets te doen."

const char dk_mt_application_exists_nl_text[] =
    "Beste {{first_names}} {{last_name}},\n"
    "\n" AE_NL_WHAT "\n"
    "\n{{?appointment_id}}" AE_NL_LINK "\n{{proposal_url|url}}\n{{/appointment_id}}"
    "{{^appointment_id}}" AE_NL_WAIT "\n{{/appointment_id}}"
    "\n" AE_NL_NOT_YOU "\n"
    "\n"
    "Referentie van je aanvraag: {{application_id}}\n" DK_MT_HELP_NL_TEXT DK_MT_END_NL_TEXT;

const char dk_mt_application_exists_nl_html[] =
    H1 "Je aanvraag voor een video-interview loopt al</h1>\n"
    "<p>Beste {{first_names}} {{last_name}},</p>\n"
    "<p>" AE_NL_WHAT "</p>\n"
    "{{?appointment_id}}<p>" AE_NL_LINK " " LINK "{{proposal_url|url}}\">{{proposal_url}}</a></p>\n"
    "{{/appointment_id}}{{^appointment_id}}<p>" AE_NL_WAIT "</p>\n{{/appointment_id}}"
    "<p>" AE_NL_NOT_YOU "</p>\n"
    "<p>Referentie van je aanvraag: " REF "{{application_id}}</strong></p>\n"
    DK_MT_HELP_NL_HTML DK_MT_END_NL_HTML;

/* ---- French ------------------------------------------------------------- */

const char dk_mt_application_exists_fr_subject[] =
    "Mes clés numériques : votre demande d'entretien vidéo est déjà en cours";

#define AE_FR_WHAT                                                                                 \
    "Un entretien vidéo vient d'être demandé à nouveau avec cette adresse e-mail. Une demande "    \
    "est déjà en cours pour cette adresse : nous n'avons donc pas enregistré de deuxième demande."
#define AE_FR_LINK                                                                                 \
    "Grâce à ce lien et à votre code de sécurité personnel, vous pouvez consulter votre "          \
    "rendez-vous et le confirmer, le modifier ou l'annuler :"
#define AE_FR_WAIT                                                                                 \
    "Nous traitons votre demande. Dès qu'un créneau horaire et un intervieweur seront connus, "    \
    "nous vous enverrons un e-mail contenant une proposition et un lien."
#define AE_FR_NOT_YOU "Vous n'avez rien demandé ? Vous n'avez alors rien à faire."

const char dk_mt_application_exists_fr_text[] =
    "Bonjour {{first_names}} {{last_name}},\n"
    "\n" AE_FR_WHAT "\n"
    "\n{{?appointment_id}}" AE_FR_LINK "\n{{proposal_url|url}}\n{{/appointment_id}}"
    "{{^appointment_id}}" AE_FR_WAIT "\n{{/appointment_id}}"
    "\n" AE_FR_NOT_YOU "\n"
    "\n"
    "Référence de votre demande : {{application_id}}\n" DK_MT_HELP_FR_TEXT DK_MT_END_FR_TEXT;

const char dk_mt_application_exists_fr_html[] =
    H1 "Votre demande d'entretien vidéo est déjà en cours</h1>\n"
    "<p>Bonjour {{first_names}} {{last_name}},</p>\n"
    "<p>" AE_FR_WHAT "</p>\n"
    "{{?appointment_id}}<p>" AE_FR_LINK " " LINK "{{proposal_url|url}}\">{{proposal_url}}</a></p>\n"
    "{{/appointment_id}}{{^appointment_id}}<p>" AE_FR_WAIT "</p>\n{{/appointment_id}}"
    "<p>" AE_FR_NOT_YOU "</p>\n"
    "<p>Référence de votre demande : " REF "{{application_id}}</strong></p>\n"
    DK_MT_HELP_FR_HTML DK_MT_END_FR_HTML;

/* ---- English ------------------------------------------------------------ */

const char dk_mt_application_exists_en_subject[] =
    "My digital keys: your request for a video interview is already in progress";

#define AE_EN_WHAT                                                                                 \
    "A video interview was just requested again with this e-mail address. A request for this "     \
    "address is already in progress, so we did not register a second one."
#define AE_EN_LINK                                                                                 \
    "Through this link, with your personal security code, you can see your appointment and "       \
    "confirm, change or cancel it:"
#define AE_EN_WAIT                                                                                 \
    "Your request is being handled. As soon as a time slot and an interviewer are known, we will " \
    "send you an e-mail with a proposal and a link."
#define AE_EN_NOT_YOU "You did not ask for this? Then you need not do anything."

const char dk_mt_application_exists_en_text[] =
    "Dear {{first_names}} {{last_name}},\n"
    "\n" AE_EN_WHAT "\n"
    "\n{{?appointment_id}}" AE_EN_LINK "\n{{proposal_url|url}}\n{{/appointment_id}}"
    "{{^appointment_id}}" AE_EN_WAIT "\n{{/appointment_id}}"
    "\n" AE_EN_NOT_YOU "\n"
    "\n"
    "Your request reference: {{application_id}}\n" DK_MT_HELP_EN_TEXT DK_MT_END_EN_TEXT;

const char dk_mt_application_exists_en_html[] =
    H1 "Your request for a video interview is already in progress</h1>\n"
    "<p>Dear {{first_names}} {{last_name}},</p>\n"
    "<p>" AE_EN_WHAT "</p>\n"
    "{{?appointment_id}}<p>" AE_EN_LINK " " LINK "{{proposal_url|url}}\">{{proposal_url}}</a></p>\n"
    "{{/appointment_id}}{{^appointment_id}}<p>" AE_EN_WAIT "</p>\n{{/appointment_id}}"
    "<p>" AE_EN_NOT_YOU "</p>\n"
    "<p>Your request reference: " REF "{{application_id}}</strong></p>\n"
    DK_MT_HELP_EN_HTML DK_MT_END_EN_HTML;
