// The repository root: the one definition every tool uses (TypeScript tools through root.d.cts).
'use strict';
const path = require('node:path');

exports.ROOT = path.resolve(__dirname, '..');
