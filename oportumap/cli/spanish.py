"""Typer's and Click's own words (usage errors, ``--help``) in Spanish.

Click marks its messages for ``gettext`` but ships no Spanish catalogue, and a coordinator
who mistypes an option must not read "No such option". :func:`install` points the
``gettext`` functions of Click's and Typer's modules at this table (falling back to the
original text for anything not listed) and sets Typer's panel titles. It runs once when
the application is built.
"""

from __future__ import annotations

import importlib

#: Click/Typer message -> Spanish. Placeholders keep their names.
MESSAGES: dict[str, str] = {
    "Show this message and exit.": "Mostrar esta ayuda y salir.",
    "Show the version and exit.": "Mostrar la versión y salir.",
    "Usage:": "Uso:",
    "Error": "Error",
    "Error: {message}": "Error: {message}",
    "Aborted!": "Interrumpido.",
    "Aborted.": "Interrumpido.",
    "Arguments": "Argumentos",
    "Options": "Opciones",
    "Commands": "Comandos",
    "Positional arguments": "Argumentos",
    "(deprecated) ": "(obsoleto) ",
    "deprecated": "obsoleto",
    "[default: {}]": "[por defecto: {}]",
    "default: {default}": "por defecto: {default}",
    "[env var: {}]": "[variable de entorno: {}]",
    "env var: {var}": "variable de entorno: {var}",
    "[required]": "[obligatorio]",
    "required": "obligatorio",
    "Try '{command} {option}' for help.": "Vea '{command} {option}' para la ayuda.",
    "Try [blue]'{command_path} {help_option}'[/] for help.":
        "Vea [blue]'{command_path} {help_option}'[/] para la ayuda.",
    "Missing argument": "Falta el argumento",
    "Missing option": "Falta la opción",
    "Missing parameter": "Falta un valor",
    "Missing parameter: {param_name}": "Falta el valor: {param_name}",
    "Missing {param_type}": "Falta {param_type}",
    "Missing command.": "Falta el comando.",
    "No such command {name!r}.": "No existe el comando {name!r}.",
    "No such option {name!r}.": "No existe la opción {name!r}.",
    "No such option: {name}": "No existe la opción: {name}",
    "Option {name!r} does not take a value.": "La opción {name!r} no lleva valor.",
    "Option {name!r} requires an argument.": "La opción {name!r} necesita un valor.",
    "Option {name!r} requires {nargs} arguments.": "La opción {name!r} necesita {nargs} "
                                                   "valores.",
    "Argument {name!r} takes {nargs} values.": "El argumento {name!r} lleva {nargs} valores.",
    "Invalid value for {param_hint}: {message}": "Valor no válido para {param_hint}: {message}",
    "Invalid value: {message}": "Valor no válido: {message}",
    "Got unexpected extra argument ({args})": "Sobra el argumento ({args})",
    "Got unexpected extra arguments ({args})": "Sobran los argumentos ({args})",
    "Did you mean {possibility}?": "¿Quiso decir {possibility}?",
    "(Did you mean one of: {possibilities}?)": "(¿Quiso decir una de: {possibilities}?)",
    "{value!r} is not a valid {number_type}.": "{value!r} no es un número válido.",
    "{value} is not in the range {range}.": "{value} está fuera del rango {range}.",
    "{value!r} is not a valid boolean. Recognized values: {states}":
        "{value!r} no es sí/no. Valores reconocidos: {states}",
    "{value!r} is not {choice}.": "{value!r} no es {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} no es uno de {choices}.",
    "Choose from:\n\t{choices}": "Elija entre:\n\t{choices}",
    "{value!r} does not match the format {format}.":
        "{value!r} no tiene el formato {format}.",
    "{value!r} does not match the formats {formats}.":
        "{value!r} no tiene ninguno de los formatos {formats}.",
    "{name} {filename!r} does not exist.": "{filename!r} no existe; revise la ruta.",
    "{name} {filename!r} is a directory.": "{filename!r} es una carpeta; indique un archivo.",
    "{name} {filename!r} is a file.": "{filename!r} es un archivo; indique una carpeta.",
    "{name} {filename!r} is not readable.": "{filename!r} no se puede leer (permisos).",
    "{name} {filename!r} is not writable.": "{filename!r} no se puede escribir (permisos).",
    "{name} {filename!r} is not executable.": "{filename!r} no es ejecutable.",
    "Could not open file {filename!r}: {message}":
        "No se pudo abrir {filename!r}: {message}",
    "file": "archivo",
    "directory": "carpeta",
    "path": "ruta",
    "unknown error": "error desconocido",
    "Do you want to continue?": "¿Desea continuar?",
    "Takes {nargs} values but 1 was given.": "Lleva {nargs} valores pero se dio 1.",
    "Takes {nargs} values but {len} were given.": "Lleva {nargs} valores pero se dieron {len}.",
}

