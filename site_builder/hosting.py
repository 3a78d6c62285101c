"""The HTTP headers the built site is meant to be served with, in one place.

docs/hosting.md gives the same policy for nginx, Apache, Netlify, Cloudflare Pages
and self-managed GitLab Pages; the browser tests serve the demo with exactly these headers and
fail on any violation, so the policy and the pages cannot drift apart. With
`hosting_headers: true` in site.yaml the build also writes a `_headers` file, which
Netlify and Cloudflare Pages read.
"""

from __future__ import annotations

from typing import Mapping

from .model import SiteSettings

# Strict: nothing inline, nothing from elsewhere. 'wasm-unsafe-eval' lets Pagefind
# compile its WebAssembly search engine; it does not allow eval() of JavaScript.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'wasm-unsafe-eval'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "media-src 'self'",
        "manifest-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

SECURITY_HEADERS: tuple[tuple[str, str], ...] = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    # A child reading about abuse must not tell the next site where they came from.
    ("Referrer-Policy", "no-referrer"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"),
    ("X-Frame-Options", "DENY"),
)

# Fingerprinted assets (`assets/style.<hash>.css`) never change under their name.
IMMUTABLE = "public, max-age=31536000, immutable"
# Everything else is checked with the server on each visit, so a fix is seen at once.
REVALIDATE = "no-cache"


def render_headers_file(settings: SiteSettings, assets: Mapping[str, str]) -> bytes:
    """`_headers` for Netlify and Cloudflare Pages.

    Each fingerprinted asset gets its own rule: no wildcard would match only
    hashed names, and a second Cache-Control on `/*` would be merged into theirs.
    Those hosts already revalidate everything else by default.
    """
    base = settings.base_path
    lines = ["# Security and cache headers; see docs/hosting.md. Written because site.yaml has hosting_headers: true.", f"{base}*"]
    lines += [f"  {name}: {value}" for name, value in SECURITY_HEADERS]
    for published in sorted(assets.values()):
        if published.endswith((".css", ".js")) and published.count(".") >= 2:
            lines += [f"{base}{published}", f"  Cache-Control: {IMMUTABLE}"]
    return ("\n".join(lines) + "\n").encode("utf-8")
