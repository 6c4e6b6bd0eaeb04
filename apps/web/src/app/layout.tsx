import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';

import { THEME_SCRIPT } from '@/features/theme/theme';

import { inter, jetbrainsMono } from './fonts';
import './globals.css';
import { Providers } from './providers';

export const metadata: Metadata = {
  title: { default: 'Plimsoll', template: '%s · Plimsoll' },
  description: 'Operations dashboard for production Kubernetes clusters.',
  robots: { index: false, follow: false },
};

export const viewport: Viewport = {
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#ffffff' },
    { media: '(prefers-color-scheme: dark)', color: '#13161a' },
  ],
};

/** The document: fonts, the theme set before first paint, and the client providers. */
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    // The theme script adds `dark` to <html> before React hydrates, so its class list differs
    // from the server's on purpose.
    <html
      lang="en"
      className={`${inter.variable} ${jetbrainsMono.variable}`}
      suppressHydrationWarning
    >
      <head>
        <script dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body>
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
