/**
 * The renderer's Content-Security-Policy. Sent as a response header by the session (dev server) and
 * repeated in index.html's meta tag, because file:// pages have no response headers to carry it.
 * A test checks that both copies agree.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
].join('; ');
