"""Value analyses the checks build on: phone numbers, e-mail addresses, suppression lists, terms
in free text, consent words, masks for display. Each is a function of a column's values, fast on
a million rows, and knows nothing of rules, files or processes."""
