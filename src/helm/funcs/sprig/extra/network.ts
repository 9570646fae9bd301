// Sprig's network and URL functions: getHostByName, urlParse, urlJoin (url.go, network.go).
import { randomInt } from 'node:crypto';
import { GoFuncError, type FuncMap, type GoMap, type GoValue, isGoMap, kindOf } from '../../../../gotemplate/value.js';
import { str, wrongType } from './args.js';
import { lookupHostSync } from './dns.js';
import { emptyURL, hostname, parseURL, urlString, userinfoString } from './gourl.js';
import type { ResolvedOptions } from './options.js';

function urlParse(v: string): GoMap {
  let u;
  try {
    u = parseURL(v);
  } catch (e) {
    throw new GoFuncError(`unable to parse url: ${(e as Error).message}`);
  }
  return {
    scheme: u.scheme,
    host: u.host,
    hostname: hostname(u),
    path: u.path,
    query: u.rawQuery,
    opaque: u.opaque,
    fragment: u.fragment,
    userinfo: u.user ? userinfoString(u.user) : '',
  };
}

/** Sprig's dictGetOrEmpty: a missing key is "", a non-string value is an error naming its kind. */
function field(d: GoMap, key: string): string {
  if (!Object.hasOwn(d, key)) return '';
  const v = d[key];
  if (v === null || v === undefined) throw new GoFuncError('runtime error: invalid memory address or nil pointer dereference');
  if (typeof v !== 'string') throw new GoFuncError(`unable to parse ${key} key, must be of type string, but ${kindOf(v)} found`);
  return v;
}

function urlJoin(d: GoMap): string {
  const url = emptyURL();
  url.scheme = field(d, 'scheme');
  url.host = field(d, 'host');
  url.path = field(d, 'path');
  url.rawQuery = field(d, 'query');
  url.opaque = field(d, 'opaque');
  url.fragment = field(d, 'fragment');
  const userinfo = field(d, 'userinfo');
  if (userinfo !== '') {
    try {
      const user = parseURL(`proto://${userinfo}@host`).user;
      if (user) url.user = user;
    } catch (e) {
      throw new GoFuncError(`unable to parse userinfo in dict: ${(e as Error).message}`);
    }
  }
  return urlString(url);
}

export function networkFuncs(o: ResolvedOptions): FuncMap {
  return {
    getHostByName: {
      params: ['string'],
      fn: (name) => {
        // Helm replaces this function unless --enable-dns is given.
        if (!o.enableDns) return '';
        const addrs = lookupHostSync(str(name));
        if (addrs.length === 0) throw new GoFuncError('invalid argument to Intn');
        return addrs[randomInt(addrs.length)]!;
      },
    },
    urlParse: { params: ['string'], fn: (v) => urlParse(str(v)) },
    urlJoin: {
      params: ['map[string]interface {}'],
      fn: (d: GoValue) => {
        if (!isGoMap(d)) throw wrongType('map[string]interface {}', d);
        return urlJoin(d);
      },
    },
  };
}
