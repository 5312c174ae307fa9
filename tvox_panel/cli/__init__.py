"""The tvox-panel and tvox-call command lines."""
