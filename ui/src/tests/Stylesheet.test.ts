// app.css must parse as written: a stray "}" at the top level makes the browser drop the rule
// after it (its selector then starts with "}"). One did, after .button-large: .file-chooser lost
// `position: relative`, and the transparent file input of every attachment question covered the
// page's Continue button (seen by tests/e2e/bundle.test.mjs in zh-CN).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

describe('app.css', () => {
  it('has no closing brace without its opening one, and none left open', () => {
    const css = readFileSync(resolve(process.cwd(), 'src/app.css'), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
    let depth = 0;
    const stray: number[] = [];
    css.split('\n').forEach((line, i) => {
      for (const ch of line) {
        if (ch === '{') depth += 1;
        if (ch === '}') {
          depth -= 1;
          if (depth < 0) {
            stray.push(i + 1);
            depth = 0;
          }
        }
      }
    });
    expect(stray).toEqual([]);
    expect(depth).toBe(0);
  });
});
