"""Read the first worksheet of an Excel workbook (.xlsx) in bounded time and memory.

openpyxl believes what an uploaded file says of itself: it pads every row to the width the sheet
claims, yields every row up to the last one named, builds a whole row before yielding it and
inflates whatever the zip holds, so that a 2 KB file kept a worker busy for most of an hour and a
100 KB one took a gigabyte. This reader checks the sizes the zip declares before inflating anything
(`zipfile` never inflates more than a member declares), streams each part through expat, refuses
DTDs (no workbook has one: billion laughs, XXE), ignores cells right of MAX_COLUMNS and counts
what it parses, stopping at the first limit. Values are those openpyxl's read-only
`iter_rows(values_only=True)` gives.

One module a concern: `limits` (what is read at most, and the errors), `parts` and `sheet`
(the XML parts), `reader` (`sheet_rows`, through the zip).
"""
