/* dk_mail_text_proposal.c — the words of the "proposal" e-mail: a time slot
 * is held for the applicant, who answers through the self-service link.
 * vars: first_names, last_name, application_id, slot_start, slot_end (UTC
 * instants), match ("preferred", "nearest" or "later"), proposal_url (made
 * by the mailer from appointment_id); optional: moved (true when an
 * interviewer's change forced a new slot), document_on_file (true when a
 * document was accepted for an earlier slot: confirming takes one click),
 * calendar (a CANCEL of the reserved interview this proposal replaces),
 * hold_until (UTC instant), support_url. */
#include "dk_mail_style.h"
#include "dk_mail_texts.h"

/* ---- Dutch -------------------------------------------------------------- */

const char dk_mt_proposal_nl_subject[] =
    "Mijn digitale sleutels: {{?moved}}nieuw {{/moved}}voorstel voor je video-interview op "
    "{{slot_start|datetime}}";

#define PR_NL_MOVED                                                                                \
    "Door een wijziging in de planning van onze interviewers kan je afspraak niet doorgaan op "    \
    "het voorziene tijdstip. Het spijt ons. We stellen je daarom een nieuw tijdstip voor."
#define PR_NL_CALENDAR                                                                             \
    "Je vorige afspraak is niet meer geldig: het agendabestand in de bijlage (interview.ics) "      \
    "haalt ze uit je agenda."
#define PR_NL_FOUND "We hebben een tijdstip gevonden voor je video-interview."
#define PR_NL_NEAREST                                                                              \
    "Geen van je gewenste tijdsloten was nog vrij. Dit is het vrije tijdstip dat het dichtst bij " \
    "je voorkeur ligt."
#define PR_NL_LATER                                                                                \
    "In de weken waaruit je kon kiezen, was geen enkel tijdslot meer vrij. Dit is het eerste "     \
    "vrije tijdstip daarna."
#define PR_NL_OPEN                                                                                 \
    "Het openen van de link doet op zich nog niets. Op de pagina typ je eerst je persoonlijke "    \
    "beveiligingscode. Daarna kies je wat je wilt doen:"
#define PR_NL_ACCEPT                                                                               \
    "Aanvaarden: je laadt een foto op van de fotopagina van je paspoort, of van de voor- en "      \
    "achterkant van je Europese identiteitskaart. Zorg voor een foto in kleur, scherp en zonder "  \
    "weerspiegeling, met het hele document in beeld."
#define PR_NL_ACCEPT_ON_FILE                                                                       \
    "Aanvaarden: je document werd al goedgekeurd, dus je bevestigt dit tijdslot met één klik "     \
    "(of je laadt een ander document op)."
#define PR_NL_OTHER "Een ander tijdstip vragen."
#define PR_NL_CANCEL "Annuleren."
#define PR_NL_HOLD_UNTIL                                                                           \
    "We houden dit tijdslot voor je vast tot {{hold_until|datetime}} (Belgische tijd). Heb je "    \
    "dan nog niet geantwoord, dan geven we het tijdslot vrij voor iemand anders."
#define PR_NL_HOLD                                                                                 \
    "We houden dit tijdslot maar een beperkte tijd voor je vast. Antwoord je niet op tijd, dan "   \
    "geven we het tijdslot vrij voor iemand anders."
#define PR_NL_CODE                                                                                 \
    "Je beveiligingscode werd op het scherm getoond toen je de aanvraag indiende. Om "             \
    "veiligheidsredenen staat hij niet in deze e-mail. Zonder die code kan niemand iets doen met " \
    "deze link. Deel de link en de code met niemand. Wij vragen je nooit naar je "                 \
    "beveiligingscode, niet per e-mail en niet telefonisch."

