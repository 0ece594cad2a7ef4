// Copies the GOV.UK Frontend script and images (not its fonts or crown) next to the compiled stylesheet.
const fs = require("fs");
const path = require("path");

const src = path.join(__dirname, "..", "node_modules", "govuk-frontend", "dist", "govuk");
const dest = path.join(__dirname, "..", "app", "static", "dist");
fs.mkdirSync(path.join(dest, "assets", "images"), { recursive: true });
fs.copyFileSync(path.join(src, "govuk-frontend.min.js"), path.join(dest, "govuk-frontend.min.js"));
for (const name of ["favicon.ico", "favicon.svg"]) {
  fs.copyFileSync(path.join(src, "assets", "images", name), path.join(dest, "assets", "images", name));
}
