/* dk_mail_template_table.c — the words of every applicant e-mail, one row per
 * template and language (syntax in dk_mail_templates.h). Translators and
 * reviewers work here and in dk_mail_text_<template>.c (the interview
 * e-mails); the engine in dk_mail_templates.c never changes for a new
 * e-mail. Dutch addresses the reader as "je", French as "vous". */
#include "dk_mail_templates.h"

#include "dk_mail_style.h"
#include "dk_mail_texts.h"

/* ---- request_received: the request is in, a proposal will follow -------- */

#define RR_SLOTS_TEXT "{{#preferred_slots}}- {{date|longdate}}, {{from}}–{{to}}\n{{/preferred_slots}}"
#define RR_SLOTS_HTML "{{?preferred_slots}}<ul>{{#preferred_slots}}<li>{{date|longdate}}, {{from}}–{{to}}</li>{{/preferred_slots}}</ul>{{/preferred_slots}}"

static const char rr_nl_text[] =
    "Beste {{first_names}} {{last_name}},\n"
    "\n"
    "We hebben je aanvraag voor een video-interview goed ontvangen. Tijdens dat interview controleren we je "
    "identiteit en je identiteitsdocument, zodat je daarna een digitale sleutel kunt activeren.\n"
    "\n"
    "Referentie van je aanvraag: {{application_id}}\n"
    "\n"
    "Je gewenste tijdsloten (Belgische tijd):\n" RR_SLOTS_TEXT
    "{{^preferred_slots}}(geen opgegeven)\n{{/preferred_slots}}"
    "\n"
    "Wat gebeurt er nu?\n"
    "Zodra er een tijdslot en een interviewer bekend zijn, sturen we je een e-mail met een voorstel en een link. "
    "Met die link en je persoonlijke beveiligingscode kun je de afspraak bevestigen, wijzigen of annuleren.\n"
    "\n"
    "Je persoonlijke beveiligingscode\n"
    "Je beveiligingscode werd op het scherm getoond toen je de aanvraag indiende. Om veiligheidsredenen staat hij "
    "niet in deze e-mail. Bewaar hem goed en deel hem met niemand. Wij vragen je nooit naar je "
    "beveiligingscode, niet per e-mail en niet telefonisch. Ben je de code kwijt? Dan moet je een nieuwe "
    "aanvraag indienen.\n"
    "\n"
    "Geen voorstel ontvangen?\n"
    "Heb je binnen 3 werkdagen geen e-mail met een voorstel ontvangen? Dien dan een nieuwe aanvraag in.\n"
    "{{?support_url}}\nMeer informatie en hulp: {{support_url|url}}\n{{/support_url}}"
    "\n"
    "Dit is een automatisch verstuurde e-mail. Antwoord er niet op: antwoorden op dit adres worden niet "
    "gelezen.\n"
    "\n"
    "Met vriendelijke groeten,\n"
    "Het team van Mijn digitale sleutels\n";

