"""Right-to-left text and direction overrides people type cannot reorder the page around
them: every printed value that could is wrapped in a directional isolate."""

from __future__ import annotations

from gapassess.domain.bidi import FSI, PDI, isolate, needs_isolation
from tests import factories

OVERRIDE = "Evil\u202eoC"


def test_only_text_that_can_turn_direction_is_wrapped():
    assert isolate("Acme Widgets") == "Acme Widgets"
    assert isolate("Café Müller ✓") == "Café Müller ✓"
    assert isolate(OVERRIDE) == f"{FSI}{OVERRIDE}{PDI}"
    assert needs_isolation("شركة الجودة") and needs_isolation("\u2067x")
    assert not needs_isolation("")


def test_names_are_isolated_in_pages(client, login_as, db, org_with_people):
    org, _, people = org_with_people
    people["viewer"].name = OVERRIDE
    org.name = "شركة الجودة"
    db.commit()
    login_as("consultant")
    page = client.get(f"/orgs/{org.id}/members").get_data(as_text=True)
    assert f"{FSI}{OVERRIDE}{PDI}" in page
    assert f"Members of {FSI}شركة الجودة{PDI}" in page
    assert OVERRIDE.replace("\u202e", "") not in page.replace(f"{FSI}{OVERRIDE}{PDI}", "")


def test_form_fields_get_the_value_as_typed(client, login_as, db, org_with_people):
    """The isolate is for display: an edit form sends back exactly what was stored."""
    org, _, _ = org_with_people
    org.name = OVERRIDE
    db.commit()
    login_as("consultant")
    page = client.get(f"/orgs/{org.id}/edit").get_data(as_text=True)
    assert f'value="{OVERRIDE}"' in page


def test_fast_path_keeps_ascii_output_unchanged(client, login_as, org_with_people):
    login_as("viewer")
    page = client.get("/").get_data(as_text=True)
    assert FSI not in page and PDI not in page
    assert factories.PASSWORD not in page
