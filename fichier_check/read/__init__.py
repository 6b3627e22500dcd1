"""Reading: a CSV or XLSX file becomes a header and chunks of text cells (`TableSource`), with its
format described (encoding, delimiter, sheet) so the writers can answer in kind. Reading never
writes and never decides anything about the rules; `open_table` is the door in."""
