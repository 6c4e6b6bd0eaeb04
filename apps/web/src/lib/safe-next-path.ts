const PLACEHOLDER_ORIGIN = 'http://plimsoll.invalid';

/**
 * Turn the `next` query parameter of the sign-in page into a path on this site, or `/`.
 * It must never send the user elsewhere (`//evil.example`, `https://…`, `/\evil`), and never back
 * to the sign-in page itself.
 */
export function toSafeNextPath(raw: string | null | undefined): string {
  if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return '/';
  let url: URL;
  try {
    url = new URL(raw, PLACEHOLDER_ORIGIN);
  } catch {
    return '/';
  }
  if (url.origin !== PLACEHOLDER_ORIGIN || url.pathname === '/login') return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}
