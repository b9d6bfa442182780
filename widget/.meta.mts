import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { minifyTemplates } from './minify-templates.ts';
const r = await build({ entryPoints: ['/work/main/widget/src/loader.ts'], bundle: true, minify: true, format: 'iife', write: false, metafile: true, charset: 'utf8', mangleProps: /^_[a-z]/, target: 'chrome100',
 plugins: [{ name: 'x', setup(b) { b.onLoad({ filter: /widget\/src\/.*\.ts$/ }, (a) => ({ contents: minifyTemplates(readFileSync(a.path, 'utf8')), loader: 'ts' })); } }] });
console.log('total', r.outputFiles[0].contents.length, gzipSync(r.outputFiles[0].contents,{level:9}).length);
const o = Object.values(r.metafile.outputs)[0];
for (const [k,v] of Object.entries(o.inputs).sort((a,b)=>b[1].bytesInOutput-a[1].bytesInOutput)) console.log(v.bytesInOutput, k);
