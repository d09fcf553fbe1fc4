"""The read-only web dashboard of `monitor serve`: app (Starlette), gate, data reads, pages, HTML helpers."""
