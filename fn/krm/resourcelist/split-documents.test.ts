import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { scanDocuments } from './split-documents';
import { isEmptyDocument } from './read';
import { PARSE_OPTIONS } from './yaml-util';

const lines = (...l: string[]): string => `${l.join('\n')}\n`;

/** The stream's non-empty documents as the library reads them (what scanDocuments must give). */
function library(text: string): unknown[] {
  return parseAllDocuments(text, PARSE_OPTIONS)
    .filter((d) => !isEmptyDocument(d))
    .map((d) => {
      expect(d.errors).toEqual([]);
      return d.toJS();
    });
}

describe('scanDocuments: the streams render reads and writes, read as the library reads them', () => {
  test.each([
    ['one document, no marker', lines('apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: a', 'data:', '  k: v')],
    [
      'helm template: # Source comments, a leading marker, block scalars, 4-space indents',
      lines(
        '---',
        '# Source: chart/templates/cm.yaml',
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata:',
        '    name: a',
        'data:',
        '    script: |',
        '        #!/bin/sh',
        '        echo "--- not a marker"',
        '',
        '        exit 0',
        '---',
        '# Source: chart/templates/deploy.yaml',
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        '    name: web',
        'spec:',
        '    template:',
        '        spec:',
        '            containers:',
        '                - name: app',
        '                  image: "nginx:1.27"',
        '                  args: [--port, "8080"]',
      ),
    ],
    ['empty documents, comments only, a trailing marker', lines('---', '# nothing', '---', '', '---', 'a: 1', '--- # a comment after the marker', 'b: [1, 2]', '---')],
    ['a comment between the marker and the content, a blank line at the end', lines('a: 1', '---', '', '# c', 'b:', '  c: null', '', '')],
    ['no final line break', 'a: 1\n---\nb: 2'],
    ['only markers', lines('---', '---')],
    ['nothing at all', ''],
  ])('%s', (_what, text) => {
    expect(scanDocuments(text)).toEqual(library(text));
  });

  test.each([
    ['content on the marker line', lines('--- !!map', 'a: 1')],
    ['a flow document on the marker line', lines('--- {a: 1}')],
    ['an end marker', lines('a: 1', '...', '---', 'b: 2')],
    ['a directive', lines('%YAML 1.1', '---', 'a: 1')],
    ['carriage returns', 'a: 1\r\n---\r\nb: 2\r\n'],
    ['a byte order mark', '\ufeffa: 1\n'],
    ['a JSON document', lines('{"a": 1}')],
    ['a sequence', lines('- a', '- b')],
    ['a quoted first key', lines('"a": 1')],
    ['an indented document', lines('  a: 1')],
    ['a scalar document', lines('hello')],
  ])('declines %s (the library reads it)', (_what, text) => {
    expect(scanDocuments(text)).toBeUndefined();
  });

  test('what the scanner declines in a document declines the stream', () => {
    // an alias to an anchor of another document is an error in YAML; the scanner does not take it
    expect(scanDocuments(lines('a: &x 1', '---', 'b: *x'))).toBeUndefined();
    expect(scanDocuments(lines('a: .inf'))).toBeUndefined();
  });

  test("every golden case's input and expected output read as the library reads them", () => {
    const dirs = ['fluid-cases', 'fluid', 'juicefs'].map((d) => path.join(__dirname, '..', '..', '..', 'testdata', d));
    const files = dirs.flatMap((dir) =>
      fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yaml')).map((f) => path.join(dir, f)),
    );
    expect(files.length).toBeGreaterThan(100);
    let scanned = 0;
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const got = scanDocuments(text);
      if (got === undefined) continue;
      scanned++;
      expect({ file, docs: got }).toEqual({ file, docs: library(text) });
    }
    expect(scanned).toBeGreaterThan(files.length / 2);
  });
});
