// Throwaway certificates for the HTTPS fixture server: a CA, a server certificate for 127.0.0.1 and
// a client certificate (CN fixture-client), made with the openssl command line in a directory.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export interface Certificates {
  dir: string;
  caFile: string;
  serverKey: string;
  serverCert: string;
  clientKeyFile: string;
  clientCertFile: string;
  ca: string;
  clientKey: string;
  clientCert: string;
}

export const CLIENT_CN = 'fixture-client';

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

function keyAndRequest(dir: string, name: string, cn: string): void {
  openssl(dir, ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`]);
}

function sign(dir: string, name: string, extensions: string): void {
  fs.writeFileSync(path.join(dir, `${name}.ext`), extensions);
  openssl(dir, ['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.crt`, '-days', '2', '-extfile', `${name}.ext`]);
}

export function makeCertificates(dir: string): Certificates {
  fs.mkdirSync(dir, { recursive: true });
  openssl(dir, ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-subj', '/CN=fixture-ca', '-days', '2']);
  keyAndRequest(dir, 'server', '127.0.0.1');
  sign(dir, 'server', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  keyAndRequest(dir, 'client', CLIENT_CN);
  sign(dir, 'client', 'extendedKeyUsage=clientAuth\n');
  const read = (f: string) => fs.readFileSync(path.join(dir, f), 'utf8');
  return {
    dir,
    caFile: path.join(dir, 'ca.crt'),
    serverKey: read('server.key'),
    serverCert: read('server.crt'),
    clientKeyFile: path.join(dir, 'client.key'),
    clientCertFile: path.join(dir, 'client.crt'),
    ca: read('ca.crt'),
    clientKey: read('client.key'),
    clientCert: read('client.crt'),
  };
}