static const char rr_nl_html[] =
    H1 "Je aanvraag voor een video-interview is ontvangen</h1>\n"
    "<p>Beste {{first_names}} {{last_name}},</p>\n"
    "<p>We hebben je aanvraag voor een video-interview goed ontvangen. Tijdens dat interview controleren we je "
    "identiteit en je identiteitsdocument, zodat je daarna een digitale sleutel kunt activeren.</p>\n"
    "<p>Referentie van je aanvraag: " REF "{{application_id}}</strong></p>\n"
    H2 "Je gewenste tijdsloten (Belgische tijd)</h2>\n" RR_SLOTS_HTML
    "{{^preferred_slots}}<p>(geen opgegeven)</p>{{/preferred_slots}}\n"
    H2 "Wat gebeurt er nu?</h2>\n"
    "<p>Zodra er een tijdslot en een interviewer bekend zijn, sturen we je een e-mail met een voorstel en een "
    "link. Met die link en je persoonlijke beveiligingscode kun je de afspraak bevestigen, wijzigen of "
    "annuleren.</p>\n"
    NOTE "<strong>Je persoonlijke beveiligingscode</strong><br>\n"
    "Je beveiligingscode werd op het scherm getoond toen je de aanvraag indiende. Om veiligheidsredenen staat hij "
    "niet in deze e-mail. Bewaar hem goed en deel hem met niemand. Wij vragen je nooit naar je "
    "beveiligingscode, niet per e-mail en niet telefonisch. Ben je de code kwijt? Dan moet je een nieuwe "
    "aanvraag indienen.</div>\n"
    H2 "Geen voorstel ontvangen?</h2>\n"
    "<p>Heb je binnen 3 werkdagen geen e-mail met een voorstel ontvangen? Dien dan een nieuwe aanvraag in.</p>\n"
    "{{?support_url}}<p>Meer informatie en hulp: " LINK "{{support_url|url}}\">{{support_url}}</a></p>\n"
    "{{/support_url}}"
    "<p>Met vriendelijke groeten,<br>\nHet team van Mijn digitale sleutels</p>\n"
    FOOTER "Dit is een automatisch verstuurde e-mail. Antwoord er niet op: antwoorden op dit adres worden niet "
    "gelezen.</p>\n";

static const char rr_fr_text[] =
    "Bonjour {{first_names}} {{last_name}},\n"
    "\n"
    "Nous avons bien reçu votre demande d'entretien vidéo. Lors de cet entretien, nous vérifierons votre "
    "identité et votre document d'identité, afin que vous puissiez ensuite activer une clé numérique.\n"
    "\n"
    "Référence de votre demande : {{application_id}}\n"
    "\n"
    "Vos créneaux souhaités (heure belge) :\n" RR_SLOTS_TEXT
    "{{^preferred_slots}}(aucun créneau indiqué)\n{{/preferred_slots}}"
    "\n"
    "Et maintenant ?\n"
    "Dès qu'un créneau horaire et un intervieweur seront connus, nous vous enverrons un e-mail contenant une "
    "proposition et un lien. Grâce à ce lien et à votre code de sécurité personnel, vous pourrez confirmer, "
    "modifier ou annuler le rendez-vous.\n"
    "\n"
    "Votre code de sécurité personnel\n"
    "Votre code de sécurité s'est affiché à l'écran lorsque vous avez introduit votre demande. Pour des raisons "
    "de sécurité, il ne figure pas dans cet e-mail. Conservez-le soigneusement et ne le communiquez à personne. "
    "Nous ne vous demanderons jamais votre code de sécurité, ni par e-mail ni par téléphone. Vous avez perdu ce "
    "code ? Vous devez alors introduire une nouvelle demande.\n"
    "\n"
    "Pas de proposition ?\n"
    "Si vous n'avez reçu aucun e-mail avec une proposition dans les 3 jours ouvrables, veuillez introduire une "
    "nouvelle demande.\n"
    "{{?support_url}}\nPlus d'informations et d'aide : {{support_url|url}}\n{{/support_url}}"
    "\n"
    "Cet e-mail a été envoyé automatiquement. Merci de ne pas y répondre : les réponses à cette adresse ne sont "
    "pas lues.\n"
    "\n"
    "Meilleures salutations,\n"
    "L'équipe Mes clés numériques\n";

