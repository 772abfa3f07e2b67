"""Sentences the app itself owns, in each patient language: the disclaimer and the sentences
that say whether a clinician at this clinic has reviewed the text.

They are built into the app (not read from a content folder), so a clinic folder without a
``disclaimer.yaml`` can never produce a screen or a PDF without a disclaimer, and the review
state is always worded the same way. Plain words, one idea a sentence (English at or below US
grade 8; Spanish Fernández-Huerta 60 or more, checked by the tests like the content).
"""

from __future__ import annotations

DISCLAIMER = {
    "en": "This information helps you learn about your condition. It does not replace advice "
          "from your own care team. If you have a new or worse problem, call your team.",
    "es": "Esta información le ayuda a conocer su problema de salud. No reemplaza los consejos "
          "de su propio equipo médico. Si tiene un problema nuevo o peor, llame a su equipo.",
}

# The warning signs and where to go, printed when a clinic's content folder has no
# ``when_to_call`` items with an ``urgency`` of its own: the signs themselves, never just "these
# signs", each line saying where to go and how fast (same routing as the shipped content).
# ``{emergency_number}`` is filled like the content's tokens (model.contacts.fill_contacts).
EMERGENCY_SIGNS = {
    "en": ["New numbness between your legs, or around your bottom or genitals. New trouble "
           "starting or holding urine or stool, or finding it harder and harder to pass urine. A "
           "new change in sexual function. Weakness in both legs. Any one of these: go to the "
           "emergency room now. Do not wait to reach us. Do not drive yourself. Tell us "
           "afterward.",
           "Chest pain, sudden shortness of breath, or coughing up blood: call "
           "{emergency_number}.",
           "Heavy bleeding that will not stop, or fainting: call {emergency_number}.",
           "Fever with feeling very unwell, confusion, very fast breathing, blotchy skin or no "
           "urine all day: call {emergency_number}.",
           "A swollen belly with throwing up, or no gas or stool: call us at once. If you "
           "cannot reach us right away, go to the emergency room."],
    "es": ["Adormecimiento nuevo entre las piernas, o alrededor del ano o de los genitales. "
           "Problemas nuevos para empezar a orinar, aguantar la orina o las heces, o que orinar "
           "cueste cada vez más. Un cambio nuevo en la función sexual. Debilidad en "
           "las dos piernas. Con una sola de estas señales, vaya ahora a urgencias. No espere a "
           "hablar con nosotros. No conduzca usted. Cuéntenos lo que pasó después.",
           "Dolor en el pecho, falta de aire de repente o toser sangre: llame al "
           "{emergency_number}.",
           "Un sangrado fuerte que no para, o un desmayo: llame al {emergency_number}.",
           "Fiebre y sentirse muy mal, confusión, respirar muy rápido, piel con manchas o no "
           "orinar en todo el día: llame al {emergency_number}.",
           "Vientre hinchado con vómitos, o no poder expulsar gases ni heces: llámenos de "
           "inmediato. Si no nos puede localizar enseguida, vaya a urgencias."],
}

# The page-1 emergency box when a clinic's content has no urgencies: the signs in a few words,
# by where to go (the full list, EMERGENCY_SIGNS, is printed in "When to call us").
BOX_SIGNS = {
    "en": {"emergency_number": ["Chest pain or sudden shortness of breath",
                                "Heavy bleeding that will not stop",
                                "Fever with feeling very unwell or confused"],
           "emergency_room_now": ["New numbness between your legs, or new weakness in both "
                                  "legs",
                                  "New trouble passing urine, holding in urine or stool, or "
                                  "with sex"]},
    "es": {"emergency_number": ["Dolor en el pecho o falta de aire de repente",
                                "Un sangrado fuerte que no para",
                                "Fiebre con mucho malestar o confusión"],
           "emergency_room_now": ["Adormecimiento nuevo entre las piernas, o piernas "
                                  "débiles",
                                  "Problemas nuevos al orinar, aguantar orina o heces, o en "
                                  "el sexo"]},
}


# The writers' own check against the sources: never called a clinical review.
CHECKED_BY_WRITERS = {
    "en": "The general information in this summary comes from published medical sources. Its "
          "writers last checked it against them on {date}.",
    "es": "La información general de este resumen viene de fuentes médicas publicadas. Sus "
          "autores la revisaron con esas fuentes por última vez el {date}.",
}

REVIEW = {
    "en": {
        "none": "No clinician at this clinic has reviewed this text yet.",
        "reviewed": "Reviewed by {name} ({role}) on {date}.",
        "changed": "Changed since {name} reviewed it on {date}, so not reviewed now.",
        "flagged": "{name} ({role}) asked for changes on {date}.",
        # The PDF's sentences, for the patient: what the review state means for them.
        "all": "A clinician at this clinic reviewed all the general information in this "
               "summary: {who}. What your surgeon told you today is about you.",
        "some": "A clinician at this clinic reviewed part of the general information: {who}. "
                "Your clinic has not yet finished its review of the rest: {rest}. "
                "What your surgeon told you today is about you.",
        "nothing": "Your clinic has not yet finished its own review of the general "
                   "information. What your surgeon told you today is about you.",
        "who": "{name} ({role}) on {date}",
        "more": "and {n} more",
    },
    "es": {
        "none": "Aún no lo ha revisado un médico de esta clínica.",
        "reviewed": "Revisado por {name} ({role}) el {date}.",
        "changed": "Cambió después de que {name} lo revisara el {date}, así que ahora no está "
                   "revisado.",
        "flagged": "{name} ({role}) pidió cambios el {date}.",
        "all": "Un médico de esta clínica revisó toda la información general de este "
               "resumen: {who}. Lo que su cirujano le explicó hoy se refiere a su caso.",
        "some": "Un médico de esta clínica revisó parte de la información general: {who}. "
                "Su clínica aún no ha terminado de revisar el resto: {rest}. "
                "Lo que su cirujano le explicó hoy se refiere a su caso.",
        "nothing": "Su clínica aún no ha terminado de revisar la información general. "
                   "Lo que su cirujano le explicó hoy se refiere a su caso.",
        "who": "{name} ({role}) el {date}",
        "more": "y {n} más",
    },
}


def disclaimer(language: str) -> str:
    return DISCLAIMER.get(language, DISCLAIMER["en"])


def emergency_signs(language: str) -> list[str]:
    """The app's own warning signs (with ``{emergency_number}`` still to fill)."""
    return list(EMERGENCY_SIGNS.get(language, EMERGENCY_SIGNS["en"]))


def box_signs(language: str) -> dict[str, list[str]]:
    """The app's own short signs for the page-1 box, by urgency level."""
    return {k: list(v) for k, v in BOX_SIGNS.get(language, BOX_SIGNS["en"]).items()}


def review_words(language: str) -> dict[str, str]:
    return REVIEW.get(language, REVIEW["en"])
