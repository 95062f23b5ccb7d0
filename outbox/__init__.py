"""The outbox: every mail a reader gets is a row first, sent once, retried while SMTP is down."""
