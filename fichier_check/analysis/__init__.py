"""Value analyses the checks build on: phone numbers, e-mail addresses, suppression lists, terms
in free text, consent words, masks for display. Each is a function of a column's values, fast on
a million rows, and knows nothing of rules, of the files written or of the run's processes (suppression lists
are read by `lists`; `parallel` is the door through which the run lends its workers)."""
