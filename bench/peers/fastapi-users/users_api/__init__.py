"""The article's user service in FastAPI, held to the Java service's contract (see ../README.md)."""
