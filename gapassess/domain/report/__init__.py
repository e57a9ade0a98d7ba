"""The Word report: ``build_report(result, questionnaire, answers, meta, ...)``.

The same builder serves the command line, the web download and the tests. Modules:
``document`` (Word building blocks), ``template`` (styles from a .docx), ``text``
(making typed text safe), one module per chapter, and ``builder`` tying them together.
"""

from gapassess.domain.report.builder import build_report, report_bytes, save_report
from gapassess.domain.report.meta import ReportMeta
from gapassess.domain.report.template import ReportTemplateError, reference_template

__all__ = [
    "ReportMeta",  # i18n: not shown
    "ReportTemplateError",  # i18n: not shown
    "build_report",
    "reference_template",
    "report_bytes",
    "save_report",
]
