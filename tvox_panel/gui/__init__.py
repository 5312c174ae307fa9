"""The Qt side: app wiring, the Session, the worker (the only network caller), widgets, tray."""
