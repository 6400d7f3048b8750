# Varnish in front of Newsroom (compose's `varnish` service; nginx in front of it keeps
# static files, TLS and gzip). It keeps public pages for their s-maxage and drops them when
# the site purges their surrogate keys (the xkey vmod; the site sends the keys in `xkey`
# with NEWSROOM_EDGE_KEYS_HEADER=xkey and purges with NEWSROOM_EDGE_PURGE=varnish).
# tests/ops/test_varnish.py runs this file with Debian's varnishd.
vcl 4.1;

import std;
import xkey;

backend newsroom {
    # The balancer service spreads requests over the web replicas (balancer.conf.template).
    .host = "balancer";
    .port = "8000";
    .probe = {
        .url = "/healthz";
        .interval = 5s;
        .timeout = 2s;
        .window = 3;
        .threshold = 2;
        .initial = 2;
    }
}

# Who may purge: this machine and compose's private networks, never the internet.
acl purgers {
    "127.0.0.1";
    "::1";
    "10.0.0.0"/8;
    "172.16.0.0"/12;
    "192.168.0.0"/16;
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        # Soft: the old copy may still be served while a fresh one is fetched (grace).
        if (req.http.xkey-softpurge) {
            set req.http.x-purged = xkey.softpurge(req.http.xkey-softpurge);
        } elsif (req.http.xkey-purge) {
            set req.http.x-purged = xkey.purge(req.http.xkey-purge);
        } else {
            return (synth(400, "No keys to purge"));
        }
        return (synth(200, "Purged " + req.http.x-purged));
    }
    # A purged (or expired) page is fetched again before it is served while the site is
    # up; kept copies (soft purges keep them) serve readers while it is down.
    if (std.healthy(req.backend_hint)) {
        set req.grace = 0s;
    }
    # Purge headers on anything else mean nothing.
    unset req.http.xkey-softpurge;
    unset req.http.xkey-purge;
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Staff (a session) and anyone holding a CSRF cookie get Django itself, as in the
    # page cache (pagecache/middleware.py).
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|csrftoken)=" || req.http.Authorization) {
        return (pass);
    }
    # Reader pages do not depend on any other cookie.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_hash {
    # Pages carry absolute canonical URLs: http and https are different pages.
    hash_data(req.http.X-Forwarded-Proto);
}

sub vcl_backend_response {
    # Kept for s-maxage (Varnish reads it); never what is private, or sets a cookie.
    if (beresp.http.Cache-Control ~ "(private|no-store)" || beresp.http.Set-Cookie) {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    if (beresp.status == 404) {
        # Every mistyped address must not push real pages out.
        set beresp.ttl = 0s;
    }
}

sub vcl_deliver {
    # The keys are for this server only: readers never see them.
    unset resp.http.xkey;
    if (obj.hits > 0) {
        set resp.http.X-Edge-Cache = "HIT";
    } else {
        set resp.http.X-Edge-Cache = "MISS";
    }
}
