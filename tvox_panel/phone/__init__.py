"""Phone numbers: normalise, find in text, tel:/callto:/sip: URIs, recording names (no Qt)."""
