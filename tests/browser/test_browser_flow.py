"""What a person does: log in, create an assessment, answer, read results, edit the roadmap,
download the report; and the questionnaire at phone width."""

from __future__ import annotations

import re

import docx
import pytest
from playwright.sync_api import expect

from gapassess.domain.questionnaire import get_questionnaire
from tests.browser.axe import assert_accessible

pytestmark = pytest.mark.browser


def _radio(article, item_id: str, scale: str, level: int):
    return article.locator(f'[id="f-{item_id}-{scale}-{level}"]')


def test_assess_results_roadmap_report(page, site, tmp_path):
    bank = get_questionnaire()
    items = [i for i in bank.items if i.top_clause == "4"][:3]
    site.login(page)

    # Create an assessment on the organisation's page.
    page.goto(f"{site.url}/orgs/{site.org_id}")
    page.get_by_role("link", name="New assessment").click()
    page.get_by_label("Title").fill("Browser walk-through")
    page.get_by_role("button", name="Create assessment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Browser walk-through")
    assessment_id = int(re.search(r"/assessments/(\d+)", page.url).group(1))

    # Answer three items; each autosaves and says so, and the page's progress bars, clause
    # count and the item's change history follow each save.
    page.goto(f"{site.url}/assessments/{assessment_id}/clauses/4")
    # autosave works, so the page-wide Save button (for pages without script) is not shown
    expect(page.get_by_role("button", name="Save all changes on this page")).to_be_hidden()
    in_clause = sum(1 for i in bank.items if i.top_clause == "4")
    clause_label = page.locator('[data-progress="clause-4"] [data-role="progress-label"]')
    overall_label = page.locator('[data-progress="overall"] [data-role="progress-label"]')
    for n, item in enumerate(items):
        article = page.locator(f'article[id="item-{item.id}"]')
        state = article.locator('[data-role="state"][data-for~="compliance"]')  # beside the scales
        history = article.locator("details.history")
        _radio(article, item.id, "compliance", n).check()
        expect(state).to_have_class(re.compile(r"\bis-saved\b"))
        expect(article.locator('[data-role="item-status"]')).to_have_text("Started")
        expect(clause_label).to_have_text(f"{n} of {in_clause} answered, 1 started")
        expect(history.locator("summary")).to_have_text("Change history (1)")
        _radio(article, item.id, "outcome", 1).check()
        expect(state).to_have_class(re.compile(r"\bis-saved\b"))
        expect(state).to_contain_text("Saved")
        expect(clause_label).to_have_text(f"{n + 1} of {in_clause} answered")
        expect(history.locator("summary")).to_have_text("Change history (2)")
        history.locator("summary").click()
        expect(history.locator("ol > li").first).to_contain_text("Outcome:")
        expect(history.locator("ol > li").last).to_contain_text("(first answer)")
    expect(overall_label).to_have_text(f"3 of {len(bank.items)} answered")
    expect(page.locator('[data-progress-count="4"]')).to_have_text(f"3/{in_clause}")
    page.reload()
    expect(clause_label).to_have_text(f"3 of {in_clause} answered")  # the server agrees
    expect(overall_label).to_have_text(f"3 of {len(bank.items)} answered")
    for n, item in enumerate(items):
        article = page.locator(f'article[id="item-{item.id}"]')
        expect(_radio(article, item.id, "compliance", n)).to_be_checked()
        expect(_radio(article, item.id, "outcome", 1)).to_be_checked()
        expect(article.locator("details.history summary")).to_have_text("Change history (2)")

    # Results: the indices and the charts are there and the images load.
    page.goto(f"{site.url}/assessments/{assessment_id}/results")
    expect(page.get_by_role("heading", name="Conformity readiness")).to_be_visible()
    expect(page.locator(".index-value").first).to_have_text(re.compile(r"^\d+%$"))
    charts = page.locator("figure.chart img")
    expect(charts).to_have_count(4)
    for i in range(4):
        img = charts.nth(i)
        img.scroll_into_view_if_needed()
        expect(img).to_have_attribute("alt", re.compile(r".{40,}"))
        page.wait_for_function("img => img.complete && img.naturalWidth > 100",
                               arg=img.element_handle())

    # Roadmap: edit the first action's owner and status.
    page.get_by_role("link", name="Roadmap").first.click()
    first = page.locator("li.card.action").first
    first.locator("summary").click()
    first.get_by_label("Owner").fill("Quality lead <Sam>")
    first.get_by_label("Status").select_option("in-progress")
    first.get_by_role("button", name="Save").click()
    expect(page.locator(".flash-success")).to_contain_text("Saved")
    first = page.locator("li.card.action").first
    expect(first.locator(".edit-values")).to_contain_text("Quality lead <Sam>")
    expect(first.locator(".edit-values")).to_contain_text("In progress")

    # The Word report downloads and opens.
    with page.expect_download() as info:
        page.get_by_role("link", name="Word report").click()
    target = tmp_path / "report.docx"
    info.value.save_as(target)
    document = docx.Document(str(target))
    assert any("Acme Widgets" in p.text for p in document.paragraphs)


