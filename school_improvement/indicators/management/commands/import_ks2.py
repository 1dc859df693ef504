"""python manage.py import_ks2 FILE [--release R] [--year 2023/24] [--dry-run]"""

from school_improvement.data.models import ImportKind
from school_improvement.indicators.commands import IndicatorImportCommand


class Command(IndicatorImportCommand):
    help = (
        "Import key stage 2 results: the performance tables' england_ks2final.csv (to 2023/24) or Explore Education Statistics' ks2_school_attainment_data.csv (2024/25 on). "
        "Atomic: a file with any problem writes nothing."
    )
    file_help = "england_ks2final.csv or ks2_school_attainment_data.csv"
    kind = ImportKind.KS2
    takes_year = True
