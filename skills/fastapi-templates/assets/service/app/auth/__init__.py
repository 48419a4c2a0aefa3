"""Local accounts and the password-grant token endpoint (local-JWT auth mode)."""
