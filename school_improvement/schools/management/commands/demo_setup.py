"""python manage.py demo_setup [--out DIR] [--reset-passwords]

Loads the fictional Northshire register and one account per role, for a demonstration.
Safe to run again and again (``make run`` does): an extract already imported is
skipped, and existing accounts are left alone unless ``--reset-passwords`` is given.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from rich.console import Console
from rich.table import Table

from school_improvement.accounts.models import Role, User
from school_improvement.accounts.services import user_create, user_password_set
from school_improvement.allocations.demo import demo_allocation
from school_improvement.categorisation.demo import demo_intelligence
from school_improvement.data.models import ImportKind, ImportRun, ImportStatus
from school_improvement.data.reporting import print_import_result
from school_improvement.indicators.services import indicator_import
from school_improvement.inspections.services import ofsted_import
from school_improvement.people.demo import demo_people
from school_improvement.schools.demo.generator import (
    AREA_EXTRACT_DATES,
    AREA_LA_CODE,
    DEFAULT_SEED,
    area_files_present,
    extract_name,
    generate_area,
    links_name,
)
from school_improvement.schools.demo.official import (
    generate_official,
    official_files,
    official_files_present,
)
from school_improvement.schools.models import Establishment, Governance, LocalAuthority
from school_improvement.schools.services import gias_import
from school_improvement.terms.demo import demo_terms

URL = "http://127.0.0.1:8000/"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: Role
    first_name: str
    last_name: str
    administrator: bool = False


DEMO_ACCOUNTS = (
    DemoAccount("admin", Role.ADMINISTRATOR, "Priya", "Shah", administrator=True),
    DemoAccount("officer", Role.OFFICER, "Tom", "Okafor"),
    DemoAccount("senior", Role.SENIOR_OFFICER, "Helen", "Marsh"),
    DemoAccount("leader", Role.SYSTEM_LEADER, "David", "Lund"),
    DemoAccount("qa", Role.QUALITY_ASSURER, "Sarah", "Quinn"),
    DemoAccount("school", Role.SCHOOL_USER, "Aisha", "Khan"),
    DemoAccount("board", Role.BOARD_MEMBER, "Margaret", "Ellis"),
)


def _new_password(user: User) -> str:
    """A random password that passes the configured validators."""
    from django.contrib.auth.password_validation import validate_password

    for _ in range(20):
        password = secrets.token_urlsafe(12)
        try:
            validate_password(password, user=user)
        except ValidationError:
            continue
        return password
    raise CommandError("could not make a password that passes the validators")


def _scope(user: User) -> str:
    """The school a school user belongs to (other roles are not scoped to schools)."""
    if user.role != Role.SCHOOL_USER:
        return ""
    return "; ".join(f"{e.name} ({e.urn})" for e in user.establishments.all())


class Command(BaseCommand):
    help = (
        "Load the fictional Northshire register (two GIAS extracts and links) and "
        "create one demonstration account per role. Safe to run repeatedly."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--out",
            type=Path,
            default=None,
            help="where the demo files are (written if missing); default var/demo",
        )
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="give existing demo accounts new passwords and print them",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        out: Path = options["out"] or Path(settings.DATA_DIR) / "demo"
        console = Console(file=cast(TextIO, self.stdout), soft_wrap=True)
        if not area_files_present(out):
            generated = generate_area(out, seed=options["seed"])
            console.print(
                f"Wrote the Northshire demo files to {out} "
                f"({generated.rows[0]} and {generated.rows[1]} establishments, "
                f"{generated.link_rows} links)."
            )
        self._import(console, out)
        if official_files_present(out):
            official = official_files(out)
        else:
            official = generate_official(out, seed=options["seed"])
            console.print(
                f"Wrote the Northshire official data files to {out} "
                f"({len(official)} files: Ofsted, KS2, KS4, absence, exclusions)."
            )
        self._import_official(console, official)
        for line in demo_intelligence(LocalAuthority.objects.get(code=AREA_LA_CODE)):
            console.print(line)
        self._accounts(console, reset=options["reset_passwords"])
        la = LocalAuthority.objects.get(code=AREA_LA_CODE)
        for line in demo_terms(la) + demo_people(la, seed=options["seed"]):
            console.print(line)
        for line in demo_allocation(la, seed=options["seed"]):
            console.print(line)

    # -- the register ------------------------------------------------------------------
    def _import(self, console: Console, out: Path) -> None:
        links = out / links_name(AREA_EXTRACT_DATES[-1])
        for day in AREA_EXTRACT_DATES:
            path = out / extract_name(day)
            sha = hashlib.sha256(path.read_bytes()).hexdigest()
            done = ImportRun.objects.filter(
                kind=ImportKind.GIAS, status=ImportStatus.SUCCEEDED, sha256=sha
            ).exists()
            if done:
                console.print(f"{path.name}: already imported, skipped.")
                continue
            # The links file describes the latest extract, so it goes with that one.
            with_links = links if day == AREA_EXTRACT_DATES[-1] else None
            result = gias_import(acting_user=None, source=path, links_source=with_links)
            print_import_result(console, path.name, result)
            if not result.succeeded:
                raise CommandError(f"{path.name} was rejected: see the errors above.")

    def _import_official(self, console: Console, files: list[tuple[str, Path]]) -> None:
        """Inspections, results, attendance and exclusions, through the same services
        as the commands; a file already imported (same SHA-256) is skipped."""
        for kind, path in files:
            sha = hashlib.sha256(path.read_bytes()).hexdigest()
            if ImportRun.objects.filter(
                kind=kind, status=ImportStatus.SUCCEEDED, sha256=sha
            ).exists():
                console.print(f"{path.name}: already imported, skipped.")
                continue
            if kind == ImportKind.OFSTED:
                result = ofsted_import(acting_user=None, source=path)
            else:
                result = indicator_import(kind=kind, acting_user=None, source=path)
            print_import_result(console, path.name, result)
            if not result.succeeded:
                raise CommandError(f"{path.name} was rejected: see the errors above.")

    # -- the accounts ------------------------------------------------------------------
    def _accounts(self, console: Console, *, reset: bool) -> None:
        existing = {
            u.username: u
            for u in User.objects.filter(
                username__in=[a.username for a in DEMO_ACCOUNTS]
            )
        }
        shown: list[tuple[DemoAccount, str, str]] = []
        with transaction.atomic():
            for account in DEMO_ACCOUNTS:
                user = existing.get(account.username)
                if user is None:
                    password = _new_password(User(username=account.username))
                    user = user_create(
                        acting_user=None,
                        username=account.username,
                        role=account.role,
                        password=password,
                        email=f"{account.username}@northshire.example",
                        first_name=account.first_name,
                        last_name=account.last_name,
                        establishments=self._schools_for(account),
                        is_staff=account.administrator,
                        is_superuser=account.administrator,
                    )
                    shown.append((account, password, _scope(user)))
                elif reset:
                    password = _new_password(user)
                    user_password_set(acting_user=None, user=user, password=password)
                    shown.append((account, password, _scope(user)))
        if shown:
            table = Table(title=f"Demo accounts: sign in at {URL}")
            for column in ("Username", "Role", "Password", "School"):
                table.add_column(column)
            for account, password, scope in shown:
                table.add_row(account.username, account.role.label, password, scope)
            console.print(table)
            console.print(
                "These passwords are shown once only. "
                "Run `python manage.py demo_setup --reset-passwords` for new ones."
            )
        kept = [a.username for a in DEMO_ACCOUNTS if a.username in existing]
        if kept and not reset:
            console.print(
                f"Demo accounts already exist ({', '.join(kept)}); their passwords are "
                "unchanged. Run `python manage.py demo_setup --reset-passwords` to print "
                "new ones."
            )

    def _schools_for(self, account: DemoAccount) -> list[Establishment]:
        """The school user belongs to one open Northshire community primary school."""
        if account.role != Role.SCHOOL_USER:
            return []
        open_here = Establishment.objects.filter(
            la__code=AREA_LA_CODE, status_name="Open"
        ).order_by("urn")
        school = (
            open_here.filter(
                phase_name="Primary", governance=Governance.LA_MAINTAINED
            ).first()
            or open_here.first()
        )
        if school is None:
            raise CommandError("no open Northshire school to give the school user")
        return [school]
