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
    {NULL, NULL, NULL, NULL},
};

const char *const dk_i18n_keys[] = {
    "title", "lead", "required_note", "sec_personal", "last_name", "first_names", "birth_date",
    "birth_country", "choose", "birth_place", "sex", "sex_F", "sex_M", "sex_X", "insz",
    "insz_hint", "sec_contact", "email", "email_hint", "sec_motivation", "motivation",
    "sec_slots", "slots_hint", "slot_n", "date", "from", "to", "more_slots", "sec_language",
    "language", "lang_nl", "lang_fr", "lang_en", "consent", "submit", "errors_summary",
    "success_title", "code_label", "code_keep", "code_never", "reference", "next_steps",
    "rate_limited", "unavailable", "csrf_failed", "bad_form", NULL};

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
