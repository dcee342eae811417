#!/usr/bin/env node
// Assemble the FHIR NPM package folder from SUSHI's output (FSHOnly: SUSHI writes no package itself).
// usage: make-package.js SUSHI_CONFIG RESOURCES_DIR OUT_PACKAGE_DIR YAML_MODULE_DIR
// Writes OUT_PACKAGE_DIR/package.json, OUT_PACKAGE_DIR/.index.json and a copy of every resource.
'use strict';
const fs = require('fs');
const path = require('path');

const [configPath, resourcesDir, outDir, yamlDir] = process.argv.slice(2);
if (!yamlDir) {
  console.error('usage: make-package.js SUSHI_CONFIG RESOURCES_DIR OUT_PACKAGE_DIR YAML_MODULE_DIR');
  process.exit(2);
}
const YAML = require(yamlDir);
const config = YAML.parse(fs.readFileSync(configPath, 'utf8'));
for (const key of ['id', 'canonical', 'version', 'fhirVersion']) {
  if (!config[key]) throw new Error(`sushi-config.yaml has no ${key}`);
}
const fhirVersions = [].concat(config.fhirVersion);

fs.rmSync(outDir, { recursive: true, force: true });
fs.mkdirSync(outDir, { recursive: true });

const files = [];
for (const name of fs.readdirSync(resourcesDir).filter(f => f.endsWith('.json')).sort()) {
  const text = fs.readFileSync(path.join(resourcesDir, name), 'utf8');
  const r = JSON.parse(text);
  if (!r.resourceType || !r.id) throw new Error(`${name} is not a FHIR resource with an id`);
  fs.writeFileSync(path.join(outDir, name), text);
  const entry = { filename: name, resourceType: r.resourceType, id: r.id };
  for (const k of ['url', 'version', 'kind', 'type']) if (r[k] !== undefined) entry[k] = r[k];
  if (r.resourceType === 'StructureDefinition' && r.type) entry.type = r.type;
  files.push(entry);
}

const dependencies = { 'hl7.fhir.r4.core': '4.0.1' };
for (const [k, v] of Object.entries(config.dependencies || {})) {
  dependencies[k] = typeof v === 'object' && v !== null ? String(v.version) : String(v);
}
const pkg = {
  name: config.id,
  version: String(config.version),
  canonical: config.canonical,
  url: config.canonical,
  title: config.title || config.name,
  description: config.description || config.title || config.name,
  fhirVersions,
  dependencies,
  type: 'fhir.ig',
  license: config.license || 'CC0-1.0',
  author: (config.publisher && (config.publisher.name || config.publisher)) || config.id,
  jurisdiction: 'urn:iso:std:iso:3166#VN',
};
fs.writeFileSync(path.join(outDir, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
fs.writeFileSync(path.join(outDir, '.index.json'),
  JSON.stringify({ 'index-version': 1, files }, null, 2) + '\n');
console.log(`make-package.js: ${pkg.name}#${pkg.version}, ${files.length} resources`);
