"""TVox Panel: click-to-dial and call recording for TVox contact-centre agents."""

__version__ = "0.1.0"
APP_NAME = "tvox-panel"
#: The AppStream component id, the desktop entry's name and the icon's name (reverse DNS of the
#: project's home, https://github.com/tvox-panel/tvox-panel).
APP_ID = "io.github.tvox_panel.tvox_panel"
