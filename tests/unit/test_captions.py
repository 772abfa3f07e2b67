"""The app's own picture captions follow the patient's language; the surgeon's stay."""


def test_app_captions_follow_the_language_surgeon_captions_stay():
    from desktop_app.model.captions import caption_in

    assert caption_in("Your MRI scan", "MR", "es") == "Su resonancia magnética"
    assert caption_in("", "CT", "es") == "Su TAC"
    assert caption_in("Su TAC", "CT", "en") == "Your CT scan"
    assert caption_in("Side view of the growth", "MR", "es") == "Side view of the growth"
    assert caption_in("Your CT scan", "", "es") == "Su TAC"      # the same suggestion
    assert caption_in("Your CT scan", "", "en") == "Your CT scan"
