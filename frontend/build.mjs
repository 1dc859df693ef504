// Compiles frontend/app.scss with Dart Sass and copies the GOV.UK Frontend script into
// build/static/si/, which Django serves as a static files directory. Nothing here is
// committed: `make run` and `make test` build it.
import { compile } from "sass";
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "build", "static", "si");
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");

mkdirSync(out, { recursive: true });
const result = compile(join(root, "frontend", "app.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(join(out, "app.css"), result.css);
cpSync(join(govuk, "govuk-frontend.min.js"), join(out, "govuk-frontend.min.js"));
// Only the neutral assets: the crest, crown and GOV.UK icons are not ours to use.
mkdirSync(join(out, "assets", "images"), { recursive: true });
console.log(`built ${join(out, "app.css")} (${result.css.length} bytes)`);
