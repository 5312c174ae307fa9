"""TVox Panel: click-to-dial and call recording for TVox contact-centre agents."""

__version__ = "0.1.0"
APP_NAME = "tvox-panel"
