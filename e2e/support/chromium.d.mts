export declare const DEBIAN_CHROMIUM: string;
export declare function findChromium(opts?: {
  env?: Record<string, string | undefined>;
  exists?: (path: string) => boolean;
  bundled?: () => string | undefined;
}): { executablePath: string | undefined; problem: string | null };
