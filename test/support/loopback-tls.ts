/**
 * https on loopback for tests: a self-signed certificate for 127.0.0.1 and
 * localhost (test/support/tls, valid until 2126, used for nothing else), which
 * this test process's fetch is told to trust.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { RequestListener } from 'node:http';
import { resolve } from 'node:path';
import { getCACertificates, setDefaultCACertificates } from 'node:tls';

const certificate = readFileSync(resolve('test/support/tls/loopback-cert.pem'), 'utf8');
const key = readFileSync(resolve('test/support/tls/loopback-key.pem'), 'utf8');

/** Makes Node's fetch in this process accept the loopback certificate, as an agency's CA would be in its OS store. */
export function trustLoopbackCertificate(): void {
  setDefaultCACertificates([...getCACertificates('default'), certificate]);
}

export function createLoopbackHttpsServer(listener: RequestListener): Server {
  return createServer({ cert: certificate, key }, listener);
}
