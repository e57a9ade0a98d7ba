"""axe-core in a Playwright page: run the WCAG 2.x A/AA and best-practice rules, report
what fails and where.

axe is the vendored copy in tests/browser/vendor/axe-core (no network). It is put into the
page with ``page.evaluate`` rather than ``page.add_script_tag``: the app's
Content-Security-Policy allows scripts from 'self' only, so an injected inline
``<script>`` would be refused, while an evaluation from the test driver is not a page
script and is not subject to it.
"""

from __future__ import annotations

from pathlib import Path

AXE_JS = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"

# WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best practices.
TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice")

_RUN = """async ({tags, disabled, within}) => {
    const rules = Object.fromEntries(disabled.map(id => [id, {enabled: false}]));
    const result = await axe.run(within ? {include: [within]} : document, {
        runOnly: {type: "tag", values: tags},
        rules,
        resultTypes: ["violations"],
    });
    return result.violations.map(v => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        helpUrl: v.helpUrl,
        nodes: v.nodes.map(n => ({
            target: n.target.map(t => Array.isArray(t) ? t.join(" >>> ") : t).join(" "),
            html: n.html,
            summary: n.failureSummary,
        })),
    }));
}"""


def _load(page) -> None:
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))


def violations(page, disabled: tuple[str, ...] = (), within: str | None = None) -> list[dict]:
    """axe's violations on the page as it is now, or only inside the elements the CSS
    selector ``within`` finds (rule ids in ``disabled`` are not run)."""
    _load(page)
    return page.evaluate(_RUN, {"tags": list(TAGS), "disabled": list(disabled),
                                "within": within})


def new_violations(found: list[dict], before: list[dict]) -> list[dict]:
    """``found`` without the elements ``before`` already reported under the same rule."""
    seen = {(v["id"], n["target"]) for v in before for n in v["nodes"]}
    fresh = []
    for violation in found:
        nodes = [n for n in violation["nodes"] if (violation["id"], n["target"]) not in seen]
        if nodes:
            fresh.append({**violation, "nodes": nodes})
    return fresh


def describe(found: list[dict], where: str = "", nodes: int = 5) -> str:
    """The violations as readable lines: rule, impact, help; then for each element (the
    first ``nodes`` of a rule) its selector, its markup (shortened) and what axe says."""
    lines = []
    for violation in found:
        lines.append(f"{where}: [{violation['impact']}] {violation['id']}: "
                     f"{violation['help']} ({violation['helpUrl']})")
        if len(violation["nodes"]) > nodes:
            lines.append(f"    ({len(violation['nodes'])} elements, the first {nodes} shown)")
        for node in violation["nodes"][:nodes]:
            html = " ".join(node["html"].split())
            lines.append(f"    at {node['target']}  {html[:160]}")
            for hint in (node["summary"] or "").splitlines():
                if hint.strip():
                    lines.append(f"        {hint.strip()}")
    return "\n".join(lines)


def assert_accessible(page, where: str | None = None, disabled: tuple[str, ...] = (),
                      within: str | None = None) -> None:
    """Fail, naming every violation and element, unless axe finds none on the page (or
    inside ``within``)."""
    found = violations(page, disabled, within)
    assert not found, "axe-core violations:\n" + describe(found, where or page.url)
