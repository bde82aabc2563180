"""Presentation layer: the files people open (tables, coordinators' workbooks).

Functions here only lay out results computed elsewhere (analyses never write files; these
never compute): Spanish headers, numbers as numbers, dates as dates, formula-safe text and
atomic writes.
"""
