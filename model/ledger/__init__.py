"""台账: reading a ledger workbook, checking it whole, registering its rows; the template.

Uses intake's own functions (``model.cases``) for every row; may import any domain package.
"""
