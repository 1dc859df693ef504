"""python manage.py import_ks4 FILE [--release R] [--year 2023/24] [--dry-run]"""

from school_improvement.data.models import ImportKind
from school_improvement.indicators.commands import IndicatorImportCommand


class Command(IndicatorImportCommand):
    help = (
        "Import key stage 4 results: the performance tables' england_ks4final.csv (to 2022/23) or Explore Education Statistics' YYYYYY_performance_tables_schools_final.csv (2023/24 on). "
        "Atomic: a file with any problem writes nothing."
    )
    file_help = "england_ks4final.csv or 202425_performance_tables_schools_final.csv"
    kind = ImportKind.KS4
    takes_year = True
