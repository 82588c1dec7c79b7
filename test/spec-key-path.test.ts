import { describe, expect, it } from 'vitest';
import {
  MAX_MESSAGE,
  elementId,
  formatPath,
  parseKeyPath,
  resolveKeyPath,
  setAt,
  valueAt,
  type KeyPathPattern,
} from '../src/spec/key-path.js';
import { Problems } from '../src/spec/problems.js';

const pattern = (text: string): KeyPathPattern => {
  const r = parseKeyPath(text);
  if (!r.ok) throw new Error(r.error);
  return r.path;
};

describe('key paths: parse and format', () => {
  it('parse the contract examples', () => {
    expect(pattern('nodes[home].users')).toEqual(['nodes', { id: 'home' }, 'users']);
    expect(pattern('links[wan].rate')).toEqual(['links', { id: 'wan' }, 'rate']);
    expect(pattern('links[3].rate')).toEqual(['links', 3, 'rate']);
    expect(pattern('classes.realtime.sla.latency')).toEqual(['classes', 'realtime', 'sla', 'latency']);
    expect(pattern('flows[call].traffic.interval')).toEqual(['flows', { id: 'call' }, 'traffic', 'interval']);
    expect(pattern('duration')).toEqual(['duration']);
  });

  it('take ids with dots, dashes, colons, spaces in brackets; quoted ids with brackets, quotes, only digits', () => {
    expect(pattern('nodes[edge.seattle].users')).toEqual(['nodes', { id: 'edge.seattle' }, 'users']);
    expect(pattern('links[access:home-17].rate')).toEqual(['links', { id: 'access:home-17' }, 'rate']);
    expect(pattern('nodes[my home].users')).toEqual(['nodes', { id: 'my home' }, 'users']);
    expect(pattern('nodes["a]b"].users')).toEqual(['nodes', { id: 'a]b' }, 'users']);
    expect(pattern('nodes["say \\"hi\\""].users')).toEqual(['nodes', { id: 'say "hi"' }, 'users']);
    expect(pattern('nodes["3"].users')).toEqual(['nodes', { id: '3' }, 'users']);
    expect(pattern('classes["a b"].sla')).toEqual(['classes', { id: 'a b' }, 'sla']);
  });

  it('format back to the text they came from, quoting only what needs it', () => {
    for (const text of [
      'nodes[home].users',
      'links[3].rate',
      'classes.realtime.sla.latency',
      'nodes[edge.seattle].users',
      'nodes["a]b"].users',
      'nodes["3"].users',
      'nodes[" padded "].users',
      'duration',
    ])
      expect(formatPath(pattern(text))).toBe(text);
    // Concrete key paths (what problems are placed at) print the same way.
    expect(formatPath(['links', 3, 'rate'])).toBe('links[3].rate');
    expect(formatPath(['sweep', 'users', 'values', 2])).toBe('sweep.users.values[2]');
    expect(formatPath(['classes', 'a b', 'sla'])).toBe('classes["a b"].sla');
    expect(formatPath([])).toBe('');
  });

  it('say what is wrong with text that is not a key path', () => {
    const error = (text: string) => (parseKeyPath(text) as { error: string }).error;
    expect(error('')).toMatch(/is not a key path: it is empty/);
    expect(error('links[wan.rate')).toMatch(/no closing "\]" for the "\[" at character 6/);
    expect(error('links[].rate')).toMatch(/empty brackets at character 6/);
    expect(error('links.3.rate')).toMatch(
      /expected a key name at character 7: list elements are written in brackets, like \[3\]/,
    );
    expect(error('a..b')).toMatch(/expected a key name at character 3/);
    expect(error('nodes[home]users')).toMatch(/expected "\." or "\[" at character 12/);
    expect(error('nodes[a"b].x')).toMatch(/written as a JSON string/);
    expect(error('nodes["abc].x')).toMatch(/no closing/);
    expect(parseKeyPath('x'.repeat(5000) + '[').ok).toBe(false);
    expect(error('x'.repeat(5000) + '[').length).toBeLessThanOrEqual(MAX_MESSAGE);
  });
});