const char dk_mt_proposal_nl_text[] =
    "Beste {{first_names}} {{last_name}},\n"
    "\n"
    "{{?moved}}" PR_NL_MOVED "\n{{/moved}}{{^moved}}" PR_NL_FOUND "\n{{/moved}}"
    "{{?calendar}}" PR_NL_CALENDAR "\n{{/calendar}}"
    "\n"
    "Ons voorstel:\n" DK_MT_SLOT_NL "\n"
    "\n"
    "{{?match=nearest}}" PR_NL_NEAREST "\n\n{{/match=nearest}}"
    "{{?match=later}}" PR_NL_LATER "\n\n{{/match=later}}"
    "Referentie van je aanvraag: {{application_id}}\n"
    "\n"
    "Antwoord op dit voorstel via deze link:\n"
    "{{proposal_url|url}}\n"
    "\n"
    "Wat gebeurt er als je de link opent?\n" PR_NL_OPEN "\n"
    "- {{?document_on_file}}" PR_NL_ACCEPT_ON_FILE
    "{{/document_on_file}}{{^document_on_file}}" PR_NL_ACCEPT "{{/document_on_file}}\n"
    "- " PR_NL_OTHER "\n"
    "- " PR_NL_CANCEL "\n"
    "\n"
    "Tot wanneer houden we dit tijdslot voor je vast?\n"
    "{{?hold_until}}" PR_NL_HOLD_UNTIL "\n{{/hold_until}}{{^hold_until}}" PR_NL_HOLD "\n{{/hold_until}}"
    "\n"
    "Je persoonlijke beveiligingscode\n" PR_NL_CODE "\n" DK_MT_HELP_NL_TEXT DK_MT_END_NL_TEXT;

const char dk_mt_proposal_nl_html[] =
    H1 "{{?moved}}Nieuw voorstel{{/moved}}{{^moved}}Voorstel{{/moved}} voor je video-interview</h1>\n"
    "<p>Beste {{first_names}} {{last_name}},</p>\n"
    "<p>{{?moved}}" PR_NL_MOVED "{{/moved}}{{^moved}}" PR_NL_FOUND "{{/moved}}</p>\n"
    "{{?calendar}}<p>" PR_NL_CALENDAR "</p>\n{{/calendar}}"
    "<p>Ons voorstel:</p>\n" SLOT DK_MT_SLOT_NL "</p>\n"
    "{{?match=nearest}}<p>" PR_NL_NEAREST "</p>\n{{/match=nearest}}"
    "{{?match=later}}<p>" PR_NL_LATER "</p>\n{{/match=later}}"
    "<p>Referentie van je aanvraag: " REF "{{application_id}}</strong></p>\n"
    BUTTON "{{proposal_url|url}}\">Antwoord op het voorstel</a></p>\n"
    SMALL "{{proposal_url}}</p>\n"
    H2 "Wat gebeurt er als je de link opent?</h2>\n"
    "<p>" PR_NL_OPEN "</p>\n"
    "<ul><li>{{?document_on_file}}" PR_NL_ACCEPT_ON_FILE
    "{{/document_on_file}}{{^document_on_file}}" PR_NL_ACCEPT "{{/document_on_file}}</li>"
    "<li>" PR_NL_OTHER "</li><li>" PR_NL_CANCEL "</li></ul>\n"
    H2 "Tot wanneer houden we dit tijdslot voor je vast?</h2>\n"
    "<p>{{?hold_until}}" PR_NL_HOLD_UNTIL "{{/hold_until}}{{^hold_until}}" PR_NL_HOLD
    "{{/hold_until}}</p>\n"
    NOTE "<strong>Je persoonlijke beveiligingscode</strong><br>\n" PR_NL_CODE "</div>\n"
    DK_MT_HELP_NL_HTML DK_MT_END_NL_HTML;

/* ---- French ------------------------------------------------------------- */

const char dk_mt_proposal_fr_subject[] =
    "Mes clés numériques : {{?moved}}nouvelle {{/moved}}proposition d'entretien vidéo le "
    "{{slot_start|datetime}}";

#define PR_FR_MOVED                                                                                \
    "En raison d'une modification du planning de nos intervieweurs, votre rendez-vous ne peut "    \
    "pas avoir lieu au moment prévu. Nous vous prions de nous en excuser et vous proposons un "    \
    "nouveau moment."
