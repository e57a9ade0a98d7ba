"""The domain: questionnaires, scoring, roadmap and report building.

Nothing in this package imports Flask or SQLAlchemy; the web app, the command line
and the tests all call these functions with plain data.
"""
