"""Settings, paths (platformdirs), the password (keyring) and logging (no Qt)."""