#define PR_FR_CALENDAR                                                                             \
    "Votre rendez-vous précédent n'est plus valable : le fichier de calendrier joint "             \
    "(interview.ics) le retire de votre agenda."
#define PR_FR_FOUND "Nous avons trouvé un moment pour votre entretien vidéo."
#define PR_FR_NEAREST                                                                              \
    "Aucun de vos créneaux souhaités n'était encore libre. Voici le créneau libre le plus proche " \
    "de vos préférences."
#define PR_FR_LATER                                                                                \
    "Plus aucun créneau n'était libre dans les semaines parmi lesquelles vous pouviez choisir. "   \
    "Voici le premier créneau libre après cette période."
#define PR_FR_OPEN                                                                                 \
    "Ouvrir le lien ne déclenche rien à lui seul. Sur la page, vous saisissez d'abord votre code " \
    "de sécurité personnel. Vous choisissez ensuite ce que vous souhaitez faire :"
#define PR_FR_ACCEPT                                                                               \
    "Accepter : vous chargez une photo de la page photo de votre passeport, ou du recto et du "    \
    "verso de votre carte d'identité européenne. La photo doit être en couleur, nette et sans "    \
    "reflet, et le document doit être entièrement visible."
#define PR_FR_ACCEPT_ON_FILE                                                                       \
    "Accepter : votre document a déjà été accepté, vous confirmez donc ce créneau en un clic "     \
    "(ou vous chargez un autre document)."
#define PR_FR_OTHER "Demander un autre moment."
#define PR_FR_CANCEL "Annuler."
#define PR_FR_HOLD_UNTIL                                                                           \
    "Nous vous réservons ce créneau jusqu'au {{hold_until|datetime}} (heure belge). Si vous "      \
    "n'avez pas répondu d'ici là, il sera libéré pour quelqu'un d'autre."
#define PR_FR_HOLD                                                                                 \
    "Nous ne vous réservons ce créneau que pendant une durée limitée. Si vous ne répondez pas à "  \
    "temps, il sera libéré pour quelqu'un d'autre."
#define PR_FR_CODE                                                                                 \
    "Votre code de sécurité s'est affiché à l'écran lorsque vous avez introduit votre demande. "   \
    "Pour des raisons de sécurité, il ne figure pas dans cet e-mail. Sans ce code, personne ne "   \
    "peut utiliser ce lien. Ne communiquez ni le lien ni le code à personne. Nous ne vous "        \
    "demanderons jamais votre code de sécurité, ni par e-mail ni par téléphone."

const char dk_mt_proposal_fr_text[] =
    "Bonjour {{first_names}} {{last_name}},\n"
    "\n"
    "{{?moved}}" PR_FR_MOVED "\n{{/moved}}{{^moved}}" PR_FR_FOUND "\n{{/moved}}"
    "{{?calendar}}" PR_FR_CALENDAR "\n{{/calendar}}"
    "\n"
    "Notre proposition :\n" DK_MT_SLOT_FR "\n"
    "\n"
    "{{?match=nearest}}" PR_FR_NEAREST "\n\n{{/match=nearest}}"
    "{{?match=later}}" PR_FR_LATER "\n\n{{/match=later}}"
    "Référence de votre demande : {{application_id}}\n"
    "\n"
    "Répondez à cette proposition via ce lien :\n"
    "{{proposal_url|url}}\n"
    "\n"
    "Que se passe-t-il lorsque vous ouvrez le lien ?\n" PR_FR_OPEN "\n"
    "- {{?document_on_file}}" PR_FR_ACCEPT_ON_FILE
    "{{/document_on_file}}{{^document_on_file}}" PR_FR_ACCEPT "{{/document_on_file}}\n"
    "- " PR_FR_OTHER "\n"
    "- " PR_FR_CANCEL "\n"
    "\n"
    "Jusqu'à quand ce créneau vous est-il réservé ?\n"
    "{{?hold_until}}" PR_FR_HOLD_UNTIL "\n{{/hold_until}}{{^hold_until}}" PR_FR_HOLD "\n{{/hold_until}}"
    "\n"
    "Votre code de sécurité personnel\n" PR_FR_CODE "\n" DK_MT_HELP_FR_TEXT DK_MT_END_FR_TEXT;

