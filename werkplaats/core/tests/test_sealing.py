import pytest

from werkplaats.core.sealing import seal, unseal


def test_sealed_data_opens_again_and_hides_its_content():
    token = seal({"link": "https://example.org/reset/geheim"})
    assert "geheim" not in token
    assert unseal(token) == {"link": "https://example.org/reset/geheim"}


def test_a_changed_token_is_refused():
    token = seal({"a": 1})
    tampered = token[:-4] + ("AAAA" if token[-4:] != "AAAA" else "BBBB")
    with pytest.raises(ValueError):
        unseal(tampered)


def test_old_keys_still_open_after_a_key_rotation(settings):
    token = seal({"a": 1})
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-after-rotation-" + "x" * 30
    assert unseal(token) == {"a": 1}
    settings.SECRET_KEY_FALLBACKS = []
    with pytest.raises(ValueError):
        unseal(token)
