/**
 * The web app's pages and files (not the API, not survey pages, which carry their
 * own stricter policy). Scripts and styles come from our own files only; styles may
 * also be inline because an email's original, shown in a sandboxed srcdoc frame that
 * inherits this policy, keeps its <style> and style attributes (styles run no code,
 * and img-src/font-src/connect-src keep them from loading anything elsewhere).
 * connect-src 'self' covers the live socket on the same host (CSP 3: 'self' matches
 * ws: and wss: there) without opening sockets to any other host.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

export const WEB_APP_HEADERS: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  // Not no-referrer: with it a browser sends `Origin: null` on our own writes, which the CSRF check refuses.
  'referrer-policy': 'same-origin',
  // For browsers older than frame-ancestors.
  'x-frame-options': 'DENY',
};
