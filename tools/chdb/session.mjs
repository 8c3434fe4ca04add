// Runs the statements of a SQL file, separated by ";" at the end of a line, in one chdb session (ClickHouse 26.x,
// embedded) and prints what the last one returns, e.g. CREATE TABLE, INSERT ... FROM INFILE, SELECT ... FORMAT X.
// Usage: node session.mjs FILE.sql
import { Session } from "chdb";
import { readFileSync } from "node:fs";

const [file] = process.argv.slice(2);
if (!file) {
  console.error("usage: node session.mjs FILE.sql");
  process.exit(2);
}
const statements = readFileSync(file, "utf8").split(/;\s*$/m).map((s) => s.trim()).filter((s) => s.length > 0);
const session = new Session();
try {
  let out = "";
  for (const statement of statements) {
    out = session.query(statement, "TabSeparated");
  }
  process.stdout.write(out);
} catch (e) {
  console.error(String(e && e.message ? e.message : e));
  process.exitCode = 1;
} finally {
  session.cleanup();
}
