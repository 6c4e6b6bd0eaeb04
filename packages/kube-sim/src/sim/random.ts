/**
 * Seeded randomness for the simulation: the same seed plays a scenario the same way twice.
 * mulberry32 is small, fast and good enough for jitter and picks; it is not for cryptography.
 */

/** A deterministic pseudo-random stream. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max] (both inclusive). */
  int(min: number, max: number): number;
  /** A float in [min, max). */
  float(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** One element chosen with the given relative weights. */
  weighted<T>(items: ReadonlyArray<readonly [T, number]>): T;
  /** `length` lower-case hex digits. */
  hex(length: number): string;
  /** Lower-case alphanumerics without vowels, like the suffixes generateName and ReplicaSets use. */
  suffix(length: number): string;
  /** A version 4 UUID drawn from this stream. */
  uuid(): string;
  /**
   * An independent stream derived from this one's seed and a label, so adding draws in one component
   * does not shift the draws of another.
   */
  fork(label: string): Random;
}

/** mulberry32: 32-bit state, period 2^32. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a 32-bit hash of a string mixed with a seed; used to derive fork seeds and stable ids. */
export function hashString(s: string, seed = 0): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

// The alphabet of k8s.io/apimachinery/pkg/util/rand: no vowels, no digits that look like letters.
const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** Create a seeded random stream. */
export function createRandom(seed: number): Random {
  const nextFloat = mulberry32(seed);
  const rng: Random = {
    next: nextFloat,
    int(min, max) {
      return min + Math.floor(nextFloat() * (max - min + 1));
    },
    float(min, max) {
      return min + nextFloat() * (max - min);
    },
    chance(p) {
      return nextFloat() < p;
    },
    pick(items) {
      if (items.length === 0) throw new Error('pick from an empty array');
      return items[Math.floor(nextFloat() * items.length)] as (typeof items)[number];
    },
    weighted(items) {
      const total = items.reduce((sum, [, w]) => sum + w, 0);
      let r = nextFloat() * total;
      for (const [item, w] of items) {
        r -= w;
        if (r < 0) return item;
      }
      const last = items[items.length - 1];
      if (!last) throw new Error('weighted pick from an empty array');
      return last[0];
    },
    hex(length) {
      let out = '';
      while (out.length < length) {
        out += Math.floor(nextFloat() * 0x100000000)
          .toString(16)
          .padStart(8, '0');
      }
      return out.slice(0, length);
    },
    suffix(length) {
      let out = '';
      for (let i = 0; i < length; i++) {
        out += SUFFIX_ALPHABET[Math.floor(nextFloat() * SUFFIX_ALPHABET.length)];
      }
      return out;
    },
    uuid() {
      const h = rng.hex(32).split('');
      h[12] = '4';
      h[16] = ((parseInt(h[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
      const s = h.join('');
      return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
    },
    fork(label) {
      return createRandom(hashString(label, seed));
    },
  };
  return rng;
}
