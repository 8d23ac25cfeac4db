"""Wire contracts: the pydantic models every app and the gateway's OpenAPI spec are built from."""
