/** A class name, or something falsy to leave out (`cond && 'class'`). */
export type ClassName = string | false | null | undefined;

/** Join class names, dropping falsy ones. */
export function cn(...classNames: ClassName[]): string {
  return classNames.filter(Boolean).join(' ');
}
