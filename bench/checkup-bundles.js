#!/usr/bin/env node
// Writes N check-up transaction Bundles (one resident, the check-up Encounter, its 8 Observations and
// the BHYT card: 11 resources each) built from our package's examples, plus examples.json, the
// transaction that stores the examples the bundles refer to (station, insurer).
//   node bench/checkup-bundles.js <package-dir> <N> <out-dir>
'use strict';
const fs = require('fs');
const path = require('path');
const [pkg, n, out] = process.argv.slice(2);
if (!pkg || !n || !out) { console.error('usage: checkup-bundles.js <package-dir> <N> <out-dir>'); process.exit(2); }
const read = (f) => JSON.parse(fs.readFileSync(path.join(pkg, f), 'utf8'));
const examples = fs.readdirSync(pkg)
  .filter((f) => /^(Patient|Organization|Encounter|Observation|Immunization|Coverage)-.*\.json$/.test(f))
  .map(read);
fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(path.join(out, 'examples.json'), JSON.stringify({
  resourceType: 'Bundle', type: 'transaction',
  entry: examples.map((r) => ({ resource: r, request: { method: 'PUT', url: `${r.resourceType}/${r.id}` } })),
}));
const observations = examples.filter((r) => r.resourceType === 'Observation');
const entry = (resource, fullUrl) => ({ fullUrl, resource, request: { method: 'POST', url: resource.resourceType } });
for (let i = 0; i < Number(n); i++) {
  const serial = String(500000 + i).padStart(6, '0');
  const patientUrl = `urn:uuid:00000000-0000-4000-8000-${serial.padStart(12, '0')}`;
  const encounterUrl = `urn:uuid:00000000-0000-4000-9000-${serial.padStart(12, '0')}`;
  const patient = { ...read('Patient-vn-patient-example.json') };
  delete patient.id;
  patient.identifier = patient.identifier.map((id) => id.system.endsWith('/cccd') ? { ...id, value: `046185${serial}` } : id)
    .filter((id) => !id.system.endsWith('/bhyt'));
  const encounter = { ...read('Encounter-vn-checkup-encounter-example.json'), subject: { reference: patientUrl } };
  delete encounter.id;
  const coverage = { ...read('Coverage-vn-coverage-example.json'), beneficiary: { reference: patientUrl } };
  delete coverage.id;
  coverage.identifier = [{ ...coverage.identifier[0], value: `GD44646${serial.padStart(8, '0')}` }];
  const bundle = { resourceType: 'Bundle', type: 'transaction', entry: [
    entry(patient, patientUrl), entry(encounter, encounterUrl),
    ...observations.map((o) => {
      const copy = { ...o, subject: { reference: patientUrl }, encounter: { reference: encounterUrl } };
      delete copy.id;
      return entry(copy);
    }),
    entry(coverage),
  ] };
  fs.writeFileSync(path.join(out, `checkup-${serial}.json`), JSON.stringify(bundle));
}
