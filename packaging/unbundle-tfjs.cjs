#!/usr/bin/env node
// Turn nsfwjs's bundled models (UMD .min.js files) back into a standard
// TensorFlow.js model.json + binary weight shard(s).
//
// usage: node unbundle.cjs <nsfwjs package dir> <model name> <out dir>
//   model name: mobilenet_v2 | mobilenet_v2_mid | inception_v3
//
// The package ships, per model, dist/models/<name>/model.min.js (a browserify
// UMD bundle whose export is the model.json object) and
// dist/models/<name>/group1-shardKofN.min.js (UMD bundles whose export is the
// base64 text of one weight shard). The bundled manifest names the shards
// "group1-shardKofN" (no extension); we write "<that>.bin" and rewrite the
// manifest paths to match, so any standard tfjs loader can read the result.
//
// Plain node (>= 12), no npm packages. The bundles are evaluated in a fresh
// vm context that only has `module`/`exports` (no require, no fs, no
// process), so they cannot touch anything else.
'use strict';
const fs = require('fs');
const path = require('path');
const vm = require('vm');

function die(msg) { process.stderr.write('unbundle: ' + msg + '\n'); process.exit(1); }

function loadUmd(file) {
  if (!fs.existsSync(file)) die('missing ' + file);
  const src = fs.readFileSync(file, 'utf8');
  const module = { exports: {} };
  const sandbox = { module: module, exports: module.exports };
  vm.runInNewContext(src, sandbox, { filename: file, timeout: 120000 });
  return module.exports;
}

const BYTES = { float32: 4, int32: 4, bool: 1, uint8: 1, int8: 1, uint16: 2, int16: 2, float16: 2, complex64: 8 };

function main() {
  const [pkgDir, name, outDir] = process.argv.slice(2);
  if (!pkgDir || !name || !outDir) die('usage: node unbundle.cjs <package dir> <model name> <out dir>');
  if (!/^[A-Za-z0-9_]+$/.test(name)) die('bad model name ' + JSON.stringify(name));
  const modelDir = path.join(pkgDir, 'dist', 'models', name);

  let modelJson = loadUmd(path.join(modelDir, 'model.min.js'));
  if (modelJson && modelJson.__esModule && modelJson.default) modelJson = modelJson.default;
  if (!modelJson || typeof modelJson !== 'object' || !modelJson.modelTopology || !Array.isArray(modelJson.weightsManifest))
    die('model.min.js did not export a model.json object');
  // Round-trip through JSON so the object belongs to this realm and is plain data.
  modelJson = JSON.parse(JSON.stringify(modelJson));

  fs.mkdirSync(outDir, { recursive: true });
  const summary = {};
  for (const group of modelJson.weightsManifest) {
    // Expected byte size of the group, from the specs (quantized dtype wins).
    let expected = 0;
    for (const w of group.weights) {
      const n = w.shape.reduce((a, b) => a * b, 1);
      const dt = w.quantization ? w.quantization.dtype : w.dtype;
      if (!(dt in BYTES)) die('unsupported dtype ' + dt + ' for ' + w.name);
      expected += n * BYTES[dt];
      const key = w.dtype + (w.quantization ? '<-' + w.quantization.dtype : '');
      summary[key] = (summary[key] || 0) + 1;
    }
    let got = 0;
    const newPaths = [];
    for (const p of group.paths) {
      const base = path.basename(p).replace(/\.bin$/, '');
      if (!/^[A-Za-z0-9_.-]+$/.test(base)) die('bad shard name ' + p);
      let b64 = loadUmd(path.join(modelDir, base + '.min.js'));
      if (b64 && b64.__esModule && b64.default) b64 = b64.default;
      if (typeof b64 !== 'string') die(base + '.min.js did not export a base64 string');
      const buf = Buffer.from(b64, 'base64');
      fs.writeFileSync(path.join(outDir, base + '.bin'), buf);
      got += buf.length;
      newPaths.push(base + '.bin');
    }
    if (got !== expected) die(`weight group size mismatch: shards ${got} bytes, manifest expects ${expected}`);
    group.paths = newPaths;
  }
  fs.writeFileSync(path.join(outDir, 'model.json'), JSON.stringify(modelJson));
  const kind = modelJson.format || (modelJson.modelTopology.model_config ? 'layers-model' : 'unknown');
  process.stdout.write(`unbundle: ${name} -> ${outDir} (${kind}; weights ${JSON.stringify(summary)})\n`);
}

main();
