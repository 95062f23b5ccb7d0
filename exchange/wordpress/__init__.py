"""Import from a WordPress export (WXR) file: parse it, map its HTML to blocks, store it."""
