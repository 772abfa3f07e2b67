"""A pydicom decoder plugin for JPEG Lossless, 12-bit JPEG and JPEG-LS, through imagecodecs.

pydicom decodes uncompressed, deflated and RLE data itself and 8-bit JPEG and JPEG 2000 with
Pillow. What scanners also write — JPEG Lossless (process 14 and its SV1 form, very common on
CDs), 12-bit JPEG extended and JPEG-LS — needs another library. Its usual plugins are
pylibjpeg-libjpeg (GPL-3.0) and GDCM (whose wheel links an end-of-life OpenSSL, which an
offline app must not ship). imagecodecs (BSD-3-Clause, maintained) holds libjpeg-turbo 3
(lossless and 12-bit JPEG), CharLS (JPEG-LS) and OpenJPEG (JPEG 2000 streams Pillow rejects,
and High-Throughput JPEG 2000);
this module is the small glue pydicom's plugin
interface asks for (``is_available`` and ``_decode_frame``), registered by :func:`install`.
"""

from __future__ import annotations

import threading
from typing import Any

from pydicom import uid

DECODER_DEPENDENCIES = {
    uid.JPEGExtended12Bit: ("numpy", "imagecodecs>=2024.1.1"),
    uid.JPEGLossless: ("numpy", "imagecodecs>=2024.1.1"),
    uid.JPEGLosslessSV1: ("numpy", "imagecodecs>=2024.1.1"),
    uid.JPEGLSLossless: ("numpy", "imagecodecs>=2024.1.1"),
    uid.JPEGLSNearLossless: ("numpy", "imagecodecs>=2024.1.1"),
    # after Pillow, for the JPEG 2000 streams Pillow's reader rejects
    uid.JPEG2000Lossless: ("numpy", "imagecodecs>=2024.1.1"),
    uid.JPEG2000: ("numpy", "imagecodecs>=2024.1.1"),
    # High-Throughput JPEG 2000 (Part 15): OpenJPEG 2.5 in imagecodecs reads it; pydicom's
    # only plugin for it is pylibjpeg-openjpeg
    uid.HTJ2KLossless: ("numpy", "imagecodecs>=2024.1.1"),
    uid.HTJ2KLosslessRPCL: ("numpy", "imagecodecs>=2024.1.1"),
    uid.HTJ2K: ("numpy", "imagecodecs>=2024.1.1"),
}
J2K_FAMILY = (*uid.JPEG2000TransferSyntaxes, uid.HTJ2KLossless, uid.HTJ2KLosslessRPCL,
              uid.HTJ2K)
LABEL = "imagecodecs"
# plugins never used, even when installed: licence (GPL) or a bundled OpenSSL; the app's
# decoding must not depend on what else happens to be installed
NOT_USED = ("pylibjpeg", "gdcm", "pyjpegls")

_installed = False
_lock = threading.Lock()      # the series browser decodes in a worker thread and in the UI


def is_available(transfer_syntax: str) -> bool:
    if transfer_syntax not in DECODER_DEPENDENCIES:
        return False
    try:
        import imagecodecs  # noqa: F401 - imported only to see that it is there
    except ImportError:
        return False
    return True


def _decode_frame(src: bytes, runner: Any) -> bytes:
    """One frame's pixels, interleaved (colour by pixel), 8 or 16 bits a sample."""
    import imagecodecs

    if runner.transfer_syntax in uid.JPEGLSTransferSyntaxes:
        array = imagecodecs.jpegls_decode(src)
    elif runner.transfer_syntax in J2K_FAMILY:
        array = imagecodecs.jpeg2k_decode(src)
        if runner.photometric_interpretation in ("YBR_ICT", "YBR_RCT"):
            # OpenJPEG undoes the stream's colour transform: the pixels are RGB
            runner.set_option("photometric_interpretation", "RGB")
    elif runner.samples_per_pixel == 3 and runner.photometric_interpretation == "RGB":
        # stored as RGB (lossless JPEG has no colour transform): decode without one
        array = imagecodecs.jpeg8_decode(src, colorspace="rgb", outcolorspace="rgb")
    else:
        array = imagecodecs.jpeg8_decode(src)
    if runner.samples_per_pixel > 1:
        runner.set_option("planar_configuration", 0)
    runner.set_option("bits_allocated", 8 if array.dtype.itemsize == 1 else 16)
    return array.tobytes()


def install() -> None:
    """Register the plugin with pydicom's decoders (once) and drop the ones never used."""
    global _installed
    with _lock:
        if _installed:
            return
        from pydicom.pixels import decoders

        for name in dir(decoders):
            decoder = getattr(decoders, name)
            if not hasattr(decoder, "remove_plugin") or not hasattr(decoder, "UID"):
                continue
            known = set(getattr(decoder, "_available", {})) | \
                set(getattr(decoder, "_unavailable", {}))
            for label in NOT_USED:
                if label in known:
                    decoder.remove_plugin(label)
            if decoder.UID in DECODER_DEPENDENCIES and LABEL not in known:
                decoder.add_plugin(LABEL, (__name__, "_decode_frame"))
        _installed = True