static const char rr_fr_html[] =
    H1 "Votre demande d'entretien vidéo a bien été reçue</h1>\n"
    "<p>Bonjour {{first_names}} {{last_name}},</p>\n"
    "<p>Nous avons bien reçu votre demande d'entretien vidéo. Lors de cet entretien, nous vérifierons votre "
    "identité et votre document d'identité, afin que vous puissiez ensuite activer une clé numérique.</p>\n"
    "<p>Référence de votre demande : " REF "{{application_id}}</strong></p>\n"
    H2 "Vos créneaux souhaités (heure belge)</h2>\n" RR_SLOTS_HTML
    "{{^preferred_slots}}<p>(aucun créneau indiqué)</p>{{/preferred_slots}}\n"
    H2 "Et maintenant ?</h2>\n"
    "<p>Dès qu'un créneau horaire et un intervieweur seront connus, nous vous enverrons un e-mail contenant une "
    "proposition et un lien. Grâce à ce lien et à votre code de sécurité personnel, vous pourrez confirmer, "
    "modifier ou annuler le rendez-vous.</p>\n"
    NOTE "<strong>Votre code de sécurité personnel</strong><br>\n"
    "Votre code de sécurité s'est affiché à l'écran lorsque vous avez introduit votre demande. Pour des raisons "
    "de sécurité, il ne figure pas dans cet e-mail. Conservez-le soigneusement et ne le communiquez à personne. "
    "Nous ne vous demanderons jamais votre code de sécurité, ni par e-mail ni par téléphone. Vous avez perdu ce "
    "code ? Vous devez alors introduire une nouvelle demande.</div>\n"
    H2 "Pas de proposition ?</h2>\n"
    "<p>Si vous n'avez reçu aucun e-mail avec une proposition dans les 3 jours ouvrables, veuillez introduire "
    "une nouvelle demande.</p>\n"
    "{{?support_url}}<p>Plus d'informations et d'aide : " LINK "{{support_url|url}}\">{{support_url}}</a></p>\n"
    "{{/support_url}}"
    "<p>Meilleures salutations,<br>\nL'équipe Mes clés numériques</p>\n"
    FOOTER "Cet e-mail a été envoyé automatiquement. Merci de ne pas y répondre : les réponses à cette adresse "
    "ne sont pas lues.</p>\n";

static const char rr_en_text[] =
    "Dear {{first_names}} {{last_name}},\n"
    "\n"
    "We have received your request for a video interview. During this interview we will check your identity "
    "and your identity document, so that you can then activate a digital key.\n"
    "\n"
    "Your request reference: {{application_id}}\n"
    "\n"
    "Your preferred time slots (Belgian time):\n" RR_SLOTS_TEXT
    "{{^preferred_slots}}(none given)\n{{/preferred_slots}}"
    "\n"
    "What happens next?\n"
    "As soon as a time slot and an interviewer are known, we will send you an e-mail with a proposal and a "
    "link. With that link and your personal security code you can confirm, change or cancel the appointment.\n"
    "\n"
    "Your personal security code\n"
    "Your security code was shown on screen when you submitted your request. For your protection it is not "
    "included in this e-mail. Keep it safe and share it with no one. We will never ask you for your security "
    "code, neither by e-mail nor by phone. Lost your code? Then you need to submit a new request.\n"
    "\n"
    "No proposal received?\n"
    "If you have not received an e-mail with a proposal within 3 working days, please submit a new request.\n"
    "{{?support_url}}\nMore information and help: {{support_url|url}}\n{{/support_url}}"
    "\n"
    "This e-mail was sent automatically. Please do not reply to it: replies to this address are not read.\n"
    "\n"
    "Kind regards,\n"
    "The My digital keys team\n";

