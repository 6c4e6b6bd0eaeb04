import { describe, expect, it } from 'vitest';

import {
  explainInvalidKubeName,
  explainInvalidLabelKey,
  explainInvalidLabelValue,
  isDns1123Label,
  isDns1123Subdomain,
  isLabelValue,
  isValidKubeName,
} from './kube-names.js';

// The cases of k8s.io/apimachinery/pkg/util/validation/validation_test.go (TestIsDNS1123Label,
// TestIsDNS1123Subdomain, TestIsValidLabelValue), so our rules answer as the API server does.

describe('isDns1123Label', () => {
  it.each([
    'a',
    'ab',
    'abc',
    'a1',
    'a-1',
    'a--1--2--b',
    '0',
    '01',
    '012',
    '1a',
    '1-a',
    '1--a--b--2',
    'a'.repeat(63),
  ])('accepts %j', (v) => expect(isDns1123Label(v)).toBe(true));

  it.each([
    '',
    'A',
    'ABC',
    'aBc',
    'A1',
    'A-1',
    '1-A',
    '-',
    'a-',
    '-a',
    '1-',
    '-1',
    '_',
    'a_',
    '_a',
    'a_b',
    '1_',
    '_1',
    '1_2',
    '.',
    'a.',
    '.a',
    'a.b',
    '1.',
    '.1',
    '1.2',
    ' ',
    'a ',
    ' a',
    'a b',
    '1 ',
    ' 1',
    '1 2',
    'a'.repeat(64),
  ])('refuses %j', (v) => expect(isDns1123Label(v)).toBe(false));
});

describe('isDns1123Subdomain', () => {
  it.each([
    'a',
    'ab',
    'abc',
    'a1',
    'a-1',
    'a--1--2--b',
    '0',
    '01',
    '012',
    '1a',
    '1-a',
    '1--a--b--2',
    'a.a',
    'ab.a',
    'abc.a',
    'a1.a',
    'a-1.a',
    'a--1--2--b.a',
    'a.1',
    'ab.1',
    'abc.1',
    'a1.1',
    'a-1.1',
    'a--1--2--b.1',
    '0.a',
    '01.a',
    '012.a',
    '1a.a',
    '1-a.a',
    '1--a--b--2',
    '0.1',
    '01.1',
    '012.1',
    '1a.1',
    '1-a.1',
    '1--a--b--2.1',
    'a.b.c.d.e',
    'aa.bb.cc.dd.ee',
    '1.2.3.4.5',
    '11.22.33.44.55',
    'a'.repeat(253),
  ])('accepts %j', (v) => expect(isDns1123Subdomain(v)).toBe(true));

  it.each([
    '',
    'A',
    'ABC',
    'aBc',
    'A1',
    'A-1',
    '1-A',
    '-',
    'a-',
    '-a',
    '1-',
    '-1',
    '_',
    'a_',
    '_a',
    'a_b',
    '1_',
    '_1',
    '1_2',
    '.',
    'a.',
    '.a',
    'a..b',
    '1.',
    '.1',
    '1..2',
    ' ',
    'a ',
    ' a',
    'a b',
    '1 ',
    ' 1',
    '1 2',
    'A.a',
    'aB.a',
    'ab.A',
    'A1.a',
    'a1.A',
    'A.1',
    'aB.1',
    'A1.1',
    '1A.1',
    '0.A',
    '01.A',
    '012.A',
    '1A.a',
    '1a.A',
    'A.B.C.D.E',
    'AA.BB.CC.DD.EE',
    'a.B.c.d.e',
    'aa.bB.cc.dd.ee',
    'a@b',
    'a,b',
    'a_b',
    'a;b',
    'a:b',
    'a%b',
    'a?b',
    'a$b',
    'a'.repeat(254),
  ])('refuses %j', (v) => expect(isDns1123Subdomain(v)).toBe(false));
});

