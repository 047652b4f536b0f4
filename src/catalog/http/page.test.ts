import assert from 'node:assert/strict';
import { test } from 'node:test';
import { continuationToken, offsetOfToken, pageOf } from './page.ts';
import { nextLink } from './fetch-peer-catalog.ts';

test('pageOf() gives the next offset only while items remain', () => {
  const items = ['a', 'b', 'c'];
  assert.deepEqual(pageOf(items, { offset: 0, limit: 2 }), { items: ['a', 'b'], next: 2 });
  assert.deepEqual(pageOf(items, { offset: 2, limit: 2 }), { items: ['c'] });
  assert.deepEqual(pageOf(items, { offset: 1, limit: 2 }), { items: ['b', 'c'] });
});

test('offsetOfToken() reads its own tokens and refuses others', () => {
  assert.equal(offsetOfToken(continuationToken(40)), 40);
  assert.equal(offsetOfToken(undefined), 0);
  assert.equal(offsetOfToken('garbage'), undefined);
  assert.equal(offsetOfToken(Buffer.from('o:-1').toString('base64url')), undefined);
});

test('nextLink() finds the rel="next" target among several links', () => {
  assert.equal(nextLink('<https://a/x?t=1>; rel="next"'), 'https://a/x?t=1');
  assert.equal(nextLink('<https://a/p>; rel="prev", <https://a/n>; rel="next"'), 'https://a/n');
  assert.equal(nextLink('<https://a/p>; rel="prev"'), undefined);
  assert.equal(nextLink(undefined), undefined);
});
