"""Spanish words the patient PDF writes itself (headings, captions, connecting sentences).

Same keys and the same ``{placeholders}`` as ``STRINGS_EN`` in :mod:`desktop_app.export.strings_en`
(checked by ``tests/unit/test_content_es.py``). Plain, warm Spanish in the "usted" form,
neutral for Spain and Latin America; sentences score Fernández-Huerta >= 60 (textstat 0.7.4),
like ``content/es``.

The decimal separator is the comma ("4,5 cm"), the form most Spanish-speaking patients read
(Spain and most of South America); the Real Academia accepts both the comma and the point.
"""

from __future__ import annotations

from typing import Any

STRINGS_ES: dict[str, Any] = {
    "months": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
               "septiembre", "octubre", "noviembre", "diciembre"],
    "date": "{day} de {month} de {year}",
    "date_day_first": "{day} de {month} de {year}",   # el mismo orden en cualquier país
    "decimal": ",",
    "doc_title": "Resumen de su consulta",
    "doc_subject": "Un resumen de su consulta sobre un bulto en el espacio que hay detrás del "
                   "recto",
    "default_clinic": "Su equipo de cirugía",
    "phone": "Teléfono: {phone}",
    "title": "Resumen de su consulta",
    "intro": "Aquí tiene un breve resumen de lo que hablamos hoy. Guárdelo y vuelva a leerlo "
             "en casa. Si quiere, compártalo con su familia o con su médico de familia.",
    "visit_date": "Fecha de la consulta",
    "clinician": "Le atendió",
    "patient_name": "Nombre",
    "date_of_birth": "Fecha de nacimiento",
    # diagram
    "h_diagram": "El dibujo que usamos",
    "caption_sagittal": "Este dibujo muestra la parte baja del cuerpo de lado, como cortada "
                        "por la mitad. El frente del cuerpo está a la {front}.",
    "caption_axial": "Este dibujo muestra un corte de lado a lado de la parte baja del cuerpo, "
                     "a la altura del sacro. Se ve como si lo miráramos desde los pies.",
    "caption_posterior": "Este dibujo muestra la parte baja de la espalda y las nalgas por "
                         "detrás, como se verían de pie detrás de usted. Los huesos bajo la "
                         "piel se dibujan como si la piel fuera transparente.",
    "caption_marks": "Las figuras con números muestran lo que marcó su cirujano.",
    "caption_key": "Debajo del dibujo se explica cada marca.",
    "caption_s3": "La línea de rayas marca la mitad del sacro (el nivel S3).",
    "left": "izquierda",
    "right": "derecha",
    "s3_label": "Nivel S3",
    "legend_title": "Guía de las marcas",
    # las imágenes de sus propias pruebas
    "h_images": "Imágenes de sus pruebas",
    "images_intro": "Estas son imágenes de sus propias pruebas. Las marcas muestran lo que "
                    "señaló su cirujano.",
    "where_image": "Su cirujano la marcó en una imagen de su prueba.",
    "also_image": "También está marcada en una imagen de su prueba.",
    "size_scan": "En esta imagen, la zona {n} mide unos {length} × {width} cm.",
    # what we found
    "h_found": "Lo que encontramos",
    "found_intro": "Esto es lo que vimos, en palabras sencillas. Sus estudios darán más "
                   "detalles.",
    "area": "Zona {n}",
    "where_low": "Está abajo, cerca del coxis.",
    "where_high": "Está más arriba, cerca de la mitad del sacro.",
    "where_spans": "Va desde la mitad del sacro hacia abajo, hacia el coxis.",
    "where_axial": "Se ve en el dibujo del corte, a la altura del sacro.",
    "where_in": "En el dibujo, está en el {place}.",
    "size_both": "Mide unos {length} cm de largo y {width} cm de ancho.",
    "size_one": "Mide unos {size} cm.",
    "look_cystic": "En el estudio parece una bolsa llena de líquido (un quiste).",
    "look_solid": "En el estudio parece sólido, hecho de tejido y no de líquido.",
    "look_mixed": "En el estudio parece en parte sólido y en parte lleno de líquido.",
    "type_listed": "Su cirujano cree que podría ser {type}.",
    "type_named": "Su cirujano cree que podría ser el tipo de bulto llamado {type}.",
    "type_free": "Su cirujano anotó lo que podría ser: {text}.",
    "type_more": "Las pruebas nos dirán más.",
    "legend_cystic": "lleno de líquido",
    "legend_solid": "sólido",
    "legend_mixed": "en parte sólido, en parte líquido",
    "key_on_drawing": ": en otro dibujo, más adelante.",
    "key_on_image": ": en una imagen de sus pruebas.",
    "legend_size": "{length} × {width} cm",
    "legend_size_one": "{size} cm",
    # checklists
    "h_symptoms": "Sus síntomas",
    "symptoms_intro": "Usted nos contó que tiene estos síntomas:",
    "h_tests": "Pruebas que planeamos",
    "tests_intro": "Nos gustaría que usted se hiciera estas pruebas. Cada una nos ayuda a planear "
                   "su atención.",
    "why": "Por qué se hace",
    "expect": "Qué esperar",
    "prepare": "Cómo prepararse",
    "h_treatments": "Tratamientos de los que hablamos",
    "treatments_intro": "Estas son las opciones de las que hablamos. Vamos a decidir juntos "
                        "los próximos pasos.",
    "planned": "Este es el plan que acordamos.",
    "recovery": "La recuperación",
    "side_effects": "Posibles efectos secundarios",
    "approach_title": "Cómo planea su cirujano llegar a la zona {n}",
    "approach_posterior": "Su cirujano planea llegar por detrás, con un corte sobre el coxis.",
    "approach_anterior": "Su cirujano planea llegar por delante, a través del vientre.",
    "approach_combined": "Su cirujano planea llegar por delante, a través del vientre, y "
                         "también por detrás.",
    "approach_why_posterior": "Es lo habitual cuando el bulto está abajo, por debajo de la "
                              "mitad del sacro.",
    "approach_why_anterior": "Es lo habitual cuando el bulto está más arriba.",
    "approach_why_combined": "Es lo habitual cuando el bulto es grande o llega tanto arriba "
                             "como abajo.",
    "approach_more": "También ayuda a decidir el camino si el bulto puede ser un cáncer, y "
                     "si ha crecido hacia el hueso, los vasos, los nervios u otros órganos.",
    "approach_title_all": "Cómo planea su cirujano llegar a cada zona",
    "glance_which_areas": "Su cirujano marcó {n} zonas. Pregunte para cuáles es este plan.",
    "approach_open_more": "Todavía no hay un plan. Pregunte en su próxima consulta.",
    "approach_note": "Nota de su cirujano: {text}",
    "h_notes": "Notas de su cirujano",
    "h_questions": "Preguntas para hacer",
    "questions_intro": "Quizás quiera hacernos algunas de estas preguntas. Marque las que le "
                       "importan y traiga esta hoja la próxima vez.",
    "own_questions": "Sus propias preguntas:",
    "h_glossary": "Palabras útiles",
    "glossary_intro": "Algunas palabras de este resumen que los médicos usan a menudo:",
    "h_call": "Cuándo llamarnos",
    "call_unsure": "Si tiene dudas sobre qué hacer, siempre es mejor llamar.",
    "call_intro": "Llámenos si nota alguna de estas cosas:",
    "call_phone": "Llámenos al {phone}.",
    "h_emergency": "Cuándo llamar a emergencias",
    "urgency_emergency_number": "Llame ahora al {emergency_number}",
    "urgency_emergency_room_now": "Vaya ahora a urgencias",
    "urgency_at_once": "Llámenos de inmediato, o vaya a urgencias si no nos localiza",
    "urgency_same_day": "Llámenos el mismo día",
    "call_other": "Otros motivos para llamarnos",
    "continued": "{title} (continuación)",   # a card's title on the page it goes on to
    "h_after_operation": "Después de su operación",
    "after_operation_nerves": "Después de una cirugía, es común sentir la piel algo adormecida "
                              "justo al lado de la herida. Un hormigueo o una debilidad nuevos "
                              "en una sola pierna: llámenos el mismo día.",
    "phone_day": "Teléfono de su equipo:",
    "phone_night": "De noche y los fines de semana:",
    "phone_emergency": "En una emergencia, llame al {emergency_number}.",
    "not_chosen": "No es el plan que elegimos. Pregúntenos si quiere saber más.",
    "safety_elsewhere": "Las demás señales de alarma están en \u00abCuándo llamarnos\u00bb, "
                        "página {page}.",
    "safety": "Cuándo pedir ayuda",
    "since_visit": "Usted ya tiene esto. Abajo, \u00abnuevo\u00bb quiere decir nuevo, o peor "
                   "que en su consulta del {date}.",
    "area_one": "la zona {n}",
    "area_many": "las zonas {head} y {last}",
    "biopsy_meningocele": "Su cirujano cree que {areas} podría ser un meningocele, una bolsa "
                          "de líquido de la columna. Un meningocele nunca se estudia con una "
                          "aguja. Los microbios podrían llegar al líquido que rodea la columna. "
                          "Una resonancia magnética puede mostrarlo sin aguja. Pregunte a su "
                          "cirujano qué prueba planea y para qué zona.",
    "h_disclaimer": "Acerca de este resumen",
    "checked_by_writers": "La información general de este resumen viene de fuentes médicas "
                          "publicadas. Sus autores la revisaron con esas fuentes por última "
                          "vez el {date}.",
    "footer_left": "Resumen de su consulta, {date} · {clinic}",  # se corta la clínica, no la fecha
    "footer_right": "Página {page} de {total}",
    # página 1: la consulta de un vistazo
    "and": " y ",
    "h_found_more": "Más sobre lo que encontramos",
    "h_next": "Qué pasará ahora",
    "plan_lead": "El plan que acordamos:",
    "plan_more": "Sus riesgos se explican más adelante.",
    "discussed_lead": "Tratamientos de los que hablamos:",
    "discussed_more": "Vamos a decidir juntos los próximos pasos.",
    "tests_lead": "Pruebas que planeamos:",
    "notes_later": "Las notas de su cirujano están más adelante.",
    "h_contact": "A quién llamar",
    "contact_day": "Preguntas o problemas",
    "contact_night": "De noche y los fines de semana",
    "write_phone": "Escriba aquí nuestro número:",
    "box_title": "Pida ayuda urgente ahora",
    "box_after": "No espere a hablar con nosotros. No conduzca usted. Avísenos después.",
    "box_emergency_number": "Llame al {number} ahora si tiene:",
    "box_emergency_room_now": "Vaya a urgencias ahora si tiene algo nuevo:",
    "glance_caption": "Sobre el dibujo de la página 1:",
    # una medida escrita que no coincide con el contorno en la imagen
    "size_both_scan": "Mide unos {length} cm de largo y {width} cm de ancho, según la medida "
                      "de su estudio.",
    "size_one_scan": "Mide unos {size} cm, según la medida de su estudio.",
    # una medida escrita para una zona marcada en una imagen: esa medida, nunca la del contorno
    "size_typed_scan": "La zona {n} mide unos {size} cm. Su contorno aquí está dibujado a mano.",
    "glance_no_needle": "Un meningocele nunca se estudia con una aguja.",
    "glance_biopsy_asked": "Su cirujano también anotó una biopsia. Pregunte para qué es, y "
                           "para qué zona.",
}
