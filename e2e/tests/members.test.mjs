// Members and accounts (issue 12 part 1): a new organisation's first member is approved by the platform and
// becomes its admin, then approves a colleague who works at once; a forgotten password is reset through the
// e-mailed link, received by a local SMTP sink through the outbox. One server for the file.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { checkA11y } from '../lib/a11y.mjs';
import { launchBrowser, newPage, screenshot } from '../lib/browser.mjs';
import { startServer } from '../lib/server.mjs';
import { startSmtpSink } from '../lib/smtp_sink.mjs';
import { logIn } from '../lib/login.mjs';

const ADMIN = { email: 'admin@demo.tremplin.fr', password: 'DemoAdmin2026!' };
const PASSWORD = 'un mot de passe solide';

let server;
let browser;
let sink;

before(async () => {
  sink = await startSmtpSink();
  server = await startServer('members-server', {
    PUBLIC_URL: 'http://tremplin.invalid',
    SMTP_URL: sink.url,
    MAIL_FROM: 'Tremplin <ne-pas-repondre@tremplin.invalid>',
    OUTBOX_INTERVAL_MS: '200',
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  sink?.close();
});

async function call(method, path, body, token) {
  const headers = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${server.baseUrl}${path}`, { method, headers, body: body && JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

async function token({ email, password }) {
  const { json } = await call('POST', '/api/auth/login', { email, password });
  return json.access_token;
}

async function logOut(page) {
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await page.getByRole('heading', { name: 'Connexion' }).waitFor();
}

/** The path and query of the last link to `path` e-mailed to `to`, once the outbox has sent it. */
async function emailedLink(to, path) {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const mail = sink.messages.filter((m) => m.to.includes(to) && m.text.includes(path)).at(-1);
    const match = mail?.text.match(/https?:\/\/[^/\s]+(\/[^\s]*jeton=[0-9a-f]{64})/);
    if (match) return match[1];
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no e-mail to ${to} with a link to ${path}: ${JSON.stringify(sink.messages.map((m) => m.to))}`);
}

describe('members and accounts', () => {
  test('a new organisation’s first member, approved by the platform, runs it and approves a colleague', async () => {
    const admin = await token(ADMIN);
    const created = await call('POST', '/api/organisations', {
      name: 'Compétences Landes', siret: '73282932000074', kind: 'training_organisation', commune: 'Mont-de-Marsan',
    }, admin);
    assert.equal(created.status, 201);
    const org = created.json.id;
    for (const [email, fullName] of [['premiere@landes.example', 'Première Arrivée'], ['collegue@landes.example', 'Colin Collègue']]) {
      const signup = await call('POST', '/api/auth/signup', { email, password: PASSWORD, full_name: fullName, organisation_id: org });
      assert.equal(signup.status, 201);
    }

    const { context, page, errors } = await newPage(browser, server.baseUrl);
    await logIn(page, ADMIN);
    await page.getByRole('link', { name: 'Demandes de rattachement' }).click();
    await page.getByRole('heading', { name: 'Demandes en attente' }).waitFor();
    await screenshot(page, 'members-01', 'demandes-plateforme');
    await checkA11y(page, 'demandes-plateforme');
    await page.getByRole('button', { name: 'Valider la demande de Première Arrivée' }).click();
    await page.getByText('Le rattachement de Première Arrivée à Compétences Landes est validé.').waitFor();
    await logOut(page);

    // The first member is its organisation's admin: "Membres" is in the navigation, the colleague waits there.
    await logIn(page, { email: 'premiere@landes.example', password: PASSWORD });
    await page.getByRole('link', { name: 'Membres' }).click();
    await page.getByRole('heading', { name: 'Membres de Compétences Landes' }).waitFor();
    await page.getByLabel('Afficher').selectOption('pending');
    await page.getByRole('button', { name: 'Valider la demande de Colin Collègue' }).click();
    await page.getByText('Le rattachement de Colin Collègue est validé.').waitFor();
    await page.getByLabel('Afficher').selectOption('approved');
    await page.getByRole('row', { name: /Colin Collègue/ }).waitFor();
    await screenshot(page, 'members-02', 'membres');
    await checkA11y(page, 'membres');
    await logOut(page);

    // The colleague works at once, as a plain member.
    await logIn(page, { email: 'collegue@landes.example', password: PASSWORD });
    await page.getByRole('link', { name: 'Gestion des formations' }).click();
    await page.getByRole('heading', { name: 'Gestion des formations' }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Membres' }).count(), 0, 'a plain member administers nothing');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a forgotten password is reset through the e-mailed link, once', async () => {
    const { context, page, errors } = await newPage(browser, server.baseUrl);
    await page.goto('/connexion');
    await page.getByRole('link', { name: 'Mot de passe oublié ?' }).click();
    await page.getByRole('heading', { name: 'Mot de passe oublié' }).waitFor();
    await page.getByLabel('Adresse e-mail').fill('collegue@landes.example');
    await page.getByRole('button', { name: 'Recevoir un lien' }).click();
    await page.getByText(/Si un compte existe avec cette adresse/).waitFor();

    const link = await emailedLink('collegue@landes.example', '/mot-de-passe/nouveau');
    await page.goto(link);
    await page.getByRole('heading', { name: 'Choisir un nouveau mot de passe' }).waitFor();
    await page.getByLabel('Nouveau mot de passe', { exact: true }).fill('mon nouveau mot de passe');
    await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    await page.getByText('Votre mot de passe est changé.', { exact: false }).waitFor();
    await screenshot(page, 'members-03', 'mot-de-passe-change');
    await checkA11y(page, 'mot-de-passe-change');

    await logIn(page, { email: 'collegue@landes.example', password: 'mon nouveau mot de passe' });
    await logOut(page);
    // The link served once.
    await page.goto(link);
    await page.getByLabel('Nouveau mot de passe', { exact: true }).fill('encore un autre mot de passe');
    await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    await page.getByText(/a déjà servi/).first().waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });
});
