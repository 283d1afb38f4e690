"""HTTP API of the central server (FastAPI); see sync.protocol for the request sequence."""
