"""The widgets: they render the Session's state and emit intents, never call the network."""
