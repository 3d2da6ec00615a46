// Accessibility by test: axe-core (pinned in package.json, read from node_modules: no internet) run on the page
// as it is now. Fails on any violation of impact serious or critical among the WCAG 2.1 A/AA rules.
//
// axe is evaluated through the DevTools protocol rather than `page.addScriptTag`: the app's
// Content-Security-Policy (script-src 'self') refuses an inline <script>, and turning CSP off for the tests
// (`bypassCSP`) would hide a page that breaks it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** One line per failing node: rule, impact, where, and axe's own summary. */
function describe(violation) {
  const where = violation.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(1).join(' ')}`);
  return `${violation.id} (${violation.impact}) ${violation.help}\n    ${where.join('\n    ')}`;
}

/**
 * Checks the page after a navigation or a change of state; `state` names it in the failure message.
 * @param {import('playwright-core').Page} page
 * @param {string} state
 */
export async function checkA11y(page, state) {
  await page.evaluate(`window.axe ? undefined : (function () { ${axeSource}\n }).call(window)`);
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    TAGS,
  );
  const blocking = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(blocking.map(describe), [], `axe-core on "${state}" (${page.url()})`);
}
