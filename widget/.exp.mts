import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { minifyTemplates } from './minify-templates.ts';
const dir = process.argv[2];
const r = await build({ entryPoints: [dir + '/loader.ts'], bundle: true, minify: true, format: 'iife', write: false, charset: 'utf8', mangleProps: /^_[a-z]/, target: 'chrome100', nodePaths: ['/work/main/node_modules'],
 plugins: [{ name: 'x', setup(b) { b.onLoad({ filter: /\.ts$/ }, (a) => ({ contents: minifyTemplates(readFileSync(a.path, 'utf8')), loader: 'ts' })); } }] });
console.log(gzipSync(r.outputFiles[0].contents,{level:9}).length);
