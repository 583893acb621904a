/* i18n.c — the applicant-facing sentences of the intake pages. One row per
 * key, one column per language, so a missing translation is visible here. */
#include "i18n.h"

#include <stdarg.h>
#include <string.h>

typedef struct {
    const char *key, *nl, *fr, *en;
} row;

static const row rows[] = {
    {"title", "Video-interview aanvragen voor een digitale sleutel",
     "Demander un entretien vidéo pour une clé numérique",
     "Request a video interview for a digital key"},
    {"lead",
     "Heb je geen eID of itsme? Vraag hier een video-interview aan. Tijdens het interview "
     "controleren we je identiteit en je identiteitsdocument; daarna kan je je digitale "
     "sleutel activeren.",
     "Vous n'avez pas d'eID ni d'itsme ? Demandez ici un entretien vidéo. Pendant l'entretien, "
     "nous vérifions votre identité et votre document d'identité ; ensuite, vous pourrez "
     "activer votre clé numérique.",
     "No eID or itsme? Request a video interview here. During the interview we check your "
     "identity and your identity document; afterwards you can activate your digital key."},
    {"required_note", "Velden met * zijn verplicht.", "Les champs marqués * sont obligatoires.",
     "Fields marked * are required."},
    {"sec_personal", "Persoonsgegevens", "Données personnelles", "Personal data"},
    {"last_name", "Naam", "Nom", "Last name"},
    {"first_names", "Voornaam of voornamen", "Prénom(s)", "First name(s)"},
    {"birth_date", "Geboortedatum", "Date de naissance", "Date of birth"},
    {"birth_country", "Geboorteland", "Pays de naissance", "Country of birth"},
    {"choose", "Kies…", "Choisissez…", "Choose…"},
    {"birth_place", "Geboorteplaats", "Lieu de naissance", "Place of birth"},
    {"sex", "Geslacht", "Sexe", "Sex"},
    {"sex_F", "Vrouw", "Femme", "Female"},
    {"sex_M", "Man", "Homme", "Male"},
    {"sex_X", "X", "X", "X"},
    {"insz", "Rijksregister- of bisnummer (INSZ, optioneel)",
     "Numéro de registre national ou bis (NISS, facultatif)",
     "National register or bis number (INSZ/NISS, optional)"},
    {"insz_hint", "11 cijfers, bijvoorbeeld 85.07.30-033.28", "11 chiffres, par exemple 85.07.30-033.28",
     "11 digits, for example 85.07.30-033.28"},
    {"sec_contact", "Contactgegevens", "Coordonnées", "Contact"},
    {"email", "Persoonlijk e-mailadres", "Adresse e-mail personnelle", "Personal e-mail address"},
    {"email_hint", "Hierop ontvang je het voorstel voor je afspraak.",
     "Vous y recevrez la proposition de rendez-vous.",
     "We send the proposal for your appointment here."},
    {"sec_motivation", "Motivatie", "Motivation", "Motivation"},
    {"motivation", "Waarvoor zal je de digitale sleutel binnenkort gebruiken?",
     "À quoi utiliserez-vous prochainement la clé numérique ?",
     "What will you use the digital key for soon?"},
    {"sec_slots", "Gewenste tijdsloten", "Plages horaires souhaitées", "Preferred time slots"},
    {"slots_hint",
     "Geef een of meer momenten op waarop je het interview kan doen: een werkdag van %s tot %s, "
     "tussen %s en %s. Hoe meer momenten, hoe sneller we een afspraak vinden.",
     "Indiquez un ou plusieurs moments où vous pouvez passer l'entretien : un jour ouvrable du %s "
     "au %s, entre %s et %s. Plus vous en indiquez, plus vite nous trouvons un rendez-vous.",
     "Give one or more times when you can do the interview: a working day from %s to %s, "
     "between %s and %s. The more times you give, the sooner we find an appointment."},
    {"slot_n", "Tijdslot %d", "Plage %d", "Slot %d"},
    {"date", "Dag", "Jour", "Day"},
    {"from", "Van", "De", "From"},
    {"to", "Tot", "À", "To"},
    {"more_slots", "Meer tijdsloten toevoegen", "Ajouter d'autres plages", "Add more slots"},
    {"sec_language", "Taal van het interview", "Langue de l'entretien", "Language of the interview"},
    {"language", "Het interview verloopt in", "L'entretien se déroule en", "The interview is held in"},
    {"lang_nl", "Nederlands", "néerlandais", "Dutch"},
    {"lang_fr", "Frans", "français", "French"},
    {"lang_en", "Engels", "anglais", "English"},
    {"consent",
     "Ik ga ermee akkoord dat Sigedis mijn persoonsgegevens opslaat en verwerkt, uitsluitend "
     "voor deze aanvraag van een digitale sleutel. Ze worden niet aan derden meegedeeld.",
     "J'accepte que Sigedis conserve et traite mes données personnelles, uniquement pour cette "
     "demande de clé numérique. Elles ne sont pas communiquées à des tiers.",
     "I agree that Sigedis stores and processes my personal data for this digital key request "
     "only. It is not passed on to third parties."},
    {"submit", "Interview aanvragen", "Demander l'entretien", "Request the interview"},
    {"errors_summary", "Controleer de velden hieronder: er is iets niet in orde.",
     "Vérifiez les champs ci-dessous : quelque chose ne va pas.",
     "Please check the fields below: something is not right."},
    {"success_title", "Je aanvraag is ontvangen", "Votre demande a bien été reçue",
     "Your request has been received"},
    {"code_label", "Je persoonlijke beveiligingscode", "Votre code de sécurité personnel",
     "Your personal security code"},
    {"code_keep",
     "Schrijf deze code nu op en bewaar hem goed. We tonen hem maar één keer en sturen hem niet "
     "per e-mail. Zonder deze code kan je je afspraak niet bevestigen, wijzigen of annuleren; "
     "ben je hem kwijt, dan moet je een nieuwe aanvraag doen.",
     "Notez ce code maintenant et conservez-le bien. Nous ne l'affichons qu'une seule fois et ne "
     "l'envoyons pas par e-mail. Sans lui, vous ne pouvez pas confirmer, modifier ou annuler "
     "votre rendez-vous ; si vous le perdez, vous devez introduire une nouvelle demande.",
     "Write this code down now and keep it safe. We show it only once and never send it by "
     "e-mail. Without it you cannot confirm, change or cancel your appointment; if you lose it, "
     "you must make a new request."},
    {"code_never", "Deel je beveiligingscode met niemand. Wij vragen er nooit naar per e-mail of telefoon.",
     "Ne communiquez votre code de sécurité à personne. Nous ne vous le demanderons jamais par "
     "e-mail ou par téléphone.",
     "Share your security code with nobody. We never ask for it by e-mail or phone."},
    {"reference", "Referentie van je aanvraag", "Référence de votre demande", "Reference of your request"},
    {"next_steps",
     "Zodra er een tijdslot en een interviewer gevonden zijn, krijg je een e-mail met een link. "
     "Met die link en je beveiligingscode bevestig, wijzig of annuleer je de afspraak. Geen "
     "e-mail na 3 werkdagen? Kijk ook in je spam, en doe anders een nieuwe aanvraag.",
     "Dès qu'une plage horaire et un interlocuteur sont trouvés, vous recevez un e-mail avec un "
     "lien. Avec ce lien et votre code de sécurité, vous confirmez, modifiez ou annulez le "
     "rendez-vous. Pas d'e-mail après 3 jours ouvrables ? Vérifiez vos spams, sinon introduisez "
     "une nouvelle demande.",
     "As soon as a slot and an interviewer are found, you receive an e-mail with a link. With "
     "that link and your security code you confirm, change or cancel the appointment. No e-mail "
     "after 3 working days? Check your spam folder, otherwise make a new request."},
    {"rate_limited", "Er kwamen te veel aanvragen van jouw adres. Probeer het over %d seconden opnieuw.",
     "Trop de demandes proviennent de votre adresse. Réessayez dans %d secondes.",
     "Too many requests came from your address. Please try again in %d seconds."},
    {"unavailable",
     "Je aanvraag kon nu niet worden opgeslagen en is niet geregistreerd. Probeer het over enkele "
     "minuten opnieuw; je gegevens staan nog in het formulier.",
     "Votre demande n'a pas pu être enregistrée pour l'instant et n'a pas été prise en compte. "
     "Réessayez dans quelques minutes ; vos données sont toujours dans le formulaire.",
     "Your request could not be stored right now and was not registered. Please try again in a "
     "few minutes; your data is still in the form."},
    {"csrf_failed",
     "Je sessie is verlopen of je browser weigert cookies. Verstuur het formulier opnieuw.",
     "Votre session a expiré ou votre navigateur refuse les cookies. Envoyez à nouveau le "
     "formulaire.",
     "Your session expired or your browser refuses cookies. Please send the form again."},
    {"bad_form", "Het formulier kon niet gelezen worden. Vul het opnieuw in.",
     "Le formulaire n'a pas pu être lu. Veuillez le remplir à nouveau.",
     "The form could not be read. Please fill it in again."},
    {"when_slot", "%s, van %s tot %s", "%s, de %s à %s", "%s, %s–%s"},
    {"when_instant", "%s om %s", "%s à %s", "%s at %s"},
    {"prop_title", "Je voorstel voor een video-interview",
     "Votre proposition d'entretien vidéo",
     "Your video interview proposal"},
    {"reserved_title", "Je video-interview is vastgelegd",
     "Votre entretien vidéo est confirmé",
     "Your video interview is booked"},
    {"link_invalid_title", "Deze link is niet geldig",
     "Ce lien n'est pas valable",
     "This link is not valid"},
    {"link_invalid",
     "Deze link is niet geldig. Open de volledige link uit onze e-mail; kopieer je hem, neem dan "
     "alle tekens mee.",
     "Ce lien n'est pas valable. Ouvrez le lien complet de notre e-mail ; si vous le copiez, "
     "prenez tous les caractères.",
     "This link is not valid. Open the complete link from our e-mail; if you copy it, take every "
     "character."},
    {"code_intro",
     "Geef je persoonlijke beveiligingscode in om je voorstel te zien. Je kreeg die code op het "
     "scherm toen je je aanvraag deed.",
     "Saisissez votre code de sécurité personnel pour voir votre proposition. Ce code vous a été "
     "affiché à l'écran lors de votre demande.",
     "Enter your personal security code to see your proposal. The code was shown on screen when "
     "you made your request."},
    {"code_field", "Beveiligingscode", "Code de sécurité", "Security code"},
    {"code_hint",
     "20 tekens, bijvoorbeeld 7KQ2M-X9RTP-…; hoofdletters, spaties en streepjes maken niet uit.",
     "20 caractères, par exemple 7KQ2M-X9RTP-… ; majuscules, espaces et tirets n'ont pas "
     "d'importance.",
     "20 characters, for example 7KQ2M-X9RTP-…; capitals, spaces and dashes do not matter."},
    {"code_submit", "Verder", "Continuer", "Continue"},
    {"code_wrong_field", "Deze code klopt niet.", "Ce code n'est pas correct.",
     "This code is not correct."},
    {"code_wrong",
     "Deze beveiligingscode klopt niet. Controleer hem en probeer opnieuw. Na te veel foute "
     "pogingen wordt de link een tijd geblokkeerd.",
     "Ce code de sécurité n'est pas correct. Vérifiez-le et réessayez. Après trop d'essais "
     "erronés, le lien est bloqué pendant un certain temps.",
     "This security code is not correct. Check it and try again. After too many wrong attempts "
     "the link is blocked for a while."},
    {"session_expired", "Geef je beveiligingscode opnieuw in om verder te gaan.",
     "Saisissez à nouveau votre code de sécurité pour continuer.",
     "Enter your security code again to continue."},
    {"locked_title", "Link tijdelijk geblokkeerd",
     "Lien temporairement bloqué",
     "Link temporarily blocked"},
    {"locked",
     "Er werd te vaak een verkeerde beveiligingscode ingegeven. Om je gegevens te beschermen is "
     "deze link geblokkeerd tot %s (Belgische tijd). Probeer het daarna opnieuw met de juiste "
     "code.",
     "Un code de sécurité erroné a été saisi trop souvent. Pour protéger vos données, ce lien "
     "est bloqué jusqu'au %s (heure belge). Réessayez ensuite avec le bon code.",
     "A wrong security code was entered too often. To protect your data this link is blocked "
     "until %s (Belgian time). Then try again with the right code."},
    {"ended_title", "Dit voorstel geldt niet meer",
     "Cette proposition n'est plus valable",
     "This proposal is no longer valid"},
    {"ended_replaced",
     "Dit voorstel werd vervangen. Je krijgt (of kreeg al) een nieuw voorstel per e-mail: "
     "gebruik de link uit die e-mail.",
     "Cette proposition a été remplacée. Vous recevez (ou avez déjà reçu) une nouvelle "
     "proposition par e-mail : utilisez le lien de cet e-mail.",
     "This proposal was replaced. You will receive (or already received) a new proposal by "
     "e-mail: use the link in that e-mail."},
    {"ended_cancelled",
     "Deze afspraak werd geannuleerd. Wil je toch een video-interview? Doe dan een nieuwe "
     "aanvraag.",
     "Ce rendez-vous a été annulé. Vous souhaitez quand même un entretien vidéo ? Introduisez "
     "une nouvelle demande.",
     "This appointment was cancelled. Do you still want a video interview? Then make a new "
     "request."},
    {"ended_expired",
     "Je hebt niet op tijd op dit voorstel geantwoord, dus het tijdslot werd vrijgegeven. Wil je "
     "nog een video-interview? Doe dan een nieuwe aanvraag.",
     "Vous n'avez pas répondu à temps à cette proposition ; la plage horaire a donc été libérée. "
     "Vous souhaitez encore un entretien vidéo ? Introduisez une nouvelle demande.",
     "You did not answer this proposal in time, so the slot was released. Do you still want a "
     "video interview? Then make a new request."},
    {"ended_withdrawn",
     "De interviewer is op dat moment niet meer beschikbaar. We zoeken een nieuw tijdslot en "
     "sturen je een nieuw voorstel per e-mail.",
     "L'interlocuteur n'est plus disponible à ce moment-là. Nous cherchons une nouvelle plage "
     "horaire et vous envoyons une nouvelle proposition par e-mail.",
     "The interviewer is no longer available at that time. We are looking for a new slot and "
     "will send you a new proposal by e-mail."},
    {"new_request", "Een nieuwe aanvraag doen",
     "Introduire une nouvelle demande",
     "Make a new request"},
    {"conflict_started", "Het interview is al begonnen of voorbij; je kan niets meer wijzigen.",
     "L'entretien a déjà commencé ou est passé ; vous ne pouvez plus rien modifier.",
     "The interview has already started or is over; nothing can be changed any more."},
    {"conflict_pending",
     "Je document wordt al gecontroleerd. Je kan nog een ander tijdslot vragen of annuleren.",
     "Votre document est déjà en cours de vérification. Vous pouvez encore demander une autre "
     "plage horaire ou annuler.",
     "Your document is already being checked. You can still ask for another slot or cancel."},
    {"conflict_reserved", "Je afspraak is al definitief vastgelegd.",
     "Votre rendez-vous est déjà définitivement réservé.",
     "Your appointment is already definitively booked."},
    {"conflict_state", "Dit kan niet meer voor dit voorstel.",
     "Ce n'est plus possible pour cette proposition.",
     "This is no longer possible for this proposal."},
    {"slot_label", "Tijdslot (Belgische tijd)",
     "Plage horaire (heure belge)",
     "Slot (Belgian time)"},
    {"status_proposed",
     "We stellen je dit tijdslot voor. Bevestig het door je identiteitsdocument op te laden, ten "
     "laatste %s.",
     "Nous vous proposons cette plage horaire. Confirmez-la en chargeant votre document "
     "d'identité, au plus tard le %s.",
     "We propose this slot to you. Confirm it by uploading your identity document, at the latest "
     "%s."},
    {"status_document_pending",
     "Je document wordt gecontroleerd. Je krijgt een e-mail zodra je afspraak definitief is.",
     "Votre document est en cours de vérification. Vous recevrez un e-mail dès que votre "
     "rendez-vous sera définitif.",
     "Your document is being checked. You will receive an e-mail as soon as your appointment is "
     "definite."},
    {"status_document_rejected",
     "Je document werd niet aanvaard. Laad een nieuwe foto op, ten laatste %s; hieronder lees je "
     "wat er mis was en hoe je het oplost.",
     "Votre document n'a pas été accepté. Chargez une nouvelle photo, au plus tard le %s ; vous "
     "lirez ci-dessous ce qui n'allait pas et comment y remédier.",
     "Your document was not accepted. Upload a new photo, at the latest %s; below you read what "
     "was wrong and how to fix it."},
    {"status_reserved", "Je afspraak is definitief vastgelegd.",
     "Votre rendez-vous est définitivement réservé.",
     "Your appointment is definitively booked."},
    {"status_other", "Aan dit voorstel kan je niets meer wijzigen.",
     "Vous ne pouvez plus rien modifier à cette proposition.",
     "Nothing can be changed in this proposal any more."},
    {"video_label", "Link naar het video-interview",
     "Lien vers l'entretien vidéo",
     "Link to the video interview"},
    {"video_hint",
     "Open deze link op het tijdstip van je afspraak, met je identiteitsdocument bij de hand.",
     "Ouvrez ce lien à l'heure de votre rendez-vous, avec votre document d'identité à portée de "
     "main.",
     "Open this link at the time of your appointment, with your identity document at hand."},
    {"problems_title", "Wat er mis was met je document",
     "Ce qui n'allait pas avec votre document",
     "What was wrong with your document"},
    {"upload_title", "Bevestigen: laad je identiteitsdocument op",
     "Confirmer : chargez votre document d'identité",
     "Confirm: upload your identity document"},
    {"upload_intro",
     "Neem een scherpe kleurenfoto van je document, zonder flits, met het hele document in "
     "beeld. JPEG, PNG, HEIC of PDF, ten hoogste %ld MB per bestand.",
     "Prenez une photo nette et en couleur de votre document, sans flash, avec tout le document "
     "dans l'image. JPEG, PNG, HEIC ou PDF, au maximum %ld Mo par fichier.",
     "Take a sharp colour photo of your document, without flash, with the whole document in the "
     "picture. JPEG, PNG, HEIC or PDF, at most %ld MB per file."},
    {"doc_kind", "Soort document", "Type de document", "Kind of document"},
    {"doc_passport", "Paspoort", "Passeport", "Passport"},
    {"doc_id_card", "Identiteitskaart", "Carte d'identité", "Identity card"},
    {"doc_front", "Voorkant (bij een paspoort: de pagina met je foto)",
     "Recto (pour un passeport : la page avec votre photo)",
     "Front (for a passport: the page with your photo)"},
    {"doc_back", "Achterkant", "Verso", "Back"},
    {"doc_back_hint", "Alleen nodig voor een identiteitskaart.",
     "Uniquement nécessaire pour une carte d'identité.",
     "Only needed for an identity card."},
    {"upload_submit", "Tijdslot bevestigen en document versturen",
     "Confirmer la plage horaire et envoyer le document",
     "Confirm the slot and send the document"},
    {"upload_kind_required", "Kies of je een paspoort of een identiteitskaart oplaadt.",
     "Choisissez si vous chargez un passeport ou une carte d'identité.",
     "Choose whether you upload a passport or an identity card."},
    {"upload_front_required", "Kies een foto van de voorkant van je document.",
     "Choisissez une photo du recto de votre document.",
     "Choose a photo of the front of your document."},
    {"upload_back_required",
     "Een identiteitskaart heeft twee kanten: kies ook een foto van de achterkant.",
     "Une carte d'identité a deux faces : choisissez aussi une photo du verso.",
     "An identity card has two sides: also choose a photo of the back."},
    {"upload_back_not_allowed",
     "Een paspoort heeft geen achterkant: laad alleen de pagina met je foto op.",
     "Un passeport n'a pas de verso : chargez uniquement la page avec votre photo.",
     "A passport has no back: upload only the page with your photo."},
    {"upload_no_previous",
     "Er is nog geen document van jou goedgekeurd voor deze aanvraag: laad je paspoort of "
     "identiteitskaart op.",
     "Aucun document de votre part n'a encore été accepté pour cette demande : chargez votre "
     "passeport ou votre carte d'identité.",
     "No document of yours has been accepted for this request yet: upload your passport or "
     "identity card."},
    {"upload_previous_unavailable",
     "Het document dat je eerder stuurde, kan niet meer gebruikt worden: laad het opnieuw op.",
     "Le document envoyé précédemment ne peut plus être utilisé : chargez-le à nouveau.",
     "The document you sent before can no longer be used: upload it again."},
    {"upload_previous_with_files",
     "Verstuur ofwel het document dat al goedgekeurd is, ofwel een nieuw document, niet allebei.",
     "Envoyez soit le document déjà accepté, soit un nouveau document, pas les deux.",
     "Send either the document already accepted or a new one, not both."},
    {"previous_title", "Bevestigen met je goedgekeurde document",
     "Confirmer avec votre document accepté", "Confirm with your accepted document"},
    {"previous_passport",
     "Je paspoort werd op %s goedgekeurd. Je kunt dit tijdslot ermee bevestigen, zonder het "
     "opnieuw op te laden.",
     "Votre passeport a été accepté le %s. Vous pouvez confirmer cette plage horaire avec lui, "
     "sans le charger à nouveau.",
     "Your passport was accepted on %s. You can confirm this slot with it, without uploading it "
     "again."},
    {"previous_id_card",
     "Je identiteitskaart werd op %s goedgekeurd. Je kunt dit tijdslot ermee bevestigen, zonder "
     "ze opnieuw op te laden.",
     "Votre carte d'identité a été acceptée le %s. Vous pouvez confirmer cette plage horaire avec "
     "elle, sans la charger à nouveau.",
     "Your identity card was accepted on %s. You can confirm this slot with it, without "
     "uploading it again."},
    {"previous_submit", "Tijdslot bevestigen met dit document",
     "Confirmer la plage horaire avec ce document", "Confirm the slot with this document"},
    {"previous_or_new", "Of laad een ander document op:", "Ou chargez un autre document :",
     "Or upload another document:"},
    {"upload_too_large",
     "Een bestand is groter dan %ld MB. Kies een kleinere foto of scan en probeer opnieuw.",
     "Un fichier dépasse %ld Mo. Choisissez une photo ou un scan plus petit et réessayez.",
     "A file is larger than %ld MB. Choose a smaller photo or scan and try again."},
    {"upload_not_multipart",
     "Het formulier kwam niet goed aan. Kies je bestanden opnieuw en verstuur het nog eens.",
     "Le formulaire n'est pas bien arrivé. Choisissez à nouveau vos fichiers et renvoyez-le.",
     "The form did not arrive properly. Choose your files again and send it once more."},
    {"upload_busy_address",
     "Er worden al documenten opgeladen vanaf je verbinding. Wacht tot dat klaar is en probeer "
     "het dan opnieuw.",
     "Des documents sont déjà en cours d'envoi depuis votre connexion. Attendez la fin de cet "
     "envoi, puis réessayez.",
     "Documents are already being uploaded from your connection. Wait until that has finished, "
     "then try again."},
    {"upload_no_name",
     "Een deel van het formulier had geen naam. Kies je bestanden opnieuw en verstuur het nog "
     "eens.",
     "Une partie du formulaire n'avait pas de nom. Choisissez à nouveau vos fichiers et "
     "renvoyez-le.",
     "A part of the form had no name. Choose your files again and send it once more."},
    {"reschedule_title", "Een ander tijdslot vragen",
     "Demander une autre plage horaire",
     "Ask for another slot"},
    {"reschedule_intro",
     "Past dit tijdslot niet? Geef nieuwe momenten op; we sturen je een nieuw voorstel per "
     "e-mail. Dit voorstel vervalt dan.",
     "Cette plage ne vous convient pas ? Indiquez de nouveaux moments ; nous vous enverrons une "
     "nouvelle proposition par e-mail. Cette proposition-ci expire alors.",
     "Does this slot not suit you? Give new times; we will send you a new proposal by e-mail. "
     "This proposal then lapses."},
    {"reschedule_submit", "Ander tijdslot vragen",
     "Demander une autre plage",
     "Ask for another slot"},
    {"cancel_title", "Annuleren", "Annuler", "Cancel"},
    {"cancel_intro",
     "Wil je geen video-interview meer? Dan geven we het tijdslot vrij. Wil je later toch een "
     "digitale sleutel, dan moet je een nieuwe aanvraag doen.",
     "Vous ne souhaitez plus d'entretien vidéo ? Nous libérons alors la plage horaire. Si vous "
     "voulez plus tard une clé numérique, vous devrez introduire une nouvelle demande.",
     "Do you no longer want a video interview? Then we release the slot. If you want a digital "
     "key later, you will have to make a new request."},
    {"cancel_submit", "Afspraak annuleren…", "Annuler le rendez-vous…", "Cancel the appointment…"},
    {"cancel_confirm_title", "Afspraak annuleren?",
     "Annuler le rendez-vous ?",
     "Cancel the appointment?"},
    {"cancel_confirm",
     "Weet je het zeker? Je afspraak van %s wordt geannuleerd. Dat kan je niet ongedaan maken.",
     "En êtes-vous sûr ? Votre rendez-vous du %s sera annulé. Ce n'est pas réversible.",
     "Are you sure? Your appointment of %s will be cancelled. This cannot be undone."},
    {"cancel_confirm_submit", "Ja, annuleer mijn afspraak",
     "Oui, annuler mon rendez-vous",
     "Yes, cancel my appointment"},
    {"back_to_proposal", "Terug naar je voorstel",
     "Retour à votre proposition",
     "Back to your proposal"},
    {"cancelled_title", "Je afspraak is geannuleerd",
     "Votre rendez-vous est annulé",
     "Your appointment is cancelled"},
    {"cancelled_text",
     "We hebben je afspraak geannuleerd en het tijdslot vrijgegeven. Je krijgt een bevestiging "
     "per e-mail.",
     "Nous avons annulé votre rendez-vous et libéré la plage horaire. Vous recevrez une "
     "confirmation par e-mail.",
     "We cancelled your appointment and released the slot. You will receive a confirmation by "
     "e-mail."},
    {"rescheduled_title", "We zoeken een ander tijdslot",
     "Nous cherchons une autre plage horaire",
     "We are looking for another slot"},
    {"rescheduled_text",
     "Bedankt. We zoeken een nieuw tijdslot volgens je nieuwe voorkeuren en sturen je een nieuw "
     "voorstel per e-mail. De link van dit voorstel werkt niet meer.",
     "Merci. Nous cherchons une nouvelle plage horaire selon vos nouvelles préférences et vous "
     "envoyons une nouvelle proposition par e-mail. Le lien de cette proposition ne fonctionne "
     "plus.",
     "Thank you. We are looking for a new slot that fits your new preferences and will send you "
     "a new proposal by e-mail. The link of this proposal no longer works."},
    {"unavailable_title", "Even niet beschikbaar",
     "Momentanément indisponible",
     "Temporarily unavailable"},
    {"unavailable_proposal",
     "Dit lukt nu even niet en er werd niets gewijzigd. Probeer het over enkele minuten opnieuw.",
     "Ce n'est pas possible pour l'instant et rien n'a été modifié. Réessayez dans quelques "
     "minutes.",
     "This is not possible right now and nothing was changed. Please try again in a few minutes."},
    {"csrf_title", "Formulier verlopen", "Formulaire expiré", "Form expired"},
    {"unusable_title", "Deze link kan niet gebruikt worden", "Ce lien ne peut pas être utilisé",
     "This link cannot be used"},
    {"unusable", "Deze link kan niet (meer) gebruikt worden.",
     "Ce lien ne peut pas (plus) être utilisé.", "This link cannot be used (any more)."},
    {"unusable_code",
     "Deze link kan niet (meer) gebruikt worden. Is het jouw link? Geef dan je beveiligingscode "
     "in om te zien waarom.",
     "Ce lien ne peut pas (plus) être utilisé. C'est votre lien ? Saisissez alors votre code de "
     "sécurité pour savoir pourquoi.",
     "This link cannot be used (any more). Is it yours? Then enter your security code to see "
     "why."},
    {"origin_title", "Verzoek geweigerd", "Demande refusée", "Request refused"},
    {"origin_refused",
     "Dit formulier werd vanaf een andere website verstuurd en daarom geweigerd; er werd niets "
     "gewijzigd. Open onze pagina rechtstreeks en probeer het daar opnieuw.",
     "Ce formulaire a été envoyé depuis un autre site et a donc été refusé ; rien n'a été "
     "modifié. Ouvrez directement notre page et réessayez-y.",
     "This form was sent from another website and was therefore refused; nothing was changed. "
     "Open our page directly and try again there."},
    {NULL, NULL, NULL, NULL},
};

