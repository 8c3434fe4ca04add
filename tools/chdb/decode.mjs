// Decodes a RowBinary file with embedded ClickHouse (chdb) and prints the rows as JSONEachRow.
// Usage: node decode.mjs FILE SCHEMA [FORMAT]
//   FILE   path to the RowBinary file
//   SCHEMA ClickHouse structure, e.g. "ts DateTime64(9), level LowCardinality(String)"
//   FORMAT input format, RowBinary (default) or RowBinaryWithDefaults
import { query } from "chdb";
import { resolve } from "node:path";

const [file, schema, format = "RowBinary"] = process.argv.slice(2);
if (!file || !schema) {
  console.error("usage: node decode.mjs FILE SCHEMA [RowBinary|RowBinaryWithDefaults]");
  process.exit(2);
}
const quote = (s) => "'" + s.replace(/\\/g, "\\\\").replace(/'/g, "\\'") + "'";
const sql = `SELECT * FROM file(${quote(resolve(file))}, ${format}, ${quote(schema)})`
  + " SETTINGS output_format_json_quote_64bit_integers = 1, date_time_output_format = 'iso',"
  + " output_format_json_quote_decimals = 1, output_format_decimal_trailing_zeros = 1";
try {
  process.stdout.write(query(sql, "JSONEachRow"));
} catch (e) {
  console.error(String(e && e.message ? e.message : e));
  process.exit(1);
}
