/* dk_mail_texts.h — the words of the interview e-mails live in one file per
 * template (dk_mail_text_<template>.c, each holding its nl, fr and en
 * versions); dk_mail_template_table.c gathers them into rows. */
#ifndef DK_MAIL_TEXTS_H
#define DK_MAIL_TEXTS_H

/* The three strings of one template in one language: its subject, plain
 * text and HTML fragment, named dk_mt_<template>_<lang>_<part>. */
#define DK_MAIL_TEXT_DECL(tpl, lang)                                                                      \
    extern const char dk_mt_##tpl##_##lang##_subject[], dk_mt_##tpl##_##lang##_text[],                    \
        dk_mt_##tpl##_##lang##_html[]

/* The dk_mail_template row of those strings. */
#define DK_MAIL_TEXT_ROW(tpl, lang)                                                                       \
    {#tpl, #lang, dk_mt_##tpl##_##lang##_subject, dk_mt_##tpl##_##lang##_text, dk_mt_##tpl##_##lang##_html}

DK_MAIL_TEXT_DECL(proposal, nl);
DK_MAIL_TEXT_DECL(proposal, fr);
DK_MAIL_TEXT_DECL(proposal, en);
DK_MAIL_TEXT_DECL(reserved, nl);
DK_MAIL_TEXT_DECL(reserved, fr);
DK_MAIL_TEXT_DECL(reserved, en);
DK_MAIL_TEXT_DECL(slot_released, nl);
DK_MAIL_TEXT_DECL(slot_released, fr);
DK_MAIL_TEXT_DECL(slot_released, en);
DK_MAIL_TEXT_DECL(proposal_expired, nl);
DK_MAIL_TEXT_DECL(proposal_expired, fr);
DK_MAIL_TEXT_DECL(proposal_expired, en);
DK_MAIL_TEXT_DECL(application_exists, nl);
DK_MAIL_TEXT_DECL(application_exists, fr);
DK_MAIL_TEXT_DECL(application_exists, en);

/* ---- sentences several interview e-mails share ---------------------- */

/* The interview's date and time: vars slot_start and slot_end. */
#define DK_MT_SLOT_NL "{{slot_start|longdate}}, van {{slot_start|time}} tot {{slot_end|time}} (Belgische tijd)"
#define DK_MT_SLOT_FR "{{slot_start|longdate}}, de {{slot_start|time}} à {{slot_end|time}} (heure belge)"
#define DK_MT_SLOT_EN "{{slot_start|longdate}}, from {{slot_start|time}} to {{slot_end|time}} (Belgian time)"

/* Where to find help, when the job names a support page. */
#define DK_MT_HELP_NL_TEXT "{{?support_url}}\nMeer informatie en hulp: {{support_url|url}}\n{{/support_url}}"
#define DK_MT_HELP_FR_TEXT "{{?support_url}}\nPlus d'informations et d'aide : {{support_url|url}}\n{{/support_url}}"
#define DK_MT_HELP_EN_TEXT "{{?support_url}}\nMore information and help: {{support_url|url}}\n{{/support_url}}"
#define DK_MT_HELP_HTML(words)                                                                            \
    "{{?support_url}}<p>" words " <a style=\"color:#1d4ed8;text-decoration:underline;\" "                  \
    "href=\"{{support_url|url}}\">{{support_url}}</a></p>\n{{/support_url}}"
#define DK_MT_HELP_NL_HTML DK_MT_HELP_HTML("Meer informatie en hulp:")
#define DK_MT_HELP_FR_HTML DK_MT_HELP_HTML("Plus d'informations et d'aide :")
#define DK_MT_HELP_EN_HTML DK_MT_HELP_HTML("More information and help:")

/* Greeting and the no-reply notice that end every e-mail. */
#define DK_MT_NOREPLY_NL "Dit is een automatisch verstuurde e-mail. Antwoord er niet op: antwoorden op dit adres worden niet gelezen."
#define DK_MT_NOREPLY_FR "Cet e-mail a été envoyé automatiquement. Merci de ne pas y répondre : les réponses à cette adresse ne sont pas lues."
#define DK_MT_NOREPLY_EN "This e-mail was sent automatically. Please do not reply to it: replies to this address are not read."
#define DK_MT_END_NL_TEXT "\n" DK_MT_NOREPLY_NL "\n\nMet vriendelijke groeten,\nHet team van Mijn digitale sleutels\n"
#define DK_MT_END_FR_TEXT "\n" DK_MT_NOREPLY_FR "\n\nMeilleures salutations,\nL'équipe Mes clés numériques\n"
#define DK_MT_END_EN_TEXT "\n" DK_MT_NOREPLY_EN "\n\nKind regards,\nThe My digital keys team\n"
#define DK_MT_END_HTML(greeting, team, noreply)                                                           \
    "<p>" greeting "<br>\n" team "</p>\n"                                                                  \
    "<p style=\"margin:24px 0 0;padding-top:16px;border-top:1px solid #e5e7eb;font-size:14px;"              \
    "color:#4b5563;\">" noreply "</p>\n"
#define DK_MT_END_NL_HTML DK_MT_END_HTML("Met vriendelijke groeten,", "Het team van Mijn digitale sleutels", DK_MT_NOREPLY_NL)
#define DK_MT_END_FR_HTML DK_MT_END_HTML("Meilleures salutations,", "L'équipe Mes clés numériques", DK_MT_NOREPLY_FR)
#define DK_MT_END_EN_HTML DK_MT_END_HTML("Kind regards,", "The My digital keys team", DK_MT_NOREPLY_EN)

#endif
