/** `addr: bb bb …` lines, `perLine` bytes each, for showing assembled bytes in the console. */
export function formatHexDump(bytes: readonly number[], origin: number, perLine = 16, maxLines = 16): string {
  const lines: string[] = [];
  for (let i = 0; i < bytes.length && lines.length < maxLines; i += perLine) {
    const row = bytes.slice(i, i + perLine).map((b) => b.toString(16).padStart(2, '0'));
    lines.push(`${(origin + i).toString(16).padStart(8, '0')}: ${row.join(' ')}`);
  }
  if (bytes.length > perLine * maxLines) lines.push('…');
  return lines.join('\n');
}
