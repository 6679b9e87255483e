"""`fieldsales generate --size tiny|small|full [--seed N]`: a generated company (issue 15)."""

from __future__ import annotations

import time

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from fieldsales.demo.generate import FULL, SCALE
from fieldsales.demo.generate.run import generate


class Command(BaseCommand):
    help = (
        "Fill an empty database with a generated company: full = 200 salespeople in 10 "
        "departments, 50,000 customers, 300,000 visits, 20,000 trips, 30,000 orders; "
        "small = a tenth, tiny = a hundredth. The demo users are among them."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--size", choices=sorted(SCALE), default="tiny")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, size: str, seed: int, **options) -> None:
        if get_user_model().objects.exists():
            raise CommandError("数据库已有用户：generate 只填充空数据库（先 migrate 一个新库）。")
        started = time.monotonic()
        self.stdout.write(f"generate --size {size} --seed {seed}")
        call_command("demo", stdout=self.stdout)
        self.stdout.write(f"  demo: {time.monotonic() - started:.1f} s")
        ctx = generate(size=size, seed=seed, today=timezone.localdate(), log=self.stdout.write)
        self.generated = ctx  # for a caller that ran this command object (the tests' snapshot)
        wanted = ", ".join(f"{name} {ctx.count(name)}" for name in FULL)
        self.stdout.write(
            self.style.SUCCESS(f"done in {time.monotonic() - started:.1f} s ({wanted})")
        )
