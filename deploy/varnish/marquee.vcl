# Marquee behind Varnish: the edge cache between nginx (TLS) and N gunicorn servers.
# Pages are kept for their s-maxage and purged by surrogate key (vmod xkey) when an edit
# commits; see docs/edge-cache.md.
#
# A template: the MARQUEE_* placeholders are filled by `python deploy/render_varnish.py`
# (from the environment, see that file): the backends, the round-robin director, the purge
# ACL and the probe's Host. Varnish's own syntax is left alone.
#
#   MARQUEE_VARNISH_BACKENDS     one `backend` block per app server (MARQUEE_VARNISH_SERVERS)
#   MARQUEE_VARNISH_DIRECTOR     the director's add_backend() calls, one per app server
#   MARQUEE_VARNISH_PURGE_ACL    addresses besides localhost allowed to purge (MARQUEE_VARNISH_PURGERS)
#   MARQUEE_VARNISH_PROBE_HOST   Host header of the health probe: a name in ALLOWED_HOSTS
#
# Run varnishd with `-p http_gzip_support=off` (deploy/compose.yaml, docs/edge-cache.md):
# the app compresses (brotli or gzip) and Varnish stores each encoding as the app made it.
# Without it Varnish narrows every Accept-Encoding to gzip after vcl_recv: still correct,
# only never brotli.

vcl 4.1;

import directors;
import std;
import xkey;

probe marquee_health {
    # /healthz touches neither the database nor Redis: "is this process answering".
    .request =
        "GET /healthz HTTP/1.1"
        "Host: ${MARQUEE_VARNISH_PROBE_HOST}"
        "User-Agent: varnish-probe"
        "Connection: close";
    .expected_response = 200;
    .interval = 2s;
    .timeout = 1s;
    .window = 5;
    .threshold = 3;
    # Healthy from the start: a restarted Varnish must not refuse readers until the first probe.
    .initial = 3;
}

${MARQUEE_VARNISH_BACKENDS}

# Who may PURGE (by key) and BAN (everything): this host, plus the app servers' addresses
# when they run elsewhere. nginx refuses both methods from the internet (every request it
# relays comes from localhost, so the ACL alone could not tell a reader from the app).
acl marquee_purgers {
    "localhost";
    "127.0.0.1";
    "::1";
    ${MARQUEE_VARNISH_PURGE_ACL}
}

sub vcl_init {
    new marquee = directors.round_robin();
    ${MARQUEE_VARNISH_DIRECTOR}
}

sub vcl_recv {
    # X-Marquee-Edge carries this VCL's own state across restarts: never a client's.
    if (req.restarts == 0) {
        unset req.http.X-Marquee-Edge;
    }
    # The reader's chosen country (marquee_country, an ISO code) orders the offers on pages
    # that show some: normalised here into a header of this VCL's own (never a client's),
    # which vcl_backend_response keys those pages on (see below).
    unset req.http.X-Marquee-Country;
    if (req.http.Cookie ~ "(^|;\s*)marquee_country=[A-Za-z]{2}(;|$)") {
        set req.http.X-Marquee-Country = std.toupper(regsub(req.http.Cookie,
            "^(.*;\s*)?marquee_country=([A-Za-z]{2})(;.*)?$", "\2"));
    }
    set req.backend_hint = marquee.backend();

    if (req.method == "PURGE" || req.method == "BAN") {
        # A purge relayed by a proxy (two addresses in X-Forwarded-For: the client's and the
        # proxy's, which Varnish appended) came from outside, whatever the ACL says.
        if (client.ip !~ marquee_purgers || req.http.X-Forwarded-For ~ ",") {
            return (synth(403, "Forbidden"));
        }
        if (req.method == "BAN") {
            # Purge everything (a new release): every stored object fails this test at its
            # next lookup, so nothing banned is ever served again, not even as stale.
            if (std.ban("obj.status != 0")) {
                return (synth(200, "Banned"));
            }
            return (synth(400, std.ban_error()));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "Name the keys in xkey-purge"));
        }
        # A hard purge: the objects are gone, never served stale (an unpublished article
        # must disappear at once, even while the app is down).
        set req.http.X-Marquee-Purged = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.X-Marquee-Purged));
    }

    if (req.http.host) {
        set req.http.host = req.http.host.lower();
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # The admin and reader accounts are personal whatever their headers say.
    if (req.url ~ "^/(admin|accounts)(/|\?|$)") {
        return (pass);
    }
    if (req.http.Authorization) {
        return (pass);
    }
    # A session, a CSRF token, flash messages or a voter id make the page personal; the
    # watched-up-to cookie folds spoilers, and the app keeps its own copy per position.
    # Any other cookie (analytics) is left on the request and does not stop the cache.
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|csrftoken|messages|marquee_voter|marquee_watched)=") {
        return (pass);
    }

    # The app answers br, gzip or nothing, with Vary: Accept-Encoding. Narrowing what the
    # browser sends to the one encoding it will get keeps at most three copies of a page,
    # each compressed once by the app, and a browser sending "gzip, deflate, br" shares the
    # brotli copy with every other browser.
    if (req.http.Accept-Encoding ~ "(?i)\bbr\b") {
        set req.http.Accept-Encoding = "br";
    } elseif (req.http.Accept-Encoding ~ "(?i)\bgzip\b") {
        set req.http.Accept-Encoding = "gzip";
    } else {
        unset req.http.Accept-Encoding;
    }

    if (req.http.X-Marquee-Edge == "refresh") {
        # vcl_hit found a copy past its stale-while-revalidate: fetch it now.
        set req.grace = 0s;
    } else {
        # "stale" (the refresh failed): the copy's own grace, its stale-if-error, decides
        # whether it may still be served (req.grace outlives a restart: lift the limit).
        set req.grace = 3650d;
    }
    return (hash);
}