static const char rr_en_html[] =
    H1 "Your request for a video interview has been received</h1>\n"
    "<p>Dear {{first_names}} {{last_name}},</p>\n"
    "<p>We have received your request for a video interview. During this interview we will check your identity "
    "and your identity document, so that you can then activate a digital key.</p>\n"
    "<p>Your request reference: " REF "{{application_id}}</strong></p>\n"
    H2 "Your preferred time slots (Belgian time)</h2>\n" RR_SLOTS_HTML
    "{{^preferred_slots}}<p>(none given)</p>{{/preferred_slots}}\n"
    H2 "What happens next?</h2>\n"
    "<p>As soon as a time slot and an interviewer are known, we will send you an e-mail with a proposal and a "
    "link. With that link and your personal security code you can confirm, change or cancel the "
    "appointment.</p>\n"
    NOTE "<strong>Your personal security code</strong><br>\n"
    "Your security code was shown on screen when you submitted your request. For your protection it is not "
    "included in this e-mail. Keep it safe and share it with no one. We will never ask you for your security "
    "code, neither by e-mail nor by phone. Lost your code? Then you need to submit a new request.</div>\n"
    H2 "No proposal received?</h2>\n"
    "<p>If you have not received an e-mail with a proposal within 3 working days, please submit a new "
    "request.</p>\n"
    "{{?support_url}}<p>More information and help: " LINK "{{support_url|url}}\">{{support_url}}</a></p>\n"
    "{{/support_url}}"
    "<p>Kind regards,<br>\nThe My digital keys team</p>\n"
    FOOTER "This e-mail was sent automatically. Please do not reply to it: replies to this address are not "
    "read.</p>\n";

/* ---- document_rejected: the uploaded image cannot be used -------------- */
/* vars: first_names, last_name, application_id, problems [{problem, fix}]
 * (sentences already in the mail's language, from common/doccheck/dk_doc_reasons.c);
 * optional: appointment_id (then the mail carries proposal_url, which the
 * mailer makes from it, to upload again while the slot stays held),
 * hold_until (UTC instant). */

#define DR_NL_AGAIN                                                                                \
    "{{?appointment_id}}Laad een nieuwe foto op via deze link, met je persoonlijke "               \
    "beveiligingscode:\n{{proposal_url|url}}\nJe tijdslot blijft ondertussen voor je "             \
    "vastgehouden{{?hold_until}}, tot {{hold_until|datetime}} (Belgische tijd){{/hold_until}}."    \
    "{{/appointment_id}}"
#define DR_FR_AGAIN                                                                                \
    "{{?appointment_id}}Chargez une nouvelle photo via ce lien, avec votre code de sécurité "      \
    "personnel :\n{{proposal_url|url}}\nVotre créneau reste réservé pour vous entre-temps"         \
    "{{?hold_until}}, jusqu'au {{hold_until|datetime}} (heure belge){{/hold_until}}."              \
    "{{/appointment_id}}"
#define DR_EN_AGAIN                                                                                \
    "{{?appointment_id}}Please upload a new photo through this link, with your personal "          \
    "security code:\n{{proposal_url|url}}\nYour time slot stays held for you meanwhile"            \
    "{{?hold_until}}, until {{hold_until|datetime}} (Belgian time){{/hold_until}}."                \
    "{{/appointment_id}}"
/* In HTML the link is an anchor: the same sentences around it. */
#define DR_NL_AGAIN_HTML                                                                           \
    "{{?appointment_id}}<p>Laad een nieuwe foto op via deze link, met je persoonlijke "            \
    "beveiligingscode: " LINK "{{proposal_url|url}}\">{{proposal_url}}</a></p>\n<p>Je tijdslot "    \
    "blijft ondertussen voor je vastgehouden{{?hold_until}}, tot {{hold_until|datetime}} "         \
    "(Belgische tijd){{/hold_until}}.</p>{{/appointment_id}}"
#define DR_FR_AGAIN_HTML                                                                           \
    "{{?appointment_id}}<p>Chargez une nouvelle photo via ce lien, avec votre code de sécurité "   \
    "personnel : " LINK "{{proposal_url|url}}\">{{proposal_url}}</a></p>\n<p>Votre créneau reste "  \
    "réservé pour vous entre-temps{{?hold_until}}, jusqu'au {{hold_until|datetime}} (heure "       \
    "belge){{/hold_until}}.</p>{{/appointment_id}}"