describe('isLabelValue', () => {
  it.each([
    'simple',
    'now-with-dashes',
    '1-starts-with-num',
    'end-with-num-1',
    '1234',
    'a'.repeat(63),
    '',
  ])('accepts %j', (v) => expect(isLabelValue(v)).toBe(true));

  it.each([
    'nospecialchars%^=@',
    'Tama-nui-te-rā.is.Māori.sun',
    '\\backslashes\\are\\bad',
    '-starts-with-dash',
    'ends-with-dash-',
    '.starts.with.dot',
    'ends.with.dot.',
    'a'.repeat(64),
  ])('refuses %j', (v) => expect(isLabelValue(v)).toBe(false));
});

describe('names by kind', () => {
  it('takes namespaces as labels and nodes, pods and quotas as subdomains', () => {
    expect(isValidKubeName('namespace', 'kube-system')).toBe(true);
    expect(isValidKubeName('namespace', 'a.b')).toBe(false);
    expect(isValidKubeName('node', 'ip-10-0-12-34.eu-west-1.compute.internal')).toBe(true);
    expect(isValidKubeName('pod', 'web-7d9f8b-x2x4q')).toBe(true);
    expect(isValidKubeName('pod', '..')).toBe(false);
    expect(isValidKubeName('resourceQuota', 'compute.v2')).toBe(true);
  });

  it('refuses an empty tenant though an empty label value is valid', () => {
    expect(isValidKubeName('tenant', 'acme_corp.eu')).toBe(true);
    expect(explainInvalidKubeName('tenant', '')).toMatch(/non-empty label value/);
  });

  it('says which rule a name broke', () => {
    expect(explainInvalidKubeName('namespace', 'Kube')).toMatch(/RFC 1123 label/);
    expect(explainInvalidKubeName('node', 'a_b')).toMatch(/RFC 1123 subdomain/);
    expect(explainInvalidKubeName('node', 'a.b')).toBeNull();
  });
});

describe('IsLabelKey — k8s.io/apimachinery/pkg/api/validate/content/kube_test.go TestIsLabelKey', () => {
  it.each([
    'simple',
    'now-with-dashes',
    '1-starts-with-num',
    '1234',
    'simple/simple',
    'now-with-dashes/simple',
    'now-with-dashes/now-with-dashes',
    'now.with.dots/simple',
    'now-with.dashes-and.dots/simple',
    '1-num.2-num/3-num',
    '1234/5678',
    '1.2.3.4/5678',
    'Uppercase_Is_OK_123',
    'example.com/Uppercase_Is_OK_123',
    'requests.storage-foo',
    'a'.repeat(63),
    'a'.repeat(253) + '/' + 'b'.repeat(63),
  ])('accepts %j', (key) => {
    expect(explainInvalidLabelKey(key)).toEqual([]);
  });

  it.each([
    'nospecialchars%^=@',
    'cantendwithadash-',
    '-cantstartwithadash-',
    'only/one/slash',
    'Example.com/abc',
    'example_com/abc',
    'example.com/',
    '/simple',
    'a'.repeat(64),
    'a'.repeat(254) + '/abc',
  ])('refuses %j', (key) => {
    expect(explainInvalidLabelKey(key).length).toBeGreaterThan(0);
  });

  it("words the name part's error as the API server does", () => {
    expect(explainInvalidLabelKey('invalid key')).toEqual([
      "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    ]);
  });
});

describe('IsLabelValue — k8s.io/apimachinery/pkg/api/validate/content/kube_test.go TestIsLabelValue', () => {
  it.each([
    'simple',
    'now-with-dashes',
    '1-starts-with-num',
    'end-with-num-1',
    '1234',
    'a'.repeat(63),
    '',
  ])('accepts %j', (value) => {
    expect(explainInvalidLabelValue(value)).toEqual([]);
  });
  it.each([
    'nospecialchars%^=@',
    'Tama-nui-te-rā.is.Māori.sun',
    '\\backslashes\\are\\bad',
    '-starts-with-dash',
    'ends-with-dash-',
    '.starts.with.dot',
    'ends.with.dot.',
    'a'.repeat(64),
  ])('refuses %j', (value) => {
    expect(explainInvalidLabelValue(value).length).toBeGreaterThan(0);
  });
});
