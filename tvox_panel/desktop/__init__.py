"""OS integration: the tel:/callto:/sip: URL handlers and the desktop entry (no Qt)."""
