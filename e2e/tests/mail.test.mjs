// E-mail (issue 12): a prescriber receives the e-mail of a postponement of a session where their candidate
// waits, follows its link after logging in, and turns a kind of notification off on "Mes notifications".
// The server sends through an SMTP sink started by the test.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { checkA11y } from '../lib/a11y.mjs';
import { launchBrowser, newPage, screenshot } from '../lib/browser.mjs';
import { startServer } from '../lib/server.mjs';
import { startSmtpSink } from '../lib/smtp_sink.mjs';
import { logIn } from '../lib/login.mjs';

const TRAINER = { email: 'formation@demo.tremplin.fr', password: 'DemoFormation2026!' };
const COUNSELLOR = { email: 'conseiller@demo.tremplin.fr', password: 'DemoConseil2026!' };
const SESSION = '00512345';

const pad = (n) => String(n).padStart(2, '0');
const inDays = (days) => {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let server;
let browser;
let sink;

before(async () => {
  sink = await startSmtpSink();
  server = await startServer('mail-server', { SMTP_URL: sink.url, OUTBOX_INTERVAL_MS: '200' });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  sink?.close();
});

async function api(account, method, path, body, headers = {}) {
  const login = await fetch(`${server.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: account.email, password: account.password }),
  });
  const { access_token: token } = await login.json();
  const res = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
    body: body && JSON.stringify(body),
  });
  return { status: res.status, etag: res.headers.get('etag'), json: res.status === 204 ? null : await res.json() };
}

async function mailTo(address, subject) {
  for (let i = 0; i < 100; i += 1) {
    const found = sink.messages.find((m) => m.to.includes(address) && m.subject === subject);
    if (found) return found;
    await sleep(100);
  }
  assert.fail(`no e-mail "${subject}" to ${address}; received: ${JSON.stringify(sink.messages.map((m) => [m.to, m.subject]))}`);
}

describe('e-mail', () => {
  test('a prescriber receives the postponement of a session where their candidate waits', async () => {
    const applied = await api(COUNSELLOR, 'POST', `/api/sessions/${SESSION}/applications`, {
      candidate: {
        last_name: 'Courriel', first_name: 'Paule', birth_date: '1994-03-02', email: 'paule@exemple.fr',
        phone: '06 11 22 33 44', postcode: '24000', city: 'Périgueux', employment_situation: 'Demandeur d’emploi',
      },
      presentation: 'Motivée.',
    });
    assert.equal(applied.status, 201);
    const reference = applied.json.reference;

    const session = await api(TRAINER, 'GET', `/api/sessions/${SESSION}`);
    const moved = await api(TRAINER, 'PATCH', `/api/sessions/${SESSION}`, { start_date: inDays(27) }, { 'If-Match': session.etag });
    assert.equal(moved.status, 200);

    const mail = await mailTo(COUNSELLOR.email, `Changement de dates de la session ${SESSION}`);
    assert.match(mail.messageId, /^<[0-9a-f]{32}@127\.0\.0\.1>$/);
    const link = `${server.baseUrl}/candidatures/${reference}`;
    assert.ok(mail.text.includes(link), `the e-mail links to the application: ${mail.text}`);
    assert.ok(!mail.text.includes('Courriel') && !mail.text.includes('Paule'), 'the candidate is not named');

    // The link needs a log-in, then shows the application.
    const { context, page, errors } = await newPage(browser, server.baseUrl);
    await logIn(page, COUNSELLOR);
    await page.goto(link.slice(server.baseUrl.length));
    await page.getByRole('heading', { name: new RegExp(`Candidature ${reference}`) }).waitFor();
    await screenshot(page, 'mail', 'link-opened');
    await checkA11y(page, 'link-opened');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a user turns a kind of notification off on "Mes notifications"', async () => {
    const { context, page, errors } = await newPage(browser, server.baseUrl);
    await logIn(page, COUNSELLOR);
    await page.getByRole('link', { name: 'Mes notifications' }).click();
    await page.getByRole('heading', { name: 'Mes notifications par e-mail', level: 1 }).waitFor();
    const digest = page.getByLabel(/Récapitulatif hebdomadaire/);
    assert.equal(await digest.isChecked(), true, 'every kind is on by default');
    await digest.uncheck();
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByRole('status').getByText('Vos préférences sont enregistrées.').waitFor();
    await screenshot(page, 'mail', 'preferences-saved');
    await checkA11y(page, 'preferences-saved');

    await page.reload();
    await page.getByLabel(/Récapitulatif hebdomadaire/).waitFor();
    assert.equal(await page.getByLabel(/Récapitulatif hebdomadaire/).isChecked(), false, 'kept after a reload');
    assert.equal(await page.getByLabel(/Nouvelle candidature/).isChecked(), true, 'the others unchanged');
    const stored = await api(COUNSELLOR, 'GET', '/api/me/notifications');
    assert.equal(stored.json.preferences.find((p) => p.kind === 'weekly_digest').enabled, false);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
