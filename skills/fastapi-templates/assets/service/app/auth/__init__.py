"""Local accounts and the first-party login endpoint (local-JWT mode; no OAuth2 password grant)."""
