"""Spreadsheet writers (openpyxl): rows in, workbook out."""
