"""api_choice: the one place that says which API the settings name."""

from __future__ import annotations

from desktop.settings import API_ENDPOINT, USE_LOCAL_BACKEND, ApiChoice, SettingsStore, api_choice


def values(**changed):
    return {**SettingsStore.defaults(), **changed}


def test_the_built_in_backend_when_chosen_whatever_endpoint_is_typed():
    choice = api_choice(values(use_local_backend=True, api_endpoint="https://api.example"))
    assert choice == ApiChoice(None) and choice.local and not choice.incomplete


def test_the_endpoint_when_the_built_in_backend_is_turned_off():
    choice = api_choice(values(use_local_backend=False, api_endpoint="https://api.example"))
    assert choice == ApiChoice("https://api.example") and not choice.local


def test_turned_off_without_an_endpoint_is_incomplete_and_runs_the_built_in_backend():
    choice = api_choice(values(use_local_backend=False, api_endpoint=""))
    assert choice.incomplete and choice.local


def test_the_defaults_use_the_built_in_backend():
    assert USE_LOCAL_BACKEND.default is True and API_ENDPOINT.default == ""
    assert api_choice(SettingsStore.defaults()).local
