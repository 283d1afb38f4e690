"""The district back office: verifiers review sealed applications in a browser and decide.

Its own process (`kiosk-server backoffice`), on the district's internal network, and the only
one that loads the sealing private keys (docs/adr/0005-back-office-process.md). Pages are
server-rendered (FastAPI + Jinja2, plain forms, a little JavaScript for the image viewer and
keyboard shortcuts), Bahasa Indonesia first with English beside it.
"""
