"""The Qt side of TVox Panel: worker thread, session state, widgets and tray."""
