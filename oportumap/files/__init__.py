"""Files: raw reading (encodings, separators, sheets, title rows) and safe writing.

Below everything that interprets a table: this layer turns files into raw string tables
(:func:`read_raw`) and writes outputs atomically (:func:`atomic_path`).
"""

from oportumap.files.read import (
    EXCEL_MAX_ROWS,
    OWN_OUTPUTS,
    TABLE_EXTENSIONS,
    RawTable,
    file_role,
    find_table,
    read_raw,
    read_tables,
    scan_folder,
)
from oportumap.files.write import (
    Published,
    atomic_path,
    is_input,
    mark_input,
    publish,
    refuse_input,
    staging_folder,
)

__all__ = ["EXCEL_MAX_ROWS", "OWN_OUTPUTS", "TABLE_EXTENSIONS", "Published", "RawTable",
           "atomic_path", "file_role", "find_table", "is_input", "mark_input", "publish",
           "read_raw", "read_tables", "refuse_input", "scan_folder", "staging_folder"]
