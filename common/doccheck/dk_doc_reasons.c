/* dk_doc_reasons.c — the rejection codes of the document check in plain words. */
#include "doccheck/dk_doc_reasons.h"

#include "core/dk_upload_limit.h"

#include <stdio.h>
#include <string.h>

const dk_doc_reason dk_doc_reasons[] = {
    {"too_large",
     {"Het bestand is groter dan {max}.", "Le fichier dépasse {max}.",
      "The file is larger than {max}."},
     {"Neem een nieuwe foto met een lagere resolutie of sla de scan op als JPEG.",
      "Prenez une nouvelle photo en résolution plus basse ou enregistrez le scan en JPEG.",
      "Take a new photo at a lower resolution or save the scan as JPEG."}},
    {"unsupported_format",
     {"Dit soort bestand kunnen we niet gebruiken.", "Nous ne pouvons pas utiliser ce type de fichier.",
      "We cannot use this kind of file."},
     {"Stuur een foto (JPEG, PNG of HEIC) of een scan als PDF van één pagina.",
      "Envoyez une photo (JPEG, PNG ou HEIC) ou un scan en PDF d'une seule page.",
      "Send a photo (JPEG, PNG or HEIC) or a one-page PDF scan."}},
    {"corrupt",
     {"Het bestand is beschadigd of onvolledig.", "Le fichier est endommagé ou incomplet.",
      "The file is damaged or incomplete."},
     {"Neem de foto opnieuw en laad hem opnieuw op.", "Reprenez la photo et chargez-la à nouveau.",
      "Take the photo again and upload it again."}},
    {"too_many_pixels",
     {"De afbeelding is te groot (te veel pixels).", "L'image est trop grande (trop de pixels).",
      "The image is too large (too many pixels)."},
     {"Gebruik de gewone camera-instelling van je telefoon, geen panorama of vergroting.",
      "Utilisez le réglage normal de l'appareil photo, pas de panorama ni d'agrandissement.",
      "Use your phone camera's normal setting, not a panorama or an enlargement."}},
    {"too_small_resolution",
     {"De afbeelding is te klein om de tekst te lezen.", "L'image est trop petite pour lire le texte.",
      "The image is too small to read the text."},
     {"Neem de foto van dichterbij, zodat het document het beeld vult.",
      "Prenez la photo de plus près, pour que le document remplisse l'image.",
      "Take the photo closer, so that the document fills the picture."}},
    {"greyscale",
     {"De afbeelding is zwart-wit; we hebben kleur nodig.",
      "L'image est en noir et blanc ; nous avons besoin de couleurs.",
      "The image is black and white; we need colour."},
     {"Fotografeer het originele document in kleur, geen kopie.",
      "Photographiez le document original en couleur, pas une copie.",
      "Photograph the original document in colour, not a copy."}},
    {"blurred",
     {"De afbeelding is wazig.", "L'image est floue.", "The image is blurred."},
     {"Houd je telefoon stil, laat hem scherpstellen en neem de foto opnieuw.",
      "Tenez votre téléphone immobile, laissez-le faire la mise au point et reprenez la photo.",
      "Hold your phone still, let it focus and take the photo again."}},
    {"glare",
     {"Er is een weerspiegeling of lichtvlek op het document.",
      "Il y a un reflet ou une tache de lumière sur le document.",
      "There is a reflection or bright spot on the document."},
     {"Leg de kaart plat, weg van de lamp, en gebruik geen flits.",
      "Posez la carte à plat, loin de la lampe, et n'utilisez pas de flash.",
      "Hold the card flat, away from the lamp, and do not use the flash."}},
    {"too_dark",
     {"De afbeelding is te donker.", "L'image est trop sombre.", "The image is too dark."},
     {"Neem de foto bij daglicht of in een goed verlichte kamer.",
      "Prenez la photo à la lumière du jour ou dans une pièce bien éclairée.",
      "Take the photo in daylight or in a well-lit room."}},
    {"overexposed",
     {"De afbeelding is overbelicht (te licht).", "L'image est surexposée (trop claire).",
      "The image is overexposed (too bright)."},
     {"Vermijd direct zonlicht en flits op het document.",
      "Évitez le soleil direct et le flash sur le document.",
      "Avoid direct sunlight and flash on the document."}},
    {"not_in_frame",
     {"Het document staat niet volledig of te klein in beeld.",
      "Le document n'est pas entièrement visible ou est trop petit dans l'image.",
      "The document is not fully visible or too small in the picture."},
     {"Zorg dat de vier hoeken zichtbaar zijn en dat het document het grootste deel van de foto vult.",
      "Veillez à ce que les quatre coins soient visibles et que le document remplisse la plus grande "
      "partie de la photo.",
      "Make sure all four corners are visible and the document fills most of the photo."}},
    {NULL, {NULL, NULL, NULL}, {NULL, NULL, NULL}},
};

const dk_doc_reason *dk_doc_reason_find(const char *code)
{
    for (const dk_doc_reason *r = dk_doc_reasons; code && r->code; r++)
        if (strcmp(r->code, code) == 0)
            return r;
    return NULL;
}

static int lang_index(const char *lang)
{
    return lang && !strcmp(lang, "nl") ? 0 : lang && !strcmp(lang, "fr") ? 1 : 2;
}

void dk_doc_reason_problem(const dk_doc_reason *r, const char *lang, char *out, size_t n)
{
    const char *text = r->problem[lang_index(lang)];
    const char *at = strstr(text, "{max}");
    if (!at) {
        snprintf(out, n, "%s", text);
        return;
    }
    char size[32];
    dk_upload_size_words(dk_upload_max(), lang, size, sizeof size);
    snprintf(out, n, "%.*s%s%s", (int)(at - text), text, size, at + 5);
}

const char *dk_doc_reason_fix(const dk_doc_reason *r, const char *lang)
{
    return r->fix[lang_index(lang)];
}

json_t *dk_doc_reasons_json(const json_t *codes, const char *lang)
{
    json_t *out = json_array();
    size_t i;
    const json_t *code;
    json_array_foreach(codes, i, code) {
        const dk_doc_reason *r = dk_doc_reason_find(json_string_value(code));
        char problem[512];
        if (!r)
            continue;
        dk_doc_reason_problem(r, lang, problem, sizeof problem);
        json_array_append_new(out, json_pack("{s:s, s:s, s:s}", "code", r->code, "problem", problem,
                                             "fix", dk_doc_reason_fix(r, lang)));
    }
    return out;
}
