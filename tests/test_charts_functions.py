"""Chart functions: a Figure with the expected artists, PNG output, alt text, empty results."""

from __future__ import annotations

import subprocess
import sys

import matplotlib.dates as mdates
import pytest
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.image import AxesImage

from gapassess.domain.charts import (
    CHARTS,
    chart_alt_text,
    clause_profile_chart,
    figure_png,
    gantt_chart,
    heatmap_chart,
    item_map_chart,
    readiness_by_change_chart,
)
from gapassess.domain.charts.data import gantt_rows, readiness_by_change
from tests import report_support as rs

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def result():
    return rs.result_for(rs.answers("compliance-only"))


@pytest.fixture(scope="module")
def empty_result():
    return rs.result_for([])


def _axes(figure: Figure):
    return figure.axes[0]


def test_clause_profile_has_one_bar_per_clause_on_each_axis(result):
    figure = clause_profile_chart(result)
    clauses = [c for c in result.clauses if c.level == "clause"]
    containers = _axes(figure).containers
    assert len(containers) == 2
    assert [len(c) for c in containers] == [len(clauses)] * 2
    heights = [round(bar.get_height(), 6) for bar in containers[0]]
    ordered = sorted(clauses, key=lambda c: int(c.clause))
    assert heights == [round(c.compliance_score or 0, 6) for c in ordered]
    # grey print: the two series differ by hatching, not only by colour
    assert containers[0][0].get_hatch() != containers[1][0].get_hatch()


def test_item_map_marks_2026_changes_with_their_own_marker(result):
    figure = item_map_chart(result)
    collections = [c for c in _axes(figure).collections if isinstance(c, PathCollection)]
    answered = [i for i in result.items if i.status == "answered"]
    changed = sum(i.change != "unchanged" for i in answered)
    sizes = sorted(len(c.get_offsets()) for c in collections)
    assert sizes == sorted([changed, len(answered) - changed])
    paths = {len(c.get_paths()[0].vertices) for c in collections}
    assert len(paths) == 2  # triangle and circle are different shapes


def test_heatmap_has_one_row_per_subclause_and_values_written_in(result):
    figure = heatmap_chart(result)
    rows = [c for c in result.clauses if c.level == "subclause"]
    images = [a for a in _axes(figure).get_children() if isinstance(a, AxesImage)]
    assert len(images) == 1
    assert images[0].get_array().shape == (len(rows), 2)
    labels = [t.get_text() for t in _axes(figure).texts]
    expected = ["n/a" if v is None else f"{v:.0f}"
                for r in rows for v in (r.compliance_score, r.outcome_score)]
    assert sorted(labels) == sorted(expected)


def test_gantt_one_bar_per_action_and_target_date_line(result):
    actions = result.roadmap.actions
    figure = gantt_chart(result, max_rows=len(actions))
    axes = _axes(figure)
    work = [a for a in actions if a.kind != "milestone"]
    assert len(axes.patches) - len(result.roadmap.phases) == len(work)
    milestones = sum(len(c.get_offsets()) for c in axes.collections
                     if isinstance(c, PathCollection))
    assert milestones == sum(a.kind == "milestone" for a in actions)
    target = mdates.date2num(result.roadmap.target_date)
    assert any(line.get_xdata()[0] == target for line in axes.lines)


def test_gantt_groups_rows_when_there_are_many_actions(result):
    assert len(result.roadmap.actions) > 20
    rows = gantt_rows(result, max_rows=20)
    assert len(rows) < len(result.roadmap.actions)
    assert sum(r.count for r in rows) == len(result.roadmap.actions)
    figure = gantt_chart(result, max_rows=20)
    assert len(_axes(figure).get_yticklabels()) == len(rows)


def test_readiness_by_change_has_a_bar_pair_per_change_kind(result):
    figure = readiness_by_change_chart(result)
    rows = readiness_by_change(result)
    containers = _axes(figure).containers
    assert [len(c) for c in containers] == [len(rows)] * 2
    kinds = {i.change for i in result.items if i.status == "answered"}
    assert {r.kind for r in rows} == kinds


@pytest.mark.parametrize("key", sorted(CHARTS))
def test_every_chart_renders_png_and_has_alt_text(result, key):
    figure = CHARTS[key].draw(result)
    assert isinstance(figure, Figure)
    png = figure_png(figure)
    assert png.startswith(PNG_SIGNATURE) and len(png) > 5000
    text = chart_alt_text(key, result)
    assert len(text) > 60 and any(ch.isdigit() for ch in text)


@pytest.mark.parametrize("key", sorted(CHARTS))
def test_charts_of_an_empty_assessment_still_draw(empty_result, key):
    png = figure_png(CHARTS[key].draw(empty_result))
    assert png.startswith(PNG_SIGNATURE)
    assert chart_alt_text(key, empty_result)


def test_alt_text_names_the_numbers_drawn(result):
    text = chart_alt_text("clause_profile", result)
    for clause in (c for c in result.clauses if c.level == "clause"):
        assert f"clause {clause.clause}:" in text
    with pytest.raises(ValueError, match="Unknown chart"):
        chart_alt_text("pie", result)


def test_charts_never_touch_pyplot():
    code = (
        "import sys\n"
        "from tests import report_support as rs\n"
        "from gapassess.domain.charts import CHARTS, figure_png\n"
        "r = rs.result_for(rs.answers())\n"
        "[figure_png(c.draw(r)) for c in CHARTS.values()]\n"
        "assert 'matplotlib.pyplot' not in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("key", ["gantt", "heatmap", "readiness_by_change", "clause_profile"])
def test_axis_labels_are_not_cut_off_at_print_resolution(result, key):
    figure = CHARTS[key].draw(result)
    figure.set_dpi(150)
    renderer = figure.canvas.get_renderer()
    for text in [*figure.axes[0].get_yticklabels(), *figure.axes[0].get_xticklabels()]:
        box = text.get_window_extent(renderer)
        if text.get_text():
            assert box.x0 >= 0 and box.x1 <= figure.bbox.width, text.get_text()
            assert box.y0 >= 0, text.get_text()


@pytest.mark.parametrize("capacity", [2.0, 6.0, 8.0, 30.0])
def test_gantt_phase_names_never_touch(capacity):
    """A long roadmap (low capacity) squeezes the first phases into a sliver: their names
    go on separate lines, far enough apart that no two names' boxes meet."""
    from tests import report_support as rs

    result = rs.result_for(rs.answers("compliance-only"), capacity=capacity)
    figure = gantt_chart(result)
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    names = [t for t in _axes(figure).texts if t.get_text().startswith("Phase")]
    assert len(names) >= 2
    boxes = [t.get_window_extent(renderer).padded(2) for t in names]  # 2 px of air
    for n, first in enumerate(boxes):
        for second in boxes[n + 1:]:
            assert not first.overlaps(second), (first, second)
