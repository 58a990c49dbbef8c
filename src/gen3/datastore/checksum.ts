import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** daf_butler's datastore checksum (`FileDatastore.computeChecksum`): `hashlib.blake2b` (64-byte digest) hex of the file. */
export async function fileChecksum(filePath: string): Promise<string> {
  const hash = createHash('blake2b512');
  for await (const chunk of createReadStream(filePath)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
