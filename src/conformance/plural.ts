// "1 request", "2 requests": counts in the report read as English.

/** `count` and the noun, plural unless the count is 1 (nouns ending in y take -ies). */
export function plural(count: number, noun: string): string {
  if (count === 1) return `1 ${noun}`;
  return `${count} ${noun.endsWith('y') && !/[aeiou]y$/.test(noun) ? `${noun.slice(0, -1)}ies` : `${noun}s`}`;
}
