"""Import an association's member list (CSV or Excel): read, check each row, match, decide,
commit, undo.

Nothing is written until an officer has seen the preview; then every valid row is written in one
transaction, or none. One module a step: `reading` (the file into rows), `checking` (each row's
values cleaned, `columns` saying which field each goes to), `matching` (earlier rows and records
in the registry), `results` (a row as checked and decided, kept in `ImportBatch.rows`),
`staging` (the upload, the officer's decisions, expiry), `changes` (what a matched row would
change on a record), `committing` and `undoing`.
"""
