"""The ``oportumap`` command. Every subcommand calls the same public API as notebooks.

One module per command group (:mod:`~oportumap.cli.analyses`, :mod:`~oportumap.cli.validate`,
:mod:`~oportumap.cli.demo`, :mod:`~oportumap.cli.research`, :mod:`~oportumap.cli.track`,
:mod:`~oportumap.cli.country`), the options they share defined once in
:mod:`~oportumap.cli.options`, the error boundary in :mod:`~oportumap.cli.common`, and the
application assembled in :mod:`~oportumap.cli.app`.

Data commands (``profile``, ``referrals``, ``map``, ``plan``, ``research-export``,
``demo --data``) read the folder keeping the valid rows, write the rejected rows beside
their output (``filas_rechazadas.csv``, or ``--rejected``) and print one summary of what
they read. Exit status:

* 0: the output was written (even if some rows were rejected);
* 1: a user error (missing folder, unreadable file, output exists without --force, ...),
  with a clear Spanish message and never a traceback;
* 2: the command line itself is wrong (unknown option, bad value);
* 3: the data left nothing to work with (every returnee row rejected, or ``--strict``
  with rejected rows or unusable files), so no output was written.
"""

from oportumap.cli.app import app, main

__all__ = ["app", "main"]
