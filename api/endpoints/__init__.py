"""The API's endpoints, one module per part of the site (each a django-ninja Router)."""