def _no_horizontal_scroll(page) -> None:
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"{page.url} scrolls sideways: {widths}"


def test_phone_width_has_no_horizontal_scroll(phone, site):
    site.login(phone)
    for path in ("/clauses/4", "/clauses/7", "/results", "/roadmap", "/results/clauses/6",
                 "/clauses/4?view=compact", "/clauses/7?view=compact"):
        phone.goto(f"{site.url}/assessments/{site.assessment_id}{path}")
        phone.wait_for_load_state("load")
        _no_horizontal_scroll(phone)
        assert_accessible(phone, f"{path} at phone width")


def test_a_conflict_shows_both_versions_and_the_other_persons_change(page, phone, site):
    """Two people on the same item: the later save is refused, both versions are shown, the
    history gains the other person's change, and overwriting adds the own change on top."""
    url = f"{site.url}/assessments/{site.assessment_id}/clauses/4"
    site.login(page)
    site.login(phone)
    page.goto(url)
    phone.goto(url)
    first = page.locator("article.item").nth(5)
    second = phone.locator("article.item").nth(5)
    item_id = first.get_attribute("id").removeprefix("item-")
    history = first.locator("details.history summary")
    before = int(re.search(r"\((\d+)\)", history.inner_text()).group(1))

    _radio(second, item_id, "compliance", 4).check()
    expect(second.locator('[data-role="state"][data-for~="compliance"]')).to_have_class(re.compile(r"\bis-saved\b"))
    mine = 3 if _radio(first, item_id, "compliance", 2).is_checked() else 2  # a real change
    _radio(first, item_id, "compliance", mine).check()
    panel = first.locator(".conflict")
    expect(panel).to_be_visible()
    expect(panel).to_contain_text("4 · Assured")
    expect(panel).to_contain_text(f"{mine} · ")
    expect(history).to_have_text(f"Change history ({before + 1})")  # the other person's change
    expect(first.locator("details.history li .after").first).to_have_text("4 · Assured")
    assert_accessible(page, "clause page showing a conflict")

    panel.get_by_role("button", name="Overwrite with mine").click()
    expect(panel).to_have_count(0)
    expect(first.locator('[data-role="state"][data-for~="compliance"]')).to_have_class(re.compile(r"\bis-saved\b"))
    expect(history).to_have_text(f"Change history ({before + 2})")
    page.reload()
    expect(history).to_have_text(f"Change history ({before + 2})")

    # The phone still has the item at the version it saved: its next change conflicts, and
    # keeping the other answer shows that answer, its status and the whole history.
    second.locator('[data-field="notes"]').fill("Phone notes")
    second.locator('[data-field="notes"]').blur()
    phone_panel = second.locator(".conflict")
    expect(phone_panel).to_be_visible()
    phone_panel.get_by_role("button", name="Keep theirs").click()
    expect(phone_panel).to_have_count(0)
    expect(_radio(second, item_id, "compliance", mine)).to_be_checked()
    expect(second.locator('[data-field="notes"]')).to_have_value("")
    expect(second.locator('[data-role="item-status"]')).to_have_text("Answered")
    expect(second.locator("details.history summary")).to_have_text(
        f"Change history ({before + 2})")
