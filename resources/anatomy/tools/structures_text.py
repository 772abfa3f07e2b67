"""Names and plain-language descriptions of the structures, copied into anatomy.yaml.

Edit here and re-run gen_anatomy.py (or edit anatomy.yaml directly and copy the change back).
Lay names are short: they are the diagram's labels.
"""

STRUCTURES = {
    "l5_vertebra": {
        "medical": "Fifth lumbar vertebra (L5)",
        "lay": {"en": "lowest back bone", "es": "última vértebra de la espalda"},
        "description": {
            "en": "The lowest bone of the lower back, sitting on top of the sacrum.",
            "es": "El hueso más bajo de la zona lumbar, apoyado sobre el sacro.",
        },
        "topic": "low_back_pain",
    },
    "l5_s1_disc": {
        "medical": "L5–S1 intervertebral disc",
        "lay": {"en": "disc above the sacrum", "es": "disco sobre el sacro"},
        "description": {
            "en": "A cushion between the lowest back bone and the sacrum.",
            "es": "Un cojín entre la última vértebra de la espalda y el sacro.",
        },
        "topic": "low_back_pain",
    },
    "sacrum": {
        "medical": "Sacrum (S1–S5)",
        "lay": {"en": "base of the spine", "es": "base de la columna"},
        "description": {
            "en": "A triangular bone made of five joined segments (S1 to S5) at the base of the "
                  "spine; the tumor lies just in front of it.",
            "es": "Un hueso triangular formado por cinco segmentos unidos (S1 a S5) en la base "
                  "de la columna; el tumor está justo delante de él.",
        },
        "topic": "where_is_it",
    },
    "coccyx": {
        "medical": "Coccyx",
        "lay": {"en": "tailbone", "es": "coxis (hueso de la cola)"},
        "description": {
            "en": "The small bone at the very end of the spine; it is sometimes removed to "
                  "reach the tumor from behind.",
            "es": "El pequeño hueso al final de la columna; a veces se quita para llegar al "
                  "tumor por detrás.",
        },
        "topic": "surgery_posterior",
    },
    "sacral_nerves": {
        "medical": "Sacral nerve roots and foramina",
        "lay": {"en": "nerves from the sacrum", "es": "nervios del sacro"},
        "description": {
            "en": "Nerves that leave the sacrum through small holes and work the bladder, "
                  "bowel, sexual function and legs.",
            "es": "Nervios que salen del sacro por pequeños agujeros y controlan la vejiga, el "
                  "intestino, la función sexual y las piernas.",
        },
        "topic": "leg_pain",
    },
    "presacral_space": {
        "medical": "Presacral (retrorectal) space",
        "lay": {"en": "space in front of the sacrum", "es": "espacio delante del sacro"},
        "description": {
            "en": "A thin gap, about 1 cm wide, between the rectum and the sacrum; this "
                  "is where a presacral tumor grows.",
            "es": "Un espacio fino, de alrededor de 1 cm, entre el recto y el sacro; aquí es "
                  "donde crece un tumor presacro.",
        },
        "topic": "what_is_it",
    },
    "mesorectal_fascia": {
        "medical": "Mesorectum and mesorectal fascia",
        "lay": {"en": "fatty wrap of the rectum", "es": "envoltura de grasa del recto"},
        "description": {
            "en": "The layer of fat and its thin sheath that wraps the rectum; it forms "
                  "the front wall of the presacral space.",
            "es": "La capa de grasa y su fina funda que envuelven el recto; forma la pared "
                  "delantera del espacio presacro.",
        },
        "topic": "mri",
    },
    "rectum": {
        "medical": "Rectum",
        "lay": {"en": "rectum", "es": "recto (final del intestino)"},
        "description": {
            "en": "The last part of the bowel, about 12 to 15 cm long, lying in the curve of "
                  "the sacrum.",
            "es": "La última parte del intestino, de unos 12 a 15 cm, situada en la curva del "
                  "sacro.",
        },
        "topic": "rectal_exam",
    },
    "anal_canal": {
        "medical": "Anal canal and sphincters",
        "lay": {"en": "anus and its muscles", "es": "ano y sus músculos"},
        "description": {
            "en": "The short final passage to the outside, closed by ring muscles that keep "
                  "you continent.",
            "es": "El corto paso final hacia el exterior, cerrado por músculos en anillo que "
                  "mantienen la continencia.",
        },
        "topic": "bowel_control",
    },
    "peritoneal_reflection": {
        "medical": "Peritoneal reflection",
        "lay": {"en": "lining of the belly", "es": "revestimiento del abdomen"},
        "description": {
            "en": "The thin lining of the belly cavity, which dips down in front of the back "
                  "passage and forms the roof of the presacral space. The way in is planned "
                  "mainly from the tumor's level against S3 (some use S4), its size, and "
                  "whether it may be cancer or has grown into bone, vessels, nerves or organs.",
            "es": "El fino revestimiento de la cavidad abdominal, que baja por delante del "
                  "recto y forma el techo del espacio presacro. El camino para operar se planea "
                  "sobre todo por la altura del tumor respecto a S3 (algunos usan S4), su "
                  "tamaño, y si puede ser un cáncer o ha crecido hacia hueso, vasos, nervios u "
                  "órganos.",
        },
        "topic": "surgery_anterior",
    },
    "sigmoid_colon": {
        "medical": "Sigmoid colon",
        "lay": {"en": "lower large bowel", "es": "parte baja del colon"},
        "description": {
            "en": "The S-shaped part of the large bowel that leads into the rectum.",
            "es": "La parte en forma de S del intestino grueso que desemboca en el recto.",
        },
        "topic": "",
    },
    "bladder": {
        "medical": "Urinary bladder",
        "lay": {"en": "bladder", "es": "vejiga"},
        "description": {
            "en": "The bag that stores urine, behind the pubic bone.",
            "es": "La bolsa que guarda la orina, detrás del hueso del pubis.",
        },
        "topic": "urinary_problems",
    },
    "pubic_symphysis": {
        "medical": "Pubic symphysis",
        "lay": {"en": "front of the pelvic bone", "es": "pubis (frente de la pelvis)"},
        "description": {
            "en": "The joint where the two halves of the pelvis meet at the front.",
            "es": "La articulación donde las dos mitades de la pelvis se unen por delante.",
        },
        "topic": "",
    },
    "pelvic_floor": {
        "medical": "Pelvic floor (levator ani)",
        "lay": {"en": "pelvic floor muscles", "es": "músculos del suelo pélvico"},
        "description": {
            "en": "A sling of muscle from the pubic bone to the tailbone that holds up the "
                  "pelvic organs and helps bowel control.",
            "es": "Una hamaca de músculo del pubis al coxis que sostiene los órganos de la "
                  "pelvis y ayuda a controlar el intestino.",
        },
        "topic": "bowel_control",
    },
    "uterus": {
        "medical": "Uterus",
        "lay": {"en": "womb", "es": "útero (matriz)"},
        "description": {
            "en": "The womb, tipped forward over the bladder, in front of the rectum.",
            "es": "La matriz, inclinada hacia delante sobre la vejiga, delante del recto.",
        },
        "topic": "",
    },
    "vagina": {
        "medical": "Vagina",
        "lay": {"en": "vagina", "es": "vagina"},
        "description": {
            "en": "The passage from the womb to the outside, lying just in front of the back "
                  "passage.",
            "es": "El conducto del útero al exterior, situado justo delante del recto.",
        },
        "topic": "sexual_problems",
    },
    "prostate": {
        "medical": "Prostate",
        "lay": {"en": "prostate gland", "es": "próstata"},
        "description": {
            "en": "A walnut-sized gland below the bladder, around the urine tube and in front "
                  "of the rectum.",
            "es": "Una glándula del tamaño de una nuez bajo la vejiga, alrededor del conducto "
                  "de la orina y delante del recto.",
        },
        "topic": "urinary_problems",
    },
    "seminal_vesicles": {
        "medical": "Seminal vesicles",
        "lay": {"en": "semen glands", "es": "vesículas seminales"},
        "description": {
            "en": "Two small glands behind the bladder that make part of the semen.",
            "es": "Dos pequeñas glándulas detrás de la vejiga que producen parte del semen.",
        },
        "topic": "sexual_problems",
    },
    "piriformis": {
        "medical": "Piriformis muscle",
        "lay": {"en": "deep buttock muscle", "es": "músculo profundo de la nalga"},
        "description": {
            "en": "A muscle running from the front of the sacrum out to the hip; the sacral "
                  "nerves lie on it.",
            "es": "Un músculo que va de la cara delantera del sacro a la cadera; los nervios "
                  "sacros descansan sobre él.",
        },
        "topic": "leg_pain",
    },
    "internal_iliac_vessels": {
        "medical": "Internal iliac artery and vein",
        "lay": {"en": "pelvic blood vessels", "es": "vasos sanguíneos de la pelvis"},
        "description": {
            "en": "The main artery and vein of the pelvis, running along its side walls.",
            "es": "La arteria y la vena principales de la pelvis, a lo largo de sus paredes "
                  "laterales.",
        },
        "topic": "surgery_anterior",
    },
    "ureters": {
        "medical": "Ureters",
        "lay": {"en": "tubes from the kidneys", "es": "uréteres (tubos de los riñones)"},
        "description": {
            "en": "The two tubes that carry urine from the kidneys down to the bladder.",
            "es": "Los dos tubos que llevan la orina de los riñones a la vejiga.",
        },
        "topic": "surgery_anterior",
    },
    "hip_bone": {
        "medical": "Hip bone (ilium)",
        "lay": {"en": "hip bone", "es": "hueso de la cadera"},
        "description": {
            "en": "The large bone forming each side wall of the pelvis.",
            "es": "El hueso grande que forma cada pared lateral de la pelvis.",
        },
        "topic": "",
    },
    "gluteal_muscles": {
        "medical": "Gluteal muscles",
        "lay": {"en": "buttock muscles", "es": "músculos de la nalga"},
        "description": {
            "en": "The large muscles of the buttock, behind and beside the pelvis.",
            "es": "Los grandes músculos de la nalga, detrás y a los lados de la pelvis.",
        },
        "topic": "surgery_posterior",
    },
}