#: Typer's own (vendored) parser builds its messages with f-strings: translated by pattern.
PATTERNS: list[tuple[str, str]] = [
    (r"No such option: (\S+)", r"No existe la opción: \1"),
    (r"\(Possible options: (.*)\)", r"(opciones parecidas: \1)"),
    (r"No such command '(.*?)'\.", r"No existe el comando '\1'."),
    (r"Did you mean (.*)\?", r"¿Quiso decir \1?"),
    (r"Missing command\.", "Falta el comando."),
    (r"Missing option", "Falta la opción"),
    (r"Missing argument", "Falta el argumento"),
    (r"Missing parameter: (\S+)", r"Falta el valor de \1"),
    (r"Missing parameter", "Falta un valor"),
    (r"Invalid value for (.*?): ", r"Valor no válido para \1: "),
    (r"Invalid value: ", "Valor no válido: "),
    (r"Got unexpected extra argument\(s\) \((.*)\)", r"Sobran argumentos: \1"),
    (r"Option '(.*?)' does not take a value\.", r"La opción '\1' no lleva valor."),
    (r"Option '(.*?)' requires an argument\.", r"La opción '\1' necesita un valor."),
    (r"Option '(.*?)' requires (\d+) arguments\.", r"La opción '\1' necesita \2 valores."),
    (r"(?:Value )?('.*?'|\S+) is not a valid (?:int|integer)\.", r"\1 no es un número entero."),
    (r"(?:Value )?('.*?'|\S+) is not a valid (?:float|number)\.", r"\1 no es un número."),
    (r"(?:Value )?('.*?'|\S+) is not a valid (?:bool|boolean)\.?.*", r"\1 no es sí/no."),
    (r"(?:Value )?('.*?'|\S+) is not a valid \w+\.", r"\1 no es un valor válido."),
    (r"(\S+) is not in the range (.*?)\.", r"\1 está fuera del rango \2."),
    (r"(\S+) is not one of (.*)\.", r"\1 no es uno de \2."),
    (r"(?:File|Directory|Path) ('.*?') does not exist\.", r"\1 no existe; revise la ruta."),
    (r"(?:File|Directory|Path) ('.*?') is a directory\.",
     r"\1 es una carpeta; indique un archivo."),
    (r"(?:File|Directory|Path) ('.*?') is a file\.", r"\1 es un archivo; indique una carpeta."),
    (r"(?:File|Directory|Path) ('.*?') is not readable\.", r"\1 no se puede leer (permisos)."),
    (r"(?:File|Directory|Path) ('.*?') is not writable\.",
     r"\1 no se puede escribir (permisos)."),
    (r"Value must be an iterable\.", "Se esperaba una lista de valores."),
    (r"Input should be a valid integer.*", "se esperaba un número entero"),
    (r"Input should be a valid number.*", "se esperaba un número"),
    (r"Input should be a valid boolean.*", "se esperaba sí o no"),
    (r"Input should be greater than or equal to (\S+)", r"debe ser al menos \1"),
    (r"Input should be less than or equal to (\S+)", r"debe ser como mucho \1"),
    (r"Input should be greater than (\S+)", r"debe ser mayor que \1"),
    (r"Input should be less than (\S+)", r"debe ser menor que \1"),
    (r"Aborted!?", "Interrumpido."),
]


