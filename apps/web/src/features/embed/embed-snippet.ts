import type { EmbedTheme } from './embed-theme';

/** The framed page's absolute URL with a theme. */
export function embedUrl(origin: string, embedPath: string, theme: EmbedTheme): string {
  return `${origin}${embedPath}${theme === 'auto' ? '' : `&theme=${theme}`}`;
}

const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The copy-paste `<iframe>` for a link: no border, full width, lazy, and no referrer leaving the frame. */
export function iframeSnippet(opts: { url: string; title: string; height: number }): string {
  return (
    `<iframe src="${attr(opts.url)}" title="${attr(opts.title)}" width="100%" height="${opts.height}" ` +
    `style="border:0" loading="lazy" referrerpolicy="no-referrer"></iframe>`
  );
}
