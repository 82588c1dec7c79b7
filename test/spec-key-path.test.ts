import { describe, expect, it } from 'vitest';
import { elementId, formatPath, parseKeyPath, resolveKeyPath } from '../src/spec/key-path.js';
import { Problems } from '../src/spec/problems.js';

describe('key paths', () => {
  it('format as the author writes them: indices, ids, quoted keys that are not names', () => {
    expect(formatPath(['links', 3, 'rate'])).toBe('links[3].rate');
    expect(formatPath(['nodes', { id: 'home' }, 'users'])).toBe('nodes[home].users');
    expect(formatPath(['classes', 'a b', 'sla'])).toBe('classes["a b"].sla');
    expect(formatPath([])).toBe('');
  });

  it('parse what formatPath writes, ids in brackets, and say what is wrong otherwise', () => {
    for (const text of ['links[3].rate', 'nodes[home].users', 'classes["a b"].sla', 'duration', 'links[wan].rate'])
      expect(formatPath((parseKeyPath(text) as { path: never }).path)).toBe(text);
    expect(parseKeyPath('flows[call].traffic.interval')).toEqual({
      ok: true,
      path: ['flows', { id: 'call' }, 'traffic', 'interval'],
    });
    expect(parseKeyPath('')).toEqual({ ok: false, error: '"" is not a key path: it is empty' });
    expect(parseKeyPath('links[wan')).toMatchObject({ ok: false, error: expect.stringMatching(/expected \[index\]/) });
    expect(parseKeyPath('links.3')).toMatchObject({ ok: false, error: expect.stringMatching(/expected a key name/) });
    expect(parseKeyPath('a..b')).toMatchObject({ ok: false });
  });

  const doc = {
    duration: '60s',
    nodes: [{ id: 'home', users: 10 }, { id: 'dc' }],
    links: [
      { from: 'home', to: 'dc', rate: '1Gbps' },
      { id: 'wan', from: 'dc', to: 'x', rate: '10Mbps' },
    ],
  };

  it('resolve ids to indices in one document, links by their default id too', () => {
    const at = (text: string) => resolveKeyPath(doc, (parseKeyPath(text) as { path: never }).path);
    expect(at('links[wan].rate')).toEqual({ ok: true, path: ['links', 1, 'rate'] });
    expect(at('links[home-dc].rate')).toEqual({ ok: true, path: ['links', 0, 'rate'] });
    expect(at('nodes[home].users')).toEqual({ ok: true, path: ['nodes', 0, 'users'] });
    expect(at('links[1].delay')).toEqual({ ok: true, path: ['links', 1, 'delay'] }); // absent last key: settable
    expect(at('drain')).toEqual({ ok: true, path: ['drain'] });
    expect(at('links[lan].rate')).toEqual({ ok: false, error: 'links has no element with id "lan"' });
    expect(at('links[7].rate')).toEqual({ ok: false, error: 'links has no element [7]' });
    expect(at('routing.policy')).toEqual({ ok: false, error: 'the top level has no key "routing"' });
    expect(at('duration.x')).toEqual({ ok: false, error: 'duration is not a map, so it has no key "x"' });
    expect(at('nodes.home')).toEqual({ ok: false, error: 'nodes is not a map, so it has no key "home"' });
  });

  it('name list elements as variants merge them: by id, or a link by from-to', () => {
    expect(elementId({ id: 'a' }, ['nodes'])).toBe('a');
    expect(elementId({ from: 'a', to: 'b' }, ['links'])).toBe('a-b');
    expect(elementId({ from: 'a', to: 'b' }, ['flows'])).toBeUndefined();
    expect(elementId('a', ['links'])).toBeUndefined();
  });
});

describe('the problem collector', () => {
  it('words recurring problems one way, at their key paths', () => {
    const p = new Problems();
    p.duplicate('node', 'a', ['nodes', 2], ['nodes', 0]);
    p.duplicate('link', 'x-y', ['links', 1], ['links', 0], 'give parallel links their own id');
    p.unknownNode(['flows', 0, 'to'], 'dcc', () => ['a', 'dc']);
    p.unknownNode(['flows', 0, 'from'], 'zz', () => ['a', 'dc']);
    p.unknownClass(['flows', 1, 'class'], 'gold', ['realtime', 'bulk']);
    expect(p.list.map((x) => `${formatPath(x.path)}: ${x.message}`)).toEqual([
      'nodes[2]: duplicate node id "a" (first at nodes[0])',
      'links[1]: duplicate link id "x-y" (first at links[0]); give parallel links their own id',
      'flows[0].to: unknown node "dcc"; did you mean "dc"?',
      'flows[0].from: unknown node "zz"',
      'flows[1].class: unknown class "gold" (classes: realtime, bulk)',
    ]);
    expect(p.size).toBe(5);
  });
});
