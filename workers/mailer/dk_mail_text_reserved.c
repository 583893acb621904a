/* dk_mail_text_reserved.c — the words of the "reserved" e-mail: the
 * interview is definitively booked; how to join, what to bring, how to move
 * or cancel it. The mailer attaches the calendar entry (vars.calendar).
 * vars: first_names, last_name, application_id, slot_start, slot_end (UTC
 * instants), video_url, proposal_url (made by the mailer from
 * appointment_id); optional: calendar (then the attachment is mentioned),
 * support_url. */
#include "dk_mail_style.h"
#include "dk_mail_texts.h"

/* ---- Dutch -------------------------------------------------------------- */

const char dk_mt_reserved_nl_subject[] =
    "Mijn digitale sleutels: je video-interview op {{slot_start|datetime}} is vastgelegd";

#define RS_NL_BOOKED "Je video-interview is definitief vastgelegd:"
#define RS_NL_JOIN "Open deze link een paar minuten voor het begin van het interview:"
#define RS_NL_BROWSER                                                                              \
    "De link opent in je webbrowser; je hoeft niets te installeren. Je hebt een toestel met een "  \
    "camera en een microfoon nodig, en een goede internetverbinding."
#define RS_NL_BRING                                                                                \
    "Houd het originele identiteitsdocument bij de hand waarvan je een foto hebt opgeladen: je "   \
    "paspoort of je Europese identiteitskaart. Tijdens het interview toon je het voor de camera."
#define RS_NL_CALENDAR "In bijlage vind je de afspraak voor je agenda (interview.ics)."
#define RS_NL_MANAGE                                                                               \
    "Tot het interview begint, kun je de afspraak verplaatsen of annuleren via deze link, met je " \
    "persoonlijke beveiligingscode:"
#define RS_NL_NEVER "Wij vragen je nooit naar je beveiligingscode, niet per e-mail en niet telefonisch."

const char dk_mt_reserved_nl_text[] =
    "Beste {{first_names}} {{last_name}},\n"
    "\n" RS_NL_BOOKED "\n" DK_MT_SLOT_NL "\n"
    "\n"
    "Referentie van je aanvraag: {{application_id}}\n"
    "\n"
    "Deelnemen aan het interview\n" RS_NL_JOIN "\n"
    "{{video_url|url}}\n" RS_NL_BROWSER "\n"
    "\n"
    "Neem je originele document mee\n" RS_NL_BRING "\n"
    "\n"
    "{{?calendar}}" RS_NL_CALENDAR "\n\n{{/calendar}}"
    "Verplaatsen of annuleren\n" RS_NL_MANAGE "\n"
    "{{proposal_url|url}}\n" RS_NL_NEVER "\n" DK_MT_HELP_NL_TEXT DK_MT_END_NL_TEXT;

const char dk_mt_reserved_nl_html[] =
    H1 "Je video-interview is vastgelegd</h1>\n"
    "<p>Beste {{first_names}} {{last_name}},</p>\n"
    "<p>" RS_NL_BOOKED "</p>\n" SLOT DK_MT_SLOT_NL "</p>\n"
    "<p>Referentie van je aanvraag: " REF "{{application_id}}</strong></p>\n"
    H2 "Deelnemen aan het interview</h2>\n"
    "<p>" RS_NL_JOIN "</p>\n"
    BUTTON "{{video_url|url}}\">Naar het video-interview</a></p>\n"
    SMALL "{{video_url}}</p>\n"
    "<p>" RS_NL_BROWSER "</p>\n"
    H2 "Neem je originele document mee</h2>\n"
    "<p>" RS_NL_BRING "</p>\n"
    "{{?calendar}}<p>" RS_NL_CALENDAR "</p>\n{{/calendar}}"
    H2 "Verplaatsen of annuleren</h2>\n"
    "<p>" RS_NL_MANAGE " " LINK "{{proposal_url|url}}\">{{proposal_url}}</a></p>\n"
    "<p>" RS_NL_NEVER "</p>\n"
    DK_MT_HELP_NL_HTML DK_MT_END_NL_HTML;

/* ---- French ------------------------------------------------------------- */

const char dk_mt_reserved_fr_subject[] =
    "Mes clés numériques : votre entretien vidéo du {{slot_start|datetime}} est confirmé";

#define RS_FR_BOOKED "Votre entretien vidéo est définitivement réservé :"
#define RS_FR_JOIN "Ouvrez ce lien quelques minutes avant le début de l'entretien :"
#define RS_FR_BROWSER                                                                              \
    "Le lien s'ouvre dans votre navigateur ; vous n'avez rien à installer. Il vous faut un "       \
    "appareil équipé d'une caméra et d'un micro, ainsi qu'une bonne connexion internet."
#define RS_FR_BRING                                                                                \
    "Gardez à portée de main l'original du document d'identité dont vous avez chargé une photo : " \
    "votre passeport ou votre carte d'identité européenne. Pendant l'entretien, vous le "          \
    "montrerez devant la caméra."
#define RS_FR_CALENDAR "Vous trouverez en pièce jointe le rendez-vous pour votre agenda (interview.ics)."
#define RS_FR_MANAGE                                                                               \
    "Jusqu'au début de l'entretien, vous pouvez déplacer ou annuler le rendez-vous via ce lien, "  \
    "avec votre code de sécurité personnel :"