def translate(message: str) -> str:
    """A Typer/Click message in Spanish (patterns first, then the gettext table).

    Examples
    --------
    >>> translate("No such option: --nope (Possible options: --force)")
    'No existe la opción: --nope (opciones parecidas: --force)'
    >>> translate("Invalid value for '--top': 'x' is not a valid int.")
    "Valor no válido para '--top': 'x' no es un número entero."
    """
    import re

    if message in MESSAGES:
        return MESSAGES[message]
    for pattern, spanish in PATTERNS:
        message = re.sub(pattern, spanish, message)
    return message


_CLICK_MODULES = ("click.core", "click.exceptions", "click.parser", "click.types",
                  "click.decorators", "click.formatting", "click.termui", "click.utils",
                  "typer.core", "typer.rich_utils", "typer.main")


def gettext(message: str) -> str:
    """Spanish for a Click/Typer message (the message itself when not listed).

    Examples
    --------
    >>> gettext("Show this message and exit.")
    'Mostrar esta ayuda y salir.'
    """
    return MESSAGES.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Spanish singular or plural of a Click message."""
    return gettext(singular if n == 1 else plural)


def install() -> None:
    """Make Click and Typer speak Spanish (idempotent)."""
    for name in _CLICK_MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:  # pragma: no cover - optional part of a future Typer
            continue
        if hasattr(module, "_"):
            module._ = gettext
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext
    _install_typer_parser()
    from typer import rich_utils

    for constant in ("DEPRECATED_STRING", "DEFAULT_STRING", "ENVVAR_STRING",
                     "REQUIRED_LONG_STRING", "ARGUMENTS_PANEL_TITLE", "OPTIONS_PANEL_TITLE",
                     "COMMANDS_PANEL_TITLE", "ERRORS_PANEL_TITLE", "ABORTED_TEXT", "RICH_HELP"):
        value = getattr(rich_utils, constant, None)
        if isinstance(value, str):
            # Already-translated values map to themselves: installing twice is harmless.
            english = {v: k for k, v in MESSAGES.items()}.get(value, value)
            setattr(rich_utils, constant, gettext(english))


def _install_typer_parser() -> None:
    """Typer >= 0.20 carries its own copy of Click without gettext: wrap its messages."""
    try:
        from typer._click import core, exceptions, formatting
    except ImportError:  # pragma: no cover - an older Typer uses Click itself (gettext)
        return
    if getattr(exceptions, "_oportumap_spanish", False):
        return
    for name in dir(exceptions):
        cls = getattr(exceptions, name)
        if isinstance(cls, type) and "format_message" in vars(cls):
            original = vars(cls)["format_message"]

            def format_message(self, _original=original) -> str:
                return translate(_original(self))

            cls.format_message = format_message
    original_show = exceptions.UsageError.show

    def show(self, file=None, _original=original_show) -> None:
        self.message = translate(self.message) if isinstance(self.message, str) else \
            self.message
        _original(self, file)

    exceptions.UsageError.show = show
    exceptions._oportumap_spanish = True

    original_usage = formatting.HelpFormatter.write_usage

    def write_usage(self, prog, args="", prefix=None, _original=original_usage):
        return _original(self, prog, args, "Uso: " if prefix is None else prefix)

    formatting.HelpFormatter.write_usage = write_usage

    original_help = core.Command.get_help_option

    def get_help_option(self, ctx, _original=original_help):
        option = _original(self, ctx)
        if option is not None and option.help == "Show this message and exit.":
            option.help = MESSAGES["Show this message and exit."]
        return option

    core.Command.get_help_option = get_help_option