sub vcl_hash {
    hash_data(req.url);
    if (req.http.host) {
        hash_data(req.http.host);
    } else {
        hash_data(server.ip);
    }
    # http:// and https:// answers differ (the app redirects plain http to https): never
    # give one's copy to the other.
    hash_data(req.http.X-Forwarded-Proto);
    return (lookup);
}

sub vcl_hit {
    if (obj.ttl >= 0s) {
        return (deliver);
    }
    # Past s-maxage. A copy may be served stale when the refresh failed, when every app
    # server is down, or within the page's stale-while-revalidate (a background fetch then
    # refreshes it); otherwise the reader waits for a fresh page.
    if (req.http.X-Marquee-Edge == "stale" || !std.healthy(req.backend_hint)) {
        return (deliver);
    }
    if (obj.ttl + std.duration(regsub(obj.http.Cache-Control,
            "^.*stale-while-revalidate=([0-9]+).*$", "\1s"), 0s) > 0s) {
        return (deliver);
    }
    set req.http.X-Marquee-Edge = "refresh";
    return (restart);
}

sub vcl_synth {
    # A refresh of a stale copy failed (the app answered 5xx or could not be reached): serve
    # the copy if its stale-if-error still allows, else the next fetch answers for itself.
    if (resp.status == 503 && req.http.X-Marquee-Edge == "refresh" && req.restarts < 3) {
        set req.http.X-Marquee-Edge = "stale";
        return (restart);
    }
}

sub vcl_backend_response {
    # An error while a stale copy exists (a background refresh, or a refresh the reader is
    # waiting for): drop the answer and keep the copy; the client side serves it.
    if (beresp.status >= 500 &&
        (bereq.is_bgfetch || bereq.http.X-Marquee-Edge == "refresh")) {
        return (abandon);
    }
    if (bereq.uncacheable) {
        return (deliver);
    }
    # Errors pass through to the reader but are never stored (no hit-for-miss either, which
    # would hide a stale copy).
    if (beresp.status >= 500) {
        set beresp.ttl = 0s;
        set beresp.grace = 0s;
        set beresp.keep = 0s;
        set beresp.uncacheable = true;
        return (deliver);
    }
    # Only what the app marked public is kept: a personal answer (private, no-cache,
    # no-store, a cookie) never, nor one without Cache-Control (Varnish's default_ttl would
    # otherwise keep a redirect or a 404 for two minutes).
    if (beresp.http.Set-Cookie ||
        beresp.http.Cache-Control ~ "(?i)(private|no-cache|no-store)" ||
        beresp.http.Cache-Control !~ "(?i)\bpublic\b" ||
        beresp.http.Vary == "*" ||
        beresp.ttl <= 0s) {
        # Hit-for-miss: requests for this URL go straight to the app for a while, without
        # queueing behind each other.
        set beresp.ttl = 120s;
        set beresp.uncacheable = true;
        return (deliver);
    }
    # A page that orders offers by the reader's country (or folds spoilers) says `Vary:
    # Cookie`, so a browser keeps a copy per cookie; here it is kept per normalised country
    # instead (a reader with a watched-up-to cookie never reaches the cache), so other
    # cookies (analytics) still share it. vcl_deliver gives browsers the app's Vary back.
    if (beresp.http.Vary ~ "(?i)\bCookie\b") {
        set beresp.http.X-Marquee-Vary = beresp.http.Vary;
        set beresp.http.Vary = regsuball(beresp.http.Vary, "(?i)\bCookie\b", "X-Marquee-Country");
    }
    # beresp.ttl is already s-maxage (Varnish prefers it to max-age): the app computes it
    # as the time until the page changes on its own, and a purge ends it sooner.
    # Grace: how long past s-maxage the copy may still be served, the longer of the page's
    # stale-while-revalidate and stale-if-error (vcl_hit tells the two cases apart; a page
    # that names neither keeps Varnish's default_grace).
    if (beresp.http.Cache-Control ~ "stale-(while-revalidate|if-error)=") {
        set beresp.grace = std.duration(regsub(beresp.http.Cache-Control,
            "^.*stale-while-revalidate=([0-9]+).*$", "\1s"), 0s);
        if (std.duration(regsub(beresp.http.Cache-Control,
                "^.*stale-if-error=([0-9]+).*$", "\1s"), 0s) > beresp.grace) {
            set beresp.grace = std.duration(regsub(beresp.http.Cache-Control,
                "^.*stale-if-error=([0-9]+).*$", "\1s"), 0s);
        }
    }
    # Past grace, the copy is still kept a while for conditional refreshes (ETag: the app
    # may answer 304 without sending the page again).
    set beresp.keep = 1h;
    return (deliver);
}

sub vcl_backend_error {
    # The app could not be reached: as for a 5xx above, keep a stale copy if there is one.
    if (bereq.is_bgfetch || bereq.http.X-Marquee-Edge == "refresh") {
        return (abandon);
    }
}

sub vcl_deliver {
    # The keys are for this cache only; a CDN in front would read its own header.
    unset resp.http.xkey;
    unset resp.http.Surrogate-Key;
    unset resp.http.X-Marquee-Purged;
    if (resp.http.X-Marquee-Vary) {
        set resp.http.Vary = resp.http.X-Marquee-Vary;
        unset resp.http.X-Marquee-Vary;
    }
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
