// Entry point of `npm run -s backprop -- <command>`; the logic lives in lib/cli/backprop-cli.ts.
import { readFileSync } from "node:fs";
import { runCli } from "../lib/cli/backprop-cli";

const result = runCli(process.argv.slice(2), {
  readFile: (path) => readFileSync(path === "-" ? 0 : path, "utf8"),
});
process.stdout.write(result.stdout);
process.stderr.write(result.stderr);
process.exitCode = result.code;
