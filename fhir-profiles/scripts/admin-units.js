#!/usr/bin/env node
// Generate the FSH for Vietnam's administrative units (QĐ 19/2025/QĐ-TTg, from 1 July 2025).
//
// Reads the official list (province_code, province_name, province_type, commune_code,
// commune_name, commune_type) and writes CodeSystem VnProvince, CodeSystem VnCommune (with a
// `province` concept property), ValueSet VnProvinces and ValueSet VnCommunes.
//
// The output is a build artefact: never edit it by hand, change the CSV or this script.
// Node 20, no dependencies. Port of the former admin-units.py; the output is byte-identical to it
// (including the header line, which still names the original script).
//
// usage: admin-units.js CSV OUT.fsh
'use strict';
const fs = require('fs');

const ME = 'admin-units.js';
function fail(message) {
  console.error(`${ME}: ${message}`);
  process.exit(1);
}

// Python's str.strip(): Unicode whitespace as str.isspace() defines it (String.prototype.trim()
// differs: it also strips U+FEFF and keeps U+001C-U+001F and U+0085).
const WS = '[\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const STRIP = new RegExp(`^${WS}+|${WS}+$`, 'g');
const strip = (s) => s.replace(STRIP, '');

// Python's str ordering: by code point (JS `<` compares UTF-16 code units).
function cmpStr(a, b) {
  const x = [...a], y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i].codePointAt(0) - y[i].codePointAt(0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}
function cmpTuple(a, b) {
  for (let i = 0; i < a.length; i++) {
    const d = cmpStr(a[i], b[i]);
    if (d !== 0) return d;
  }
  return 0;
}

