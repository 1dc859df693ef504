"""python manage.py import_absence FILE [--release R] [--dry-run]"""

from school_improvement.data.models import ImportKind
from school_improvement.indicators.commands import IndicatorImportCommand


class Command(IndicatorImportCommand):
    help = (
        "Import pupil absence: Explore Education Statistics' 1a_absence_3term_school.csv (or the national and LA file). "
        "Atomic: a file with any problem writes nothing."
    )
    file_help = "1a_absence_3term_school.csv"
    kind = ImportKind.ABSENCE
    takes_year = False
