"""Typed errors of the device layer.

The UI turns each of these into a plain-Indonesian message that says what to do next, so the
device layer raises a specific type instead of a generic exception, and each error carries its
own bilingual text for the places (CLI, logs) that have no translation catalogue at hand.
"""

from __future__ import annotations


class DeviceError(Exception):
    """Base of every device failure the kiosk knows how to explain.

    Attributes:
        message_id: what to tell the user, in Bahasa Indonesia.
        message_en: the same in English, for support staff and logs.
    """

    message_id = "Perangkat bermasalah"
    message_en = "Device error"

    def __init__(self, detail: str = "") -> None:
        super().__init__(detail or self.message_en)
        self.detail = detail

    @property
    def message(self) -> str:
        """Both languages, Indonesian first, the form used on screen and in the CLI."""
        text = f"{self.message_id} / {self.message_en}"
        return f"{text} ({self.detail})" if self.detail else text


class DeviceUnavailable(DeviceError):
    """The device (or its driver or library) is not present on this machine."""

    message_id = "Perangkat tidak tersedia"
    message_en = "Device not available"


class DeviceDisconnected(DeviceError):
    """A device that was working stopped answering: unplugged, cable loose, powered off."""

    message_id = "Perangkat terputus, sambungkan kembali kabelnya"
    message_en = "Device disconnected, plug it back in"


class ScannerNotResponding(DeviceDisconnected):
    """The scanner's driver gave no answer within its bound (a hung driver or device): the
    scan was stopped; unplugging the scanner resets it."""

    message_id = "Pemindai tidak menjawab; cabut dan pasang lagi kabelnya, lalu coba lagi"
    message_en = "Scanner not responding; unplug it and plug it back in, then try again"


class DeviceBusy(DeviceError):
    """Another program or scan holds the device."""

    message_id = "Perangkat sedang dipakai, coba lagi sebentar"
    message_en = "Device busy, try again shortly"


class ScanCancelled(DeviceError):
    """The scan was cancelled by the user or on the scanner's own button."""

    message_id = "Pemindaian dibatalkan"
    message_en = "Scan cancelled"


class PaperJam(DeviceError):
    """The feeder jammed; the user must open the scanner and take the paper out."""

    message_id = "Kertas macet, buka pemindai dan ambil kertasnya"
    message_en = "Paper jam, open the scanner and remove the paper"


class NoPaper(DeviceError):
    """The feeder is empty or the cover is open."""

    message_id = "Tidak ada kertas di pemindai"
    message_en = "No paper in the scanner"


class ImageUnreadable(DeviceError):
    """A file or frame that is not a usable image: corrupt, truncated, wrong type, empty."""

    message_id = "Berkas gambar tidak dapat dibaca"
    message_en = "Image file cannot be read"


class ImageTooLarge(ImageUnreadable):
    """An image whose pixel count exceeds the cap (a decompression bomb or a huge scan)."""

    message_id = "Gambar terlalu besar"
    message_en = "Image is too large"


class NotARegularFile(ImageUnreadable):
    """A path that names a device, a FIFO, a socket or a folder (or a symlink to one): reading
    it could never end (/dev/zero, a FIFO nobody writes to), so it is refused before reading."""

    message_id = "Bukan berkas biasa (perangkat, FIFO atau folder)"
    message_en = "Not a regular file (a device, FIFO or folder)"


class FileTooLarge(ImageUnreadable):
    """A file bigger than the caller's cap; refused from its size, never read whole."""

    message_id = "Berkas terlalu besar"
    message_en = "File is too large"
