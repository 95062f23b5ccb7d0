"""The ads.txt rules (IAB Tech Lab ads.txt 1.1): which lines the admin accepts, and why not.

Each line is blank, a comment (`#`), a variable (`contact=…`) or a record
(`domain, publisher id, DIRECT|RESELLER[, certification authority id]`, then optional
`;extension` data). An error names the line, so an editor pasting a partner's file finds the
one typo in fifty lines.
"""

import re

#: The variables the specification defines (names are case-insensitive).
VARIABLES = ("contact", "subdomain", "inventorypartnerdomain", "ownerdomain", "managerdomain")
ACCOUNT_TYPES = ("DIRECT", "RESELLER")
#: What the specification tells a site with no authorised sellers to publish (§3.2.1).
PLACEHOLDER = "placeholder.example.com, placeholder, DIRECT, placeholder"

_DOMAIN = re.compile(r"^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$", re.I)
_CERT_ID = re.compile(r"^[a-z0-9]+$", re.I)
_COUNTRY = re.compile(r"^[a-z]{2}$", re.I)
_DOMAIN_VARIABLES = ("subdomain", "inventorypartnerdomain", "ownerdomain")


def _record_error(data):
    fields = [field.strip() for field in data.split(",")]
    if len(fields) < 3:
        return (
            "a record needs at least three fields separated by commas: "
            "the ad system's domain, your account id there, and DIRECT or RESELLER."
        )
    if len(fields) > 4:
        return "a record has at most four fields; put anything more after a semicolon."
    domain, account, kind = fields[:3]
    if not _DOMAIN.match(domain):
        return f"“{domain}” is not a domain name such as google.com."
    if not account:
        return "the account id (second field) is empty."
    if kind.upper() not in ACCOUNT_TYPES:
        return f"“{kind}” is not an account type: write DIRECT or RESELLER."
    if len(fields) == 4 and not _CERT_ID.match(fields[3]):
        return f"“{fields[3]}” is not a certification authority id (letters and digits only)."
    return None


def _variable_error(name, value):
    name = name.strip().lower()
    value = value.strip()
    if name not in VARIABLES:
        known = ", ".join(f"{variable}=" for variable in VARIABLES)
        return f"“{name}=” is not an ads.txt variable; the variables are {known}."
    if not value:
        return f"“{name}=” has no value."
    if name in _DOMAIN_VARIABLES and not _DOMAIN.match(value):
        return f"“{value}” is not a domain name."
    if name == "managerdomain":
        domain, _, country = (part.strip() for part in value.partition(","))
        if not _DOMAIN.match(domain):
            return f"“{domain}” is not a domain name."
        if country and not _COUNTRY.match(country):
            return f"“{country}” is not a two-letter country code."
    return None


def line_error(line):
    """Why one line of ads.txt is not valid, or None when it is."""
    content = line.split("#", 1)[0].strip()
    if not content:
        return None
    data = content.split(";", 1)[0].strip()
    # A record's first field is a domain, which cannot hold "=": so "=" means a variable.
    if "=" in data and "," not in data.split("=", 1)[0]:
        return _variable_error(*data.split("=", 1))
    return _record_error(data)


def ads_txt_errors(text):
    """Every invalid line as "Line 3: …", in order; an empty list when the file is valid."""
    errors = []
    for number, line in enumerate(text.splitlines(), start=1):
        error = line_error(line)
        if error:
            errors.append(f"Line {number}: {error}")
    return errors