#define DR_EN_AGAIN_HTML                                                                           \
    "{{?appointment_id}}<p>Please upload a new photo through this link, with your personal "       \
    "security code: " LINK "{{proposal_url|url}}\">{{proposal_url}}</a></p>\n<p>Your time slot "   \
    "stays held for you meanwhile{{?hold_until}}, until {{hold_until|datetime}} (Belgian "         \
    "time){{/hold_until}}.</p>{{/appointment_id}}"

#define DR_LIST_TEXT "{{#problems}}- {{problem}} {{fix}}\n{{/problems}}"
#define DR_LIST_HTML "<ul>{{#problems}}<li><strong>{{problem}}</strong> {{fix}}</li>{{/problems}}</ul>"

static const char dr_nl_text[] =
    "Beste {{first_names}} {{last_name}},\n\n"
    "We hebben de foto of scan van je identiteitsdocument bekeken, maar we kunnen hem niet gebruiken:\n\n"
    DR_LIST_TEXT "\n"
    DR_NL_AGAIN "{{^appointment_id}}Laad een nieuwe foto op via de link in de e-mail met het voorstel "
    "voor je afspraak, met je persoonlijke beveiligingscode. Je tijdslot blijft ondertussen voor je "
    "gereserveerd.{{/appointment_id}}\n\n"
    "Referentie van je aanvraag: {{application_id}}\n\n"
    "Dit is een automatisch verstuurde e-mail. Antwoord er niet op.\n\n"
    "Met vriendelijke groeten,\nHet team van Mijn digitale sleutels\n";
static const char dr_nl_html[] =
    H1 "We kunnen de foto van je document niet gebruiken</h1>\n"
    "<p>Beste {{first_names}} {{last_name}},</p>\n"
    "<p>We hebben de foto of scan van je identiteitsdocument bekeken, maar we kunnen hem niet gebruiken:</p>\n"
    DR_LIST_HTML "\n"
    DR_NL_AGAIN_HTML "{{^appointment_id}}<p>Laad een nieuwe foto op via de link in de e-mail met het "
    "voorstel voor je afspraak, met je persoonlijke beveiligingscode. Je tijdslot blijft ondertussen "
    "voor je gereserveerd.</p>{{/appointment_id}}\n"
    "<p>Referentie van je aanvraag: " REF "{{application_id}}</strong></p>\n"
    "<p>Met vriendelijke groeten,<br>\nHet team van Mijn digitale sleutels</p>\n"
    FOOTER "Dit is een automatisch verstuurde e-mail. Antwoord er niet op.</p>\n";

static const char dr_fr_text[] =
    "Bonjour {{first_names}} {{last_name}},\n\n"
    "Nous avons examiné la photo ou le scan de votre document d'identité, mais nous ne pouvons pas "
    "l'utiliser :\n\n"
    DR_LIST_TEXT "\n"
    DR_FR_AGAIN "{{^appointment_id}}Chargez une nouvelle photo via le lien de l'e-mail contenant la "
    "proposition de rendez-vous, avec votre code de sécurité personnel. Votre plage horaire reste "
    "réservée pour vous entre-temps.{{/appointment_id}}\n\n"
    "Référence de votre demande : {{application_id}}\n\n"
    "Cet e-mail a été envoyé automatiquement. Merci de ne pas y répondre.\n\n"
    "Cordialement,\nL'équipe Mes clés numériques\n";
static const char dr_fr_html[] =
    H1 "Nous ne pouvons pas utiliser la photo de votre document</h1>\n"
    "<p>Bonjour {{first_names}} {{last_name}},</p>\n"
    "<p>Nous avons examiné la photo ou le scan de votre document d'identité, mais nous ne pouvons pas "
    "l'utiliser :</p>\n"
    DR_LIST_HTML "\n"
    DR_FR_AGAIN_HTML "{{^appointment_id}}<p>Chargez une nouvelle photo via le lien de l'e-mail contenant "
    "la proposition de rendez-vous, avec votre code de sécurité personnel. Votre plage horaire reste "
    "réservée pour vous entre-temps.</p>{{/appointment_id}}\n"
    "<p>Référence de votre demande : " REF "{{application_id}}</strong></p>\n"
    "<p>Cordialement,<br>\nL'équipe Mes clés numériques</p>\n"
    FOOTER "Cet e-mail a été envoyé automatiquement. Merci de ne pas y répondre.</p>\n";

