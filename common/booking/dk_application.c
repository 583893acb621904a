/* dk_application.c — field-by-field validation of the step-1 application
 * body, the table of error codes with their Dutch, French and English
 * sentences, and the conversion of a slot bound to an instant. */
#include "booking/dk_application.h"

#include "core/dk_calendar.h"
#include "belgium/dk_country.h"
#include "belgium/dk_email.h"
#include "belgium/dk_insz.h"
#include "belgium/dk_name.h"
#include "core/dk_utf8.h"

#include <stdio.h>
#include <string.h>

void dk_app_rules_default(dk_app_rules *r)
{
    r->office_from_min = 9 * 60;
    r->office_to_min = 17 * 60;
    r->slot_minutes = 30;
    r->max_name_chars = 100;
    r->max_motivation_chars = 1000;
    r->min_motivation_chars = 10;
}

/* ---- error list ---------------------------------------------------------- */

static void add_err(dk_field_errors *errs, const char *field, const char *code)
{
    for (int i = 0; i < errs->n; i++)
        if (strcmp(errs->e[i].field, field) == 0)
            return; /* one error per field: the first one found is kept */
    if (errs->n >= DK_MAX_FIELD_ERRORS)
        return;
    dk_field_error *e = &errs->e[errs->n++];
    snprintf(e->field, sizeof e->field, "%s", field);
    e->code = code;
}

const char *dk_app_error_for(const dk_field_errors *errs, const char *field)
{
    for (int i = 0; i < errs->n; i++)
        if (strcmp(errs->e[i].field, field) == 0)
            return errs->e[i].code;
    return NULL;
}

