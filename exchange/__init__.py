"""Moving content in and out: import from WordPress, export and import the whole site."""
