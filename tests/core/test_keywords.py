from qualcode.coding.keywords import KeywordMatcher, fold_text


def test_fold_keeps_length_and_drops_accents():
    text = "Cooperación ÑUÑOA Joaquín’s"
    assert fold_text(text) == "cooperacion nunoa joaquin's"
    assert len(fold_text(text)) == len(text)


def test_accented_keywords_plural_inflection_phrase_and_stem():
    matcher = KeywordMatcher({"coop": ["cooperación", "caja común"], "trust": ["trust", "confi*"]})
    text = "Las COOPERACIONES, la Caja\ncomún; confío y Confianza; trusted; distrust."
    hits = [(h.code, text[h.start : h.end]) for h in matcher.find(text)]
    assert hits == [
        ("coop", "COOPERACIONES"),
        ("coop", "Caja\ncomún"),
        ("trust", "confío"),
        ("trust", "Confianza"),
        ("trust", "trusted"),
    ]


def test_short_keywords_only_take_plural_endings():
    matcher = KeywordMatcher({"fair": ["feria"], "state": ["state"], "red": ["red"]})
    assert matcher.codes_in("Las ferias del estado") == {"fair"}
    assert matcher.codes_in("redes y statement") == {"red"}
    assert matcher.codes_in("reddish") == set()


def test_empty_matcher():
    matcher = KeywordMatcher({"x": ["", "*"]})
    assert not matcher and matcher.find("anything") == []
