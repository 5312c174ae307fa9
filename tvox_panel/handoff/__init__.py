"""The command hand-off: the protocol, the client (no Qt) and the server the panel runs.

``protocol`` and ``client`` never import Qt, so that ``tvox-panel dial`` returns in a few tens of
milliseconds; ``server``, ``lines``, ``unix_server`` and ``pipe_server`` run inside the panel.
"""
