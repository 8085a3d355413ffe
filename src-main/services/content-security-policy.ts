/**
 * The renderer's Content-Security-Policy, shared by the Electron window and the web host (as a header) and the
 * built index.html (as a <meta>, for Electron's file:// page: electron.vite.config.ts). Monaco needs blob: workers
 * and inline styles; nothing is fetched from outside the app. `connect-src` allows the web host's WebSocket on the
 * same origin.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "connect-src 'self' ws://127.0.0.1:* ws://localhost:*",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
