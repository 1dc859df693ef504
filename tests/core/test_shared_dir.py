"""The suite finds the shared reference folder wherever the checkout is: a setting
first, then beside the checkout, then beside the checkout it was cloned from; and
says where it looked when there is none."""

from __future__ import annotations

import pytest

from tests import shared_dir


def test_the_setting_comes_first(tmp_path, monkeypatch):
    (tmp_path / "formats" / "columns").mkdir(parents=True)
    monkeypatch.setenv("SI_SHARED_DIR", str(tmp_path))

    assert shared_dir.find_shared() == tmp_path.resolve()


def test_a_folder_without_the_formats_is_not_taken(tmp_path, monkeypatch):
    monkeypatch.setenv("SI_SHARED_DIR", str(tmp_path))  # empty: not the shared folder

    assert shared_dir.find_shared() != tmp_path.resolve()
    assert (shared_dir.find_shared() / "formats" / "columns").is_dir()


def test_none_found_says_where_it_looked(tmp_path, monkeypatch):
    monkeypatch.setenv("SI_SHARED_DIR", str(tmp_path))
    monkeypatch.setattr(
        shared_dir, "candidates", lambda: [tmp_path / "a", tmp_path / "b"]
    )

    with pytest.raises(RuntimeError) as exc:
        shared_dir.find_shared()

    assert f"Looked in: {tmp_path / 'a'}, {tmp_path / 'b'}" in str(exc.value)
    assert "SI_SHARED_DIR" in str(exc.value)
