"""Small view widgets of the play UI; each takes plain data and holds no truth.

The replay UI reuses them (feed, detail, picture tables, map).
"""
