"""A real wide-gamut ICC colour profile, built here (tests only).

No profile file ships on the test machines, so this module writes one: an ICC v2 display
profile of the matrix/TRC kind cameras and editors embed, with the Adobe RGB (1998) primaries
(adapted to D50, as in Adobe's published specification) and its 563/256 gamma. Colorimetric
numbers are facts, not a licensed work: no third-party file is copied. Its description can
carry any text, as a hostile upload's would.
"""

import struct

#: Adobe RGB (1998)'s red, green and blue in the profile connection space (XYZ, D50).
ADOBE_RGB = ((0.6097, 0.3111, 0.0195), (0.2053, 0.6257, 0.0609), (0.1492, 0.0632, 0.7446))
ADOBE_GAMMA = 563 / 256
#: sRGB's, as LittleCMS's built-in sRGB profile has them.
SRGB = ((0.4361, 0.2225, 0.0139), (0.3851, 0.7169, 0.0971), (0.1431, 0.0606, 0.7141))
D50 = (0.9642, 1.0, 0.8249)


def _s15(value):
    return struct.pack(">i", round(value * 65536))


def _xyz(x, y, z):
    return b"XYZ " + bytes(4) + _s15(x) + _s15(y) + _s15(z)


def _curve(gamma):
    return b"curv" + bytes(4) + struct.pack(">IH", 1, round(gamma * 256))


def _description(text):
    ascii_text = text.encode("ascii") + b"\0"
    return b"desc" + bytes(4) + struct.pack(">I", len(ascii_text)) + ascii_text + bytes(8 + 3 + 67)


def _text(text):
    return b"text" + bytes(4) + text.encode("ascii") + b"\0"


def wide_gamut_profile(description="Adobe RGB (1998) compatible"):
    """The bytes of an Adobe RGB (1998)-compatible profile whose description is `description`."""
    red, green, blue = ADOBE_RGB
    tags = [
        (b"desc", _description(description)),
        (b"cprt", _text("No copyright, use freely")),
        (b"wtpt", _xyz(*D50)),
        (b"rXYZ", _xyz(*red)),
        (b"gXYZ", _xyz(*green)),
        (b"bXYZ", _xyz(*blue)),
        (b"rTRC", _curve(ADOBE_GAMMA)),
        (b"gTRC", _curve(ADOBE_GAMMA)),
        (b"bTRC", _curve(ADOBE_GAMMA)),
    ]
    data_start = 128 + 4 + 12 * len(tags)
    table, data = b"", b""
    for signature, body in tags:
        body += bytes(-len(body) % 4)
        table += signature + struct.pack(">II", data_start + len(data), len(body))
        data += body
    header = (
        struct.pack(">I", data_start + len(data))
        + bytes(4)
        + struct.pack(">I", 0x02100000)  # version 2.1
        + b"mntrRGB XYZ "
        + struct.pack(">6H", 2024, 1, 1, 0, 0, 0)
        + b"acsp"
        + bytes(28)
        + _s15(D50[0])
        + _s15(D50[1])
        + _s15(D50[2])
        + bytes(48)
    )
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + table + data


def _solve(columns, target):
    """x with columns · x = target (3×3, Cramer's rule)."""

    def det(m):
        return (
            m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
            - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
            + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
        )

    rows = [[columns[c][r] for c in range(3)] for r in range(3)]
    whole = det(rows)
    found = []
    for c in range(3):
        replaced = [[target[r] if k == c else rows[r][k] for k in range(3)] for r in range(3)]
        found.append(det(replaced) / whole)
    return found


def adobe_rgb_in_srgb(pixel):
    """What an Adobe RGB (1998) pixel is in sRGB, by the matrices (no colour library)."""
    linear = [(value / 255) ** ADOBE_GAMMA for value in pixel]
    xyz = [sum(ADOBE_RGB[c][r] * linear[c] for c in range(3)) for r in range(3)]
    srgb_linear = [min(max(value, 0.0), 1.0) for value in _solve(SRGB, xyz)]
    encoded = [12.92 * v if v <= 0.0031308 else 1.055 * v ** (1 / 2.4) - 0.055 for v in srgb_linear]
    return tuple(round(255 * value) for value in encoded)