const char dk_mt_proposal_fr_html[] =
    H1 "{{?moved}}Nouvelle proposition{{/moved}}{{^moved}}Proposition{{/moved}} pour votre entretien "
    "vidéo</h1>\n"
    "<p>Bonjour {{first_names}} {{last_name}},</p>\n"
    "<p>{{?moved}}" PR_FR_MOVED "{{/moved}}{{^moved}}" PR_FR_FOUND "{{/moved}}</p>\n"
    "{{?calendar}}<p>" PR_FR_CALENDAR "</p>\n{{/calendar}}"
    "<p>Notre proposition :</p>\n" SLOT DK_MT_SLOT_FR "</p>\n"
    "{{?match=nearest}}<p>" PR_FR_NEAREST "</p>\n{{/match=nearest}}"
    "{{?match=later}}<p>" PR_FR_LATER "</p>\n{{/match=later}}"
    "<p>Référence de votre demande : " REF "{{application_id}}</strong></p>\n"
    BUTTON "{{proposal_url|url}}\">Répondre à la proposition</a></p>\n"
    SMALL "{{proposal_url}}</p>\n"
    H2 "Que se passe-t-il lorsque vous ouvrez le lien ?</h2>\n"
    "<p>" PR_FR_OPEN "</p>\n"
    "<ul><li>{{?document_on_file}}" PR_FR_ACCEPT_ON_FILE
    "{{/document_on_file}}{{^document_on_file}}" PR_FR_ACCEPT "{{/document_on_file}}</li>"
    "<li>" PR_FR_OTHER "</li><li>" PR_FR_CANCEL "</li></ul>\n"
    H2 "Jusqu'à quand ce créneau vous est-il réservé ?</h2>\n"
    "<p>{{?hold_until}}" PR_FR_HOLD_UNTIL "{{/hold_until}}{{^hold_until}}" PR_FR_HOLD
    "{{/hold_until}}</p>\n"
    NOTE "<strong>Votre code de sécurité personnel</strong><br>\n" PR_FR_CODE "</div>\n"
    DK_MT_HELP_FR_HTML DK_MT_END_FR_HTML;

/* ---- English ------------------------------------------------------------ */

const char dk_mt_proposal_en_subject[] =
    "My digital keys: {{?moved}}new {{/moved}}proposal for your video interview on "
    "{{slot_start|datetime}}";

#define PR_EN_MOVED                                                                                \
    "Because of a change in our interviewers' schedule, your appointment cannot take place at "    \
    "the planned time. We apologise for this and propose a new time."
#define PR_EN_CALENDAR                                                                             \
    "Your earlier appointment no longer stands: the attached calendar file (interview.ics) "       \
    "removes it from your calendar."
#define PR_EN_FOUND "We have found a time for your video interview."
#define PR_EN_NEAREST                                                                              \
    "None of your preferred time slots was still free. This is the free time closest to your "     \
    "preferences."
#define PR_EN_LATER                                                                                \
    "No time slot was free in the weeks you could choose from. This is the earliest free time "    \
    "after those weeks."
#define PR_EN_OPEN                                                                                 \
    "Opening the link does nothing by itself. On the page, you first type your personal "          \
    "security code. Then you choose what to do:"
#define PR_EN_ACCEPT                                                                               \
    "Accept: you upload a photo of the photo page of your passport, or of both sides of your "     \
    "European identity card. The photo must be in colour, sharp and without glare, with the "      \
    "whole document in the frame."
#define PR_EN_ACCEPT_ON_FILE                                                                       \
    "Accept: your document was already accepted, so you confirm this slot with one click (or "     \
    "upload another document)."
#define PR_EN_OTHER "Ask for another time."
#define PR_EN_CANCEL "Cancel."
#define PR_EN_HOLD_UNTIL                                                                           \
    "We hold this time slot for you until {{hold_until|datetime}} (Belgian time). If you have "    \
    "not answered by then, we release it for someone else."
