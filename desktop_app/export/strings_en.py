"""English words the patient PDF writes itself (headings, captions, connecting sentences).

Plain English, US grade 8 or below (checked by ``tests/unit/test_pdf_strings.py``).
Placeholders in {braces} are filled in by the code. Every other language
(``strings_es.py``) has the same keys; a missing key falls back to these.
"""

from __future__ import annotations

from typing import Any

STRINGS_EN: dict[str, Any] = {
    "months": ["January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December"],
    "date": "{month} {day}, {year}",       # US order (:func:`.strings.strings_for`)
    "date_day_first": "{day} {month} {year}",  # a clinic outside the US
    "decimal": ".",
    "doc_title": "Your visit summary",
    "doc_subject": "A summary of your visit about a growth in the space behind the "
                   "rectum",
    "default_clinic": "Your surgical team",
    "phone": "Phone: {phone}",
    "title": "Your visit summary",
    "intro": "This is a short record of what we talked about today. Keep it, read it "
             "again at home, and share it with your family or your own doctor if you wish.",
    "visit_date": "Visit date",
    "clinician": "Seen by",
    "patient_name": "Name",
    "date_of_birth": "Date of birth",
    # diagram
    "h_diagram": "The drawing we used",
    "caption_sagittal": "This drawing shows the lower body from the side, as if cut down "
                        "the middle. The front of the body is on the {front}.",
    "caption_axial": "This drawing shows a slice across the lower body, at the level of "
                     "the sacrum (the bone at the base of the spine). We see it as if "
                     "looking up from the feet.",
    "caption_posterior": "This drawing shows the lower back and buttocks from behind, as you "
                         "would see them standing behind you. The bones under the skin are "
                         "drawn as if you could see through it.",
    "caption_marks": "The numbered shapes show what your surgeon marked.",
    "caption_key": "The key under the drawing says what each mark means.",
    "caption_s3": "The dashed line shows the middle of the sacrum (the S3 level).",
    "left": "left",
    "right": "right",
    "s3_label": "S3 level",
    "legend_title": "Key to the marks",
    # the patient's own key images
    "h_images": "Pictures from your scans",
    "images_intro": "These are pictures from your own scans. The marks show what your "
                    "surgeon pointed out.",
    "where_image": "Your surgeon marked it on a picture from your scan.",
    "also_image": "It is also marked on a picture from your scan.",
    "size_scan": "On this picture, area {n} is about {length} × {width} cm.",
    # what we found
    "h_found": "What we found",
    "found_intro": "Here is what we saw, in plain words. Your scans will give more detail.",
    "area": "Area {n}",
    "where_low": "It is low down, near the tailbone.",
    "where_high": "It is higher up, near the middle of the sacrum.",
    "where_spans": "It reaches from the middle of the sacrum down toward the "
                   "tailbone.",
    "where_axial": "It is shown on the slice drawing, at the level of the sacrum.",
    "where_in": "On the drawing, it sits in the {place}.",
    "size_both": "It is about {length} cm long and {width} cm wide.",
    "size_one": "It is about {size} cm across.",
    "look_cystic": "On the scan it looks like a sac filled with fluid (a cyst).",
    "look_solid": "On the scan it looks solid, made of tissue rather than fluid.",
    "look_mixed": "On the scan it looks partly solid and partly filled with fluid.",
    "type_listed": "Your surgeon thinks it may be {type}.",
    "type_named": "Your surgeon thinks it may be the kind of growth called {type}.",
    "type_free": "Your surgeon wrote down what it may be: {text}.",
    "type_more": "Tests will tell us more.",
    "legend_cystic": "filled with fluid",
    "legend_solid": "solid",
    "legend_mixed": "partly solid, partly fluid",
    "key_on_drawing": ": on a later drawing.",
    "key_on_image": ": on a picture from your scan.",
    "legend_size": "{length} × {width} cm",
    "legend_size_one": "{size} cm",
    # checklists
    "h_symptoms": "Your symptoms",
    "symptoms_intro": "You told us about these symptoms:",
    "h_tests": "Tests we plan",
    "tests_intro": "We would like you to have these tests. Each one helps us plan your "
                   "care.",
    "why": "Why we do it",
    "expect": "What to expect",
    "prepare": "How to get ready",
    "h_treatments": "Treatment options we discussed",
    "treatments_intro": "These are the choices we talked about. We will decide the next "
                        "steps together.",
    "planned": "This is the plan we agreed on.",
    "recovery": "Getting better afterward",
    "side_effects": "Possible side effects",
    "approach_title": "How your surgeon plans to reach area {n}",
    "approach_posterior": "Your surgeon plans to reach it from behind, through a cut "
                          "over the tailbone.",
    "approach_anterior": "Your surgeon plans to reach it from the front, through the "
                         "belly.",
    "approach_combined": "Your surgeon plans to reach it both from the front, through "
                         "the belly, and from behind.",
    "approach_why_posterior": "This is usual when the growth sits low, below the middle "
                              "of the sacrum.",
    "approach_why_anterior": "This is usual when the growth sits higher up.",
    "approach_why_combined": "This is usual when the growth is large or reaches both "
                             "high and low.",
    "approach_more": "Two more things count: could it be cancer, and has it grown into "
                     "bone, blood vessels, nerves or other organs?",
    "approach_title_all": "How your surgeon plans to reach each area",
    "glance_which_areas": "Your surgeon marked {n} areas. Ask which of them this plan is for.",
    "approach_open_more": "There is no plan yet. Ask about it at your next visit.",
    "approach_note": "Your surgeon's note: {text}",
    "h_notes": "Notes from your surgeon",
    "h_questions": "Questions to ask",
    "questions_intro": "You may want to ask us some of these. Mark the ones that matter "
                       "to you and bring this page next time.",
    "own_questions": "Your own questions:",
    "h_glossary": "Words to know",
    "glossary_intro": "Some words in this summary that doctors often use:",
    "h_call": "When to call us",
    "call_unsure": "If you are not sure what to do, it is always better to call.",
    "call_intro": "Call us if you notice any of these:",
    "call_phone": "Call us at {phone}.",
    "h_emergency": "When to call emergency services",
    # where to go and how fast, by the content's urgency (most urgent first)
    "urgency_emergency_number": "Call {emergency_number} now",
    "urgency_emergency_room_now": "Go to the emergency room now",
    "urgency_at_once": "Call us at once, or go to the emergency room if you cannot reach us",
    "urgency_same_day": "Call us the same day",
    "call_other": "Other reasons to call us",
    "continued": "{title} (continued)",   # a card's title on the page it goes on to
    "h_after_operation": "After your operation",
    # the nerve signs after an operation (the emergency-room card above lists them all)
    "after_operation_nerves": "After surgery, some numbness right next to the wound is common. "
                              "New tingling or weakness in one leg only: call us the same day.",
    "phone_day": "Your team's phone:",
    "phone_night": "At night and on weekends:",
    "phone_emergency": "In an emergency, call {emergency_number}.",
    "not_chosen": "This is not the plan we chose. Ask us if you want to know more about it.",
    "safety_elsewhere": "The other warning signs are in \u201cWhen to call us\u201d, page {page}.",
    "safety": "When to get help",
    "since_visit": "You have this already. Below, \u201cnew\u201d means new, or worse than at your "
                   "visit on {date}.",
    "area_one": "area {n}",
    "area_many": "areas {head} and {last}",
    "biopsy_meningocele": "Your surgeon thinks {areas} may be a meningocele, a pouch of "
                          "spinal fluid. A meningocele is never tested with a needle. Germs "
                          "could reach the fluid around the spine. An MRI scan can show it "
                          "without a needle. Ask your surgeon which test they plan, and for "
                          "which area.",
    "h_disclaimer": "About this summary",
    "checked_by_writers": "The general information in this summary comes from published "
                          "medical sources. Its writers last checked it against them on "
                          "{date}.",
    "footer_left": "Visit summary, {date} · {clinic}",  # a long clinic name is cut, never the date
    "footer_right": "Page {page} of {total}",
    # page 1: the visit at a glance
    "and": " and ",
    "h_found_more": "More about what we found",
    "h_next": "What happens next",
    "plan_lead": "The plan we agreed on:",
    "plan_more": "Its risks are explained later.",
    "discussed_lead": "Treatments we talked about:",
    "discussed_more": "We will decide the next steps together.",
    "tests_lead": "Tests we plan:",
    "notes_later": "Your surgeon's notes are later in this summary.",
    "h_contact": "Who to call",
    "contact_day": "Questions or problems",
    "contact_night": "At night and on weekends",
    "write_phone": "Write our number here:",
    "box_title": "Get emergency help now",
    "box_after": "Do not wait to reach us first, and do not drive yourself. Tell us "
                 "afterward.",
    "box_emergency_number": "Call {number} now for:",
    "box_emergency_room_now": "Go to the emergency room now for:",
    "glance_caption": "About the drawing on page 1:",
    # a size typed for a lesion that its outline on a scan does not match
    "size_both_scan": "It is about {length} cm long and {width} cm wide, as measured on your "
                      "scan.",
    "size_one_scan": "It is about {size} cm across, as measured on your scan.",
    # a size typed for an area marked on a scan: the typed size, never the outline's
    "size_typed_scan": "Area {n} is about {size} cm. Its outline here is drawn by hand.",
    "glance_no_needle": "A meningocele is never tested with a needle.",
    "glance_biopsy_asked": "Your surgeon also noted a biopsy. Ask what it is for, and for "
                           "which area.",
}