#define RS_FR_NEVER                                                                                \
    "Nous ne vous demanderons jamais votre code de sécurité, ni par e-mail ni par téléphone."

const char dk_mt_reserved_fr_text[] =
    "Bonjour {{first_names}} {{last_name}},\n"
    "\n" RS_FR_BOOKED "\n" DK_MT_SLOT_FR "\n"
    "\n"
    "Référence de votre demande : {{application_id}}\n"
    "\n"
    "Participer à l'entretien\n" RS_FR_JOIN "\n"
    "{{video_url|url}}\n" RS_FR_BROWSER "\n"
    "\n"
    "Munissez-vous de votre document original\n" RS_FR_BRING "\n"
    "\n"
    "{{?calendar}}" RS_FR_CALENDAR "\n\n{{/calendar}}"
    "Déplacer ou annuler\n" RS_FR_MANAGE "\n"
    "{{proposal_url|url}}\n" RS_FR_NEVER "\n" DK_MT_HELP_FR_TEXT DK_MT_END_FR_TEXT;

const char dk_mt_reserved_fr_html[] =
    H1 "Votre entretien vidéo est confirmé</h1>\n"
    "<p>Bonjour {{first_names}} {{last_name}},</p>\n"
    "<p>" RS_FR_BOOKED "</p>\n" SLOT DK_MT_SLOT_FR "</p>\n"
    "<p>Référence de votre demande : " REF "{{application_id}}</strong></p>\n"
    H2 "Participer à l'entretien</h2>\n"
    "<p>" RS_FR_JOIN "</p>\n"
    BUTTON "{{video_url|url}}\">Rejoindre l'entretien vidéo</a></p>\n"
    SMALL "{{video_url}}</p>\n"
    "<p>" RS_FR_BROWSER "</p>\n"
    H2 "Munissez-vous de votre document original</h2>\n"
    "<p>" RS_FR_BRING "</p>\n"
    "{{?calendar}}<p>" RS_FR_CALENDAR "</p>\n{{/calendar}}"
    H2 "Déplacer ou annuler</h2>\n"
    "<p>" RS_FR_MANAGE " " LINK "{{proposal_url|url}}\">{{proposal_url}}</a></p>\n"
    "<p>" RS_FR_NEVER "</p>\n"
    DK_MT_HELP_FR_HTML DK_MT_END_FR_HTML;

/* ---- English ------------------------------------------------------------ */

const char dk_mt_reserved_en_subject[] =
    "My digital keys: your video interview on {{slot_start|datetime}} is booked";

#define RS_EN_BOOKED "Your video interview is definitively booked:"
#define RS_EN_JOIN "Open this link a few minutes before the interview starts:"
#define RS_EN_BROWSER                                                                              \
    "The link opens in your web browser; there is nothing to install. You need a device with a "   \
    "camera and a microphone, and a good internet connection."
#define RS_EN_BRING                                                                                \
    "Have with you the original identity document whose photo you uploaded: your passport or "     \
    "your European identity card. During the interview you will show it to the camera."
#define RS_EN_CALENDAR "The appointment for your calendar is attached (interview.ics)."
#define RS_EN_MANAGE                                                                               \
    "Until the interview starts, you can move or cancel the appointment through this link, with "  \
    "your personal security code:"
#define RS_EN_NEVER "We will never ask you for your security code, neither by e-mail nor by phone."

const char dk_mt_reserved_en_text[] =
    "Dear {{first_names}} {{last_name}},\n"
    "\n" RS_EN_BOOKED "\n" DK_MT_SLOT_EN "\n"
    "\n"
    "Your request reference: {{application_id}}\n"
    "\n"
    "Joining the interview\n" RS_EN_JOIN "\n"
    "{{video_url|url}}\n" RS_EN_BROWSER "\n"
    "\n"
    "Bring your original document\n" RS_EN_BRING "\n"
    "\n"
    "{{?calendar}}" RS_EN_CALENDAR "\n\n{{/calendar}}"
    "Moving or cancelling\n" RS_EN_MANAGE "\n"
    "{{proposal_url|url}}\n" RS_EN_NEVER "\n" DK_MT_HELP_EN_TEXT DK_MT_END_EN_TEXT;

const char dk_mt_reserved_en_html[] =
    H1 "Your video interview is booked</h1>\n"
    "<p>Dear {{first_names}} {{last_name}},</p>\n"
    "<p>" RS_EN_BOOKED "</p>\n" SLOT DK_MT_SLOT_EN "</p>\n"
    "<p>Your request reference: " REF "{{application_id}}</strong></p>\n"
    H2 "Joining the interview</h2>\n"
    "<p>" RS_EN_JOIN "</p>\n"
    BUTTON "{{video_url|url}}\">Go to the video interview</a></p>\n"
    SMALL "{{video_url}}</p>\n"
    "<p>" RS_EN_BROWSER "</p>\n"
    H2 "Bring your original document</h2>\n"
    "<p>" RS_EN_BRING "</p>\n"
    "{{?calendar}}<p>" RS_EN_CALENDAR "</p>\n{{/calendar}}"
    H2 "Moving or cancelling</h2>\n"
    "<p>" RS_EN_MANAGE " " LINK "{{proposal_url|url}}\">{{proposal_url}}</a></p>\n"
    "<p>" RS_EN_NEVER "</p>\n"
    DK_MT_HELP_EN_HTML DK_MT_END_EN_HTML;
