// Sessions seen from above: the organisation's "Gestion par sessions" (GET /api/sessions), the responsive,
// sortable "Gestion par candidatures", the funder cancelling a session (pending applications are refused),
// and the platform's "Messages en échec". One server for the file: the tests run in order, and the only
// session changed (00512345, cancelled in the second test) is read by no later test. KAIROS points at a
// closed port and a message gives up after one attempt, so a validated decision yields a dead message at the
// next forwarder pass (`tremplin jobs run` on the same database).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { checkA11y } from '../lib/a11y.mjs';
import { launchBrowser, newPage, screenshot } from '../lib/browser.mjs';
import { startServer } from '../lib/server.mjs';
import { logIn } from '../lib/login.mjs';

const TRAINER = { email: 'formation@demo.tremplin.fr', password: 'DemoFormation2026!' };
const COUNSELLOR = { email: 'conseiller@demo.tremplin.fr', password: 'DemoConseil2026!' };
const FUNDER = { email: 'financeur@demo.tremplin.fr', password: 'DemoFinanceur2026!' };
const ADMIN = { email: 'admin@demo.tremplin.fr', password: 'DemoAdmin2026!' };
const CURRENT = '00509908';
const TO_CANCEL = '00512345';

const pad = (n) => String(n).padStart(2, '0');
const today = () => {
  const d = new Date();
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function candidate(lastName, firstName) {
  return {
    last_name: lastName, first_name: firstName, birth_date: '1996-09-21', email: `${firstName.toLowerCase()}@exemple.fr`,
    phone: '06 45 12 78 90', postcode: '24000', city: 'Périgueux', education_level: 'Niveau 4 (Bac)',
    last_diploma: 'Bac pro', employment_situation: 'Demandeur d’emploi',
  };
}

let server;
let browser;

before(async () => {
  server = await startServer('admin-server', {
    KAIROS_URL: 'http://127.0.0.1:9/kairos',
    OUTBOX_MAX_ATTEMPTS: '1',
    OUTBOX_INTERVAL_MS: '200',
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function api(account, method, path, body) {
  const login = await fetch(`${server.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: account.email, password: account.password }),
  });
  const { access_token: token } = await login.json();
  const res = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: body && JSON.stringify(body),
  });
  return { status: res.status, json: res.status === 204 ? null : await res.json() };
}

/** Whether an element's content is wider than the element (a horizontal scroll bar). */
const overflows = (locator) => locator.evaluate((el) => el.scrollWidth > el.clientWidth + 1);

describe('sessions and administration', () => {
  test('the trainer manages by sessions and sorts a list that fits the page', async () => {
    const { context, page, errors } = await newPage(browser, server.baseUrl);
    await logIn(page, TRAINER);
    await page.getByRole('link', { name: 'Gestion des candidatures' }).click();
    await page.getByRole('heading', { name: 'Gestion des candidatures', level: 1 }).waitFor();

    // "Gestion par candidatures": both period tabs carry their count; the table fits; headers sort.
    const byApplication = page.locator('details', { has: page.getByRole('heading', { name: 'Gestion par candidatures' }) });
    await byApplication.getByRole('link', { name: /^Sessions terminées \[\d+\]/ }).waitFor();
    await byApplication.getByRole('link', { name: /^Sessions en cours et à venir \[\d+\]/ }).waitFor();
    const table = byApplication.locator('.table-scroll');
    await table.getByRole('row').nth(1).waitFor();
    assert.equal(await overflows(table), false, 'the applications table is not wider than the page');
    const received = byApplication.getByRole('columnheader', { name: /Date de préinscription/ });
    assert.equal(await received.getAttribute('aria-sort'), 'descending');
    await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/applications?') && r.url().includes('sort=candidate')),
      byApplication.getByRole('button', { name: /^Candidat/ }).click(),
    ]);
    await byApplication.locator('th[aria-sort="ascending"]', { hasText: 'Candidat' }).waitFor();
    assert.equal(await received.getAttribute('aria-sort'), null);
    const sortedNames = async () => {
      const names = await byApplication.locator('tbody tr td:nth-child(2)').allTextContents();
      const sorted = [...names].sort((a, b) => a.localeCompare(b, 'fr', { sensitivity: 'base' }));
      return { names, ok: names.length > 1 && names.every((n, i) => n === sorted[i]) };
    };
    let order = await sortedNames();
    for (let i = 0; i < 20 && !order.ok; i += 1) {
      await page.waitForTimeout(100);
      order = await sortedNames();
    }
    assert.ok(order.ok, `candidates A to Z: ${order.names.join(', ')}`);

    // "Gestion par sessions": GET /api/sessions, the guide's columns and tabs.
    await page.getByText('Gestion par sessions').click();
    const bySession = page.locator('details', { has: page.getByRole('heading', { name: 'Gestion par sessions' }) });
    const row = bySession.getByRole('row', { name: new RegExp(CURRENT) });
    await row.waitFor();
    const text = (await row.textContent()) ?? '';
    assert.match(text, /24 - Boulazac Isle Manoire/);
    assert.match(text, /N°\s*de marché\s*:\s*POECCONSTRUCT18-0723/);
    assert.match(text, /du \d\d\/\d\d\/\d{4}\s*au \d\d\/\d\d\/\d{4}/);
    const inscrits = await bySession.getByRole('columnheader').allTextContents();
    const column = inscrits.indexOf('Inscrits et retenus');
    assert.ok(column > 0, `an "Inscrits et retenus" column (${inscrits.join(', ')})`);
    const places = (await row.locator('th, td').nth(column).textContent()) ?? '';
    assert.match(places, /Inscrits \d+ \/ \d+/);
    assert.match(places, /Retenus \d+ \/ \d+/);
    await bySession.getByRole('link', { name: /^Sessions en cours et à venir \[4\]/ }).waitFor();
    await bySession.getByRole('link', { name: /^Sessions terminées \[1\]/ }).waitFor();
    assert.equal(await overflows(bySession.locator('.table-scroll')), false, 'the sessions table fits');
    await screenshot(page, '60', 'gestion-par-sessions');
    await checkA11y(page, 'gestion-par-sessions');

    await bySession.getByLabel('Filtrer', { exact: true }).fill(CURRENT);
    await bySession.getByRole('button', { name: 'Appliquer les filtres' }).click();
    await bySession.getByText('1 session(s)').waitFor();
    await bySession.getByRole('link', { name: /^Sessions terminées \[0\]/ }).click();
    await bySession.getByText('Aucune session ne correspond.').waitFor();
    await bySession.getByRole('link', { name: /^Sessions en cours et à venir/ }).click();
    await bySession.getByRole('link', { name: `Candidatures de la session ${CURRENT}` }).click();
    await page.getByRole('heading', { name: `Candidatures sur la session ${CURRENT}` }).waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the funder cancels a session after confirming; its pending applications are refused', async () => {
    const applied = await api(COUNSELLOR, 'POST', `/api/sessions/${TO_CANCEL}/applications`, {
      candidate: candidate('Faure', 'Léna'),
      presentation: 'Projet de reconversion validé.',
    });
    assert.equal(applied.status, 201, JSON.stringify(applied.json));

    const { context, page, errors } = await newPage(browser, server.baseUrl);
    await logIn(page, FUNDER);
    await page.goto(`/sessions/${TO_CANCEL}`);
    await page.getByRole('heading', { name: `Session ${TO_CANCEL}` }).waitFor();
    await page.getByRole('button', { name: 'Annuler la session' }).click();
    const dialog = page.getByRole('dialog', { name: `Annuler la session ${TO_CANCEL} ?` });
    await dialog.waitFor();
    assert.match((await dialog.textContent()) ?? '', /« Refus : session annulée »/);
    await screenshot(page, '61', 'annulation-confirmation');
    await checkA11y(page, 'annulation-confirmation');
    await dialog.getByRole('button', { name: 'Confirmer l’annulation' }).click();
    await page.getByRole('status').filter({ hasText: `La session ${TO_CANCEL} est annulée.` }).waitFor();
    await page.locator('.facts').getByText('Annulée', { exact: true }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Annuler la session' }).count(), 0);
    await screenshot(page, '62', 'session-annulee');
    await checkA11y(page, 'session-annulee');
    assert.deepEqual(errors, []);
    await context.close();

    const session = await api(FUNDER, 'GET', `/api/sessions/${TO_CANCEL}`);
    assert.equal(session.json.state, 'cancelled');
    const application = await api(COUNSELLOR, 'GET', `/api/applications/${applied.json.reference}`);
    assert.equal(application.json.state, 'refused_session_cancelled');
  });

  test('a forwarding that gave up shows on the application; the platform admin retries it', async () => {
    // A France Travail application decided "Non retenue": its KAIROS document fails once and is dead.
    const applied = await api(COUNSELLOR, 'POST', `/api/sessions/${CURRENT}/applications`, {
      candidate: candidate('Bessac', 'Hugo'),
      presentation: 'Candidat orienté par son conseiller.',
    });
    assert.equal(applied.status, 201, JSON.stringify(applied.json));
    const reference = applied.json.reference;
    const draft = { invites: [{ date: today(), result: 'unexcused_absence' }] };
    assert.equal((await api(TRAINER, 'PUT', `/api/applications/${reference}/decision`, draft)).status, 200);
    assert.equal((await api(TRAINER, 'POST', `/api/applications/${reference}/decision/validate`, {})).status, 200);
    // One forwarder pass on the server's database (the server may also run its own).
    await server.run('jobs', 'run');
    let dead = [];
    for (let i = 0; i < 50 && dead.length === 0; i += 1) {
      dead = (await api(ADMIN, 'GET', '/api/admin/outbox?state=dead')).json;
      if (dead.length === 0) await sleep(200);
    }
    assert.ok(dead.length > 0, 'the KAIROS document gave up');

    const trainer = await newPage(browser, server.baseUrl);
    await logIn(trainer.page, TRAINER);
    await trainer.page.goto(`/candidatures/${reference}`);
    const forwarding = trainer.page.locator('.facts div', { hasText: 'Transmission à France Travail (KAIROS)' });
    await forwarding.waitFor();
    assert.match((await forwarding.textContent()) ?? '', /en échec/);
    assert.deepEqual(trainer.errors, []);
    await trainer.context.close();

    const { context, page, errors } = await newPage(browser, server.baseUrl);
    await logIn(page, ADMIN);
    await page.getByRole('link', { name: 'Messages en échec' }).click();
    await page.getByRole('heading', { name: 'Messages en échec', level: 1 }).waitFor();
    const row = page.getByRole('row', { name: new RegExp(`^${dead[0].id}\\b`) });
    await row.waitFor();
    assert.match((await row.textContent()) ?? '', /France Travail \(KAIROS\)/);
    await screenshot(page, '63', 'messages-en-echec');
    await checkA11y(page, 'messages-en-echec');
    await page.getByRole('button', { name: `Relancer le message ${dead[0].id}` }).click();
    await page.getByRole('status').filter({ hasText: `Le message ${dead[0].id} a été remis en file d'envoi.` }).waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the platform admin opens "Messages en échec" and switches to an empty state', async () => {
    const { context, page, errors } = await newPage(browser, server.baseUrl);
    await logIn(page, ADMIN);
    await page.getByRole('link', { name: 'Messages en échec' }).click();
    await page.getByRole('heading', { name: 'Messages en échec', level: 1 }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Messages en échec' }).getAttribute('aria-current'), 'page');
    const dead = await api(ADMIN, 'GET', '/api/admin/outbox?state=dead');
    if (dead.json.length === 0) {
      await page.getByText('Aucun message en échec.').waitFor();
    } else {
      await page.getByRole('button', { name: `Relancer le message ${dead.json[0].id}` }).waitFor();
    }
    await page.getByLabel('État des messages').selectOption({ label: 'Transmis' });
    await page.getByRole('heading', { name: 'Messages : transmis' }).waitFor();
    await page.getByText('Aucun message transmis.').waitFor();
    await screenshot(page, '64', 'messages-transmis-vide');
    await checkA11y(page, 'messages-transmis-vide');
    assert.deepEqual(errors, []);
    await context.close();

    const forbidden = await api(FUNDER, 'GET', '/api/admin/outbox');
    assert.equal(forbidden.status, 403, 'platform admins only');
  });
});
