import { describe, expect, it } from 'vitest';
import { formatXyz, parseXyzLastFrame } from './xyz-format.ts';

describe('formatXyz / parseXyzLastFrame', () => {
  it('round-trips and normalises symbols and comments', () => {
    const text = formatXyz([{ element: 'cl', x: 1, y: 2, z: 3 }], 'line1\nline2 \uFEFF');
    expect(text.split('\n')[1]).toBe('line1 line2');
    expect(parseXyzLastFrame(text)).toEqual([{ element: 'Cl', x: 1, y: 2, z: 3 }]);
    expect(() => formatXyz([{ element: 'Q', x: 0, y: 0, z: 0 }])).toThrow(/unknown element/);
  });
  it('reads the last complete frame of a trajectory', () => {
    const frame = (z: number) => `1\nstep\nH 0 0 ${z}\n`;
    expect(parseXyzLastFrame(frame(1) + frame(2) + '1\ntruncated\n')).toEqual([{ element: 'H', x: 0, y: 0, z: 2 }]);
  });
});
