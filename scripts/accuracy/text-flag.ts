// The accuracy scripts' text option: `--name VALUE`, or the script's default (numbers: ../numeric-flag.ts).

/** The text after `--name` on the command line, or `fallback` when the flag is absent. */
export function textFlag(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : fallback;
}