#define PR_EN_HOLD                                                                                 \
    "We hold this time slot for you for a limited time only. If you do not answer in time, we "    \
    "release it for someone else."
#define PR_EN_CODE                                                                                 \
    "Your security code was shown on screen when you submitted your request. For your "            \
    "protection it is not included in this e-mail. Without that code, nobody can do anything "     \
    "with this link. Share neither the link nor the code with anyone. We will never ask you for "  \
    "your security code, neither by e-mail nor by phone."

const char dk_mt_proposal_en_text[] =
    "Dear {{first_names}} {{last_name}},\n"
    "\n"
    "{{?moved}}" PR_EN_MOVED "\n{{/moved}}{{^moved}}" PR_EN_FOUND "\n{{/moved}}"
    "{{?calendar}}" PR_EN_CALENDAR "\n{{/calendar}}"
    "\n"
    "Our proposal:\n" DK_MT_SLOT_EN "\n"
    "\n"
    "{{?match=nearest}}" PR_EN_NEAREST "\n\n{{/match=nearest}}"
    "{{?match=later}}" PR_EN_LATER "\n\n{{/match=later}}"
    "Your request reference: {{application_id}}\n"
    "\n"
    "Answer this proposal through this link:\n"
    "{{proposal_url|url}}\n"
    "\n"
    "What happens when you open the link?\n" PR_EN_OPEN "\n"
    "- {{?document_on_file}}" PR_EN_ACCEPT_ON_FILE
    "{{/document_on_file}}{{^document_on_file}}" PR_EN_ACCEPT "{{/document_on_file}}\n"
    "- " PR_EN_OTHER "\n"
    "- " PR_EN_CANCEL "\n"
    "\n"
    "How long do we hold this time slot for you?\n"
    "{{?hold_until}}" PR_EN_HOLD_UNTIL "\n{{/hold_until}}{{^hold_until}}" PR_EN_HOLD "\n{{/hold_until}}"
    "\n"
    "Your personal security code\n" PR_EN_CODE "\n" DK_MT_HELP_EN_TEXT DK_MT_END_EN_TEXT;

const char dk_mt_proposal_en_html[] =
    H1 "{{?moved}}New proposal{{/moved}}{{^moved}}Proposal{{/moved}} for your video interview</h1>\n"
    "<p>Dear {{first_names}} {{last_name}},</p>\n"
    "<p>{{?moved}}" PR_EN_MOVED "{{/moved}}{{^moved}}" PR_EN_FOUND "{{/moved}}</p>\n"
    "{{?calendar}}<p>" PR_EN_CALENDAR "</p>\n{{/calendar}}"
    "<p>Our proposal:</p>\n" SLOT DK_MT_SLOT_EN "</p>\n"
    "{{?match=nearest}}<p>" PR_EN_NEAREST "</p>\n{{/match=nearest}}"
    "{{?match=later}}<p>" PR_EN_LATER "</p>\n{{/match=later}}"
    "<p>Your request reference: " REF "{{application_id}}</strong></p>\n"
    BUTTON "{{proposal_url|url}}\">Answer the proposal</a></p>\n"
    SMALL "{{proposal_url}}</p>\n"
    H2 "What happens when you open the link?</h2>\n"
    "<p>" PR_EN_OPEN "</p>\n"
    "<ul><li>{{?document_on_file}}" PR_EN_ACCEPT_ON_FILE
    "{{/document_on_file}}{{^document_on_file}}" PR_EN_ACCEPT "{{/document_on_file}}</li>"
    "<li>" PR_EN_OTHER "</li><li>" PR_EN_CANCEL "</li></ul>\n"
    H2 "How long do we hold this time slot for you?</h2>\n"
    "<p>{{?hold_until}}" PR_EN_HOLD_UNTIL "{{/hold_until}}{{^hold_until}}" PR_EN_HOLD
    "{{/hold_until}}</p>\n"
    NOTE "<strong>Your personal security code</strong><br>\n" PR_EN_CODE "</div>\n"
    DK_MT_HELP_EN_HTML DK_MT_END_EN_HTML;
