"""The ``oportumap`` application: every command group registered in one place."""

from __future__ import annotations

import typer

from oportumap.cli import analyses, demo, research, validate
from oportumap.cli.country import country_app
from oportumap.cli.track import outcomes_command, track_app

app = typer.Typer(
    name="oportumap",
    help="Retornados y oportunidades: validar datos, mapas, brechas, listas de referencia. "
    "(Returnees and opportunities: validation, maps, gaps, referral lists.)",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

app.command("validate")(validate.validate)
app.command("sample")(demo.sample)
app.command("demo")(demo.demo)
app.command("research-export")(research.research_export)
app.command("referrals")(analyses.referrals_command)
app.command("profile")(analyses.profile)
app.command("map")(analyses.map_command)
app.command("plan")(analyses.plan)
app.add_typer(track_app, name="track")
app.command("outcomes")(outcomes_command)
app.add_typer(country_app)


def main() -> None:  # pragma: no cover - console entry point
    """Entry point used by ``python -m oportumap``."""
    app()
