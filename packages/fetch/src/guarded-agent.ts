import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { ErrorCode, PipelineError } from '@newsflow/schema';
import { Agent } from 'undici';
import { isPrivateAddress } from './is-private-address.js';

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;
/** The shape of `dns.lookup` that `net.connect` calls (with `all: true` when it races families). */
export type LookupFunction = (hostname: string, options: LookupOptions, callback: LookupCallback) => void;

function privateAddressError(hostname: string, address: string): PipelineError {
  return new PipelineError(
    ErrorCode.PRIVATE_ADDRESS,
    `refusing to connect to ${hostname}: it resolves to the private address ${address}`,
  );
}

/**
 * Wraps a DNS lookup so that a name resolving to any private address fails with
 * PRIVATE_ADDRESS. Running at connect time (inside the socket's own lookup) is what defeats
 * DNS rebinding: the address checked is the address dialled.
 */
export function guardedLookup(base: LookupFunction = dnsLookup as unknown as LookupFunction): LookupFunction {
  return (hostname, options, callback) => {
    base(hostname, options, (err, address, family) => {
      if (err) return callback(err, address, family);
      const list = Array.isArray(address) ? address : [{ address, family: family ?? 0 }];
      // One private answer taints the name: an attacker controls which answer gets dialled.
      const bad = list.find((entry) => isPrivateAddress(entry.address));
      if (bad)
        return callback(privateAddressError(hostname, bad.address) as NodeJS.ErrnoException, address, family);
      callback(null, address, family);
    });
  };
}

let sharedGuarded: Agent | undefined;
let sharedOpen: Agent | undefined;

/**
 * The process-wide undici Agent used when the caller passes no dispatcher: guarded by
 * {@link guardedLookup} unless private networks are allowed. Shared so connections are reused.
 */
export function defaultAgent(allowPrivateNetworks: boolean): Agent {
  if (allowPrivateNetworks) {
    sharedOpen ??= new Agent();
    return sharedOpen;
  }
  sharedGuarded ??= new Agent({ connect: { lookup: guardedLookup() } });
  return sharedGuarded;
}

/** Refuses a URL whose host is a private IP literal (sockets skip the lookup for those). */
export function assertPublicHost(url: URL): void {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (/^[\d.]+$/.test(host) || host.includes(':')) {
    if (isPrivateAddress(host)) throw privateAddressError(url.host, host);
  }
}