describe('key paths: resolve in a document', () => {
  const doc = {
    duration: '60s',
    classes: { realtime: { sla: { latency: '50ms' } } },
    nodes: [
      { id: 'home', kind: 'population', users: 160 },
      { id: 'dc', kind: 'site' },
      { id: 'edge.seattle', kind: 'edge-pop' },
      { id: 'a]b' },
      { id: '3' },
    ],
    links: [
      { from: 'home', to: 'dc', rate: '1Gbps' },
      { id: 'wan', from: 'dc', to: 'edge.seattle', rate: '300Mbps' },
    ],
    flows: [{ id: 'call', traffic: { model: 'cbr', interval: '20ms', size: '200B' } }],
    failures: [{ at: '5s', link: 'wan' }],
  };
  const at = (text: string) => resolveKeyPath(doc, pattern(text));

  it('turn ids into indices, links by their default id too', () => {
    expect(at('nodes[home].users')).toEqual({ ok: true, path: ['nodes', 0, 'users'] });
    expect(at('links[wan].rate')).toEqual({ ok: true, path: ['links', 1, 'rate'] });
    expect(at('links[home-dc].rate')).toEqual({ ok: true, path: ['links', 0, 'rate'] });
    expect(at('links[1].rate')).toEqual({ ok: true, path: ['links', 1, 'rate'] });
    expect(at('nodes[edge.seattle].kind')).toEqual({ ok: true, path: ['nodes', 2, 'kind'] });
    expect(at('nodes["a]b"].id')).toEqual({ ok: true, path: ['nodes', 3, 'id'] });
    expect(at('nodes["3"].id')).toEqual({ ok: true, path: ['nodes', 4, 'id'] });
    expect(at('nodes[3].id')).toEqual({ ok: true, path: ['nodes', 3, 'id'] });
    expect(at('classes.realtime.sla.latency')).toEqual({ ok: true, path: ['classes', 'realtime', 'sla', 'latency'] });
    expect(at('classes[realtime].sla.latency')).toEqual({ ok: true, path: ['classes', 'realtime', 'sla', 'latency'] });
    expect(at('flows[call].traffic.interval')).toEqual({ ok: true, path: ['flows', 0, 'traffic', 'interval'] });
    expect(at('failures[0].at')).toEqual({ ok: true, path: ['failures', 0, 'at'] });
    expect(at('duration')).toEqual({ ok: true, path: ['duration'] });
  });

  it('let the last key be one the document leaves to its default', () => {
    expect(at('links[wan].delay')).toEqual({ ok: true, path: ['links', 1, 'delay'] });
    expect(at('drain')).toEqual({ ok: true, path: ['drain'] });
  });

  it('name the segment that names nothing and what is there', () => {
    const error = (text: string) => (at(text) as { error: string }).error;
    expect(error('nodes[hom].users')).toBe(
      'nodes has no element with id "hom"; did you mean "home"? (ids: home, dc, edge.seattle, a]b, 3)',
    );
    expect(error('links[7].rate')).toBe('links has no element [7] (it has 2: [0] to [1])');
    expect(error('routing.policy')).toMatch(
      new RegExp(
        '^the scenario has no key "routing" \\(keys: duration, classes, nodes, links, flows, failures\\); ' +
          'a key path can set a key the file leaves out only as its last key$',
      ),
    );
    expect(error('classes.realtme.sla.latency')).toMatch(
      /^classes has no key "realtme"; did you mean "realtime"\? \(keys: realtime\)/,
    );
    expect(error('duration.x')).toBe('duration is "60s", not a map or a list, so it has no key "x"');
    expect(error('nodes.home.users')).toBe(
      'nodes is a list, so it has no key "home": name an element in brackets, like nodes[home]',
    );
    expect(error('classes[0].sla')).toBe('classes is a map, not a list: it has no element [0] (keys: realtime)');
  });

  it('keep messages short whatever the document holds', () => {
    const big = { nodes: Array.from({ length: 10_000 }, (_, i) => ({ id: `user-${'x'.repeat(100)}-${i}` })) };
    const r = resolveKeyPath(big, pattern('nodes[nobody].users')) as { error: string };
    expect(r.error.length).toBeLessThanOrEqual(MAX_MESSAGE);
    expect(r.error).toMatch(/^nodes has no element with id "nobody" \(ids: user-x+\.\.\., /);
  });
});

describe('key paths: set a value', () => {
  it('copies the maps and lists on the path, shares the rest, modifies nothing', () => {
    const doc = { nodes: [{ id: 'a', users: 1 }, { id: 'b' }], links: [{ from: 'a', to: 'b' }] };
    const frozen = JSON.stringify(doc);
    const out = setAt(doc, ['nodes', 0, 'users'], 320) as typeof doc;
    expect(out.nodes[0]).toEqual({ id: 'a', users: 320 });
    expect(JSON.stringify(doc)).toBe(frozen);
    expect(out.links).toBe(doc.links);
    expect(out.nodes[1]).toBe(doc.nodes[1]);
    expect(valueAt(out, ['nodes', 0, 'users'])).toBe(320);
    const added = setAt(doc, ['nodes', 1, 'users'], 5) as typeof doc;
    expect(added.nodes[1]).toEqual({ id: 'b', users: 5 });
    expect(() => setAt(doc, ['nodes', 9, 'users'], 1)).toThrow(RangeError);
  });

  it('sets a key named __proto__ as an own key, never the prototype', () => {
    const doc = JSON.parse('{"classes": {"__proto__": {"x": 1}}}');
    const out = setAt(doc, ['classes', '__proto__', 'x'], 2) as Record<string, Record<string, unknown>>;
    expect(Object.getOwnPropertyDescriptor(out.classes, '__proto__')?.value).toEqual({ x: 2 });
    expect(Object.getPrototypeOf(out.classes)).toBe(Object.prototype);
  });

  it('names elements as variants merge them', () => {
    expect(elementId({ id: 'x' }, ['nodes'])).toBe('x');
    expect(elementId({ from: 'a', to: 'b' }, ['links'])).toBe('a-b');
    expect(elementId({ from: 'a', to: 'b' }, ['flows'])).toBeUndefined();
    expect(elementId('x', ['nodes'])).toBeUndefined();
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
