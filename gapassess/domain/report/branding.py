"""A consultant firm's or an organisation's look on the report: a logo and two colours.

The rules here decide what may be stored (the web settings and the command line use them
alike): a colour is ``#RRGGBB`` dark enough to read on white; a logo is a PNG or JPEG
that really is one (its content is read, its name never trusted), of bounded size in
bytes and in pixels, and one Word can embed. The Word template is checked by
``template.check_template``.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from docx.shared import Cm, RGBColor

from gapassess.domain.report import styles
from gapassess.domain.report.text import clean
from gapassess.i18n import _

if TYPE_CHECKING:
    from docx.document import Document
    from docx.text.paragraph import Paragraph

KB = 1024
#: The largest logo file stored (a logo for a cover is a few dozen KB).
MAX_LOGO_BYTES = 1024 * KB
#: The most pixels a logo may have on either side, and the fewest.
MAX_LOGO_SIDE = 2500
MIN_LOGO_SIDE = 16
#: Image formats a logo may have (Pillow's names): what Word shows everywhere.
LOGO_FORMATS = {"PNG": "png", "JPEG": "jpeg"}  # i18n: not shown (format names)
#: The least contrast a colour needs against the white page (WCAG's for large text):
#: headings in a paler colour cannot be read.
MIN_CONTRAST = 3.0
#: The logo's largest size on the cover.
LOGO_WIDTH_CM = 7.0
LOGO_HEIGHT_CM = 3.0

_HEX = re.compile(r"#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})")
# The styles each colour paints, as the shipped reference template has them.
PRIMARY_STYLES = (styles.TITLE, styles.heading(1), styles.TOC_HEADING, styles.HEADLINE)
ACCENT_STYLES = (styles.SUBTITLE, styles.heading(2))


class BrandingError(ValueError):
    """A logo or colour that cannot be used; the message says why."""


@dataclass(frozen=True)
class Logo:
    data: bytes
    kind: str  # "png" or "jpeg"
    width: int  # pixels
    height: int


@dataclass(frozen=True)
class Branding:
    """What the report takes from a brand besides its template ("" / None: keep the
    template's own)."""

    logo: Logo | None = None
    primary: str = ""  # "#RRGGBB"
    accent: str = ""


def parse_colour(text: str | None) -> str:
    """``"#RRGGBB"`` (upper case) for a hex colour (``#abc`` and no ``#`` allowed too); ""
    for a blank one. Raises BrandingError for anything else or a colour too pale."""
    value = (text or "").strip()
    if not value:
        return ""
    match = _HEX.fullmatch(value)
    if match is None:
        raise BrandingError(_("Give the colour as a hex code such as #1F3A5F."))
    digits = match.group(1).upper()
    if len(digits) == 3:
        digits = "".join(ch * 2 for ch in digits)
    colour = "#" + digits
    ratio = contrast_on_white(colour)
    if ratio < MIN_CONTRAST:
        raise BrandingError(_(
            "%(colour)s is too pale to read on the white page (contrast %(ratio).1f to 1; "
            "at least %(least).0f to 1 needed): choose a darker shade.", colour=colour,
            ratio=ratio, least=MIN_CONTRAST))
    return colour


def contrast_on_white(colour: str) -> float:
    """The WCAG contrast ratio of ``#RRGGBB`` against white (1 to 21)."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


def check_logo(data: bytes) -> Logo:
    """The logo in ``data``, checked; raises BrandingError saying what is wrong.

    The size is checked before anything is decoded, the pixel dimensions from the header
    before the pixels are, and then the whole image is decoded (a truncated or corrupt
    file is refused) and read by Word's own image reader.
    """
    from PIL import Image, UnidentifiedImageError

    if len(data) > MAX_LOGO_BYTES:
        raise BrandingError(_("The logo file is larger than %(limit)d KB: save it smaller.",
                              limit=MAX_LOGO_BYTES // KB))
    if not data:
        raise BrandingError(_("The logo file is empty."))
    try:
        with Image.open(io.BytesIO(data), formats=list(LOGO_FORMATS)) as image:
            kind = LOGO_FORMATS[str(image.format)]
            width, height = image.size
            if max(width, height) > MAX_LOGO_SIDE or min(width, height) < MIN_LOGO_SIDE:
                raise BrandingError(_(
                    "The logo is %(width)d × %(height)d pixels: each side must be from "
                    "%(least)d to %(most)d pixels.", width=width, height=height,
                    least=MIN_LOGO_SIDE, most=MAX_LOGO_SIDE))
            image.load()
    except BrandingError:
        raise
    except (UnidentifiedImageError, KeyError):
        raise BrandingError(_("The logo is not a PNG or JPEG image.")) from None
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise BrandingError(_("The logo image is damaged or incomplete.")) from None
    try:
        from docx.image.image import Image as WordImage

        WordImage.from_blob(data)
    except Exception:  # python-docx raises several unrelated types
        raise BrandingError(_("The logo image cannot be put in a Word document.")) from None
    return Logo(data, kind, width, height)


def apply_colours(document: Document, branding: Branding | None) -> None:
    """Paint the title and heading styles in the brand's colours."""
    if branding is None:
        return
    for colour, names in ((branding.primary, PRIMARY_STYLES),
                          (branding.accent, ACCENT_STYLES)):
        if not colour:
            continue
        rgb = RGBColor.from_string(colour.lstrip("#"))
        for name in names:
            try:
                document.styles[name].font.color.rgb = rgb
            except KeyError:  # a style the template lacks was added from the reference
                continue


def add_logo(paragraph: Paragraph, logo: Logo, alt_text: str) -> None:
    """Put ``logo`` in ``paragraph``, as large as fits LOGO_WIDTH_CM × LOGO_HEIGHT_CM."""
    scale = min(LOGO_WIDTH_CM / logo.width, LOGO_HEIGHT_CM / logo.height)
    run = paragraph.add_run()
    shape = run.add_picture(io.BytesIO(logo.data), width=Cm(logo.width * scale),
                            height=Cm(logo.height * scale))
    shape._inline.docPr.set("descr", clean(alt_text))
