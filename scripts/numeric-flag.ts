// The measuring scripts' one kind of option: `--name N`, a number, or the script's default.

/** The number after `--name` on the command line, or `fallback` when the flag is absent. */
export function numericFlag(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}
