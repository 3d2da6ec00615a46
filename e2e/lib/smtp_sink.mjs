// A minimal SMTP receiver for the e2e tests: accepts every message on a free local port and keeps it, so a test
// reads the e-mail a person would get (the server sends through its outbox, `SMTP_URL=smtp://127.0.0.1:<port>`).
import { createServer } from 'node:net';

/** Decodes a MIME part's body by its Content-Transfer-Encoding (base64, quoted-printable or none). */
function decode(headers, body) {
  const encoding = /content-transfer-encoding:\s*([\w-]+)/i.exec(headers)?.[1]?.toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

/** The plain-text part of a raw message (or the whole body when not multipart). */
function plainText(raw) {
  const [headers, ...rest] = raw.split(/\r?\n\r?\n/);
  const body = rest.join('\r\n\r\n');
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(headers)?.[1];
  if (!boundary) return decode(headers, body);
  for (const part of body.split(`--${boundary}`)) {
    const [partHeaders, ...partBody] = part.replace(/^\r?\n/, '').split(/\r?\n\r?\n/);
    if (/content-type:\s*text\/plain/i.test(partHeaders)) return decode(partHeaders, partBody.join('\r\n\r\n'));
  }
  return '';
}

/**
 * Starts the sink; resolves with its URL, the messages received (`{to, raw, text}`) and `stop`.
 * @returns {Promise<{url: string, messages: {to: string[], raw: string, text: string}[], stop: () => Promise<void>}>}
 */
export function startSmtpSink() {
  const messages = [];
  const server = createServer((socket) => {
    let buffer = '';
    let data = null;
    let to = [];
    const reply = (line) => socket.write(`${line}\r\n`);
    reply('220 sink.tremplin.invalid ESMTP');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      for (;;) {
        if (data !== null) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          data += buffer.slice(0, end);
          buffer = buffer.slice(end + 5);
          const raw = Buffer.from(data.replace(/\r\n\.\./g, '\r\n.'), 'latin1').toString('utf8');
          messages.push({ to, raw, text: plainText(raw) });
          data = null;
          to = [];
          reply('250 kept');
          continue;
        }
        const end = buffer.indexOf('\r\n');
        if (end < 0) return;
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') reply('250 sink.tremplin.invalid');
        else if (verb === 'RCPT') { to.push(/<([^>]*)>/.exec(line)?.[1] ?? ''); reply('250 OK'); }
        else if (verb === 'DATA') { data = ''; reply('354 go ahead'); }
        else if (verb === 'QUIT') { reply('221 bye'); socket.end(); return; }
        else reply('250 OK');
      }
    });
    socket.on('error', () => {});
  });
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        url: `smtp://127.0.0.1:${port}`,
        messages,
        stop: () => new Promise((r) => server.close(() => r())),
      });
    });
  });
}
