// Run by `npm ci` (postinstall): DKFDS's stylesheet without its own IBM Plex Sans @font-face rules,
// written beside it (so its relative image and icon URLs still hold) as dkfds-no-plex-faces.min.css.
// DKFDS offers EOT and WOFF before WOFF2 and the whole font for every weight; static/css/fonts.css
// has the same faces as WOFF2 with a Latin-1 part. With both in the page, a glyph IBM Plex lacks
// made Chromium fetch DKFDS's WOFF copies too, looking for it. Its "system" face stays.
const fs = require("fs");
const path = require("path");

const dir = path.join(__dirname, "..", "node_modules", "dkfds", "dist", "css");
const css = fs.readFileSync(path.join(dir, "dkfds.min.css"), "utf8");
const faces = /@font-face\{[^}]*font-family:\s*"?IBM Plex Sans"?;[^}]*\}/g;
const found = (css.match(faces) || []).length;
if (found === 0) {
  throw new Error("dkfds.min.css has no IBM Plex Sans @font-face rules: has DKFDS changed its CSS?");
}
fs.writeFileSync(path.join(dir, "dkfds-no-plex-faces.min.css"), css.replace(faces, ""));
console.log(`dkfds-no-plex-faces.min.css: ${found} IBM Plex Sans faces left to static/css/fonts.css`);