// CSV records as Python's csv.reader (excel dialect, non-strict) yields them from a file opened with
// newline="": lines end at \r\n, \r or \n; quoted fields may span lines and keep their line breaks;
// "" inside quotes is one quote; a blank line is the record [].
function parseCsv(text) {
  const FIELD_LIMIT = 131072;   // csv.field_size_limit() default
  const lines = text.match(/[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$/g) || [];
  const records = [];
  let fields = [], field = '', state = 'START_RECORD';
  const save = () => { fields.push(field); field = ''; };
  const add = (c) => {
    if (field.length >= FIELD_LIMIT) fail(`field larger than field limit (${FIELD_LIMIT})`);
    field += c;
  };
  const EOL = null;
  const isNl = (c) => c === '\n' || c === '\r';
  function processChar(c) {
    switch (state) {
      case 'START_RECORD':
        if (c === EOL) return;
        if (isNl(c)) { state = 'EAT_CRNL'; return; }
        state = 'START_FIELD';
      // falls through
      case 'START_FIELD':
        if (isNl(c) || c === EOL) { save(); state = c === EOL ? 'START_RECORD' : 'EAT_CRNL'; }
        else if (c === '"') state = 'IN_QUOTED_FIELD';
        else if (c === ',') save();
        else { add(c); state = 'IN_FIELD'; }
        return;
      case 'IN_FIELD':
        if (isNl(c) || c === EOL) { save(); state = c === EOL ? 'START_RECORD' : 'EAT_CRNL'; }
        else if (c === ',') { save(); state = 'START_FIELD'; }
        else add(c);
        return;
      case 'IN_QUOTED_FIELD':
        if (c === EOL) return;
        if (c === '"') state = 'QUOTE_IN_QUOTED_FIELD';
        else add(c);
        return;
      case 'QUOTE_IN_QUOTED_FIELD':
        if (c === '"') { add(c); state = 'IN_QUOTED_FIELD'; }
        else if (c === ',') { save(); state = 'START_FIELD'; }
        else if (isNl(c) || c === EOL) { save(); state = c === EOL ? 'START_RECORD' : 'EAT_CRNL'; }
        else { add(c); state = 'IN_FIELD'; }
        return;
      case 'EAT_CRNL':
        if (isNl(c)) return;
        if (c === EOL) { state = 'START_RECORD'; return; }
        fail('new-line character seen in unquoted field');
    }
  }
  for (const line of lines) {
    for (const c of line) processChar(c);
    processChar(EOL);
    if (state === 'START_RECORD') { records.push(fields); fields = []; }
  }
  if (state === 'IN_QUOTED_FIELD') { save(); records.push(fields); }   // unterminated quote at EOF
  return records;
}

// Records as csv.DictReader maps them: the first record names the columns, blank records are
// skipped; a missing column is an error (Python fails on it too).
function readRows(text) {
  const [header = [], ...records] = parseCsv(text);
  return records.filter((r) => r.length > 0).map((r, i) => {
    const row = {};
    header.forEach((name, j) => { if (j < r.length) row[name] = r[j]; });
    return (key) => {
      if (!Object.prototype.hasOwnProperty.call(row, key)) {
        fail(`data row ${i + 1} has no ${key} column: ${JSON.stringify(r)}`);
      }
      return row[key];
    };
  });
}

const fshStr = (s) => '"' + s.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"';

function main(csvPath, outPath) {
  let text;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(fs.readFileSync(csvPath));
  } catch (e) {
    fail(`cannot read ${csvPath}: ${e.message}`);
  }
  if (text.startsWith('\ufeff')) text = text.slice(1);   // encoding="utf-8-sig"

  const provinces = new Map();   // code -> [name, type]
  const communes = [];           // [code, name, type, province code]
  const seen = new Set();
  for (const get of readRows(text)) {
    const p = strip(get('province_code')), c = strip(get('commune_code'));
    if (!/^\p{Nd}{2}$/u.test(p) || !/^\p{Nd}{5}$/u.test(c)) {
      fail(`bad codes in row province_code=${JSON.stringify(p)} commune_code=${JSON.stringify(c)}`);
    }
    if (seen.has(c)) fail(`duplicate commune code ${c}`);
    seen.add(c);
    const name = strip(get('province_name')), ptype = strip(get('province_type'));
    if (!provinces.has(p)) provinces.set(p, [name, ptype]);
    if (provinces.get(p)[0] !== name) fail(`province ${p} has two names`);
    communes.push([c, strip(get('commune_name')), strip(get('commune_type')), p]);
  }

  communes.sort(cmpTuple);
  const out = [
    '// GENERATED by scripts/admin-units.js from admin-units-2025.csv - DO NOT EDIT.',
    `// ${provinces.size} provinces, ${communes.length} communes.`,
    '',
    'CodeSystem: VnProvince',
    'Id: vn-province',
    'Title: "Tỉnh, thành phố (2025) / Vietnam provinces (2025)"',
    'Description: "34 đơn vị hành chính cấp tỉnh theo QĐ 19/2025/QĐ-TTg, mã 2 chữ số của Cục Thống kê; ' +
      'mã không tái sử dụng. / The 34 provinces and centrally-run cities under Decision 19/2025/QD-TTg, ' +
      '2-digit statistical codes; codes are never reused."',
    '* ^status = #active',
    '* ^caseSensitive = true',
    '* ^content = #complete',
    '* ^valueSet = Canonical(VnProvinces)',
  ];
  for (const code of [...provinces.keys()].sort(cmpStr)) {
    const [name] = provinces.get(code);
    out.push(`* #${fshStr(code)} ${fshStr(name)}`);
  }

  out.push(
    '',
    'CodeSystem: VnCommune',
    'Id: vn-commune',
    'Title: "Xã, phường, đặc khu (2025) / Vietnam communes (2025)"',
    'Description: "Các đơn vị hành chính cấp xã từ 01/7/2025 (không còn cấp huyện), mã 5 chữ số của Cục Thống kê; ' +
      'thuộc tính province là mã tỉnh. / Commune-level administrative units from 1 July 2025 (no district level), ' +
      '5-digit statistical codes; the property province holds the province code."',
    '* ^status = #active',
    '* ^caseSensitive = true',
    '* ^content = #complete',
    '* ^valueSet = Canonical(VnCommunes)',
    '* ^property[0].code = #province',
    '* ^property[0].description = "Mã tỉnh (VnProvince) / Province code (VnProvince)"',
    '* ^property[0].type = #code',
    '* ^property[1].code = #unitType',
    '* ^property[1].description = "Loại đơn vị: xã, phường, đặc khu / Unit type"',
    '* ^property[1].type = #string',
  );
  for (const [code, name, utype, prov] of communes) {
    const q = fshStr(code);
    out.push(`* #${q} ${fshStr(name)}`);
    out.push(`* #${q} ^property[0].code = #province`);
    out.push(`* #${q} ^property[0].valueCode = #${fshStr(prov)}`);
    out.push(`* #${q} ^property[1].code = #unitType`);
    out.push(`* #${q} ^property[1].valueString = ${fshStr(utype)}`);
  }

  // Commune codes sorted by code fall into contiguous runs per province: an invariant over those
  // runs checks that an address's commune lies in its province without a terminology server.
  const runs = [];   // [first code, last code, province code]
  for (const [code, , , prov] of communes) {
    if (runs.length && runs[runs.length - 1][2] === prov) runs[runs.length - 1][1] = code;
    else runs.push([code, code, prov]);
  }
  const provX = "extension.where(url.endsWith('/StructureDefinition/vn-province')).value.code";
  const commX = "extension.where(url.endsWith('/StructureDefinition/vn-commune')).value.code";
  const tests = runs.map(([a, b, p]) => `($this >= '${p}-${a}' and $this <= '${p}-${b}')`).join(' or ');
  out.push(
    '',
    'Invariant: vn-addr-2',
    'Description: "Mã xã phải thuộc mã tỉnh của địa chỉ / The commune code must belong to the address\'s province code"',
    'Severity: #error',
    `Expression: "(${provX}.count() = 1 and ${commX}.count() = 1) implies ` +
      `(${provX} + '-' + ${commX}).select(${tests})"`,
  );

  out.push(
    '',
    'ValueSet: VnProvinces',
    'Id: vn-provinces',
    'Title: "Tỉnh, thành phố / Vietnam provinces"',
    'Description: "Tất cả mã tỉnh trong VnProvince. / All province codes of VnProvince."',
    '* ^status = #active',
    '* include codes from system VnProvince',
    '',
    'ValueSet: VnCommunes',
    'Id: vn-communes',
    'Title: "Xã, phường, đặc khu / Vietnam communes"',
    'Description: "Tất cả mã xã trong VnCommune. / All commune codes of VnCommune."',
    '* ^status = #active',
    '* include codes from system VnCommune',
    '',
  );
  fs.writeFileSync(outPath, out.join('\n'), 'utf8');
  console.log(`${ME}: ${provinces.size} provinces, ${communes.length} communes -> ${outPath}`);
}

if (require.main === module) {
  const args = process.argv.slice(2);
  if (args.length !== 2) {
    console.error('usage: admin-units.js CSV OUT.fsh');
    process.exit(1);
  }
  main(args[0], args[1]);
}

module.exports = { parseCsv };
