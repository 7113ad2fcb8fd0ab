"""The fuzzing gate's machinery (`tests/security/test_fuzz.py`): every URL the resolver
knows (`routes`), the parameters each one reads (`pages`, `reads`), hostile values for them
(`values`), requests made of them (`requests`), and each request sent and checked (`checks`,
`gate`); the records the requests meet (`world`), the targets found by opening every route
(`discovery`), and how many requests each gets (`rounds`, within `environment`'s budget).

A request is checked for three things: no server error (the view's exception and its last frames
are kept, with the request that raised it), no change to the database when a POST is refused
(4xx), and no personal value in any log record. Each request runs inside a savepoint that is
rolled back, with the persona's cookies and the cache as they were before it: every request meets
the same data, so any one of them replays alone from the report.
"""
