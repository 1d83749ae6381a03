"""The layout works right to left (issue 13: ready for Arabic, Hebrew, Persian, Urdu pages).

The stylesheet uses logical properties (inline-start/end), so a page whose ``<html dir="rtl">``
mirrors. No right-to-left catalog exists yet, so the test sets the direction on real pages as a
right-to-left language would, at a Chromebook's and a phone's width, and checks what a reader
would see: the page starts on the right, nothing runs off the side, no control covers another,
and no text is cut off.
"""
from __future__ import annotations

from types import SimpleNamespace

import pytest
from playwright.sync_api import Page

from classroom import i18n

from .conftest import A11y, sign_in
from .test_letters_journeys import start_appeal, world  # noqa: F401

SIZES = {"chromebook": (1366, 768), "phone": (390, 844)}

# Measures the page as laid out: returns a list of problems (empty when it is right).
LAYOUT_PROBLEMS = """() => {
  const problems = [];
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > width + 1) {
    problems.push(`the page is wider than the window (${document.documentElement.scrollWidth} > ${width})`);
  }
  const shown = (el) => {
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return style.visibility !== 'hidden' && style.display !== 'none' && box.width > 1 && box.height > 1
      && !el.closest('.visually-hidden, .skip-link, [hidden]');
  };
  const name = (el) => `${el.tagName.toLowerCase()} "${(el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 40)}"`;
  const controls = [...document.querySelectorAll('a, button, input, select, textarea, label, h1, h2')].filter(shown);
  // Inside a scrolling box (a wide table), what is past the edge is reached by scrolling it.
  const scrolled = (el) => { for (let up = el.parentElement; up; up = up.parentElement) {
    if (['auto', 'scroll'].includes(getComputedStyle(up).overflowX)) return true; } return false; };
  for (const el of controls) {
    if (scrolled(el)) continue;
    const box = el.getBoundingClientRect();
    if (box.left < -1 || box.right > width + 1) problems.push(`${name(el)} runs off the side (${Math.round(box.left)}..${Math.round(box.right)})`);
  }
  for (let i = 0; i < controls.length; i++) {
    for (let j = i + 1; j < controls.length; j++) {
      const a = controls[i], b = controls[j];
      if (a.contains(b) || b.contains(a) || (a.tagName === 'LABEL' && a.control === b) || (b.tagName === 'LABEL' && b.control === a)) continue;
      const p = a.getBoundingClientRect(), q = b.getBoundingClientRect();
      const x = Math.min(p.right, q.right) - Math.max(p.left, q.left);
      const y = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
      if (x > 2 && y > 2) problems.push(`${name(a)} and ${name(b)} overlap`);
    }
  }
  for (const el of document.querySelectorAll('body *')) {
    if (!shown(el) || !el.childNodes.length) continue;
    const style = getComputedStyle(el);
    const clips = ['hidden', 'clip'].includes(style.overflowX) && style.textOverflow !== 'ellipsis';
    if (clips && el.scrollWidth > el.clientWidth + 1 && el.innerText.trim()) problems.push(`${name(el)} is cut off`);
  }
  return problems;
}"""

# Where the page starts: the brand sits at the right, and the main heading's text starts at its box's right.
STARTS = """() => {
  const width = document.documentElement.clientWidth;
  const brand = document.querySelector('.brand').getBoundingClientRect();
  const heading = document.querySelector('main h1');
  const text = document.createRange();
  text.selectNodeContents(heading);
  return {brand_right: brand.right, heading_right: heading.getBoundingClientRect().right,
          text_right: text.getBoundingClientRect().right, width};
}"""


def _check(page: Page, a11y: A11y, path: str) -> None:
    for label, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        page.goto(path)
        page.evaluate("document.documentElement.dir = 'rtl'")
        problems = page.evaluate(LAYOUT_PROBLEMS)
        assert not problems, f"{path} right to left at {label} size:\n  " + "\n  ".join(problems)
        starts = page.evaluate(STARTS)
        assert starts["brand_right"] > starts["width"] * 0.6, f"{path}: the brand is not at the start (right)"
        assert abs(starts["heading_right"] - starts["text_right"]) < 4, f"{path}: the heading does not start at the right"
        a11y.check(page)


def test_the_public_pages_mirror(page: Page, a11y: A11y) -> None:
    for path in ("/", "/auth/signin", "/auth/signup", "/auth/class"):
        _check(page, a11y, path)


def test_a_students_pages_and_the_editor_mirror(page: Page, a11y: A11y, world: SimpleNamespace) -> None:  # noqa: F811
    sign_in(page, a11y, "maya.k")
    letter_id = start_appeal(page, a11y, world)
    for path in ("/", f"/assignments/{world.assignment.id}", f"/letters/{letter_id}"):
        _check(page, a11y, path)


def test_a_teachers_pages_mirror(page: Page, a11y: A11y, world: SimpleNamespace) -> None:  # noqa: F811
    sign_in(page, a11y, "rivera@example.org")
    for path in ("/", f"/classes/{world.classroom.id}", "/cases/", f"/cases/{world.case.id}", "/lessons/"):
        _check(page, a11y, path)


@pytest.mark.parametrize(("language", "direction"), [("ar", "rtl"), ("he", "rtl"), ("fa", "rtl"), ("es", "ltr"), ("en", "ltr")])
def test_a_language_gives_its_direction(language: str, direction: str) -> None:
    """The page's ``dir`` comes from the page language (Babel's character order), so a
    right-to-left catalog needs nothing else."""
    assert i18n.direction_of(language) == direction
