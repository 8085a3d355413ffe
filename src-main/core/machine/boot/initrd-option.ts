/**
 * QEMU's -initrd syntax for multiboot modules: comma-separated entries ("a,," is a literal comma), each
 * "PATH ARGS…". The whole entry becomes the module's command line; the path is the text before the first
 * space. Pure string handling: the caller reads the files.
 */

export interface InitrdEntry {
  readonly path: string;
  /** The module's multiboot command line (path and arguments, as QEMU passes it). */
  readonly cmdline: string;
}

export function parseInitrdOption(option: string): InitrdEntry[] {
  const entries: string[] = [];
  let current = '';
  for (let i = 0; i < option.length; i++) {
    const c = option[i]!;
    if (c === ',') {
      if (option[i + 1] === ',') {
        current += ',';
        i++;
        continue;
      }
      entries.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  entries.push(current);
  return entries.map((cmdline) => {
    const space = cmdline.indexOf(' ');
    return { path: space < 0 ? cmdline : cmdline.slice(0, space), cmdline };
  });
}
