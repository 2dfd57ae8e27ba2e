"""The sync server (``trainer server``) and the device side of ``trainer sync``.

* :mod:`protocol` — the JSON records and their validation, shared by both sides.
* :mod:`storage` — accounts, histories and banks on SQLite or PostgreSQL (one schema).
* :mod:`app` — the aiohttp HTTP API (imported only by the server).
* :mod:`client` — registration and one sync run on a device (urllib; no aiohttp).

Importing this package imports nothing heavy: the app starts fast and the device never loads
aiohttp or psycopg.
"""