/* ---- helpers ------------------------------------------------------------- */

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* Code points of s[0..len) once leading/trailing whitespace is trimmed. */
static size_t trimmed_count(const char *s, size_t len)
{
    size_t b = 0, e = len, n = 0;
    while (b < e && is_space(s[b]))
        b++;
    while (e > b && is_space(s[e - 1]))
        e--;
    for (size_t i = b; i < e; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            n++;
    return n;
}

/* A member that must be a non-blank string without NUL bytes. Returns it, or
 * NULL after adding "required", "wrong_type" or "invalid_characters". */
static const char *required_string(const json_t *obj, const char *key, const char *field,
                                   dk_field_errors *errs)
{
    const json_t *v = json_object_get(obj, key);
    if (v == NULL || json_is_null(v)) {
        add_err(errs, field, "required");
        return NULL;
    }
    if (!json_is_string(v)) {
        add_err(errs, field, "wrong_type");
        return NULL;
    }
    const char *s = json_string_value(v);
    size_t len = json_string_length(v);
    if (strlen(s) != len) {
        add_err(errs, field, "invalid_characters"); /* an embedded U+0000 */
        return NULL;
    }
    if (trimmed_count(s, len) == 0) {
        add_err(errs, field, "required");
        return NULL;
    }
    return s;
}

/* Free multi-line text: valid UTF-8, no control characters except tab and
 * newlines, min..max code points after trimming. */
static void check_text(const json_t *body, const char *key, int min, int max, dk_field_errors *errs)
{
    const char *s = required_string(body, key, key, errs);
    if (s == NULL)
        return;
    size_t len = strlen(s);
    if (!dk_utf8_valid(s, len) || dk_utf8_has_control_except_newline(s)) {
        add_err(errs, key, "invalid_characters");
        return;
    }
    size_t n = trimmed_count(s, len);
    if (n < (size_t)(min < 0 ? 0 : min))
        add_err(errs, key, "too_short");
    else if (n > (size_t)(max < 0 ? 0 : max))
        add_err(errs, key, "too_long");
}

/* A person's name or a place name: what dk_name_valid allows (so no link,
 * digits or signs of a sentence reach a mail that greets the applicant by
 * name),
 * 1..max code points after trimming. */
static void check_name(const json_t *body, const char *key, int max, dk_field_errors *errs)
{
    const char *s = required_string(body, key, key, errs);
    if (s == NULL)
        return;
    size_t len = strlen(s);
    if (!dk_name_valid(s, len))
        add_err(errs, key, "invalid_name_characters");
    else if (trimmed_count(s, len) > (size_t)(max < 0 ? 0 : max))
        add_err(errs, key, "too_long");
}

static void check_choice(const json_t *body, const char *key, const char *const *choices,
                         dk_field_errors *errs)
{
    const char *s = required_string(body, key, key, errs);
    if (s == NULL)
        return;
    for (const char *const *c = choices; *c; c++)
        if (strcmp(s, *c) == 0)
            return;
    add_err(errs, key, "invalid_choice");
}

int dk_app_parse_hhmm(const char *s, int *minute_of_day)
{
    if (s == NULL)
        return -1;
    for (int i = 0; i < 5; i++) {
        if (i == 2 ? s[i] != ':' : (s[i] < '0' || s[i] > '9'))
            return -1;
    }
    if (s[5] != '\0')
        return -1;
    int h = (s[0] - '0') * 10 + (s[1] - '0');
    int m = (s[3] - '0') * 10 + (s[4] - '0');
    if (h > 23 || m > 59)
        return -1;
    *minute_of_day = h * 60 + m;
    return 0;
}

int dk_app_slot_to_utc(const char *date, const char *hhmm, int64_t *utc_ms_out)
{
    dk_date d;
    int minute;
    if (dk_date_parse(date, &d) != 0 || dk_app_parse_hhmm(hhmm, &minute) != 0)
        return -1;
    *utc_ms_out = dk_brussels_to_utc_ms(d, minute);
    return 0;
}

/* ---- fields -------------------------------------------------------------- */

static void check_birth_date(const json_t *body, dk_date today, dk_field_errors *errs)
{
    const char *s = required_string(body, "birth_date", "birth_date", errs);
    dk_date d;
    const dk_date min = {1900, 1, 1};
    if (s == NULL)
        return;
    if (dk_date_parse(s, &d) != 0)
        add_err(errs, "birth_date", "invalid_date");
    else if (dk_date_cmp(d, min) < 0 || dk_date_cmp(d, today) >= 0)
        add_err(errs, "birth_date", "out_of_range");
}

static void check_country(const json_t *body, dk_field_errors *errs)
{
    const char *s = required_string(body, "birth_country", "birth_country", errs);
    if (s != NULL && !dk_country_valid(s))
        add_err(errs, "birth_country", "invalid_country");
}

static void check_insz(const json_t *body, dk_field_errors *errs)
{
    const json_t *v = json_object_get(body, "insz");
    char digits[12];
    if (v == NULL || json_is_null(v))
        return;
    if (!json_is_string(v)) {
        add_err(errs, "insz", "wrong_type");
        return;
    }
    const char *s = json_string_value(v);
    if (json_string_length(v) == 0)
        return;
    if (strlen(s) != json_string_length(v) || dk_insz_normalise(s, digits) != 0 ||
        !dk_insz_valid(digits))
        add_err(errs, "insz", "invalid_insz");
}

static void check_email(const json_t *body, dk_field_errors *errs)
{
    const char *s = required_string(body, "email", "email", errs);
    if (s == NULL)
        return;
    if (strlen(s) > 254)
        add_err(errs, "email", "too_long");
    else if (!dk_email_valid(s))
        add_err(errs, "email", "invalid_email");
}

static void check_consent(const json_t *body, dk_field_errors *errs)
{
    const json_t *v = json_object_get(body, "consent");
    if (v == NULL || json_is_null(v) || json_is_false(v))
        add_err(errs, "consent", "consent_required");
    else if (!json_is_true(v))
        add_err(errs, "consent", "wrong_type");
}

/* ---- preferred slots ----------------------------------------------------- */

typedef struct {
    int64_t day;
    int from, to;
} slot_value;

static void sub_field(char out[40], size_t i, const char *sub)
{
    int w = snprintf(out, 40, "preferred_slots[%zu]%s%s", i, sub[0] ? "." : "", sub);
    if (w < 0)
        out[0] = '\0';
}

/* A slot time bound: parsed minute of day, or -1 after adding an error. */
static int check_bound(const json_t *slot, const char *key, const char *field,
                       const dk_app_rules *r, dk_field_errors *errs)
{
    const char *s = required_string(slot, key, field, errs);
    int minute;
    if (s == NULL)
        return -1;
    if (dk_app_parse_hhmm(s, &minute) != 0) {
        add_err(errs, field, "invalid_time");
        return -1;
    }
    if (minute < r->office_from_min || minute > r->office_to_min) {
        add_err(errs, field, "outside_office_hours");
        return -1;
    }
    return minute;
}

/* One slot; returns 1 and fills *out when it is entirely valid. */
static int check_slot(const json_t *slot, size_t i, dk_date first, dk_date last,
                      const dk_app_rules *r, dk_field_errors *errs, slot_value *out)
{
    char field[40];
    dk_date d = {0, 0, 0};
    int ok = 1;

    if (!json_is_object(slot)) {
        sub_field(field, i, "");
        add_err(errs, field, "wrong_type");
        return 0;
    }

    sub_field(field, i, "date");
    const char *ds = required_string(slot, "date", field, errs);
    if (ds == NULL) {
        ok = 0;
    } else if (dk_date_parse(ds, &d) != 0) {
        add_err(errs, field, "invalid_date");
        ok = 0;
    } else if (dk_date_cmp(d, first) < 0 || dk_date_cmp(d, last) > 0) {
        add_err(errs, field, "outside_window");
        ok = 0;
    } else if (dk_date_weekday(d) >= 6) {
        add_err(errs, field, "weekend");
        ok = 0;
    } else if (dk_be_holiday(d, NULL)) {
        add_err(errs, field, "holiday");
        ok = 0;
    }

    sub_field(field, i, "from");
    int from = check_bound(slot, "from", field, r, errs);
    sub_field(field, i, "to");
    int to = check_bound(slot, "to", field, r, errs);
    if (from < 0 || to < 0) {
        ok = 0;
    } else if (to <= from) {
        add_err(errs, field, "to_before_from");
        ok = 0;
    } else if (to - from < r->slot_minutes) {
        add_err(errs, field, "slot_too_short");
        ok = 0;
    }

    if (ok) {
        out->day = dk_date_to_days(d);
        out->from = from;
        out->to = to;
    }
    return ok;
}

static void check_slots(const json_t *body, int64_t now_utc_ms, const dk_app_rules *r,
                        dk_field_errors *errs)
{
    const json_t *v = json_object_get(body, "preferred_slots");
    slot_value seen[DK_APP_MAX_SLOTS];
    size_t nseen = 0;
    dk_date first, last;

    if (v == NULL || json_is_null(v)) {
        add_err(errs, "preferred_slots", "required");
        return;
    }
    if (!json_is_array(v)) {
        add_err(errs, "preferred_slots", "wrong_type");
        return;
    }
    size_t n = json_array_size(v);
    if (n == 0) {
        add_err(errs, "preferred_slots", "too_few");
        return;
    }
    if (n > DK_APP_MAX_SLOTS) {
        add_err(errs, "preferred_slots", "too_many");
        return;
    }
    dk_slot_window(now_utc_ms, &first, &last);
    for (size_t i = 0; i < n; i++) {
        slot_value s;
        if (!check_slot(json_array_get(v, i), i, first, last, r, errs, &s))
            continue;
        int dup = 0;
        for (size_t k = 0; k < nseen && !dup; k++)
            dup = seen[k].day == s.day && seen[k].from == s.from && seen[k].to == s.to;
        if (dup) {
            char field[40];
            sub_field(field, i, "");
            add_err(errs, field, "duplicate");
        } else {
            seen[nseen++] = s;
        }
    }
}

/* ---- entry point --------------------------------------------------------- */

/* What both validators do first: no errors yet, the default rules when
 * none are given, and a body that is an object. Returns 1 to go on. */
static int begin(const json_t *body, const dk_app_rules **rules, dk_app_rules *defaults,
                 dk_field_errors *errs)
{
    errs->n = 0;
    if (*rules == NULL) {
        dk_app_rules_default(defaults);
        *rules = defaults;
    }
    if (body == NULL || !json_is_object(body)) {
        add_err(errs, "", "not_object");
        return 0;
    }
    return 1;
}

int dk_app_validate(const json_t *body, int64_t now_utc_ms, const dk_app_rules *rules,
                    dk_field_errors *errs)
{
    static const char *const sexes[] = {"F", "M", "X", NULL};
    static const char *const languages[] = {"nl", "fr", "en", NULL};
    dk_app_rules defaults;
    dk_date today;

    if (!begin(body, &rules, &defaults, errs))
        return errs->n;
    dk_brussels_local(now_utc_ms, &today, NULL);

    check_name(body, "last_name", rules->max_name_chars, errs);
    check_name(body, "first_names", rules->max_name_chars, errs);
    check_birth_date(body, today, errs);
    check_country(body, errs);
    check_name(body, "birth_place", rules->max_name_chars, errs);
    check_choice(body, "sex", sexes, errs);
    check_insz(body, errs);
    check_email(body, errs);
    check_text(body, "motivation", rules->min_motivation_chars, rules->max_motivation_chars, errs);
    check_slots(body, now_utc_ms, rules, errs);
    check_choice(body, "language", languages, errs);
    check_consent(body, errs);
    return errs->n;
}

int dk_app_validate_slots(const json_t *body, int64_t now_utc_ms, const dk_app_rules *rules,
                          dk_field_errors *errs)
{
    dk_app_rules defaults;
    if (!begin(body, &rules, &defaults, errs))
        return errs->n;
    check_slots(body, now_utc_ms, rules, errs);
    return errs->n;
}

/* ---- messages ------------------------------------------------------------ */

typedef struct {
    const char *code, *en, *nl, *fr;
} message;

/* What a name may hold (dk_name.h), after "... may contain" in each language. */
#define NAME_RULE_EN                                                                               \
    " may contain only letters (of any alphabet, with their accents), with a single space, "       \
    "hyphen, apostrophe or full stop between them; digits, links and other signs are not allowed."
#define NAME_RULE_NL                                                                               \
    " alleen letters (van eender welk alfabet, met hun accenten) bevatten, met daartussen "        \
    "telkens één spatie, koppelteken, apostrof of punt; cijfers, links en andere tekens "        \
    "zijn niet toegestaan."
#define NAME_RULE_FR                                                                               \
    " que des lettres (de n'importe quel alphabet, avec leurs accents), séparées par une "        \
    "seule espace, un trait d'union, une apostrophe ou un point ; les chiffres, les liens et "     \
    "les autres signes ne sont pas autorisés."

static const message messages[] = {
    {"not_object", "The request could not be read: it must be a JSON object.",
     "De aanvraag kon niet worden gelezen: ze moet een JSON-object zijn.",
     "La demande n'a pas pu être lue : elle doit être un objet JSON."},
    {"required", "This field is required.", "Dit veld is verplicht.",
     "Ce champ est obligatoire."},
    {"wrong_type", "This field contains a value of the wrong type.",
     "Dit veld bevat een waarde van het verkeerde type.",
     "Ce champ contient une valeur d'un type incorrect."},
    {"invalid_characters",
     "This field contains characters that are not allowed, such as control characters.",
     "Dit veld bevat tekens die niet zijn toegestaan, zoals stuurtekens.",
     "Ce champ contient des caractères non autorisés, comme des caractères de contrôle."},
    {"invalid_name_characters", "This field" NAME_RULE_EN, "Dit veld mag" NAME_RULE_NL,
     "Ce champ ne peut contenir" NAME_RULE_FR},
    {"too_long", "This text is too long. Please shorten it.",
     "Deze tekst is te lang. Gelieve hem in te korten.",
     "Ce texte est trop long. Veuillez le raccourcir."},
    {"too_short", "This text is too short. Please explain your request in a few sentences.",
     "Deze tekst is te kort. Gelieve uw aanvraag in enkele zinnen toe te lichten.",
     "Ce texte est trop court. Veuillez expliquer votre demande en quelques phrases."},
    {"invalid_date", "Please enter a valid date in the format YYYY-MM-DD.",
     "Gelieve een geldige datum in te vullen in de vorm JJJJ-MM-DD.",
     "Veuillez saisir une date valide au format AAAA-MM-JJ."},
    {"out_of_range", "The date of birth must be in the past and not before 1 January 1900.",
     "De geboortedatum moet in het verleden liggen en mag niet vóór 1 januari 1900 vallen.",
     "La date de naissance doit se situer dans le passé et ne peut pas être antérieure "
     "au 1er janvier 1900."},
    {"invalid_country", "Please choose a country from the list.",
     "Gelieve een land uit de lijst te kiezen.", "Veuillez choisir un pays dans la liste."},
    {"invalid_choice", "Please choose one of the options offered.",
     "Gelieve een van de voorgestelde mogelijkheden te kiezen.",
     "Veuillez choisir l'une des options proposées."},
    {"invalid_insz", "This national register number is not valid. Please check the 11 digits.",
     "Dit rijksregisternummer is niet geldig. Gelieve de 11 cijfers na te kijken.",
     "Ce numéro de registre national n'est pas valide. Veuillez vérifier les 11 chiffres."},
    {"invalid_email", "Please enter a valid e-mail address, for example name@example.be.",
     "Gelieve een geldig e-mailadres in te vullen, bijvoorbeeld naam@voorbeeld.be.",
     "Veuillez saisir une adresse e-mail valide, par exemple nom@exemple.be."},
    /* not a validation error: the intake's refusal of a second live request
     * for one address (409); the same words whoever typed the address */
    {"application_exists",
     "A request for this e-mail address is already in progress. We have sent an e-mail about it "
     "to that address.",
     "Voor dit e-mailadres loopt al een aanvraag. We hebben daarover een e-mail naar dat adres "
     "gestuurd.",
     "Une demande est déjà en cours pour cette adresse e-mail. Nous avons envoyé un e-mail à ce "
     "sujet à cette adresse."},
    {"too_few", "Please propose at least one time slot.",
     "Gelieve minstens één tijdslot voor te stellen.",
     "Veuillez proposer au moins une plage horaire."},
    {"too_many", "You can propose at most 10 time slots.",
     "U kunt hoogstens 10 tijdsloten voorstellen.",
     "Vous pouvez proposer au maximum 10 plages horaires."},
    {"duplicate", "You have already proposed this time slot.",
     "U hebt dit tijdslot al voorgesteld.", "Vous avez déjà proposé cette plage horaire."},
    {"outside_window", "Please choose a date in next week or the week after.",
     "Gelieve een datum te kiezen in de volgende week of de week daarna.",
     "Veuillez choisir une date dans la semaine prochaine ou la semaine suivante."},
    {"weekend", "Our offices are closed at the weekend. Please choose a day from Monday to Friday.",
     "Onze kantoren zijn in het weekend gesloten. Gelieve een dag van maandag tot en met "
     "vrijdag te kiezen.",
     "Nos bureaux sont fermés le week-end. Veuillez choisir un jour du lundi au vendredi."},
    {"holiday",
     "This day is a public holiday and our offices are closed. Please choose another day.",
     "Deze dag is een wettelijke feestdag en onze kantoren zijn gesloten. Gelieve een andere "
     "dag te kiezen.",
     "Ce jour est un jour férié et nos bureaux sont fermés. Veuillez choisir un autre jour."},
    {"invalid_time", "Please enter a valid time in the format HH:MM, for example 09:30.",
     "Gelieve een geldig tijdstip in te vullen in de vorm UU:MM, bijvoorbeeld 09:30.",
     "Veuillez saisir une heure valide au format HH:MM, par exemple 09:30."},
    {"outside_office_hours", "This time is outside our opening hours.",
     "Dit tijdstip valt buiten onze openingsuren.",
     "Cette heure se situe en dehors de nos heures d'ouverture."},
    {"to_before_from", "The end time must be later than the start time.",
     "Het einduur moet later zijn dan het beginuur.",
     "L'heure de fin doit être postérieure à l'heure de début."},
    {"slot_too_short",
     "This time slot is too short. Please leave more time between the start and the end.",
     "Dit tijdslot is te kort. Gelieve meer tijd te laten tussen het begin- en het einduur.",
     "Cette plage horaire est trop courte. Veuillez prévoir plus de temps entre l'heure de "
     "début et l'heure de fin."},
    {"consent_required", "You must give your consent before you can submit your application.",
     "U moet uw toestemming geven voordat u uw aanvraag kunt indienen.",
     "Vous devez donner votre consentement avant de pouvoir introduire votre demande."},
};

/* Sentences that name their field, for the errors whose fix depends on what
 * the field holds; the other fields get the code's sentence above. */
typedef struct {
    const char *field;
    message m;
} field_message;

static const field_message field_messages[] = {
    {"last_name",
     {"invalid_name_characters", "Your last name" NAME_RULE_EN, "Uw naam mag" NAME_RULE_NL,
      "Votre nom ne peut contenir" NAME_RULE_FR}},
    {"first_names",
     {"invalid_name_characters", "Your first name(s)" NAME_RULE_EN,
      "Uw voornaam of voornamen mogen" NAME_RULE_NL,
      "Votre ou vos prénoms ne peuvent contenir" NAME_RULE_FR}},
    {"birth_place",
     {"invalid_name_characters", "Your place of birth" NAME_RULE_EN,
      "Uw geboorteplaats mag" NAME_RULE_NL, "Votre lieu de naissance ne peut contenir" NAME_RULE_FR}},
};

static const message unknown_code = {
    NULL, "This value is not valid.", "Deze waarde is niet geldig.",
    "Cette valeur n'est pas valide."};

const char *dk_app_error_code(size_t i)
{
    return i < sizeof messages / sizeof messages[0] ? messages[i].code : NULL;
}

static const char *in_language(const message *m, const char *lang)
{
    if (lang != NULL && strcmp(lang, "nl") == 0)
        return m->nl;
    if (lang != NULL && strcmp(lang, "fr") == 0)
        return m->fr;
    return m->en;
}

const char *dk_app_error_message(const char *code, const char *lang)
{
    const message *m = &unknown_code;
    for (size_t i = 0; code != NULL && i < sizeof messages / sizeof messages[0]; i++)
        if (strcmp(messages[i].code, code) == 0)
            m = &messages[i];
    return in_language(m, lang);
}

const char *dk_app_field_error_message(const char *field, const char *code, const char *lang)
{
    for (size_t i = 0; field != NULL && code != NULL &&
                       i < sizeof field_messages / sizeof field_messages[0];
         i++)
        if (strcmp(field_messages[i].field, field) == 0 &&
            strcmp(field_messages[i].m.code, code) == 0)
            return in_language(&field_messages[i].m, lang);
    return dk_app_error_message(code, lang);
}
