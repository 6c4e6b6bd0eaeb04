import localFont from 'next/font/local';

// Self-hosted from the @fontsource-variable packages (hoisted to the workspace root's
// node_modules): next/font/google needs the internet at build time, and a dashboard inside a
// private network must not depend on it. Latin covers the UI; names with other scripts fall back.

/** Inter: UI text. Exposed as the CSS variable Tailwind's `font-sans` reads. */
export const inter = localFont({
  src: '../../../../node_modules/@fontsource-variable/inter/files/inter-latin-wght-normal.woff2',
  weight: '100 900',
  style: 'normal',
  variable: '--font-inter',
  display: 'swap',
});

/** JetBrains Mono: identifiers, quantities and request ids (`font-mono`). */
export const jetbrainsMono = localFont({
  src: '../../../../node_modules/@fontsource-variable/jetbrains-mono/files/jetbrains-mono-latin-wght-normal.woff2',
  weight: '100 800',
  style: 'normal',
  variable: '--font-jetbrains-mono',
  display: 'swap',
});
