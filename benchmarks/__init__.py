"""Performance figures of the panel, each measured against a baseline in the same run."""
