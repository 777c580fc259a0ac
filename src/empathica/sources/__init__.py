"""Importers that turn exported files into Feedback, one streamed record at a time.

Every record comes out as a Row (accepted) or a Rejected (kept for quarantine and replay);
only an input that cannot be read at all raises SourceError.
"""

from empathica.sources.dates import DateError, parse_date
from empathica.sources.formats import (
    SUPPORTED_FORMATS,
    SourceError,
    detect_format,
    read_feedback,
    sniff_format,
)
from empathica.sources.rows import ColumnMapping, Row, content_hash, parse_record

__all__ = [
    "SUPPORTED_FORMATS",
    "ColumnMapping",
    "DateError",
    "Row",
    "SourceError",
    "content_hash",
    "detect_format",
    "parse_date",
    "parse_record",
    "read_feedback",
    "sniff_format",
]
