"""Writing: the decisions applied to each chunk (`clean`), the cleaned and quarantine tables
written in the input's own format (`writers`, `xlsx_sheet`), and every output file created
owner-only and committed atomically, all together or not at all (`output`)."""
