// Copies the web UI's third-party files from node_modules into api/static/vendor and records
// each file's package, version, licence and sha256 in api/static/vendor/VENDOR.json.
// Run by `make vendor-ui` (npm ci, then this script). The server never fetches anything at run
// time: what it serves under /ui/vendor/ is exactly what this script wrote and git holds.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { feature } from "topojson-client";

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, "node_modules");
const outDir = join(here, "..", "api", "static", "vendor");
const testDir = join(here, "..", "tests", "ui", "vendor");

// [package, file inside the package, name written, destination]
const FILES = [
  ["cytoscape", "dist/cytoscape.min.js", "cytoscape.min.js", outDir],
  ["swagger-ui-dist", "swagger-ui-bundle.js", "swagger-ui-bundle.js", outDir],
  ["swagger-ui-dist", "swagger-ui.css", "swagger-ui.css", outDir],
  ["@zazuko/yasgui", "build/yasgui.min.js", "yasgui.min.js", outDir],
  ["@zazuko/yasgui", "build/yasgui.min.css", "yasgui.min.css", outDir],
  ["axe-core", "axe.min.js", "axe.min.js", testDir],
];

function pkg(name) {
  return JSON.parse(readFileSync(join(modules, name, "package.json"), "utf8"));
}

function sha256(bytes) {
  return createHash("sha256").update(bytes).digest("hex");
}

function licenceText(name) {
  for (const file of ["LICENSE", "LICENSE.txt", "LICENSE.md", "license"]) {
    const path = join(modules, name, file);
    if (existsSync(path)) return readFileSync(path, "utf8");
  }
  return null;
}

const records = { [outDir]: [], [testDir]: [] };

function record(dest, name, pkgName, source, bytes) {
  const meta = pkg(pkgName);
  records[dest].push({
    file: name, package: pkgName, version: meta.version, license: meta.license,
    source, sha256: sha256(bytes), bytes: bytes.length,
  });
  const text = licenceText(pkgName);
  if (text) writeFileSync(join(dest, `${pkgName.replace("/", "__")}.LICENSE.txt`), text);
}

for (const dir of [outDir, testDir]) mkdirSync(dir, { recursive: true });

for (const [pkgName, source, name, dest] of FILES) {
  // Source maps are left out; the comment pointing at them would make browsers ask for them.
  let text = readFileSync(join(modules, pkgName, source), "utf8");
  text = text.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, "\n").replace(/\/\*# sourceMappingURL=\S+ \*\/\s*$/, "");
  const bytes = Buffer.from(text, "utf8");
  writeFileSync(join(dest, name), bytes);
  record(dest, name, pkgName, source, bytes);
}

// Natural Earth 1:110m countries (public domain, via world-atlas), as GeoJSON for the map.
const topo = JSON.parse(readFileSync(join(modules, "world-atlas", "countries-110m.json"), "utf8"));
const countries = feature(topo, topo.objects.countries);
const round = (c) => (typeof c[0] === "number" ? c.map((v) => Math.round(v * 100) / 100) : c.map(round));
for (const f of countries.features) f.geometry.coordinates = round(f.geometry.coordinates);
const geo = Buffer.from(JSON.stringify(countries), "utf8");
writeFileSync(join(outDir, "countries-110m.geojson"), geo);
record(outDir, "countries-110m.geojson", "world-atlas", "countries-110m.json (Natural Earth 1:110m, converted with topojson-client)", geo);

for (const [dir, list] of Object.entries(records)) {
  writeFileSync(join(dir, "VENDOR.json"), JSON.stringify(list, null, 2) + "\n");
}
console.log(`vendored ${records[outDir].length} files into api/static/vendor, ${records[testDir].length} into tests/ui/vendor`);
