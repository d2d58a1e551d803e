/**
 * Baskets from text: one basket per line, items separated by commas, no header. Items are
 * trimmed; empty items are dropped, and a line left with no item (blank, or only commas and
 * spaces) is not a basket. Accepts \n and \r\n line ends and a leading byte-order mark. No
 * quoting: an item name cannot contain a comma.
 */
export function parseBaskets(text: string): string[][] {
  const baskets: string[][] = [];
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (const line of body.split('\n')) {
    const items: string[] = [];
    for (const raw of line.split(',')) {
      const item = raw.trim();
      if (item !== '') items.push(item);
    }
    if (items.length > 0) baskets.push(items);
  }
  return baskets;
}
