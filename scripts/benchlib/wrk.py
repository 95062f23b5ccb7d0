"""Drive a server with wrk (bounded, loopback only) and read its figures back."""

import re
import secrets
import subprocess
import urllib.parse

#: What browsers send; every row sends it unless it says otherwise.
BROWSER_ENCODINGS = "gzip, br"

#: Lua for every row: per-request path, optional POST body, Accept-Encoding, counts of 429s.
LUA = """
local counter = 0
local threads = {}
local mode, path, body, cookie = "%(mode)s", "%(path)s", "%(body)s", "%(cookie)s"
local sep, accept = "%(sep)s", "%(accept)s"
if accept ~= "" then
  wrk.headers["Accept-Encoding"] = accept
end
function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end
function init(args)
  limited = 0
end
function request()
  counter = counter + 1
  if mode == "unique" then
    -- A voter cookie: the page cache neither serves nor stores this reader's page.
    local headers = {["Cookie"] = "marquee_voter=bench-" .. id .. "-" .. counter}
    if accept ~= "" then
      headers["Accept-Encoding"] = accept
    end
    return wrk.format("GET", path, headers)
  end
  if mode == "post" then
    -- Each post from another reader (address), as many readers do.
    -- 198.18.0.0/15 is the range set aside for benchmarks; it is only a header here.
    local high = (id * 100 + math.floor(counter / 250)) %% 256
    local ip = string.format("198.18.%%d.%%d", high, counter %% 250 + 1)
    local headers = {
      ["Content-Type"] = "application/x-www-form-urlencoded",
      ["Cookie"] = cookie,
      ["X-Forwarded-For"] = ip,
    }
    if accept ~= "" then
      headers["Accept-Encoding"] = accept
    end
    return wrk.format("POST", path, headers, body)
  end
  return wrk.format("GET", path)
end
function response(status, headers, body)
  if status == 429 then
    limited = limited + 1
  end
end
function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("limited")
  end
  io.write(string.format("RATE_LIMITED %%d\\n", total))
end
"""


def csrf_form(fields):
    """A CSRF cookie and the same secret in the form, as Django accepts from a no-JS form."""
    secret = secrets.token_hex(16)
    body = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": secret})
    return body, f"csrftoken={secret}"


def _ms(value):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def parse(output):
    """Requests/s, p50 and p99 (ms), requests, errors and 429s from wrk's --latency output."""
    result = {"rps": 0.0, "p50": None, "p99": None, "requests": 0, "errors": 0, "limited": 0}
    if match := re.search(r"Requests/sec:\s+([\d.]+)", output):
        result["rps"] = float(match.group(1))
    for percent, key in (("50", "p50"), ("99", "p99")):
        if match := re.search(rf"^\s+{percent}%\s+(\S+)", output, re.M):
            result[key] = _ms(match.group(1))
    if match := re.search(r"(\d+) requests in", output):
        result["requests"] = int(match.group(1))
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        result["errors"] += int(match.group(1))
    if match := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    ):
        result["errors"] += sum(int(n) for n in match.groups())
    if match := re.search(r"RATE_LIMITED (\d+)", output):
        result["limited"] = int(match.group(1))
    return result


def run(
    base,
    path,
    workdir,
    *,
    seconds,
    mode="plain",
    body="",
    cookie="",
    accept=BROWSER_ENCODINGS,
    connections=32,
):
    """One bounded wrk run against base+path; `mode` is plain, unique (query) or post;
    `accept` is the Accept-Encoding of every request ("" sends none)."""
    script = workdir / f"wrk-{mode}.lua"
    script.write_text(
        LUA
        % {
            "mode": mode,
            "path": path,
            "body": body,
            "cookie": cookie,
            "sep": "&" if "?" in path else "?",
            "accept": accept,
        }
    )
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s", "--latency"]
    command += ["-s", str(script), base + path]
    # A long timeout: wrk would otherwise abandon slow requests and send new ones, leaving the
    # server a queue of dead connections to work through after the run.
    completed = subprocess.run(
        command, capture_output=True, text=True, timeout=seconds + 60, check=False
    )
    return parse(completed.stdout + completed.stderr)
