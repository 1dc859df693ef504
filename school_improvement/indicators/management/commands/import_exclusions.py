"""python manage.py import_exclusions FILE [--release R] [--dry-run]"""

from school_improvement.data.models import ImportKind
from school_improvement.indicators.commands import IndicatorImportCommand


class Command(IndicatorImportCommand):
    help = (
        "Import suspensions and permanent exclusions: Explore Education Statistics' exc_school.csv (or the national and LA file). "
        "Atomic: a file with any problem writes nothing."
    )
    file_help = "exc_school.csv"
    kind = ImportKind.EXCLUSIONS
    takes_year = False
