"""The wizard's fake devices (documents on the camera, pages on the scanner) for applying
at the self-service kiosk."""

from tests.ui.wizard.conftest import fake_devices, wizard_media

__all__ = ["fake_devices", "wizard_media"]
