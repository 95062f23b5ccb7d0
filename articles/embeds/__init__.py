"""Embeds: a post or video of an allow-listed provider, fetched once at save, private until
clicked. The providers' registry is `providers.py`, the one network call `fetch.py`, the
service the admin calls after a save `services.py`."""
