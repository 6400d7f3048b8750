"""
The bench's floor: a minimal Django project, as `startproject` makes it (default apps and
middleware), with one model, one query per page and Markdown converted on every request.
It never ships; `make bench` serves it beside the newsroom to compare cold pages with.
"""
