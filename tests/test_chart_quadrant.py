"""The quadrant picture on the leadership page: the four named corners, today's position
and, with a baseline, where it stood then."""

from __future__ import annotations

import pytest
from matplotlib.patches import FancyArrowPatch

from gapassess.domain.charts import figure_png
from gapassess.domain.charts.alt_text import quadrant_alt
from gapassess.domain.charts.quadrant import position, quadrant_chart
from tests import report_support as rs


@pytest.fixture(scope="module")
def results():
    return (rs.result_for(rs.answers("compliance-only-2025")),
            rs.result_for(rs.answers("compliance-only")))


def _texts(figure) -> list[str]:
    axes = figure.axes[0]
    return [t.get_text() for t in axes.texts]


def test_corners_named_and_today_placed_at_the_overall_scores(results):
    _then, now = results
    figure = quadrant_chart(now)
    axes = figure.axes[0]
    texts = _texts(figure)
    for name in ("Gap", "Informal", "Compliance-only", "Outcome-driven"):
        assert name in texts
    # what each corner means, wrapped to fit inside its corner
    assert "a certificate and a binder" in [t.replace("\n", " ") for t in texts]
    points = [c.get_offsets()[0].tolist() for c in axes.collections]
    assert points == [list(position(now))]
    assert (now.overall.compliance_score, now.overall.outcome_score) == position(now)
    assert f"Now {now.overall.compliance_score:.0f} / {now.overall.outcome_score:.0f}" in texts
    # the dividing lines sit on the score thresholds
    lines = {tuple(line.get_xdata()) for line in axes.lines} | {
        tuple(line.get_ydata()) for line in axes.lines}
    c_limit = now.model.compliance_score_threshold
    assert (c_limit, c_limit) in lines
    assert not [p for p in axes.patches if isinstance(p, FancyArrowPatch)]
    assert figure_png(figure).startswith(b"\x89PNG")


def test_baseline_drawn_with_an_arrow_to_today(results):
    then, now = results
    figure = quadrant_chart(now, then)
    axes = figure.axes[0]
    points = [c.get_offsets()[0].tolist() for c in axes.collections]
    assert points == [list(position(then)), list(position(now))]
    assert [p for p in axes.patches if isinstance(p, FancyArrowPatch)]
    assert f"Baseline {then.overall.compliance_score:.0f} / {then.overall.outcome_score:.0f}" \
        in _texts(figure)
    alt = quadrant_alt(now, then)
    assert "compliance-only corner" in alt and "An arrow runs from the baseline" in alt


def test_nothing_rated_says_so():
    empty = rs.result_for([])
    figure = quadrant_chart(empty)
    assert "Not enough items are rated on both axes yet" in _texts(figure)
    assert "not enough items are rated" in quadrant_alt(empty)
