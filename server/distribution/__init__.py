"""What the district pushes to its kiosks: app releases and the district configuration.

Both are signed with the district's Ed25519 signing key (`signing_key.py`), whose public half
every kiosk already trusts (kiosk.trust); the server stores each signed envelope as published
and hands it out unchanged, so the intake server never needs the private key: publishing
runs from the command line (or, later, the back office) on the machine holding it.
Trust model: docs/adr/0006-update-and-config-trust.md.
"""