const char *const dk_i18n_keys[] = {
    "title", "lead", "required_note", "sec_personal", "last_name", "first_names", "birth_date",
    "birth_country", "choose", "birth_place", "sex", "sex_F", "sex_M", "sex_X", "insz",
    "insz_hint", "sec_contact", "email", "email_hint", "sec_motivation", "motivation", "sec_slots",
    "slots_hint", "slot_n", "date", "from", "to", "more_slots", "sec_language", "language",
    "lang_nl", "lang_fr", "lang_en", "consent", "submit", "errors_summary", "success_title",
    "code_label", "code_keep", "code_never", "reference", "next_steps", "rate_limited",
    "unavailable", "csrf_failed", "bad_form", "when_slot", "when_instant", "prop_title",
    "reserved_title",
    "link_invalid_title", "link_invalid", "code_intro", "code_field", "code_hint", "code_submit",
    "code_wrong", "code_wrong_field", "session_expired", "locked_title", "locked", "ended_title",
    "ended_replaced",
    "ended_cancelled", "ended_expired", "ended_withdrawn", "new_request", "conflict_started",
    "conflict_pending", "conflict_reserved", "conflict_state", "slot_label", "status_proposed",
    "status_document_pending", "status_document_rejected", "status_reserved", "status_other",
    "video_label", "video_hint", "problems_title", "upload_title", "upload_intro", "doc_kind",
    "doc_passport", "doc_id_card", "doc_front", "doc_back", "doc_back_hint", "upload_submit",
    "upload_kind_required", "upload_front_required", "upload_back_required",
    "upload_back_not_allowed", "upload_no_previous", "upload_previous_unavailable",
    "upload_previous_with_files", "previous_title", "previous_passport", "previous_id_card",
    "previous_submit", "previous_or_new", "upload_too_large", "upload_not_multipart",
    "upload_busy_address", "upload_no_name",
    "reschedule_title",
    "reschedule_intro", "reschedule_submit", "cancel_title", "cancel_intro", "cancel_submit",
    "cancel_confirm_title", "cancel_confirm", "cancel_confirm_submit", "back_to_proposal",
    "cancelled_title", "cancelled_text", "rescheduled_title", "rescheduled_text",
    "unavailable_title", "unavailable_proposal", "csrf_title", "unusable_title", "unusable",
    "unusable_code", "origin_title", "origin_refused", NULL};

const char *dk_lang_or_default(const char *lang)
{
    if (lang && (!strcmp(lang, "nl") || !strcmp(lang, "fr") || !strcmp(lang, "en")))
        return lang;
    return "nl";
}

const char *dk_t(const char *lang, const char *key)
{
    for (const row *r = rows; r->key; r++) {
        if (strcmp(r->key, key) != 0)
            continue;
        if (lang && !strcmp(lang, "nl"))
            return r->nl;
        if (lang && !strcmp(lang, "fr"))
            return r->fr;
        return r->en;
    }
    return key;
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
void dk_t_appendf(dk_buf *b, const char *lang, const char *key, ...)
{
    va_list ap;
    va_start(ap, key);
    dk_buf_vappendf(b, dk_t(lang, key), ap);
    va_end(ap);
}
#pragma GCC diagnostic pop
