"""The page sizes are one list (classroom/paper.py): forms, checks and the database follow it."""
from __future__ import annotations

import pytest

from classroom.auth.forms import SignUpForm
from classroom.paper import DEFAULT_PAGE_SIZE, PAGE_SIZE_CHOICES, PAGE_SIZES, PAPERS, check_page_size
from classroom.schools.forms import SchoolForm


def _offered(field) -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label, *_rest in field.iter_choices()]


def test_every_paper_size_menu_offers_the_list_with_a4_first(app) -> None:
    listed = [(choice.value, str(choice.label)) for choice in PAGE_SIZE_CHOICES]
    with app.test_request_context():
        assert _offered(SchoolForm().page_size) == listed == [("A4", "A4"), ("Letter", "US Letter")]
        form = SignUpForm()
        assert _offered(form.page_size) == listed and form.page_size.default == DEFAULT_PAGE_SIZE


@pytest.mark.parametrize("size", PAGE_SIZES)
def test_each_size_passes_the_check_and_has_its_measures(size: str) -> None:
    assert check_page_size(size) == size
    assert PAPERS[size].width_mm < PAPERS[size].height_mm and PAPERS[size].labels_per_sheet > 0


@pytest.mark.parametrize("size", ["a4", "Legal", "", "A4; }"])
def test_any_other_size_is_refused(size: str) -> None:
    with pytest.raises(ValueError, match="page size must be one of A4, Letter"):
        check_page_size(size)