static const char dr_en_text[] =
    "Dear {{first_names}} {{last_name}},\n\n"
    "We looked at the photo or scan of your identity document, but we cannot use it:\n\n"
    DR_LIST_TEXT "\n"
    DR_EN_AGAIN "{{^appointment_id}}Please upload a new photo through the link in the e-mail with your "
    "appointment proposal, with your personal security code. Your time slot stays reserved for you "
    "meanwhile.{{/appointment_id}}\n\n"
    "Reference of your request: {{application_id}}\n\n"
    "This e-mail was sent automatically. Please do not reply to it.\n\n"
    "Kind regards,\nThe My digital keys team\n";
static const char dr_en_html[] =
    H1 "We cannot use the photo of your document</h1>\n"
    "<p>Dear {{first_names}} {{last_name}},</p>\n"
    "<p>We looked at the photo or scan of your identity document, but we cannot use it:</p>\n"
    DR_LIST_HTML "\n"
    DR_EN_AGAIN_HTML "{{^appointment_id}}<p>Please upload a new photo through the link in the e-mail "
    "with your appointment proposal, with your personal security code. Your time slot stays reserved "
    "for you meanwhile.</p>{{/appointment_id}}\n"
    "<p>Reference of your request: " REF "{{application_id}}</strong></p>\n"
    "<p>Kind regards,<br>\nThe My digital keys team</p>\n"
    FOOTER "This e-mail was sent automatically. Please do not reply to it.</p>\n";

/* ---- the table ---------------------------------------------------------- */

const dk_mail_template dk_mail_template_table[] = {
    {"request_received", "nl", "Mijn digitale sleutels: je aanvraag voor een video-interview is ontvangen",
     rr_nl_text, rr_nl_html},
    {"request_received", "fr", "Mes clés numériques : votre demande d'entretien vidéo a bien été reçue",
     rr_fr_text, rr_fr_html},
    {"request_received", "en", "My digital keys: your request for a video interview has been received",
     rr_en_text, rr_en_html},
    {"document_rejected", "nl", "Mijn digitale sleutels: de foto van je identiteitsdocument is niet bruikbaar",
     dr_nl_text, dr_nl_html},
    {"document_rejected", "fr", "Mes clés numériques : la photo de votre document d'identité n'est pas utilisable",
     dr_fr_text, dr_fr_html},
    {"document_rejected", "en", "My digital keys: the photo of your identity document cannot be used",
     dr_en_text, dr_en_html},
    DK_MAIL_TEXT_ROW(proposal, nl),
    DK_MAIL_TEXT_ROW(proposal, fr),
    DK_MAIL_TEXT_ROW(proposal, en),
    DK_MAIL_TEXT_ROW(reserved, nl),
    DK_MAIL_TEXT_ROW(reserved, fr),
    DK_MAIL_TEXT_ROW(reserved, en),
    DK_MAIL_TEXT_ROW(slot_released, nl),
    DK_MAIL_TEXT_ROW(slot_released, fr),
    DK_MAIL_TEXT_ROW(slot_released, en),
    DK_MAIL_TEXT_ROW(proposal_expired, nl),
    DK_MAIL_TEXT_ROW(proposal_expired, fr),
    DK_MAIL_TEXT_ROW(proposal_expired, en),
    DK_MAIL_TEXT_ROW(application_exists, nl),
    DK_MAIL_TEXT_ROW(application_exists, fr),
    DK_MAIL_TEXT_ROW(application_exists, en),
    {NULL, NULL, NULL, NULL, NULL},
};
